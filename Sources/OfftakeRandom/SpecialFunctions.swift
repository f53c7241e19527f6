import RealModule

/// Special functions used by the distributions: regularized incomplete gamma and beta functions
/// and the helpers that keep their prefactors accurate for large parameters.
@usableFromInline
enum Special {
    /// Relative convergence threshold of the series and continued fractions: one ulp of 1, tested with
    /// `≤` (Numerical Recipes, 3rd ed., §6.2). A threshold below half an ulp can never be met when a
    /// Lentz factor rounds to 1 ± ulp, and the loop would then run to its iteration cap.
    static let epsilon = Double.ulpOfOne
    /// Lentz's "tiny" guard value (Numerical Recipes, 3rd ed., §5.2).
    static let tiny = 1e-300
    /// Iteration cap of the series / continued fractions. Both need O(√a) terms near the
    /// transition x ≈ a: at most ≈ 30,000 for the largest supported shape (10⁷, see
    /// ``Distribution/maximumShape``). A series or fraction that reaches the cap has not converged
    /// and returns NaN (never an unconverged value), which ``Distribution/checkedQuantile(_:)``
    /// reports as a ``NumericFailure``.
    static let maxIterations = 200_000
    /// log(2⁻¹⁰⁷⁵): values below this round to 0 in double precision.
    static let logUnderflow = -745.133_219_101_941_1
    /// ½·log(2π).
    static let halfLog2Pi = 0.918_938_533_204_672_741_78

    /// log(1 + t) − t, accurate for small |t| (Taylor series −t²/2 + t³/3 − …, A&S 4.1.24),
    /// otherwise from `log(onePlus:)`.
    static func log1pmx(_ t: Double) -> Double {
        if abs(t) > 0.1 { return Double.log(onePlus: t) - t }
        var term = t
        var sum = 0.0
        var k = 2.0
        while k < 60 {
            term *= -t
            let add = term / k
            sum += add
            if abs(add) <= 1e-17 * abs(sum) { break }
            k += 1
        }
        return sum
    }

    /// The Stirling-formula error δ(n) = log Γ(n+1) − [(n+½)·log n − n + ½·log 2π] (Loader 2000,
    /// "Fast and accurate computation of binomial probabilities"). For n ≥ 10 the asymptotic Stirling
    /// series Σ B₂ₖ / (2k(2k−1) n²ᵏ⁻¹) (A&S 6.1.40) truncated after 8 terms (error < 1e-16);
    /// below that directly from log Γ.
    static func stirlingError(_ n: Double) -> Double {
        if n >= 10 {
            let r = 1 / n
            let r2 = r * r
            // 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360, 1/156, −3617/122400
            var s = -3617.0 / 122_400.0
            s = s * r2 + 1.0 / 156.0
            s = s * r2 - 691.0 / 360_360.0
            s = s * r2 + 1.0 / 1188.0
            s = s * r2 - 1.0 / 1680.0
            s = s * r2 + 1.0 / 1260.0
            s = s * r2 - 1.0 / 360.0
            s = s * r2 + 1.0 / 12.0
            return s * r
        }
        return Double.logGamma(n + 1) - (n + 0.5) * Double.log(n) + n - halfLog2Pi
    }

    /// log(xᵃ·e⁻ˣ / Γ(a)), the prefactor of the incomplete gamma series and continued fraction.
    /// For a ≥ 10 it is evaluated as a·log1pmx((x−a)/a) + ½·log a − ½·log 2π − δ(a) (Temme's /
    /// Loader's saddle-point form), which avoids the cancellation of a·log x − x − log Γ(a).
    static func logGammaPrefactor(_ a: Double, _ x: Double) -> Double {
        if a >= 10 {
            // a·log(x/a) + a − x, as a·log1pmx(t) near the saddle point x ≈ a (t = (x − a)/a).
            let t = (x - a) / a
            let d = abs(t) < 0.5 ? a * log1pmx(t) : a * (Double.log(x) - Double.log(a)) + (a - x)
            return d + 0.5 * Double.log(a) - halfLog2Pi - stirlingError(a)
        }
        return a * Double.log(x) - x - Double.logGamma(a)
    }

