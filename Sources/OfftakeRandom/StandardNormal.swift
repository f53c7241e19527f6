import RealModule

/// The standard normal distribution N(0, 1).
public enum StandardNormal {
    /// 1/√(2π).
    @usableFromInline static let inverseSqrt2Pi = 0.398_942_280_401_432_677_94
    /// 1/√2.
    @usableFromInline static let inverseSqrt2 = 0.707_106_781_186_547_524_40

    /// Φ(x) = ½·erfc(−x/√2) (Abramowitz & Stegun 26.2.29 with 7.1.2). Using erfc keeps full
    /// relative precision in the lower tail, where 1 − Φ(−x) would cancel.
    @inlinable
    public static func cdf(_ x: Double) -> Double {
        0.5 * Double.erfc(-x * inverseSqrt2)
    }

    /// 1 − Φ(x) = ½·erfc(x/√2), accurate in the upper tail.
    @inlinable
    public static func complementaryCDF(_ x: Double) -> Double {
        0.5 * Double.erfc(x * inverseSqrt2)
    }

    /// The density φ(x) = exp(−x²/2)/√(2π) (A&S 26.2.1).
    @inlinable
    public static func pdf(_ x: Double) -> Double {
        inverseSqrt2Pi * Double.exp(-0.5 * x * x)
    }

    /// z₀.₉₇₅ = Φ⁻¹(0.975) = 1.959963984540054 (the double nearest; scipy.stats.norm.ppf(0.975)): the
    /// half-width, in standard errors, of every two-sided 95 % normal interval the tool reports.
    /// ``quantile(_:)`` gives 1.9599639845400536 at 0.975, two units in the last place below (4.4·10⁻¹⁶;
    /// AS 241's relative accuracy is about 10⁻¹⁶); the constant keeps the correctly rounded value.
    public static let z95 = 1.959963984540054

    /// Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16): M. J. Wichura, "Algorithm AS 241: The
    /// percentage points of the normal distribution", Applied Statistics 37(3), 477–484 (1988).
    ///
    /// Rational minimax approximations of degree 7/7 in three regions: |p − ½| ≤ 0.425 in
    /// r = 0.180625 − (p − ½)²; otherwise in r = √(−log min(p, 1−p)) for r ≤ 5 (shifted by 1.6)
    /// and r > 5 (shifted by 5). Relative accuracy about 1e-16. `quantile(0) = −∞`,
    /// `quantile(1) = +∞`, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        if !(p >= 0 && p <= 1) { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = (((((((2.509_080_928_730_122_672_7e3 * r
                + 3.343_057_558_358_812_810_5e4) * r
                + 6.726_577_092_700_870_085_3e4) * r
                + 4.592_195_393_154_987_145_7e4) * r
                + 1.373_169_376_550_946_112_5e4) * r
                + 1.971_590_950_306_551_442_7e3) * r
                + 1.331_416_678_917_843_774_5e2) * r
                + 3.387_132_872_796_366_608_0)
            let den = (((((((5.226_495_278_852_854_561_0e3 * r
                + 2.872_908_573_572_194_267_4e4) * r
                + 3.930_789_580_009_271_061_0e4) * r
                + 2.121_379_430_158_659_586_7e4) * r
                + 5.394_196_021_424_751_107_7e3) * r
                + 6.871_870_074_920_579_083_0e2) * r
                + 4.231_333_070_160_091_125_2e1) * r
                + 1.0)
            return q * num / den
        }
        return tailQuantile(lower: q < 0 ? p : 1 - p, negative: q < 0)
    }

    /// Φ⁻¹ evaluated from an upper-tail probability: the x with 1 − Φ(x) = q, without forming
    /// 1 − q (so tiny q keep full precision). Same algorithm (AS 241) as ``quantile(_:)``.
    public static func upperQuantile(_ q: Double) -> Double {
        if !(q >= 0 && q <= 1) { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return -.infinity }
        if abs(q - 0.5) <= 0.425 { return -quantile(q) }
        return tailQuantile(lower: q < 0.5 ? q : 1 - q, negative: q > 0.5)
    }

    /// AS 241 tail regions: `r = √(−log t)` with t = min(p, 1−p) > 0.
    @usableFromInline
    static func tailQuantile(lower t: Double, negative: Bool) -> Double {
        var r = Double.sqrt(-Double.log(t))
        let value: Double
        if r <= 5 {
            r -= 1.6
            let num = (((((((7.745_450_142_783_414_076_40e-4 * r
                + 2.272_384_498_926_918_458_33e-2) * r
                + 2.417_807_251_774_506_117_70e-1) * r
                + 1.270_458_252_452_368_382_58) * r
                + 3.647_848_324_763_204_605_04) * r
                + 5.769_497_221_460_691_405_50) * r
                + 4.630_337_846_156_545_295_90) * r
                + 1.423_437_110_749_683_577_34)
            let den = (((((((1.050_750_071_644_416_843_24e-9 * r
                + 5.475_938_084_995_344_946_00e-4) * r
                + 1.519_866_656_361_645_719_66e-2) * r
                + 1.481_039_764_274_800_745_90e-1) * r
                + 6.897_673_349_851_000_045_50e-1) * r
                + 1.676_384_830_183_803_849_40) * r
                + 2.053_191_626_637_758_821_87) * r
                + 1.0)
            value = num / den
        } else {
            r -= 5
            let num = (((((((2.010_334_399_292_288_132_65e-7 * r
                + 2.711_555_568_743_487_578_15e-5) * r
                + 1.242_660_947_388_078_438_60e-3) * r
                + 2.653_218_952_657_612_309_30e-2) * r
                + 2.965_605_718_285_048_912_30e-1) * r
                + 1.784_826_539_917_291_335_80) * r
                + 5.463_784_911_164_114_369_90) * r
                + 6.657_904_643_501_103_777_20)
            let den = (((((((2.044_263_103_389_939_785_64e-15 * r
                + 1.421_511_758_316_445_888_70e-7) * r
                + 1.846_318_317_510_054_681_80e-5) * r
                + 7.868_691_311_456_132_591_00e-4) * r
                + 1.487_536_129_085_061_485_25e-2) * r
                + 1.369_298_809_227_358_053_10e-1) * r
                + 5.998_322_065_558_879_376_90e-1) * r
                + 1.0)
            value = num / den
        }
        return negative ? -value : value
    }
}
