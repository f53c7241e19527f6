/// DDSketch's logarithmic index mapping (C. Masson, J. E. Rim & H. K. Lee, "DDSketch: A fast and
/// fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12), 2019, §2).
///
/// With γ = (1 + α′)/(1 − α′), a magnitude x > 0 goes to bucket i = ⌈log_γ x⌉, i.e. bucket i holds
/// (γ^(i−1), γ^i], and the bucket's representative value is 2γ^i/(γ + 1) = γ^(i−1)·(1 + α′)
/// (the paper's bucket argument: every x in the bucket is within relative error α′ of it, since
/// (1 + α′)/γ = 1 − α′).
///
/// **Floating-point margin.** The bucket boundary and the representative are computed, not exact:
/// ln x has an absolute error ≲ 2·10⁻¹³ at |ln x| ≈ 709, so a value within ~10⁻¹³ (relative) of a
/// boundary may land in the neighbouring bucket and the representative carries a similar error.
/// The mapping therefore uses α′ = α·(1 − 10⁻⁸), which leaves a margin of 5·10⁻¹¹ (at α = 0.005)
/// — two orders of magnitude above the worst rounding — so that the *stated* relative accuracy α
/// holds for the computed results, not only in exact arithmetic. The cost is a 10⁻⁸ relative
/// increase in the number of buckets.
///
/// ln and exp are the portable implementations of ``PortableElementaryFunctions``, so a given
/// double maps to the same bucket on every platform.
struct LogarithmicMapping: Sendable {
    /// The guaranteed relative accuracy α.
    let relativeAccuracy: Double
    /// α′ = α·(1 − 10⁻⁸), the accuracy the buckets are built for.
    let mappingAccuracy: Double
    /// ln γ = ln((1 + α′)/(1 − α′)) = 2·atanh(α′).
    let logGamma: Double
    /// 1/ln γ.
    let inverseLogGamma: Double
    /// 1 + α′ = 2γ/(γ + 1), the representative of bucket i divided by γ^(i−1).
    let representativeFactor: Double
    /// Magnitudes below this go to the zero bucket: `leastNormalMagnitude`·γ², so that every
    /// indexed bucket's lower bound γ^(i−1) is a normal double.
    let minIndexableValue: Double

    /// The mapping for relative accuracy α ∈ (0, 1).
    init(relativeAccuracy alpha: Double) {
        relativeAccuracy = alpha
        let a = alpha * (1 - 1e-8)
        mappingAccuracy = a
        // 2·atanh(a) = 2(a + a³/3 + a⁵/5 + …); the series is summed until the terms vanish.
        var term = a
        var sum = 0.0
        var k = 1.0
        let a2 = a * a
        while true {
            let next = sum + term / k
            if next == sum { break }
            sum = next
            term *= a2
            k += 2
            if k > 10_001 { break }  // α close to 1: the series converges slowly; plenty accurate
        }
        logGamma = 2 * sum
        inverseLogGamma = 1 / logGamma
        representativeFactor = 1 + a
        let gamma = (1 + a) / (1 - a)
        minIndexableValue = Double.leastNormalMagnitude * gamma * gamma
    }

    /// ⌈ln x / ln γ⌉ for x ≥ `minIndexableValue` (finite).
    @inline(__always)
    func index(_ x: Double) -> Int {
        Int((PortableElementaryFunctions.log(x) * inverseLogGamma).rounded(.up))
    }

    /// γ^(i−1)·(1 + α′), capped at `greatestFiniteMagnitude` (the cap only moves the representative
    /// of the topmost bucket towards the values in it).
    func representative(_ index: Int) -> Double {
        let lower = PortableElementaryFunctions.exp(Double(index - 1) * logGamma)
        return Swift.min(lower * representativeFactor, .greatestFiniteMagnitude)
    }

    /// γ^(i−1), the exclusive lower bound of bucket i.
    func lowerBound(_ index: Int) -> Double {
        PortableElementaryFunctions.exp(Double(index - 1) * logGamma)
    }
}
