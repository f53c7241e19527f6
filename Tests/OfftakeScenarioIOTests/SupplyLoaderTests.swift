import OfftakeModel
import OfftakeScenarioIO
import Testing

/// `market.supply` read from a file: every problem at once, each at its path and line:column; the
/// writer's text reads back to the same scenario.
@Suite struct SupplyLoaderTests {
    static func text(supply: [String], generation: String) -> String {
        var lines = baseLines
        lines[10] = (["  compute_price: {initial: 1.2M}", "  supply:"] + supply).joined(separator: "\n")
        lines[13] = "    workloads: [training, inference]\n    generation: \(generation)"
        return lines.joined(separator: "\n") + "\n"
    }

    static let valid = text(supply: [
        "    elasticity: 0.5",
        "    demand_growth: \"pert(min=50%, mode=100%, max=150%)\"",
        "    demand_growth_long_run: 30%",
        "    demand_half_life_months: 18",
        "    generations:",
        "      - {id: h100, installed0: 400, additions: {2026: 1GW, 2028: 500}, floor_per_mw_month: 150K}",
        "      - {id: b200, performance: 1.6, installed0: 0, additions: {2027: 2GW}, response: {breakeven_per_mw_month: 1.5M, elasticity: 2}}",
    ], generation: "b200")

    /// The line (1-based) and column of the first occurrence of `fragment` in `text`.
    static func position(of fragment: String, in text: String) -> (line: Int, column: Int)? {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: fragment) { return (i + 1, line.distance(from: line.startIndex, to: r.lowerBound) + 1) }
        }
        return nil
    }

    @Test func validSupplyLoadsAndRoundTrips() throws {
        let check = ScenarioLoader.check(text: Self.valid, source: "t.yaml")
        #expect(check.issues.isEmpty, "\(check.issues.map(\.description))")
        let scenario = try #require(check.scenario)
        let supply = try #require(scenario.market.supply)
        #expect(supply.generations.map(\.id) == ["h100", "b200"])
        #expect(supply.generations[0].additions.entries.map(\.value) == [.constant(1_000), .constant(500)])
        #expect(scenario.accelerators[0].generation == "b200")
        #expect(supply.demandGrowthLongRun == .constant(0.3) && supply.demandHalfLife == .constant(18))
        #expect(supply.generations[1].response == SupplyResponse(breakeven: .constant(1.5e6), elasticity: .constant(2), lagMonths: .constant(12)))
        let written = try ScenarioEncoder.yaml(scenario)
        #expect(ScenarioLoader.check(text: written, source: "w.yaml").scenario == scenario)
    }

    @Test("every problem of a supply block at once, at its line:column")
    func everyProblemAtOnce() throws {
        let text = Self.text(supply: [
            "    elasticity: -0.5",
            "    generations:",
            "      - {id: h100, installed0: 400, additions: {2026: 1GW, 2025: 2}, floor_per_mw_month: 150K}",
            "      - {id: h100, installed0: -5, perf: 2}",
        ], generation: "h200")
        let issues = ScenarioLoader.check(text: text, source: "t.yaml").issues
        func located(_ path: String, at fragment: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let issue = issues.first { $0.path == path && $0.message.contains(message) }
            #expect(issue != nil, "\(path): \(message) not in \(issues.map(\.description))", sourceLocation: sourceLocation)
            if let issue, let at = Self.position(of: fragment, in: text) {
                #expect(issue.location?.line == at.line, "\(issue)", sourceLocation: sourceLocation)
            }
        }
        located("market.supply.elasticity", at: "elasticity: -0.5", "out of range")
        located("market.supply.generations[0].additions.2025", at: "2025: 2", "outside the horizon")
        located("market.supply.generations[1].installed0", at: "installed0: -5", "out of range")
        located("market.supply.generations[1].perf", at: "perf: 2", "unknown key")
        located("accelerators[0].generation", at: "generation: h200", "unknown generation")
        #expect(issues.count >= 5)
    }
}
