import RealModule

/// A probability distribution of a scalar model parameter.
///
/// All sampling is by inversion (Devroye, "Non-Uniform Random Variate Generation", 1986, §II.2):
/// `sample(u) == quantile(u)`. One uniform per draw, so variants of a scenario that share a
/// stream use common random numbers with a monotone coupling, and a Gaussian copula
/// (``GaussianCopula``) can correlate any set of parameters by correlating their uniforms.
///
/// Parameterisations:
/// - `normal(mean:sd:)`: N(mean, sd²).
/// - `lognormal(mu:sigma:)`: log X ~ N(mu, sigma²).
/// - `uniform(min:max:)`: continuous uniform on [min, max].
/// - `triangular(min:mode:max:)`: triangular density with the given mode.
/// - `pert(min:mode:max:)`: Beta-PERT with λ = 4: min + (max − min)·Beta(α, β) with
///   α = 1 + 4(mode − min)/(max − min), β = 1 + 4(max − mode)/(max − min) (Vose, "Risk Analysis",
///   3rd ed., 2008, §9.1.3; Malcolm et al. 1959).
/// - `beta(alpha:beta:)`: on [0, 1]. `gamma(shape:scale:)`: mean shape·scale.
/// - `studentT(df:loc:scale:)`: loc + scale·T_df. `bernoulli(p:)`: on {0, 1}.
/// - `poisson(lambda:)`. `discrete(values:weights:)`: weights normalised internally.
/// - `mixture(components:weights:)`: weights normalised internally.
/// - `truncated(d, min:, max:)`: d conditioned on min ≤ X ≤ max (either bound may be infinite).
public indirect enum Distribution: Sendable, Hashable, Codable {
    case constant(Double)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case pert(min: Double, mode: Double, max: Double)
    case beta(alpha: Double, beta: Double)
    case gamma(shape: Double, scale: Double)
    case studentT(df: Double, loc: Double, scale: Double)
    case bernoulli(p: Double)
    case poisson(lambda: Double)
    case discrete(values: [Double], weights: [Double])
    case mixture(components: [Distribution], weights: [Double])
    case truncated(Distribution, min: Double, max: Double)
}

/// A quantile whose iterative routine (root solver, series, continued fraction) reached its
/// iteration bound without converging: see docs/distributions.md, "Iteration bounds".
public struct NumericFailure: Error, Sendable, Hashable {
    /// The distribution whose quantile failed.
    public var distribution: Distribution
    /// The probability at which it failed.
    public var probability: Double

    public init(distribution: Distribution, probability: Double) {
        self.distribution = distribution
        self.probability = probability
    }
}

extension Distribution {
    // MARK: - Support

    /// True when the distribution has no density: all its mass sits on countably many atoms
    /// (constant, bernoulli, poisson, discrete, and mixtures / truncations of those only).
    public var isDiscrete: Bool {
        switch self {
        case .constant, .bernoulli, .poisson, .discrete: return true
        case .mixture(let components, let weights):
            return zip(components, weights).allSatisfy { $0.1 == 0 || $0.0.isDiscrete }
        case .truncated(let base, _, _): return base.isDiscrete
        default: return false
        }
    }

    /// Lower end of the support (the smallest atom for discrete distributions); may be −∞.
    public var lowerBound: Double {
        switch self {
        case .constant(let c): return c
        case .normal, .studentT: return -.infinity
        case .lognormal, .gamma, .poisson: return 0
        case .uniform(let a, _), .triangular(let a, _, _), .pert(let a, _, _): return a
        case .beta: return 0
        case .bernoulli(let p): return p >= 1 ? 1 : 0
        case .discrete(let values, let weights):
            return zip(values, weights).filter { $0.1 > 0 }.map(\.0).min() ?? .nan
        case .mixture(let components, let weights):
            return zip(components, weights).filter { $0.1 > 0 }.map(\.0.lowerBound).min() ?? .nan
        case .truncated(let base, let a, _):
            if base.isDiscrete { return base.atom(above: a.nextDown) ?? .nan }
            return Swift.max(a, base.lowerBound)
        }
    }

