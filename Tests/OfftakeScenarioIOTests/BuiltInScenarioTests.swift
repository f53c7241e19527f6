import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing

@Suite("built-in scenarios")
struct BuiltInScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The copy compiled into the binary is the repository file (the generator drops only the final
    /// newline). If this fails, run `python3 scripts/embed-scenarios.py`.
    @Test("the embedded text equals its file", arguments: BuiltInScenarios.all.map(\.name))
    func embeddedEqualsFile(name: String) throws {
        let entry = try #require(BuiltInScenarios.named(name))
        let file = try String(contentsOf: Self.root.appendingPathComponent(entry.file), encoding: .utf8)
        #expect(entry.text + "\n" == file, "stale embedded copy of \(entry.file): run python3 scripts/embed-scenarios.py")
    }

    @Test("the default scenario is valid and has the fixed ids")
    func defaultScenario() throws {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        let check = ScenarioLoader.check(text: entry.text, source: entry.file)
        #expect(check.issues.isEmpty, "\(check.issues)")
        let scenario = try #require(check.scenario)
        #expect(scenario.name == "openai-oracle-2027")
        #expect(scenario.buyers.contains { $0.id == "openai" })
        #expect(scenario.providers.contains { $0.id == "oracle" && $0.financials != nil })
        let contract = try #require(scenario.contracts.first { $0.id == "oracle-2027" })
        #expect(contract.buyer == "openai" && contract.provider == "oracle")
    }
}
