import OfftakeModel
import RealModule

/// The buyer's workout ladder and, when it fails, the default and the providers' claims
/// (docs/model.md, "Workout" and "Default").
extension PathSimulator {
    /// Month t's ladder, tried in order while cash (after operating flows and funding) is below
    /// `min_cash`: (1) austerity already cut training at the start of the month; (2) draw the credit
    /// facility up to its limit; (3) cancel the undelivered tranches (of contracts with a termination
    /// fee) whose fee is below the take-or-pay charges they would bring, paying the fees from cash
    /// above zero and deferring the rest (`cancelUndelivered`); (4) ask providers to defer charges;
    /// (5) sublet idle capacity. No step takes cash below zero: the buyer defaults (`stepBuyer`) only
    /// if cash was already short of what the month's flows need. When cash is not short, the facility
    /// is repaid from cash above `min_cash` in a month of positive operating cash flow.
    /// - Returns: cash after the ladder.
    mutating func workout(_ b: Int, _ t: Int, cash start: Double) -> Double {
        let w = model.buyers[b].workout
        var cash = start
        let minCash = values[w.minCash]
        ledger.buyers[.facilityDraw, b, t] = 0
        ledger.buyers[.facilityRepayment, b, t] = 0
        guard cash < minCash else {
            if buyerState[b].facilityDrawn > 0 && ledger.buyers[.operatingCashFlow, b, t] > 0 {
                let repayment = min(buyerState[b].facilityDrawn, cash - minCash)
                buyerState[b].facilityDrawn -= repayment
                ledger.buyers[.facilityRepayment, b, t] = repayment
                cash -= repayment
            }
            return cash
        }
        // (2) Credit facility: limit = min(multiple × trailing-12-month revenue, max).
        if let facility = w.facility {
            var limit = values[facility.multiple] * trailingRevenue(b, t)
            if let cap = facility.max { limit = min(limit, values[cap]) }
            let draw = max(0, min(limit - buyerState[b].facilityDrawn, minCash - cash))
            buyerState[b].facilityDrawn += draw
            ledger.buyers[.facilityDraw, b, t] = draw
            cash += draw
        }
        // (3) Cancel undelivered tranches worth cancelling; fees paid from cash above zero, the rest deferred.
        if cash < minCash && w.cancel {
            let paid = cancelUndelivered(b, t, cash: cash, terms: w.deferral)
            cash -= paid
            ledger.buyers[.contractPayments, b, t] += paid
            ledger.buyers[.operatingCashFlow, b, t] -= paid
        }
        // (4) Defer charges.
        if cash < minCash, let terms = w.deferral {
            let deferred = requestDeferrals(b, t, need: minCash - cash, terms: terms)
            cash += deferred
            ledger.buyers[.contractPayments, b, t] -= deferred
            ledger.buyers[.operatingCashFlow, b, t] += deferred
        }
        // (5) Sublet idle contracted capacity at the market price × discount.
        if cash < minCash, let discount = w.subletDiscount {
            var idle = 0.0, value = 0.0
            for c in model.buyerContracts[b] {
                let mw = max(0, ledger.contracts[.deliveredMW, c, t] - ledger.contracts[.usedMW, c, t])
                idle += mw
                value += mw * contractMarketPrice(c, t)
            }
            // Without a supply side every contract fetches the one market price: the sum factored, as
            // it has always been computed (the same value, rounded the same way).
            if model.market.supply == nil { value = idle * market.price[t] }
            let income = value * values[discount]
            ledger.buyers[.subletMW, b, t] = idle
            ledger.buyers[.subletIncome, b, t] = income
            ledger.buyers[.operatingCashFlow, b, t] += income
            cash += income
        }
        return cash
    }

    /// The repayment terms of a deferral of the buyer's charges: `n = months` (whole months) equal
    /// monthly principal instalments from the month after the deferral, with interest at the annual
    /// `interest_rate` (`deferPayment`).
    @inline(__always)
    func deferralTerms(_ terms: BuyerLayout.Deferral) -> (instalments: Int, annualRate: Double) {
        (PathSimulator.wholeMonths(values[terms.months]), values[terms.rate])
    }

