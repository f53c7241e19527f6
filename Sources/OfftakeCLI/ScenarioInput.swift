import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

/// The scenario arguments every simulating command shares: a file (or the built-in scenario) and
/// `--set` overrides.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML or JSON); - reads standard input. Default: the built-in scenario.")
    var file: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a numeric parameter: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    func validate() throws {
        for assignment in overrides where ScenarioOverrides.parse(assignment) == nil {
            throw ValidationError("--set expects PATH=VALUE, e.g. --set contracts.oracle-2027.take_or_pay=80%; got `\(assignment)`")
        }
        if let file { try ScenarioInput.checkFileArgument(file) }
    }

    /// The scenario, `--set` applied and checked, or the problems printed and the exit status thrown.
    func load() throws -> LoadedScenario {
        try ScenarioInput.load(file: file, overrides: overrides.compactMap(ScenarioOverrides.parse))
    }
}

/// A scenario ready to simulate, with the name used in messages and its metric catalogue.
struct LoadedScenario {
    var scenario: Scenario
    var source: String
    var model: SimulationModel
    var catalog: MetricCatalog
    var check: ScenarioCheck
}

enum ScenarioInput {
    /// `offtake frobnicate`: the default subcommand took a mistyped command for a file name.
    static func checkFileArgument(_ file: String) throws {
        if file != "-", !FileManager.default.fileExists(atPath: file), !file.contains("/"), !file.contains("."),
           BuiltInScenarios.named(file) == nil {
            throw ValidationError("`\(file)` is neither a command, a built-in scenario nor a scenario file. Commands: run, validate, stress, compare, sensitivity, optimize, report, export, scenarios, sample, bench, merge, serve; see offtake --help")
        }
    }

    /// Reads the scenario (a file, `-`, a built-in name, or the built-in default), applies `overrides`,
    /// compiles it and checks the metric ids its objective and constraints name. Prints every problem
    /// with its location and throws 64 (a `--set` path that names nothing) or 65 (invalid data).
    static func load(file: String?, overrides: [Override]) throws -> LoadedScenario {
        let check: ScenarioCheck, source: String
        if let file, file == "-" || FileManager.default.fileExists(atPath: file) || BuiltInScenarios.named(file) == nil {
            (check, source) = (ScenarioLoader.check(path: file, overrides: overrides), file)
        } else {
            let entry = BuiltInScenarios.named(file ?? BuiltInScenarios.defaultName)!
            source = "\(entry.name) (built in)"
            check = ScenarioLoader.check(text: entry.text, source: source, overrides: overrides)
        }
        let lines = file.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        guard let scenario = check.scenario, check.isValid else {
            report(check.issues, source: check.overridesFailed ? "--set" : source, file: lines,
                   note: overrides.isEmpty || check.overridesFailed ? "" : " (values given with --set are reported at the field they replace)")
            throw check.overridesFailed ? ExitStatus.usage : ExitStatus.dataError
        }
        let model: SimulationModel
        do {
            model = try SimulationModel(scenario: scenario)
        } catch {
            Diagnostics.printError("\(source): error: \(error)")
            throw ExitStatus.dataError
        }
        let catalog = MetricCatalog(model: model)
        let metricIssues = catalog.issues(in: scenario).map { issue in
            var located = issue
            located.location = check.location(of: issue.path)
            return located
        }
        if !metricIssues.isEmpty {
            report(metricIssues, source: source, file: lines, note: "")
            throw ExitStatus.dataError
        }
        return LoadedScenario(scenario: scenario, source: source, model: model, catalog: catalog, check: check)
    }

    static func report(_ issues: [ScenarioIssue], source: String, file: String?, note: String) {
        let lines = file.map { Diagnostics.sourceLines(of: $0, for: issues) } ?? nil
        for issue in issues { Diagnostics.printError(Diagnostics.format(issue, source: source, lines: lines)) }
        Diagnostics.printError("\(source): \(issues.count) problem\(issues.count == 1 ? "" : "s")\(note)")
    }

    /// Metric ids given on the command line, each checked against the catalogue (every problem at once; 64).
    static func metrics(_ ids: [String], in catalog: MetricCatalog, option: String) throws -> [Int] {
        var positions: [Int] = [], bad = false
        for id in ids {
            if let i = catalog.index(of: id) {
                positions.append(i)
            } else {
                bad = true
                let problem = catalog.problem(with: id)
                Diagnostics.printError("error: \(option) \(id): \(problem?.message ?? "unknown metric")" + (problem?.hint.map { "\n    hint: \($0)" } ?? ""))
            }
        }
        if bad { throw ExitStatus.usage }
        return positions
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

    /// Paths (`--paths`, else `OFFTAKE_PATHS`, else `defaultPaths`), seed (`--seed`, else the
    /// scenario's) and threads (`--threads`, else every core) of an analysis.
    func resolved(defaultPaths: Int, scenario: Scenario) -> (paths: Int, seed: UInt64, threads: Int) {
        (pathCount(default: defaultPaths), seed ?? scenario.run.seed, threads ?? RunRequest.activeCores)
    }

    /// `--paths`, else `OFFTAKE_PATHS`, else `fallback`.
    func pathCount(default fallback: Int) -> Int { paths ?? SimulationOptions.environmentPaths() ?? fallback }

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
            throw ExitCode.failure
        }
        Diagnostics.printError("wrote \(path)")
    }

    /// Encodes with the project's JSON policy (sorted keys, non-finite numbers as strings).
    static func json<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try ResultJSON.encode(value)
        } catch {
            Diagnostics.printError("error: cannot encode the result: \(error)")
            throw ExitCode.failure
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