    /// Upper end of the support (the largest atom for discrete distributions); may be +∞.
    public var upperBound: Double {
        switch self {
        case .constant(let c): return c
        case .normal, .studentT, .lognormal, .gamma: return .infinity
        case .poisson(let lambda): return lambda == 0 ? 0 : .infinity
        case .uniform(_, let b), .triangular(_, _, let b), .pert(_, _, let b): return b
        case .beta: return 1
        case .bernoulli(let p): return p <= 0 ? 0 : 1
        case .discrete(let values, let weights):
            return zip(values, weights).filter { $0.1 > 0 }.map(\.0).max() ?? .nan
        case .mixture(let components, let weights):
            return zip(components, weights).filter { $0.1 > 0 }.map(\.0.upperBound).max() ?? .nan
        case .truncated(let base, _, let b):
            if base.isDiscrete { return base.atom(atOrBelow: b) ?? .nan }
            return Swift.min(b, base.upperBound)
        }
    }

    // MARK: - Distribution function

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double { tails(x).lower }

    /// P(X > x), computed directly in the upper tail (no 1 − cdf cancellation).
    public func complementaryCDF(_ x: Double) -> Double { tails(x).upper }

    /// The probability density at x (continuous distributions; 0 off the support). For discrete
    /// distributions this is 0 except at atoms, where it is +∞.
    public func density(_ x: Double) -> Double {
        switch self {
        case .constant(let c): return x == c ? .infinity : 0
        case .normal(let m, let s): return StandardNormal.pdf((x - m) / s) / s
        case .lognormal(let mu, let sigma):
            if x <= 0 { return 0 }
            return StandardNormal.pdf((Double.log(x) - mu) / sigma) / (sigma * x)
        case .uniform(let a, let b): return x < a || x > b ? 0 : 1 / (b - a)
        case .triangular(let a, let c, let b):
            if x < a || x > b { return 0 }
            if x < c { return 2 * (x - a) / ((b - a) * (c - a)) }
            if x > c { return 2 * (b - x) / ((b - a) * (b - c)) }
            return 2 / (b - a)
        case .pert(let a, let c, let b):
            let (al, be) = Distribution.pertShape(a, c, b)
            return BetaFamily.density(al, be, (x - a) / (b - a)) / (b - a)
        case .beta(let al, let be): return BetaFamily.density(al, be, x)
        case .gamma(let k, let theta): return GammaFamily.density(shape: k, x / theta) / theta
        case .studentT(let nu, let loc, let scale): return StudentTFamily.density(nu, (x - loc) / scale) / scale
        case .bernoulli, .poisson, .discrete:
            return pointMass(x) > 0 ? .infinity : 0
        case .mixture(let components, let weights):
            let total = weights.reduce(0, +)
            var sum = 0.0
            for (c, w) in zip(components, weights) where w > 0 { sum += w * c.density(x) }
            return sum / total
        case .truncated(let base, let a, let b):
            if x < a || x > b { return 0 }
            return base.density(x) / base.mass(from: a, to: b).mass
        }
    }

    /// P(X = x): the mass of the atom at x (0 for continuous parts).
    public func pointMass(_ x: Double) -> Double {
        switch self {
        case .constant(let c): return x == c ? 1 : 0
        case .bernoulli(let p): return x == 1 ? p : (x == 0 ? 1 - p : 0)
        case .poisson(let lambda): return PoissonFamily.mass(lambda, x)
        case .discrete(let values, let weights):
            let total = Distribution.sortedAtoms(values, weights).total
            var s = 0.0
            for (v, w) in zip(values, weights) where v == x { s += w }
            return s / total
        case .mixture(let components, let weights):
            let total = weights.reduce(0, +)
            var s = 0.0
            for (c, w) in zip(components, weights) where w > 0 { s += w * c.pointMass(x) }
            return s / total
        case .truncated(let base, let a, let b):
            if x < a || x > b { return 0 }
            return base.pointMass(x) / base.mass(from: a, to: b).mass
        default: return 0
        }
    }

