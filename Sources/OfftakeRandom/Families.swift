import RealModule

// Per-family numerics: distribution functions as (lower, upper) tail pairs and quantiles from a
// (p, q = 1 − p) pair, so that whichever tail is small keeps full relative precision.

/// Standard gamma distribution (scale 1) with shape a: F(x) = P(a, x) (A&S 6.5.1, 26.4.19).
enum GammaFamily {
    static func tails(shape a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        let r = Special.regularizedGamma(a, x)
        return (r.p, r.q)
    }

    /// Density xᵃ⁻¹e⁻ˣ/Γ(a).
    static func density(shape a: Double, _ x: Double) -> Double {
        if x < 0 { return 0 }
        if x == 0 { return a == 1 ? 1 : (a < 1 ? .infinity : 0) }
        if x == .infinity { return 0 }
        return Double.exp(Special.logGammaPrefactor(a, x)) / x
    }

    /// Quantile of the standard gamma distribution.
    ///
    /// Initial guess: for a > 1 the Wilson–Hilferty cube-root normal approximation
    /// x ≈ a(1 − 1/(9a) + z/(3√a))³ (Wilson & Hilferty 1931; A&S 26.4.17), for a ≤ 1 (or when that
    /// guess is not positive) the small-x expansion P(a,x) ≈ xᵃ/Γ(a+1) and the tail
    /// x ≈ 1 − log(q/(1−t)) as in NR 3rd ed. §6.2.1 (`invgammp`). Then safeguarded Halley in y = log x,
    /// where dP/dy = xᵃe⁻ˣ/Γ(a) and (d²P/dy²)/(dP/dy) = a − x.
    static func quantile(shape a: Double, p: Double, q: Double) -> Double {
        if p <= 0 { return 0 }
        if q <= 0 { return .infinity }
        let useLower = p <= q
        var x0: Double
        if a > 1 {
            let z = useLower ? StandardNormal.quantile(p) : StandardNormal.upperQuantile(q)
            let c = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
            x0 = a * c * c * c
        } else {
            let t = 1 - a * (0.253 + a * 0.12)
            if p < t {
                x0 = Double.exp(Double.log(p / t) / a)
            } else {
                x0 = 1 - Double.log(q / (1 - t))
            }
        }
        if useLower && p < 1e-3 {
            // Deep lower tail: P(a, x) = xᵃ/Γ(a+1)·(1 + O(x)) (A&S 6.5.29) is the better start,
            // and when it is below the smallest subnormal so is the answer.
            let logSmall = (Double.log(p) + Double.logGamma(a + 1)) / a
            if logSmall < Special.logUnderflow { return 0 }
            let small = Double.exp(logSmall)
            if small.isFinite && small > 0 && (!(x0 > 0) || small > x0 || a <= 1) { x0 = small }
        }
        if !(x0 > 0) || !x0.isFinite { x0 = a }
        let logTarget = Double.log(useLower ? p : q)
        let y = RootSolver.solve(
            initial: Double.log(x0), lower: -.infinity, upper: .infinity,
            relativeTolerance: 0, absoluteTolerance: 1e-14
        ) { y in
            let x = Double.exp(y)
            if x == 0 { return (-1, 0, .nan) }
            if x == .infinity { return (1, 0, .nan) }
            let r = Special.regularizedGamma(a, x)
            let dPdy = Double.exp(Special.logGammaPrefactor(a, x))
            return RootSolver.tailResidual(
                lower: useLower, p: p, q: q, logTarget: logTarget,
                cdf: r.p, sf: r.q, derivative: dPdy, curvature: a - x)
        }
        return Double.exp(y)
    }
}

/// Beta distribution on [0, 1]: F(x) = Iₓ(α, β) (A&S 26.5.1).
enum BetaFamily {
    static func tails(_ a: Double, _ b: Double, _ x: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        let r = Special.regularizedBeta(a, b, x: x, y: 1 - x)
        return (r.p, r.q)
    }

