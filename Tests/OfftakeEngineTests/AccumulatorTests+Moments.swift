import OfftakeRandom
import Testing
import _OfftakeTestSupport
@testable import OfftakeEngine

/// Moments against exact rational values (Python fractions.Fraction, correctly rounded by
/// float(Fraction)) and against the two-pass reference (`_OfftakeTestSupport.mean`/`variance`:
/// compensated mean, then Σ(x − x̄)²) on samples.
@Suite struct MomentsTests {
    /// (data, mean, variance, variance/n), the statistics as exact rationals rounded to nearest:
    /// `m = sum(map(Fraction, xs))/n; v = sum((Fraction(x) - m)**2 for x in xs)/(n - 1)`.
    static let exactReferences: [(values: [Double], mean: Double, variance: Double, varianceOverN: Double)] = [
        ([1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.7], 0x1.dcd650029999ap+29, 0x1.1b4e8317e4babp-4, 0x1.1b4e8317e4babp-6),
        ([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2], 0x1.ccccccccccccdp-4, 0x1.47ae147ae147cp-10, 0x1.47ae147ae147cp-13),
        ([1e-300, 3e-300, -2e-300], 0x1.c92d503f699cdp-998, 0, 0),  // the variance underflows
        ([1e150, -1e150, 3.0], 1, 0x1.7e43c8800759bp+996, 0x1.fdafb60009ccfp+994),
        ([0x1p-480, 0x1p-479, 0x1p-478], 0x1.2aaaaaaaaaaabp-479, 0x1.2aaaaaaaaaaabp-959, 0x1.8e38e38e38e39p-961),
    ]

    @Test func correctlyRoundedAgainstExactRationals() throws {
        for (k, reference) in Self.exactReferences.enumerated() {
            var m = Moments()
            m.add(contentsOf: reference.values)
            #expect(m.mean == reference.mean, "case \(k)")
            #expect(m.variance == reference.variance, "case \(k)")
            #expect(m.standardError == reference.varianceOverN.squareRoot(), "case \(k)")
            try checkAccumulatorLaws(reference.values, path: UInt64(60 + k)) { Moments() }
        }
    }

    @Test func smallExactData() {
        var m = Moments()
        m.add(contentsOf: [1, 2, 3, 4])
        #expect(m.count == 4)
        #expect(m.mean == 2.5)
        #expect(m.variance == 5.0 / 3)  // Σ(x − 2.5)² = 5, n − 1 = 3
        #expect(m.standardError == (5.0 / 3 / 4).squareRoot())
        #expect(m.min == 1 && m.max == 4)
    }

    @Test func emptyAndSingleObservation() {
        let empty = Moments()
        #expect(empty.mean.isNaN && empty.variance.isNaN && empty.min.isNaN && empty.max.isNaN)
        var one = Moments(shift: 3)
        one.add(7)
        #expect(one.mean == 7 && one.variance.isNaN && one.standardError.isNaN)
        #expect(one.min == 7 && one.max == 7)
    }

    @Test func lognormalSampleMatchesTwoPassReference() throws {
        let xs = AccumulatorFixtures.sample(.lognormal(mu: 1, sigma: 2), n: 20_000, path: 10)
        var m = Moments()
        m.add(contentsOf: xs)
        // Relative 1e-12: the reference itself carries ~n·ε of rounding in its sums.
        #expect(isApproximatelyEqual(m.mean, mean(xs), relative: 1e-12))
        #expect(isApproximatelyEqual(m.variance, variance(xs), relative: 1e-12))
        #expect(isApproximatelyEqual(m.standardError, standardError(xs), relative: 1e-12))
        #expect(m.min == xs.min()! && m.max == xs.max()!)
        try checkAccumulatorLaws(xs, path: 11) { Moments() }
        try checkAccumulatorLaws(xs, path: 12) { Moments(shift: 7.5) }
    }

