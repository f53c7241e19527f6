import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// A contract's delivery terms (`delivery:`, `PathSimulator+Delivery`) by hand: replacement at the
/// market price and service credits under their cap, a tranche terminated for late delivery with the
/// builder's spending left sunk, and nothing owed once the builder has defaulted.
@Suite struct SimulatorDeliveryTermsTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    /// The run's metrics (means) over one path: with constant parameters, no volatility and one regime
    /// the path is the deterministic one the ledger checks read.
    static func metrics(_ scenario: Scenario) throws -> [String: Double] {
        let outcome = try RunRequest(scenario: scenario, seed: 42, paths: 0..<1, threads: 1).run()
        return outcome.result.metrics.mapValues(\.mean)
    }

    /// A provider `neo` with books (cash 1,000, no debt, facility capex `facility`/MW over 6 months) and,
    /// with `kept`, a credit block; buyer `lab` with revenue potential `revenue`/month (1 MW serves 1/month,
    /// so its demand is `revenue` MW); contract `c` from `neo` at 1/MW-month, take-or-pay 100 %, with
    /// `tranches` (start, MW), every tranche `delay` months late, to month `last`, under `terms`. The market
    /// price is 2/MW-month.
    static func scenario(tranches: [(Int, Double)], delay: Int, last: Int = 23, terms: DeliveryTerms, revenue: Double = 5,
                         facility: Double = 0, cash0: Double = 1000, ebitda: Double = 0, kept: Double? = nil) -> Scenario {
        let M = Self.M
        let neo = ProviderFinancials(
            cash0: .constant(cash0 * M), debt0: .constant(100 * M), baseEBITDA: .constant(ebitda * M), interestRate: .constant(0),
            wacc: .constant(0.1), facilityCapexPerMW: .constant(facility * M), buildMonths: .constant(6),
            credit: kept.map { CreditAccess(investmentGradeMax: .constant(4), spreadHighYield: .constant(0.05), maxLeverage: .constant(6),
                                            recovery: .constant(0.4), capacityKept: .constant($0)) })
        let contract = Contract(id: "c", buyer: "lab", provider: "neo", accelerator: "gpu",
                                tranches: tranches.map { Tranche(start: S.month($0.0), mw: .constant($0.1)) }, term: .end(S.month(last)),
                                price: .perMWMonth(.constant(1 * M)), deliveryDelay: .constant(Double(delay)), delivery: terms)
        return Scenario(name: "delivery", horizon: S.horizon(months: 24), market: S.oneRegimeMarket(price: 2 * M), accelerators: [S.gpu()],
                        buyers: [S.buyer(cash0: 1000 * M, revenue0: revenue * M)], providers: [Provider(id: "neo", financials: neo)],
                        contracts: [contract])
    }

    /// 2 MW due from month 4, delivered 3 months late (month 7), to month 11. In months 4–6 the provider
    /// replaces 25 % of the 2-MW gap: 0.5 MW served and billed at 1 (0.5), bought at the market's 2 (1.0).
    /// Service credit 10 % of the unreplaced 1.5 MW × 1 = 0.15 a month, capped at 0.2 month × 1 × 2 MW =
    /// 0.4 in all: 0.15, 0.15, then 0.10; each comes off that month's charge (0.35, 0.35, 0.40). From month
    /// 7 the 2 MW are billed in full. Shortfall 3 × 1.5 = 4.5 MW-months; replacement 1.5 MW-months, cost 3.
    /// The buyer's demand is 5 MW: it served 0.5 and would have served 2, so each month it lost
    /// `R × (2 − 0.5) ÷ D` of revenue.
    @Test func replacementAndServiceCreditsUnderTheirCap() throws {
        let M = Self.M
        let terms = DeliveryTerms(serviceCredit: .constant(0.1), creditCapMonths: .constant(0.2), replacement: .constant(0.25))
        let scenario = Self.scenario(tranches: [(4, 2)], delay: 3, last: 11, terms: terms)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        let charge: [Double] = (0..<24).map { t in t < 4 || t > 11 ? 0 : t == 4 || t == 5 ? 0.35 : t == 6 ? 0.40 : 2 }
        var lost = 0.0
        for t in 0..<24 {
            let gap = (4...6).contains(t)
            #expect(abs(l.contracts[.replacementMW][0, t] - (gap ? 0.5 : 0)) < 1e-12, "t = \(t)")
            #expect(abs(l.contracts[.replacementCost][0, t] - (gap ? 1 : 0) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.contracts[.gapMW][0, t] - (gap ? 1.5 : 0)) < 1e-12, "t = \(t)")
            #expect(abs(l.contracts[.deliveredMW][0, t] - (t < 4 || t > 11 ? 0 : gap ? 0.5 : 2)) < 1e-12, "t = \(t)")
            #expect(abs(l.contracts[.charge][0, t] - charge[t] * M) < 1e-6, "t = \(t)")
            #expect(abs(l.contracts[.cash][0, t] - charge[t] * M) < 1e-6, "t = \(t)")
            // The provider pays for the replacement: its EBITDA is the charge less that cost (no base, no
            // opex). After the term (month 11) the 2 MW are back with `neo`, re-let at once (a scheduled end)
            // at the market's 2 per MW-month (re-lease discount 1): 4 a month, online.
            let relet: Double = t > 11 ? 4 : 0
            #expect(abs(l.providers[.ebitda][0, t] - (charge[t] - (gap ? 1 : 0) + relet) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.providers[.mwOnline][0, t] - (t >= 7 ? 2 : 0)) < 1e-12, "t = \(t)")
            if gap {
                let demand = l.buyers[.inferenceDemand][0, t], potential = l.buyers[.revenuePotential][0, t]
                #expect(demand > 2)
                lost += potential * (2 - 0.5) / demand
            }
        }
        #expect(abs(l.contracts[.serviceCredit].sum(0, 0..<24) - 0.4 * M) < 1e-6)
        let metrics = try Self.metrics(scenario)
        #expect(abs(metrics["contract.c.capacity_shortfall_mw_months"]! - 4.5) < 1e-12)
        #expect(abs(metrics["contract.c.replacement_mw_months"]! - 1.5) < 1e-12)
        #expect(abs(metrics["contract.c.replacement_cost"]! - 3 * M) < 1e-6)
        #expect(abs(metrics["contract.c.service_credits"]! - 0.4 * M) < 1e-6)
        #expect(abs(metrics["contract.c.revenue_lost"]! - lost) < 1e-6 * M)
        #expect(metrics["contract.c.terminated_mw"] == 0)
    }

    /// Credit earned while nothing is billed waits for the first invoice; what is still owed at the
    /// term's last month is paid in cash. 1 MW due from month 2, delivered at month 5, to month 5:
    /// credit 50 % × 1 = 0.5 a month in months 2–4 (1.5 owed, nothing billed), then month 5's charge of
    /// 1 absorbs 1 and the remaining 0.5 is paid out: month 5's cash and charge are 1 − 1.5 = −0.5.
    @Test func creditOwedIsAppliedThenPaidOutAtTheEnd() throws {
        let M = Self.M
        let sim = try S.simulate(Self.scenario(tranches: [(2, 1)], delay: 3, last: 5, terms: DeliveryTerms(serviceCredit: .constant(0.5))),
                                 deterministic: true)
        let l = sim.ledger
        for t in 0..<24 {
            #expect(abs(l.contracts[.cash][0, t] - (t == 5 ? -0.5 : 0) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.contracts[.charge][0, t] - (t == 5 ? -0.5 : 0) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.contracts[.serviceCredit][0, t] - (t == 5 ? 1.5 : 0) * M) < 1e-6, "t = \(t)")
        }
    }

    /// Two 1-MW tranches planned for months 8 and 9, 4 months late, terminated 3 months after their
    /// planned start (months 11 and 12, before their deliveries at 12 and 13): never delivered nor billed.
    /// Their facilities (12/MW over the 6 months before the planned start: 2 a month in 2–7 and 3–8) were
    /// spent before the termination and stay spent: capex 24 in all. Shortfall: 3 months each.
    @Test func aLateTrancheTerminatedItsSpendingSunk() throws {
        let M = Self.M
        let scenario = Self.scenario(tranches: [(8, 1), (9, 1)], delay: 4, terms: DeliveryTerms(terminateAfterMonths: .constant(3)), facility: 12)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        for t in 0..<24 {
            #expect(l.contracts[.deliveredMW][0, t] == 0, "t = \(t)")
            #expect(l.contracts[.charge][0, t] == 0, "t = \(t)")
            let capex = (t >= 2 && t <= 7 ? 2.0 : 0) + (t >= 3 && t <= 8 ? 2.0 : 0)
            #expect(abs(l.providers[.capex][0, t] - capex * M) < 1e-6, "t = \(t)")
        }
        let metrics = try Self.metrics(scenario)
        #expect(metrics["contract.c.terminated_mw"] == 2)
        #expect(metrics["contract.c.capacity_shortfall_mw_months"] == 6)
        // The same contract without the right: both tranches delivered, 4 months late.
        let kept = try S.simulate(Self.scenario(tranches: [(8, 1), (9, 1)], delay: 4, terms: DeliveryTerms(), facility: 12), deterministic: true)
        #expect(kept.ledger.contracts[.deliveredMW][0, 13] == 2)
    }

    /// The builder defaults in month 3 (cash 30, EBITDA −10 a month) keeping half of the 1 MW it
    /// delivered from month 0; a 2-MW tranche due at month 12 is lost. Full replacement and credits are
    /// written, but an estate replaces nothing and owes nothing: from month 4 the buyer has 0.5 MW, no
    /// replacement, no credit. Shortfall: 0.5 MW in months 4–11 and 2.5 MW in months 12–23 = 34 MW-months.
    @Test func nothingIsOwedOnceTheBuilderHasDefaulted() throws {
        let terms = DeliveryTerms(serviceCredit: .constant(0.5), replacement: .constant(1))
        let scenario = Self.scenario(tranches: [(0, 1), (12, 2)], delay: 0, terms: terms, cash0: 30, ebitda: -10, kept: 0.5)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        #expect(sim.summary.providerDefaultMonth == [3])
        for t in 0..<24 {
            #expect(l.contracts[.replacementMW][0, t] == 0, "t = \(t)")
            #expect(l.contracts[.serviceCredit][0, t] == 0, "t = \(t)")
            #expect(abs(l.contracts[.deliveredMW][0, t] - (t <= 3 ? 1 : 0.5)) < 1e-12, "t = \(t)")
            #expect(abs(l.contracts[.gapMW][0, t] - (t <= 3 ? 0 : t < 12 ? 0.5 : 2.5)) < 1e-12, "t = \(t)")
        }
        let metrics = try Self.metrics(scenario)
        #expect(abs(metrics["contract.c.capacity_shortfall_mw_months"]! - 34) < 1e-12)
    }
}

