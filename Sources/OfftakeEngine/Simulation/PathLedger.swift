/// One number per entity per month, stored flat (`entity · months + t`) so that a path's records live
/// in a few preallocated buffers that are overwritten, never reallocated, from path to path.
///
/// **Writes without a uniqueness check per value.** The month step writes ≈ 17,000 values per path;
/// through an `Array` each write paid a copy-on-write check (a call into the runtime) and a bounds
/// check. A grid's values live instead in a ``PathArray`` (a buffer owned by a class), and the engine's
/// setter writes straight into it (`nonmutating`, bounds-checked by one unsigned comparison). Value semantics are
/// kept by calling ``makeUnique()`` on every grid at the start of each path (`PathSimulator` does,
/// through `PathLedger.makeUnique()`): a copy taken earlier — `let before = simulator.ledger` — still
/// shares the buffer then, so it is copied before the first write and the earlier copy never changes.
/// Only the engine writes (the setter is internal); readers see an ordinary value.
public struct MonthGrid: @unchecked Sendable, Equatable {
    /// The values, entity after entity, in a ``PathArray`` (`@unchecked Sendable` for the same reason:
    /// a buffer is written only by the simulator that holds the sole reference to it, and read after).
    var cells: PathArray<Double>
    public let months: Int

    public init(entities: Int, months: Int) {
        self.months = months
        cells = PathArray(repeating: 0, count: max(0, entities * months))
    }

    /// All values, entity after entity (a copy).
    public var values: [Double] { Array(UnsafeBufferPointer(start: cells.storage.base, count: cells.count)) }

    @inline(__always)
    func offset(_ entity: Int, _ t: Int) -> Int {
        let i = entity &* months &+ t
        precondition(UInt(bitPattern: i) < UInt(bitPattern: cells.count) && t >= 0 && t < months, "MonthGrid: no entity \(entity), month \(t)")
        return i
    }

    public internal(set) subscript(entity: Int, t: Int) -> Double {
        get { cells.storage.base[offset(entity, t)] }
        nonmutating set { cells.storage.base[offset(entity, t)] = newValue }
    }

    /// The months of one entity.
    public func row(_ entity: Int) -> MonthRow {
        precondition(entity >= 0 && (entity + 1) * months <= cells.count, "MonthGrid.row: no entity \(entity)")
        return MonthRow(storage: cells.storage, start: entity * months, count: months)
    }

    /// Sum of one entity's months in `range` (clamped to the horizon), added in month order. The
    /// entity is checked once; the months are read without a bounds check each.
    public func sum(_ entity: Int, _ range: Range<Int>) -> Double {
        let lo = max(0, range.lowerBound), hi = min(months, range.upperBound)
        guard lo < hi else { return 0 }
        precondition(entity >= 0 && (entity + 1) * months <= cells.count, "MonthGrid.sum: no entity \(entity)")
        let v = cells.storage.base + entity * months
        var total = 0.0
        for t in lo..<hi { total += v[t] }
        return total
    }

    /// Gives this grid a buffer of its own if a copy shares it (see the type's documentation).
    mutating func makeUnique() { cells.makeUnique() }

    mutating func reset(to value: Double = 0) {
        cells.makeUnique()
        cells.storage.base.update(repeating: value, count: cells.count)
    }

    public static func == (a: MonthGrid, b: MonthGrid) -> Bool {
        let x = a.cells.storage, y = b.cells.storage
        return a.months == b.months && x.count == y.count && (x === y || (0..<x.count).allSatisfy { x.base[$0] == y.base[$0] })
    }
}

/// One entity's months of a ``MonthGrid`` (keeps the grid's buffer alive; reads only).
public struct MonthRow: RandomAccessCollection, @unchecked Sendable {
    let storage: PathArray<Double>.Storage
    let start: Int
    public let count: Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(t: Int) -> Double {
        precondition(t >= 0 && t < count, "MonthRow: no month \(t)")
        return storage.base[start + t]
    }
}

