import OfftakeModel
import RealModule

/// Contracts on a path: which tranches are delivered when (firm, options exercised or lapsed,
/// tranches cancelled in a workout), what the provider builds for them, and the monthly bill.
extension PathSimulator {
    /// Rebuilds contract c's delivered-MW plan: `MW_t = Σ mw_j` over the active tranches j (firm or
    /// exercised) with delivery ≤ t, for t up to the contract's last month (0 after it).
    ///
    /// The set of tranches delivered by t changes only in a month some active tranche is delivered
    /// (`next`), so the sum is formed afresh, over j in order, only in month 0 and in those months and
    /// carried in between: the same doubles as summing every month, without the tranche loop in most.
    mutating func rebuildDeliveredPlan(_ c: Int) {
        let layout = model.contracts[c]
        var mw = 0.0
        var next = 0  // the first month whose set of delivered tranches may differ from the last sum's
        for t in 0..<model.months {
            guard t <= contractState[c].end else {
                plans.contracts[.deliveredMW, c, t] = 0
                continue
            }
            if t >= next {
                mw = 0.0
                next = Int.max
                for j in layout.tranches where trancheStatus[j].isActive {
                    let delivery = trancheDelivery[j]
                    // A tranche due after the original term is never built, even if the contract renews.
                    if delivery <= t && delivery <= layout.lastMonth { mw += values[model.tranches[j].mw] } else { next = min(next, delivery) }
                }
            }
            // After its builder's default only the kept share is served.
            plans.contracts[.deliveredMW, c, t] = t >= contractState[c].lostFrom ? mw * contractState[c].keptShare : mw
        }
    }

    /// The payments of tranche j of contract c's build for its builder (`ContractLayout.host`), as
    /// `BuildOut` schedules them for a planned delivery: the owned share of the facility over the build
    /// months before it, and, for a capacity rental, the chips over the builder's chip lead before it or
    /// at actual delivery. A leased share of the facility is built by a developer, not by the provider.
    /// `body(amount, month, beforeDelivery)`.
    func forEachBuildPayment(_ c: Int, _ j: Int, plannedDelivery: Int, _ body: (Double, Int, Bool) -> Void) {
        let contract = model.contracts[c]
        guard let f = model.providers[contract.host].financials else { return }
        let v = values
        let leased = f.leases.map { v[$0.share] } ?? 0
        let chips = hostOwnsChips(c) ? v[model.accelerators[contract.accelerator].capexPerMW] : 0
        BuildOut.schedule(
            mw: v[model.tranches[j].mw], facilityCapexPerMW: v[f.facilityCapexPerMW] * (1 - leased), chipCapexPerMW: chips,
            plannedDelivery: plannedDelivery, actualDelivery: trancheDelivery[j], lastMonth: contract.lastMonth,
            buildMonths: PathSimulator.wholeMonths(v[f.buildMonths]), chipLeadMonths: PathSimulator.wholeMonths(v[f.chipLeadMonths]), body)
    }

    /// The months before a planned delivery from which provider p's build spends (`BuildOut.lead`); 0
    /// without financials.
    func buildLead(_ p: Int) -> Int {
        guard let f = model.providers[p].financials else { return 0 }
        return BuildOut.lead(buildMonths: PathSimulator.wholeMonths(values[f.buildMonths]),
                             chipLeadMonths: PathSimulator.wholeMonths(values[f.chipLeadMonths]))
    }

