import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// The provider's credit (`credit:`, `PathSimulator+ProviderCredit`): the market's default probability
/// from a CDS spread, access by credit state, a build stopped for want of money and a default with
/// its consequences for the customer, by hand; a healthy provider never defaults and a crippled one
/// does, and its customer feels it.
@Suite struct SimulatorProviderCreditTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    /// Oracle's 5-year CDS at 147 bp with the convention's 40 % recovery: λ = 0.0147 ÷ 0.6 = 2.45 %/yr,
    /// PD = 1 − e^{−0.1225} = 0.115295… (to 1e-12: one exp and one division). Zero spread: 0; a
    /// recovery of 100 % with a positive spread: certain default.
    @Test func marketDefaultProbabilityFromTheCreditTriangle() {
        let pd = CreditAccessRules.marketDefaultProbability(spread: 0.0147, recovery: 0.4, years: 5)
        #expect(abs(pd - (1 - exp(-0.1225))) < 1e-12)
        #expect(abs(pd - 0.1153) < 1e-4)
        #expect(CreditAccessRules.marketDefaultProbability(spread: 0, recovery: 0.4, years: 5) == 0)
        #expect(CreditAccessRules.marketDefaultProbability(spread: 0.01, recovery: 1, years: 5) == 1)
    }

    /// Investment grade at or below 4×, no new debt above 6× in an open regime; a closed regime shuts
    /// equity for everyone and debt for high yield.
    @Test func accessByLeverageAndRegime() {
        func access(_ leverage: Double, closed: Bool) -> [Bool] {
            let a = CreditAccessRules.access(leverage: leverage, investmentGradeMax: 4, maxLeverage: 6, closed: closed)
            return [a.investmentGrade, a.debt, a.equity]
        }
        #expect(access(3, closed: false) == [true, true, true])
        #expect(access(4, closed: false) == [true, true, true])
        #expect(access(5, closed: false) == [false, true, true])
        #expect(access(7, closed: false) == [false, false, true])
        #expect(access(.infinity, closed: false) == [false, false, true])
        #expect(access(3, closed: true) == [true, true, false])
        #expect(access(5, closed: true) == [false, false, false])
    }

    /// A provider `neo` with credit, 24 months, no debt and no financing (nothing borrowed), base
    /// EBITDA `ebitda`/month, cash0 `cash0`, facility capex 60/MW over 6 build months; contract `c`
    /// with `neo`: a 1-MW tranche at month `start` (term to month 23) at 1/MW-month, an optional
    /// prepayment, and a second 2-MW tranche at month 12 when `second`.
    /// With `chips` per MW bought over `chipLead` months ahead (`chip_lead_months`).
    static func creditScenario(cash0: Double, ebitda: Double, start: Int, facility: Double, second: Bool = false,
                               prepayment: Double? = nil, kept: Double = 0, chips: Double = 0, chipLead: Double = 0) -> Scenario {
        let M = Self.M
        let neo = ProviderFinancials(
            cash0: .constant(cash0 * M), debt0: .constant(100 * M), baseEBITDA: .constant(ebitda * M), interestRate: .constant(0),
            wacc: .constant(0.1), facilityCapexPerMW: .constant(facility * M), buildMonths: .constant(6), chipLeadMonths: .constant(chipLead),
            credit: CreditAccess(investmentGradeMax: .constant(4), spreadHighYield: .constant(0.05), maxLeverage: .constant(6),
                                 recovery: .constant(0.4), capacityKept: .constant(kept)))
        var tranches = [Tranche(start: S.month(start), mw: .constant(1))]
        if second { tranches.append(Tranche(start: S.month(12), mw: .constant(2))) }
        let contract = Contract(id: "c", buyer: "lab", provider: "neo", accelerator: "gpu", tranches: tranches, term: .end(S.month(23)),
                                price: .perMWMonth(.constant(1 * M)),
                                prepayment: prepayment.map { Prepayment(amount: .constant($0 * M), month: S.month(0)) })
        return Scenario(name: "credit", horizon: S.horizon(months: 24), market: S.oneRegimeMarket(), accelerators: [S.gpu(capexPerMW: chips * M)],
                        buyers: [S.buyer(cash0: 1000 * M, revenue0: 1 * M)], providers: [Provider(id: "neo", financials: neo)],
                        contracts: [contract])
    }

    /// The same build with chips bought ahead instead of a facility: chips 60/MW over a 6-month lead
    /// (`chip_lead_months`), no facility cost. The chips are instalments before the planned delivery,
    /// so the build stops them exactly as it stopped the facility: 10 in months 6 and 7, then twelve
    /// months stopped (8…19), the tranche past the term and never delivered, no default. Without the
    /// lead the same chips are one payment at delivery (month 12): cash 25 cannot pay 60, the delivery
    /// slips month after month until the term ends and nothing is spent.
    @Test func chipsBoughtAheadStopWithTheBuild() throws {
        let M = Self.M
        let ahead = try S.simulate(Self.creditScenario(cash0: 25, ebitda: 0, start: 12, facility: 0, chips: 60, chipLead: 6), deterministic: true)
        for t in 0..<24 {
            #expect(abs(ahead.ledger.providers[.capex][0, t] - (t == 6 || t == 7 ? 10 : 0) * M) < 1e-6, "t = \(t)")
            #expect(ahead.ledger.contracts[.deliveredMW][0, t] == 0, "t = \(t)")
        }
        #expect(ahead.summary.providerHaltMonths == [12])
        #expect(ahead.summary.providerDefaultMonth == [nil])
        let atDelivery = try S.simulate(Self.creditScenario(cash0: 25, ebitda: 0, start: 12, facility: 0, chips: 60), deterministic: true)
        #expect(atDelivery.ledger.providers[.capex].sum(0, 0..<24) == 0)
        #expect(atDelivery.summary.providerDefaultMonth == [nil])
        #expect(atDelivery.ledger.contracts[.deliveredMW].sum(0, 0..<24) == 0)
    }

    /// Cash 25, no income, a tranche planned for month 12 with 10/month of facility capex in months
    /// 6…11. Cash: 15 after month 6, 5 after month 7; month 8 would end at −5, so the build stops: the
    /// month's 10 is not spent and the tranche slips to month 13 (cash stays 5). Each later month is the
    /// same (planned t + 5 after month t) until month 19 moves it to 24, after the term's last month 23:
    /// it is not built, and nothing more is spent. Twelve months stopped (8…19), no default, nothing
    /// delivered, nothing billed.
    @Test func aBuildStoppedForWantOfMoney() throws {
        let M = Self.M
        let sim = try S.simulate(Self.creditScenario(cash0: 25, ebitda: 0, start: 12, facility: 60), deterministic: true)
        let l = sim.ledger
        let expectedCapex: [Double] = (0..<24).map { $0 == 6 || $0 == 7 ? 10 : 0 }
        for t in 0..<24 {
            #expect(abs(l.providers[.capex][0, t] - expectedCapex[t] * M) < 1e-6, "t = \(t)")
            #expect(abs(l.providers[.cash][0, t] - (t < 6 ? 25 : t == 6 ? 15 : 5) * M) < 1e-6, "t = \(t)")
            #expect(l.contracts[.deliveredMW][0, t] == 0, "t = \(t)")
        }
        #expect(sim.summary.providerHaltMonths == [12])
        #expect(sim.summary.providerDefaultMonth == [nil])
        #expect(sim.summary.contractValue[0] == 0)
    }

    /// Cash 30, base EBITDA −10/month, a prepayment of 5 in month 0 and 1 MW delivered from month 0
    /// at 1/MW-month (credited from the prepayment), a 2-MW tranche due at month 12 with no facility
    /// cost. Receipts: 5 in month 0, then nothing (credit). Cash: 25, 15, 5, then −5 in month 3 with
    /// nothing to stop: default in month 3. Creditors lose 60 % of the debt of 100 = 60. Credit left:
    /// 5 − 4 months = 1, lost. Half the MW kept: from month 4 the buyer has 0.5 MW and pays 0.5/month;
    /// it lost 0.5 delivered + 2 undelivered = 2.5 MW. The provider's books stop: cash stays −5.
    @Test func aDefaultWithItsConsequences() throws {
        let M = Self.M
        let sim = try S.simulate(Self.creditScenario(cash0: 30, ebitda: -10, start: 0, facility: 0, second: true, prepayment: 5, kept: 0.5),
                                 deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.providerDefaultMonth == [3])
        #expect(abs(s.providerCreditorLoss[0] - 60 * M) < 1e-6)
        #expect(abs(s.prepaymentLost[0] - 1 * M) < 1e-6)
        #expect(abs(s.capacityLostMW[0] - 2.5) < 1e-12)
        for t in 0..<24 {
            #expect(l.contracts[.deliveredMW][0, t] == (t <= 3 ? 1 : 0.5), "t = \(t)")
            #expect(abs(l.providers[.cash][0, t] - [25, 15, 5, -5][min(t, 3)] * M) < 1e-6, "t = \(t)")
            if t >= 4 {
                #expect(abs(l.contracts[.cash][0, t] - 0.5 * M) < 1e-6, "t = \(t)")
                #expect(l.providers[.receipts][0, t] == 0, "t = \(t)")
            }
        }
        #expect(s.defaultMonth == [nil])
    }

    /// Debt 100 against EBITDA 1/month: adjusted leverage 100 ÷ 12 = 8.3× > 6×, so no new debt, and no
    /// equity (no financing mix). Cash 5 + 1 a month; 1 MW due at month 3 whose chips cost 10 at delivery
    /// (no facility cost), billed 0.5/MW-month. End of month 2: cash 8 < 10 for next month's chips →
    /// the delivery slips to 4; end of month 3: 9 < 10 → slips to 5; end of month 4: 10 ≥ 10 → delivered
    /// at 5: cash 10 + 1 + 0.5 − 10 = 1.5, then + 1.5 a month. Two months stopped, no default.
    @Test func deliveriesSlipWhenNextMonthsChipsCannotBePaid() throws {
        let M = Self.M
        let neo = ProviderFinancials(
            cash0: .constant(5 * M), debt0: .constant(100 * M), baseEBITDA: .constant(1 * M), interestRate: .constant(0),
            wacc: .constant(0.1), facilityCapexPerMW: .constant(0), buildMonths: .constant(0),
            credit: CreditAccess(investmentGradeMax: .constant(4), spreadHighYield: .constant(0.05), maxLeverage: .constant(6)))
        let contract = Contract(id: "c", buyer: "lab", provider: "neo", accelerator: "gpu", tranches: [Tranche(start: S.month(3), mw: .constant(1))],
                                term: .end(S.month(23)), price: .perMWMonth(.constant(0.5 * M)))
        let scenario = Scenario(name: "chips", horizon: S.horizon(months: 24), market: S.oneRegimeMarket(), accelerators: [S.gpu(capexPerMW: 10 * M)],
                                buyers: [S.buyer(cash0: 1000 * M, revenue0: 1 * M)], providers: [Provider(id: "neo", financials: neo)], contracts: [contract])
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        let cash: [Double] = [6, 7, 8, 9, 10, 1.5] + (6..<24).map { 1.5 + 1.5 * Double($0 - 5) }
        for t in 0..<24 {
            #expect(abs(l.providers[.cash][0, t] - cash[t] * M) < 1e-6, "t = \(t)")
            #expect(l.contracts[.deliveredMW][0, t] == (t >= 5 ? 1 : 0), "t = \(t)")
            #expect(abs(l.providers[.capex][0, t] - (t == 5 ? 10 : 0) * M) < 1e-6, "t = \(t)")
        }
        #expect(sim.summary.providerHaltMonths == [2])
        #expect(sim.summary.providerDefaultMonth == [nil])
    }

    /// The run's metrics when the buyer defaults before the contract's first month: no MW-month was due
    /// while it was alive, so the shortfall is 0 (a month range that would start after it ends).
    @Test func shortfallIsZeroWhenTheBuyerDefaultsBeforeTheContractStarts() throws {
        var scenario = Self.creditScenario(cash0: 1000, ebitda: 5, start: 12, facility: 60)
        scenario.buyers[0].cash0 = .constant(-1 * Self.M)  // defaults in month 0
        let outcome = try RunRequest(scenario: scenario, seed: 42, paths: 0..<4, threads: 1).run()
        let shortfall = try #require(outcome.result.metrics["contract.c.capacity_shortfall_mw_months"])
        #expect(shortfall.mean == 0)
    }

    /// Without a shortfall nothing changes: the same scenario with cash to spare never stops, never
    /// defaults, and its ledger equals the one without a `credit` block.
    @Test func aHealthyProviderIsUnaffected() throws {
        let scenario = Self.creditScenario(cash0: 1000, ebitda: 5, start: 12, facility: 60, second: true, prepayment: 5)
        var plain = scenario
        plain.providers[0].financials?.credit = nil
        for path in UInt64(0)..<20 {
            let a = try S.simulate(scenario, path: path), b = try S.simulate(plain, path: path)
            #expect(a.summary.providerDefaultMonth == [nil] && a.summary.providerHaltMonths == [0])
            #expect(S.differingGrids(a.ledger, b.ledger).isEmpty, "path \(path)")
        }
    }
}