    /// Regularized incomplete gamma functions (P(a,x), Q(a,x)) = (γ(a,x)/Γ(a), Γ(a,x)/Γ(a)),
    /// a > 0, x ≥ 0.
    ///
    /// For x < a + 1 the series P = xᵃe⁻ˣ/Γ(a+1) · Σₙ xⁿ / ((a+1)⋯(a+n)) (A&S 6.5.29); otherwise
    /// Legendre's continued fraction for Q (A&S 6.5.31) evaluated by the modified Lentz algorithm
    /// (Numerical Recipes, 3rd ed., §6.2). The other value is the complement, so the one that is
    /// small is always computed directly (full relative precision in both tails).
    static func regularizedGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
        if x.isNaN || !(a > 0 && a.isFinite) { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        if x < a + 1 {
            // Σ from its first term 1, with the prefactor xᵃe⁻ˣ/Γ(a+1): no 1/a, which overflows for
            // subnormal a. Stops when a term is ≤ ε·sum (≤, so that a term that underflowed to 0
            // stops it even when ε·sum underflows too, as for a ≳ 1e292).
            var ap = a
            var term = 1.0
            var sum = 1.0
            var n = 0
            while true {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) <= abs(sum) * epsilon { break }
                n += 1
                if n >= maxIterations { return (.nan, .nan) }
            }
            let logPre1 = a >= 10 ? logGammaPrefactor(a, x) - Double.log(a) : a * Double.log(x) - x - Double.logGamma(a + 1)
            let p = min(1, sum * Double.exp(logPre1))
            return (p, 1 - p)
        }
        let logPre = logGammaPrefactor(a, x)
        // Q underflows to 0 whatever the continued fraction's value (it is ≤ 1 for x ≥ a + 1).
        if logPre < logUnderflow { return (1, 0) }
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < Double(maxIterations) {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= epsilon { break }
            i += 1
        }
        if i >= Double(maxIterations) { return (.nan, .nan) }
        let q = min(1, Double.exp(logPre) * h)
        return (1 - q, q)
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a+b). When the larger argument is ≥ 10 the
    /// difference log Γ(a+b) − log Γ(max) is taken from Stirling's formula with the error terms δ
    /// (see ``stirlingError(_:)``), which keeps precision when one argument is much larger.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let big = max(a, b)
        let small = min(a, b)
        if big < 10 {
            return Double.logGamma(a) + Double.logGamma(b) - Double.logGamma(a + b)
        }
        // log Γ(big+small) − log Γ(big) = (big−½)·log1p(small/big) + small·log(big+small) − small
        //                                  + δ(big+small) − δ(big)      (from log Γ(x) = (x−½)log x − x + ½log2π + δ(x))
        let ratio = (big - 0.5) * Double.log(onePlus: small / big) + small * Double.log(big + small) - small
            + stirlingError(big + small) - stirlingError(big)
        return Double.logGamma(small) - ratio
    }

    /// log(xᵃ·yᵇ / B(a,b)) with y = 1 − x supplied separately (so both tails keep precision).
    static func logBetaPrefactor(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
        logBetaPrefactor(a, b, x, y, logBeta: logBeta(a, b))
    }

    /// ``logBetaPrefactor(_:_:_:_:)`` with log B(a, b) given (callers that evaluate many x for one
    /// (a, b) compute it once; the result is the same double).
    @inline(__always)
    static func logBetaPrefactor(_ a: Double, _ b: Double, _ x: Double, _ y: Double, logBeta lb: Double) -> Double {
        let logX = x < 0.5 ? Double.log(x) : Double.log(onePlus: -y)
        let logY = y < 0.5 ? Double.log(y) : Double.log(onePlus: -x)
        return a * logX + b * logY - lb
    }

    /// Continued fraction for the incomplete beta function (A&S 26.5.8; Numerical Recipes, 3rd ed.,
    /// §6.4 eq. 6.4.5), evaluated with the modified Lentz algorithm.
    static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        while m < Double(maxIterations) {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= epsilon { break }
            m += 1
        }
        // Not converged within the cap: NaN, never an unconverged value.
        return m >= Double(maxIterations) ? .nan : h
    }

    /// Regularized incomplete beta function (Iₓ(a,b), 1 − Iₓ(a,b)) with y = 1 − x given
    /// separately. Uses the continued fraction on whichever of Iₓ(a,b) and I_y(b,a) = 1 − Iₓ(a,b)
    /// converges (x < (a+1)/(a+b+2), NR §6.4), so the smaller tail is computed directly.
    static func regularizedBeta(_ a: Double, _ b: Double, x: Double, y: Double) -> (p: Double, q: Double) {
        if x.isNaN || y.isNaN || !(a > 0 && a.isFinite) || !(b > 0 && b.isFinite) { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        let r = regularizedBetaWithPrefactor(a, b, x: x, y: y, logBeta: logBeta(a, b))
        return (r.p, r.q)
    }

    /// ``regularizedBeta(_:_:x:y:)`` for 0 < x, y and valid (a, b), with log B(a, b) given, also
    /// returning the log prefactor log(xᵃyᵇ/B(a, b)) it computed (the quantile's Halley step needs
    /// it as the density factor). Same doubles as the plain function: only repeated work is saved.
    @inline(__always)
    static func regularizedBetaWithPrefactor(
        _ a: Double, _ b: Double, x: Double, y: Double, logBeta lb: Double
    ) -> (p: Double, q: Double, logPrefactor: Double) {
        let logPre = logBetaPrefactor(a, b, x, y, logBeta: lb)
        if x < (a + 1) / (a + b + 2) {
            let p = min(1, Double.exp(logPre) * betaContinuedFraction(a, b, x) / a)
            return (p, 1 - p, logPre)
        }
        let q = min(1, Double.exp(logPre) * betaContinuedFraction(b, a, y) / b)
        return (1 - q, q, logPre)
    }
}