/// Everything one simulated path records month by month, per party: the cash-flow statement of each
/// buyer and provider and the charges of each contract. Tests read it to check the accounting
/// identities; `--deterministic` prints it as yearly tables; metrics are computed from it.
///
/// Sign convention: every field is a non-negative flow named for its direction, except cash balances,
/// `operatingCashFlow`, `ebitda`, and `contractCash` with its sums `buyerContractPayments` and
/// `providerReceipts`: unused prepayment credit returned at the end of the term is a negative payment.
public struct PathLedger: Sendable {
    public let months: Int

    // Buyers
    /// Revenue potential `R_t` (monthly, before capacity limits).
    public var buyerRevenuePotential: MonthGrid
    /// Inference demand `I_t` in MW of efficiency-1.0 capacity.
    public var buyerInferenceDemand: MonthGrid
    /// Training MW wanted this month, after austerity.
    public var buyerTrainingDemand: MonthGrid
    /// Inference served (efficiency-weighted MW), on contracts and spot.
    public var buyerInferenceServed: MonthGrid
    /// MW bought on the spot market.
    public var buyerSpotMW: MonthGrid
    /// Realised revenue `R_t · served / I_t`.
    public var buyerRevenue: MonthGrid
    /// Operating costs other than compute.
    public var buyerOpex: MonthGrid
    /// Cash paid under contracts (invoices after prepayment credits, prepayments, minus refunds).
    public var buyerContractPayments: MonthGrid
    /// Cash paid for spot capacity.
    public var buyerSpotCost: MonthGrid
    /// Paid for committed capacity that sat idle (part of the contract payments' charges).
    public var buyerUnusedCommitment: MonthGrid
    /// Revenue − opex − contract payments − spot cost.
    public var buyerOperatingCashFlow: MonthGrid
    /// Capital raised this month.
    public var buyerFunding: MonthGrid
    /// Cash at the end of the month (frozen after default).
    public var buyerCash: MonthGrid
    /// The revenue plan in force (monthly; 0 without a plan).
    public var buyerPlanRevenue: MonthGrid
    /// Revenue of the established business (not capacity-bound).
    public var buyerEstablishedRevenue: MonthGrid
    /// Operating cash flow of the established business (`cash_margin` × its revenue), in operating cash flow.
    public var buyerEstablishedCashFlow: MonthGrid
    /// Vendor financing received (equity per MW delivered).
    public var buyerVendorFinancing: MonthGrid
    /// Credit facility: drawn, repaid, interest paid this month; balance at the end of the month.
    public var buyerFacilityDraw: MonthGrid
    public var buyerFacilityRepayment: MonthGrid
    public var buyerFacilityInterest: MonthGrid
    public var buyerFacilityBalance: MonthGrid
    /// Income from subletting idle contracted capacity (in operating cash flow).
    public var buyerSubletIncome: MonthGrid
    /// Idle contracted MW sublet this month.
    public var buyerSubletMW: MonthGrid

    // Contracts
    /// Contract price per MW-month (with escalator) for each month.
    public var contractPrice: MonthGrid
    /// MW delivered and billed (zero outside the term and after termination).
    public var contractDeliveredMW: MonthGrid
    /// MW used (training + inference capacity).
    public var contractUsedMW: MonthGrid
    /// Training MW run on the contract.
    public var contractTrainingMW: MonthGrid
    /// Inference served on the contract, efficiency-weighted.
    public var contractInferenceServed: MonthGrid
    /// The month's charge: price × max(take_or_pay × delivered, used).
    public var contractCharge: MonthGrid
    /// Cash from buyer to provider under the contract this month (may be negative: a refund).
    public var contractCash: MonthGrid
    /// Recovery on a defaulted claim received this month (by the provider, or the chip vendor of a
    /// hardware deal).
    public var contractRecovery: MonthGrid
    /// Part of `contractCash` that is hosting of a hardware deal (goes to the host).
    public var contractHostingCash: MonthGrid
    /// Recovery of a hardware deal's host on its hosting claim.
    public var contractHostRecovery: MonthGrid
    /// Charges deferred this month (principal).
    public var contractDeferred: MonthGrid
    /// Deferred principal repaid this month and the deferral interest paid with it (both in `contractCash`).
    public var contractDeferralRepaid: MonthGrid
    public var contractDeferralInterest: MonthGrid
    /// Cancellation and option-lapse fees paid this month (in `contractCash`).
    public var contractFees: MonthGrid

