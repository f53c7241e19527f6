import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeRandom
import OfftakeReport
import OfftakeScenarioIO

/// The scenario arguments every simulating command shares: a file (or the built-in scenario) and
/// `--set` overrides.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML or JSON); - reads standard input. Default: the built-in scenario.")
    var file: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a numeric parameter: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @OptionGroup var strictness: StrictOption

    func validate() throws {
        try Self.checkOverrides(overrides)
        if let file { try ScenarioInput.checkFileArgument(file) }
    }

    /// Every `--set` reads as PATH=VALUE (what it names is checked against the scenario later).
    static func checkOverrides(_ overrides: [String]) throws {
        for assignment in overrides where ScenarioOverrides.parse(assignment) == nil {
            throw ValidationError("--set expects PATH=VALUE, e.g. --set contracts.oracle-2027.take_or_pay=80%; got `\(assignment)`")
        }
    }

    /// `--set` as overrides (checked by `validate`).
    var parsed: [Override] { overrides.compactMap(ScenarioOverrides.parse) }

    /// The job of `kind` on this scenario with `--set`, or every problem printed and the exit status thrown.
    func job(_ kind: JobRequest.Kind, simulation: SimulationOptions) throws -> Job {
        try ScenarioInput.resolve(strictness.applied(to: JobRequest(scenario: try ScenarioInput.source(file), overrides: parsed, kind: kind,
                                                                    paths: simulation.requestedPaths, seed: simulation.seed, threads: simulation.threads)))
    }
}

/// `--strict`: the scenario's warnings are errors (exit 65).
struct StrictOption: ParsableArguments {
    @Flag(help: "Treat the scenario's warnings (keys without effect, suspicious combinations) as errors.")
    var strict = false

    /// `request` with the warnings as problems when `--strict` is given.
    func applied(to request: JobRequest) -> JobRequest {
        var request = request
        request.strict = strict
        return request
    }
}

enum ScenarioInput {
    /// `offtake frobnicate`: the default subcommand took a mistyped command for a file name.
    static func checkFileArgument(_ file: String) throws {
        if file != "-", !FileManager.default.fileExists(atPath: file), !file.contains("/"), !file.contains("."),
           BuiltInScenarios.named(file) == nil {
            throw ValidationError("`\(file)` is neither a command, a built-in scenario nor a scenario file. Commands: run, validate, new, stress, compare, diversify, sensitivity, optimize, calibrate, report, export, scenarios, sample, bench, merge, serve; see offtake --help")
        }
    }

    /// A scenario argument: `-` (standard input, read here), a file, a built-in name, or (nil) the
    /// built-in default. A name that is both a file and a built-in scenario is the file.
    static func source(_ file: String?) throws -> ScenarioSource {
        guard let file else { return .builtIn(BuiltInScenarios.defaultName) }
        if file == "-" {
            do {
                return .standardInput(try FileHandle.standardInput.read(upToCount: ScenarioLoader.maximumBytes + 1) ?? Data())
            } catch {
                Diagnostics.printError("-: error: cannot read the file: \(error.localizedDescription)")
                throw ExitStatus.dataError
            }
        }
        if FileManager.default.fileExists(atPath: file) || BuiltInScenarios.named(file) == nil { return .file(file) }
        return .builtIn(file)
    }

    /// The scenario `file` with `overrides` applied, compiled and checked, or every problem printed
    /// with its location and 64 (an override that names nothing) or 65 (invalid data) thrown.
    static func load(file: String?, overrides: [Override], strict: Bool = false) throws -> PreparedScenario {
        let source = try source(file)
        do {
            let prepared = try PreparedScenario.prepare(source, overrides: overrides, strict: strict)
            warn(prepared.warnings, source: source, check: prepared.check)
            return prepared
        } catch {
            report(error, source: source, overridden: !overrides.isEmpty)
            throw error.isUsage ? ExitStatus.usage : ExitStatus.dataError
        }
    }

    /// The job, or every problem printed and 64 (any problem with the options) or 65 (the data) thrown.
    static func resolve(_ request: JobRequest) throws -> Job {
        do {
            let job = try Job.resolve(request)
            warn(job.prepared.warnings, source: request.scenario, check: job.prepared.check)
            if case .compare(let b, _) = job.work {
                warn(b.warnings.filter { !job.prepared.warnings.contains($0) }, source: b.source, check: b.check)
            }
            return job
        } catch {
            for problem in error.all { print(problem, request: request) }
            throw error.isUsage ? ExitStatus.usage : ExitStatus.dataError
        }
    }

