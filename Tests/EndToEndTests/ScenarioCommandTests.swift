import Foundation
import OfftakeScenarioIO
import Testing

@Suite("offtake scenarios and built-in scenarios by name")
struct ScenarioCommandTests {
    @Test("offtake scenarios lists every built-in scenario with its one-line description")
    func list() {
        let run = runOfftakeDetailed(["scenarios"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == BuiltInScenarios.all.count)
        for (line, entry) in zip(lines, BuiltInScenarios.all) {
            #expect(line.hasPrefix(entry.name + " "), "\(line)")
            #expect(line.contains(entry.summary), "\(line)")
        }
        #expect(lines.first?.hasSuffix("(default)") == true)
    }

    @Test("offtake scenarios show NAME prints the scenario file")
    func show() {
        let run = runOfftakeDetailed(["scenarios", "show", "gpu-neocloud"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == BuiltInScenarios.named("gpu-neocloud")!.text + "\n")
        let unknown = runOfftakeDetailed(["scenarios", "show", "gpu-neoclod"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean `gpu-neocloud`?"), "\(unknown.stderr)")
    }

    /// Each built-in scenario runs by name at a small path count and writes its result (CI runs this).
    @Test("offtake run NAME runs every built-in scenario", arguments: BuiltInScenarios.all.map(\.name))
    func runByName(name: String) throws {
        let run = runOfftakeDetailed(["run", name, "--paths", "40", "--json", "-"], timeout: 600)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        #expect(json["scenario"] as? String == name)
        #expect(json["paths"] as? Int == 40)
        let verdict = try #require(json["verdict"] as? [[String: Any]])
        #expect(!verdict.isEmpty)
    }

    @Test("a file beside the built-in names still wins, and an unknown name is a usage error")
    func fileBeforeName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offtake-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let minimal = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/minimal.yaml")
        try FileManager.default.copyItem(at: minimal, to: directory.appendingPathComponent("gpu-neocloud"))
        let run = runOfftakeDetailed(["run", "gpu-neocloud", "--paths", "5", "--json", "-"], currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        #expect(json["scenario"] as? String != "gpu-neocloud")
        #expect(runOfftakeDetailed(["run", "no-such-scenario"]).status == 64)
    }
}
