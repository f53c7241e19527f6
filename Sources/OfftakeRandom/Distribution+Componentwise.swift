import RealModule

extension Distribution {
    /// A draw from the distribution with one uniform u ∈ (0, 1), choosing a mixture's component first:
    /// with cumulative weights C₀ = 0 < C₁ < … < Cₙ = W, the component k with C_{k−1} ≤ u·W < C_k, then
    /// that component's draw at the rescaled uniform u′ = (u·W − C_{k−1}) / w_k (recursively for nested
    /// mixtures). Every other distribution is inverted as ``sample(_:)`` does.
    ///
    /// u′ is uniform on (0, 1) given k and independent of it, so the draw has the mixture's
    /// distribution (the composition method, Devroye 1986, §II.1 and §XIV.4), at the cost of one
    /// component quantile instead of ``quantile(_:)``'s bisection over the mixture cdf. Unlike
    /// ``sample(_:)`` it is **not monotone in u**: it gives other draws than inversion from the same
    /// stream, no common random numbers when the weights change, and cannot carry a copula. Used only
    /// when asked for (`offtake sample --by-component`); the engine always inverts.
    public func componentwiseSample(_ u: Double) -> Double {
        ComponentwiseSampler(self).sample(u)
    }

    /// ``componentwiseSample(_:)`` reporting a component quantile that did not converge as a
    /// ``NumericFailure`` (as ``checkedQuantile(_:)`` does).
    public func checkedComponentwiseSample(_ u: Double) throws(NumericFailure) -> Double {
        try ComponentwiseSampler(self).checkedSample(u)
    }
}

/// ``Distribution/componentwiseSample(_:)`` prepared once for many draws: the positive-weight
/// components with their cumulative weights, the closed-form families unpacked so that a draw touches
/// no reference count.
public struct ComponentwiseSampler: Sendable {
    /// A component: closed forms evaluated here exactly as ``Distribution/quantile(_:)`` does for a
    /// probability strictly inside (0, 1); anything else through the distribution itself.
    enum Component: Sendable {
        case constant(Double)
        case normal(mean: Double, sd: Double)
        case lognormal(mu: Double, sigma: Double)
        case mixture(ComponentwiseSampler)
        case other(Distribution)

        init(_ d: Distribution) {
            switch d {
            case .constant(let c): self = .constant(c)
            case .normal(let m, let s): self = .normal(mean: m, sd: s)
            case .lognormal(let mu, let sigma): self = .lognormal(mu: mu, sigma: sigma)
            case .mixture: self = .mixture(ComponentwiseSampler(d))
            default: self = .other(d)
            }
        }
    }

    let distribution: Distribution
    /// Positive-weight components and their weights and cumulative weights; empty when the
    /// distribution is not a mixture (it is then inverted) or has no positive weight.
    let components: [Component]
    let weights: [Double]
    let cumulative: [Double]
    let total: Double
    let isMixture: Bool

    public init(_ distribution: Distribution) {
        self.distribution = distribution
        guard case .mixture(let parts, let w) = distribution else {
            (components, weights, cumulative, total, isMixture) = ([], [], [], 0, false)
            return
        }
        let kept = zip(parts, w).filter { $0.1 > 0 }
        components = kept.map { Component($0.0) }
        weights = kept.map(\.1)
        var sum = 0.0
        cumulative = weights.map { sum += $0; return sum }
        total = sum
        isMixture = true
    }

    /// One draw (see ``Distribution/componentwiseSample(_:)``).
    public func sample(_ u: Double) -> Double {
        if components.isEmpty { return isMixture ? .nan : distribution.quantile(u) }  // a mixture without weight: NaN
        let target = u * total
        // The last component takes whatever rounding leaves above the others.
        var k = 0
        while k < components.count - 1 && target >= cumulative[k] { k += 1 }
        let below = k == 0 ? 0 : cumulative[k - 1]
        // Keep u′ inside (0, 1): rounding may put it on an end, where a quantile is the support's end.
        let p = Swift.min(Swift.max((target - below) / weights[k], 0x1p-1074), 1 - 0x1p-53)
        switch components[k] {
        case .constant(let c): return c
        case .normal(let m, let s): return m + s * ComponentwiseSampler.standardNormalQuantile(p)
        case .lognormal(let mu, let sigma): return Double.exp(mu + sigma * ComponentwiseSampler.standardNormalQuantile(p))
        case .mixture(let nested): return nested.sample(p)
        case .other(let d): return d.quantile(p)
        }
    }

    /// Φ⁻¹(p) from the smaller tail, as the normal and lognormal quantiles compute it.
    @inline(__always)
    static func standardNormalQuantile(_ p: Double) -> Double {
        let q = 1 - p
        return p <= q ? StandardNormal.quantile(p) : StandardNormal.upperQuantile(q)
    }

    /// ``sample(_:)`` reporting a quantile that did not converge as a ``NumericFailure``.
    public func checkedSample(_ u: Double) throws(NumericFailure) -> Double {
        let x = sample(u)
        if x.isNaN && u >= 0 && u <= 1 { throw NumericFailure(distribution: distribution, probability: u) }
        return x
    }
}
