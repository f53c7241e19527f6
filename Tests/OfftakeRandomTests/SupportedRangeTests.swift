#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import OfftakeRandom

/// CPU seconds the calling thread spends in `body`: "promptly" is about the work a routine does, not
/// about the wall clock, which under `swift test` on two cores also counts the time spent waiting for
/// a core while every suite runs at once.
func threadCPUSeconds(_ body: () -> Void) -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    let start = now()
    body()
    return now() - start
}

/// Every family at the documented edges of its supported range (docs/distributions.md, "Supported
/// ranges"): inside, the parameter checks pass and every numeric path (quantiles at the extreme
/// uniforms, the cdf, mean, variance) answers promptly (CPU time) without a numeric failure; just outside, the
/// parameter checks name the parameter and the range.
@Suite struct SupportedRangeTests {
    /// The probabilities probed: the extreme uniforms of a stream, deep tails and the body.
    static let probabilities = [Distribution.extremeUniforms.lowest, 1e-9, 0.01, 0.5, 0.99, 1 - 1e-9,
                                Distribution.extremeUniforms.highest]

    /// Inside the range: no problem, finite draws, no NaN from any routine, within 2 s of CPU (debug build).
    func expectSupported(_ d: Distribution, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(d.parameterProblems().isEmpty, "\(d): \(d.parameterProblems())", sourceLocation: sourceLocation)
        let elapsed = threadCPUSeconds {
            for p in SupportedRangeTests.probabilities {
                let x = try? d.checkedQuantile(p)
                #expect(x != nil, "\(d): quantile(\(p)) failed", sourceLocation: sourceLocation)
                if let x {
                    #expect(x.isFinite, "\(d): quantile(\(p)) = \(x)", sourceLocation: sourceLocation)
                    #expect(d.cdf(x) >= 0 && d.cdf(x) <= 1, "\(d): cdf(\(x))", sourceLocation: sourceLocation)
                }
            }
            // Beyond the uniforms a stream returns the quantile may be infinite, but it converges.
            #expect(!d.quantile(1e-300).isNaN, "\(d): quantile(1e-300) failed", sourceLocation: sourceLocation)
            let lowest = d.quantile(Distribution.extremeUniforms.lowest)
            let highest = d.quantile(Distribution.extremeUniforms.highest)
            #expect(lowest <= highest, "\(d): quantiles not monotone", sourceLocation: sourceLocation)
            _ = d.mean
            _ = d.variance
        }
        #expect(elapsed < 2, "\(d): took \(elapsed) s of CPU", sourceLocation: sourceLocation)
    }

    /// Outside the range: a problem naming `parameter`.
    func expectRefused(_ d: Distribution, _ parameter: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let problems = d.parameterProblems()
        #expect(problems.contains { $0.parameter == parameter }, "\(d): \(problems)", sourceLocation: sourceLocation)
    }

    static let tiny = [5e-324, 1e-310, 1e-308, 1e-300]

    @Test func normal() {
        for sd in SupportedRangeTests.tiny + [1, 2e307] { expectSupported(.normal(mean: 0, sd: sd)) }
        expectSupported(.normal(mean: 1.7e308, sd: 1))
        expectSupported(.normal(mean: -1.7e308, sd: 1e290))
        expectRefused(.normal(mean: 0, sd: 1e308), "sd")
        expectRefused(.normal(mean: 1.7e308, sd: 1e307), "sd")
        expectRefused(.normal(mean: 0, sd: 0), "sd")
    }

    @Test func lognormal() {
        for sigma in SupportedRangeTests.tiny + [1, 80] { expectSupported(.lognormal(mu: 0, sigma: sigma)) }
        expectSupported(.lognormal(mu: 709, sigma: 0.01))
        expectSupported(.lognormal(mu: -1e308, sigma: 1))
        expectRefused(.lognormal(mu: 700, sigma: 2), "sigma")
        expectRefused(.lognormal(mu: 710, sigma: 1e-3), "mu")
        expectRefused(.lognormal(mu: 0, sigma: 1e308), "sigma")
    }

    @Test func uniformTriangularPert() {
        expectSupported(.uniform(min: 0, max: 5e-324))
        expectSupported(.uniform(min: -0.8e308, max: 0.8e308))
        expectRefused(.uniform(min: -1e308, max: 1e308), "max")
        expectRefused(.uniform(min: 1, max: 1), "min")
        for mode in [0.0, 5e-324, 0.5, 1] {
            expectSupported(.triangular(min: 0, mode: mode, max: 1))
            expectSupported(.pert(min: 0, mode: mode, max: 1))
        }
        expectSupported(.triangular(min: -0.8e308, mode: 0.8e308, max: 0.8e308))
        expectSupported(.pert(min: -0.8e308, mode: -0.8e308, max: 0.8e308))
        expectSupported(.pert(min: 0, mode: 5e-324, max: 1e-323))
        expectRefused(.pert(min: -1e308, mode: 0, max: 1e308), "max")
    }

    @Test func beta() {
        let shapes = SupportedRangeTests.tiny + [1e-3, 1, 1e7]
        for a in shapes {
            for b in shapes { expectSupported(.beta(alpha: a, beta: b)) }
        }
        expectRefused(.beta(alpha: 1.0000001e7, beta: 1), "alpha")
        expectRefused(.beta(alpha: 1, beta: 0), "beta")
    }

