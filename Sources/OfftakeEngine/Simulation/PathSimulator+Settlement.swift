import OfftakeModel
import RealModule

/// What kind of deal a contract is, which decides who builds and owns what, how it is billed, who
/// receives its cash and how a default is recovered (docs/model.md, "Contracts" and "Hardware deals").
///
/// - `capacity`: a capacity rental. The provider builds the facility, buys the chips, bills
///   `price × max(take_or_pay × MW, used)` and recovers `recovery_rate` × its claim at a default.
/// - `hardware`: the buyer buys the chips from the contract's provider (the chip vendor), in
///   instalments, and rents the hall from a host (`ContractLayout.host`), who builds the facility and
///   bills hosting at the hosting price; at a default the vendor recovers the chips as collateral and
///   the host `recovery_rate` × its hosting claim.
///
/// Every difference between the kinds is in this file, one `switch` per stage of the path: the terms
/// at set-up (`contractTerms`), what the builder buys and owns (`hostOwnsChips`), the bill
/// (`settleKind`), the provider's receipts (`collect`), what its provider bills (`providerBillsCapacity`)
/// and re-lets (`releaseRate`, `releaseValue`), and the recoveries at a default (`recoveries`). A new kind is a new case of
/// `ContractKind` and one new arm in each of these switches (the compiler lists the ones left).
enum ContractKind: Sendable {
    case capacity
    case hardware(ContractLayout.Hardware)
}

extension PathSimulator {
    /// Terms fixed at set-up: the price per MW-month the builder bills in the contract's first month
    /// (before the escalator) and the chip price per MW.
    ///
    /// Capacity: the contract price (with `total_value`, derived on the planned schedule of the firm
    /// tranches; an option's capacity is priced like the firm capacity); no chips. Hardware: the
    /// hosting price; the chips at the contract price per MW (with `total_value`, spread over the firm
    /// tranches' MW).
    @inline(__always)
    func contractTerms(_ c: Int) -> (basePrice: Double, chipPricePerMW: Double) {
        let layout = model.contracts[c]
        let v = values
        switch layout.kind {
        case .capacity:
            let price = ContractPricing.initialPrice(
                layout.priceIsTotal ? .totalValue(v[layout.price]) : .perMWMonth(v[layout.price]),
                first: layout.firstMonth, last: layout.lastMonth, escalator: v[layout.escalator]
            ) { t in
                var planned = 0.0
                for tranche in model.tranches[layout.tranches] where tranche.option == nil && tranche.start <= t { planned += v[tranche.mw] }
                return planned
            }
            return (price, 0)
        case .hardware(let hardware):
            var chipPrice = v[layout.price]
            if layout.priceIsTotal {
                var firm = 0.0
                for tranche in model.tranches[layout.tranches] where tranche.option == nil { firm += v[tranche.mw] }
                chipPrice = firm > 0 ? v[layout.price] / firm : 0
            }
            return (v[hardware.hostingPrice], chipPrice)
        }
    }

    /// Whether the contract's builder (its host) buys and owns the chips: for a capacity rental it
    /// does (chip capex, depreciation, residual value); for a hardware deal the buyer owns them.
    @inline(__always)
    func hostOwnsChips(_ c: Int) -> Bool {
        switch model.contracts[c].kind {
        case .capacity: return true
        case .hardware: return false
        }
    }

    /// The kind's part of month t's bill, before the common charge: a hardware deal schedules the
    /// instalments of the chips newly delivered (`scheduleChips`). Returns whether the capacity
    /// charge is hosting (paid to the host, `ContractSeries.hostingCash`).
    @inline(__always)
    mutating func settleKind(_ c: Int, _ t: Int, newMW: Double) -> Bool {
        switch model.contracts[c].kind {
        case .capacity:
            return false
        case .hardware(let hardware):
            scheduleChips(c, t, newMW: newMW, terms: hardware)
            return true
        }
    }

    /// Adds what provider p receives under contract c in month t: as its provider (capacity provider
    /// or chip vendor), the contract's cash less hosting and the recovery; as a hardware deal's host,
    /// the hosting and the host's recovery.
    @inline(__always)
    func collect(_ c: Int, _ p: Int, _ t: Int, receipts: inout Double, recoveries: inout Double, recognised: inout Double) {
        let layout = model.contracts[c]
        let hosting = ledger.contracts[.hostingCash, c, t]
        let hostingCharge = ledger.contracts[.hostingCharge, c, t]
        if layout.provider == p {
            receipts += ledger.contracts[.cash, c, t] - hosting
            recoveries += ledger.contracts[.recovery, c, t]
            recognised += ledger.contracts[.charge, c, t] + ledger.contracts[.fees, c, t] - hostingCharge
        }
        switch layout.kind {
        case .capacity:
            break
        case .hardware:
            if layout.host == p {
                receipts += hosting
                recoveries += ledger.contracts[.hostRecovery, c, t]
                recognised += hostingCharge
            }
        }
    }