    /// (P(X ≤ x), P(X > x)), each computed so that the smaller one has full relative precision.
    func tails(_ x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN { return (.nan, .nan) }
        switch self {
        case .constant(let c):
            return x >= c ? (1, 0) : (0, 1)
        case .normal(let m, let s):
            let z = (x - m) / s
            return (StandardNormal.cdf(z), StandardNormal.complementaryCDF(z))
        case .lognormal(let mu, let sigma):
            if x <= 0 { return (0, 1) }
            let z = (Double.log(x) - mu) / sigma
            return (StandardNormal.cdf(z), StandardNormal.complementaryCDF(z))
        case .uniform(let a, let b):
            if x < a { return (0, 1) }
            if x >= b { return (1, 0) }
            return ((x - a) / (b - a), (b - x) / (b - a))
        case .triangular(let a, let c, let b):
            // F(x) = (x−a)²/((b−a)(c−a)) on [a, c], 1 − (b−x)²/((b−a)(b−c)) on [c, b].
            if x <= a { return (0, 1) }
            if x >= b { return (1, 0) }
            if x <= c {
                let lower = (x - a) * (x - a) / ((b - a) * (c - a))
                return (lower, 1 - lower)
            }
            let upper = (b - x) * (b - x) / ((b - a) * (b - c))
            return (1 - upper, upper)
        case .pert(let a, let c, let b):
            let (al, be) = Distribution.pertShape(a, c, b)
            if x <= a { return (0, 1) }
            if x >= b { return (1, 0) }
            let r = Special.regularizedBeta(al, be, x: (x - a) / (b - a), y: (b - x) / (b - a))
            return (r.p, r.q)
        case .beta(let al, let be):
            return BetaFamily.tails(al, be, x)
        case .gamma(let k, let theta):
            return GammaFamily.tails(shape: k, x / theta)
        case .studentT(let nu, let loc, let scale):
            return StudentTFamily.tails(nu, (x - loc) / scale)
        case .bernoulli(let p):
            if x < 0 { return (0, 1) }
            if x < 1 { return (1 - p, p) }
            return (1, 0)
        case .poisson(let lambda):
            return PoissonFamily.tails(lambda, x)
        case .discrete(let values, let weights):
            let atoms = Distribution.sortedAtoms(values, weights)
            var below = 0.0
            var above = 0.0
            for (v, w) in atoms.items {
                if v <= x { below += w } else { above += w }
            }
            // Both sums are direct (no complement), so each tail is accurate; the lower one is
            // summed in the same order as the quantile's cumulative scan, which keeps
            // cdf(quantile(p)) ≥ p exact in floating point.
            return (below / atoms.total, above / atoms.total)
        case .mixture(let components, let weights):
            let total = weights.reduce(0, +)
            var lower = 0.0
            var upper = 0.0
            for (c, w) in zip(components, weights) where w > 0 {
                let t = c.tails(x)
                lower += w * t.lower
                upper += w * t.upper
            }
            lower /= total
            upper /= total
            return lower <= upper ? (lower, 1 - lower) : (1 - upper, upper)
        case .truncated(let base, let a, let b):
            if x < a { return (0, 1) }
            if x >= b { return (1, 0) }
            let m = base.mass(from: a, to: b)
            let t = base.tails(x)
            // (F(x) − F(a⁻)) / Z, or (S(a⁻)... ) via the upper tail, whichever side is small.
            let lower = Swift.max(0, Swift.min(1, (t.lower - m.belowA) / m.mass))
            let upper = Swift.max(0, Swift.min(1, (t.upper - m.aboveB) / m.mass))
            return lower <= upper ? (lower, 1 - lower) : (1 - upper, upper)
        }
    }

    /// (P(X < x), P(X ≥ x)): left limits, which differ from ``tails(_:)`` only at atoms.
    func leftTails(_ x: Double) -> (lower: Double, upper: Double) {
        if !hasAtoms { return tails(x) }
        let m = pointMass(x)
        if m == 0 { return tails(x) }
        let t = tails(x)
        let lower = Swift.max(0, t.lower - m)
        let upper = Swift.min(1, t.upper + m)
        return lower <= upper ? (lower, 1 - lower) : (1 - upper, upper)
    }

    /// Whether any component has atoms (point masses).
    var hasAtoms: Bool {
        switch self {
        case .constant, .bernoulli, .poisson, .discrete: return true
        case .mixture(let components, let weights):
            return zip(components, weights).contains { $0.1 > 0 && $0.0.hasAtoms }
        case .truncated(let base, _, _): return base.hasAtoms
        default: return false
        }
    }

    /// Probabilities of the truncation interval [a, b] under this distribution:
    /// F(a⁻) = P(X < a), S(b) = P(X > b) and Z = P(a ≤ X ≤ b), with Z computed from whichever
    /// tails are small (so a truncation deep in either tail keeps its precision).
    func mass(from a: Double, to b: Double) -> (belowA: Double, aboveB: Double, mass: Double) {
        let ta = leftTails(a)
        let tb = tails(b)
        let z: Double
        if ta.lower <= 0.5 && tb.lower <= 0.5 {
            z = tb.lower - ta.lower
        } else if ta.upper <= 0.5 && tb.upper <= 0.5 {
            z = ta.upper - tb.upper
        } else {
            z = 1 - ta.lower - tb.upper
        }
        return (ta.lower, tb.upper, Swift.max(0, z))
    }

