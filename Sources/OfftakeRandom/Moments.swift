import RealModule

extension Distribution {
    /// The expectation E[X]. NaN where it does not exist (Student t with df ≤ 1; a truncation of
    /// such a t to an interval open on both sides), ±∞ where it diverges (Cauchy-like tails kept on one
    /// side only).
    ///
    /// Closed forms (Johnson, Kotz & Balakrishnan, "Continuous Univariate Distributions", 2nd ed.):
    /// lognormal exp(μ + σ²/2); triangular (a+c+b)/3; PERT (a+4c+b)/6; beta α/(α+β); gamma kθ.
    /// Truncated distributions: see ``truncatedMoments(_:_:_:)``.
    public var mean: Double {
        switch self {
        case .constant(let c): return c
        case .normal(let m, _): return m
        case .lognormal(let mu, let sigma): return Double.exp(mu + 0.5 * sigma * sigma)
        case .uniform(let a, let b): return a + 0.5 * (b - a)
        case .triangular(let a, let c, let b): return (a + c + b) / 3
        case .pert(let a, let c, let b): return (a + 4 * c + b) / 6
        case .beta(let al, let be): return al / (al + be)
        case .gamma(let k, let theta): return k * theta
        case .studentT(let nu, let loc, _): return nu > 1 ? loc : .nan
        case .bernoulli(let p): return p
        case .poisson(let lambda): return lambda
        case .discrete(let values, let weights):
            return Distribution.weightedMoments(Distribution.sortedAtoms(values, weights).items).mean
        case .mixture(let components, let weights):
            return Distribution.mixtureMoments(components.map { ($0.mean, $0.variance) }, weights).mean
        case .truncated(let base, let a, let b):
            return Distribution.truncatedMoments(base, a, b).mean
        }
    }

