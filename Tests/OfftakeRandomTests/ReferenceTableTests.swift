import Testing
import _OfftakeTestSupport
@testable import OfftakeRandom

/// Point values against tables computed with scipy / mpmath (ReferenceData.swift).
@Suite struct ReferenceTableTests {
    /// P(X ≤ x) and P(X > x) to 1e-10 relative (each tail is computed directly, so even tiny
    /// tails such as Φ(−37.5) ≈ 5e-308 must match relatively, not just absolutely).
    @Test func cdfTable() {
        for (d, x, cdf, sf) in cdfReferences {
            #expect(isApproximatelyEqual(d.cdf(x), cdf, relative: 1e-10), "\(d) cdf(\(x)) = \(d.cdf(x)) vs \(cdf)")
            #expect(isApproximatelyEqual(d.complementaryCDF(x), sf, relative: 1e-10),
                    "\(d) sf(\(x)) = \(d.complementaryCDF(x)) vs \(sf)")
        }
    }

    /// Quantiles to 1e-10 relative (scipy's own accuracy is ~1e-14 here); discrete exactly.
    /// The 95 % intervals' z is the standard normal's 0.975 quantile as scipy.stats.norm.ppf(0.975) gives
    /// it (the table's 1.959963984540054, exactly), and AS 241 agrees to two units in the last place
    /// (2.3e-16 relative: its stated accuracy), so no interval uses a rounded 1.96.
    @Test func z95IsTheNormalQuantile() {
        #expect(StandardNormal.z95 == quantileReferences.first { $0.0 == .normal(mean: 0, sd: 1) && $0.1 == 0.975 }?.2)
        #expect(abs(StandardNormal.quantile(0.975) - StandardNormal.z95) <= 2 * StandardNormal.z95.ulp)
    }

    @Test func quantileTable() {
        for (d, p, x) in quantileReferences {
            let q = d.quantile(p)
            if d.isDiscrete {
                #expect(q == x, "\(d) quantile(\(p)) = \(q) vs \(x)")
            } else {
                #expect(isApproximatelyEqual(q, x, relative: 1e-10), "\(d) quantile(\(p)) = \(q) vs \(x)")
            }
        }
    }

    /// Extreme tails (p down to 1e-300) against 50-digit mpmath, 1e-10 relative: these exercise the
    /// log-scale residuals and the far-tail initial guesses of the gamma, beta and t solvers.
    @Test func extremeQuantileTable() {
        for (d, p, x) in extremeQuantileReferences {
            let q = d.quantile(p)
            #expect(isApproximatelyEqual(q, x, relative: 1e-10), "\(d) quantile(\(p)) = \(q) vs \(x)")
        }
    }

    /// Means and variances, 1e-10 relative: closed forms vs scipy, and truncated moments (closed
    /// form for the normal, tanh-sinh quadrature otherwise) vs scipy.integrate.quad at epsrel 1e-13.
    @Test func momentTable() {
        for (d, m, v) in momentReferences {
            #expect(isApproximatelyEqual(d.mean, m, relative: 1e-10, absolute: 1e-14), "\(d) mean \(d.mean) vs \(m)")
            #expect(isApproximatelyEqual(d.variance, v, relative: 1e-10), "\(d) variance \(d.variance) vs \(v)")
        }
    }

    /// Normal quantile symmetry and boundary values (exact by construction of AS 241).
    @Test func standardNormalEdges() {
        #expect(StandardNormal.quantile(0) == -.infinity)
        #expect(StandardNormal.quantile(1) == .infinity)
        #expect(StandardNormal.quantile(0.5) == 0)
        #expect(StandardNormal.quantile(-0.1).isNaN)
        #expect(StandardNormal.quantile(.nan).isNaN)
        for p in [1e-300, 1e-20, 0.01, 0.2, 0.4] {
            #expect(StandardNormal.quantile(p) == -StandardNormal.upperQuantile(p))
        }
        // Φ and 1 − Φ are accurate in their own tails: Φ(−x) == 1 − Φ(x) as computed.
        for x in [0.5, 3.0, 10.0, 30.0] {
            #expect(StandardNormal.cdf(-x) == StandardNormal.complementaryCDF(x))
        }
    }

    /// Heavy-tailed and undefined moments.
    @Test func infiniteAndUndefinedMoments() {
        #expect(Distribution.studentT(df: 1, loc: 0, scale: 1).mean.isNaN)
        #expect(Distribution.studentT(df: 1, loc: 0, scale: 1).variance == .infinity)
        #expect(Distribution.studentT(df: 2, loc: 3, scale: 1).mean == 3)
        #expect(Distribution.studentT(df: 2, loc: 3, scale: 1).variance == .infinity)
        #expect(Distribution.truncated(.studentT(df: 1, loc: 0, scale: 1), min: 0, max: .infinity).mean == .infinity)
        #expect(Distribution.truncated(.studentT(df: 1.5, loc: 0, scale: 1), min: 0, max: .infinity).variance == .infinity)
        // Cut on both sides: finite. Cauchy on [−1, 1]: mean 0, variance 4/π − 1 (∫x²/(π(1+x²)) over [−1,1] / ½).
        let c = Distribution.truncated(.studentT(df: 1, loc: 0, scale: 1), min: -1, max: 1)
        #expect(isApproximatelyEqual(c.mean, 0, absolute: 1e-14))
        #expect(isApproximatelyEqual(c.variance, 4 / Double.pi - 1, relative: 1e-10))
    }
}
