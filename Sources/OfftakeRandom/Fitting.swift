import RealModule

extension Distribution {
    /// The normal distribution whose p1-quantile is x1 and p2-quantile is x2:
    /// sd = (x2 − x1)/(z2 − z1), mean = x1 − sd·z1 with zᵢ = Φ⁻¹(pᵢ) (solving xᵢ = mean + sd·zᵢ).
    /// Nil unless 0 < p1 < p2 < 1, x1 < x2 and both are finite.
    public static func normal(quantile p1: Double, is x1: Double, quantile p2: Double, is x2: Double) -> Distribution? {
        guard let (mean, sd) = fitLocationScale(p1, x1, p2, x2) else { return nil }
        return .normal(mean: mean, sd: sd)
    }

    /// The lognormal distribution whose p1-quantile is x1 and p2-quantile is x2: the normal fit
    /// of (log x1, log x2). Nil unless 0 < p1 < p2 < 1 and 0 < x1 < x2 < ∞.
    public static func lognormal(quantile p1: Double, is x1: Double, quantile p2: Double, is x2: Double) -> Distribution? {
        guard x1 > 0, x2 > 0, x1.isFinite, x2.isFinite else { return nil }
        guard let (mu, sigma) = fitLocationScale(p1, Double.log(x1), p2, Double.log(x2)) else { return nil }
        return .lognormal(mu: mu, sigma: sigma)
    }

    /// The lognormal distribution with E[X] = mean and SD[X] = sd (moments of X, not of log X):
    /// σ² = log(1 + sd²/mean²), μ = log(mean) − σ²/2 (Johnson, Kotz & Balakrishnan vol. 1, eq. 14.8).
    /// Nil unless mean > 0 and sd > 0 (both finite).
    public static func lognormal(mean: Double, sd: Double) -> Distribution? {
        guard mean > 0, sd > 0, mean.isFinite, sd.isFinite else { return nil }
        let ratio = sd / mean
        let s2 = Double.log(onePlus: ratio * ratio)
        return .lognormal(mu: Double.log(mean) - 0.5 * s2, sigma: s2.squareRoot())
    }

    /// Location/scale from two quantiles of the standard normal.
    private static func fitLocationScale(_ p1: Double, _ x1: Double, _ p2: Double, _ x2: Double) -> (Double, Double)? {
        guard p1 > 0, p2 < 1, p1 < p2, x1 < x2, x1.isFinite, x2.isFinite else { return nil }
        let z1 = StandardNormal.quantile(p1)
        let z2 = StandardNormal.quantile(p2)
        let scale = (x2 - x1) / (z2 - z1)
        guard scale > 0, scale.isFinite else { return nil }
        // Anchor the location on the quantile nearer the centre (smaller |z|) and check both.
        let location = abs(z1) <= abs(z2) ? x1 - scale * z1 : x2 - scale * z2
        return (location, scale)
    }
}