    /// Atoms (value, weight) with positive weight, sorted by value, and their total weight summed
    /// in that order.
    static func sortedAtoms(_ values: [Double], _ weights: [Double]) -> (items: [(Double, Double)], total: Double) {
        var items: [(Double, Double)] = []
        items.reserveCapacity(values.count)
        var sorted = true
        var previous = -Double.infinity
        for (v, w) in zip(values, weights) where w > 0 {
            if v < previous { sorted = false }
            previous = v
            items.append((v, w))
        }
        if !sorted { items.sort { $0.0 < $1.0 } }
        var total = 0.0
        for (_, w) in items { total += w }
        return (items, total)
    }

    /// PERT shape parameters α = 1 + 4(c − a)/(b − a), β = 1 + 4(b − c)/(b − a) (λ = 4).
    static func pertShape(_ a: Double, _ c: Double, _ b: Double) -> (Double, Double) {
        let r = b - a
        return (1 + 4 * (c - a) / r, 1 + 4 * (b - c) / r)
    }

    /// The PERT(a, ·, b) quantile from its Beta shapes α, β and log B(α, β): `a + (b − a)·x` for the
    /// Beta(α, β) quantile x, from the complement `b − (b − a)·(1 − x)` above x = ½ (both clamped to
    /// [a, b]).
    static func pertQuantile(_ a: Double, _ b: Double, alpha: Double, beta: Double, logBeta: Double, p: Double, q: Double) -> Double {
        let r = BetaFamily.quantile(alpha, beta, p: p, q: q, logBeta: logBeta)
        return r.x <= 0.5 ? Swift.min(b, a + (b - a) * r.x) : Swift.max(a, b - (b - a) * r.y)
    }

    // MARK: - Atoms of discrete distributions

    /// The largest atom ≤ x, or nil (also nil for distributions without atoms).
    func atom(atOrBelow x: Double) -> Double? {
        switch self {
        case .constant(let c): return c <= x ? c : nil
        case .bernoulli(let p):
            if x >= 1 && p > 0 { return 1 }
            if x >= 0 && p < 1 { return 0 }
            if x >= 1 { return 0 }
            return nil
        case .poisson(let lambda):
            if x < 0 { return nil }
            if lambda == 0 { return 0 }
            if x == .infinity { return nil }
            return x.rounded(.down)
        case .discrete(let values, let weights):
            var best: Double?
            for (v, w) in zip(values, weights) where w > 0 && v <= x {
                if best == nil || v > best! { best = v }
            }
            return best
        case .mixture(let components, let weights):
            var best: Double?
            for (c, w) in zip(components, weights) where w > 0 {
                if let v = c.atom(atOrBelow: x), best == nil || v > best! { best = v }
            }
            return best
        case .truncated(let base, let a, let b):
            guard let v = base.atom(atOrBelow: Swift.min(x, b)), v >= a else { return nil }
            return v
        default: return nil
        }
    }

    /// The smallest atom > x, or nil.
    func atom(above x: Double) -> Double? {
        switch self {
        case .constant(let c): return c > x ? c : nil
        case .bernoulli(let p):
            if x < 0 && p < 1 { return 0 }
            if x < 1 && p > 0 { return 1 }
            return nil
        case .poisson(let lambda):
            if x < 0 { return 0 }
            if lambda == 0 || x == .infinity { return nil }
            return x.rounded(.down) + 1
        case .discrete(let values, let weights):
            var best: Double?
            for (v, w) in zip(values, weights) where w > 0 && v > x {
                if best == nil || v < best! { best = v }
            }
            return best
        case .mixture(let components, let weights):
            var best: Double?
            for (c, w) in zip(components, weights) where w > 0 {
                if let v = c.atom(above: x), best == nil || v < best! { best = v }
            }
            return best
        case .truncated(let base, let a, let b):
            guard let v = base.atom(above: Swift.max(x, a.nextDown)), v <= b else { return nil }
            return v
        default: return nil
        }
    }

