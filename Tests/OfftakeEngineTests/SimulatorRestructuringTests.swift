import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// The restructuring (`PathSimulator+Restructuring`) by hand on one small deterministic deal: the
/// forward test, the package, the provider's choice on both sides of its threshold, a refusal followed
/// by an agreement, and a restructuring that fails. Amounts in $M.
///
/// Tolerance: relative 1e-12, absolute 1e-3 $ (as ``SimulatorWorkoutTests``): the package's scales are
/// quotients (4 ÷ 6), a few ulps from the literal.
@Suite struct SimulatorRestructuringTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    func money(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-3) }

    /// A lab with revenue potential 10 a month (10 MW of inference at 1 per MW, no growth), fixed opex
    /// 7, cash 32, `min_cash` 1, renting 10 MW from month 0 and 10 MW more from month 3 at 0.5 per
    /// MW-month until month 7 (8 months). The second block brings no revenue: demand is 10 MW. So
    /// operating cash flow before contract payments is +3 every month; charges are 5 in months 0–2 and
    /// 10 in months 3–7.
    ///
    /// The provider `cloud` builds nothing, values at WACC 0 (nominal), re-lets at hazard 1 (the month
    /// after a default) at `release` × the market price 1; recovery 0. Restructuring: window 12 months
    /// (cut at the horizon), belief 0, deferral ≤ 10 % repaid over 6 months at 0 %, extension ≤ 10 %
    /// over 6 months, no price cut.
    static func scenario(release: Double) -> Scenario {
        let M = Self.M
        var buyer = S.buyer(cash0: 32 * M, revenue0: 10 * M, opexFixed: 7 * M)
        buyer.workout = Workout(minCash: .constant(1 * M), restructuring: Restructuring(
            forwardMonths: .constant(12), providerDefaultBelief: .constant(0), deferralShare: .constant(0.1), deferralMonths: .constant(6),
            deferralInterestRate: .constant(0), extensionShare: .constant(0.1), extensionMonths: .constant(6), maxPriceCut: .constant(0)))
        let cloud = ProviderFinancials(cash0: .constant(0), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0),
                                       wacc: .constant(0), facilityCapexPerMW: .constant(0), buildMonths: .constant(0),
                                       release: Release(hazard: .constant(1), discount: .constant(release)))
        let contract = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
            tranches: [Tranche(start: S.month(0), mw: .constant(10)), Tranche(start: S.month(3), mw: .constant(10))],
            term: .end(S.month(7)), price: .perMWMonth(.constant(0.5 * M)), recoveryRate: .constant(0))
        return Scenario(name: "restructuring", horizon: S.horizon(months: 8), market: S.oneRegimeMarket(),
                        accelerators: [S.gpu()], buyers: [buyer], providers: [Provider(id: "cloud", financials: cloud)], contracts: [contract])
    }

    /// Month 0, after its flows (cash 32 + 3 − 5 = 30): the window is months 1–7.
    /// Bills = 5 + 5 + 5 × 10 = 60. Reach = cash above `min_cash` 29 + 7 × 3 = 50 (revenue follows the
    /// capacity due only up to the demand of 10). Gap 10: restructuring.
    ///
    /// The package (one contract, so all of the gap): deferral 10 % × 60 = 6, value given up
    /// 6 − 6 = 0 at WACC 0; extension (same ratio 0, after the deferral) scaled to the 4 left; the
    /// price cut is not offered. Provider: F = 60, coverage = 50/60, E = 50 + D(6) × G with G = L =
    /// 10 MW × 1 × release × 7 months = 70 × release. Accept ⇔ 60 > 50 + 70 × release ⇔ release < 1/7.
    ///
    /// Accepted (release 0.14, E = 59.8): credit 10 waives months 1 and 2 (5 each); month 3 pays 10.
    ///
    /// | t | paid | operating | cash |
    /// |---|------|-----------|------|
    /// | 0 | 5 | −2 | 30 |
    /// | 1 | 0 | +3 | 33 |
    /// | 2 | 0 | +3 | 36 |
    /// | 3…7 | 10 | −7 | 29, 22, 15, 8, 1 |
    ///
    /// Both repayments start after the horizon (deferral from month 8, extension from the term's end
    /// + 1 = 8): 10 due after the horizon, so value 65 = paid 55 + 10.
    @Test func concessionAccepted() throws {
        let M = Self.M
        let sim = try S.simulate(Self.scenario(release: 0.14), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.restructuringEntered == [0])
        #expect(s.restructuringAgreed == [0])
        #expect(s.concessions == [[.deferral, .termExtension]])
        #expect(money(s.concessionValue[0], 0))
        let paid: [Double] = [5, 0, 0, 10, 10, 10, 10, 10]
        let cash: [Double] = [30, 33, 36, 29, 22, 15, 8, 1]
        let deferred: [Double] = [0, 5, 5, 0, 0, 0, 0, 0]
        for t in 0..<8 {
            #expect(money(l.contracts[.cash][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.contracts[.deferred][0, t], deferred[t] * M), "t = \(t)")
            #expect(money(l.contracts[.deferralRepaid][0, t], 0), "t = \(t)")
        }
        #expect(s.defaultMonth == [nil])
        #expect(money(s.deferredAfterHorizon[0], 10 * M))
        #expect(money(s.contractValue[0], 65 * M))
        #expect(money(s.contractPaid[0], 65 * M))
    }

    /// Release 0.145: at month 0, E = 50 + 70 × 0.145 = 60.15 > F = 60: refused, nothing changes.
    /// Month 1 (cash 28): window 2–7, bills 55, reach 27 + 6 × 3 = 45, gap 10; the package is the
    /// same 10 (deferral 10 % × 55 = 5.5, extension 4.5); E = 45 + 10 MW × 0.145 × 6 = 53.7 < F = 55:
    /// accepted. Credit 10 waives months 2 (5) and 3 (5 of 10).
    ///
    /// | t | paid | cash |
    /// |---|------|------|
    /// | 0 | 5 | 30 |
    /// | 1 | 5 | 28 |
    /// | 2 | 0 | 31 |
    /// | 3 | 5 | 29 |
    /// | 4…7 | 10 | 22, 15, 8, 1 |
    @Test func refusedThenAcceptedAMonthLater() throws {
        let M = Self.M
        let sim = try S.simulate(Self.scenario(release: 0.145), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.restructuringEntered == [0])
        #expect(s.restructuringAgreed == [1])
        #expect(s.concessions == [[.deferral, .termExtension]])
        let paid: [Double] = [5, 5, 0, 5, 10, 10, 10, 10]
        let cash: [Double] = [30, 28, 31, 29, 22, 15, 8, 1]
        for t in 0..<8 {
            #expect(money(l.contracts[.cash][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
        }
        #expect(s.defaultMonth == [nil])
    }

    /// Release ½: the re-let capacity is worth more than the package every month. Gap 10 each month;
    /// E − F = G − 10 with G = MW_t × ½ × (7 − t): 25, 20, 15 (t = 0–2, 10 MW), 30, 20, 10 (t = 3–5,
    /// 20 MW); at t = 6 (cash −2 after the month) coverage is 0 and E = G = 10 = F: a tie refuses.
    /// Without a package the buyer pays every bill — cash 30, 28, 26, 19, 12, 5, −2 — and defaults in
    /// month 6.
    @Test func restructuringThatFails() throws {
        let M = Self.M
        let sim = try S.simulate(Self.scenario(release: 0.5), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.restructuringEntered == [0])
        #expect(s.restructuringAgreed == [nil])
        #expect(s.concessions == [[]])
        let cash: [Double] = [30, 28, 26, 19, 12, 5, -2]
        for t in 0..<7 { #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)") }
        #expect(s.defaultMonth == [6])
    }

    /// A buyer whose reach covers its bills never enters: cash 45 leaves a reach of 63 ≥ 60 at month 0,
    /// and the margin only grows (cash falls by 2 while bills fall by 5, then by 7 against 10).
    @Test func noRestructuringWhenTheWindowIsCovered() throws {
        var scenario = Self.scenario(release: 0.14)
        scenario.buyers[0].cash0 = .constant(45 * Self.M)
        let sim = try S.simulate(scenario, deterministic: true)
        #expect(sim.summary.restructuringEntered == [nil])
        #expect(sim.summary.concessions == [[]])
        #expect(sim.summary.defaultMonth == [nil])
    }

    /// A price cut alone (no deferral, no extension), 20 % at most, release 0.14 (where the deferral
    /// package was accepted). Month 0: gap 10, a cut of 1/6 of the window's 60 (the window is the whole
    /// term) gives up 1/6 × 60 = 10: F − Δ = 50 < E = 59.8: refused. Month 1: cut 10/55, Δ = 10,
    /// 45 < E = 45 + 10 × 0.14 × 6 = 53.4; month 2: cut 20 %, 40 < 47: refused; from month 3 the gap
    /// needs more than 20 %. A price cut gives up what it relieves; a deferral at the provider's rate
    /// gives up nothing. The buyer defaults in month 6 as without a restructuring.
    @Test func priceCutRefusedWhereADeferralWasAccepted() throws {
        var scenario = Self.scenario(release: 0.14)
        scenario.buyers[0].workout.restructuring?.deferralShare = .constant(0)
        scenario.buyers[0].workout.restructuring?.extensionShare = .constant(0)
        scenario.buyers[0].workout.restructuring?.maxPriceCut = .constant(0.2)
        let sim = try S.simulate(scenario, deterministic: true)
        #expect(sim.summary.restructuringEntered == [0])
        #expect(sim.summary.restructuringAgreed == [nil])
        #expect(sim.summary.defaultMonth == [6])
    }

    /// A price cut granted, then a second package refused for want of room under the cap. Window 3
    /// months, price cut ≤ 20 %, release 0. Months 0–2 cover their windows (reach 38, 36, 34 against
    /// bills 20, 25, 30). Month 3 (cash 19): window 4–6, bills 30, reach 18 + 9 = 27, gap 3: a cut of
    /// 3/30 = 10 % (half of the 20 % offered); value given up 10 % × the term's 40 = 4; F − Δ = 36 >
    /// E = coverage 0.9 × 30 + 0 = 27: accepted, the price is 0.45 from month 4 (charge 9).
    /// Month 4 (cash 13): window 5–7, bills 27, reach 12 + 9 = 21, gap 6; what is left of the cap,
    /// 1 − 0.8/0.9 = 1/9, relieves 3: no package; nor in months 5 (gap 6, relief 2) and 6 (gap 6,
    /// relief 1). Cash 13, 7, 1, −5: the buyer defaults in month 7.
    @Test func priceCutGrantedThenCapReached() throws {
        let M = Self.M
        var scenario = Self.scenario(release: 0)
        scenario.buyers[0].workout.restructuring?.forwardMonths = .constant(3)
        scenario.buyers[0].workout.restructuring?.deferralShare = .constant(0)
        scenario.buyers[0].workout.restructuring?.extensionShare = .constant(0)
        scenario.buyers[0].workout.restructuring?.maxPriceCut = .constant(0.2)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.restructuringEntered == [3])
        #expect(s.restructuringAgreed == [3])
        #expect(s.concessions == [[.priceCut]])
        #expect(money(s.concessionValue[0], 4 * M))
        #expect(money(l.contracts[.price][0, 3], 0.5 * M))
        for t in 4..<8 { #expect(money(l.contracts[.price][0, t], 0.45 * M), "t = \(t)") }
        let cash: [Double] = [30, 28, 26, 19, 13, 7, 1, -5]
        for t in 0..<8 { #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)") }
        #expect(s.defaultMonth == [7])
    }
}
