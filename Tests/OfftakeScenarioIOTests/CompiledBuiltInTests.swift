import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// Each built-in scenario compiles to the scenario recorded in `Tests/Fixtures/compiled/NAME.yaml`
/// (written by ``ScenarioEncoder`` from the library as it was before its files shared blocks through
/// `extends:`): sharing text between files must not change a single value. A deliberate change of a
/// built-in's values (or a new field) is recorded with `OFFTAKE_WRITE_COMPILED=1`; review the diff.
@Suite("compiled built-in scenarios")
struct CompiledBuiltInTests {
    static let fixtures = BuiltInScenarioTests.root.appendingPathComponent("Tests/Fixtures/compiled")

    @Test("each built-in compiles to its recorded scenario", arguments: BuiltInScenarios.all.map(\.name))
    func compiledEqualsRecord(name: String) throws {
        let check = ScenarioSourceFixture.check(builtIn: name)
        let scenario = try #require(check.scenario, "\(check.issues)")
        let file = Self.fixtures.appendingPathComponent("\(name).yaml")
        if ProcessInfo.processInfo.environment["OFFTAKE_WRITE_COMPILED"] != nil {
            try ScenarioEncoder.yaml(scenario).write(to: file, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: file, encoding: .utf8)
        #expect(try ScenarioEncoder.yaml(scenario) == recorded)
    }
}

enum ScenarioSourceFixture {
    static func check(builtIn name: String) -> ScenarioCheck {
        let entry = BuiltInScenarios.named(name)!
        return ScenarioLoader.check(text: entry.text, source: entry.file)
    }
}