    // MARK: - Quantile and sampling

    /// The quantile function Q(p) = inf{x : F(x) ≥ p} for p ∈ [0, 1]; Q(0) = ``lowerBound``,
    /// Q(1) = ``upperBound``; NaN for p outside [0, 1].
    ///
    /// Closed forms where they exist (normal via AS 241, lognormal, uniform, triangular, bernoulli,
    /// Cauchy); otherwise a safeguarded Halley iteration from a published initial guess (gamma,
    /// beta, PERT, Student t), a walk over the integers (poisson), a cumulative scan (discrete),
    /// or a bracketed solve of the mixture cdf (mixture). See the individual families for sources.
    public func quantile(_ p: Double) -> Double {
        if !(p >= 0 && p <= 1) { return .nan }
        if p == 0 { return lowerBound }
        if p == 1 { return upperBound }
        let x = quantile(p: p, q: 1 - p)
        switch self {
        case .mixture, .truncated:
            return isDiscrete ? discreteFixUp(x, p: p) : x
        default:
            return x
        }
    }

    /// ``quantile(_:)`` that reports a numeric routine reaching its iteration bound (a NaN quantile
    /// for p ∈ [0, 1]) as a ``NumericFailure`` instead of returning NaN. For parameters in the
    /// supported ranges (``parameterProblems()`` empty) it does not throw.
    public func checkedQuantile(_ p: Double) throws(NumericFailure) -> Double {
        let x = quantile(p)
        if x.isNaN && p >= 0 && p <= 1 { throw NumericFailure(distribution: self, probability: p) }
        return x
    }

    /// The median, `quantile(0.5)`.
    public var median: Double { quantile(0.5) }

    /// Inversion sampling: `sample(u) == quantile(u)` for a uniform u.
    @inlinable
    public func sample(_ u: Double) -> Double { quantile(u) }

    /// Draws one value by inversion of the next uniform of `stream`.
    @inlinable
    public func sample(from stream: inout RandomStream) -> Double {
        quantile(stream.nextUniform())
    }

    /// Makes sure the returned atom x is the smallest with cdf(x) ≥ p under the public `cdf`.
    ///
    /// The usual case costs two cdf evaluations (x0 is the answer, or the atom next to it is).
    /// Otherwise the answer is bracketed between a point with cdf < p and one with cdf ≥ p (the
    /// support's ends) and found by bisection on the order of doubles (``bisectOrder(_:_:reached:)``):
    /// at most 64 more evaluations whatever the number of atoms in between, so a Poisson truncated
    /// to [7, 1e308] costs no more than one truncated to [7, 9]. NaN in, NaN out.
    func discreteFixUp(_ x0: Double, p: Double) -> Double {
        if x0.isNaN { return .nan }
        var x = x0
        if let a = atom(atOrBelow: x) { x = a } else if let a = atom(above: x) { x = a }
        let below: Double, reached: Double
        if cdf(x) >= p {
            guard let previous = atom(atOrBelow: x.nextDown), cdf(previous) >= p else { return x }
            below = lowerBound.nextDown
            reached = previous
        } else {
            guard let next = atom(above: x) else { return x }
            if cdf(next) >= p { return next }
            below = next
            reached = upperBound
        }
        if !(below < reached) { return reached }
        let y = Distribution.bisectOrder(below, reached) { cdf($0) >= p }
        return atom(atOrBelow: y) ?? y
    }

    /// The smallest double y in (lo, hi] with `reached(y)`, for a monotone predicate with
    /// `reached(lo)` false and `reached(hi)` true, by bisection on the *order* of doubles (their
    /// bit patterns mapped to integers, ``orderedKey(_:)``). Each step halves the number of
    /// representable values in the bracket: at most 64 evaluations reach adjacent doubles whatever
    /// the bracket's width (−∞ … +∞ included).
    static func bisectOrder(_ lo: Double, _ hi: Double, reached: (Double) -> Bool) -> Double {
        var a = orderedKey(lo), b = orderedKey(hi)
        while a + 1 < b {  // not `b - a > 1`: that overflows when the bracket spans ±1e308
            let mid = (a >> 1) + (b >> 1) + (a & b & 1)
            if reached(value(orderedKey: mid)) { b = mid } else { a = mid }
        }
        return value(orderedKey: b)
    }

