import Testing
@testable import OfftakeRandom

/// `PreparedDistribution.quantile` (a PERT's shapes and log B(α, β) computed once) must return bit for
/// bit what `Distribution.quantile` returns, over the whole unit interval and its ends, for PERTs
/// symmetric, skewed either way and near-degenerate, and pass every other family through unchanged.
@Suite struct PreparedDistributionTests {
    static let distributions: [Distribution] = [
        .pert(min: 0, mode: 0.5, max: 1), .pert(min: 869e3, mode: 1.2e6, max: 1.456e6), .pert(min: -0.12, mode: -0.09, max: -0.02),
        .pert(min: 10, mode: 15, max: 24), .pert(min: 0, mode: 0, max: 1), .pert(min: 0, mode: 1, max: 1),
        .pert(min: 1, mode: 1 + 1e-9, max: 2), .pert(min: 3, mode: 8, max: 28), .pert(min: 1e-300, mode: 2e-300, max: 1e-299),
        .constant(7), .normal(mean: 1, sd: 2), .lognormal(mu: 0, sigma: 1), .beta(alpha: 2, beta: 5),
        .mixture(components: [.pert(min: 0.6, mode: 1.3, max: 2.5), .pert(min: 0.1, mode: 0.3, max: 0.6)], weights: [0.8, 0.2]),
    ]

    static var probabilities: [Double] {
        var stream = RandomStream(seed: 5, path: 0, purpose: .sampling)
        let ends: [Double] = [0, 1, -0.1, 1.1, .nan, 1e-300, 1e-12, 1e-3, 0.5, 1 - 1e-3, 1 - 1e-12, 0.5.nextUp, 0.5.nextDown, 1.0.nextDown]
        return ends + (0..<400).map { _ in stream.nextUniform() }
    }

    @Test(arguments: PreparedDistributionTests.distributions)
    func quantileEqualsTheUnprepared(_ distribution: Distribution) {
        let prepared = PreparedDistribution(distribution)
        for p in PreparedDistributionTests.probabilities {
            #expect(prepared.quantile(p).bitPattern == distribution.quantile(p).bitPattern, "\(distribution) at \(p)")
        }
    }

    @Test func constantIsExposed() {
        #expect(PreparedDistribution(.constant(7)).constant == 7)
        #expect(PreparedDistribution(.pert(min: 0, mode: 1, max: 2)).constant == nil)
    }
}
