import OfftakeModel
import RealModule

/// Renegotiation before default (docs/model.md, "Restructuring"): the forward test, the package of
/// concessions the buyer asks its capacity providers for, each provider's choice between the package
/// and enforcement, and the package's terms on the path. Only buyers with `workout.restructuring`
/// reach these functions.
extension PathSimulator {
    /// Month t's forward test, after funding (cash `cash`), for a buyer with `workout.restructuring`.
    /// The window is months t + 1 … t + W (W = `forward_months`, cut at
    /// the horizon). The buyer is in restructuring when its bills in the window (`forwardBills`) exceed
    /// what it can reach (`forwardResources`) by more than a billionth of the bills (rounding); the gap
    /// is then asked of its capacity providers as one package (`proposePackage`), agreed only if every
    /// provider asked accepts it. The test runs every month: after a refusal, and after a package if
    /// the gap opens again (the price cuts together stay within `max_price_cut`).
    mutating func restructure(_ b: Int, _ t: Int, cash: Double, regime: MarketParameters.Regime) {
        guard let terms = model.buyers[b].workout.restructuring else { return }
        let last = min(model.months - 1, t + PathSimulator.wholeMonths(values[terms.forwardMonths]))
        guard last > t else { return }
        let bills = forwardBills(b, t, through: last)
        let reach = forwardResources(b, t, through: last, cash: cash, regime: regime)
        guard bills - reach > 1e-9 * bills else { return }
        if summary.restructuringEntered[b] == nil { summary.restructuringEntered[b] = t }
        // With no bills in the window (every charge credited, or nothing left to bill) there is nothing to
        // concede, and the share of the bills the buyer covers would be 0 ÷ 0.
        guard bills > 0, let package = proposePackage(b, t, through: last, gap: bills - reach, coverage: max(0, reach) / bills, terms: terms) else { return }
        for offer in package { grant(offer, t, through: last, terms: terms) }
        if summary.restructuringAgreed[b] == nil { summary.restructuringAgreed[b] = t }
    }

    /// The buyer's bills in months t + 1 … last as scheduled at month t: each contract's expected charge
    /// (`expectedCharge`) on the planned deliveries, chip and deferral instalments
    /// already scheduled with their interest, less the prepayment credit and the concession credit not
    /// yet used.
    func forwardBills(_ b: Int, _ t: Int, through last: Int) -> Double {
        var bills = 0.0
        for c in model.buyerContracts[b] {
            var charges = 0.0
            let use = forwardUse(c, t)
            for s in (t + 1)...last {
                charges += expectedCharge(c, s, use: use)
                bills += plans.contracts[.chipPrincipalDue, c, s] + plans.contracts[.chipInterestDue, c, s]
                    + plans.contracts[.deferralPrincipalDue, c, s] + plans.contracts[.deferralInterestDue, c, s]
            }
            bills += max(0, charges - contractState[c].credit - contractState[c].concessionCredit)
        }
        return bills
    }

