// Approximate-equality helpers and statistical checks shared by the test targets.
// Not part of the product: used only from tests.

import OfftakeRandom

/// |a − b| ≤ max(absolute, relative·max(|a|, |b|)). Equal infinities compare equal, and two NaNs
/// compare equal (so "undefined" results can be asserted); NaN against a number is unequal.
public func isApproximatelyEqual(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    if !a.isFinite || !b.isFinite { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// Sample mean (compensated summation).
public func mean(_ xs: [Double]) -> Double {
    precondition(!xs.isEmpty)
    var sum = 0.0
    var c = 0.0
    for x in xs {
        let y = x - c
        let t = sum + y
        c = (t - sum) - y
        sum = t
    }
    return sum / Double(xs.count)
}

/// Unbiased sample variance (two-pass).
public func variance(_ xs: [Double]) -> Double {
    precondition(xs.count > 1)
    let m = mean(xs)
    var ss = 0.0
    for x in xs { ss += (x - m) * (x - m) }
    return ss / Double(xs.count - 1)
}

/// The k-th sample central moment (1/n)·Σ(x − x̄)ᵏ.
public func centralMoment(_ xs: [Double], order k: Int) -> Double {
    let m = mean(xs)
    var s = 0.0
    for x in xs {
        var d = 1.0
        for _ in 0..<k { d *= (x - m) }
        s += d
    }
    return s / Double(xs.count)
}

/// Standard error of the sample mean, s/√n.
public func standardError(_ xs: [Double]) -> Double {
    (variance(xs) / Double(xs.count)).squareRoot()
}

/// Standard error of the sample variance from the fourth central moment:
/// Var(s²) ≈ (μ₄ − σ⁴(n−3)/(n−1))/n (Cramér, "Mathematical Methods of Statistics", 1946, §27.4).
/// Pass the population μ₄ and σ² when known, else the sample values are used.
public func varianceStandardError(_ xs: [Double], fourthCentralMoment mu4: Double? = nil, variance sigma2: Double? = nil) -> Double {
    let n = Double(xs.count)
    let m4 = mu4 ?? centralMoment(xs, order: 4)
    let s2 = sigma2 ?? variance(xs)
    return max(0, (m4 - s2 * s2 * (n - 3) / (n - 1)) / n).squareRoot()
}

/// Pearson correlation coefficient of paired samples.
public func pearsonCorrelation(_ xs: [Double], _ ys: [Double]) -> Double {
    precondition(xs.count == ys.count && xs.count > 1)
    let mx = mean(xs)
    let my = mean(ys)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (x, y) in zip(xs, ys) {
        sxy += (x - mx) * (y - my)
        sxx += (x - mx) * (x - mx)
        syy += (y - my) * (y - my)
    }
    return sxy / (sxx * syy).squareRoot()
}

/// Kolmogorov–Smirnov statistic Dₙ = supₓ |Fₙ(x) − F(x)| of a sorted sample against a
/// continuous cdf: max over i of max(i/n − F(xᵢ), F(xᵢ) − (i−1)/n).
public func ksStatistic(sorted xs: [Double], cdf: (Double) -> Double) -> Double {
    let n = Double(xs.count)
    var d = 0.0
    for (i, x) in xs.enumerated() {
        let f = cdf(x)
        d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
    }
    return d
}

/// P-value P(Dₙ ≥ d) from the asymptotic Kolmogorov distribution, with Stephens' finite-n
/// correction λ = (√n + 0.12 + 0.11/√n)·d (M. A. Stephens, JRSS B 32, 1970; Numerical Recipes
/// 3rd ed. §14.3.3). Q(λ) = 2Σ(−1)^(k−1)e^(−2k²λ²) for λ ≥ 1.18, else
/// 1 − (√(2π)/λ)Σe^(−(2k−1)²π²/(8λ²)).
public func ksPValue(statistic d: Double, n: Int) -> Double {
    let rn = Double(n).squareRoot()
    let lambda = (rn + 0.12 + 0.11 / rn) * d
    if lambda <= 0 { return 1 }
    if lambda < 1.18 {
        let y = -Double.pi * Double.pi / (8 * lambda * lambda)
        var sum = 0.0
        for k in 1...20 {
            let j = Double(2 * k - 1)
            sum += exponential(j * j * y)
        }
        return min(1, max(0, 1 - (2 * Double.pi).squareRoot() / lambda * sum))
    }
    var sum = 0.0
    var sign = 1.0
    for k in 1...100 {
        let kk = Double(k)
        let term = exponential(-2 * kk * kk * lambda * lambda)
        sum += sign * term
        if term < 1e-18 { break }
        sign = -sign
    }
    return min(1, max(0, 2 * sum))
}

/// Upper-tail p-value of a chi-square statistic, Q(k/2, x/2) (A&S 26.4.2), via the gamma
/// distribution's complementary cdf.
public func chiSquarePValue(statistic x: Double, degreesOfFreedom k: Int) -> Double {
    Distribution.gamma(shape: Double(k) / 2, scale: 2).complementaryCDF(x)
}

/// Order-statistic indices (0-based, into a sorted sample of size n) that bracket the population
/// p-quantile with ~`sigmas`-sigma confidence: the number of draws below the p-quantile is
/// Binomial(n, p), so np ± sigmas·√(np(1−p)) (rounded outward, clamped to [0, n−1]).
public func binomialQuantileBand(p: Double, n: Int, sigmas: Double = 4) -> ClosedRange<Int> {
    let np = Double(n) * p
    let half = sigmas * (np * (1 - p)).squareRoot()
    let lo = max(0, Int((np - half).rounded(.down)) - 1)
    let hi = min(n - 1, Int((np + half).rounded(.up)))
    return lo...hi
}

/// eˣ for x ≤ 0 without Foundation: eˣ = √(2π)·φ(√(−2x)), φ the standard normal density.
@inline(__always)
private func exponential(_ x: Double) -> Double {
    precondition(x <= 0)
    return (2 * Double.pi).squareRoot() * StandardNormal.pdf((-2 * x).squareRoot())
}

/// SplitMix64 (Vigna): a tiny seeded generator, so that "random" test inputs (scenarios, hostile
/// files) are the same on every run and every machine.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` pseudo-random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count {
            withUnsafeBytes(of: next().littleEndian) { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(count))
    }
}
