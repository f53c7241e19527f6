/// Natural logarithm and exponential built only from IEEE 754 basic operations (+, −, ×, ÷,
/// exact scaling by powers of two), so they return bit-identical results on every platform and
/// with every C library.
///
/// The quantile sketch needs this: a value's bucket is ⌈ln x / ln γ⌉, and two machines (or two
/// shards) that disagree in the last bit of `ln x` for a value on a bucket boundary would build
/// sketches that no longer merge into exactly the unsharded sketch. Platform `log`/`exp` are not
/// required to be correctly rounded and differ between libm implementations; these two functions
/// are not correctly rounded either (error ≤ ~2 ulp, checked against the platform's in the tests),
/// but they are the *same* everywhere. They also keep the engine free of Foundation and libm.
///
/// Methods (J.-M. Muller, "Elementary Functions: Algorithms and Implementation", 3rd ed., 2016;
/// W. J. Cody & W. Waite, "Software Manual for the Elementary Functions", 1980):
/// additive argument reduction with ln 2 split into a 32-bit head and a tail (the head times any
/// exponent |k| < 2²¹ is exact; constants from fdlibm's e_log.c/e_exp.c), then a series.
enum PortableElementaryFunctions {
    /// Head of ln 2 (0x3FE62E42_FEE00000): its low 21 bits are zero.
    static let ln2High = 6.93147180369123816490e-01
    /// ln 2 − ln2High (0x3DEA39EF_35793C76).
    static let ln2Low = 1.90821492927058770002e-10
    /// log₂ e.
    static let log2e = 1.4426950408889634

    /// ln x for finite x ≥ `Double.leastNormalMagnitude` (callers guarantee it).
    ///
    /// x = 2ᵉ·m with m ∈ [√½, √2); ln m = 2·atanh(s) = 2s·Σₖ s²ᵏ/(2k+1) with s = (m−1)/(m+1),
    /// |s| ≤ 0.1716; twelve terms leave a truncation error < 2⁻⁶⁰·|ln m|.
    /// ln x = e·ln2High + (e·ln2Low + ln m).
    static func log(_ x: Double) -> Double {
        var e = x.exponent
        var m = x.significand  // [1, 2)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        let f = m - 1  // exact (Sterbenz)
        let s = f / (m + 1)
        let z = s * s
        var p = 1.0 / 23
        p = p * z + 1.0 / 21
        p = p * z + 1.0 / 19
        p = p * z + 1.0 / 17
        p = p * z + 1.0 / 15
        p = p * z + 1.0 / 13
        p = p * z + 1.0 / 11
        p = p * z + 1.0 / 9
        p = p * z + 1.0 / 7
        p = p * z + 1.0 / 5
        p = p * z + 1.0 / 3
        let twoS = 2 * s
        let logM = twoS + twoS * (z * p)
        let k = Double(e)
        return k * ln2High + (k * ln2Low + logM)
    }

    /// eʸ; 0 below −745.2, +∞ above 709.79 (the double range).
    ///
    /// y = k·ln 2 + r with k = round(y·log₂e), |r| ≤ 0.347; eʳ by its Taylor series to degree 13
    /// (truncation < 5·10⁻¹⁸ relative); eʸ = 2ᵏ·eʳ by exact scaling.
    static func exp(_ y: Double) -> Double {
        if y.isNaN { return y }
        if y > 709.79 { return .infinity }
        if y < -745.2 { return 0 }
        let k = (y * log2e).rounded()
        let r = (y - k * ln2High) - k * ln2Low
        var p = 1.0 / 6_227_020_800  // 1/13!
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return Double(sign: .plus, exponent: Int(k), significand: p)
    }
}
