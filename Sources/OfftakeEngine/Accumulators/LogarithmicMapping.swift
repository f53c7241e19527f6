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

    /// ⌈ln x / ln γ⌉ for x ≥ `minIndexableValue` (finite), with ln the portable logarithm: the
    /// bucket of ``exactIndex(_:)``, found faster.
    ///
    /// x = 2ᵉ·m, m ∈ [1, 2), is split by the top 8 bits j of its mantissa: m = cⱼ·(1 + r) with
    /// cⱼ = 1 + j/256 and 0 ≤ r < 2⁻⁸, so ln x = e·ln 2 + ln cⱼ + ln(1 + r), ln cⱼ from a table and
    /// ln(1 + r) = r − r²/2 + r³/3 − r⁴/4 (truncation < r⁵/5 < 2·10⁻¹³). That t = ln x / ln γ is within
    /// 10⁻⁹ of the value ``exactIndex(_:)`` computes (both are within ≈ 10⁻¹⁰ of the exact quotient:
    /// |t| < 7.1·10⁴ at α = 0.5 %, and the logarithms err by < 10⁻¹²). So when t is more than
    /// ``indexMargin`` from an integer the two ceilings are equal and the fast value is returned;
    /// otherwise (about one value in 10⁷) the exact computation decides. The bucket of every value is
    /// therefore the same as with the portable logarithm alone, on every platform.
    @inline(__always)
    func index(_ x: Double) -> Int {
        let bits = x.bitPattern
        // 1 (every probability metric's "yes") sits exactly on a bucket edge: ln 1 = 0, bucket 0.
        if bits == 0x3FF0_0000_0000_0000 { return 0 }
        let exponent = Int(truncatingIfNeeded: (bits &>> 52) & 0x7FF) &- 1023
        let j = Int(truncatingIfNeeded: (bits &>> 44) & 0xFF)
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let table = LogarithmicMapping.mantissaTable
        let r = m * table.reciprocals[j] - 1
        let log1pR = r * (1 - r * (0.5 - r * (1.0 / 3 - r * 0.25)))
        let t = (Double(exponent) * LogarithmicMapping.ln2 + (table.logarithms[j] + log1pR)) * inverseLogGamma
        let up = t.rounded(.up)
        let gap = up - t
        if gap > LogarithmicMapping.indexMargin && gap < 1 - LogarithmicMapping.indexMargin && exponent > -1022 {
            return Int(up)
        }
        return exactIndex(x)
    }

    /// ⌈ln x / ln γ⌉ with the portable logarithm: the definition of the bucket index.
    func exactIndex(_ x: Double) -> Int {
        Int((PortableElementaryFunctions.log(x) * inverseLogGamma).rounded(.up))
    }

    /// Distance from an integer below which ``index(_:)`` defers to ``exactIndex(_:)`` (10⁻⁷: a
    /// hundred times the 10⁻⁹ by which the fast and the exact quotient can differ).
    static let indexMargin = 1e-7

    /// ln 2 (the double nearest).
    static let ln2 = 0.6931471805599453

    /// ln(1 + j/256) and 1/(1 + j/256) for j = 0 … 255 (portable ln; the reciprocal rounded once).
    static let mantissaTable: (logarithms: [Double], reciprocals: [Double]) = (
        (0..<256).map { j in j == 0 ? 0 : PortableElementaryFunctions.log(1 + Double(j) / 256) },
        (0..<256).map { j in 1 / (1 + Double(j) / 256) }
    )

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
