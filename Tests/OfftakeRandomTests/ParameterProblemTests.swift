import Testing
import OfftakeRandom

@Suite struct ParameterProblemTests {
    func parameters(_ d: Distribution) -> [String] { d.parameterProblems().map(\.parameter) }

    @Test func validDistributionsHaveNoProblems() {
        let valid: [Distribution] = [
            .constant(1), .normal(mean: 0, sd: 1), .lognormal(mu: 0, sigma: 1), .uniform(min: 0, max: 1),
            .triangular(min: 0, mode: 0, max: 1), .pert(min: 0, mode: 1, max: 1), .beta(alpha: 1, beta: 2),
            .gamma(shape: 2, scale: 1), .studentT(df: 3, loc: 0, scale: 1), .bernoulli(p: 1), .poisson(lambda: 0),
            .discrete(values: [1, 2], weights: [0, 1]),
            .mixture(components: [.normal(mean: 0, sd: 1)], weights: [1]),
            .truncated(.normal(mean: 0, sd: 1), min: 0, max: .infinity),
        ]
        for d in valid { #expect(d.parameterProblems().isEmpty, "\(d)") }
    }

    @Test func constant() {
        #expect(parameters(.constant(.nan)) == ["value"])
    }

    @Test func normal() {
        let problems = Distribution.normal(mean: 1, sd: -2).parameterProblems()
        #expect(problems == [DistributionProblem(parameter: "sd", message: "must be > 0, found -2")])
        #expect(parameters(.normal(mean: .infinity, sd: 0)) == ["mean", "sd"])
    }

    @Test func lognormal() {
        #expect(parameters(.lognormal(mu: 0, sigma: 0)) == ["sigma"])
        #expect(parameters(.lognormal(mu: .nan, sigma: 1)) == ["mu"])
    }

    @Test func uniform() {
        #expect(parameters(.uniform(min: 2, max: 1)) == ["min"])
        #expect(parameters(.uniform(min: 1, max: 1)) == ["min"])
        #expect(parameters(.uniform(min: -.infinity, max: 1)) == ["min"])
    }

    @Test func triangularAndPert() {
        #expect(parameters(.triangular(min: 0, mode: 2, max: 1)) == ["mode"])
        #expect(parameters(.triangular(min: 3, mode: 2, max: 1)) == ["min", "mode"])
        #expect(parameters(.pert(min: 0, mode: -1, max: 1)) == ["mode"])
        #expect(parameters(.pert(min: 0, mode: 0.5, max: .nan)) == ["max"])
    }

    @Test func beta() {
        #expect(parameters(.beta(alpha: 0, beta: 1)) == ["alpha"])
        #expect(parameters(.beta(alpha: 1, beta: -1)) == ["beta"])
    }

    @Test func gamma() {
        #expect(parameters(.gamma(shape: -1, scale: 1)) == ["shape"])
        #expect(parameters(.gamma(shape: 1, scale: 0)) == ["scale"])
    }

    @Test func studentT() {
        #expect(parameters(.studentT(df: 0, loc: 0, scale: 1)) == ["df"])
        #expect(parameters(.studentT(df: 3, loc: .infinity, scale: -1)) == ["loc", "scale"])
    }

    @Test func bernoulli() {
        #expect(parameters(.bernoulli(p: 1.5)) == ["p"])
        #expect(parameters(.bernoulli(p: -0.1)) == ["p"])
    }

    @Test func poisson() {
        #expect(parameters(.poisson(lambda: -1)) == ["lambda"])
        #expect(parameters(.poisson(lambda: .infinity)) == ["lambda"])
    }

    @Test func discrete() {
        #expect(parameters(.discrete(values: [1, 2], weights: [1])) == ["weights"])
        #expect(parameters(.discrete(values: [1, 2], weights: [1, -1])) == ["weights"])
        #expect(parameters(.discrete(values: [1, 2], weights: [0, 0])) == ["weights"])
        #expect(parameters(.discrete(values: [], weights: [])) == ["values"])
        #expect(parameters(.discrete(values: [.nan], weights: [1])) == ["values"])
    }

    @Test func mixture() {
        let d = Distribution.mixture(components: [.normal(mean: 0, sd: 1), .gamma(shape: -1, scale: 1)], weights: [1, 2])
        let problems = d.parameterProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.parameter == "shape")
        #expect(problems.first?.component == 1)
        #expect(parameters(.mixture(components: [.constant(1)], weights: [1, 1])) == ["weights"])
        #expect(parameters(.mixture(components: [], weights: [])) == ["components"])
        #expect(parameters(.mixture(components: [.constant(1), .constant(2)], weights: [0, 0])) == ["weights"])
    }