    // Providers
    public var providerReceipts: MonthGrid
    public var providerRecoveries: MonthGrid
    /// Income from re-leased stranded capacity.
    public var providerReleaseIncome: MonthGrid
    /// Excess prepayment credit returned to a defaulted buyer's estate.
    public var providerRefunds: MonthGrid
    public var providerBaseEBITDA: MonthGrid
    public var providerCapex: MonthGrid
    public var providerOpex: MonthGrid
    public var providerInterest: MonthGrid
    public var providerRepayment: MonthGrid
    public var providerDebtDraw: MonthGrid
    public var providerCash: MonthGrid
    public var providerDebt: MonthGrid
    /// base EBITDA + contract receipts + re-lease income − opex.
    public var providerEBITDA: MonthGrid
    /// Debt ÷ trailing-12-month EBITDA (+∞ when that EBITDA is not positive).
    public var providerLeverage: MonthGrid
    /// Straight-line depreciation of the AI build; filled in the deterministic base case only (it feeds
    /// no metric), zero on Monte Carlo paths.
    public var providerDepreciation: MonthGrid
    /// Rent on leased sites (existing leases + leased sites of the build) and the build's part alone.
    public var providerRent: MonthGrid
    public var providerBuildRent: MonthGrid
    /// Present value of the rent still to pay under leases.
    public var providerLeaseLiability: MonthGrid
    /// New equity raised to fund capex.
    public var providerEquity: MonthGrid
    /// Debt repaid from surplus cash (on top of scheduled repayments).
    public var providerSweep: MonthGrid
    /// Other AI customers (aggregate): revenue, EBITDA and capex.
    public var providerOtherRevenue: MonthGrid
    public var providerOtherEBITDA: MonthGrid
    public var providerOtherCapex: MonthGrid
    /// (Debt + lease liability) ÷ trailing-12-month (EBITDA + rent), +∞ when the denominator is not positive.
    public var providerAdjustedLeverage: MonthGrid
    /// MW online: delivered under live contracts + stranded + re-leased.
    public var providerMWOnline: MonthGrid
    /// MW in use: used by buyers + re-leased.
    public var providerMWUsed: MonthGrid
    /// Stranded MW (buyer defaulted, not yet re-leased).
    public var providerStrandedMW: MonthGrid