extension SimulatorTestScenarios {
    /// ``randomWithRestructuring(index:)`` with a `credit` block (drawn from a generator of its own) on
    /// every provider with a balance sheet: investment grade up to 1–5×, no new debt above it plus
    /// 0–3×, spreads up to 8 %, an equity cap on half of them, the last regime closed on half, any
    /// recovery and share kept; cash0 lowered on half of them so that builds stop and providers fail;
    /// other customers who leave when a buyer defaults (contagion up to a half).
    static func randomWithCredit(index: Int) -> Scenario {
        var scenario = randomWithRestructuring(index: index)
        var g = SplitMix64(seed: 0xC4ED_1700_0000_0000 &+ UInt64(index) &* 0x9E37_79B9)
        var r = RandomScenarioBuilder(generator: g.next())
        let regimes = scenario.market.regimes.regimes.map(\.name)
        for p in scenario.providers.indices where scenario.providers[p].financials != nil {
            let ig = r.u(1, 5)
            scenario.providers[p].financials!.credit = CreditAccess(
                investmentGradeMax: .constant(ig), spreadInvestmentGrade: .uniform(min: 0, max: 0.02), spreadHighYield: .uniform(min: 0.01, max: 0.08),
                maxLeverage: .constant(ig + r.u(0, 3)), equityPerYear: r.chance(0.5) ? r.amount(0, 2e9) : nil,
                closedIn: r.chance(0.5) && regimes.count > 1 ? [regimes.last!] : [], recovery: r.share(0, 1), capacityKept: r.share(0, 1),
                cds5y: r.chance(0.5) ? .uniform(min: 0, max: 0.05) : nil)
            if r.chance(0.5) { scenario.providers[p].financials!.cash0 = r.amount(0, 0.5e9) }
            if scenario.providers[p].financials!.otherCustomers != nil { scenario.providers[p].financials!.otherCustomers!.contagion = r.share(0, 0.5) }
            // Chips bought ahead on half of them: instalments a halted build stops.
            if r.chance(0.5) { scenario.providers[p].financials!.chipLeadMonths = .uniform(min: 0, max: 12) }
        }
        return scenario
    }
}