    /// One problem for people, in the words of the command line's options.
    static func print(_ problem: JobProblem, request: JobRequest) {
        let label = request.scenario.label
        switch problem {
        case .scenario(let side, let failure):
            var source = request.scenario, overrides = request.overrides
            if side == .b, case .compare(let with, let more, _, _) = request.kind {
                (source, overrides) = (with ?? request.scenario, with == nil ? request.overrides + more : more)
            }
            report(failure, source: source, overridden: !overrides.isEmpty)
        case .paths(let n, let maximum):
            Diagnostics.printError("error: --paths must be between 1 and \(maximum), got \(n)")
        case .unknownStress(let name, let index, let candidates, let issue):
            if index == nil {
                Diagnostics.printError("\(label): error: --stress \(name): \(issue.path): \(issue.message)")
            } else {
                Diagnostics.printError("error: --only \(name): " + (candidates.isEmpty ? problem.message : "\(problem.message); \(problem.hint ?? "")"))
            }
        case .noStresses:
            Diagnostics.printError("\(label): error: \(problem.message)\n    hint: add `stresses:` (see docs/scenario-format.md), or use offtake compare with --set")
        case .runSetup(let stress, let error):
            Diagnostics.printError("\(label): error: \(stress.map { "--stress \($0): " } ?? "")\(error)")
        case .unknownMetric(let id, let field, _, let issue):
            Diagnostics.printError("error: \(field == .sensitivity ? "--metric" : "metric") \(id): \(issue?.message ?? "unknown metric")"
                                   + (issue?.hint.map { "\n    hint: \($0)" } ?? ""))
        case .noMetrics:
            Diagnostics.printError("error: --metric: \(problem.message)")
        case .noUncertainParameter:
            Diagnostics.printError("\(label): error: \(problem.message)")
        case .decision(_, let text, let issue):
            Diagnostics.printError("error: --decision \(issue.path.isEmpty ? text : issue.path): \(issue.message)" + (issue.hint.map { "\n    hint: \($0)" } ?? ""))
        case .emptyBounds(let d, _):
            Diagnostics.printError("error: decision \(d.path): the bounds are empty (min \(Distribution.format(d.min)) > max \(Distribution.format(d.max)))")
        case .constraint(_, let text, let message):
            Diagnostics.printError("error: --constraint `\(text)`: \(message), e.g. 'buyer.openai.default <= 5%'")
        case .bothObjectives:
            Diagnostics.printError("error: give --maximize or --minimize, not both")
        case .noDecisions, .noObjective:
            Diagnostics.printError("error: \(problem.message)")
        case .nothingToCompare:
            Diagnostics.printError("error: give a second scenario B, or --set overrides that make B from A")
        }
    }

    /// The problems of a scenario that cannot be prepared, with the lines of the text the person gave:
    /// every problem, the warnings, the checks that could not run, and the count.
    static func report(_ failure: PreparedScenario.Failure, source: ScenarioSource, overridden: Bool) {
        let label = source.label
        let check = failure.check
        let lines = lines(of: source, check: check)
        // An override that names no parameter has no place in the file: it is the option's problem.
        for issue in failure.issues {
            let shownSource = check.overridesFailed && issue.location == nil && !issue.path.isEmpty ? "--set" : label
            Diagnostics.printError(Diagnostics.format(issue, source: shownSource, lines: lines(issue.location?.file)))
        }
        warn(failure.warnings, source: source, check: check)
        if !failure.notChecked.isEmpty {
            Diagnostics.printError("\(label): \(failure.notChecked.map(\.name).joined(separator: ", ")): not checked until the problems above are fixed")
        }
        let count = failure.issues.count
        let note = !overridden || check.overridesFailed ? "" : " (values given with --set are reported at the field they replace)"
        Diagnostics.printError("\(check.overridesFailed ? "--set" : label): \(count) problem\(count == 1 ? "" : "s")\(note)")
    }

    /// Prints the warnings of a scenario, located as its problems are.
    static func warn(_ warnings: [ScenarioIssue], source: ScenarioSource, check: ScenarioCheck) {
        let lines = lines(of: source, check: check)
        for warning in warnings {
            Diagnostics.printError(Diagnostics.format(warning, source: source.label, lines: lines(warning.location?.file), severity: .warning))
        }
    }

    /// The lines of the file each problem is in (the scenario's own, or one it extends), when the person
    /// gave the text.
    static func lines(of source: ScenarioSource, check: ScenarioCheck) -> (String?) -> [Substring]? {
        { file in source.isGiven ? check.text(of: file).map(Diagnostics.lines(of:)) : nil }
    }
}

/// Run options every simulating command shares.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Number of Monte Carlo paths (default: $OFFTAKE_PATHS, else the scenario's run.paths).")
    var paths: Int?

    @Option(help: "Random seed, 0 … 2^64−1 (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    /// Largest number of paths accepted (beyond this, split the run into shards).
    static let maximumPaths = 1_000_000_000

    func validate() throws {
        if let paths, paths < 1 || paths > SimulationOptions.maximumPaths {
            throw ValidationError("--paths must be between 1 and \(SimulationOptions.maximumPaths), got \(paths)")
        }
        if let threads, threads < 1 || threads > 1024 {
            throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
        }
    }

    /// `--paths`, else `OFFTAKE_PATHS`; nil: the job's default.
    var requestedPaths: Int? { paths ?? SimulationOptions.environmentPaths() }

    /// `OFFTAKE_PATHS`: the number of paths when `--paths` is not given (before the scenario's
    /// `run.paths`), for quick runs on a small machine. Ignored unless a whole number in range.
    static func environmentPaths() -> Int? {
        guard let text = ProcessInfo.processInfo.environment["OFFTAKE_PATHS"], let n = Int(text), n >= 1, n <= maximumPaths else { return nil }
        return n
    }
}

/// Writes `data` to standard output for `-`, else atomically (a temporary file renamed over the
/// target), so an interrupted command never leaves half a file.
enum OutputFile {
    static func checkWritable(_ path: String, option: String) throws {
        guard path != "-" else { return }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(option) \(path): the directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ValidationError("\(option) \(path): the directory \(directory) is not writable")
        }
    }

    static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            Diagnostics.printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitStatus.failure
        }
        Diagnostics.printError("wrote \(path)")
    }

    /// Encodes with the project's JSON policy (sorted keys, non-finite numbers as strings).
    static func json<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try ResultJSON.encode(value)
        } catch {
            Diagnostics.printError("error: cannot encode the result: \(error)")
            throw ExitStatus.failure
        }
    }
}

extension Optional where Wrapped == ProgressBar {
    /// A run control that moves the bar (if there is one).
    var control: RunControl {
        guard let bar = self else { return RunControl() }
        return RunControl { done in bar.update(done) }
    }
}