    /// Density x^(α−1)(1−x)^(β−1)/B(α,β).
    static func density(_ a: Double, _ b: Double, _ x: Double) -> Double {
        if x < 0 || x > 1 { return 0 }
        if x == 0 { return a == 1 ? Double.exp(-Special.logBeta(a, b)) : (a < 1 ? .infinity : 0) }
        if x == 1 { return b == 1 ? Double.exp(-Special.logBeta(a, b)) : (b < 1 ? .infinity : 0) }
        return Double.exp(Special.logBetaPrefactor(a, b, x, 1 - x)) / (x * (1 - x))
    }

    /// Quantile as the pair (x, 1 − x), both to full relative precision.
    ///
    /// By the symmetry Iₓ(α,β) = 1 − I₁₋ₓ(β,α) the smaller of p and q is always solved for.
    /// Initial guess from NR 3rd ed. §6.14.1 (`invbetai`, after AS 109 / Cornish–Fisher): for
    /// α, β ≥ 1 a normal approximation corrected with h = 2/(1/(2α−1) + 1/(2β−1)); otherwise the
    /// power-law behaviour of both tails. Then safeguarded Halley in y = logit x, where
    /// dI/dy = xᵅ(1−x)ᵝ/B(α,β) and (d²I/dy²)/(dI/dy) = α(1−x) − βx.
    static func quantile(_ a: Double, _ b: Double, p: Double, q: Double) -> (x: Double, y: Double) {
        quantile(a, b, p: p, q: q, logBeta: Special.logBeta(a, b))
    }

    /// ``quantile(_:_:p:q:)`` with log B(a, b) given (`PreparedDistribution` computes it once per
    /// distribution; log B is symmetric, so the same value serves the swapped shapes).
    static func quantile(_ a: Double, _ b: Double, p: Double, q: Double, logBeta: Double) -> (x: Double, y: Double) {
        if p <= 0 { return (0, 1) }
        if q <= 0 { return (1, 0) }
        if p > q {
            let r = quantile(b, a, p: q, q: p, logBeta: logBeta)
            return (r.y, r.x)
        }
        // Initial guess.
        var x0: Double
        if a >= 1 && b >= 1 {
            let z = -StandardNormal.quantile(p)   // upper-tail normal deviate (≥ 0 for p ≤ ½)
            let al = (z * z - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = z * (al + h).squareRoot() / h
                - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6.0 - 2 / (3 * h))
            x0 = a / (a + b * Double.exp(2 * w))
        } else {
            let lna = Double.log(a / (a + b))
            let lnb = Double.log(b / (a + b))
            let t = Double.exp(a * lna) / a
            let u = Double.exp(b * lnb) / b
            let w = t + u
            if p < t / w {
                x0 = Double.exp(Double.log(a * w * p) / a)
            } else {
                x0 = 1 - Double.exp(Double.log(b * w * q) / b)
            }
        }
        if p < 1e-3 {
            // Deep lower tail: Iₓ(a, b) = xᵃ/(a·B(a, b))·(1 + O(x)) (A&S 26.5.4, first term);
            // when it is below the smallest subnormal so is the answer.
            let logSmall = (Double.log(a * p) + logBeta) / a
            if logSmall < Special.logUnderflow { return (0, 1) }
            let small = Double.exp(logSmall)
            if small.isFinite && small > 0 && small < 1 && (small > x0 || p < 1e-8) { x0 = small }
        }
        if !(x0 > 0 && x0 < 1) { x0 = a / (a + b) }
        if x0 == 0 { return (0, 1) }
        let y0 = Double.log(x0) - Double.log(onePlus: -x0)
        let logTarget = Double.log(p)
        // log B(a, b) once per quantile (or per distribution), and the prefactor of I once per step
        // (the density factor dI/dy is its exponential): the same doubles as recomputing them.
        let valid = a > 0 && a.isFinite && b > 0 && b.isFinite
        let y = RootSolver.solve(
            initial: y0, lower: -.infinity, upper: .infinity,
            relativeTolerance: 0, absoluteTolerance: 1e-14
        ) { y in
            let (x, cx) = logistic(y)
            if x == 0 { return (-1, 0, .nan) }
            if cx == 0 { return (1, 0, .nan) }
            if !valid || x.isNaN || cx.isNaN { return (.nan, .nan, .nan) }
            let r = Special.regularizedBetaWithPrefactor(a, b, x: x, y: cx, logBeta: logBeta)
            let dIdy = Double.exp(r.logPrefactor)
            return RootSolver.tailResidual(
                lower: true, p: p, q: q, logTarget: logTarget,
                cdf: r.p, sf: r.q, derivative: dIdy, curvature: a * cx - b * x)
        }
        return logistic(y)
    }

