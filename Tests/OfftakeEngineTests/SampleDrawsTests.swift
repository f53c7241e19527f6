import OfftakeRandom
import Testing
import OfftakeEngine

/// `offtake sample` draws on several threads: sample i must be the quantile (or the componentwise
/// sample) of the stream's i-th uniform whatever the number of threads, as one sequential pass gives.
@Suite struct SampleDrawsTests {
    static let mixture = Distribution.mixture(
        components: [.constant(0), .constant(1), .lognormal(mu: 1.15, sigma: 0.7), .lognormal(mu: 6.9, sigma: 1.4)],
        weights: [0.6, 0.2, 0.1, 0.1])

    @Test(arguments: [1, 2, 3, 8])
    func drawsEqualOneSequentialPass(threads: Int) throws {
        let distribution = SampleDrawsTests.mixture
        let sampler = ComponentwiseSampler(distribution)
        var stream = RandomStream(seed: 42, path: 0, purpose: .sampling)
        var exact: [Double] = [], byComponent: [Double] = []
        for _ in 0..<40_001 {
            let u = stream.nextUniform()
            exact.append(distribution.quantile(u))
            byComponent.append(sampler.sample(u))
        }
        let fresh = RandomStream(seed: 42, path: 0, purpose: .sampling)
        let parallel = try SampleDraws.draws(count: 40_001, from: fresh, threads: threads) { u throws(NumericFailure) in
            try distribution.checkedQuantile(u)
        }
        let parallelByComponent = try SampleDraws.draws(count: 40_001, from: fresh, threads: threads) { u throws(NumericFailure) in
            try sampler.checkedSample(u)
        }
        #expect(parallel.map(\.bitPattern) == exact.map(\.bitPattern))
        #expect(parallelByComponent.map(\.bitPattern) == byComponent.map(\.bitPattern))
    }
}