    /// Quantile from the pair (p, q), q = 1 − p, 0 < p < 1; the smaller of p and q drives the
    /// computation so that both tails keep relative precision.
    func quantile(p: Double, q: Double) -> Double {
        switch self {
        case .constant(let c):
            return c
        case .normal(let m, let s):
            let z = p <= q ? StandardNormal.quantile(p) : StandardNormal.upperQuantile(q)
            return m + s * z
        case .lognormal(let mu, let sigma):
            let z = p <= q ? StandardNormal.quantile(p) : StandardNormal.upperQuantile(q)
            return Double.exp(mu + sigma * z)
        case .uniform(let a, let b):
            return p <= q ? Swift.min(b, a + p * (b - a)) : Swift.max(a, b - q * (b - a))
        case .triangular(let a, let c, let b):
            // Inverse of the piecewise-quadratic cdf (Johnson & Kotz, "Continuous Univariate
            // Distributions" vol. 2, ch. 26): a + √(p(b−a)(c−a)) for p ≤ Fc, else b − √(q(b−a)(b−c)).
            let fc = (c - a) / (b - a)
            if p <= fc {
                return Swift.min(b, a + (p * (b - a) * (c - a)).squareRoot())
            }
            return Swift.max(a, b - (q * (b - a) * (b - c)).squareRoot())
        case .pert(let a, let c, let b):
            let (al, be) = Distribution.pertShape(a, c, b)
            return Distribution.pertQuantile(a, b, alpha: al, beta: be, logBeta: Special.logBeta(al, be), p: p, q: q)
        case .beta(let al, let be):
            return BetaFamily.quantile(al, be, p: p, q: q).x
        case .gamma(let k, let theta):
            return theta * GammaFamily.quantile(shape: k, p: p, q: q)
        case .studentT(let nu, let loc, let scale):
            return loc + scale * StudentTFamily.quantile(nu, p: p, q: q)
        case .bernoulli(let prob):
            return p <= 1 - prob ? 0 : 1
        case .poisson(let lambda):
            return PoissonFamily.quantile(lambda, p: p, q: q)
        case .discrete(let values, let weights):
            let atoms = Distribution.sortedAtoms(values, weights)
            var cumulative = 0.0
            let items = atoms.items
            var i = 0
            while i < items.count {
                cumulative += items[i].1
                // Only test at the last of a run of equal values.
                if i + 1 < items.count && items[i + 1].0 == items[i].0 { i += 1; continue }
                if cumulative / atoms.total >= p { return items[i].0 }
                i += 1
            }
            return items.last?.0 ?? .nan
        case .mixture(let components, let weights):
            return mixtureQuantile(components, weights, p: p, q: q)
        case .truncated(let base, let a, let b):
            // Q_T(u) = Q(F(a⁻) + u·Z), with the complement S(b) + (1 − u)·Z passed alongside.
            let m = base.mass(from: a, to: b)
            if !(m.mass > 0) { return .nan }
            let pp = m.belowA + p * m.mass
            let qq = m.aboveB + q * m.mass
            var x = base.quantile(p: Swift.min(pp, 1), q: Swift.min(qq, 1))
            if x < a { x = base.isDiscrete ? (base.atom(above: a.nextDown) ?? a) : a }
            if x > b { x = base.isDiscrete ? (base.atom(atOrBelow: b) ?? b) : b }
            return x
        }
    }

    /// Mixture quantile inf{x : Σ wᵢFᵢ(x)/W ≥ p}. The root lies in [minᵢ Qᵢ(p), maxᵢ Qᵢ(p)] (each Fᵢ
    /// is < p below its own quantile and ≥ p at it). It is found by bisection on the *order* of
    /// doubles (their bit patterns mapped to integers), which halves the number of representable
    /// values in the bracket at each step: at most 64 evaluations reach adjacent doubles whatever the
    /// bracket's width (components 1e300 apart included), flat stretches and atoms of the cdf are
    /// handled exactly, and the upper tail keeps relative precision through the complement q.
    func mixtureQuantile(_ components: [Distribution], _ weights: [Double], p: Double, q: Double) -> Double {
        var lo = Double.infinity
        var hi = -Double.infinity
        for (c, w) in zip(components, weights) where w > 0 {
            let x = c.quantile(p: p, q: q)
            if x.isNaN { return .nan }  // a component's failure is the mixture's
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
        }
        if !(lo < hi) { return hi }
        let useLower = p <= q
        func reached(_ x: Double) -> Bool {
            let t = tails(x)
            return useLower ? t.lower >= p : t.upper <= q
        }
        if reached(lo) { return lo }
        // Not reached(lo), reached(hi) (hi is the largest component quantile).
        if hasNoAtoms, let located = locatedBisection(lo, hi, p: p, q: q, reached: reached) { return located }
        return Distribution.bisectOrder(lo, hi, reached: reached)
    }

