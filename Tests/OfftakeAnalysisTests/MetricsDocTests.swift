import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// The docs' metric tables are checked against the engine's metric catalogue (the ids a run writes), both
/// ways, so they cannot drift: docs/metrics.md's definitions and docs/scenario-format.md's table of the
/// metrics objectives and constraints may name. A metric the engine writes for a built-in scenario and a
/// table does not list fails here, and so does a listed metric that no built-in's run writes.
@Suite("docs' metric tables match the engine")
struct MetricsDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `buyer.openai.default_by.2028` → `buyer.<b>.default_by.<YYYY>`, `provider.oracle.customer_share.openai`
    /// → `provider.<p>.customer_share.<b>`, `contract.oracle-2027.paid` → `contract.<c>.paid`.
    static func generic(_ id: String) -> String {
        var parts = id.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return id }
        // A supply generation's series: `market.generation_price.<g>`, `market.supply_mw.<g>`.
        if parts[0] == "market", parts.count == 3 { return "market.\(parts[1]).<g>" }
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

    static func page(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
    }

    static func documentedIDs() throws -> Set<String> {
        Set(try page("metrics.md").matches(of: /(?m)^\| `([^`]+)` \|/).map { String($0.1) })
    }

    /// docs/scenario-format.md's rows `| `buyer.<b>.` | `default`, `default_by.<YYYY>`, … |` as generic ids.
    static func scenarioFormatIDs() throws -> Set<String> {
        var ids: Set<String> = []
        for row in try page("scenario-format.md").matches(of: /(?m)^\| `((?:buyer|contract|provider)\.<[a-z]>\.)` \| (.+) \|$/) {
            for name in row.2.matches(of: /`([^`]+)`/) { ids.insert(String(row.1) + String(name.1)) }
        }
        return ids
    }

    /// Every per-path metric some built-in scenario's run writes, generic: the union of their catalogues.
    static func catalogued() throws -> Set<String> {
        var ids: Set<String> = []
        for entry in BuiltInScenarios.all {
            let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
            ids.formUnion(MetricCatalog(model: try SimulationModel(scenario: scenario)).ids.map(generic))
        }
        return ids
    }

    @Test("docs/metrics.md defines no metric that no built-in scenario's run writes")
    func noStaleDefinition() throws {
        let catalogued = try Self.catalogued()
        let stale = try Self.documentedIDs().filter { !$0.hasPrefix("market.") }.subtracting(catalogued).sorted()
        #expect(stale.isEmpty, "docs/metrics.md defines metrics the engine does not write: \(stale)")
    }

    @Test("docs/scenario-format.md lists exactly the metrics the engine writes")
    func scenarioFormatTable() throws {
        let catalogued = try Self.catalogued()
        let listed = try Self.scenarioFormatIDs()
        #expect(listed.count > 40, "the table of metric ids was not found in docs/scenario-format.md")
        #expect(catalogued.subtracting(listed).isEmpty, "docs/scenario-format.md's metric table misses \(catalogued.subtracting(listed).sorted())")
        #expect(listed.subtracting(catalogued).isEmpty, "docs/scenario-format.md's metric table lists metrics the engine does not write: \(listed.subtracting(catalogued).sorted())")
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
        let series = Set(catalog.seriesIDs.filter { $0.hasPrefix("market.") }.map(Self.generic))
        #expect(series.subtracting(documented).isEmpty, "docs/metrics.md does not document the series \(series.subtracting(documented).sorted())")
    }

    @Test("ids are made generic")
    func genericIDs() {
        #expect(Self.generic("buyer.openai.default_by.2028") == "buyer.<b>.default_by.<YYYY>")
        #expect(Self.generic("buyer.openai.supplier_share.oracle") == "buyer.<b>.supplier_share.<p>")
        #expect(Self.generic("provider.oracle.customer_share.openai") == "provider.<p>.customer_share.<b>")
        #expect(Self.generic("buyer.openai.workout.facility_drawn") == "buyer.<b>.workout.facility_drawn")
        #expect(Self.generic("contract.oracle-2027.paid") == "contract.<c>.paid")
        #expect(Self.generic("market.generation_price.hopper") == "market.generation_price.<g>")
        #expect(Self.generic("market.price") == "market.price")
    }
}