    @Test func gamma() {
        for shape in SupportedRangeTests.tiny + [1e-3, 1, 1e7] {
            for scale in [5e-324, 1, 1e300] { expectSupported(.gamma(shape: shape, scale: scale)) }
        }
        expectRefused(.gamma(shape: 1.0000001e7, scale: 1), "shape")
        expectRefused(.gamma(shape: 1e7, scale: 1e303), "scale")
        expectRefused(.gamma(shape: 0, scale: 1), "shape")
    }

    @Test func studentT() {
        for df in [0.05, 0.5, 1, 2, 3, 4e4, 1e10, 1e308] { expectSupported(.studentT(df: df, loc: 0, scale: 1)) }
        expectSupported(.studentT(df: 3, loc: 1.7e308, scale: 5e-324))
        expectRefused(.studentT(df: 0.04, loc: 0, scale: 1), "df")
        expectRefused(.studentT(df: 5e-324, loc: 0, scale: 1), "df")
        expectRefused(.studentT(df: 1, loc: 0, scale: 1e300), "scale")
    }

    @Test func bernoulliAndPoisson() {
        for p in [0, 5e-324, 0.5, 1 - 1e-16, 1] { expectSupported(.bernoulli(p: p)) }
        expectRefused(.bernoulli(p: 1 + 1e-15), "p")
        for lambda in [0, 5e-324, 1e-300, 1, 1e7] { expectSupported(.poisson(lambda: lambda)) }
        expectRefused(.poisson(lambda: 1.0000001e7), "lambda")
    }

    @Test func discreteAndMixture() {
        expectSupported(.discrete(values: [-1.7e308, 1.7e308], weights: [5e-324, 1e308]))
        expectSupported(.discrete(values: [0, -0.0, 5e-324], weights: [1, 1, 1]))
        expectRefused(.discrete(values: [1, 2], weights: [1e308, 1e308]), "weights")
        expectSupported(.mixture(components: [.normal(mean: -1.7e308, sd: 1), .poisson(lambda: 1e7)], weights: [1e308, 5e-324]))
        expectSupported(.mixture(components: [.gamma(shape: 5e-324, scale: 1), .beta(alpha: 1e7, beta: 5e-324)], weights: [1, 1]))
        expectRefused(.mixture(components: [.normal(mean: 0, sd: 1), .normal(mean: 1, sd: 1)], weights: [1e308, 1e308]), "weights")
    }

    @Test func truncate() {
        // Reproducers of a past hang: a discrete distribution truncated to a huge upper bound.
        expectSupported(.truncated(.poisson(lambda: 7), min: 5e-324, max: 1e308))
        expectSupported(.truncated(.mixture(components: [.poisson(lambda: 2)], weights: [1e308]), min: 7, max: 1e308))
        expectSupported(.truncated(.poisson(lambda: 1e7), min: 0, max: .infinity))
        expectSupported(.truncated(.poisson(lambda: 7), min: 3, max: 3))   // equal bounds on an atom
        expectSupported(.truncated(.discrete(values: [-1.7e308, 1.7e308], weights: [1, 1]), min: -1e308, max: 1.7e308))
        expectSupported(.truncated(.normal(mean: 0, sd: 1), min: 1e-3, max: 1.000001e-3))
        // A mass lost to rounding (Φ(1e-300) − Φ(5e-324) = 0 in doubles) is refused, not divided by.
        expectRefused(.truncated(.normal(mean: 0, sd: 1), min: 5e-324, max: 1e-300), "min")
        expectSupported(.truncated(.normal(mean: 0, sd: 1), min: 30, max: .infinity))
        expectSupported(.truncated(.gamma(shape: 5e-324, scale: 2), min: 0, max: 1))
        expectSupported(.truncated(.studentT(df: 0.05, loc: 0, scale: 1), min: -1e300, max: 1e300))
        expectRefused(.truncated(.normal(mean: 0, sd: 1), min: 1, max: 1), "min")
        expectRefused(.truncated(.poisson(lambda: 7), min: 3.5, max: 3.5), "min")
        expectRefused(.truncated(.normal(mean: 0, sd: 1), min: 1e308, max: .infinity), "min")
    }

    @Test func iterationCapsFailWithNaNNotHang() {
        // A series or continued fraction past its cap, or a root solve past 200 steps, gives NaN.
        let elapsed = threadCPUSeconds {
            #expect(Special.regularizedGamma(1e15, 1e15).p.isNaN)
            #expect(RootSolver.solve(initial: 0, lower: -.infinity, upper: .infinity) { x in (x < 1 ? -1 : 1, 0, .nan) }.isFinite)
            #expect(RootSolver.solve(initial: 0, lower: -.infinity, upper: .infinity, maxIterations: 3) { x in (x - 1e300, 1e-300, .nan) }.isNaN)
        }
        #expect(elapsed < 5, "took \(elapsed) s of CPU")
        #expect(throws: NumericFailure.self) { try Distribution.gamma(shape: 1e15, scale: 1).checkedQuantile(0.5) }
    }
}
