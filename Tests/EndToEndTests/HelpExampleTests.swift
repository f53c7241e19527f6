import Foundation
import Testing

extension LongCommands {
    /// Every example in every command's help runs. The examples are read from the help itself
    /// (`offtake --experimental-dump-help`, whose discussions are not wrapped), so a new example is tested
    /// without editing this file. Each runs in a temporary directory that holds the files examples name
    /// (`deal.yaml` and the like: the built-in scenario; `result.json`, `sensitivity.json`: small
    /// documents), with at most 4 paths (`--paths` lowered, `OFFTAKE_PATHS=4` otherwise: the examples are checked for
    /// running and their status, not their numbers). An example must
    /// exit with 0, or with a status its command's help documents ("exits with N").
    @Suite(.serialized) struct HelpExampleTests {
        /// One example: the command's path (`["offtake", "stress"]`), its text, and the statuses it may end with.
        struct Example: CustomStringConvertible {
            var command: [String]
            var text: String
            var statuses: Set<Int32>
            var description: String { text }
        }

        /// The examples of every command, in the order of the help.
        static func examples() throws -> [Example] {
            let dump = runOfftakeDetailed(["--experimental-dump-help"])
            let root = try #require(try JSONSerialization.jsonObject(with: dump.stdoutData) as? [String: Any])
            var found: [Example] = []
            func walk(_ command: [String: Any], _ path: [String]) {
                let name = path + [command["commandName"] as? String ?? ""]
                found += examples(in: command["discussion"] as? String ?? "", command: name)
                for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, name) }
            }
            walk(try #require(root["command"] as? [String: Any]), [])
            return found
        }

        /// The examples of one discussion: the indented lines after a line that starts with "Example",
        /// a trailing `\` joining the next line, the description after two spaces dropped.
        static func examples(in discussion: String, command: [String]) -> [Example] {
            var statuses: Set<Int32> = [0]
            for match in discussion.matches(of: /exits with (\d+)/) { statuses.insert(Int32(match.1) ?? 0) }
            var out: [Example] = [], inExamples = false, pending = ""
            for line in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Example") { inExamples = true; continue }
                guard inExamples, line.hasPrefix(" ") else { inExamples = false; continue }
                let joined = pending + line.trimmingCharacters(in: .whitespaces)
                if joined.hasSuffix("\\") { pending = String(joined.dropLast()); continue }
                pending = ""
                let text = String(joined.split(separator: "  ", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
                out.append(Example(command: command, text: text, statuses: statuses))
            }
            return out
        }

        /// Shell words: single and double quotes, `$(…)` as one word (replaced by the caller).
        static func words(_ text: String) -> [String] {
            var words: [String] = [], word = "", quote: Character?, depth = 0, inWord = false
            for ch in text {
                if let q = quote {
                    if ch == q { quote = nil } else { word.append(ch) }
                } else if depth > 0 {
                    word.append(ch)
                    if ch == ")" { depth -= 1 }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                    inWord = true
                } else if ch == "$" {
                    word.append(ch)
                    inWord = true
                } else if ch == "(" && word.hasSuffix("$") {
                    word.append(ch)
                    depth += 1
                } else if ch == " " {
                    if inWord { words.append(word) }
                    word = ""
                    inWord = false
                } else {
                    word.append(ch)
                    inWord = true
                }
            }
            if inWord { words.append(word) }
            return words
        }

        /// The arguments and environment of an example run in `directory`: `NAME=VALUE` before `offtake`
        /// goes to the environment (`$(…)` as a fixed text), `--paths` is at most 4, `--port` is 0 (any free
        /// port), a glob is expanded in the directory.
        static func invocation(_ example: Example, in directory: URL) throws -> (arguments: [String], environment: [String: String]) {
            var words = Self.words(example.text), environment = ["OFFTAKE_PATHS": "4"]
            while let first = words.first, first != "offtake", let eq = first.firstIndex(of: "=") {
                let value = String(first[first.index(after: eq)...])
                environment[String(first[..<eq])] = value.hasPrefix("$(") ? String(repeating: "ab", count: 24) : value
                words.removeFirst()
            }
            #expect(words.first == "offtake", "an example that does not run offtake: \(example.text)")
            var arguments: [String] = []
            for (i, word) in words.dropFirst().enumerated() {
                let previous = i == 0 ? "" : words[i]
                if previous == "--paths", let n = Int(word) { arguments.append(String(min(n, 4))); continue }
                if previous == "--port" { arguments.append("0"); continue }
                if word.contains("*") {
                    let pattern = "^" + NSRegularExpression.escapedPattern(for: word).replacingOccurrences(of: "\\*", with: ".*") + "$"
                    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.range(of: pattern, options: .regularExpression) != nil }
                    arguments += names.isEmpty ? [word] : names.sorted()     // as a shell: a pattern that matches nothing stays as written
                    continue
                }
                arguments.append(word)
            }
            if example.command.last == "serve" && !arguments.contains("--port") { arguments += ["--port", "0"] }
            return (arguments, environment)
        }

