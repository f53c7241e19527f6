import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO

extension Offtake {
    /// `offtake run [FILE]`: simulates a scenario and prints the verdict.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a scenario (default: the built-in openai-oracle-2027) and print the verdict.",
            discussion: """
                Examples:
                  offtake run                                   the built-in OpenAI–Oracle scenario
                  offtake run my-deal.yaml --paths 1000000 --json result.json
                  offtake run --deterministic                   the base case, yearly cash-flow tables
                  offtake run --set contracts.oracle-2027.take_or_pay=80%
                  offtake run --set 'buyers.openai.growth.initial=lognormal(p10=40%, p90=150%)'
                The same scenario, seed and number of paths give identical results on any number of threads.
                """
        )

        @Argument(help: "Scenario file (YAML or JSON), - for standard input, or a built-in scenario's name (offtake scenarios). Default: the built-in openai-oracle-2027.")
        var file: String?

        @Option(help: "Number of Monte Carlo paths (default: $OFFTAKE_PATHS, else the scenario's run.paths).")
        var paths: Int?

        @Option(help: "Random seed, 0 … 2^64−1 (default: the scenario's run.seed).")
        var seed: UInt64?

        @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
        var threads: Int?

        @Option(help: "Write the offtake.result/1 JSON document to this file (atomically), or - for standard output.")
        var json: String?

        @Flag(help: "Run the deterministic base case (medians, no shocks) and print yearly cash-flow tables.")
        var deterministic = false

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a field: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
        var overrides: [String] = []

        /// Largest number of paths accepted (beyond this, split the run into shards).
        static let maximumPaths = 1_000_000_000

        func validate() throws {
            if let paths, paths < 1 || paths > Run.maximumPaths {
                throw ValidationError("--paths must be between 1 and \(Run.maximumPaths), got \(paths)")
            }
            if let threads, threads < 1 || threads > 1024 {
                throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
            }
            for assignment in overrides where ScenarioOverrides.parse(assignment) == nil {
                throw ValidationError("--set expects PATH=VALUE, e.g. --set contracts.oracle-2027.take_or_pay=80%; got `\(assignment)`")
            }
            if let file, file != "-", !FileManager.default.fileExists(atPath: file), !file.contains("/"), !file.contains("."), BuiltInScenarios.named(file) == nil {
                // `offtake frobnicate`: the default subcommand took a mistyped command for a file name.
                throw ValidationError("`\(file)` is neither a command nor a scenario file. Commands: run, validate, sample, bench, scenarios; built-in scenarios: offtake scenarios")
            }
            if let json, json != "-" {
                let directory = URL(fileURLWithPath: json).deletingLastPathComponent().path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--json \(json): the directory \(directory) does not exist")
                }
                guard FileManager.default.isWritableFile(atPath: directory) else {
                    throw ValidationError("--json \(json): the directory \(directory) is not writable")
                }
            }
        }

        func run() throws {
            let parsed = overrides.compactMap(ScenarioOverrides.parse)
            let (check, source) = load(overrides: parsed)
            guard let scenario = check.scenario, check.isValid else {
                let lines = file.map { Diagnostics.sourceLines(of: $0, for: check.issues) } ?? nil
                for issue in check.issues { Diagnostics.printError(Diagnostics.format(issue, source: check.overridesFailed ? "--set" : source, lines: lines)) }
                let count = check.issues.count
                Diagnostics.printError("\(source): \(count) problem\(count == 1 ? "" : "s")"
                    + (overrides.isEmpty || check.overridesFailed ? "" : " (values given with --set are reported at the field they replace)"))
                throw check.overridesFailed ? ExitStatus.usage : ExitStatus.dataError
            }
            let model: SimulationModel
            do {
                model = try SimulationModel(scenario: scenario)
            } catch {
                Diagnostics.printError("\(source): error: \(error)")
                throw ExitStatus.dataError
            }
            let seed = self.seed ?? scenario.run.seed
            let result: RunResult
            let started = Date()
            let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
            if deterministic {
                let (simulator, accumulator) = MonteCarloRunner.deterministic(model: model)
                result = RunResult(model: model, accumulator: accumulator, seed: seed, deterministic: true)
                if json != "-" { print(RunReport.deterministic(simulator, result: result)) }
            } else {
                let paths = self.paths ?? Run.environmentPaths() ?? scenario.run.paths
                let bar = ProgressBar(total: paths)
                var progress: (@Sendable (Int) -> Void)?
                if let bar { progress = { done in bar.update(done) } }
                let accumulator = MonteCarloRunner.run(model: model, seed: seed, paths: paths, threads: threadCount, progress: progress)
                bar?.finish()
                result = RunResult(model: model, accumulator: accumulator, seed: seed)
                if json != "-" {
                    let elapsed = Date().timeIntervalSince(started)
                    let workers = min(threadCount, (paths + MonteCarloRunner.chunkSize - 1) / MonteCarloRunner.chunkSize)
                    print(RunReport.text(result, model: model, threads: workers, seconds: elapsed))
                }
            }
            if let json { try write(result, to: json) }
        }

        /// `OFFTAKE_PATHS`: the number of paths when `--paths` is not given (before the scenario's
        /// `run.paths`), for quick runs on a small machine. Ignored unless a whole number in range.
        static func environmentPaths() -> Int? {
            guard let text = ProcessInfo.processInfo.environment["OFFTAKE_PATHS"], let n = Int(text), n >= 1, n <= maximumPaths else { return nil }
            return n
        }

        /// The scenario to run, with `--set` applied, and the name used in messages.
        func load(overrides: [Override]) -> (ScenarioCheck, String) {
            // A name that is not a file is a built-in scenario (`offtake run gpu-neocloud`).
            if let file, FileManager.default.fileExists(atPath: file) || BuiltInScenarios.named(file) == nil {
                return (ScenarioLoader.check(path: file, overrides: overrides), file)
            }
            let entry = BuiltInScenarios.named(file ?? BuiltInScenarios.defaultName)!
            let source = "\(entry.name) (built in)"
            return (ScenarioLoader.check(text: entry.text, source: source, overrides: overrides), source)
        }

        /// Writes the JSON document: to standard output for `-`, else to a temporary file renamed over
        /// the target, so an interrupted run never leaves half a file.
        func write(_ result: RunResult, to path: String) throws {
            let data: Data
            do {
                data = try RunReport.json(result)
            } catch {
                Diagnostics.printError("error: cannot encode the result: \(error)")
                throw ExitCode.failure
            }
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
    }
}