    /// What the buyer can reach in months t + 1 … last, seen at month t:
    ///
    /// - cash above `min_cash`;
    /// - operating cash flow before contract payments: revenue `r_s = min(P_t × (1 + g_t)^{(s−t)/12},
    ///   R̄ × MW_s ÷ MW_t)` — the last three months' average revenue R̄ following the contracted capacity
    ///   due (MW_s, planned), up to the revenue potential P_t grown at the revenue model's current
    ///   growth g_t (R̄ alone without capacity now) — less opex on it (fixed part grown as the path
    ///   grows it, revenue share), plus the established business's cash flow and less spot purchases
    ///   at their last three months' averages;
    /// - the credit facility's undrawn limit;
    /// - scheduled rounds in the window × their probability;
    /// - the policy round: with `funding.valuation`, the largest round `max_dilution` allows at the
    ///   current equity value × the chance it closes within the window, `1 − (1 − p)^n` (p the month's
    ///   access probability, n the window's months); without it, the round's size × the chance one of
    ///   the window's attempts (one per `cooldown_months`) succeeds at the regime's odds;
    /// - the strategic backers whose condition holds now, up to their remaining capacity.
    func forwardResources(_ b: Int, _ t: Int, through last: Int, cash: Double, regime: MarketParameters.Regime) -> Double {
        let layout = model.buyers[b]
        let from = max(0, t - 2), months = Double(t + 1 - from)
        let revenue = ledger.buyers.sum(.revenue, b, from..<(t + 1)) / months
        let established = ledger.buyers.sum(.establishedCashFlow, b, from..<(t + 1)) / months
        let spot = ledger.buyers.sum(.spotCost, b, from..<(t + 1)) / months
        let growth = Double.log(onePlus: max(-0.999_999, buyerState[b].potential.growth(at: t)))
        let potential = ledger.buyers[.revenuePotential, b, t]
        var capacity = 0.0
        for c in model.buyerContracts[b] { capacity += plannedMW(c, t) }
        let share = values[layout.opexRevenueShare], fixed = values[layout.opexFixed]
        var reach = cash - values[layout.workout.minCash]
        for s in (t + 1)...last {
            // Revenue follows the capacity due, up to the demand expected then.
            var planned = 0.0
            for c in model.buyerContracts[b] { planned += plannedMW(c, s) }
            let demand = potential * Double.exp(growth * Double(s - t) / 12)
            let r = capacity > 0 ? min(demand, revenue * planned / capacity) : min(demand, revenue)
            reach += r * (1 - share) + established - spot - fixed * buyerState[b].opexGrowth.factor(months: s)
        }
        if let facility = layout.workout.facility {
            var limit = values[facility.multiple] * trailingRevenue(b, t)
            if let cap = facility.max { limit = min(limit, values[cap]) }
            reach += max(0, limit - buyerState[b].facilityDrawn)
        }
        for round in model.buyerRounds[b] where round.month > t && round.month <= last {
            reach += values[round.amount] * min(1, max(0, values[round.probability]))
        }
        let n = Double(last - t)
        if let v = layout.valuation {
            let pre = equityValue(b, t, cash: cash, level: regime.valuationLevel)
            let p = PricedRound.accessProbability(success: regime.fundingSuccess, preMoney: pre, lastPostMoney: buyerState[b].lastPostMoney,
                                                  elasticity: values[v.accessElasticity])
            reach += PricedRound.listing(floatShare: values[v.maxDilution], preMoney: pre) * PathSimulator.chanceWithin(p, trials: n)
        } else if layout.raiseBelowRunway != nil {
            let size = layout.roundMultiple.map { values[$0] * trailingRevenue(b, t) } ?? values[layout.roundSize]
            let attempts = max(1, (n / Double(max(1, buyerState[b].cooldown))).rounded(.down))
            reach += size * PathSimulator.chanceWithin(min(1, max(0, regime.fundingSuccess)), trials: attempts)
        }
        for backer in model.buyerBackers[b] where backerWillInvest(backer, b, t) {
            reach += max(0, values[backer.capacity] - summary.backerFunding[backer.index])
        }
        return reach
    }

    /// The share of contract c's capacity the buyer is expected to pay for after month t: `max(take_or_pay,
    /// used ÷ delivered)` of month t (the bill is `price × max(take_or_pay × MW, used)`), or all of it
    /// before anything is delivered — the forward test's revenue assumes the capacity due is used.
    @inline(__always)
    func forwardUse(_ c: Int, _ t: Int) -> Double {
        let delivered = ledger.contracts[.deliveredMW, c, t]
        let used = delivered > 0 ? ledger.contracts[.usedMW, c, t] / delivered : 1
        return max(contractState[c].takeOrPay, min(1, used))
    }

    /// Contract c's expected charge in month s: `use × price_s × MW_s` on the planned deliveries.
    @inline(__always)
    func expectedCharge(_ c: Int, _ s: Int, use: Double) -> Double { use * chargeablePrice(c, s) * plannedMW(c, s) }

    /// `1 − (1 − p)^n`: the chance of at least one success in n trials of probability p.
    @inline(__always)
    static func chanceWithin(_ p: Double, trials n: Double) -> Double {
        p >= 1 ? 1 : -Double.expMinusOne(n * Double.log(onePlus: -max(0, p)))
    }