    /// Asks the providers of the buyer's contracts, in contract order, to defer `share` of what the
    /// buyer pays them this month (for a hardware deal, of the chip vendor's part), until `need` is
    /// met. A contract's deferred balance is capped at `cap_months` × its charge this month. Each
    /// provider decides by `providerAcceptsDeferral`; an accepted deferral is repaid on the schedule
    /// of `deferPayment`. A refused request changes nothing but the count of refusals: the charge
    /// stays payable this month (docs/model.md, "Workout", on why a refusal does not end the contract).
    /// - Returns: the amount deferred.
    mutating func requestDeferrals(_ b: Int, _ t: Int, need: Double, terms: BuyerLayout.Deferral) -> Double {
        var remaining = need
        let (n, r) = deferralTerms(terms)
        guard n > 0 else { return 0 }
        for c in model.buyerContracts[b] where remaining > 0 {
            let payable = ledger.contracts[.cash, c, t] - ledger.contracts[.hostingCash, c, t]
            guard payable > 0 else { continue }
            let room = values[terms.cap] * ledger.contracts[.charge, c, t] - contractState[c].deferredOutstanding
            let amount = min(values[terms.share] * payable, room, remaining)
            guard amount > 0 else { continue }
            guard providerAcceptsDeferral(c, t, amount: amount, instalments: n, annualRate: r, belief: values[terms.belief]) else {
                summary.deferralRefusals[c] += 1
                continue
            }
            deferPayment(c, t, amount: amount, instalments: n, annualRate: r)
            remaining -= amount
        }
        return need - remaining
    }

    /// Takes `amount` off contract c's cash of month t and owes it from then on: repaid in n equal
    /// principal instalments `amount/n` in months t + 1 … t + n, each with interest
    /// `i × amount × (1 − (k − 1)/n)` (k = 1 … n: the balance owed at the start of the month;
    /// `i = (1 + annual rate)^{1/12} − 1`). The
    /// schedule runs on after the contract's last month (the buyer still owes it); instalments after
    /// the horizon are kept apart and counted at the end of the path (`finish`) if the buyer is alive.
    mutating func deferPayment(_ c: Int, _ t: Int, amount: Double, instalments n: Int, annualRate: Double) {
        ledger.contracts[.cash, c, t] -= amount
        ledger.contracts[.deferred, c, t] += amount
        summary.contractPaid[c] -= amount
        contractState[c].deferredOutstanding += amount
        contractState[c].deferredTotal += amount
        scheduleRepayment(c, amount: amount, from: t + 1, instalments: n, annualRate: annualRate)
    }

    /// Schedules the repayment of `amount` of contract c's deferred charges in n equal principal
    /// instalments `amount/n` in months `first … first + n − 1`, each with interest
    /// `i × amount × (1 − (k − 1)/n)` (k = 1 … n), i the monthly rate of `annualRate`. Instalments after
    /// the horizon are kept apart (`ContractState.afterHorizonPrincipal`, and their value to the provider
    /// at its WACC).
    mutating func scheduleRepayment(_ c: Int, amount: Double, from first: Int, instalments n: Int, annualRate: Double) {
        precondition(n > 0)
        let i = DebtBook.monthlyRate(annual: annualRate)
        let T = model.months
        let wacc = model.providers[model.contracts[c].provider].financials.map { values[$0.wacc] }
        for k in 1...n {
            let principal = amount / Double(n)
            let interest = i * amount * (1 - Double(k - 1) / Double(n))
            let s = first + k - 1
            if s < T {
                plans.contracts[.deferralPrincipalDue, c, s] += principal
                plans.contracts[.deferralInterestDue, c, s] += interest
            } else {
                contractState[c].afterHorizonPrincipal += principal
                contractState[c].afterHorizonValue += (principal + interest) * (wacc.map { PathSimulator.discount($0, month: s) } ?? 0)
            }
        }
    }