/// The identities of ``DealIdentityChecker`` with a provider that can fail
/// (``SimulatorTestScenarios/randomWithCredit(index:)``): access, spreads, the equity cap, the books held
/// after a default, the creditors' loss and the capacity kept, every month of every path.
@Suite struct SimulatorCreditIdentityTests {
    static let scenarioCount = 40
    static let pathsPerScenario: UInt64 = 10
    typealias Deals = SimulatorDealIdentityTests

    @Test func randomScenariosWithCreditValidate() {
        Deals.expectValid(SimulatorTestScenarios.randomWithCredit, count: Self.scenarioCount)
    }

    @Test(arguments: 0..<scenarioCount)
    func identitiesHoldWithProviderCredit(index: Int) throws {
        try Deals.expectDealIdentities(SimulatorTestScenarios.randomWithCredit(index: index), index: index, paths: Self.pathsPerScenario)
    }

    /// A provider default, a build stopped, capacity lost by a buyer and a prepayment lost with it, debt
    /// refused, and no provider default on a path where one could not happen, each on at least 3 paths.
    @Test func randomScenariosExerciseEveryCreditBranch() throws {
        try Deals.expectCoverage(SimulatorTestScenarios.randomWithCredit, count: Self.scenarioCount, paths: Self.pathsPerScenario,
                                 names: ["a provider default", "a build stopped", "capacity lost at a provider's default", "a prepayment lost",
                                         "a provider that never defaults"]) { sim in
            let s = sim.summary
            var names = Set<String>()
            for p in sim.model.scenario.providers.indices where sim.model.scenario.providers[p].financials?.credit != nil {
                if s.providerDefaultMonth[p] != nil { names.insert("a provider default") } else { names.insert("a provider that never defaults") }
                if s.providerHaltMonths[p] > 0 { names.insert("a build stopped") }
            }
            if s.capacityLostMW.contains(where: { $0 > 0 }) { names.insert("capacity lost at a provider's default") }
            if s.prepaymentLost.contains(where: { $0 > 0 }) { names.insert("a prepayment lost") }
            return names
        }
    }
}