    /// One contract's part of a package: the concessions, each at its scale λ ∈ (0, 1] of its largest
    /// size (1 for the option, which is whole), and the value the provider gives up.
    struct Offer {
        var contract: Int
        var concessions: Concessions = []
        var deferral = 0.0, termExtension = 0.0, priceCut = 0.0
        var valueGivenUp = 0.0
    }

    /// The package closing a forward gap `gap` of buyer b at month t, or nil when none can or a
    /// provider refuses. The gap is shared among the buyer's capacity contracts running after t, pro
    /// rata to their expected charges in the window (`expectedCharge`); each contract's share is met by its cheapest
    /// concessions first (the value given up per dollar of relief in the window, `concessionMenu`),
    /// the last one scaled to what is left. Its provider, at rate ρ (its WACC, or without a balance
    /// sheet the restructuring's deferral rate) with q = `provider_default_belief`, accepts when
    ///
    /// `(1 − q) × (F − Δ) + q × G > E`,
    ///
    /// F the value of carrying on as written and G that of a later default (both as in
    /// `providerAcceptsDeferral`), Δ the value the package gives up, and E enforcement: the buyer pays
    /// the share `coverage` of the window's charges it can reach, then defaults, the provider
    /// recovering and re-letting then, `E = coverage × Σ_window charge_s D(s − t) + D(k) × G`,
    /// k = coverage × W months. A tie refuses.
    func proposePackage(_ b: Int, _ t: Int, through last: Int, gap: Double, coverage: Double,
                        terms: BuyerLayout.Restructuring) -> [Offer]? {
        var windowCharges: [(contract: Int, charges: Double)] = []
        var total = 0.0
        for c in model.buyerContracts[b] where providerBillsCapacity(c) && termEnd(c) > t {
            var charges = 0.0
            let use = forwardUse(c, t)
            for s in (t + 1)...min(last, termEnd(c)) {
                charges += expectedCharge(c, s, use: use)
            }
            if charges > 0 { windowCharges.append((c, charges)); total += charges }
        }
        guard total > 0 else { return nil }
        let q = min(1, max(0, values[terms.belief]))
        var package: [Offer] = []
        for (c, charges) in windowCharges {
            let need = gap * charges / total
            let rho = model.providers[model.contracts[c].provider].financials.map { values[$0.wacc] } ?? values[terms.deferralRate]
            let growth = CompoundGrowth(annualRate: rho)
            func d(_ k: Int) -> Double { growth.discount(month: k - 1) }
            var offer = Offer(contract: c)
            var relief = 0.0
            for item in concessionMenu(c, t, through: last, terms: terms, discount: d) where relief < need {
                let scale = item.kind == .option ? 1 : min(1, (need - relief) / item.relief)
                relief += scale * item.relief
                offer.valueGivenUp += scale * item.value
                offer.concessions.insert(item.kind)
                switch item.kind {
                case .deferral: offer.deferral = scale
                case .termExtension: offer.termExtension = scale
                case .priceCut: offer.priceCut = scale
                default: break
                }
            }
            guard relief >= need * (1 - 1e-12) else { return nil }
            let v = contractValues(c, t, through: last, discount: d)
            let enforce = coverage * v.window + d(max(1, Int((coverage * Double(last - t)).rounded()))) * v.laterDefault
            guard (1 - q) * (v.carryOn - offer.valueGivenUp) + q * v.laterDefault > enforce else { return nil }
            package.append(offer)
        }
        return package
    }

