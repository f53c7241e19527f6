import Testing
import _OfftakeTestSupport
import OfftakeRandom

@Suite struct FittingTests {
    /// The fitted distribution reproduces both quantiles to 1e-14 relative (a few ulps: the fit
    /// and the quantile each round once or twice).
    @Test(arguments: [
        (0.1, 40.0, 0.9, 160.0), (0.05, 1.0, 0.95, 3.0), (0.1, 0.002, 0.9, 0.02),
        (0.25, 7.0, 0.75, 9.0), (0.01, 5.0, 0.6, 1000.0), (0.001, 1e6, 0.999, 5e8),
    ])
    func lognormalFromTwoQuantiles(_ c: (Double, Double, Double, Double)) throws {
        let d = try #require(Distribution.lognormal(quantile: c.0, is: c.1, quantile: c.2, is: c.3))
        #expect(isApproximatelyEqual(d.quantile(c.0), c.1, relative: 1e-14), "\(d.quantile(c.0)) vs \(c.1)")
        #expect(isApproximatelyEqual(d.quantile(c.2), c.3, relative: 1e-14), "\(d.quantile(c.2)) vs \(c.3)")
    }

    @Test(arguments: [
        (0.05, 80.0, 0.95, 120.0), (0.1, -3.0, 0.9, 5.0), (0.25, 10.0, 0.75, 11.0),
        (0.01, 100.0, 0.5, 130.0), (0.3, -1e6, 0.99, 2e6),
    ])
    func normalFromTwoQuantiles(_ c: (Double, Double, Double, Double)) throws {
        let d = try #require(Distribution.normal(quantile: c.0, is: c.1, quantile: c.2, is: c.3))
        #expect(isApproximatelyEqual(d.quantile(c.0), c.1, relative: 1e-14), "\(d.quantile(c.0)) vs \(c.1)")
        #expect(isApproximatelyEqual(d.quantile(c.2), c.3, relative: 1e-14), "\(d.quantile(c.2)) vs \(c.3)")
    }

    @Test func impossibleFitsReturnNil() {
        #expect(Distribution.lognormal(quantile: 0.9, is: 1, quantile: 0.1, is: 2) == nil)   // p1 > p2
        #expect(Distribution.lognormal(quantile: 0.1, is: 2, quantile: 0.9, is: 1) == nil)   // x1 > x2
        #expect(Distribution.lognormal(quantile: 0.1, is: 0, quantile: 0.9, is: 1) == nil)   // x1 ≤ 0
        #expect(Distribution.lognormal(quantile: 0, is: 1, quantile: 0.9, is: 2) == nil)     // p outside (0,1)
        #expect(Distribution.normal(quantile: 0.5, is: 1, quantile: 0.5, is: 2) == nil)      // p1 == p2
        #expect(Distribution.normal(quantile: 0.1, is: 1, quantile: 1, is: 2) == nil)
        #expect(Distribution.normal(quantile: 0.1, is: 1, quantile: 0.9, is: 1) == nil)      // x1 == x2
        #expect(Distribution.lognormal(mean: 0, sd: 1) == nil)
        #expect(Distribution.lognormal(mean: 1, sd: 0) == nil)
    }

    /// lognormal(mean:sd:) has exactly those moments (1e-13 relative: log/exp round trip).
    @Test(arguments: [(1.0, 0.5), (100.0, 30.0), (0.02, 0.1)])
    func lognormalFromMoments(_ c: (Double, Double)) throws {
        let d = try #require(Distribution.lognormal(mean: c.0, sd: c.1))
        #expect(isApproximatelyEqual(d.mean, c.0, relative: 1e-13))
        #expect(isApproximatelyEqual(d.variance.squareRoot(), c.1, relative: 1e-13))
    }
}