    /// Books (sign +1) or takes back (sign −1, months after `after` only) the capex of tranche j of
    /// contract c for its builder (`forEachBuildPayment`): instalments before the planned delivery in
    /// `buildCapex` (a halted build stops them), chips at delivery in `chipCapex`. A month's plan is a
    /// sum of payments, never negative: what a take-back leaves below zero is rounding (the month's
    /// instalments of several tranches added and taken back in another order) and is set to zero.
    mutating func scheduleBuild(_ c: Int, _ j: Int, plannedDelivery: Int, sign: Double, after: Int) {
        let T = model.months, host = model.contracts[c].host
        forEachBuildPayment(c, j, plannedDelivery: plannedDelivery) { amount, t, beforeDelivery in
            guard t > after else { return }
            if t < 0 {
                summary.providerSunkCapex[host] += sign * amount
            } else if t < T {
                let column: ContractPlan = beforeDelivery ? .buildCapex : .chipCapex
                plans.contracts[column, c, t] = max(0, plans.contracts[column, c, t] + sign * amount)
            }
        }
    }

    /// The buyer's forecast at month t of its demand in month s (MW): revenue potential grown at the
    /// current growth rate, `R_t · (1 + g_t)^{(s−t)/12}`, over the revenue one MW serves in month s,
    /// plus the training wanted in month s (`trainingWanted`).
    @inline(__always)
    func forecastDemand(_ b: Int, from t: Int, to s: Int) -> Double {
        let layout = model.buyers[b]
        let growth = buyerState[b].potential.growth(at: t)
        let revenue = ledger.buyers[.revenuePotential, b, t] * Double.exp(Double.log(onePlus: growth) * Double(max(0, s - t)) / 12)
        let perMW = values[layout.revenuePerMW] * buyerState[b].revenuePerMWTrend.factor(months: s)
        return (perMW > 0 ? revenue / perMW : 0) + trainingWanted(b, s)
    }

    /// Decides the buyer's option tranches whose decision month is t: exercised when the forecast
    /// demand for the tranche's start exceeds the buyer's capacity already due then × (1 + margin)
    /// and the runway is at least the option's minimum; otherwise lapsed, its fee paid this month.
    /// Options decided in the same month are taken in contract and tranche order, each seeing the
    /// capacity the previous ones added.
    mutating func decideOptions(_ b: Int, _ t: Int, runway: Double) {
        for k in model.buyerContracts[b].indices {
            let c = model.buyerContracts[b][k]
            let layout = model.contracts[c]
            for j in layout.tranches where trancheDecisionMonth[j] == t && (trancheStatus[j] == .pending || trancheStatus[j] == .converted) {
                let tranche = model.tranches[j]
                // A firm tranche a restructuring turned into an option: the restructuring's terms, no fee.
                let terms: (margin: Int, minRunway: Int, fee: Int?)
                if trancheStatus[j] == .converted, let r = model.buyers[b].workout.restructuring {
                    terms = (r.optionMargin, r.optionMinRunway, nil)
                } else if let option = tranche.option {
                    terms = (option.margin, option.minRunway, option.fee)
                } else { continue }
                let s = min(max(tranche.start, t), model.months - 1)
                var capacity = 0.0
                for k in model.buyerContracts[b] { capacity += plans.contracts[.deliveredMW, k, s] }
                let mw = values[tranche.mw]
                if forecastDemand(b, from: t, to: s) > capacity * (1 + values[terms.margin]) && runway >= values[terms.minRunway] {
                    exercise(c, j, at: t)
                    summary.optionExercisedMW[c] += mw
                } else {
                    trancheStatus[j] = .lapsed
                    summary.optionLapsedMW[c] += mw
                    if let fee = terms.fee { ledger.contracts[.fees, c, t] += values[fee] }
                }
            }
        }
    }

    /// Makes option tranche j firm at month t. Its builder starts only now: the tranche is ready at
    /// `max(start, t + lead)` (the longer of `build_months` and `chip_lead_months`), delivery follows
    /// with the contract's delay.
    mutating func exercise(_ c: Int, _ j: Int, at t: Int) {
        let contract = model.contracts[c]
        let planned = max(model.tranches[j].start, t + buildLead(contract.host))
        trancheStatus[j] = .exercised
        trancheDelivery[j] = planned + contractState[c].delay
        tranchePlannedDelivery[j] = planned
        rebuildDeliveredPlan(c)
        scheduleBuild(c, j, plannedDelivery: planned, sign: 1, after: t - 1)
    }

