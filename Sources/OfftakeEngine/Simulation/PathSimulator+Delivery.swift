import OfftakeModel

/// Capacity due and not delivered, and what a contract's `delivery:` terms make of it: replacement
/// sourced by the provider at the market price, service credits to the buyer, termination of a
/// tranche that is too late; and the revenue the buyer loses to the capacity it did not get
/// (docs/model.md, "Delivery terms").
extension PathSimulator {
    /// MW due under contract c in month t: the tranches the buyer kept (firm, exercised, or lost at its
    /// builder's default) whose planned start is at or before t. Cancelled, lapsed, converted and
    /// terminated tranches are not due.
    func capacityDue(_ c: Int, _ t: Int) -> Double {
        var due = 0.0
        for j in model.contracts[c].tranches where model.tranches[j].start <= t {
            switch trancheStatus[j] {
            case .firm, .exercised, .lost: due += values[model.tranches[j].mw]
            default: break
            }
        }
        return due
    }

    /// Whether contract c's builder (`host`) has defaulted before month t: from then on no one replaces
    /// capacity or owes credits (the month of the default itself is still served: the provider steps after
    /// the buyers).
    @inline(__always)
    func builderGone(_ c: Int, _ t: Int) -> Bool {
        providerState[model.contracts[c].host].defaultMonth.map { $0 < t } ?? false
    }

    /// The MW contract c gives its buyer in month t, and its gap. Without delivery terms: what is
    /// delivered, and the gap `max(0, due − delivered)` within the term (`gapMW`), for every contract of
    /// a buyer whose shortfall is measured (`SimulationModel.buyerMeasuresRevenueLost`).
    ///
    /// With delivery terms, first tranches still undelivered `terminate_after_months` after their
    /// planned start are terminated (never delivered nor billed; the builder's capex from month t on is
    /// taken back, what it spent before stays spent); then, while the builder has not defaulted, the
    /// share `replacement` of the gap is replaced: served to the buyer and billed at the contract price,
    /// the provider paying `P_t` per MW-month for it (`replacementMW`, `replacementCost`). `gapMW` is
    /// what is left, on which service credits accrue (`bill`). Returns delivered + replaced.
    mutating func capacityServed(_ c: Int, _ t: Int) -> Double {
        let layout = model.contracts[c]
        guard let terms = layout.delivery else {
            let delivered = plans.contracts[.deliveredMW, c, t]
            if model.buyerMeasuresRevenueLost[layout.buyer] {
                ledger.contracts[.gapMW, c, t] = t >= layout.firstMonth && t <= layout.lastMonth ? max(0, capacityDue(c, t) - delivered) : 0
            }
            return delivered
        }
        if let n = terms.terminateAfter {
            let after = PathSimulator.wholeMonths(values[n])
            var changed = false
            for j in layout.tranches where trancheStatus[j].isActive && trancheDelivery[j] > t && model.tranches[j].start + after <= t {
                scheduleBuild(c, j, plannedDelivery: tranchePlannedDelivery[j], sign: -1, after: t - 1)
                trancheStatus[j] = .terminated
                summary.terminatedMW[c] += values[model.tranches[j].mw]
                changed = true
            }
            if changed { rebuildDeliveredPlan(c) }
        }
        let delivered = plans.contracts[.deliveredMW, c, t]
        let gap = t >= layout.firstMonth && t <= layout.lastMonth ? max(0, capacityDue(c, t) - delivered) : 0
        let replaced = builderGone(c, t) ? 0 : values[terms.replacement] * gap
        ledger.contracts[.replacementMW, c, t] = replaced
        ledger.contracts[.replacementCost, c, t] = replaced * contractMarketPrice(c, t)
        ledger.contracts[.gapMW, c, t] = gap - replaced
        return delivered + replaced
    }

    /// Service credit earned by contract c in month t and the credit applied to its bill: the month's
    /// unreplaced gap × price × `service_credit` while the builder has not defaulted, within what the
    /// cap leaves; credit owed is set against the capacity charge, and what is still owed at the term's
    /// last month is paid in cash. Returns (applied to the charge, paid out).
    mutating func serviceCredit(_ c: Int, _ t: Int, capacityCharge: Double, state: inout ContractState) -> (applied: Double, payout: Double) {
        guard let terms = model.contracts[c].delivery else { return (0, 0) }
        let gap = builderGone(c, t) ? 0 : ledger.contracts[.gapMW, c, t]
        let earned = min(values[terms.serviceCredit] * ledger.contracts[.price, c, t] * gap,
                         max(0, state.serviceCreditCap - state.serviceCreditEarned))
        state.serviceCreditEarned += earned
        state.serviceCreditOwed += earned
        let applied = min(state.serviceCreditOwed, capacityCharge)
        state.serviceCreditOwed -= applied
        var payout = 0.0
        if t == model.contracts[c].lastMonth {
            payout = state.serviceCreditOwed
            state.serviceCreditOwed = 0
        }
        return (applied, payout)
    }

    /// The cap on contract c's service credits: `credit_cap_months` × the first month's price × its firm
    /// MW (∞ without a cap, 0 without delivery terms).
    func serviceCreditCap(_ c: Int, basePrice: Double) -> Double {
        guard let terms = model.contracts[c].delivery else { return 0 }
        guard let cap = terms.creditCapMonths else { return .infinity }
        var firm = 0.0
        for j in model.contracts[c].tranches where model.tranches[j].option == nil { firm += values[model.tranches[j].mw] }
        return values[cap] * basePrice * firm
    }

    @inline(__always)
    func measuresRevenueLost(_ c: Int) -> Bool { SimulationModel.measuresRevenueLost(model.contracts[c], providers: model.providers) }

    /// Revenue buyer b lost in month t to each measured contract's unreplaced gap: the revenue with that
    /// contract's gap delivered too, every other pool as it was, less the revenue earned
    /// (`revenue_lost` of the contract). One allocation more per contract with a gap; the pools and
    /// the allocation's scratch are reused (nothing reads them after the bills).
    mutating func measureRevenueLost(_ b: Int, _ t: Int, training: Double, inference: Double, spotLimit: Double, revenue: Double) {
        let n = model.buyerContracts[b].count
        for k in 0..<n {
            let c = model.buyerContracts[b][k]
            // Written every month for a measured contract only: the others' series stay 0.
            guard measuresRevenueLost(c) else { continue }
            ledger.contracts[.revenueLost, c, t] = 0
            let gap = ledger.contracts[.gapMW, c, t]
            guard inference > 0, gap > 0 else { continue }
            pools[k].mw += gap
            let allocation = CapacityAllocation.allocate(
                pools: pools, count: n, trainingMW: training, inferenceDemand: inference, spotLimitMW: spotLimit,
                used: &poolUsed, training: &poolTraining, order: &poolOrder)
            pools[k].mw -= gap
            let full = ledger.buyers[.revenuePotential, b, t] * min(1, allocation.servedInference / inference)
            ledger.contracts[.revenueLost, c, t] = max(0, full - revenue)
        }
    }
}