extension SimulatorTestScenarios {
    /// ``randomWithCredit(index:)`` with delivery terms on about two capacity contracts in three:
    /// replacement and service credit 0–100 %, a cap sometimes, termination after 0–12 months sometimes.
    static func randomWithDelivery(index: Int) -> Scenario {
        var scenario = randomWithCredit(index: index)
        var g = SplitMix64(seed: 0xDE11_7E55_0000_0000 &+ UInt64(index) &* 0x9E37_79B9)
        var r = RandomScenarioBuilder(generator: g.next())
        for c in scenario.contracts.indices where scenario.contracts[c].hardware == nil && r.chance(0.67) {
            scenario.contracts[c].delivery = DeliveryTerms(
                serviceCredit: r.share(0, 1), creditCapMonths: r.chance(0.5) ? .uniform(min: 0, max: 6) : nil,
                terminateAfterMonths: r.chance(0.5) ? .constant(Double(r.int(0, 12))) : nil, replacement: r.share(0, 1))
            if r.chance(0.7) { scenario.contracts[c].deliveryDelay = .constant(Double(r.int(1, 9))) }
        }
        return scenario
    }
}

/// The identities of ``DealIdentityChecker`` with delivery terms
/// (``SimulatorTestScenarios/randomWithDelivery(index:)``), every month of every path.
@Suite struct SimulatorDeliveryIdentityTests {
    static let scenarioCount = 40
    static let pathsPerScenario: UInt64 = 10
    typealias Deals = SimulatorDealIdentityTests