    /// The variance Var X. +∞ where infinite (Student t with df ≤ 2), NaN where undefined.
    ///
    /// Closed forms (ibid.): lognormal (e^{σ²} − 1)e^{2μ+σ²} (with expm1); uniform (b−a)²/12;
    /// triangular (a²+b²+c²−ab−ac−bc)/18; PERT (μ−a)(b−μ)/7 (the Beta(α,β) variance with α+β = 6);
    /// beta αβ/((α+β)²(α+β+1)); gamma kθ²; Student t scale²·ν/(ν−2); mixture
    /// Σwᵢ(σᵢ² + (μᵢ − μ)²)/W (law of total variance).
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .normal(_, let s): return s * s
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return Double.expMinusOne(s2) * Double.exp(2 * mu + s2)
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .triangular(let a, let c, let b):
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .pert(let a, let c, let b):
            let m = (a + 4 * c + b) / 6
            return (m - a) * (b - m) / 7
        case .beta(let al, let be):
            let s = al + be
            return al * be / (s * s * (s + 1))
        case .gamma(let k, let theta): return k * theta * theta
        case .studentT(let nu, _, let scale):
            return nu > 2 ? scale * scale * nu / (nu - 2) : .infinity
        case .bernoulli(let p): return p * (1 - p)
        case .poisson(let lambda): return lambda
        case .discrete(let values, let weights):
            return Distribution.weightedMoments(Distribution.sortedAtoms(values, weights).items).variance
        case .mixture(let components, let weights):
            return Distribution.mixtureMoments(components.map { ($0.mean, $0.variance) }, weights).variance
        case .truncated(let base, let a, let b):
            return Distribution.truncatedMoments(base, a, b).variance
        }
    }

    /// The standard deviation √Var X, in closed form where the variance itself would overflow although
    /// the standard deviation does not (normal, uniform, gamma, Student t with sd near 1e308).
    public var standardDeviation: Double {
        switch self {
        case .normal(_, let s): return s
        case .uniform(let a, let b): return (b - a) / 12.0.squareRoot()
        case .gamma(let k, let theta): return k.squareRoot() * theta
        case .studentT(let nu, _, let scale): return nu > 2 ? scale * (nu / (nu - 2)).squareRoot() : .infinity
        default: return variance.squareRoot()
        }
    }

    /// Two-pass weighted mean and variance of atoms (value, weight).
    static func weightedMoments(_ items: [(Double, Double)]) -> (mean: Double, variance: Double) {
        var total = 0.0
        var sum = 0.0
        for (v, w) in items { total += w; sum += w * v }
        if !(total > 0) { return (.nan, .nan) }
        let mean = sum / total
        var ss = 0.0
        for (v, w) in items { ss += w * (v - mean) * (v - mean) }
        return (mean, ss / total)
    }

    /// Mixture moments by the law of total expectation / variance.
    static func mixtureMoments(_ parts: [(mean: Double, variance: Double)], _ weights: [Double]) -> (mean: Double, variance: Double) {
        var total = 0.0
        var sum = 0.0
        for (part, w) in zip(parts, weights) where w > 0 { total += w; sum += w * part.mean }
        if !(total > 0) { return (.nan, .nan) }
        let mean = sum / total
        var v = 0.0
        for (part, w) in zip(parts, weights) where w > 0 {
            let d = part.mean - mean
            v += w * (part.variance + d * d)
        }
        return (mean, v / total)
    }

    /// Mean and variance of `base` conditioned on a ≤ X ≤ b.
    ///
    /// - Normal: closed form (Johnson, Kotz & Balakrishnan vol. 1, §13.10.1, eqs. 13.134–13.135):
    ///   with α = (a−μ)/σ, β = (b−μ)/σ, Z = Φ(β) − Φ(α):
    ///   mean = μ + σ(φ(α) − φ(β))/Z, var = σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
    /// - Lognormal: closed form from the partial moments E[Xⁿ; a ≤ X ≤ b] =
    ///   e^{nμ+n²σ²/2}(Φ(β−nσ) − Φ(α−nσ)) (ibid. §14.3), unless the truncation is so narrow that
    ///   E[X²] − E[X]² would cancel (then numerically, as below).
    /// - Uniform: the uniform on the intersection. Constant, bernoulli, discrete, poisson: exact sums
    ///   over the atoms in [a, b] (poisson: the atoms within λ ± (40√λ + 40), outside of which
    ///   the mass is below 1e-300).
    /// - Mixture: the mixture of the truncated components, reweighted by P(a ≤ Xᵢ ≤ b).
    /// - Truncated: the intersection of the two intervals.
    /// - Student t whose infinite moment is not cut off: ±∞ / NaN as for the untruncated t.
    /// - Everything else (triangular, PERT, beta, gamma, Student t): numerical integration of the
    ///   quantile function, mean = ∫₀¹ Q_T(u) du and var = ∫₀¹ (Q_T(u) − mean)² du, by tanh-sinh
    ///   (double-exponential) quadrature (Takahasi & Mori 1974), which is insensitive to the
    ///   integrable endpoint singularities of Q; relative accuracy about 1e-12.
    static func truncatedMoments(_ base: Distribution, _ a: Double, _ b: Double) -> (mean: Double, variance: Double) {
        let m = base.mass(from: a, to: b)
        if !(m.mass > 0) || !(a <= b) { return (.nan, .nan) }
        switch base {
        case .truncated(let inner, let a2, let b2):
            return truncatedMoments(inner, Swift.max(a, a2), Swift.min(b, b2))
        case .constant(let c):
            return (c, 0)
        case .normal(let mu, let sigma):
            let alpha = (a - mu) / sigma
            let beta = (b - mu) / sigma
            let phiA = alpha.isFinite ? StandardNormal.pdf(alpha) : 0
            let phiB = beta.isFinite ? StandardNormal.pdf(beta) : 0
            let aPhiA = alpha.isFinite ? alpha * phiA : 0
            let bPhiB = beta.isFinite ? beta * phiB : 0
            let z = m.mass
            let shift = (phiA - phiB) / z
            let mean = Swift.min(b, Swift.max(a, mu + sigma * shift))
            let variance = Swift.max(0, sigma * sigma * (1 + (aPhiA - bPhiB) / z - shift * shift))
            return (mean, variance)
        case .lognormal(let mu, let sigma):
            let alpha = a > 0 ? (Double.log(a) - mu) / sigma : -Double.infinity
            let beta = b > 0 ? (Double.log(b) - mu) / sigma : -Double.infinity
            let z = normalInterval(alpha, beta)
            let e1 = Double.exp(mu + 0.5 * sigma * sigma) * normalInterval(alpha - sigma, beta - sigma) / z
            let e2 = Double.exp(2 * mu + 2 * sigma * sigma) * normalInterval(alpha - 2 * sigma, beta - 2 * sigma) / z
            let variance = e2 - e1 * e1
            if e1.isFinite && variance.isFinite && variance > 1e-6 * e1 * e1 {
                return (e1, variance)
            }
            return quadratureMoments(base, a, b, m)
        case .uniform(let lo, let hi):
            let l = Swift.max(lo, a)
            let h = Swift.min(hi, b)
            return (l + 0.5 * (h - l), (h - l) * (h - l) / 12)
        case .poisson(let lambda) where 80 * lambda.squareRoot() > 2e6 && b - a > 2e6:
            // Too many atoms to sum (λ > 6·10⁸ with a wide interval): integrate the quantile
            // function instead (its steps are 1 apart on a scale of √λ ≥ 2.5·10⁴, so the
            // quadrature error is negligible relative to the spread).
            return quadratureMoments(base, a, b, m)
        case .bernoulli, .discrete, .poisson:
            return weightedMoments(base.atoms(from: a, to: b))
        case .mixture(let components, let weights):
            var parts: [(mean: Double, variance: Double)] = []
            var ws: [Double] = []
            for (c, w) in zip(components, weights) where w > 0 {
                let cm = c.mass(from: a, to: b).mass
                if cm > 0 {
                    parts.append(truncatedMoments(c, a, b))
                    ws.append(w * cm)
                }
            }
            return mixtureMoments(parts, ws)
        case .studentT(let nu, _, _):
            let lowerOpen = a == -.infinity
            let upperOpen = b == .infinity
            var mean = Double.nan
            var meanKnown = false
            if nu <= 1 && (lowerOpen || upperOpen) {
                mean = lowerOpen && upperOpen ? .nan : (upperOpen ? .infinity : -.infinity)
                meanKnown = true
            }
            if nu <= 2 && (lowerOpen || upperOpen) {
                if !meanKnown { mean = quadratureMoments(base, a, b, m, meanOnly: true).mean }
                return (mean, .infinity)
            }
            return quadratureMoments(base, a, b, m)
        default:
            return quadratureMoments(base, a, b, m)
        }
    }

    /// Φ(β) − Φ(α) computed in whichever tail keeps precision.
    static func normalInterval(_ alpha: Double, _ beta: Double) -> Double {
        if !(beta > alpha) { return 0 }
        if alpha >= 0 {
            return StandardNormal.complementaryCDF(alpha) - StandardNormal.complementaryCDF(beta)
        }
        if beta <= 0 {
            return StandardNormal.cdf(beta) - StandardNormal.cdf(alpha)
        }
        return 1 - StandardNormal.cdf(alpha) - StandardNormal.complementaryCDF(beta)
    }

    /// Atoms (x, mass) of a bernoulli / discrete / poisson distribution inside [a, b].
    func atoms(from a: Double, to b: Double) -> [(Double, Double)] {
        switch self {
        case .bernoulli(let p):
            var r: [(Double, Double)] = []
            if a <= 0 && b >= 0 && p < 1 { r.append((0, 1 - p)) }
            if a <= 1 && b >= 1 && p > 0 { r.append((1, p)) }
            return r
        case .discrete(let values, let weights):
            return Distribution.sortedAtoms(values, weights).items.filter { $0.0 >= a && $0.0 <= b }
        case .poisson(let lambda):
            if lambda == 0 { return a <= 0 && b >= 0 ? [(0, 1)] : [] }
            let spread = 40 * lambda.squareRoot() + 40
            let lo = Swift.max(0, a.rounded(.up), (lambda - spread).rounded(.down))
            let hi = Swift.min(b.rounded(.down), (lambda + spread).rounded(.up))
            var r: [(Double, Double)] = []
            if lo > hi { return r }
            var k = lo
            while k <= hi {
                r.append((k, PoissonFamily.mass(lambda, k)))
                k += 1
            }
            return r
        default:
            return []
        }
    }

    /// Truncated moments by tanh-sinh quadrature of the quantile function over u ∈ (0, 1)
    /// (H. Takahasi & M. Mori, "Double exponential formulas for numerical integration",
    /// Publ. RIMS 9, 1974): u = ½(1 + tanh(½π·sinh t)), du = ¼π·cosh t·sech²(½π·sinh t) dt, with
    /// the trapezoidal rule in t, halving the step until successive estimates agree to 1e-13.
    /// Both u and 1 − u are formed directly from t so the quantile sees accurate tail probabilities.
    static func quadratureMoments(
        _ base: Distribution, _ a: Double, _ b: Double,
        _ m: (belowA: Double, aboveB: Double, mass: Double),
        meanOnly: Bool = false
    ) -> (mean: Double, variance: Double) {
        func q(_ u: Double, _ v: Double) -> Double {
            let x = base.quantile(p: Swift.min(1, m.belowA + u * m.mass), q: Swift.min(1, m.aboveB + v * m.mass))
            return Swift.min(b, Swift.max(a, x))
        }
        // Quantiles at the nodes are computed once and reused for both integrals.
        var cache: [Int: Double] = [:]
        let levels = 8
        let scale = 1 << levels   // node index k ↔ t = k / scale
        let tMax = 6.1            // 1 − u ≈ e^{−π·sinh 6.1} ≈ 1e-304
        let kMax = Int(tMax * Double(scale))
        func node(_ k: Int) -> (x: Double, w: Double) {
            if let x = cache[k] {
                return (x, weight(k))
            }
            let t = Double(k) / Double(scale)
            let s = 0.5 * Double.pi * Double.sinh(t)
            // u = 1/(1 + e^{−2s}), 1 − u = 1/(1 + e^{2s})
            let u: Double
            let v: Double
            if s >= 0 {
                let e = Double.exp(-2 * s)
                u = 1 / (1 + e); v = e / (1 + e)
            } else {
                let e = Double.exp(2 * s)
                u = e / (1 + e); v = 1 / (1 + e)
            }
            let x = (u > 0 && v > 0) ? q(u, v) : .nan
            cache[k] = x
            return (x, weight(k))
        }
        func weight(_ k: Int) -> Double {
            let t = Double(k) / Double(scale)
            let s = 0.5 * Double.pi * Double.sinh(abs(t))
            let e = Double.exp(-2 * s)
            // sech²(s) = 4e^{−2s}/(1 + e^{−2s})²
            let sech2 = 4 * e / ((1 + e) * (1 + e))
            return 0.25 * Double.pi * Double.cosh(t) * sech2
        }
        func integrate(_ f: (Double) -> Double) -> Double {
            var estimate = Double.nan
            var sum = 0.0
            for level in 0...levels {
                let stride = scale >> level
                var k = -(kMax / stride) * stride
                // Only add the nodes new at this level (odd multiples of the stride), except at level 0.
                while k <= kMax {
                    if level == 0 || (k / stride) % 2 != 0 {
                        let n = node(k)
                        if n.w > 0 && n.x.isFinite {
                            sum += n.w * f(n.x)
                        }
                    }
                    k += stride
                }
                let h = Double(stride) / Double(scale)
                let next = sum * h
                if level >= 3 && abs(next - estimate) <= 1e-13 * abs(next) { return next }
                estimate = next
            }
            return estimate
        }
        let mean = integrate { $0 }
        if meanOnly { return (mean, .nan) }
        let variance = integrate { ($0 - mean) * ($0 - mean) }
        return (Swift.min(b, Swift.max(a, mean)), variance)
    }
}
