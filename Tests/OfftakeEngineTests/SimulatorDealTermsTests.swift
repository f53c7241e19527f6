import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport
import Testing

/// Deal terms as written (`PathSimulator+Contracts`): option tranches exercised or lapsed, hardware
/// deals billed as chips + hosting with a host, vendor financing received on delivery. Small
/// deterministic scenarios, numbers worked out by hand ($M) and written as literals.
///
/// Tolerance: relative 1e-12, absolute 1e-3 $ (see ``SimulatorHandComputedTests``).
@Suite struct SimulatorDealTermsTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    func money(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-3) }

    // MARK: - Option tranches

    /// 12 months. Buyer: cash 100, revenue 20/month at 1 per MW (demand 20 MW), opex 8. Contract `deal`
    /// with `cloud`: firm tranche A 10 MW from t = 0, option tranche B 10 MW from t = 6 (decision lead
    /// `lead`, margin `margin`, minimum runway `minRunway`, fee 3), to t = 11, 0.5 per MW-month, delivery
    /// delay 1 month, vendor financing 0.5 per MW. `cloud`: cash 100, facility 1 per MW over 4 build
    /// months, chips 2 per MW, no debt.
    static func optionScenario(lead: Double = 3, margin: Double = 0.5, minRunway: Double = 19) -> Scenario {
        let M = Self.M
        let buyer = S.buyer(cash0: 100 * M, revenue0: 20 * M, opexFixed: 8 * M)
        let cloud = ProviderFinancials(
            cash0: .constant(100 * M), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0), wacc: .constant(0.1),
            facilityCapexPerMW: .constant(1 * M), buildMonths: .constant(4))
        let option = TrancheOption(decisionLeadMonths: .constant(lead), demandMargin: .constant(margin),
                                   minRunwayMonths: .constant(minRunway), fee: .constant(3 * M))
        let deal = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
            tranches: [Tranche(start: S.month(0), mw: .constant(10)), Tranche(start: S.month(6), mw: .constant(10), option: option)],
            term: .end(S.month(11)), price: .perMWMonth(.constant(0.5 * M)), deliveryDelay: .constant(1),
            vendorFinancing: VendorFinancing(perMW: .constant(0.5 * M)))
        return Scenario(name: "option", horizon: S.horizon(months: 12), market: S.oneRegimeMarket(),
                        accelerators: [S.gpu(capexPerMW: 2 * M)], buyers: [buyer],
                        providers: [Provider(id: "cloud", financials: cloud)], contracts: [deal])
    }

    /// Common to every case until the decision at t = 3 ($M): A is delivered at t = 1 (delay 1).
    ///
    /// | t | MW | revenue | charge | operating | vendor financing | cash |
    /// |---|----|----|----|----|----|----|
    /// | 0 | 0 | 0 | 0 | −8 | 0 | 92 |
    /// | 1 | 10 | 10 | 5 | −3 | 0.5·10 = 5 | 94 |
    /// | 2 | 10 | 10 | 5 | −3 | 0 | 91 |
    ///
    /// Decision at t = 6 − 3 = 3: forecast demand for t = 6 is 20 MW (no growth), capacity due then 10 MW.
    /// Runway at the start of t = 3: 91 ÷ ((8 + 3 + 3)/3) = 19.5 months.
    ///
    /// Exercised (margin ½: 20 > 10 × 1.5; runway 19.5 ≥ 19): the facility is ready at
    /// max(6, 3 + 4) = 7, delivered at 8. `cloud` builds only from the decision: 10/4 = 2.5 in t = 3…6,
    /// chips 20 at t = 8 (A: facility sunk 10 before the horizon, chips 20 at t = 1). Vendor financing
    /// 5 again at t = 8. From t = 8: 20 MW, revenue 20, charge 10.
    @Test func optionExercisedIsBuiltAfterTheDecisionAndDeliveredLater() throws {
        let M = Self.M
        let sim = try S.simulate(Self.optionScenario(), deterministic: true)
        let l = sim.ledger
        let delivered: [Double] = [0, 10, 10, 10, 10, 10, 10, 10, 20, 20, 20, 20]
        let charge: [Double] = [0, 5, 5, 5, 5, 5, 5, 5, 10, 10, 10, 10]
        let capex: [Double] = [0, 20, 0, 2.5, 2.5, 2.5, 2.5, 0, 20, 0, 0, 0]
        let vendor: [Double] = [0, 5, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0]
        for t in 0..<12 {
            #expect(l.contracts[.deliveredMW][0, t] == delivered[t], "t = \(t)")
            #expect(money(l.contracts[.charge][0, t], charge[t] * M), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], charge[t] * M), "t = \(t)")
            #expect(l.contracts[.fees][0, t] == 0, "t = \(t)")
            #expect(money(l.providers[.capex][0, t], capex[t] * M), "t = \(t)")
            #expect(money(l.buyers[.vendorFinancing][0, t], vendor[t] * M), "t = \(t)")
        }
        #expect(money(l.buyers[.cash][0, 2], 91 * M))
        #expect(sim.summary.optionExercisedMW == [10])
        #expect(sim.summary.optionLapsedMW == [0])
        #expect(money(sim.summary.providerSunkCapex[0], 10 * M))
    }

    /// Lapsed: the fee 3 is paid at the decision month t = 3 (contract cash 5 + 3 = 8), the tranche is
    /// never built nor delivered, no vendor financing for it. Two ways: margin 1.5 (20 ≤ 10 × 2.5) and a
    /// minimum runway of 20 months (> 19.5), each on the near side of its threshold.
    @Test(arguments: [(1.5, 19.0), (0.5, 20.0)])
    func optionLapsesAndPaysTheFee(margin: Double, minRunway: Double) throws {
        let M = Self.M
        let sim = try S.simulate(Self.optionScenario(margin: margin, minRunway: minRunway), deterministic: true)
        let l = sim.ledger
        for t in 0..<12 {
            #expect(l.contracts[.deliveredMW][0, t] == (t == 0 ? 0 : 10), "t = \(t)")
            #expect(money(l.contracts[.fees][0, t], t == 3 ? 3 * M : 0), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], (t == 0 ? 0 : 5) * M + (t == 3 ? 3 * M : 0)), "t = \(t)")
            #expect(money(l.providers[.receipts][0, t], l.contracts[.cash][0, t]), "t = \(t)")
            #expect(money(l.providers[.capex][0, t], t == 1 ? 20 * M : 0), "t = \(t)")
            #expect(money(l.buyers[.vendorFinancing][0, t], t == 1 ? 5 * M : 0), "t = \(t)")
        }
        #expect(money(l.buyers[.operatingCashFlow][0, 3], -6 * M))  // 10 − 8 − 5 − 3
        #expect(sim.summary.optionExercisedMW == [0])
        #expect(sim.summary.optionLapsedMW == [10])
        #expect(money(sim.summary.contractValue[0], (11 * 5 + 3) * M))
    }

    /// Decided early (lead 6, decision at t = 0, runway +∞ before any month): max(6, 0 + 4) = 6, so the
    /// facility is built in t = 2…5 (2.5 each) for the planned start, and delivery follows at 6 + 1 = 7.
    @Test func optionDecidedEarlyKeepsItsStart() throws {
        let M = Self.M
        let sim = try S.simulate(Self.optionScenario(lead: 6, minRunway: 1000), deterministic: true)
        let l = sim.ledger
        let capex: [Double] = [0, 20, 2.5, 2.5, 2.5, 2.5, 0, 20, 0, 0, 0, 0]
        for t in 0..<12 {
            #expect(l.contracts[.deliveredMW][0, t] == (t == 0 ? 0 : t < 7 ? 10 : 20), "t = \(t)")
            #expect(money(l.providers[.capex][0, t], capex[t] * M), "t = \(t)")
            #expect(money(l.buyers[.vendorFinancing][0, t], t == 1 || t == 7 ? 5 * M : 0), "t = \(t)")
        }
        #expect(sim.summary.optionExercisedMW == [10])
    }

    // MARK: - Hardware deals with a host

    /// 10 months. Buyer: cash 100, revenue 10 (demand 10 MW). Contract `hw`: the buyer buys 10 MW of
    /// chips from `vendor` at 3 per MW (`chip_price_per_mw`), delivered at t = 1, hosted by `host` at 0.2
    /// per MW-month to t = 8; chips paid in 4 monthly instalments at `rate` a month (annual (1 + rate)¹² − 1).
    /// `host`: facility 1 per MW over 2 build months; the accelerator's capex (2 per MW) would be the
    /// chips of a capacity rental. `vendor`: a balance sheet as well (cash 0).
    static func hardwareScenario(monthlyRate: Double) -> Scenario {
        let M = Self.M
        let buyer = S.buyer(cash0: 100 * M, revenue0: 10 * M)
        func books(cash: Double) -> ProviderFinancials {
            ProviderFinancials(cash0: .constant(cash * M), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0),
                               wacc: .constant(0.1), facilityCapexPerMW: .constant(1 * M), buildMonths: .constant(2))
        }
        let terms = HardwareTerms(host: "host", hostingPricePerMWMonth: .constant(0.2 * M), financingMonths: .constant(4),
                                  financingRate: .constant(pow(1 + monthlyRate, 12) - 1), collateralHaircut: .constant(0.5))
        let deal = Contract(id: "hw", buyer: "lab", provider: "vendor", accelerator: "gpu",
                            tranches: [Tranche(start: S.month(1), mw: .constant(10))], term: .end(S.month(8)),
                            price: .perMW(.constant(3 * M)), kind: .hardware(terms))
        return Scenario(name: "hardware", horizon: S.horizon(months: 10), market: S.oneRegimeMarket(),
                        accelerators: [S.gpu(capexPerMW: 2 * M)], buyers: [buyer],
                        providers: [Provider(id: "vendor", financials: books(cash: 0)), Provider(id: "host", financials: books(cash: 100))],
                        contracts: [deal])
    }

    /// Chips 10 × 3 = 30 in 4 principal instalments of 7.5 (t = 1…4); interest 1 % of the balance owed
    /// at the start of each month: 0.3, 0.225, 0.15, 0.075 (Σ 0.75); hosting 0.2 × 10 = 2 a month in
    /// t = 1…8 (Σ 16).
    ///
    /// | t | chips (principal + interest) → vendor | hosting → host | charge = paid |
    /// |---|------|---|------|
    /// | 0 | 0 | 0 | 0 |
    /// | 1 | 7.8 | 2 | 9.8 |
    /// | 2 | 7.725 | 2 | 9.725 |
    /// | 3 | 7.65 | 2 | 9.65 |
    /// | 4 | 7.575 | 2 | 9.575 |
    /// | 5…8 | 0 | 2 | 2 |
    /// | 9 | 0 | 0 | 0 |
    ///
    /// Σ charges = 30 + 0.75 + 16 = 46.75 = value = paid: no double billing (the capacity price is the
    /// hosting price, the chips are billed once). `host` builds the facility (sunk 5 at t = −1, 5 at
    /// t = 0) and buys no chips; `vendor` spends nothing.
    @Test func hardwareDealBillsChipsOnceAndHostingToTheHost() throws {
        let M = Self.M
        let sim = try S.simulate(Self.hardwareScenario(monthlyRate: 0.01), deterministic: true)
        let l = sim.ledger
        let chips: [Double] = [0, 7.8, 7.725, 7.65, 7.575, 0, 0, 0, 0, 0]
        let hosting: [Double] = [0, 2, 2, 2, 2, 2, 2, 2, 2, 0]
        let hostCapex: [Double] = [5, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        for t in 0..<10 {
            #expect(money(l.contracts[.charge][0, t], (chips[t] + hosting[t]) * M), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], (chips[t] + hosting[t]) * M), "t = \(t)")
            #expect(money(l.contracts[.hostingCash][0, t], hosting[t] * M), "t = \(t)")
            #expect(money(l.buyers[.contractPayments][0, t], (chips[t] + hosting[t]) * M), "t = \(t)")
            #expect(money(l.providers[.receipts][0, t], chips[t] * M), "vendor t = \(t)")
            #expect(money(l.providers[.receipts][1, t], hosting[t] * M), "host t = \(t)")
            #expect(l.providers[.capex][0, t] == 0, "vendor t = \(t)")
            #expect(money(l.providers[.capex][1, t], hostCapex[t] * M), "host t = \(t)")
        }
        #expect(money(l.contracts[.charge].sum(0, 0..<10), 46.75 * M))
        #expect(money(sim.summary.contractValue[0], 46.75 * M))
        #expect(money(sim.summary.contractPaid[0], 46.75 * M))
        #expect(money(sim.summary.providerSunkCapex[1], 5 * M))
        #expect(sim.summary.providerSunkCapex[0] == 0)
        #expect(sim.summary.defaultMonth == [nil])
    }

    /// Without financing interest (rate 0): Σ charges = chips 30 + hosting 16 = 46, the instalments 7.5.
    @Test func hardwareDealWithoutFinancingInterest() throws {
        let M = Self.M
        let sim = try S.simulate(Self.hardwareScenario(monthlyRate: 0), deterministic: true)
        let l = sim.ledger
        for t in 1...4 { #expect(money(l.providers[.receipts][0, t], 7.5 * M), "t = \(t)") }
        #expect(money(l.contracts[.charge].sum(0, 0..<10), 46 * M))
        #expect(money(l.providers[.receipts].sum(0, 0..<10), 30 * M))
        #expect(money(l.providers[.receipts].sum(1, 0..<10), 16 * M))
        // The buyer's supplier shares follow the money: chips 30 of 46 to the vendor, hosting 16 to the host.
        let (_, accumulator) = MonteCarloRunner.deterministic(model: sim.model)
        let metrics = RunResult(model: sim.model, accumulator: accumulator, seed: 42, deterministic: true).metrics
        #expect(isApproximatelyEqual(metrics["buyer.lab.supplier_share.vendor"]?.mean ?? .nan, 30.0 / 46, relative: 1e-12))
        #expect(isApproximatelyEqual(metrics["buyer.lab.supplier_share.host"]?.mean ?? .nan, 16.0 / 46, relative: 1e-12))
    }

    // MARK: - Vendor financing

    /// Vendor financing stops at a default: ``SimulatorTestScenarios/twoTrancheScenario`` with cash 2.5,
    /// no workout and 0.1 per MW. t = 0: A delivered, 0.1 × 10 = 1 received, cash 2.5 − 2 + 1 = 1.5;
    /// t = 1: 1.5 − 2 = −0.5, default. B (due t = 3) is never delivered and brings nothing.
    @Test func vendorFinancingOnlyOnDeliveryWhileAlive() throws {
        let M = Self.M
        let sim = try S.simulate(S.twoTrancheScenario(cash0: 2.5, workout: Workout(), vendorPerMW: 0.1), deterministic: true)
        let l = sim.ledger
        #expect(sim.summary.defaultMonth == [1])
        #expect(money(l.buyers[.cash][0, 0], 1.5 * M))
        #expect(money(l.buyers[.cash][0, 1], -0.5 * M))
        for t in 0..<8 { #expect(money(l.buyers[.vendorFinancing][0, t], t == 0 ? 1 * M : 0), "t = \(t)") }
        // Alive, the same contract brings 0.1 × 10 at t = 0 and again at t = 3 (B delivered).
        let alive = try S.simulate(S.twoTrancheScenario(cash0: 50, workout: Workout(), vendorPerMW: 0.1), deterministic: true)
        #expect(alive.summary.defaultMonth == [nil])
        for t in 0..<8 { #expect(money(alive.ledger.buyers[.vendorFinancing][0, t], t == 0 || t == 3 ? 1 * M : 0), "t = \(t)") }
    }
}