    @Test func randomScenariosWithDeliveryTermsValidate() {
        Deals.expectValid(SimulatorTestScenarios.randomWithDelivery, count: Self.scenarioCount)
    }

    @Test(arguments: 0..<scenarioCount)
    func identitiesHoldWithDeliveryTerms(index: Int) throws {
        try Deals.expectDealIdentities(SimulatorTestScenarios.randomWithDelivery(index: index), index: index, paths: Self.pathsPerScenario)
    }

    /// The same scenarios with the first buyer's contracts all built by its largest builder
    /// (`Scenario.concentrated`, the counterfactual of `offtake diversify`): valid, and the identities hold.
    @Test(arguments: 0..<scenarioCount)
    func identitiesHoldWhenConcentrated(index: Int) throws {
        let scenario = SimulatorTestScenarios.randomWithDelivery(index: index)
        guard !scenario.builders(of: scenario.buyers[0].id).isEmpty else { return }
        let single = try scenario.concentrated(buyer: scenario.buyers[0].id)
        #expect(single.validate().isEmpty, "scenario \(index): \(single.validate().map(\.description))")
        try Deals.expectDealIdentities(single, index: index, paths: Self.pathsPerScenario)
    }

    /// Replacement, a service credit, a credit paid out at the end, a termination and revenue lost, each on
    /// at least 3 paths.
    @Test func randomScenariosExerciseEveryDeliveryBranch() throws {
        try Deals.expectCoverage(SimulatorTestScenarios.randomWithDelivery, count: Self.scenarioCount, paths: Self.pathsPerScenario,
                                 names: ["a replacement", "a service credit", "a termination", "revenue lost"]) { sim in
            var seen = Set<String>()
            let l = sim.ledger, T = sim.model.months
            for c in sim.model.scenario.contracts.indices {
                if l.contracts[.replacementMW].sum(c, 0..<T) > 0 { seen.insert("a replacement") }
                if l.contracts[.serviceCredit].sum(c, 0..<T) > 0 { seen.insert("a service credit") }
                if sim.summary.terminatedMW[c] > 0 { seen.insert("a termination") }
                if l.contracts[.revenueLost].sum(c, 0..<T) > 0 { seen.insert("revenue lost") }
            }
            return seen
        }
    }
}