        /// The files examples read: scenario files (the built-in scenario's text), a result and a
        /// sensitivity document.
        static func prepare(_ directory: URL) throws {
            let scenario = runOfftakeDetailed(["scenarios", "show", "openai-oracle-2027"])
            try #require(scenario.status == 0, "\(scenario.stderr)")
            for name in ["deal.yaml", "deal-v2.yaml", "my-deal.yaml"] {
                try scenario.stdoutData.write(to: directory.appendingPathComponent(name))
            }
            for (kind, file) in [("run", "result.json"), ("sensitivity", "sensitivity.json")] {
                let run = runOfftakeDetailed([kind, "--paths", "4", "--json", file], timeout: 300, currentDirectory: directory)
                try #require(run.status == 0, "\(kind): \(run.stderr)")
            }
        }

        @Test("the help has examples, and each is read as one command line")
        func examplesAreRead() throws {
            let examples = try Self.examples()
            #expect(examples.count >= 20, "\(examples)")
            let commands = Set(examples.map { $0.command.dropFirst().first ?? "" })
            for command in ["run", "stress", "compare", "sensitivity", "optimize", "report", "sample", "merge", "serve"] {
                #expect(commands.contains(command), "no example of \(command)")
            }
            let optimize = try #require(examples.first { $0.text.contains("--decision") })
            #expect(Self.words(optimize.text).contains("contract.oracle-2027.paid_in_full >= 90%"), "\(optimize.text)")
            #expect(optimize.statuses == [0, 2])
            #expect(Self.words("A=$(openssl rand -hex 24) offtake x 'a b' \"c d\"") == ["A=$(openssl rand -hex 24)", "offtake", "x", "a b", "c d"])
        }

        @Test("every example of every command's help runs and ends with 0 or its documented status")
        func everyExampleRuns() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try Self.prepare(directory.url)
            for example in try Self.examples() {
                let (arguments, environment) = try Self.invocation(example, in: directory.url)
                if example.command.last == "serve" {
                    // The server runs until stopped: it must still be serving after two seconds.
                    let run = try launchOfftake(arguments, timeout: 2, wallTimeout: 2, currentDirectory: directory.url, environment: environment)
                    #expect(run.timedOut, "`\(example.text)` stopped by itself with \(run.status): \(run.stderr)")
                    expectNoCrash(OfftakeRun(status: 0, stdout: run.stdout, stderr: run.stderr, stdoutData: run.stdoutData, timedOut: false, seconds: run.seconds, cpuSeconds: run.cpuSeconds),
                                  example.text)
                    continue
                }
                let run = try launchOfftake(arguments, timeout: 600, currentDirectory: directory.url, environment: environment)
                #expect(example.statuses.contains(run.status), "`\(example.text)` (run as offtake \(shown(arguments))) exited with \(run.status): \(run.stderr.suffix(2000))")
                expectNoCrash(run, example.text)
            }
        }
    }
}