    /// (1/(1+e⁻ʸ), 1/(1+eʸ)), each accurate.
    static func logistic(_ y: Double) -> (Double, Double) {
        if y >= 0 {
            let e = Double.exp(-y)
            return (1 / (1 + e), e / (1 + e))
        }
        let e = Double.exp(y)
        return (e / (1 + e), 1 / (1 + e))
    }
}

/// Standard Student t distribution (loc 0, scale 1) with ν degrees of freedom.
///
/// For ν < 4·10⁴: F(t) = ½·I_{ν/(ν+t²)}(ν/2, ½) for t < 0 (A&S 26.7.1, 26.5.27), and
/// F(t) − ½ = −½·I_{t²/(ν+t²)}(½, ν/2) near the centre. For ν ≥ 4·10⁴ the incomplete-beta
/// continued fraction loses digits to cancellation (x ≈ 1 with a huge first parameter), so Hill's
/// asymptotic normalising transformation is used instead (G. W. Hill, "Algorithm 395: Student's
/// t-distribution", Comm. ACM 13(10), 1970): z = √(a·log(1 + t²/ν)), a = ν − ½, b = 48a²,
/// z ← z + (z³+3z)/b − (4z⁷+33z⁵+240z³+855z)/(10b(b + 0.8z⁴ + 100)), F(−|t|) = Φ(−z). Its
/// relative error is below 1e-15 for ν ≥ 4·10⁴ and |t| ≤ 38 (checked against mpmath).
enum StudentTFamily {
    static let hillThreshold = 4e4

    /// (ν/(ν+t²), t²/(ν+t²)) computed without overflow.
    static func beta(_ nu: Double, _ t: Double) -> (x: Double, y: Double) {
        let t2 = t * t
        if t2.isFinite {
            let s = nu + t2
            return (nu / s, t2 / s)
        }
        return ((nu / abs(t)) / abs(t), 1)
    }

    /// log(1 + t²/ν) without overflow.
    static func log1pT2(_ nu: Double, _ t: Double) -> Double {
        if abs(t) > asymptoticThreshold { return 2 * Double.log(abs(t)) - Double.log(nu) }
        return -Double.log(onePlus: -beta(nu, t).y)
    }

    /// Hill's (1970) normal deviate z ≥ 0 with F(−|t|) = Φ(−z) for large ν.
    static func hillZ(_ nu: Double, _ t: Double) -> Double {
        let a = nu - 0.5
        let b = 48 * a * a
        var z = (a * log1pT2(nu, t)).squareRoot()
        let z2 = z * z
        z += (z2 + 3) * z / b - (((4 * z2 + 33) * z2 + 240) * z2 + 855) * z / (10 * b * (b + 0.8 * z2 * z2 + 100))
        return z
    }

    /// Beyond |t| = 1e150, ν/(ν+t²) is below 1e-300 and F(−|t|) is its leading term
    /// ½·xᵃ/(a·B(a,½)), a = ν/2, x = ν/t² (A&S 26.5.4), evaluated on the log scale (relative error ~x).
    static let asymptoticThreshold = 1e150

    /// log F(−|t|) for |t| > ``asymptoticThreshold``.
    static func logFarTail(_ nu: Double, _ t: Double) -> Double {
        let a = nu / 2
        let logX = Double.log(nu) - 2 * Double.log(abs(t))
        return -Double.log(2) + a * logX - Double.log(a) - Special.logBeta(a, 0.5)
    }

