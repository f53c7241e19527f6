import ArgumentParser
import Foundation
import OfftakeReport
import OfftakeScenarioIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Offtake {
    /// `offtake bench`: speed and peak memory of `offtake run`, each configuration in its own process.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure simulation speed (path-months per second) and peak memory of offtake run.",
            discussion: """
                Runs `offtake run --json` once per (paths, threads) pair, each in a fresh child process, and reports \
                wall time, path-months per second, the speed-up over one thread, the peak resident memory of the \
                child (getrusage ru_maxrss) and whether the JSON results of all thread counts are byte-identical. \
                Build with -c release before measuring: debug builds are 10–50× slower.
                """
        )

        @Argument(help: "Scenario file (default: the built-in scenario).")
        var file: String?

        @Option(help: "Comma-separated path counts.")
        var paths: String = "10000,100000,1000000"

        @Option(help: "Comma-separated thread counts.")
        var threads: String = "1,2"

        @Option(help: "Random seed.")
        var seed: UInt64 = 42

        func parseList(_ text: String, _ name: String) throws -> [Int] {
            let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw ValidationError("--\(name) expects comma-separated positive integers, got `\(text)`")
            }
            return values.map { $0! }
        }

        func validate() throws {
            _ = try parseList(paths, "paths")
            _ = try parseList(threads, "threads")
        }

        func run() throws {
            let pathCounts = try parseList(paths, "paths"), threadCounts = try parseList(threads, "threads")
            let executable = Bench.executablePath()
            let check = file.map { ScenarioLoader.check(path: $0) }
                ?? ScenarioLoader.check(text: BuiltInScenarios.named(BuiltInScenarios.defaultName)!.text)
            guard let scenario = check.scenario, check.isValid else {
                Diagnostics.printError("\(file ?? BuiltInScenarios.defaultName): invalid scenario; run `offtake validate \(file ?? "")`")
                throw ExitStatus.dataError
            }
            let scenarioText = file == nil ? "\(scenario.name) (built in)" : "\(scenario.name), \(scenario.horizon.monthCount) months"
            let months = scenario.horizon.monthCount
            #if DEBUG
            Bench.progress("warning: this is a debug build; measure with `swift run -c release offtake bench`")
            #endif
            Bench.progress("offtake bench — \(scenarioText), seed \(seed), \(ProcessInfo.processInfo.activeProcessorCount) cores")
            var rows: [[String]] = [["paths", "threads", "wall s", "path-months/s", "speed-up", "peak RSS", "RSS vs smallest run", "JSON = 1 thread"]]
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offtake-bench-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var smallestRSS: Double?
            for n in pathCounts {
                var baseSeconds: Double?
                var baseJSON: Data?
                for t in threadCounts {
                    let output = directory.appendingPathComponent("r-\(n)-\(t).json").path
                    let arguments = ["run"] + (file.map { [$0] } ?? []) + ["--paths", "\(n)", "--threads", "\(t)", "--seed", "\(seed)", "--json", output]
                    let errorLog = directory.appendingPathComponent("stderr-\(n)-\(t).txt").path
                    let measured = try Bench.spawn(executable, arguments, errorLog: errorLog)
                    guard measured.status == 0 else {
                        let detail = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
                        Diagnostics.printError("error: `offtake \(arguments.joined(separator: " "))` exited with status \(measured.status)\n\(detail)")
                        throw ExitStatus.failure
                    }
                    let json = FileManager.default.contents(atPath: output)
                    let same: String
                    if let baseJSON { same = json == baseJSON ? "identical" : "DIFFERENT" } else { same = "—"; baseJSON = json }
                    if baseSeconds == nil { baseSeconds = measured.seconds }
                    let rss = measured.peakKilobytes * 1024
                    if smallestRSS == nil { smallestRSS = rss }
                    rows.append([
                        NumberFormat(.en).integer(n), "\(t)", String(format: "%.2f", measured.seconds),
                        NumberFormat(.en).compact(Double(n * months) / measured.seconds),
                        String(format: "%.2f×", (baseSeconds ?? measured.seconds) / measured.seconds),
                        String(format: "%.1f MiB", rss / 1_048_576), String(format: "%.2f×", rss / (smallestRSS ?? rss)), same,
                    ])
                    Bench.progress(rows.last!.joined(separator: "  "))
                }
            }
            print("")
            print(TextTable(header: rows[0], rows: Array(rows.dropFirst()), rightAligned: [0, 1, 2, 3, 4, 5, 6]).render())
            print("")
            print("speed-up: wall time of the first thread count ÷ this one, same paths. Wall time includes process start and scenario parsing.")
        }

        /// One measured row as soon as it exists (standard output may be a file: write unbuffered).
        static func progress(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }

        static func executablePath() -> String {
            #if os(Linux)
            if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
            #endif
            let first = CommandLine.arguments[0]
            return first.hasPrefix("/") ? first : FileManager.default.currentDirectoryPath + "/" + first
        }

        /// Runs `executable arguments` with standard output discarded; wall seconds, exit status and
        /// the child's peak resident set (kB, from wait4's rusage).
        static func spawn(_ executable: String, _ arguments: [String], errorLog: String) throws -> (seconds: Double, status: Int32, peakKilobytes: Double) {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
            // The child's standard error goes to a file, shown only if it fails.
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            var pid: pid_t = 0
            let started = Date()
            let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
            guard rc == 0 else {
                Diagnostics.printError("error: cannot start \(executable): \(String(cString: strerror(rc)))")
                throw ExitStatus.failure
            }
            var status: Int32 = 0
            var usage = rusage()
            _ = wait4(pid, &status, 0, &usage)
            let seconds = Date().timeIntervalSince(started)
            let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return (seconds, exited, Double(usage.ru_maxrss))
        }
    }
}