    @Test func truncated() {
        #expect(parameters(.truncated(.normal(mean: 0, sd: 1), min: 2, max: 1)) == ["min"])
        // Zero-probability interval.
        let empty = Distribution.truncated(.uniform(min: 0, max: 1), min: 2, max: 3).parameterProblems()
        #expect(empty.count == 1 && empty[0].message.contains("zero probability"))
        #expect(parameters(.truncated(.poisson(lambda: 3), min: 1.2, max: 1.8)) == ["min"])
        // Problems of the base carry component 0.
        let nested = Distribution.truncated(.normal(mean: 0, sd: 0), min: 0, max: 1).parameterProblems()
        #expect(nested.count == 1 && nested[0].parameter == "sd" && nested[0].component == 0)
        #expect(parameters(.truncated(.normal(mean: 0, sd: 1), min: .nan, max: 1)) == ["min"])
    }
}

/// Limits that keep every accepted distribution fast and finite to evaluate.
@Suite struct ParameterLimitTests {
    @Test(arguments: [
        (Distribution.gamma(shape: 1e12, scale: 1), "shape"), (.poisson(lambda: 1e15), "lambda"),
        (.beta(alpha: 1e8, beta: 1), "alpha"), (.uniform(min: -1e308, max: 1e308), "max"),
        (.triangular(min: -1e308, mode: 0, max: 1e308), "max"),
    ])
    func refusesExtremeParameters(_ d: Distribution, _ parameter: String) {
        #expect(d.parameterProblems().contains { $0.parameter == parameter }, "\(d)")
    }

    @Test func acceptsTheLimit() {
        #expect(Distribution.gamma(shape: Distribution.maximumShape, scale: 1).parameterProblems().isEmpty)
        #expect(Distribution.poisson(lambda: Distribution.maximumShape).parameterProblems().isEmpty)
    }
}

/// Regressions found by the expression fuzzer.
@Suite struct NumericalRegressionTests {
    /// Lentz's continued fraction for Q(a, x) must stop when its factor rounds to 1 ± 1 ulp
    /// (it used to run 10⁷ iterations at x = 10³⁰).
    @Test(.timeLimit(.minutes(1)))
    func incompleteGammaConvergesForHugeArguments() {
        for x in [1e30, 1e110, 1e300] {
            #expect(Distribution.gamma(shape: 1, scale: 1).cdf(x) == 1)
        }
    }

    /// Components 10³⁰⁰ apart: the mixture quantile is exact (bisection on the order of doubles),
    /// and a bracket spanning ±10³⁰⁸ does not overflow.
    @Test(.timeLimit(.minutes(1)))
    func mixtureOfFarApartComponents() {
        let m = Distribution.mixture(components: [.normal(mean: 1e300, sd: 1), .gamma(shape: 1, scale: 1)], weights: [1, 1])
        // Below ½ the quantile is the gamma's at 2p: −log(1 − 2p).
        for p in [0.01, 0.1, 0.3] {
            let exact = -Foundation.log(1 - 2 * p)
            #expect(abs(m.quantile(p) - exact) <= 1e-12 * exact, "p = \(p)")
        }
        // Above ½ it is the normal's at 2p − 1, which rounds to 10³⁰⁰ (an ulp there is ~10²⁸⁴).
        #expect(abs(m.quantile(0.99) - 1e300) <= 1e286)
        let wide = Distribution.mixture(components: [.normal(mean: -1e308, sd: 1), .normal(mean: 1e308, sd: 1)], weights: [1, 1])
        #expect(wide.quantile(0.25) == -1e308)
        #expect(wide.quantile(0.75) == 1e308)
    }
}

import Foundation
