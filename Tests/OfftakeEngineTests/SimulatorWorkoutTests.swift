import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport
import Testing

/// The buyer's workout ladder (`PathSimulator+Workout`) step by step on small deterministic scenarios:
/// credit facility, cancellation of undelivered tranches, deferral (with the provider's acceptance
/// rule on both sides of its threshold), sublet, and the default that follows only when cash is still
/// negative. Every number is worked out by hand in the comments ($M) and written as literals.
///
/// Tolerance: relative 1e-12 (absolute 1e-3 $ for amounts that are zero by hand), as in
/// ``SimulatorHandComputedTests``: the engine reaches rates through exp/log (i = e^{log1p(r)/12} − 1),
/// a few ulps from the literal.
@Suite struct SimulatorWorkoutTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    func money(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-3) }

    // MARK: - Credit facility

    /// ``SimulatorTestScenarios/twoTrancheScenario`` with cash 3, `min_cash` 2 and a facility of
    /// 1/30 × trailing-12-month revenue at 1 %/month (annual 1.01¹² − 1), optionally capped.
    static func facilityScenario(max: Double? = nil) -> Scenario {
        S.twoTrancheScenario(cash0: 3, workout: Workout(
            minCash: .constant(2 * M),
            facility: CreditFacility(revenueMultiple: .constant(1.0 / 30), max: max.map { .constant($0 * M) },
                                     interestRate: .constant(pow(1.01, 12) - 1))))
    }

    /// Limit = revenue 10/month for t ≤ 2, i.e. trailing 12 months annualised 120, × 1/30 = 4.
    /// Interest = 1 % of the opening balance; repayment = cash above 2 when operating cash flow > 0.
    ///
    /// | t | operating | interest | cash before ladder | draw | repaid | cash | balance |
    /// |---|----|--------|---------|------|--------|----------|--------|
    /// | 0 | −2 | 0 | 1 | 1 | 0 | 2 | 1 |
    /// | 1 | −2 | 0.01 | −0.01 | 2.01 | 0 | 2 | 3.01 |
    /// | 2 | −2 | 0.0301 | −0.0301 | 0.99 (limit 4 − 3.01) | 0 | 0.9599 | 4 |
    /// | 3 | +3 | 0.04 | 3.9199 | 0 | 1.9199 | 2 | 2.0801 |
    /// | 4 | +3 | 0.020801 | 4.979199 | 0 | 2.0801 (all) | 2.899099 | 0 |
    /// | 5, 6, 7 | +3 | 0 | | | | 5.899099, 8.899099, 11.899099 | 0 |
    ///
    /// In t = 2 the facility is exhausted and cash stays below `min_cash` but not below zero: no default.
    @Test func facilityDrawInterestAndRepayment() throws {
        let M = Self.M
        let sim = try S.simulate(Self.facilityScenario(), deterministic: true)
        let l = sim.ledger
        let operating: [Double] = [-2, -2, -2, 3, 3, 3, 3, 3]
        let interest: [Double] = [0, 0.01, 0.0301, 0.04, 0.020801, 0, 0, 0]
        let draw: [Double] = [1, 2.01, 0.99, 0, 0, 0, 0, 0]
        let repaid: [Double] = [0, 0, 0, 1.9199, 2.0801, 0, 0, 0]
        let cash: [Double] = [2, 2, 0.9599, 2, 2.899099, 5.899099, 8.899099, 11.899099]
        let balance: [Double] = [1, 3.01, 4, 2.0801, 0, 0, 0, 0]
        for t in 0..<8 {
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.facilityInterest][0, t], interest[t] * M), "t = \(t)")
            #expect(money(l.buyers[.facilityDraw][0, t], draw[t] * M), "t = \(t)")
            #expect(money(l.buyers[.facilityRepayment][0, t], repaid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.buyers[.facilityBalance][0, t], balance[t] * M), "t = \(t)")
        }
        #expect(sim.summary.defaultMonth == [nil])
        #expect(money(sim.summary.facilityPeak[0], 4 * M))
    }

    /// The same with the limit capped at `max` 3:
    ///
    /// | t | interest | cash before ladder | draw | cash | balance |
    /// |---|------|-------|------------------------|-------|---|
    /// | 0 | 0 | 1 | 1 | 2 | 1 |
    /// | 1 | 0.01 | −0.01 | 2 (cap 3 − 1, not 2.01) | 1.99 | 3 |
    /// | 2 | 0.03 | 1.99 − 2 − 0.03 = −0.04 | 0 | −0.04 → default | 3 |
    ///
    /// After the default cash and the balance stay frozen, and no interest or draw is booked.
    @Test func facilityCappedByMaxThenDefault() throws {
        let M = Self.M
        let sim = try S.simulate(Self.facilityScenario(max: 3), deterministic: true)
        let l = sim.ledger
        #expect(sim.summary.defaultMonth == [2])
        let draw: [Double] = [1, 2, 0]
        let cash: [Double] = [2, 1.99, -0.04]
        let balance: [Double] = [1, 3, 3]
        for t in 0..<3 {
            #expect(money(l.buyers[.facilityDraw][0, t], draw[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.buyers[.facilityBalance][0, t], balance[t] * M), "t = \(t)")
        }
        #expect(money(l.buyers[.facilityInterest][0, 2], 0.03 * M))
        for t in 3..<8 {
            #expect(l.buyers[.cash][0, t] == l.buyers[.cash][0, 2])
            #expect(l.buyers[.facilityBalance][0, t] == l.buyers[.facilityBalance][0, 2])
            #expect(l.buyers[.facilityDraw][0, t] == 0 && l.buyers[.facilityInterest][0, t] == 0 && l.buyers[.facilityRepayment][0, t] == 0)
        }
    }

    // MARK: - Cancellation of undelivered tranches

    /// 8 months. Buyer: cash 30, revenue 10/month (demand 10 MW), opex 1, `min_cash` 31.5,
    /// `cancel_undelivered`. Contract `deal` (provider `cloud`): A 10 MW from t = 0, B 10 MW from t = 5,
    /// to t = 7, 1 per MW-month, termination fee 2 months, vendor financing 0.5 per MW. Contract `firm`
    /// (provider `other`, no balance sheet, no fee): 5 MW in t = 6 only, 1 per MW-month.
    /// `cloud`: cash 100, facility 1 per MW over 4 build months, chips 2 per MW, no debt.
    static func cancellationScenario() -> Scenario {
        let M = Self.M
        var buyer = S.buyer(cash0: 30 * M, revenue0: 10 * M, opexFixed: 1 * M)
        buyer.workout = Workout(minCash: .constant(31.5 * M), cancelUndelivered: true)
        let cloud = ProviderFinancials(
            cash0: .constant(100 * M), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0), wacc: .constant(0.1),
            facilityCapexPerMW: .constant(1 * M), buildMonths: .constant(4))
        let deal = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
            tranches: [Tranche(start: S.month(0), mw: .constant(10)), Tranche(start: S.month(5), mw: .constant(10))],
            term: .end(S.month(7)), price: .perMWMonth(.constant(1 * M)), terminationFeeMonths: .constant(2),
            vendorFinancing: VendorFinancing(perMW: .constant(0.5 * M)))
        let firm = Contract(id: "firm", buyer: "lab", provider: "other", accelerator: "gpu",
                            tranches: [Tranche(start: S.month(6), mw: .constant(5))], term: .end(S.month(6)),
                            price: .perMWMonth(.constant(1 * M)))
        return Scenario(name: "cancel", horizon: S.horizon(months: 8), market: S.oneRegimeMarket(),
                        accelerators: [S.gpu(capexPerMW: 2 * M)], buyers: [buyer],
                        providers: [Provider(id: "cloud", financials: cloud), Provider(id: "other")], contracts: [deal, firm])
    }

    /// Buyer ($M): operating cash flow 10 − 1 − 10 = −1 a month; vendor financing 0.5 × 10 MW = 5 at
    /// the delivery of A (t = 0).
    ///
    /// | t | paid `deal` | paid `firm` | operating | vendor | cash | ladder |
    /// |---|----|---|-----|---|----|----|
    /// | 0 | 10 | 0 | −1 | 5 | 34 | |
    /// | 1, 2 | 10 | 0 | −1 | | 33, 32 | |
    /// | 3 | 10 + fee 2·1·10 = 30 | 0 | −21 | | 31 − 20 = 11 | 31 < 31.5: B cancelled |
    /// | 4, 5 | 10 | 0 | −1 | | 10, 9 | nothing left to cancel (A delivered, `firm` has no fee) |
    /// | 6 | 10 | 5 | −6 | | 3 | `firm` delivered, not cancelled |
    /// | 7 | 10 | 0 | −1 | | 2 | |
    ///
    /// Never below zero: no default. B is never delivered: 10 MW throughout, no vendor financing at t = 5.
    /// `cloud`'s capex: A's facility fell before the horizon (sunk 10), A's chips 20 at t = 0; B's facility
    /// 10/4 = 2.5 in t = 1, 2, 3 (the cancellation month still spent), its t = 4 instalment and its chips
    /// (20 at t = 5) not spent. `deal`: value = paid = 8 × 10 + 20 = 100.
    @Test func cancellationPaysTheFeeAndStopsTheBuild() throws {
        let M = Self.M
        let sim = try S.simulate(Self.cancellationScenario(), deterministic: true)
        let l = sim.ledger
        let dealCash: [Double] = [10, 10, 10, 30, 10, 10, 10, 10]
        let firmCash: [Double] = [0, 0, 0, 0, 0, 0, 5, 0]
        let operating: [Double] = [-1, -1, -1, -21, -1, -1, -6, -1]
        let cash: [Double] = [34, 33, 32, 11, 10, 9, 3, 2]
        let capex: [Double] = [20, 2.5, 2.5, 2.5, 0, 0, 0, 0]
        for t in 0..<8 {
            #expect(l.contracts[.deliveredMW][0, t] == 10, "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], dealCash[t] * M), "t = \(t)")
            #expect(money(l.contracts[.cash][1, t], firmCash[t] * M), "t = \(t)")
            #expect(money(l.contracts[.fees][0, t], t == 3 ? 20 * M : 0), "t = \(t)")
            #expect(money(l.buyers[.contractPayments][0, t], (dealCash[t] + firmCash[t]) * M), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.vendorFinancing][0, t], t == 0 ? 5 * M : 0), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.providers[.capex][0, t], capex[t] * M), "t = \(t)")
            #expect(money(l.providers[.receipts][0, t], dealCash[t] * M), "t = \(t)")
        }
        #expect(l.contracts[.deliveredMW][1, 6] == 5)
        #expect(sim.summary.defaultMonth == [nil])
        #expect(sim.summary.cancelledMW == [10, 0])
        #expect(money(sim.summary.providerSunkCapex[0], 10 * M))
        #expect(money(sim.summary.contractValue[0], 100 * M))
        #expect(money(sim.summary.contractPaid[0], 100 * M))
        #expect(money(sim.summary.contractValue[1], 5 * M))
    }

    // MARK: - Deferral

    /// ``SimulatorTestScenarios/twoTrancheScenario`` with cash 3 and a deferral (`min_cash` 0):
    /// share ½, 2 months, interest 1.1⁶ − 1 a year (× 1.1 over two months), provider belief `belief`,
    /// cap `cap` months. `cloud` has books that build nothing, with WACC 1.1⁶ − 1 (so that growth ×
    /// discount factor = 1 over two months) and re-lease discount `release`; market price 1.
    static func deferralScenario(cap: Double = 1, belief: Double = 0, recovery: Double = 0, release: Double = 0.5) -> Scenario {
        let rate: Double = pow(1.1, 6) - 1
        return S.twoTrancheScenario(
            cash0: 3,
            workout: Workout(deferral: Deferral(share: .constant(0.5), months: .constant(2), interestRate: .constant(rate),
                                                providerDefaultBelief: .constant(belief), capMonths: .constant(cap))),
            recovery: recovery, marketPrice: 1, cloud: S.idleBooks(wacc: rate, releaseDiscount: release))
    }

    /// Deferred, repaid with interest at the due month ($M):
    ///
    /// | t | charge | need | deferred (min(½·5, cap room, need)) | due | repaid + interest | paid | operating | cash |
    /// |---|----|---|---------------------|---|-----------|------|------|-----|
    /// | 0 | 5 | – | 0 | | | 5 | −2 | 1 |
    /// | 1 | 5 | 1 | 1 (room 1·5 − 0 = 5) | 3 | | 4 | −1 | 0 |
    /// | 2 | 5 | 2 | 2 (room 5 − 1 = 4) | 4 | | 3 | 0 | 0 |
    /// | 3 | 10 | | | | 1 + 0.1 | 11.1 | 1.9 | 1.9 |
    /// | 4 | 10 | | | | 2 + 0.2 | 12.2 | 0.8 | 2.7 |
    /// | 5…7 | 10 | | | | | 10 | 3 | 5.7, 8.7, 11.7 |
    ///
    /// The provider's rule (q = 0, R = 0, growth·δ = 1): accept ⇔ amount + V > L with V the take-or-pay
    /// value of the rest of the term plus deferred outstanding and L the re-let value at price 1 ×
    /// discount ½. t = 1: V = 0.5·(10 + 5·20) = 55, L = 0.5·110 = 55: 1 + 55 > 55, accepted.
    /// t = 2: V = 0.5·100 + 1 = 51, L = 50: 2 + 51 > 50, accepted.
    /// Value = Σ charges = 3·5 + 5·10 = 65 = paid (deferral interest is not contract value); deferred
    /// 3 = repaid 3.
    @Test func deferralRepaidWithInterestAtTheDueMonth() throws {
        let M = Self.M
        let sim = try S.simulate(Self.deferralScenario(), deterministic: true)
        let l = sim.ledger
        let deferred: [Double] = [0, 1, 2, 0, 0, 0, 0, 0]
        let repaid: [Double] = [0, 0, 0, 1, 2, 0, 0, 0]
        let interest: [Double] = [0, 0, 0, 0.1, 0.2, 0, 0, 0]
        let paid: [Double] = [5, 4, 3, 11.1, 12.2, 10, 10, 10]
        let operating: [Double] = [-2, -1, 0, 1.9, 0.8, 3, 3, 3]
        let cash: [Double] = [1, 0, 0, 1.9, 2.7, 5.7, 8.7, 11.7]
        for t in 0..<8 {
            #expect(money(l.contracts[.deferred][0, t], deferred[t] * M), "t = \(t)")
            #expect(money(l.contracts[.deferralRepaid][0, t], repaid[t] * M), "t = \(t)")
            #expect(money(l.contracts[.deferralInterest][0, t], interest[t] * M), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.contractPayments][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.providers[.receipts][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
        }
        let s = sim.summary
        #expect(s.defaultMonth == [nil])
        #expect(s.deferralRefusals == [0])
        #expect(money(s.contractValue[0], 65 * M))
        #expect(money(s.contractPaid[0], 65 * M))
        #expect(s.deferredRecovered == [0] && s.deferredWrittenOff == [0])
    }

    /// The same request refused on the other side of the provider's threshold: with re-lease discount
    /// 0.52 instead of 0.5, L = 0.52 × 110 = 57.2 > 1 + 55 = 56 at t = 1. The refusal is counted, nothing
    /// is deferred, cash is 1 − 2 = −1 < 0 and the buyer defaults in t = 1 (its invoice of 5 paid).
    /// Threshold: discount 56/110 ≈ 0.509.
    @Test func deferralRefusedAcrossTheReleaseThreshold() throws {
        let M = Self.M
        let sim = try S.simulate(Self.deferralScenario(release: 0.52), deterministic: true)
        #expect(sim.summary.deferralRefusals == [1])
        #expect(sim.summary.defaultMonth == [1])
        #expect(money(sim.ledger.contracts[.cash][0, 1], 5 * M))
        #expect(money(sim.ledger.buyers[.cash][0, 1], -1 * M))
        for t in 0..<8 { #expect(sim.ledger.contracts[.deferred][0, t] == 0, "t = \(t)") }
        // Just below the threshold (0.505): accepted, the path of the base case.
        let below = try S.simulate(Self.deferralScenario(release: 0.505), deterministic: true)
        #expect(below.summary.deferralRefusals == [0])
        #expect(below.summary.defaultMonth == [nil])
        #expect(money(below.ledger.contracts[.deferred][0, 1], 1 * M))
    }

    /// The belief q, as the rule is written: accept − refuse = (1 − q)(A + V − R·C − L) + q·R·amount
    /// (A = amount·growth·δ). With R = 0 and A + V − L = 1 > 0 (the base case at t = 1): accepted for
    /// every q < 1, refused at q = 1 (55 = 55 is not "more").
    /// With R = ½ and re-lease discount 0.3 (L = 33): A + V − R·C − L = 56 − 27.5 − 33 = −4.5, so q = 0
    /// refuses, while q = 0.95 accepts (0.05·(−4.5) + 0.95·0.5·1 = 0.25 > 0): as written, a provider
    /// that believes the buyer more likely to default is more willing to defer (see the report).
    @Test func deferralBeliefAsWritten() throws {
        let M = Self.M
        let certain = try S.simulate(Self.deferralScenario(belief: 1), deterministic: true)
        #expect(certain.summary.deferralRefusals == [1])
        #expect(certain.summary.defaultMonth == [1])
        let doubtful = try S.simulate(Self.deferralScenario(belief: 0.9), deterministic: true)
        #expect(doubtful.summary.deferralRefusals == [0])
        #expect(doubtful.summary.defaultMonth == [nil])
        #expect(money(doubtful.ledger.contracts[.deferred][0, 1], 1 * M))

        let confident = try S.simulate(Self.deferralScenario(belief: 0, recovery: 0.5, release: 0.3), deterministic: true)
        #expect(confident.summary.deferralRefusals == [1])
        #expect(confident.summary.defaultMonth == [1])
        // t = 2 for q = 0.95: A = 2, V = C = 51, L = 30: 0.05·(53 − 25.5 − 30) + 0.95·0.5·2 = 0.825 > 0.
        let pessimist = try S.simulate(Self.deferralScenario(belief: 0.95, recovery: 0.5, release: 0.3), deterministic: true)
        #expect(pessimist.summary.deferralRefusals == [0])
        #expect(pessimist.summary.defaultMonth == [nil])
        #expect(money(pessimist.ledger.contracts[.deferred][0, 2], 2 * M))
    }

    /// A default after deferrals: cap 0.3 months (room 0.3 × 5 = 1.5), recovery 40 %, re-lease discount
    /// 0.2 (q = 0).
    ///
    /// - t = 1: need 1, room 1.5, deferred 1. Rule: 1 + 55 − 0.4·55 − 0.2·110 = 12 > 0, accepted. Cash 0.
    /// - t = 2: need 2, room 1.5 − 1 = 0.5, deferred 0.5. Rule: 0.5 + 51 − 0.4·51 − 0.2·100 = 11.1 > 0.
    ///   Cash −2 + 0.5 = −1.5 < 0: default in t = 2.
    /// - Claim: take-or-pay value of t = 3…7, 5 × 0.5 × 20 = 50 (no fee cap), + deferred 1.5 = 51.5;
    ///   recovery 0.4 × 51.5 = 20.6 in t = 2 (no lag). Deferred 1.5 = repaid 0 + recovered 0.6 + written off 0.9.
    /// - Value = charges 3 × 5 + remaining 50 = 65; paid = cash 5 + 4 + 4.5 + recovery 20.6 = 34.1.
    @Test func defaultAfterDeferralSplitsTheDeferredBalance() throws {
        let M = Self.M
        let sim = try S.simulate(Self.deferralScenario(cap: 0.3, recovery: 0.4, release: 0.2), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.defaultMonth == [2])
        #expect(s.deferralRefusals == [0])
        #expect(money(l.contracts[.deferred][0, 1], 1 * M))
        #expect(money(l.contracts[.deferred][0, 2], 0.5 * M))
        #expect(money(l.buyers[.cash][0, 2], -1.5 * M))
        #expect(money(l.contracts[.cash][0, 2], 4.5 * M))
        #expect(money(s.contractClaim[0], 51.5 * M))
        #expect(money(l.contracts[.recovery][0, 2], 20.6 * M))
        #expect(money(l.providers[.recoveries][0, 2], 20.6 * M))
        #expect(money(s.deferredRecovered[0], 0.6 * M))
        #expect(money(s.deferredWrittenOff[0], 0.9 * M))
        #expect(money(l.contracts[.deferralRepaid].sum(0, 0..<8), 0))
        #expect(money(l.contracts[.deferred].sum(0, 0..<8), l.contracts[.deferralRepaid].sum(0, 0..<8) + s.deferredRecovered[0] + s.deferredWrittenOff[0]))
        #expect(money(s.contractValue[0], 65 * M))
        #expect(money(s.contractPaid[0], 34.1 * M))
    }

    // MARK: - Sublet

    /// 8 months. Buyer: cash 2, revenue 10 (demand 10 MW), opex 1, `min_cash` 0.25, sublet at discount
    /// ½. Contract: 20 MW from t = 0 to t = 7 at 0.5 per MW-month (charge 10). Market price 0.3.
    /// Idle 20 − 10 = 10 MW; sublet income 10 × 0.3 × 0.5 = 1.5 in months where cash < 0.25.
    ///
    /// | t | cash before | sublet | operating | cash |
    /// |---|-----|-----|------|-----|
    /// | 0 | 1 | – | −1 | 1 |
    /// | 1 | 0 | 1.5 | 0.5 | 1.5 |
    /// | 2 | 0.5 | – | −1 | 0.5 |
    /// | 3 | −0.5 | 1.5 | 0.5 | 1 |
    /// | 4 | 0 | 1.5 | 0.5 | 1.5 |
    /// | 5 | 0.5 | – | −1 | 0.5 |
    /// | 6 | −0.5 | 1.5 | 0.5 | 1 |
    /// | 7 | 0 | 1.5 | 0.5 | 1.5 |
    @Test func subletIdleCapacityAtTheDiscountedMarketPrice() throws {
        let M = Self.M
        var buyer = S.buyer(cash0: 2 * M, revenue0: 10 * M, opexFixed: 1 * M)
        buyer.workout = Workout(minCash: .constant(0.25 * M), sublet: Sublet(discount: .constant(0.5)))
        let contract = Contract(id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
                                tranches: [Tranche(start: S.month(0), mw: .constant(20))], term: .end(S.month(7)),
                                price: .perMWMonth(.constant(0.5 * M)))
        let scenario = Scenario(name: "sublet", horizon: S.horizon(months: 8), market: S.oneRegimeMarket(price: 0.3 * M),
                                accelerators: [S.gpu()], buyers: [buyer], providers: [Provider(id: "cloud")], contracts: [contract])
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        let sublet: [Double] = [0, 1.5, 0, 1.5, 1.5, 0, 1.5, 1.5]
        let operating: [Double] = [-1, 0.5, -1, 0.5, 0.5, -1, 0.5, 0.5]
        let cash: [Double] = [1, 1.5, 0.5, 1, 1.5, 0.5, 1, 1.5]
        for t in 0..<8 {
            #expect(money(l.buyers[.subletIncome][0, t], sublet[t] * M), "t = \(t)")
            #expect(isApproximatelyEqual(l.buyers[.subletMW][0, t], sublet[t] > 0 ? 10 : 0, relative: 1e-12, absolute: 1e-9), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], 10 * M), "t = \(t)")
        }
        #expect(sim.summary.defaultMonth == [nil])
    }
}
