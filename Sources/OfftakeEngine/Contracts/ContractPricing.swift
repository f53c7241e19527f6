import OfftakeModel
import RealModule

/// A contract's planned capacity and price, month by month (model.md, "Contract").
///
/// Month indices count from the horizon's start. The planned capacity of month t is the sum of the
/// tranches whose planned start is ≤ t, from the first tranche to the contract's end. The monthly
/// charge of fully delivered capacity is `price₀ · (1 + escalator)^{(t − t₀)/12} · MW_t`, t₀ the
/// first tranche's start (the escalator compounds from the contract's start, model.md "Conventions").
/// With `total_value` the price is derived so that full, on-time delivery pays exactly the total:
/// `price₀ = total / Σ_t (1 + escalator)^{(t − t₀)/12} · MW_t`.
public struct ContractPricing: Sendable, Equatable {
    /// Month index of the first tranche's planned start.
    public var firstMonth: Int
    /// Month index of the contract's last month (inclusive).
    public var lastMonth: Int
    /// Planned start month index and MW of each tranche, in file order.
    public var tranches: [(start: Int, mw: Double)]
    /// Price per MW-month at `firstMonth`, before the escalator.
    public var initialPrice: Double
    /// Annual escalator.
    public var escalator: Double

    /// - Parameters:
    ///   - trancheMW: each tranche's MW for this path (drawn parameters).
    ///   - price: `.perMWMonth(p)` gives p; `.totalValue(v)` derives the price from v.
    public init(contract: Contract, horizonStart: Month, trancheMW: [Double], price: ContractPrice.Resolved, escalator: Double) {
        let starts = contract.tranches.map { horizonStart.months(to: $0.start) }
        tranches = zip(starts, trancheMW).map { (start: $0.0, mw: $0.1) }
        firstMonth = starts.min() ?? 0
        lastMonth = contract.endMonth.map { horizonStart.months(to: $0) } ?? firstMonth
        self.escalator = escalator
        initialPrice = 0
        switch price {
        case .perMWMonth(let p): initialPrice = p
        case .totalValue(let total):
            let weight = plannedChargeWeight()
            initialPrice = weight > 0 ? total / weight : 0
        }
    }

    public static func == (a: ContractPricing, b: ContractPricing) -> Bool {
        a.firstMonth == b.firstMonth && a.lastMonth == b.lastMonth && a.initialPrice == b.initialPrice
            && a.escalator == b.escalator && a.tranches.elementsEqual(b.tranches) { $0.start == $1.start && $0.mw == $1.mw }
    }

    /// Planned MW in month `t`: tranches started by `t`, inside the contract's months.
    public func plannedMW(at t: Int) -> Double {
        guard t >= firstMonth && t <= lastMonth else { return 0 }
        var mw = 0.0
        for tranche in tranches where tranche.start <= t { mw += tranche.mw }
        return mw
    }

    /// Escalated price per MW-month in month `t`.
    public func price(at t: Int) -> Double {
        initialPrice * Double.pow(1 + escalator, Double(t - firstMonth) / 12)
    }

    /// Σ_t (1 + escalator)^{(t − t₀)/12} · MW_t over the planned schedule.
    func plannedChargeWeight() -> Double {
        guard lastMonth >= firstMonth else { return 0 }
        var total = 0.0
        for t in firstMonth...lastMonth {
            total += Double.pow(1 + escalator, Double(t - firstMonth) / 12) * plannedMW(at: t)
        }
        return total
    }

    /// The contract's value under full, on-time delivery: Σ_t price_t · MW_t.
    public var plannedValue: Double { initialPrice * plannedChargeWeight() }
}

extension ContractPrice {
    /// A contract price with its amount drawn for one path.
    public enum Resolved: Sendable, Equatable {
        case perMWMonth(Double)
        case totalValue(Double)
    }
}