    /// Gives every grid a buffer of its own (see ``MonthGrid``); the simulator calls it before each path.
    mutating func makeUnique() {
        buyerRevenuePotential.makeUnique()
        buyerInferenceDemand.makeUnique()
        buyerTrainingDemand.makeUnique()
        buyerInferenceServed.makeUnique()
        buyerSpotMW.makeUnique()
        buyerRevenue.makeUnique()
        buyerOpex.makeUnique()
        buyerContractPayments.makeUnique()
        buyerSpotCost.makeUnique()
        buyerUnusedCommitment.makeUnique()
        buyerOperatingCashFlow.makeUnique()
        buyerFunding.makeUnique()
        buyerCash.makeUnique()
        buyerPlanRevenue.makeUnique()
        buyerEstablishedRevenue.makeUnique()
        buyerEstablishedCashFlow.makeUnique()
        buyerVendorFinancing.makeUnique()
        buyerFacilityDraw.makeUnique()
        buyerFacilityRepayment.makeUnique()
        buyerFacilityInterest.makeUnique()
        buyerFacilityBalance.makeUnique()
        buyerSubletIncome.makeUnique()
        buyerSubletMW.makeUnique()
        contractPrice.makeUnique()
        contractDeliveredMW.makeUnique()
        contractUsedMW.makeUnique()
        contractTrainingMW.makeUnique()
        contractInferenceServed.makeUnique()
        contractCharge.makeUnique()
        contractCash.makeUnique()
        contractRecovery.makeUnique()
        contractHostingCash.makeUnique()
        contractHostRecovery.makeUnique()
        contractDeferred.makeUnique()
        contractDeferralRepaid.makeUnique()
        contractDeferralInterest.makeUnique()
        contractFees.makeUnique()
        providerReceipts.makeUnique()
        providerRecoveries.makeUnique()
        providerReleaseIncome.makeUnique()
        providerRefunds.makeUnique()
        providerBaseEBITDA.makeUnique()
        providerCapex.makeUnique()
        providerOpex.makeUnique()
        providerInterest.makeUnique()
        providerRepayment.makeUnique()
        providerDebtDraw.makeUnique()
        providerCash.makeUnique()
        providerDebt.makeUnique()
        providerEBITDA.makeUnique()
        providerLeverage.makeUnique()
        providerDepreciation.makeUnique()
        providerRent.makeUnique()
        providerBuildRent.makeUnique()
        providerLeaseLiability.makeUnique()
        providerEquity.makeUnique()
        providerSweep.makeUnique()
        providerOtherRevenue.makeUnique()
        providerOtherEBITDA.makeUnique()
        providerOtherCapex.makeUnique()
        providerAdjustedLeverage.makeUnique()
        providerMWOnline.makeUnique()
        providerMWUsed.makeUnique()
        providerStrandedMW.makeUnique()
    }

    public init(buyers: Int, contracts: Int, providers: Int, months: Int) {
        self.months = months
        func grid(_ n: Int) -> MonthGrid { MonthGrid(entities: n, months: months) }
        buyerRevenuePotential = grid(buyers); buyerInferenceDemand = grid(buyers); buyerTrainingDemand = grid(buyers)
        buyerInferenceServed = grid(buyers); buyerSpotMW = grid(buyers); buyerRevenue = grid(buyers); buyerOpex = grid(buyers)
        buyerContractPayments = grid(buyers); buyerSpotCost = grid(buyers); buyerUnusedCommitment = grid(buyers)
        buyerOperatingCashFlow = grid(buyers); buyerFunding = grid(buyers); buyerCash = grid(buyers)
        buyerPlanRevenue = grid(buyers); buyerEstablishedRevenue = grid(buyers); buyerEstablishedCashFlow = grid(buyers); buyerVendorFinancing = grid(buyers)
        buyerFacilityDraw = grid(buyers); buyerFacilityRepayment = grid(buyers); buyerFacilityInterest = grid(buyers)
        buyerFacilityBalance = grid(buyers); buyerSubletIncome = grid(buyers); buyerSubletMW = grid(buyers)
        contractHostingCash = grid(contracts); contractHostRecovery = grid(contracts); contractDeferred = grid(contracts)
        contractDeferralRepaid = grid(contracts); contractDeferralInterest = grid(contracts); contractFees = grid(contracts)
        providerRent = grid(providers); providerBuildRent = grid(providers); providerLeaseLiability = grid(providers)
        providerEquity = grid(providers); providerSweep = grid(providers); providerOtherRevenue = grid(providers)
        providerOtherEBITDA = grid(providers); providerOtherCapex = grid(providers); providerAdjustedLeverage = grid(providers)
        contractPrice = grid(contracts); contractDeliveredMW = grid(contracts); contractUsedMW = grid(contracts)
        contractTrainingMW = grid(contracts); contractInferenceServed = grid(contracts); contractCharge = grid(contracts)
        contractCash = grid(contracts); contractRecovery = grid(contracts)
        providerReceipts = grid(providers); providerRecoveries = grid(providers); providerReleaseIncome = grid(providers)
        providerRefunds = grid(providers); providerBaseEBITDA = grid(providers); providerCapex = grid(providers)
        providerOpex = grid(providers); providerInterest = grid(providers); providerRepayment = grid(providers)
        providerDebtDraw = grid(providers); providerCash = grid(providers); providerDebt = grid(providers)
        providerEBITDA = grid(providers); providerLeverage = grid(providers); providerDepreciation = grid(providers)
        providerMWOnline = grid(providers); providerMWUsed = grid(providers); providerStrandedMW = grid(providers)
    }

