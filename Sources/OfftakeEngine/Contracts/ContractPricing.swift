import RealModule

/// The price rules of a contract (docs/model.md, "Contract"), used by `PathSimulator` for every path.
///
/// Month indices count from the horizon's start. The monthly charge of capacity MW_t is
/// `price₀ · (1 + escalator)^{(t − t₀)/12} · MW_t`, t₀ the first tranche's planned start (the escalator
/// compounds monthly from the contract's start, docs/model.md "Conventions"). With `total_value` the price is
/// derived so that full, on-time delivery of the planned schedule pays exactly the total:
/// `price₀ = total / Σ_{t₀ ≤ t ≤ end} (1 + escalator)^{(t − t₀)/12} · MW_t`.
public enum ContractPricing {
    /// (1 + annual)^{months/12}, compounding monthly (computed in logs).
    public static func escalation(_ annual: Double, months: Int) -> Double {
        CompoundGrowth(annualRate: annual).factor(months: months)
    }

    /// Price per MW-month at `first`, before the escalator: the stated price, or `total` divided by the
    /// escalated planned MW-months of `first ... last` (0 when nothing is planned).
    /// - Parameter plannedMW: the planned capacity of month t (tranches started by t).
    public static func initialPrice(
        _ price: Resolved, first: Int, last: Int, escalator: Double, plannedMW: (Int) -> Double
    ) -> Double {
        switch price {
        case .perMWMonth(let p): return p
        case .totalValue(let total):
            guard last >= first else { return 0 }
            let growth = CompoundGrowth(annualRate: escalator)
            var weight = 0.0
            for t in first...last { weight += growth.factor(months: t - first) * plannedMW(t) }
            return weight > 0 ? total / weight : 0
        }
    }

    /// A contract price for one path: a stated price per MW-month or a total value to derive it from.
    public enum Resolved: Sendable, Equatable {
        case perMWMonth(Double)
        case totalValue(Double)
    }
}
