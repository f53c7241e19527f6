import OfftakeModel
import RealModule

/// The buyer's workout ladder and, when it fails, the default and the providers' claims
/// (docs/model.md, "Workout" and "Default").
extension PathSimulator {
    /// Month t's ladder, tried in order while cash (after operating flows and funding) is below
    /// `min_cash`: (1) austerity already cut training at the start of the month; (2) draw the credit
    /// facility up to its limit; (3) cancel undelivered tranches that carry a termination fee,
    /// paying the fees; (4) ask providers to defer charges; (5) sublet idle capacity. The buyer
    /// defaults (`stepBuyer`) only if cash is still below zero. When cash is not short, the facility
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
        // (3) Cancel undelivered tranches, paying their fees.
        if cash < minCash && w.cancel {
            let fees = cancelUndelivered(b, t)
            cash -= fees
            ledger.buyers[.contractPayments, b, t] += fees
            ledger.buyers[.operatingCashFlow, b, t] -= fees
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
            var idle = 0.0
            for c in model.buyerContracts[b] { idle += max(0, ledger.contracts[.deliveredMW, c, t] - ledger.contracts[.usedMW, c, t]) }
            let income = idle * market.price[t] * values[discount]
            ledger.buyers[.subletMW, b, t] = idle
            ledger.buyers[.subletIncome, b, t] = income
            ledger.buyers[.operatingCashFlow, b, t] += income
            cash += income
        }
        return cash
    }

    /// Asks the providers of the buyer's contracts, in contract order, to defer `share` of what the
    /// buyer pays them this month (for a hardware deal, of the chip vendor's part), until `need` is
    /// met. A deferral is due `months` later (at most at the contract's last month and the horizon's
    /// end), with interest; a contract's deferred balance is capped at `cap_months` × its charge this
    /// month. Each provider decides by `providerAcceptsDeferral`.
    /// - Returns: the amount deferred.
    mutating func requestDeferrals(_ b: Int, _ t: Int, need: Double, terms: BuyerLayout.Deferral) -> Double {
        var remaining = need
        for c in model.buyerContracts[b] where remaining > 0 {
            let layout = model.contracts[c]
            let payable = ledger.contracts[.cash, c, t] - ledger.contracts[.hostingCash, c, t]
            guard payable > 0 else { continue }
            let due = min(t + PathSimulator.wholeMonths(values[terms.months]), layout.lastMonth, model.months - 1)
            guard due > t else { continue }
            let room = values[terms.cap] * ledger.contracts[.charge, c, t] - contractState[c].deferredOutstanding
            let amount = min(values[terms.share] * payable, room, remaining)
            guard amount > 0 else { continue }
            let growth = ContractPricing.escalation(values[terms.rate], months: due - t)
            guard providerAcceptsDeferral(c, t, amount: amount, due: due, growth: growth, belief: values[terms.belief]) else {
                summary.deferralRefusals[c] += 1
                continue
            }
            ledger.contracts[.cash, c, t] -= amount
            ledger.contracts[.deferred, c, t] = amount
            summary.contractPaid[c] -= amount
            contractState[c].deferredOutstanding += amount
            contractState[c].deferredTotal += amount
            plans.contracts[.deferralPrincipalDue, c, due] += amount
            plans.contracts[.deferralInterestDue, c, due] += amount * (growth - 1)
            remaining -= amount
        }
        return need - remaining
    }

    /// The provider's rule for a deferral of `amount` (repaid × `growth` at `due`), with q its belief
    /// that the buyer still defaults before then, R the recovery rate, C the claim it would file if the
    /// buyer defaulted now, V the contract's remaining value, L what its capacity would earn re-let
    /// at today's market price (falling at the market's decline, × the re-lease discount; 0 for a
    /// hardware deal and for a provider without a balance sheet it is the market price itself), and
    /// δ its discount factor to `due`:
    ///
    /// accept ⇔ (1 − q)·(amount·growth·δ + V) + q·(R·(C + amount) + L) > R·C + L.
    ///
    /// Refusing ends the contract now (recovery on the claim, capacity re-let); accepting keeps it
    /// with probability 1 − q. Providers therefore refuse when re-letting the capacity at market is
    /// worth more than the contract — when the contract is below market or the buyer looks doomed.
    @inline(__always)
    func providerAcceptsDeferral(_ c: Int, _ t: Int, amount: Double, due: Int, growth: Double, belief q: Double) -> Bool {
        let layout = model.contracts[c]
        let state = contractState[c]
        let (claim, remaining) = claimIfDefault(c, at: t)
        let f = model.providers[layout.provider].financials
        let relet = releaseValue(c, after: t)
        // δ: at the provider's WACC; a provider without a balance sheet discounts at the deferral's own rate.
        let delta = f.map { PathSimulator.discount(values[$0.wacc], month: due - t - 1) } ?? (growth > 0 ? 1 / growth : 1)
        let r = state.recoveryRate
        let accept = (1 - q) * (amount * growth * delta + remaining) + q * (r * (claim + amount) + relet)
        let refuse = r * claim + relet
        return accept > refuse
    }

    /// What contract c's providers could claim if the buyer defaulted at the end of month t:
    /// `claim` = the take-or-pay value of the remaining term (capped at `termination_fee_months` ×
    /// the current charge) + deferred charges outstanding + chip principal outstanding; `remaining`
    /// = the same without the cap (the value of carrying on).
    @inline(__always)
    func claimIfDefault(_ c: Int, at t: Int) -> (claim: Double, remaining: Double) {
        let (capped, remaining) = takeOrPayClaim(c, at: t)
        let owed = contractState[c].deferredOutstanding + contractState[c].chipOutstanding
        return (capped + owed, remaining + owed)
    }

    /// The take-or-pay value of contract c's term after month t as delivered (`remaining`) and the
    /// claim on it, capped at `termination_fee_months × price_t × MW_t` when a fee is set (MW of the
    /// first delivery when nothing is delivered yet).
    @inline(__always)
    func takeOrPayClaim(_ c: Int, at t: Int) -> (capped: Double, remaining: Double) {
        let layout = model.contracts[c]
        let state = contractState[c]
        var remaining = 0.0
        if t < layout.lastMonth {
            for s in (t + 1)...layout.lastMonth { remaining += state.takeOrPay * chargeablePrice(c, s) * plannedMW(c, s) }
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
            guard t < layout.lastMonth else { continue }
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
        let index = market.price[0] > 0 ? market.price[t] / market.price[0] : 0
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
