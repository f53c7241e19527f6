import Foundation
import Testing

extension LongCommands {
    /// docs/your-own-deal.md: its worked example validates and runs, every command it shows is a command of
    /// `offtake` and runs, and every output it shows is what the command prints (an excerpt: the shown lines
    /// appear in the real output in the same order; `…` stands for lines left out; the run header's timing
    /// and thread count are not compared). Release and debug builds print the same numbers.
    @Suite(.serialized) struct OwnDealGuideTests {
        static let guide = Fixtures.packageRoot.appendingPathComponent("docs/your-own-deal.md")
        static let example = "scenarios/examples/meta-coreweave.yaml"

        /// A fenced block that starts with `$ offtake …`: the command's words and the output shown under it.
        struct Shown: CustomStringConvertible {
            var command: String
            var output: [String]
            var description: String { command }
        }

        static func blocks(_ text: String) -> [Shown] {
            var found: [Shown] = [], current: Shown?, inFence = false
            for line in text.components(separatedBy: "\n") {
                if line.hasPrefix("```") {
                    if let block = current { found.append(block) }
                    current = nil
                    inFence.toggle()
                    continue
                }
                guard inFence else { continue }
                if line.hasPrefix("$ offtake") {
                    if let block = current { found.append(block) }
                    current = Shown(command: String(line.dropFirst(2)), output: [])
                } else if current != nil {
                    current!.output.append(line)
                }
            }
            return found
        }

        /// Lines compared: not the run header's timing line, not a `…` that stands for left-out lines.
        static func compared(_ lines: [String]) -> [String] {
            lines.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "…" && !$0.contains("path-months/s") && !$0.contains(" threads · ") }
        }

        /// The shown lines that are not found, in order, in the real output.
        static func missing(_ shown: [String], in real: [String]) -> [String] {
            var rest = compared(real)[...]
            var missing: [String] = []
            for line in compared(shown) {
                if let i = rest.firstIndex(of: line) { rest = rest[(i + 1)...] } else { missing.append(line) }
            }
            return missing
        }

        @Test("the excerpt check finds a line that is not in the output")
        func excerptCheckFails() {
            #expect(Self.missing(["a", "…", "c"], in: ["a", "b", "c"]).isEmpty)
            #expect(Self.missing(["c", "a"], in: ["a", "b", "c"]) == ["a"])
            #expect(Self.missing(["a 1.0%"], in: ["a 1.1%"]) == ["a 1.0%"])
        }

        @Test("the worked example validates and runs")
        func exampleRuns() {
            let path = Fixtures.packageRoot.appendingPathComponent(Self.example).path
            let validate = runOfftakeDetailed(["validate", path])
            #expect(validate.status == 0, "\(validate.stderr)")
            let stress = runOfftakeDetailed(["stress", path, "--paths", "200"], timeout: 600)
            #expect(stress.status == 0, "\(stress.stderr.suffix(2000))")
        }

        @Test("every command the guide shows is a command of offtake, runs, and prints what the guide shows")
        func guideCommands() throws {
            let text = try String(contentsOf: Self.guide, encoding: .utf8)
            let shown = Self.blocks(text)
            #expect(shown.count >= 6, "\(shown)")
            let dump = runOfftakeDetailed(["--experimental-dump-help"])
            let root = try #require(try JSONSerialization.jsonObject(with: dump.stdoutData) as? [String: Any])
            let commands = Set((((root["command"] as? [String: Any])?["subcommands"]) as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String })
            #expect(commands.contains("new"))
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let examples = directory.url.appendingPathComponent("scenarios/examples")
            try FileManager.default.createDirectory(at: examples, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent(Self.example),
                                             to: examples.appendingPathComponent("meta-coreweave.yaml"))
            for block in shown {
                let words = HelpExampleTests.words(block.command)
                #expect(words.count >= 2 && commands.contains(words[1]), "`\(block.command)`: not a command of offtake (\(commands.sorted()))")
                let run = runOfftakeDetailed(Array(words.dropFirst()), timeout: 600, currentDirectory: directory.url)
                #expect(run.status == 0, "`\(block.command)` exited with \(run.status): \(run.stderr.suffix(2000))")
                let missing = Self.missing(block.output, in: (run.stdout + "\n" + run.stderr).components(separatedBy: "\n"))
                #expect(missing.isEmpty, "`\(block.command)`: the guide shows lines it does not print:\n\(missing.joined(separator: "\n"))\n--- it prints:\n\(run.stdout)")
                expectNoCrash(run, block.command)
            }
        }
    }
}