    /// The cancellation case: 10⁹ plus noise of size 10⁻³, so mean²/variance ≈ 3·10²⁴. The naive
    /// formula (Σx² − (Σx)²/n)/(n − 1) in doubles returns noise; the exact evaluation is correctly
    /// rounded with or without a shift.
    @Test func nearConstantLargeValues() throws {
        var s = AccumulatorFixtures.stream(13)
        let xs = (0..<10_000).map { _ in 1e9 + (s.nextUniform() - 0.5) * 2e-3 }
        let referenceMean = mean(xs)
        // Corrected two-pass (Chan, Golub & LeVeque 1983, eq. 1.7): Σ(x − m)² − (Σ(x − m))²/n with
        // m the rounded mean. x − m is exact here (Sterbenz); the correction removes the bias
        // n·(x̄ − m)², which is ~1e-8 relative for this data. Accurate to ~n·ε ≈ 1e-12.
        var s1 = 0.0
        var s2 = 0.0
        for x in xs {
            s1 += x - referenceMean
            s2 += (x - referenceMean) * (x - referenceMean)
        }
        let referenceVariance = (s2 - s1 * s1 / Double(xs.count)) / Double(xs.count - 1)
        let referenceStandardError = (referenceVariance / Double(xs.count)).squareRoot()
        #expect(referenceVariance > 3e-7 && referenceVariance < 3.6e-7)  // ≈ (2·10⁻³)²/12

        var naiveSum = 0.0
        var naiveSquares = 0.0
        for x in xs {
            naiveSum += x
            naiveSquares += x * x
        }
        let naive = (naiveSquares - naiveSum * naiveSum / Double(xs.count)) / Double(xs.count - 1)
        #expect(!isApproximatelyEqual(naive, referenceVariance, relative: 0.5))  // the failure mode

        // Exact evaluation: no shift needed. The reference is accurate to ~n·ε ≈ 1e-12.
        var unshifted = Moments()
        unshifted.add(contentsOf: xs)
        #expect(isApproximatelyEqual(unshifted.mean, referenceMean, relative: 1e-15))
        #expect(isApproximatelyEqual(unshifted.variance, referenceVariance, relative: 1e-11))
        #expect(isApproximatelyEqual(unshifted.standardError, referenceStandardError, relative: 1e-11))

        // With the shift at 10⁹ every x − c is exact (Sterbenz), so the statistics are the same.
        var shifted = Moments(shift: 1e9)
        shifted.add(contentsOf: xs)
        #expect(isApproximatelyEqual(shifted.mean, referenceMean, relative: 1e-15))
        #expect(shifted.variance == unshifted.variance)
        #expect(shifted.standardError == unshifted.standardError)
        try checkAccumulatorLaws(xs, path: 14) { Moments(shift: 1e9) }
    }

    @Test func constantDataHasZeroVariance() {
        var m = Moments()
        for _ in 0..<1000 { m.add(0.1) }
        #expect(m.variance == 0)
        #expect(m.mean == 0.1)
        var big = Moments()
        for _ in 0..<1000 { big.add(123_456_789.123) }
        #expect(big.variance == 0 && big.standardError == 0)
    }

    @Test func signedZerosAndNonFiniteValues() throws {
        var a = Moments()
        a.add(contentsOf: [0.0, -0.0])
        var b = Moments()
        b.add(contentsOf: [-0.0, 0.0])
        #expect(a == b)
        #expect(a.min.sign == .minus && a.max.sign == .plus)

        var m = Moments()
        m.add(contentsOf: [1, 2, .infinity])
        #expect(m.mean == .infinity && m.variance.isNaN && m.max == .infinity && m.min == 1)
        m.add(-.infinity)
        #expect(m.mean.isNaN && m.min == -.infinity)
        var n = Moments()
        n.add(contentsOf: [1, .nan])
        #expect(n.mean.isNaN && n.count == 2 && n.finiteCount == 1 && n.min == 1)
        try checkAccumulatorLaws([3, .nan, -0.0, .infinity, 0.0, -1e300, -.infinity], path: 15) { Moments() }
    }

    @Test func mergeabilityRequiresTheSameShift() {
        #expect(Moments(shift: 1).isMergeable(with: Moments(shift: 1)))
        #expect(!Moments(shift: 1).isMergeable(with: Moments(shift: 2)))
    }
}
