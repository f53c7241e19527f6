/// One number per entity per month, stored flat (`entity · months + t`) so that a path's records live
/// in a few preallocated buffers that are overwritten, never reallocated, from path to path.
public struct MonthGrid: Sendable, Equatable {
    public private(set) var values: [Double]
    public let months: Int

    public init(entities: Int, months: Int) {
        self.months = months
        values = [Double](repeating: 0, count: max(0, entities * months))
    }

    public subscript(entity: Int, t: Int) -> Double {
        get { values[entity * months + t] }
        set { values[entity * months + t] = newValue }
    }

    /// The months of one entity.
    public func row(_ entity: Int) -> ArraySlice<Double> { values[(entity * months)..<((entity + 1) * months)] }

    /// Sum of one entity's months in `range` (clamped to the horizon).
    public func sum(_ entity: Int, _ range: Range<Int>) -> Double {
        let lo = max(0, range.lowerBound), hi = min(months, range.upperBound)
        var total = 0.0
        if lo < hi { for t in lo..<hi { total += values[entity * months + t] } }
        return total
    }

    mutating func reset(to value: Double = 0) {
        for i in values.indices { values[i] = value }
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
    /// Recovery on a defaulted claim received this month.
    public var contractRecovery: MonthGrid

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
    /// MW online: delivered under live contracts + stranded + re-leased.
    public var providerMWOnline: MonthGrid
    /// MW in use: used by buyers + re-leased.
    public var providerMWUsed: MonthGrid
    /// Stranded MW (buyer defaulted, not yet re-leased).
    public var providerStrandedMW: MonthGrid

    public init(buyers: Int, contracts: Int, providers: Int, months: Int) {
        self.months = months
        func grid(_ n: Int) -> MonthGrid { MonthGrid(entities: n, months: months) }
        buyerRevenuePotential = grid(buyers); buyerInferenceDemand = grid(buyers); buyerTrainingDemand = grid(buyers)
        buyerInferenceServed = grid(buyers); buyerSpotMW = grid(buyers); buyerRevenue = grid(buyers); buyerOpex = grid(buyers)
        buyerContractPayments = grid(buyers); buyerSpotCost = grid(buyers); buyerUnusedCommitment = grid(buyers)
        buyerOperatingCashFlow = grid(buyers); buyerFunding = grid(buyers); buyerCash = grid(buyers)
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

    /// Provider inflows of month t: receipts + recoveries + re-lease + base EBITDA + debt draws.
    public func providerInflows(_ p: Int, _ t: Int) -> Double {
        providerReceipts[p, t] + providerRecoveries[p, t] + providerReleaseIncome[p, t] + providerBaseEBITDA[p, t] + providerDebtDraw[p, t]
    }

    /// Provider outflows of month t: capex + opex + interest + repayment + refunds.
    public func providerOutflows(_ p: Int, _ t: Int) -> Double {
        providerCapex[p, t] + providerOpex[p, t] + providerInterest[p, t] + providerRepayment[p, t] + providerRefunds[p, t]
    }

    /// Buyer inflows of month t: realised revenue + funding.
    public func buyerInflows(_ b: Int, _ t: Int) -> Double { buyerRevenue[b, t] + buyerFunding[b, t] }

    /// Buyer outflows of month t: opex + contract payments + spot.
    public func buyerOutflows(_ b: Int, _ t: Int) -> Double {
        buyerOpex[b, t] + buyerContractPayments[b, t] + buyerSpotCost[b, t]
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
    /// Recovery due after the horizon (counted in `contractPaid`, not in cash).
    public var recoveryAfterHorizon: [Double]
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
        providerNPV = [Double](repeating: 0, count: providers)
        providerCash0 = [Double](repeating: 0, count: providers)
        providerDebt0 = [Double](repeating: 0, count: providers)
        providerSunkCapex = [Double](repeating: 0, count: providers)
        covenant = [Double?](repeating: nil, count: providers)
    }
}