    /// The provider's rule for a deferral of `amount` a, repaid on `deferPayment`'s schedule (n
    /// instalments at monthly rate i = (1 + annual rate)^{1/12} − 1). Every amount is valued at month t at the provider's rate ρ — its
    /// WACC, or for a provider without a balance sheet the deferral's own rate — with the discount
    /// factor `D(k) = (1 + ρ)^{−k/12}` for k months after t; q is its belief that the buyer defaults:
    ///
    /// - carry on (the buyer pays): `F = V + O + A − credit`, V = Σ_{s>t} take_or_pay × price_s × MW_s × D(s − t)
    ///   over the term as delivered (the capacity provider's charges; 0 for a hardware deal's chip vendor),
    ///   O = deferred charges and chip principal already owed, A = Σ_k (a/n + i·a·(1 − (k−1)/n)) × D(k),
    ///   credit = prepayment credit not yet used;
    /// - enforce now (refuse: the charge stays due this month, and a buyer that cannot pay it defaults):
    ///   `E = a + D(lag) × rec(O) − refund + L`;
    /// - a later default (as the provider fears it: before anything more is paid):
    ///   `G = D(lag) × rec(O + a) − refund + L`;
    ///
    /// where `rec(x)` is what the provider recovers at a default with x deferred outstanding
    /// (`recoveries`: R × (claim − credit kept + x) for capacity; the chips as collateral plus
    /// R × the rest for a hardware vendor), refund the prepayment credit returned above the claim, and
    /// L the re-let value of the capacity online now (`releaseValue`).
    ///
    /// accept ⇔ (1 − q)·F + q·G > E; a tie refuses.
    ///
    /// Since rec is linear in x, `E − G = a × (1 − R·D(lag)) ≥ 0`: if F < G the provider refuses for
    /// every q, and otherwise (1 − q)·F + q·G falls as q rises. More belief in default never makes
    /// accepting more likely, and at q = 1 every request is refused.
    @inline(__always)
    func providerAcceptsDeferral(_ c: Int, _ t: Int, amount a: Double, instalments n: Int, annualRate: Double, belief q: Double) -> Bool {
        let v = deferralValues(c, t, amount: a, instalments: n, annualRate: annualRate)
        return (1 - q) * v.carryOn + q * v.laterDefault > v.enforce
    }

    /// F, G and E of `providerAcceptsDeferral`.
    @inline(__always)
    func deferralValues(_ c: Int, _ t: Int, amount a: Double, instalments n: Int, annualRate: Double)
        -> (carryOn: Double, laterDefault: Double, enforce: Double) {
        let layout = model.contracts[c]
        let state = contractState[c]
        let i = DebtBook.monthlyRate(annual: annualRate)
        let rho = model.providers[layout.provider].financials.map { values[$0.wacc] } ?? annualRate
        let growth = CompoundGrowth(annualRate: rho)
        // D(k) = (1 + ρ)^{−k/12} = growth.discount(month: k − 1).
        func d(_ k: Int) -> Double { growth.discount(month: k - 1) }
        var charges = 0.0
        if providerBillsCapacity(c), t < termEnd(c) {
            for s in (t + 1)...termEnd(c) { charges += state.takeOrPay * chargeablePrice(c, s) * plannedMW(c, s) * d(s - t) }
        }
        var repayment = 0.0
        for k in 1...n { repayment += (a / Double(n) + i * a * (1 - Double(k - 1) / Double(n))) * d(k) }
        let owed = state.deferredOutstanding + state.chipOutstanding
        let carryOn = charges + owed + repayment - state.credit
        let (claim, _) = takeOrPayClaim(c, at: t)
        let retained = min(state.credit, claim)
        let refund = state.credit - retained
        let lag = d(state.recoveryLag)
        let now = recoveries(c, at: t, claim: claim, retained: retained, deferred: state.deferredOutstanding, chips: state.chipOutstanding,
                             rate: state.recoveryRate).vendor
        let later = recoveries(c, at: t, claim: claim, retained: retained, deferred: state.deferredOutstanding + a, chips: state.chipOutstanding,
                               rate: state.recoveryRate).vendor
        let relet = releaseValue(c, after: t, discount: d)
        return (carryOn, lag * later - refund + relet, a + lag * now - refund + relet)
    }

    /// The take-or-pay value of contract c's term after month t as delivered (`remaining`) and the
    /// claim on it, capped at `termination_fee_months × price_t × MW_t` when a fee is set (MW of the
    /// first delivery when nothing is delivered yet).
    @inline(__always)
    func takeOrPayClaim(_ c: Int, at t: Int) -> (capped: Double, remaining: Double) {
        let state = contractState[c]
        var remaining = 0.0
        if t < termEnd(c) {
            for s in (t + 1)...termEnd(c) { remaining += state.takeOrPay * chargeablePrice(c, s) * plannedMW(c, s) }
        }
        guard let feeMonths = state.terminationFeeMonths else { return (remaining, remaining) }
        let currentMW = plans.contracts[.deliveredMW, c, t] > 0 ? plans.contracts[.deliveredMW, c, t] : firstDeliveredMW(c)
        return (min(remaining, feeMonths * ledger.contracts[.price, c, t] * currentMW), remaining)
    }

