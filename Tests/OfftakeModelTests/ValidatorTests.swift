import OfftakeModel
import OfftakeRandom
import Testing

/// Semantic checks on scenarios built in code (the loader tests check the same through files, with locations).
@Suite struct ValidatorTests {
    static func base() -> Scenario {
        let market = Market(
            regimes: RegimeModel(
                regimes: [Regime(name: "steady", demandDrift: .constant(0.1), demandVol: .constant(0.2), fundingSuccess: .constant(0.7))],
                initial: .named("steady"), transitions: [[1]]),
            computePrice: ComputePrice(initial: .constant(1.2e6)))
        return Scenario(
            name: "t", horizon: Horizon(start: Month(year: 2026, month: 1), end: Month(year: 2030, month: 12)), market: market,
            accelerators: [Accelerator(id: "gpu", workloads: [.training, .inference], capexPerMW: .constant(30e6))],
            buyers: [Buyer(id: "lab", cash0: .constant(1e10), revenue0: .constant(5e8),
                           growth: RevenueGrowth(initial: .constant(0.5), longRun: .constant(0.2), halfLifeMonths: .constant(24)),
                           revenuePerMW: RevenuePerMW(initial: .constant(2e6)))],
            providers: [Provider(id: "cloud")],
            contracts: [Contract(id: "c", buyer: "lab", provider: "cloud", accelerator: "gpu",
                                 tranches: [Tranche(start: Month(year: 2027, month: 6), mw: .constant(500))],
                                 term: .end(Month(year: 2030, month: 12)), price: .totalValue(.constant(30e9)))])
    }

    func paths(_ s: Scenario) -> [String] { s.validate().map(\.path) }

    @Test func baseIsValid() {
        #expect(Self.base().validate().isEmpty)
    }

    @Test func referencesResolveWithHints() throws {
        var s = Self.base()
        s.contracts[0].provider = "clowd"
        let issue = try #require(s.validate().first)
        #expect(issue.path == "contracts[0].provider")
        #expect(issue.hint == "did you mean `cloud`?")
    }

    @Test func duplicateIDs() {
        var s = Self.base()
        s.contracts.append(s.contracts[0])
        #expect(paths(s) == ["contracts[1].id"])
    }

    @Test func domainsOfParameters() {
        var s = Self.base()
        s.contracts[0].takeOrPay = .constant(1.3)
        s.contracts[0].tranches[0].mw = .constant(-1)
        s.buyers[0].growth.initial = .normal(mean: 0.5, sd: 1) // growth > −100% fails for 7% of draws
        s.contracts[0].recoveryRate = .truncated(.normal(mean: 0.3, sd: 0.2), min: 0, max: 1) // fine
        #expect(Set(paths(s)) == ["contracts[0].take_or_pay", "contracts[0].tranches[0].mw", "buyers[0].growth.initial"])
    }

    @Test func datesAndOrder() {
        var s = Self.base()
        s.contracts[0].tranches.append(Tranche(start: Month(year: 2027, month: 1), mw: .constant(1)))
        s.contracts[0].term = .end(Month(year: 2031, month: 6))
        let found = paths(s)
        #expect(found.contains("contracts[0].tranches[1].start"))
        #expect(found.contains("contracts[0].end"))
    }

    @Test func transitionsAndInitialRegime() {
        var s = Self.base()
        s.market.regimes.transitions = [[0.9]]
        s.market.regimes.initial = .named("boom")
        #expect(Set(paths(s)) == ["market.regimes.transitions.steady", "market.regimes.initial"])
    }

    @Test func correlationsMustBeConsistent() {
        var s = Self.base()
        s.buyers[0].growth.initial = .normal(mean: 0.5, sd: 0.1)
        s.buyers[0].cash0 = .uniform(min: 1e10, max: 2e10)
        s.buyers[0].revenue0 = .uniform(min: 4e8, max: 6e8)
        let names = ["buyers.lab.growth.initial", "buyers.lab.cash0", "buyers.lab.revenue0"]
        s.correlations = Correlations(parameters: names, matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
        #expect(s.validate().contains { $0.message.contains("positive semi-definite") })
        s.correlations.matrix = [[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]]
        #expect(s.validate().contains { $0.message.contains("not symmetric") })
        s.correlations = Correlations(parameters: ["buyers.lab.growth.initail", names[1]], matrix: [[1, 0.3], [0.3, 1]])
        let issue = s.validate().first { $0.message.contains("no parameter") }
        #expect(issue?.hint == "did you mean `buyers.lab.growth.initial`?")
    }

    @Test func metricsAndDecisions() {
        var s = Self.base()
        // Metric ids are checked by the engine's catalogue (OfftakeEngineTests, MetricCatalogTests).
        s.decisions = [Decision(path: "contracts.c.tranches[0].mw", min: 10, max: 1)]
        let found = s.validate()
        #expect(found.contains { $0.path == "decisions[0].max" })
    }

    @Test func parameterCatalogResolvesBothPathForms() throws {
        let s = Self.base()
        let a = try #require(s.parameterSlot(at: "contracts.c.tranches[0].mw"))
        let b = try #require(s.parameterSlot(at: "contracts[0].tranches[0].mw"))
        #expect(a.path == b.path)
        #expect(s[keyPath: a.keyPath] == .constant(500))
        var t = s
        t[keyPath: a.keyPath] = .constant(600)
        #expect(t.contracts[0].tranches[0].mw == .constant(600))
        #expect(Set(s.parameterSlots.map(\.path)).count == s.parameterSlots.count)
    }

    @Test func constraintsParse() throws {
        let c = try Constraint.parse("buyer.openai.default <= 5%").get()
        #expect(c == Constraint(metric: "buyer.openai.default", comparison: .lessOrEqual, bound: 0.05))
        #expect(try Constraint.parse("provider.oracle.covenant_breach≥50%").get().comparison == .greaterOrEqual)
        #expect(try Constraint.parse("x > 1").get().comparison == .greater)
        if case .success = Constraint.parse("buyer.openai.default == 5%") { Issue.record("== accepted") }
        if case .success = Constraint.parse("<= 5%") { Issue.record("no metric accepted") }
    }

    @Test func suggestions() {
        #expect(NameSuggestion.closest(to: "tkae_or_pay", in: ["take_or_pay", "escalator"]) == "take_or_pay")
        #expect(NameSuggestion.closest(to: "zzz", in: ["take_or_pay"]) == nil)
        #expect(NameSuggestion.distance("ca", "abc") == 3)
        #expect(NameSuggestion.distance("abcd", "acbd") == 1)
    }
}
