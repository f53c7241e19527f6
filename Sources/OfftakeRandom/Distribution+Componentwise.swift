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
        guard case .mixture(let components, let weights) = self else { return quantile(u) }
        var total = 0.0
        for w in weights where w > 0 { total += w }
        let target = u * total
        var cumulative = 0.0
        guard let last = weights.lastIndex(where: { $0 > 0 }) else { return .nan }
        var chosen = last
        for (k, w) in weights.enumerated() where w > 0 {
            // The last component takes whatever rounding leaves above the other components.
            if k == last || target < cumulative + w {
                chosen = k
                break
            }
            cumulative += w
        }
        // Keep u′ inside (0, 1): rounding may put it on an end, where a quantile is the support's end.
        let rescaled = (target - cumulative) / weights[chosen]
        let inside = Swift.min(Swift.max(rescaled, 0x1p-1074), 1 - 0x1p-53)
        return components[chosen].componentwiseSample(inside)
    }

    /// ``componentwiseSample(_:)`` reporting a component quantile that did not converge as a
    /// ``NumericFailure`` (as ``checkedQuantile(_:)`` does).
    public func checkedComponentwiseSample(_ u: Double) throws(NumericFailure) -> Double {
        let x = componentwiseSample(u)
        if x.isNaN && u >= 0 && u <= 1 { throw NumericFailure(distribution: self, probability: u) }
        return x
    }
}