    /// Contract c's concessions at their largest sizes, sorted by the value given up per dollar of
    /// relief in the window (ties in the order deferral, extension, option, price cut), without those
    /// that relieve nothing, at the shares of `concessionShares`.
    ///
    /// - deferral: `A = d × Σ_window charge_s` deferred as the charges fall due, repaid in
    ///   `deferral_months` instalments from the month after the window with interest (`scheduleRepayment`);
    ///   `Δ = d × Σ_window charge_s D(s − t) − Σ_k instalment_k D(s_k − t)`;
    /// - extension: the same with `termExtensionmonths` instalments from the month after the later of the
    ///   window and the term, without interest;
    /// - option: the undelivered active tranches; relief their charges in the window; Δ their charges
    ///   to the term's end, discounted, less the provider's capex not yet spent on them, discounted;
    /// - price cut: relief `x × Σ_window charge_s`; `Δ = x × Σ_{s>t} charge_s D(s − t)` to the term's end.
    func concessionMenu(_ c: Int, _ t: Int, through last: Int, terms: BuyerLayout.Restructuring,
                        discount d: (Int) -> Double) -> [(kind: Concessions, relief: Double, value: Double)] {
        let layout = model.contracts[c]
        let use = forwardUse(c, t)
        let end = min(last, termEnd(c))
        var window = 0.0, windowValue = 0.0, termValue = 0.0
        for s in (t + 1)...termEnd(c) {
            let charge = expectedCharge(c, s, use: use)
            termValue += charge * d(s - t)
            if s <= end { window += charge; windowValue += charge * d(s - t) }
        }
        let (deferralShare, extensionShare, priceCut) = concessionShares(c, terms)
        var menu: [(kind: Concessions, relief: Double, value: Double)] = []
        func repayment(_ amount: Double, from first: Int, instalments n: Int, annualRate: Double) -> Double {
            guard n > 0 else { return 0 }
            let i = DebtBook.monthlyRate(annual: annualRate)
            var value = 0.0
            for k in 1...n { value += (amount / Double(n) + i * amount * (1 - Double(k - 1) / Double(n))) * d(first + k - 1 - t) }
            return value
        }
        let deferralMonths = PathSimulator.wholeMonths(values[terms.deferralMonths])
        if deferralShare > 0, deferralMonths > 0 {
            let a = deferralShare * window
            menu.append((.deferral, a, deferralShare * windowValue - repayment(a, from: last + 1, instalments: deferralMonths, annualRate: values[terms.deferralRate])))
        }
        let extensionMonths = PathSimulator.wholeMonths(values[terms.extensionMonths])
        if extensionShare > 0, extensionMonths > 0 {
            let a = extensionShare * window
            menu.append((.termExtension, a, extensionShare * windowValue - repayment(a, from: max(last, termEnd(c)) + 1, instalments: extensionMonths, annualRate: 0)))
        }
        var optionRelief = 0.0, optionValue = 0.0
        for j in layout.tranches where trancheStatus[j].isActive && trancheDelivery[j] > t && trancheDelivery[j] <= layout.lastMonth {
            let mw = values[model.tranches[j].mw]
            for s in trancheDelivery[j]...termEnd(c) {
                let charge = use * chargeablePrice(c, s) * mw
                optionValue += charge * d(s - t)
                if s <= end { optionRelief += charge }
            }
            optionValue -= unspentCapexValue(c, j, after: t, discount: d)
        }
        if optionRelief > 0 { menu.append((.option, optionRelief, optionValue)) }
        if priceCut > 0 { menu.append((.priceCut, priceCut * window, priceCut * termValue)) }
        return menu.filter { $0.relief > 0 }.sorted {
            let (x, y) = ($0.value / $0.relief, $1.value / $1.relief)
            return x < y || (x == y && $0.kind.rawValue < $1.kind.rawValue)
        }
    }

    /// The capex tranche j of contract c still has to cost its builder after month t (as `scheduleBuild`
    /// books it), discounted to t with `d`.
    func unspentCapexValue(_ c: Int, _ j: Int, after t: Int, discount d: (Int) -> Double) -> Double {
        var value = 0.0
        forEachBuildPayment(c, j, plannedDelivery: tranchePlannedDelivery[j]) { amount, s, _ in
            if s > t { value += amount * d(s - t) }
        }
        return value
    }