    /// Provider inflows of month t: receipts + recoveries + re-lease + base EBITDA + other customers'
    /// EBITDA + debt draws + equity raised.
    public func providerInflows(_ p: Int, _ t: Int) -> Double {
        providerReceipts[p, t] + providerRecoveries[p, t] + providerReleaseIncome[p, t] + providerBaseEBITDA[p, t]
            + providerOtherEBITDA[p, t] + providerDebtDraw[p, t] + providerEquity[p, t]
    }

    /// Provider outflows of month t: capex (build and other customers) + opex + rent + interest +
    /// scheduled repayment + sweep + refunds.
    public func providerOutflows(_ p: Int, _ t: Int) -> Double {
        providerCapex[p, t] + providerOtherCapex[p, t] + providerOpex[p, t] + providerRent[p, t] + providerInterest[p, t]
            + providerRepayment[p, t] + providerSweep[p, t] + providerRefunds[p, t]
    }

    /// Buyer inflows of month t: realised revenue + established business cash flow + sublet income +
    /// funding + vendor financing + facility draws.
    public func buyerInflows(_ b: Int, _ t: Int) -> Double {
        buyerRevenue[b, t] + buyerEstablishedCashFlow[b, t] + buyerSubletIncome[b, t] + buyerFunding[b, t]
            + buyerVendorFinancing[b, t] + buyerFacilityDraw[b, t]
    }

    /// Buyer outflows of month t: opex + contract payments (with fees and deferral interest) + spot +
    /// facility interest and repayment.
    public func buyerOutflows(_ b: Int, _ t: Int) -> Double {
        buyerOpex[b, t] + buyerContractPayments[b, t] + buyerSpotCost[b, t] + buyerFacilityInterest[b, t] + buyerFacilityRepayment[b, t]
    }
}

/// Per-path results that are not monthly: when each buyer defaulted, each contract's value and what
/// was paid, each provider's NPV.
public struct PathSummary: Sendable, Equatable {
    /// Month of default per buyer, or `nil`.
    public var defaultMonth: [Int?]
    public var buyerCash0: [Double]
    /// MW-months of demand while alive: training after austerity + inference (efficiency-1.0 MW).
    public var buyerDemandMWMonths: [Double]
    /// Buyer NPV: discounted operating cash flow + terminal value.
    public var buyerNPV: [Double]
    /// Contract value as delivered: the charges while the buyer paid, plus the take-or-pay value of
    /// the months left when it defaulted.
    public var contractValue: [Double]
    /// Cash paid under the contract, net of refunds, plus recoveries (including any due after the horizon).
    public var contractPaid: [Double]
    /// The claim filed at default (after cap and prepayment credit), 0 without default.
    public var contractClaim: [Double]
    /// Recovery due after the horizon (counted in `contractPaid`, not in cash): the provider's (or chip
    /// vendor's) and a hardware host's.
    public var recoveryAfterHorizon: [Double]
    public var hostRecoveryAfterHorizon: [Double]
    /// Deferred charges: outstanding at default, recovered on them, written off (deferred = repaid +
    /// recovered + written off).
    public var deferredRecovered: [Double]
    public var deferredWrittenOff: [Double]
    /// MW of undelivered tranches cancelled in a workout; option MW exercised and lapsed.
    public var cancelledMW: [Double]
    public var optionExercisedMW: [Double]
    public var optionLapsedMW: [Double]
    /// Number of deferral requests refused by the contract's provider.
    public var deferralRefusals: [Double]
    /// Provider: value at the horizon of the facilities it owns and the chips it bought (book value;
    /// chips also × the compute price index), NPV with that residual, rating-test outcomes.
    public var providerResidual: [Double]
    public var providerNPVWithResidual: [Double]
    public var ratingBreach: [Bool]
    public var downgrade: [Bool]
    /// Buyer: whether the IPO happened, the largest facility balance.
    public var ipo: [Bool]
    public var facilityPeak: [Double]
    /// Provider NPV of the AI build at its WACC.
    public var providerNPV: [Double]
    public var providerCash0: [Double]
    public var providerDebt0: [Double]
    /// Facility capex that fell before the horizon (sunk, not simulated).
    public var providerSunkCapex: [Double]
    public var covenant: [Double?]

