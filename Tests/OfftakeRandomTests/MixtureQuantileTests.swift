import Testing
@testable import OfftakeRandom

/// The mixture quantile locates the root by Newton and evaluates the cdf only near it
/// (`Distribution.locatedBisection`); it must return exactly the double that plain bisection on the
/// order of doubles over the whole bracket returns (the algorithm of docs/random.md), for every p:
/// the speed-up is not a stream change. Checked on 20,000 uniforms per mixture, both tails included.
@Suite struct MixtureQuantileTests {
    static let mixtures: [Distribution] = [
        // The default scenario's buyer growth: two PERTs.
        .mixture(components: [.pert(min: 0.6, mode: 1.3, max: 2.5), .pert(min: 0.1, mode: 0.3, max: 0.6)], weights: [0.8, 0.2]),
        // Time-to-botec: two atoms and two lognormals four decades apart.
        .mixture(components: [.constant(0), .constant(1), .lognormal(mu: 1.1512925464970227, sigma: 0.6999617832303504),
                              .lognormal(mu: 6.907755278982137, sigma: 1.3999235664607008)], weights: [0.6, 0.2, 0.1, 0.1]),
        // Overlapping normals, a gamma with a t, and components 10²⁰⁰ apart.
        .mixture(components: [.normal(mean: 0, sd: 1), .normal(mean: 0.5, sd: 3)], weights: [1, 2]),
        .mixture(components: [.gamma(shape: 0.5, scale: 2), .studentT(df: 3, loc: 1, scale: 0.5)], weights: [0.3, 0.7]),
        .mixture(components: [.normal(mean: -1e200, sd: 1e199), .lognormal(mu: 0, sigma: 1)], weights: [0.5, 0.5]),
    ]

    /// The quantile as it was computed before the located bisection: bisection over the whole bracket.
    static func plainBisection(_ d: Distribution, _ p: Double) -> Double {
        guard case .mixture(let components, let weights) = d else { return .nan }
        let q = 1 - p
        var lo = Double.infinity, hi = -Double.infinity
        for (c, w) in zip(components, weights) where w > 0 {
            let x = c.quantile(p: p, q: q)
            lo = min(lo, x)
            hi = max(hi, x)
        }
        if !(lo < hi) { return hi }
        func reached(_ x: Double) -> Bool {
            let t = d.tails(x)
            return p <= q ? t.lower >= p : t.upper <= q
        }
        if reached(lo) { return lo }
        return Distribution.bisectOrder(lo, hi, reached: reached)
    }

    @Test(arguments: 0..<mixtures.count)
    func sameDoubleAsPlainBisection(_ k: Int) {
        let d = MixtureQuantileTests.mixtures[k]
        var stream = RandomStream(seed: UInt64(k), path: 1, purpose: .sampling)
        let tails = [1e-300, 1e-100, 1e-12, 1e-6, 0.001, 0.5, 0.999, 1 - 1e-9, 1 - 0x1p-53]
        var mismatches: [Double] = []
        for i in 0..<20_000 {
            let p = i < tails.count ? tails[i] : stream.nextUniform()
            let fast = d.quantile(p), plain = MixtureQuantileTests.plainBisection(d, p)
            if fast.bitPattern != plain.bitPattern { mismatches.append(p) }
        }
        #expect(mismatches.isEmpty, "\(d): p = \(mismatches.prefix(5))")
    }
}

/// `componentwiseSample` (`offtake sample --by-component`) draws from the mixture: at a few points the
/// share of draws at or below x matches the exact cdf within 5 binomial standard errors
/// (√(F(1−F)/n), n = 200,000: a false alarm has probability < 10⁻⁶ per point).
@Suite struct ComponentwiseSampleTests {
    @Test(arguments: 0..<MixtureQuantileTests.mixtures.count - 1)
    func drawsFollowTheMixtureCDF(_ k: Int) {
        let d = MixtureQuantileTests.mixtures[k]
        var stream = RandomStream(seed: 21, path: UInt64(k), purpose: .sampling)
        let n = 200_000
        let draws = (0..<n).map { _ in d.componentwiseSample(stream.nextUniform()) }
        #expect(draws.allSatisfy { !$0.isNaN })
        for p in [0.05, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99] {
            let x = d.quantile(p)
            let f = d.cdf(x)
            let share = Double(draws.count { $0 <= x }) / Double(n)
            let se = (f * (1 - f) / Double(n)).squareRoot()
            #expect(abs(share - f) <= 5 * se + 1e-12, "mixture \(k), x = \(x): share \(share), cdf \(f)")
        }
    }

    /// A one-component mixture passes u through unchanged, so its draws are the component's quantiles,
    /// bit for bit: the sampler's closed forms are the quantile functions' own.
    @Test(arguments: [Distribution.normal(mean: 3, sd: 2), .lognormal(mu: 1, sigma: 0.7), .constant(4), .pert(min: 1, mode: 2, max: 5),
                      .mixture(components: [.normal(mean: 0, sd: 1)], weights: [1])])
    func singleComponentIsTheComponentsQuantile(_ component: Distribution) {
        let d = Distribution.mixture(components: [component], weights: [1])
        var stream = RandomStream(seed: 5, path: 0, purpose: .sampling)
        for u in [1e-300, 1e-9, 0.25, 0.5, 0.75, 1 - 1e-9] + (0..<2000).map({ _ in stream.nextUniform() }) {
            #expect(d.componentwiseSample(u).bitPattern == component.quantile(u).bitPattern, "u = \(u)")
        }
    }

    @Test func notAMixtureIsInverted() {
        let d = Distribution.pert(min: 1, mode: 2, max: 5)
        for u in [1e-9, 0.25, 0.5, 0.999] { #expect(d.componentwiseSample(u) == d.quantile(u)) }
    }
}