    /// Contract c's values to its provider at month t with the discount factors d (k months after t):
    /// carrying on as written (F), a later default (G), both as in `deferralValues` with nothing asked,
    /// and its expected charges in the window, discounted (F and E on the expected charges, `expectedCharge`).
    func contractValues(_ c: Int, _ t: Int, through last: Int, discount d: (Int) -> Double)
        -> (carryOn: Double, laterDefault: Double, window: Double) {
        let state = contractState[c]
        let use = forwardUse(c, t)
        var charges = 0.0, window = 0.0
        for s in (t + 1)...termEnd(c) {
            let charge = expectedCharge(c, s, use: use) * d(s - t)
            charges += charge
            if s <= last { window += charge }
        }
        let owed = state.deferredOutstanding + state.chipOutstanding
        let (claim, _) = takeOrPayClaim(c, at: t)
        let retained = min(state.credit, claim)
        let recovered = recoveries(c, at: t, claim: claim, retained: retained, deferred: state.deferredOutstanding, chips: state.chipOutstanding,
                                   rate: state.recoveryRate).vendor
        let later = d(state.recoveryLag) * recovered - (state.credit - retained) + releaseValue(c, after: t, discount: d)
        return (charges + owed - state.credit, later, window)
    }

    /// Puts an agreed offer's terms on the path from month t + 1: the deferral's and the extension's
    /// amounts become credit used against the charges as they fall due (`bill`), their repayment
    /// scheduled; the option's tranches stop being built and wait for a decision in the month their
    /// build would start (`decideOptions`, with the restructuring's margin and runway, without fee);
    /// the price of every later month is cut.
    mutating func grant(_ offer: Offer, _ t: Int, through last: Int, terms: BuyerLayout.Restructuring) {
        let c = offer.contract
        let layout = model.contracts[c]
        let end = min(last, termEnd(c))
        var window = 0.0
        let use = forwardUse(c, t)
        for s in (t + 1)...end { window += expectedCharge(c, s, use: use) }
        let (deferralShare, extensionShare, priceCut) = concessionShares(c, terms)
        if offer.concessions.contains(.deferral) {
            let amount = offer.deferral * deferralShare * window
            contractState[c].concessionCredit += amount
            scheduleRepayment(c, amount: amount, from: last + 1, instalments: PathSimulator.wholeMonths(values[terms.deferralMonths]),
                              annualRate: values[terms.deferralRate])
        }
        if offer.concessions.contains(.termExtension) {
            let amount = offer.termExtension * extensionShare * window
            contractState[c].concessionCredit += amount
            scheduleRepayment(c, amount: amount, from: max(last, termEnd(c)) + 1,
                              instalments: PathSimulator.wholeMonths(values[terms.extensionMonths]), annualRate: 0)
        }
        if offer.concessions.contains(.option) {
            let lead = buildLead(layout.host)
            for j in layout.tranches where trancheStatus[j].isActive && trancheDelivery[j] > t && trancheDelivery[j] <= layout.lastMonth {
                scheduleBuild(c, j, plannedDelivery: tranchePlannedDelivery[j], sign: -1, after: t)
                trancheStatus[j] = .converted
                trancheDecisionMonth[j] = max(t + 1, tranchePlannedDelivery[j] - lead)
            }
            rebuildDeliveredPlan(c)
        }
        if offer.concessions.contains(.priceCut) {
            let factor = 1 - offer.priceCut * priceCut
            for s in (t + 1)..<model.months { ledger.contracts[.price, c, s] *= factor }
            contractState[c].priceFactor *= factor
        }
        summary.concessions[c].formUnion(offer.concessions)
        summary.concessionValue[c] += offer.valueGivenUp
    }

    /// The largest shares of a package, taken in order so that together they never exceed the charge:
    /// deferral `d`, extension `min(e, 1 − d)`, price cut `min(y, 1 − d − e)` where y is what is left
    /// of `max_price_cut` x after the cuts already granted, `1 − (1 − x) ÷ priceFactor`.
    @inline(__always)
    func concessionShares(_ c: Int, _ terms: BuyerLayout.Restructuring) -> (deferral: Double, extension: Double, priceCut: Double) {
        let deferral = min(1, max(0, values[terms.deferralShare]))
        let stretch = min(1 - deferral, max(0, values[terms.extensionShare]))
        let left = 1 - (1 - min(1, max(0, values[terms.maxPriceCut]))) / contractState[c].priceFactor
        return (deferral, stretch, min(1 - deferral - stretch, max(0, left)))
    }
}
