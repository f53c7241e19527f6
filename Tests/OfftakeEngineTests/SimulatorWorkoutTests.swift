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
    static func cancellationScenario(cash0: Double = 30, minCash: Double = 31.5, revenue0: Double = 10, revenuePerMW: Double = 1,
                                     feeMonths: Double = 2) -> Scenario {
        let M = Self.M
        var buyer = S.buyer(cash0: cash0 * M, revenue0: revenue0 * M, revenuePerMW: revenuePerMW * M, opexFixed: 1 * M)
        buyer.workout = Workout(minCash: .constant(minCash * M), cancelUndelivered: true)
        let cloud = ProviderFinancials(
            cash0: .constant(100 * M), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0), wacc: .constant(0.1),
            facilityCapexPerMW: .constant(1 * M), buildMonths: .constant(4))
        let deal = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
            tranches: [Tranche(start: S.month(0), mw: .constant(10)), Tranche(start: S.month(5), mw: .constant(10))],
            term: .end(S.month(7)), price: .perMWMonth(.constant(1 * M)), terminationFeeMonths: .constant(feeMonths),
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

    /// A fee the buyer's cash cannot pay is deferred, not paid into a default. ``cancellationScenario``
    /// with cash 0, `min_cash` 100 (the ladder runs every month), revenue 20 at 2 per MW (demand 10 MW):
    /// operating cash flow 20 − 1 − 10 = 9 a month before the ladder, vendor financing 5 at t = 0.
    ///
    /// t = 0: cash 0 + 9 + 5 = 14 < 100. B (10 MW, delivery t = 5): fee 2 × 1 × 10 = 20 < the charges it
    /// would bring, 3 months × 10 = 30: cancelled. 14 is paid from cash, 6 deferred (no deferral terms:
    /// 2 = `termination_fee_months` instalments of 3 without interest, t = 1 and 2).
    /// (The earlier ladder paid the whole fee: cash 14 − 20 = −6, a default in t = 0.)
    ///
    /// | t | paid `deal` | operating | cash |
    /// |---|----|----|----|
    /// | 0 | 10 + 20 − 6 = 24 | 9 − 14 = −5 | 0 |
    /// | 1, 2 | 10 + 3 | 6 | 6, 12 |
    /// | 3, 4, 5 | 10 | 9 | 21, 30, 39 |
    /// | 6 | 10 (+ 5 on `firm`) | 4 | 43 |
    /// | 7 | 10 | 9 | 52 |
    ///
    /// `deal`: value = 8 × 10 + 20 = 100 = paid (24 + 13 + 13 + 5 × 10); deferred 6 = repaid 6. `cloud`
    /// spends only A's chips (20 at t = 0): B's facility would have been built in t = 1…4.
    @Test func cancellationFeeBeyondCashIsDeferredNotDefaulted() throws {
        let M = Self.M
        let sim = try S.simulate(Self.cancellationScenario(cash0: 0, minCash: 100, revenue0: 20, revenuePerMW: 2), deterministic: true)
        let l = sim.ledger, s = sim.summary
        let dealCash: [Double] = [24, 13, 13, 10, 10, 10, 10, 10]
        let operating: [Double] = [-5, 6, 6, 9, 9, 9, 4, 9]
        let cash: [Double] = [0, 6, 12, 21, 30, 39, 43, 52]
        for t in 0..<8 {
            #expect(money(l.contracts[.cash][0, t], dealCash[t] * M), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.contracts[.deferralRepaid][0, t], t == 1 || t == 2 ? 3 * M : 0), "t = \(t)")
            #expect(money(l.contracts[.deferralInterest][0, t], 0), "t = \(t)")
            #expect(money(l.providers[.capex][0, t], t == 0 ? 20 * M : 0), "t = \(t)")
            #expect(l.contracts[.deliveredMW][0, t] == 10, "t = \(t)")
        }
        #expect(s.defaultMonth == [nil])
        #expect(s.cancelledMW == [10, 0])
        #expect(money(l.contracts[.fees][0, 0], 20 * M))
        #expect(money(l.contracts[.deferred][0, 0], 6 * M))
        #expect(money(s.contractValue[0], 100 * M))
        #expect(money(s.contractPaid[0], 100 * M))
    }

    /// A tranche is cancelled only when its fee is below the charges it would bring (3 months × 10 = 30),
    /// in the scenario above:
    /// - fee months 3: fee 30 = 30, a tie, kept. B is delivered at t = 5 (20 MW from then on); cash
    ///   14, 23, 32, 41, 50, then 50 + (20 − 1 − 20) + vendor 5 = 54, 54 − 1 − 5 (`firm`) = 48, 47.
    /// - fee months 2.9: fee 29 < 30, cancelled; 14 paid, 15 deferred in 3 (2.9 rounded) instalments of 5.
    @Test func cancellationOnlyWhenTheFeeIsBelowTheChargesAvoided() throws {
        let M = Self.M
        let kept = try S.simulate(Self.cancellationScenario(cash0: 0, minCash: 100, revenue0: 20, revenuePerMW: 2, feeMonths: 3), deterministic: true)
        #expect(kept.summary.cancelledMW == [0, 0])
        #expect(kept.ledger.contracts[.deliveredMW][0, 5] == 20)
        let keptCash: [Double] = [14, 23, 32, 41, 50, 54, 48, 47]
        for t in 0..<8 { #expect(money(kept.ledger.buyers[.cash][0, t], keptCash[t] * M), "t = \(t)") }
        let cancelled = try S.simulate(Self.cancellationScenario(cash0: 0, minCash: 100, revenue0: 20, revenuePerMW: 2, feeMonths: 2.9),
                                       deterministic: true)
        #expect(cancelled.summary.cancelledMW == [10, 0])
        #expect(money(cancelled.ledger.contracts[.fees][0, 0], 29 * M))
        #expect(money(cancelled.ledger.contracts[.deferred][0, 0], 15 * M))
        for t in 1...3 { #expect(money(cancelled.ledger.contracts[.deferralRepaid][0, t], 5 * M), "t = \(t)") }
        #expect(cancelled.summary.defaultMonth == [nil])
    }

    // MARK: - Deferral

    /// ``SimulatorTestScenarios/twoTrancheScenario`` with cash `cash0` and a deferral (`min_cash` 0):
    /// share ½, `months` instalments at the annual rate (1 + `monthly`)¹² − 1, provider belief `belief`,
    /// cap `cap` months. `cloud` has books that build nothing, WACC (1 + `wacc`)¹² − 1 (monthly `wacc`),
    /// re-lease hazard 1 (re-let the month after a default for sure) at discount `release`; market
    /// price 1, no decline, recovery `recovery` with no lag.
    ///
    /// Before the workout (from the builder): t = 0…2 charge 5 (10 MW × 0.5) and operating cash flow
    /// −2; t = 3…7 charge 10 and +3. At t = 1 the provider's terms, nominal (wacc 0):
    /// V = Σ_{s=2}^{7} charges = 5 + 5·10 = 55, claim C = 55, L = MW₁ 10 × price 1 × release × 6 months = 60·release.
    static func deferralScenario(cash0: Double = 3, months: Double = 2, monthly: Double = 0, wacc: Double = 0, cap: Double = 1,
                                 belief: Double = 0, recovery: Double = 0, release: Double = 0.5) -> Scenario {
        let cloud = ProviderFinancials(cash0: .constant(0), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0),
                                       wacc: .constant(pow(1 + wacc, 12) - 1), facilityCapexPerMW: .constant(0), buildMonths: .constant(0),
                                       release: Release(hazard: .constant(1), discount: .constant(release)))
        return S.twoTrancheScenario(
            cash0: cash0,
            workout: Workout(deferral: Deferral(share: .constant(0.5), months: .constant(months), interestRate: .constant(pow(1 + monthly, 12) - 1),
                                                providerDefaultBelief: .constant(belief), capMonths: .constant(cap))),
            recovery: recovery, marketPrice: 1, cloud: cloud)
    }

    /// Deferred charges repaid in equal instalments with interest on the balance (cash 3.5, 2
    /// instalments, 1 % a month, WACC 1 % a month, release ½; $M):
    ///
    /// | t | charge | cash before ladder | deferred a | instalments (principal + interest) | paid | operating | cash |
    /// |---|----|-------|----|------|-------|------|-----|
    /// | 0 | 5 | 1.5 | | | 5 | −2 | 1.5 |
    /// | 1 | 5 | −0.5 | 0.5 (min(½·5, room 5, need 0.5)) | | 4.5 | −1.5 | 0 |
    /// | 2 | 5 | −2.255 | 2.255 (room 5 − 0.25) | 0.25 + 0.01·0.5 | 3 | 0 | 0 |
    /// | 3 | 10 | | | 0.25 + 0.005 (= 0.01·0.5·½) + 1.1275 + 0.02255 = 1.3775 + 0.02505 | 11.40255 | 1.59745 | 1.59745 |
    /// | 4 | 10 | | | 1.1275 + 0.011275 | 11.138775 | 1.861225 | 3.458675 |
    /// | 5…7 | 10 | | | | 10 | 3 | 6.458675, 9.458675, 12.458675 |
    ///
    /// The provider's rule, D(k) = 1.01^{−k} (PV of a loan at its own rate: A = a):
    /// t = 1: V = 5/1.01 + 10·Σ_{k=2}^{6} 1.01^{−k} = 53.004270, F = V + A = 53.504270;
    /// L = 10 × ½ × Σ_{k=1}^{6} 1.01^{−k} = 28.977382, E = 0.5 + L = 29.477382 < F: accepted.
    /// t = 2: V = 10·Σ_{k=1}^{5} 1.01^{−k} = 48.534312, O = 0.25, F = 51.039312; L = 24.267156,
    /// E = 26.522156: accepted.
    /// Value = Σ charges = 65 = paid (deferral interest is not contract value); deferred 2.755 = repaid.
    @Test func deferralRepaidInInstalmentsWithInterest() throws {
        let M = Self.M
        let sim = try S.simulate(Self.deferralScenario(cash0: 3.5, monthly: 0.01, wacc: 0.01), deterministic: true)
        let l = sim.ledger
        let deferred: [Double] = [0, 0.5, 2.255, 0, 0, 0, 0, 0]
        let repaid: [Double] = [0, 0, 0.25, 1.3775, 1.1275, 0, 0, 0]
        let interest: [Double] = [0, 0, 0.005, 0.02505, 0.011275, 0, 0, 0]
        let paid: [Double] = [5, 4.5, 3, 11.40255, 11.138775, 10, 10, 10]
        let operating: [Double] = [-2, -1.5, 0, 1.59745, 1.861225, 3, 3, 3]
        let cash: [Double] = [1.5, 0, 0, 1.59745, 3.458675, 6.458675, 9.458675, 12.458675]
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
        #expect(s.deferredRecovered == [0] && s.deferredWrittenOff == [0] && s.deferredAfterHorizon == [0])
    }

    /// The same over 6 instalments: the schedule runs past the horizon (t = 8) and past the contract's
    /// last month (t = 7), never bunched into it.
    ///
    /// t = 1: a = 0.5, instalments 0.5/6 = 0.083333 in t = 2…7. t = 2: need 2 + 0.083333 + 0.005 =
    /// 2.088333 (room 5 − 0.416667), accepted (F = 48.534312 + 0.416667 + 2.088333 = 51.039312 >
    /// E = 2.088333 + 24.267156); its sixth instalment 2.088333/6 = 0.348056 falls at t = 8, after the
    /// horizon. Repaid principal per month t = 3…7: 0.083333 + 0.348056 = 0.431389.
    /// Interest in t = 3: 0.01·0.5·(5/6) + 0.01·2.088333 = 0.004167 + 0.020883 = 0.025050.
    /// The buyer is alive at the end: the 0.348056 still owed counts as paid (paid = value = 65) and
    /// in `cloud`'s NPV as (0.348056 + 0.01 × 0.348056) × 1.01^{−9} = 0.321425 (instalment of month 8,
    /// discounted at the WACC from the end of month 8).
    @Test func deferralInstalmentsRunPastTheTermAndTheHorizon() throws {
        let M = Self.M
        let sim = try S.simulate(Self.deferralScenario(cash0: 3.5, months: 6, monthly: 0.01, wacc: 0.01), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(money(l.contracts[.deferred][0, 1], 0.5 * M))
        #expect(money(l.contracts[.deferred][0, 2], 2.088333333333333 * M))
        #expect(money(l.contracts[.deferralRepaid][0, 2], 0.5 / 6 * M))
        for t in 3..<8 { #expect(money(l.contracts[.deferralRepaid][0, t], (0.5 + 2.088333333333333) / 6 * M), "t = \(t)") }
        #expect(money(l.contracts[.deferralInterest][0, 3], (0.01 * 0.5 * 5 / 6 + 0.01 * 2.088333333333333) * M))
        #expect(s.defaultMonth == [nil])
        #expect(money(s.deferredAfterHorizon[0], 2.088333333333333 / 6 * M))
        #expect(money(l.contracts[.deferred].sum(0, 0..<8), l.contracts[.deferralRepaid].sum(0, 0..<8) + s.deferredAfterHorizon[0]))
        #expect(money(s.contractValue[0], 65 * M))
        #expect(money(s.contractPaid[0], 65 * M))
        // cloud's NPV: its receipts at the WACC, plus the instalment after the horizon.
        var npv = 0.0
        for t in 0..<8 { npv += l.providers[.receipts][0, t] * pow(1.01, -Double(t + 1)) }
        let last = 2.088333333333333 / 6
        #expect(isApproximatelyEqual(s.providerNPV[0] - npv, (last + 0.01 * last) * pow(1.01, -9) * M, relative: 1e-9, absolute: 1e-3))
    }

    /// The rule on both sides of its re-lease threshold (q = 0, R = 0, nominal: wacc and interest 0).
    /// At t = 1, a = 1: F = V + A = 55 + 1 = 56; E = a + L = 1 + 60·release. Accepted iff 56 > 1 + 60·release,
    /// i.e. release < 55/60 = 0.91667.
    /// - release 0.9: E = 55 < 56, accepted (and at t = 2, a = 2.5: F = 50 + 0.5 + 2.5 = 53 > E = 2.5 + 45).
    /// - release 0.93: E = 56.8 > 56, refused. The refused charge stays due: the buyer pays its invoice
    ///   of 5, cash is 1 − 2 = −1 and it defaults in t = 1; the refusal is counted, nothing is deferred.
    @Test func deferralRefusedAcrossTheReleaseThreshold() throws {
        let M = Self.M
        let accepted = try S.simulate(Self.deferralScenario(release: 0.9), deterministic: true)
        #expect(accepted.summary.deferralRefusals == [0])
        #expect(accepted.summary.defaultMonth == [nil])
        #expect(money(accepted.ledger.contracts[.deferred][0, 1], 1 * M))
        #expect(money(accepted.ledger.contracts[.deferred][0, 2], 2.5 * M))
        let refused = try S.simulate(Self.deferralScenario(release: 0.93), deterministic: true)
        #expect(refused.summary.deferralRefusals == [1])
        #expect(refused.summary.defaultMonth == [1])
        #expect(money(refused.ledger.contracts[.cash][0, 1], 5 * M))
        #expect(money(refused.ledger.buyers[.cash][0, 1], -1 * M))
        for t in 0..<8 { #expect(refused.ledger.contracts[.deferred][0, t] == 0, "t = \(t)") }
    }

    /// Every amount is discounted at the provider's rate. Release 0.9155, interest 1 % a month, R = 0,
    /// q = 0, t = 1, a = 1:
    /// - WACC 0: A = 1·(0.5 + 0.01) + (0.5 + 0.005) = 1.015, F = 55 + 1.015 = 56.015; L = 60 × 0.9155 = 54.93,
    ///   E = 55.93 < F: accepted.
    /// - WACC 1 % a month: A = 1 (a loan at the discount rate), V = 53.004270, F = 54.004270;
    ///   L = 10 × 0.9155 × Σ_{k=1}^{6} 1.01^{−k} = 9.155 × 5.795476 = 53.057587, E = 54.057587 > F: refused.
    @Test func deferralValuedAtTheProvidersRate() throws {
        let M = Self.M
        let undiscounted = try S.simulate(Self.deferralScenario(monthly: 0.01, wacc: 0, release: 0.9155), deterministic: true)
        #expect(money(undiscounted.ledger.contracts[.deferred][0, 1], 1 * M))
        let discounted = try S.simulate(Self.deferralScenario(monthly: 0.01, wacc: 0.01, release: 0.9155), deterministic: true)
        #expect(discounted.ledger.contracts[.deferred][0, 1] == 0)
        #expect(discounted.summary.deferralRefusals == [1])
        #expect(discounted.summary.defaultMonth == [1])
    }

    /// The belief q across its threshold (R = 0.4, release ½, nominal). At t = 1, a = 1: F = 56,
    /// E = 1 + 0.4·55 + 30 = 53, G = 0.4·56 + 30 = 52.4; accept ⇔ 56 − 3.6·q > 53 ⇔ q < 5/6.
    /// - q = 0.8: 53.12 > 53, accepted. (At t = 2, a = 2.5, O = 0.5: F = 53, E = 2.5 + 0.4·50.5 + 25 = 47.7,
    ///   G = 0.4·53 + 25 = 46.2; 0.2·53 + 0.8·46.2 = 47.56 < 47.7: refused, and the buyer, paying its
    ///   5 + instalment 0.5 from cash 0, defaults in t = 2.)
    /// - q = 0.85: 52.94 < 53, refused; default in t = 1.
    /// - q = 1: G = 52.4 < 53, refused (at q = 1 every request is refused: E − G = a·(1 − R) ≥ 0).
    @Test func deferralBeliefThreshold() throws {
        let M = Self.M
        let below = try S.simulate(Self.deferralScenario(belief: 0.8, recovery: 0.4, release: 0.5), deterministic: true)
        #expect(money(below.ledger.contracts[.deferred][0, 1], 1 * M))
        #expect(below.ledger.contracts[.deferred][0, 2] == 0)
        #expect(below.summary.deferralRefusals == [1])
        #expect(below.summary.defaultMonth == [2])
        #expect(money(below.ledger.buyers[.cash][0, 2], -2.5 * M))
        for q in [0.85, 1.0] {
            let above = try S.simulate(Self.deferralScenario(belief: q, recovery: 0.4, release: 0.5), deterministic: true)
            #expect(above.ledger.contracts[.deferred][0, 1] == 0, "q = \(q)")
            #expect(above.summary.deferralRefusals == [1], "q = \(q)")
            #expect(above.summary.defaultMonth == [1], "q = \(q)")
        }
    }

    /// Monotone in q: for q = 0, 0.05, …, 1 the first request (t = 1, nominal) is accepted on a prefix
    /// of the grid and refused after it, never accepted again; at q = 1 it is refused. By hand
    /// (F = 56, E = 1 + 55R + 60·release, G = 56R + 60·release; accept ⇔ 56 − q(56 − G) > E):
    ///
    /// | R | release | E | G | accepted for |
    /// |---|----|----|----|----|
    /// | 0 | 0.9 | 55 | 54 | q < 0.5 (q = 0.5 is a tie, 55 = 55: refused) |
    /// | 0.4 | 0.5 | 53 | 52.4 | q < 5/6 |
    /// | 0.5 | 0.25 | 43.5 | 43 | q < 12.5/13 = 0.9615 |
    /// | 0.9 | 0.2 | 62.5 | 62.4 | never (F < G: enforcing beats carrying on whatever q) |
    /// | 0.2 | 0.6 | 48 | 47.2 | q < 8/8.8 = 0.909 |
    @Test func deferralAcceptanceIsMonotoneInTheBelief() throws {
        let cases: [(recovery: Double, release: Double, accepted: Int)] = [(0, 0.9, 10), (0.4, 0.5, 17), (0.5, 0.25, 20), (0.9, 0.2, 0), (0.2, 0.6, 19)]
        for (recovery, release, count) in cases {
            var accepted: [Bool] = []
            for k in 0...20 {
                let sim = try S.simulate(Self.deferralScenario(belief: Double(k) / 20, recovery: recovery, release: release), deterministic: true)
                accepted.append(sim.ledger.contracts[.deferred][0, 1] > 0)
            }
            #expect(accepted == (0...20).map { $0 < count }, "R = \(recovery), release = \(release): \(accepted)")
        }
    }

    /// On random scenarios with deals (12 paths each): two runs of a path differing only in the belief
    /// (q = 0 and 0.7 for every buyer) are identical until the first request on which they decide differently;
    /// there the more pessimistic provider is the one that refuses. With q = 1 no request is accepted:
    /// every deferred amount is then a cancellation fee the buyer's cash could not pay (a month with a fee).
    @Test func moreBeliefInDefaultNeverAcceptsWhatLessRefused() throws {
        var differences = 0
        for index in 0..<SimulatorDealIdentityTests.scenarioCount {
            let scenario = SimulatorTestScenarios.randomWithDeals(index: index)
            let model = try SimulationModel(scenario: scenario)
            let slots = scenario.buyers.compactMap { model.sampler.index["buyers.\($0.id).workout.deferral.provider_default_belief"] }
            guard !slots.isEmpty else { continue }
            var low = PathSimulator(model: model), high = PathSimulator(model: model), certain = PathSimulator(model: model)
            for path: UInt64 in 0..<12 {
                low.simulate(seed: 42, path: path) { v in for i in slots { v[i] = 0 } }
                high.simulate(seed: 42, path: path) { v in for i in slots { v[i] = 0.7 } }
                certain.simulate(seed: 42, path: path) { v in for i in slots { v[i] = 1 } }
                let a = low.ledger.contracts[.deferred], b = high.ledger.contracts[.deferred]
                search: for t in 0..<model.months {
                    for c in scenario.contracts.indices where a[c, t] != b[c, t] {
                        differences += 1
                        #expect(a[c, t] > 0 && b[c, t] == 0, "scenario \(index) path \(path) t = \(t): q 0 deferred \(a[c, t]), q 0.7 \(b[c, t])")
                        break search
                    }
                }
                let l = certain.ledger
                for c in scenario.contracts.indices {
                    for t in 0..<model.months where l.contracts[.deferred][c, t] > 0 {
                        #expect(l.contracts[.fees][c, t] > 0, "scenario \(index) path \(path) t = \(t): deferral accepted at q = 1")
                    }
                }
            }
        }
        #expect(differences >= 3, "the belief decided a request on only \(differences) paths")
    }

    /// A default after deferrals: cap 0.3 months (room 0.3 × 5 = 1.5), recovery 40 %, release 0.2, q = 0,
    /// nominal, 2 instalments without interest.
    ///
    /// - t = 1: need 1, room 1.5, a = 1. F = 56 > E = 1 + 0.4·55 + 12 = 35, accepted. Cash 0.
    /// - t = 2: instalment 0.5; cash 0 − 2 − 0.5 = −2.5; room 1.5 − 0.5 = 1, a = 1. F = 50 + 0.5 + 1 = 51.5 >
    ///   E = 1 + 0.4·50.5 + 10 = 31.2, accepted. Cash −1.5 < 0: default in t = 2.
    /// - Claim: take-or-pay value of t = 3…7, 5 × 10 = 50 (no fee cap), + deferred outstanding 0.5 + 1 = 1.5
    ///   = 51.5; recovery 0.4 × 51.5 = 20.6 in t = 2 (no lag). Deferred 2 = repaid 0.5 + recovered 0.6 +
    ///   written off 0.9.
    /// - Value = charges 3 × 5 + remaining 50 = 65; paid = cash 5 + 4 + (5 + 0.5 − 1) + recovery 20.6 = 34.1.
    @Test func defaultAfterDeferralSplitsTheDeferredBalance() throws {
        let M = Self.M
        let sim = try S.simulate(Self.deferralScenario(cap: 0.3, recovery: 0.4, release: 0.2), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.defaultMonth == [2])
        #expect(s.deferralRefusals == [0])
        #expect(money(l.contracts[.deferred][0, 1], 1 * M))
        #expect(money(l.contracts[.deferred][0, 2], 1 * M))
        #expect(money(l.contracts[.deferralRepaid][0, 2], 0.5 * M))
        #expect(money(l.buyers[.cash][0, 2], -1.5 * M))
        #expect(money(l.contracts[.cash][0, 2], 4.5 * M))
        #expect(money(s.contractClaim[0], 51.5 * M))
        #expect(money(l.contracts[.recovery][0, 2], 20.6 * M))
        #expect(money(l.providers[.recoveries][0, 2], 20.6 * M))
        #expect(money(s.deferredRecovered[0], 0.6 * M))
        #expect(money(s.deferredWrittenOff[0], 0.9 * M))
        #expect(s.deferredAfterHorizon == [0])
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
