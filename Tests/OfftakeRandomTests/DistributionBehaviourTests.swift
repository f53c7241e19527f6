import Foundation   // JSONEncoder for the Codable round trip (tests only; the library is Foundation-free)
import Testing
import _OfftakeTestSupport
@testable import OfftakeRandom

@Suite struct DistributionBehaviourTests {
    @Test func quantileBoundaryValues() {
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(0) == -.infinity)
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(1) == .infinity)
        #expect(Distribution.gamma(shape: 2, scale: 1).quantile(0) == 0)
        #expect(Distribution.uniform(min: 2, max: 5).quantile(1) == 5)
        #expect(Distribution.poisson(lambda: 3).quantile(0) == 0)
        #expect(Distribution.poisson(lambda: 3).quantile(1) == .infinity)
        #expect(Distribution.bernoulli(p: 0.3).quantile(1) == 1)
        #expect(Distribution.discrete(values: [3, 1, 2], weights: [1, 0, 1]).quantile(0) == 2)
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(1.5).isNaN)
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(-0.5).isNaN)
        #expect(Distribution.normal(mean: 0, sd: 1).cdf(.nan).isNaN)
    }

    @Test func supportBounds() {
        let t = Distribution.truncated(.poisson(lambda: 5), min: 1.5, max: 7.5)
        #expect(t.lowerBound == 2 && t.upperBound == 7)
        #expect(t.quantile(0) == 2 && t.quantile(1) == 7)
        let m = Distribution.mixture(components: [.uniform(min: 1, max: 2), .beta(alpha: 2, beta: 2)], weights: [1, 1])
        #expect(m.lowerBound == 0 && m.upperBound == 2)
        #expect(Distribution.truncated(.normal(mean: 0, sd: 1), min: -1, max: 3).lowerBound == -1)
        #expect(Distribution.lognormal(mu: 0, sigma: 1).upperBound == .infinity)
    }

    /// Inversion is monotone: u < u′ ⇒ sample(u) ≤ sample(u′) (common random numbers).
    @Test func samplingIsMonotoneInU() {
        let ds: [Distribution] = [
            .gamma(shape: 0.4, scale: 2), .beta(alpha: 0.7, beta: 3), .studentT(df: 2.5, loc: 0, scale: 1),
            .poisson(lambda: 12), .mixture(components: [.normal(mean: 0, sd: 1), .normal(mean: 5, sd: 0.5)], weights: [1, 1]),
            .truncated(.lognormal(mu: 0, sigma: 1), min: 0.5, max: 3),
        ]
        for d in ds {
            var previous = -Double.infinity
            for i in 1..<1000 {
                let x = d.sample(Double(i) / 1000)
                #expect(x >= previous, "\(d) at \(i)")
                previous = x
            }
        }
    }

    /// Mixture with atoms and a continuous part: the quantile lands exactly on the atom where the
    /// cdf jumps over p, and inside the continuous part elsewhere (cdf within 1e-12).
    @Test func mixedMixtureQuantile() {
        let d = Distribution.mixture(components: [.constant(0), .uniform(min: 1, max: 3)], weights: [0.25, 0.75])
        #expect(!d.isDiscrete)
        #expect(d.quantile(0.1) == 0)
        #expect(d.quantile(0.25) == 0)
        let x = d.quantile(0.625)   // 0.25 + 0.75·(x − 1)/2 = 0.625 ⇒ x = 2
        #expect(isApproximatelyEqual(x, 2, relative: 1e-12))
        #expect(isApproximatelyEqual(d.cdf(1.5), 0.4375, relative: 1e-15))
        #expect(d.pointMass(0) == 0.25)
    }

    /// A tail truncation far out keeps its precision: normal(0,1) on [8, ∞) has its median at
    /// 8.084911007391544 (mpmath 1.3.0, root of Q(x) = Q(8)/2 at 40 digits; scipy 1.17
    /// truncnorm(8, inf).median() agrees), 1e-12 relative, even though 1 − Φ(8) ≈ 6e-16 is below
    /// the resolution of Φ near 1.
    @Test func farTailTruncation() {
        let d = Distribution.truncated(.normal(mean: 0, sd: 1), min: 8, max: .infinity)
        #expect(isApproximatelyEqual(d.median, 8.084911007391544, relative: 1e-12), "\(d.median)")
        var s = RandomStream(seed: 1, path: 0, purpose: .sampling)
        for _ in 0..<1000 {
            let x = d.sample(from: &s)
            #expect(x >= 8 && x.isFinite)
        }
        let g = Distribution.truncated(.gamma(shape: 2, scale: 1), min: 60, max: 70)
        #expect(g.quantile(0.5) > 60 && g.quantile(0.5) < 70)
    }

    @Test func discreteWithUnsortedValuesAndDuplicates() {
        let d = Distribution.discrete(values: [3, 1, 3, 2], weights: [1, 1, 1, 1])
        #expect(d.cdf(2.5) == 0.5)
        #expect(d.pointMass(3) == 0.5)
        #expect(d.quantile(0.5) == 2)
        #expect(d.quantile(0.50001) == 3)
        #expect(d.mean == 2.25)
    }

    @Test func codableRoundTrip() throws {
        let d = Distribution.mixture(
            components: [.truncated(.normal(mean: 1, sd: 2), min: 0, max: .infinity), .pert(min: 1, mode: 2, max: 4)],
            weights: [0.3, 0.7])
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let back = try decoder.decode(Distribution.self, from: encoder.encode(d))
        #expect(back == d)
    }

    /// Poisson with large λ: quantile walks stay exact (cdf(Q(p)) ≥ p > cdf(Q(p) − 1)).
    @Test func largePoisson() {
        let d = Distribution.poisson(lambda: 1e5)
        for p in [1e-9, 0.01, 0.5, 0.99, 1 - 1e-9] {
            let k = d.quantile(p)
            #expect(d.cdf(k) >= p && d.cdf(k - 1) < p, "p = \(p), k = \(k)")
        }
    }
}