    /// Terminates the buyer's contracts at the end of month t (its invoices were paid). Per contract:
    /// the capacity (or hosting) claim is the take-or-pay value of the remaining term, capped by the
    /// termination fee; unused prepayment credit is kept against it; deferred charges outstanding join
    /// the claim uncapped. A capacity provider recovers `recovery_rate` × its claim. A hardware
    /// deal's chip vendor recovers the chips (market value × (1 − haircut), at most the chip principal
    /// owed) plus `recovery_rate` × the rest of what it is owed; its host recovers `recovery_rate` × the
    /// hosting claim. Recoveries arrive `recovery_lag_months` later. Delivered MW become stranded.
    mutating func defaultBuyer(_ b: Int, at t: Int) {
        buyerState[b].defaultMonth = t
        summary.defaultMonth[b] = t
        let T = model.months
        for c in model.buyerContracts[b] {
            let layout = model.contracts[c]
            let (claim, remaining) = takeOrPayClaim(c, at: t)
            var state = contractState[c]
            defer { contractState[c] = state }
            let retained = min(state.credit, claim)
            let refund = state.credit - retained
            state.credit = 0
            let r = state.recoveryRate
            let deferred = state.deferredOutstanding
            let chips = state.chipOutstanding
            let (vendorRecovery, hostRecovery) = recoveries(c, at: t, claim: claim, retained: retained, deferred: deferred, chips: chips, rate: r)
            summary.contractValue[c] += remaining + chips
            summary.contractPaid[c] -= refund
            summary.contractClaim[c] = claim - retained + deferred + chips
            summary.deferredRecovered[c] = r * deferred
            summary.deferredWrittenOff[c] = deferred - r * deferred
            state.deferredOutstanding = 0
            state.chipOutstanding = 0
            ledger.providers[.refunds, layout.host, t] += refund
            let when = t + state.recoveryLag
            if when < T {
                ledger.contracts[.recovery, c, when] += vendorRecovery
                ledger.contracts[.hostRecovery, c, when] += hostRecovery
            } else {
                summary.recoveryAfterHorizon[c] += vendorRecovery
                summary.hostRecoveryAfterHorizon[c] += hostRecovery
                summary.contractPaid[c] += vendorRecovery + hostRecovery
                state.recoveryAfterHorizonMonth = when
            }
            guard t < termEnd(c) else { continue }
            // Stranded capacity: what is online now waits for a new tenant (geometric waiting time).
            state.strandedMW = plans.contracts[.deliveredMW, c, t]
            state.strandedFrom = t + 1
            if let f = model.providers[layout.host].financials {
                state.releaseMonth = PathSimulator.releaseMonth(after: t, hazard: values[f.releaseHazard], uniform: state.releaseUniform)
            } else {
                state.releaseMonth = Int.max
            }
        }
    }

    /// Market value at month t of a hardware deal's delivered chips: price × MW × the undepreciated
    /// share of the accelerator's life × the compute price index `P_t / P_0`.
    @inline(__always)
    func chipCollateral(_ c: Int, at t: Int) -> Double {
        let layout = model.contracts[c]
        let life = values[model.accelerators[layout.accelerator].lifeMonths]
        let index = priceIndex(c, at: t)
        var value = 0.0
        for j in layout.tranches where trancheStatus[j].isActive && trancheDelivery[j] <= t {
            let age = Double(t - max(0, trancheDelivery[j]))
            value += contractState[c].chipPricePerMW * values[model.tranches[j].mw] * max(0, 1 - age / life)
        }
        return value * index
    }

    /// Month the stranded block is re-leased: t + K with K ≥ 1 geometric(hazard), by inversion of u.
    static func releaseMonth(after t: Int, hazard: Double, uniform u: Double) -> Int {
        guard hazard > 0 else { return Int.max }
        guard hazard < 1 else { return t + 1 }
        let k = (Double.log(onePlus: -u) / Double.log(onePlus: -hazard)).rounded(.up)
        return k >= Double(Int32.max) ? Int.max : t + max(1, Int(k))
    }

    @inline(__always)
    func chargeablePrice(_ c: Int, _ s: Int) -> Double {
        s < model.months ? ledger.contracts[.price, c, s] : 0
    }

    @inline(__always)
    func plannedMW(_ c: Int, _ s: Int) -> Double { s < model.months ? plans.contracts[.deliveredMW, c, s] : 0 }

    @inline(__always)
    func firstDeliveredMW(_ c: Int) -> Double {
        for t in 0..<model.months where plans.contracts[.deliveredMW, c, t] > 0 { return plans.contracts[.deliveredMW, c, t] }
        return 0
    }
}