    init(buyers: Int, contracts: Int, providers: Int) {
        defaultMonth = [Int?](repeating: nil, count: buyers)
        buyerCash0 = [Double](repeating: 0, count: buyers)
        buyerDemandMWMonths = [Double](repeating: 0, count: buyers)
        buyerNPV = [Double](repeating: 0, count: buyers)
        contractValue = [Double](repeating: 0, count: contracts)
        contractPaid = [Double](repeating: 0, count: contracts)
        contractClaim = [Double](repeating: 0, count: contracts)
        recoveryAfterHorizon = [Double](repeating: 0, count: contracts)
        hostRecoveryAfterHorizon = [Double](repeating: 0, count: contracts)
        deferredRecovered = [Double](repeating: 0, count: contracts)
        deferredWrittenOff = [Double](repeating: 0, count: contracts)
        cancelledMW = [Double](repeating: 0, count: contracts)
        optionExercisedMW = [Double](repeating: 0, count: contracts)
        optionLapsedMW = [Double](repeating: 0, count: contracts)
        deferralRefusals = [Double](repeating: 0, count: contracts)
        providerResidual = [Double](repeating: 0, count: providers)
        providerNPVWithResidual = [Double](repeating: 0, count: providers)
        ratingBreach = [Bool](repeating: false, count: providers)
        downgrade = [Bool](repeating: false, count: providers)
        ipo = [Bool](repeating: false, count: buyers)
        facilityPeak = [Double](repeating: 0, count: buyers)
        providerNPV = [Double](repeating: 0, count: providers)
        providerCash0 = [Double](repeating: 0, count: providers)
        providerDebt0 = [Double](repeating: 0, count: providers)
        providerSunkCapex = [Double](repeating: 0, count: providers)
        covenant = [Double?](repeating: nil, count: providers)
    }
}

/// A fixed number of per-entity values (a grid's months, a buyer's cash and streams, a contract's
/// credit, a provider's debt …) written in place by the month step: the storage is a buffer owned by
/// a class, elements are reached through its address (no copy-on-write check per access; bounds
/// checked), and ``makeUnique()`` at the start of each path keeps copies of a simulator independent.
struct PathArray<Element>: @unchecked Sendable {
    final class Storage {
        let base: UnsafeMutablePointer<Element>
        let count: Int
        init(count: Int, from source: UnsafePointer<Element>?, repeating value: Element?) {
            self.count = count
            base = .allocate(capacity: max(1, count))
            if let source { base.initialize(from: source, count: count) } else if let value { base.initialize(repeating: value, count: count) }
        }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    var storage: Storage

    init(repeating value: Element, count: Int) {
        storage = Storage(count: count, from: nil, repeating: value)
    }

    init(_ elements: [Element]) {
        storage = elements.withUnsafeBufferPointer { Storage(count: $0.count, from: $0.baseAddress, repeating: nil) }
    }

    var count: Int { storage.count }

    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: storage.count), "PathArray: no element \(i)")
            return UnsafePointer(storage.base + i)
        }
        nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: storage.count), "PathArray: no element \(i)")
            return storage.base + i
        }
    }

    /// Gives this array a buffer of its own if a copy shares it.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(count: storage.count, from: storage.base, repeating: nil)
        }
    }
}