    /// Cancels, latest first, each active tranche of the buyer's contracts that carry a termination
    /// fee and is not yet delivered at month t, when cancelling improves the buyer's position over the
    /// months the tranche would run: its fee `termination_fee_months × price_t × MW` is below the
    /// take-or-pay charges it would bring, `Σ_{s=delivery}^{last} take_or_pay × price_s × MW` (a tie,
    /// or a tranche due after the term, is kept). The builder stops: capex after t is not spent.
    /// Contracts without a termination fee are firm and cannot be cancelled.
    ///
    /// The fees are contract payments of month t (value and paid), paid in contract order from the
    /// cash above zero (`cash`); what that cash cannot pay is deferred (`deferPayment`) on the buyer's
    /// deferral terms (`terms`), or without them in `termination_fee_months` (at least 1) instalments
    /// without interest: a cancellation never takes cash below zero.
    /// - Returns: the fees paid in cash this month.
    mutating func cancelUndelivered(_ b: Int, _ t: Int, cash: Double, terms: BuyerLayout.Deferral?) -> Double {
        var available = max(0, cash)
        var paid = 0.0
        for c in model.buyerContracts[b] {
            guard let feeMonths = contractState[c].terminationFeeMonths else { continue }
            let layout = model.contracts[c]
            let takeOrPay = contractState[c].takeOrPay
            var fees = 0.0
            var changed = false
            for j in layout.tranches.reversed() where trancheStatus[j].isActive && trancheDelivery[j] > t {
                let mw = values[model.tranches[j].mw]
                let fee = feeMonths * ledger.contracts[.price, c, t] * mw
                var avoided = 0.0
                if trancheDelivery[j] <= layout.lastMonth {
                    for s in trancheDelivery[j]...termEnd(c) { avoided += takeOrPay * chargeablePrice(c, s) * mw }
                }
                guard fee < avoided else { continue }
                scheduleBuild(c, j, plannedDelivery: tranchePlannedDelivery[j], sign: -1, after: t)
                trancheStatus[j] = .cancelled
                summary.cancelledMW[c] += mw
                fees += fee
                changed = true
            }
            guard changed else { continue }
            rebuildDeliveredPlan(c)
            ledger.contracts[.fees, c, t] += fees
            ledger.contracts[.cash, c, t] += fees
            summary.contractValue[c] += fees
            summary.contractPaid[c] += fees
            let now = min(fees, available)
            available -= now
            paid += now
            if fees > now {
                var (n, rate) = (0, 0.0)
                if let terms { (n, rate) = deferralTerms(terms) }
                if n == 0 { (n, rate) = (max(1, PathSimulator.wholeMonths(feeMonths)), 0) }
                deferPayment(c, t, amount: fees - now, instalments: n, annualRate: rate)
            }
        }
        return paid
    }

    /// MW of contract c first delivered in month t: the rise of its delivered schedule since t − 1
    /// (all of month 0's capacity at the horizon's start).
    @inline(__always)
    func newlyDelivered(_ c: Int, _ t: Int) -> Double {
        let mw = plans.contracts[.deliveredMW, c, t]
        return mw - (t > 0 ? min(plans.contracts[.deliveredMW, c, t - 1], mw) : 0)
    }

    /// Chips of a hardware deal newly delivered in month t (`ΔMW × chip price`): due at once, or in
    /// `financing_months` equal principal instalments from t (at most to the contract's last month)
    /// with interest on the balance still owed at the start of each month.
    mutating func scheduleChips(_ c: Int, _ t: Int, newMW: Double, terms hardware: ContractLayout.Hardware) {
        guard newMW > 0 else { return }
        let principal = newMW * contractState[c].chipPricePerMW
        contractState[c].chipOutstanding += principal
        let last = min(model.contracts[c].lastMonth, model.months - 1)
        let n = max(1, min(PathSimulator.wholeMonths(values[hardware.financingMonths]), last - t + 1))
        let rate = DebtBook.monthlyRate(annual: values[hardware.financingRate])
        for k in 0..<n {
            plans.contracts[.chipPrincipalDue, c, t + k] += principal / Double(n)
            plans.contracts[.chipInterestDue, c, t + k] += rate * principal * (1 - Double(k) / Double(n))
        }
    }

