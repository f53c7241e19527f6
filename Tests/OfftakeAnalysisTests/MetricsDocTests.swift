import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// docs/metrics.md is checked against the engine's metric catalogue (the ids a run writes), so it cannot
/// drift: a metric the engine writes for a built-in scenario and the page does not list fails here.
@Suite("docs/metrics.md matches the engine")
struct MetricsDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `buyer.openai.default_by.2028` → `buyer.<b>.default_by.<YYYY>`, `provider.oracle.customer_share.openai`
    /// → `provider.<p>.customer_share.<b>`, `contract.oracle-2027.paid` → `contract.<c>.paid`.
    static func generic(_ id: String) -> String {
        var parts = id.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return id }
        let placeholder = ["buyer": "<b>", "provider": "<p>", "contract": "<c>"]
        guard let entity = placeholder[parts[0]] else { return id }
        parts[1] = entity
        if parts.count == 4 {
            switch parts[2] {
            case "supplier_share": parts[3] = "<p>"
            case "customer_share": parts[3] = "<b>"
            default: if parts[3].wholeMatch(of: /\d{4}/) != nil { parts[3] = "<YYYY>" }
            }
        }
        return parts.joined(separator: ".")
    }

    static func documentedIDs() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("docs/metrics.md"), encoding: .utf8)
        return Set(text.matches(of: /(?m)^\| `([^`]+)` \|/).map { String($0.1) })
    }

    @Test("every metric a built-in scenario's run writes is in docs/metrics.md", arguments: BuiltInScenarios.all.map(\.name))
    func builtIn(name: String) throws {
        let entry = try #require(BuiltInScenarios.named(name))
        let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
        let catalog = MetricCatalog(model: try SimulationModel(scenario: scenario))
        let documented = try Self.documentedIDs()
        #expect(catalog.count > 20)
        let missing = Set(catalog.ids.map(Self.generic)).subtracting(documented).sorted()
        #expect(missing.isEmpty, "docs/metrics.md does not document: \(missing)")
        let series = Set(catalog.seriesIDs.filter { $0.hasPrefix("market.") })
        #expect(series.subtracting(documented).isEmpty, "docs/metrics.md does not document the series \(series.subtracting(documented).sorted())")
    }

    @Test("ids are made generic")
    func genericIDs() {
        #expect(Self.generic("buyer.openai.default_by.2028") == "buyer.<b>.default_by.<YYYY>")
        #expect(Self.generic("buyer.openai.supplier_share.oracle") == "buyer.<b>.supplier_share.<p>")
        #expect(Self.generic("provider.oracle.customer_share.openai") == "provider.<p>.customer_share.<b>")
        #expect(Self.generic("buyer.openai.workout.facility_drawn") == "buyer.<b>.workout.facility_drawn")
        #expect(Self.generic("contract.oracle-2027.paid") == "contract.<c>.paid")
    }
}