    /// F(−|t|), the lower tail.
    static func lowerTail(_ nu: Double, _ t: Double) -> Double {
        if t.isInfinite { return 0 }
        if nu >= hillThreshold { return StandardNormal.cdf(-hillZ(nu, t)) }
        if abs(t) > asymptoticThreshold { return Double.exp(logFarTail(nu, t)) }
        let (x, y) = beta(nu, t)
        if x < y { return 0.5 * Special.regularizedBeta(nu / 2, 0.5, x: x, y: y).p }
        return 0.5 * Special.regularizedBeta(0.5, nu / 2, x: y, y: x).q
    }

    /// ½ − F(−|t|) = P(0 < T < |t|), accurate for small |t|.
    static func centralMass(_ nu: Double, _ t: Double) -> Double {
        if t.isInfinite { return 0.5 }
        if nu >= hillThreshold { return 0.5 * Double.erf(hillZ(nu, t) * StandardNormal.inverseSqrt2) }
        if abs(t) > asymptoticThreshold { return 0.5 - Double.exp(logFarTail(nu, t)) }
        let (x, y) = beta(nu, t)
        return 0.5 * Special.regularizedBeta(0.5, nu / 2, x: y, y: x).p
    }

    static func tails(_ nu: Double, _ t: Double) -> (lower: Double, upper: Double) {
        if t.isNaN { return (.nan, .nan) }
        if t == 0 { return (0.5, 0.5) }
        let tail = lowerTail(nu, t)
        return t < 0 ? (tail, 1 - tail) : (1 - tail, tail)
    }

    /// Density Γ((ν+1)/2)/(√(νπ)Γ(ν/2))·(1+t²/ν)^(−(ν+1)/2) (A&S 26.7.1).
    static func density(_ nu: Double, _ t: Double) -> Double {
        Double.exp(logDensity(nu, t))
    }

    static func logDensity(_ nu: Double, _ t: Double) -> Double {
        -(nu + 1) / 2 * log1pT2(nu, t) - 0.5 * Double.log(nu) - Special.logBeta(nu / 2, 0.5)
    }

    /// Quantile of the standard t distribution.
    ///
    /// Closed forms for ν = 1 (Cauchy: −cot(πp)) and ν = 2 (t = (p−q)/√(2pq), Hill 1970). Otherwise,
    /// by symmetry, the lower tail p ≤ ½ is solved: initial guess the Cornish–Fisher expansion
    /// t ≈ z + (z³+z)/(4ν) + (5z⁵+16z³+3z)/(96ν²) (A&S 26.7.5) or, in the far tail, the power law
    /// F(t) ≈ ν^((ν−1)/2)|t|^(−ν)/B(ν/2,½); then safeguarded Halley in t with
    /// (d²F/dt²)/(dF/dt) = −(ν+1)t/(ν+t²), on F − p near the centre (as ½ − P(0<T<|t|) vs p, both
    /// exact) and on log F − log p in the tail.
    static func quantile(_ nu: Double, p: Double, q: Double) -> Double {
        if p <= 0 { return -.infinity }
        if q <= 0 { return .infinity }
        if p == q { return 0 }
        if p > q { return -quantile(nu, p: q, q: p) }
        if nu == 1 {
            return -1 / Double.tan(Double.pi * p)
        }
        if nu == 2 {
            return (p - q) / (2 * p * q).squareRoot()
        }
        let z = StandardNormal.quantile(p)
        let z2 = z * z
        var t0 = z + (z2 * z + z) / (4 * nu) + ((5 * z2 + 16) * z2 + 3) * z / (96 * nu * nu)
        // ((ν−1)/2·log ν − log p − log B(ν/2, ½))/ν, divided through so that a huge ν does not overflow.
        let logTail = 0.5 * (1 - 1 / nu) * Double.log(nu) - (Double.log(p) + Special.logBeta(nu / 2, 0.5)) / nu
        // Beyond the double range the answer overflows: t = −∞.
        if logTail > 709.7 { return -.infinity }
        let tail = -Double.exp(logTail)
        if tail.isFinite && tail < t0 && -tail > 2 * nu.squareRoot() { t0 = tail }
        if !(t0 < 0) { t0 = -1e-3 }
        // Near the centre (p ≥ ¼) compare P(0 < T < |t|) with ½ − p (both exact-ish).
        let centred = p >= 0.25
        let centralTarget = 0.5 - p
        let logC = -0.5 * Double.log(nu) - Special.logBeta(nu / 2, 0.5)
        let logP = Double.log(p)
        return RootSolver.solve(initial: t0, lower: -.infinity, upper: 0, relativeTolerance: 1e-14) { t in
            let derivative = Double.exp(-(nu + 1) / 2 * log1pT2(nu, t) + logC)
            let curvature = abs(t) > 1e150 ? -(nu + 1) / t : -(nu + 1) * t / (nu + t * t)
            if centred {
                return (centralTarget - centralMass(nu, t), derivative, curvature)
            }
            if abs(t) > asymptoticThreshold && nu < hillThreshold {
                // log F = const − ν·log|t|: d(log F)/dt = −ν/t.
                return (logFarTail(nu, t) - logP, -nu / t, .nan)
            }
            let cdf = lowerTail(nu, t)
            return RootSolver.tailResidual(
                lower: true, p: p, q: q, logTarget: logP,
                cdf: cdf, sf: 1 - cdf, derivative: derivative, curvature: curvature)
        }
    }
}