    /// Month t's bill under contract c (the buyer is alive): the capacity charge
    /// `price_t × max(take_or_pay × MW_t, used_t)` (for a hardware deal, hosting at the hosting
    /// price) less service credits (`serviceCredit`), the chip instalments due, deferred charges
    /// falling due with their interest, and fees; prepayment credit is used first. MW_t includes
    /// capacity the provider replaced. Writes the contract's ledger and returns the cash paid.
    mutating func bill(_ c: Int, _ t: Int, mw: Double, used: Double) -> Double {
        let newMW = newlyDelivered(c, t)
        let isHosting = settleKind(c, t, newMW: newMW)
        var state = contractState[c]
        defer { contractState[c] = state }
        let price = ledger.contracts[.price, c, t]
        let capacity = mw > 0 ? price * max(state.takeOrPay * mw, used) : 0
        let chipPrincipal = plans.contracts[.chipPrincipalDue, c, t], chipInterest = plans.contracts[.chipInterestDue, c, t]
        state.chipOutstanding = max(0, state.chipOutstanding - chipPrincipal)
        // Service credits (`delivery:`) come off the capacity charge; credit still owed at the term's end is paid out.
        let (serviceCredit, payout) = serviceCredit(c, t, capacityCharge: capacity, state: &state)
        let charge = capacity - serviceCredit + chipPrincipal + chipInterest
        var cash = 0.0
        if t == model.contracts[c].prepaymentMonth && state.prepayment > 0 {
            cash += state.prepayment
            state.credit += state.prepayment
        }
        let credit = min(state.credit, charge)
        state.credit -= credit
        // Charges a restructuring defers as they fall due (deferral, term extension).
        let waived = min(state.concessionCredit, charge - credit)
        state.concessionCredit -= waived
        state.deferredOutstanding += waived
        state.deferredTotal += waived
        cash += charge - credit - waived
        if t == model.contracts[c].lastMonth && state.credit > 0 {
            cash -= state.credit  // unused prepayment returned at the end of the term
            state.credit = 0
        }
        cash -= payout
        let repaid = min(plans.contracts[.deferralPrincipalDue, c, t], state.deferredOutstanding)
        let interest = plans.contracts[.deferralInterestDue, c, t]
        state.deferredOutstanding -= repaid
        let fees = ledger.contracts[.fees, c, t]
        cash += repaid + interest + fees
        ledger.contracts[.deliveredMW, c, t] = mw
        ledger.contracts[.usedMW, c, t] = used
        ledger.contracts[.charge, c, t] = charge - payout
        ledger.contracts[.serviceCredit, c, t] = serviceCredit + payout
        ledger.contracts[.cash, c, t] = cash
        ledger.contracts[.hostingCash, c, t] = isHosting ? min(capacity, max(0, cash)) : 0
        ledger.contracts[.hostingCharge, c, t] = isHosting ? capacity : 0
        ledger.contracts[.deferred, c, t] = waived
        ledger.contracts[.deferralRepaid, c, t] = repaid
        ledger.contracts[.deferralInterest, c, t] = interest
        summary.contractValue[c] += charge - payout + fees
        summary.contractPaid[c] += cash - interest
        if let perMW = model.contracts[c].vendorPerMW, newMW > 0 {
            ledger.buyers[.vendorFinancing, model.contracts[c].buyer, t] += values[perMW] * newMW
        }
        return cash
    }
}
