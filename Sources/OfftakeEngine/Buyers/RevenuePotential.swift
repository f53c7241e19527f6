import RealModule

/// A buyer's revenue potential and the inference capacity it would need (docs/model.md, "Buyer"):
///
/// - annual growth `g_t = g_∞ + (g_0 − g_∞) · 2^{−t/h}` (half-life h months; without a long-run rate,
///   `g_t = g_0`);
/// - `R_{t+1} = R_t · (1 + g_t)^{1/12} · (D_{t+1}/D_t)^β`, with `R_0` the monthly revenue potential at
///   the horizon's start and D the market demand index (β the buyer's demand beta), so that
///   `R_t = R_0 · Π_{s<t} (1 + g_s)^{1/12} · (D_t / D_0)^β`;
/// - inference demand `I_t = R_t / rev_per_mw_t`, `rev_per_mw_t = rev_per_mw_0 · (1 + k)^{t/12}`.
public struct RevenuePotential: Sendable, Equatable {
    public var revenue0: Double
    public var initialGrowth: Double
    /// nil: no decay (growth stays at `initialGrowth`).
    public var longRunGrowth: Double?
    public var halfLifeMonths: Double
    public var demandBeta: Double
    public var revenuePerMW0: Double
    /// Annual trend k of the revenue one MW serves.
    public var revenuePerMWTrend: Double

    public init(revenue0: Double, initialGrowth: Double, longRunGrowth: Double?, halfLifeMonths: Double, demandBeta: Double,
                revenuePerMW0: Double, revenuePerMWTrend: Double) {
        self.revenue0 = revenue0
        self.initialGrowth = initialGrowth
        self.longRunGrowth = longRunGrowth
        self.halfLifeMonths = halfLifeMonths
        self.demandBeta = demandBeta
        self.revenuePerMW0 = revenuePerMW0
        self.revenuePerMWTrend = revenuePerMWTrend
    }

    /// Annual growth rate of month t.
    public func growth(at t: Int) -> Double {
        guard let longRun = longRunGrowth else { return initialGrowth }
        return longRun + (initialGrowth - longRun) * Double.exp2(-Double(t) / halfLifeMonths)
    }

    /// Fills `revenue[t]` (R_t) and `inferenceMW[t]` (I_t) for the months of `demand` (the path's D_t).
    /// Buffers must have `demand.count` entries; nothing is allocated.
    public func simulate(demand: [Double], revenue: inout [Double], inferenceMW: inout [Double]) {
        let months = demand.count
        guard months > 0 else { return }
        // In logs: log R_{t+1} = log R_t + log(1 + g_t)/12 + β·(log D_{t+1} − log D_t).
        var logR = Double.log(revenue0)
        let monthlyTrend = Double.log(onePlus: revenuePerMWTrend) / 12
        for t in 0..<months {
            if t > 0 {
                logR += Double.log(onePlus: growth(at: t - 1)) / 12 + demandBeta * (Double.log(demand[t]) - Double.log(demand[t - 1]))
            }
            revenue[t] = revenue0 > 0 ? Double.exp(logR) : 0
            inferenceMW[t] = revenue[t] / (revenuePerMW0 * Double.exp(monthlyTrend * Double(t)))
        }
    }
}