/// Poisson distribution: P(X ≤ k) = Q(k+1, λ) (A&S 26.4.21 with 6.5.1).
enum PoissonFamily {
    static func tails(_ lambda: Double, _ x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN { return (.nan, .nan) }
        if x < 0 { return (0, 1) }
        if lambda == 0 || x == .infinity { return (1, 0) }
        let k = x.rounded(.down)
        let r = Special.regularizedGamma(k + 1, lambda)
        return (r.q, r.p)
    }

    /// P(X = k) = exp(k·log λ − λ − log k!).
    static func mass(_ lambda: Double, _ k: Double) -> Double {
        if k < 0 || k != k.rounded(.down) { return 0 }
        if lambda == 0 { return k == 0 ? 1 : 0 }
        return Double.exp(k * Double.log(lambda) - lambda - Double.logGamma(k + 1))
    }

    /// Smallest k with P(X ≤ k) ≥ p (decided on the upper tail P(X > k) ≤ q when p > ½).
    /// Start from the Cornish–Fisher guess k ≈ λ + √λ·z + (z² − 1)/6 (A&S 26.4.22 style
    /// normal approximation with skewness correction) and walk to the exact answer.
    static func quantile(_ lambda: Double, p: Double, q: Double) -> Double {
        if !(lambda >= 0 && lambda.isFinite) || p.isNaN || q.isNaN { return .nan }
        if lambda == 0 || p <= 0 { return 0 }
        if q <= 0 { return .infinity }
        let useLower = p <= q
        func satisfied(_ k: Double) -> Bool {
            let r = Special.regularizedGamma(k + 1, lambda)
            return useLower ? r.q >= p : r.p <= q
        }
        let z = useLower ? StandardNormal.quantile(p) : StandardNormal.upperQuantile(q)
        var k = (lambda + lambda.squareRoot() * z + (z * z - 1) / 6).rounded(.down)
        if !(k >= 0) { k = 0 }
        if !k.isFinite { k = lambda }
        if satisfied(k) {
            var step = 1.0
            while k > 0 {
                let candidate = max(0, k - step)
                if satisfied(candidate) {
                    k = candidate
                    step *= 2
                } else if step > 1 {
                    step = 1
                } else {
                    break
                }
            }
        } else {
            var step = 1.0
            var lowFail = k
            while true {
                let candidate = lowFail + step
                if satisfied(candidate) {
                    // Answer in (lowFail, candidate]; bisect the integers.
                    var hi = candidate
                    var lo = lowFail
                    while hi - lo > 1 {
                        let mid = (lo + (hi - lo) / 2).rounded(.down)
                        if satisfied(mid) { hi = mid } else { lo = mid }
                    }
                    k = hi
                    break
                }
                lowFail = candidate
                step *= 2
                if lowFail > 0x1p62 { return .infinity }
            }
        }
        return k
    }
}