    /// The market price per MW-month in month t of the capacity contract c delivers: its accelerator's
    /// supply generation's, else the market price of compute.
    @inline(__always)
    func contractMarketPrice(_ c: Int, _ t: Int) -> Double {
        market.price(generation: model.accelerators[model.contracts[c].accelerator].generation, at: t)
    }

    /// The market price of contract c's capacity in month t relative to the first month's, `P_t / P_0`
    /// (0 when the first month's price is 0): what chips bought then are worth now, before depreciation.
    @inline(__always)
    func priceIndex(_ c: Int, at t: Int) -> Double {
        let p0 = contractMarketPrice(c, 0)
        return p0 > 0 ? contractMarketPrice(c, t) / p0 : 0
    }

    /// The rate at which stranded capacity is re-let in month t, before the re-lease discount: a
    /// capacity provider re-lets the capacity at the market price, a hardware host the hall at the
    /// contract's hosting price.
    @inline(__always)
    func releaseRate(_ c: Int, _ t: Int) -> Double {
        switch model.contracts[c].kind {
        case .capacity: return contractMarketPrice(c, t)
        case .hardware: return ledger.contracts[.price, c, t]
        }
    }

    /// What the contract's provider expects to earn, valued at month t with the discount factors
    /// `d(k)` (k months after t), by re-letting the capacity online now if the buyer stopped paying
    /// now — the engine's re-lease (`stepProvider`, `releaseMonth`) in expectation: the MW delivered in
    /// month t, re-let whole after a wait K ≥ 1 with `Pr(K = j) = (1 − h)^{j−1}·h` (h the re-lease
    /// hazard), at the rate fixed when re-let, forecast as `P_t × (1 − decline)^{j/12} × discount`,
    /// until the contract's last month:
    ///
    /// `L = Σ_{j=1}^{m} Pr(K = j) × MW_t × P_t × (1 − decline)^{j/12} × discount × Σ_{s=t+j}^{last} d(s − t)`, m = last − t.
    ///
    /// 0 for a provider without a balance sheet (it never re-lets) and for a hardware deal's chip
    /// vendor (it has no capacity to re-let).
    @inline(__always)
    func releaseValue(_ c: Int, after t: Int, discount d: (Int) -> Double) -> Double {
        let layout = model.contracts[c]
        switch layout.kind {
        case .capacity:
            guard t < layout.lastMonth, let f = model.providers[layout.host].financials else { return 0 }
            let mw = plans.contracts[.deliveredMW, c, t]
            let hazard = values[f.releaseHazard]
            guard mw > 0, hazard > 0 else { return 0 }
            let m = layout.lastMonth - t
            let decline = Double.log(onePlus: -min(0.999_999, values[model.market.decline])) / 12
            let rate = mw * contractMarketPrice(c, t) * values[f.releaseDiscount]
            // Σ_{s=t+j}^{last} d(s − t) for j = m, m − 1, …, 1, built from the end.
            var tail = 0.0
            var value = 0.0
            for j in stride(from: m, through: 1, by: -1) {
                tail += d(j)
                let chance = hazard >= 1 ? (j == 1 ? 1 : 0) : Double.exp(Double(j - 1) * Double.log(onePlus: -hazard)) * hazard
                value += chance * rate * Double.exp(decline * Double(j)) * tail
            }
            return value
        case .hardware:
            return 0
        }
    }

    /// Whether the contract's provider bills the capacity charge (a capacity rental), or only sells
    /// the chips (a hardware deal's vendor: the capacity charge is hosting, billed by the host).
    @inline(__always)
    func providerBillsCapacity(_ c: Int) -> Bool {
        switch model.contracts[c].kind {
        case .capacity: return true
        case .hardware: return false
        }
    }

    /// Recoveries at a default in month t on `claim` (the take-or-pay claim, capped) less the
    /// prepayment credit `retained` against it, with `deferred` charges and `chips` principal
    /// outstanding, at recovery rate r.
    ///
    /// Capacity: the provider recovers `r × (claim − retained + deferred)`. Hardware: the chip vendor
    /// recovers the chips (their market value × (1 − haircut), at most the principal owed) plus
    /// `r × (chips − secured + deferred)`; the host `r × (claim − retained)`.
    @inline(__always)
    func recoveries(_ c: Int, at t: Int, claim: Double, retained: Double, deferred: Double, chips: Double,
                    rate r: Double) -> (vendor: Double, host: Double) {
        switch model.contracts[c].kind {
        case .capacity:
            return (r * (claim - retained + deferred), 0)
        case .hardware(let hardware):
            let secured = min(chips, chipCollateral(c, at: t) * (1 - values[hardware.haircut]))
            return (secured + r * (chips - secured + deferred), r * (claim - retained))
        }
    }
}