    /// True when no component has an atom (a continuous cdf): Newton then finds the root quickly.
    /// With atoms the cdf jumps, Newton crawls across the steps, and plain bisection is cheaper.
    var hasNoAtoms: Bool {
        switch self {
        case .constant, .bernoulli, .poisson, .discrete: return false
        case .mixture(let components, _): return components.allSatisfy(\.hasNoAtoms)
        case .truncated(let base, _, _): return base.hasNoAtoms
        default: return true
        }
    }

    /// Relative half-width of the window around a Newton estimate of a mixture quantile inside which
    /// ``locatedBisection(_:_:p:q:reached:)`` evaluates the cdf (outside it the outcome is known).
    static let bisectionWindow = 1e-11

    /// The result of `bisectOrder(lo, hi, reached:)`, found with fewer cdf evaluations.
    ///
    /// A safeguarded Newton solve of the mixture cdf (``RootSolver``, density as derivative) gives
    /// x̂ within about 10⁻¹³ of the root. After checking `reached(x̂ − δ)` false and `reached(x̂ + δ)`
    /// true (δ = ``bisectionWindow``·|x̂|), the bisection runs exactly as `bisectOrder` does, over
    /// the same midpoints, but a midpoint outside [x̂ − δ, x̂ + δ] takes the outcome monotonicity
    /// implies (false below, true above) instead of an evaluation. Only the ≈ 17 midpoints inside
    /// the window are evaluated, where the computed cdf may wobble by rounding; so the answer is the
    /// one the plain bisection gives, at about 30 evaluations instead of 64. Nil (the caller then
    /// bisects plainly) when the solve fails or the checks do not hold.
    func locatedBisection(_ lo: Double, _ hi: Double, p: Double, q: Double, reached: (Double) -> Bool) -> Double? {
        let useLower = p <= q
        let logTarget = Double.log(useLower ? p : q)
        let estimate = RootSolver.solve(initial: lo + 0.5 * (hi - lo), lower: lo, upper: hi, relativeTolerance: 1e-13) { x in
            let t = tails(x)
            return RootSolver.tailResidual(
                lower: useLower, p: p, q: q, logTarget: logTarget,
                cdf: t.lower, sf: t.upper, derivative: density(x), curvature: .nan)
        }
        guard estimate.isFinite, abs(estimate) >= 0x1p-1000 else { return nil }
        let delta = Distribution.bisectionWindow * abs(estimate)
        let below = estimate - delta, above = estimate + delta
        guard lo < below, above < hi, !reached(below), reached(above) else { return nil }
        var a = Distribution.orderedKey(lo), b = Distribution.orderedKey(hi)
        while a + 1 < b {
            let mid = (a >> 1) + (b >> 1) + (a & b & 1)
            let x = Distribution.value(orderedKey: mid)
            let outcome = x < below ? false : (x > above ? true : reached(x))
            if outcome { b = mid } else { a = mid }
        }
        return Distribution.value(orderedKey: b)
    }

    /// A key that orders doubles as integers: −0 and +0 map to 0, and consecutive doubles to
    /// consecutive keys (finite and infinite values; NaN is not expected).
    static func orderedKey(_ x: Double) -> Int64 {
        let bits = x.bitPattern
        let magnitude = Int64(bitPattern: bits & 0x7FFF_FFFF_FFFF_FFFF)
        return bits >> 63 == 1 ? -magnitude : magnitude
    }

    /// The double with the given ``orderedKey(_:)``.
    static func value(orderedKey key: Int64) -> Double {
        key >= 0 ? Double(bitPattern: UInt64(key)) : -Double(bitPattern: UInt64(-key))
    }
}

extension Distribution {
    /// Largest gamma or beta shape and Poisson mean accepted (10⁷). Their cdf and quantile cost grows
    /// like √shape, and beyond this they are normal to within any tolerance a scenario needs
    /// (the skewness of a gamma is 2/√shape ≤ 6·10⁻⁴).
    public static let maximumShape = 1e7
}
