import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport
import Testing

@Suite struct MarketProcessTests {
    static let months = 84

    static func scenario(regimes: [Regime], transitions: [[Double]], initial: InitialRegime) -> Scenario {
        Scenario(name: "m", horizon: Horizon(start: Month(year: 2026, month: 1), end: Month(year: 2032, month: 12)),
                 market: Market(regimes: RegimeModel(regimes: regimes, initial: initial, transitions: transitions),
                                computePrice: ComputePrice(initial: .constant(1.2e6), decline: .constant(0.2), demandElasticity: .constant(0.5))))
    }

    static func parameters(_ s: Scenario) throws -> (MarketParameters, ParameterSampler) {
        let sampler = try ParameterSampler(scenario: s)
        return (MarketParameters(scenario: s, values: sampler.medians(), index: sampler.index), sampler)
    }

    static let steady = Regime(name: "steady", demandDrift: .constant(0.10), demandVol: .constant(0.20), fundingSuccess: .constant(0.7),
                               spotPremium: .constant(1.1))
    static let bust = Regime(name: "bust", demandDrift: .constant(-0.30), demandVol: .constant(0.35), fundingSuccess: .constant(0.2),
                             spotPremium: .constant(0.6))

    /// With zero shocks the demand index is exp(((μ − σ²/2)/12)·t) and the price follows its formula.
    @Test func deterministicPathIsTheClosedForm() throws {
        let (p, _) = try Self.parameters(Self.scenario(regimes: [Self.steady, Self.bust], transitions: [[0.98, 0.02], [0.1, 0.9]], initial: .named("steady")))
        var path = MarketPath(months: Self.months)
        MarketProcess.simulate(p, seed: 1, path: 0, deterministic: true, into: &path)
        for t in [0, 1, 12, 83] {
            let logD = (0.10 - 0.5 * 0.04) / 12 * Double(t)
            #expect(abs(path.demand[t] - exp(logD)) <= 1e-13 * exp(logD))
            let price = 1.2e6 * pow(0.8, Double(t) / 12) * exp(0.5 * logD) * 1.1
            #expect(abs(path.price[t] - price) <= 1e-12 * price, "t = \(t)")
            #expect(path.regime[t] == 0)
        }
    }

    /// One regime: log D_T ~ N((μ − σ²/2)T/12, σ²T/12). Mean within 4 SE, variance within 4 SE of the
    /// sample variance (SE of a normal sample variance = σ²·√(2/(n−1))).
    @Test func demandIsGeometricBrownianMotion() throws {
        let (p, _) = try Self.parameters(Self.scenario(regimes: [Self.steady], transitions: [[1]], initial: .named("steady")))
        var path = MarketPath(months: Self.months)
        let n = 4_000
        var logs: [Double] = []
        for k in 0..<n {
            MarketProcess.simulate(p, seed: 7, path: UInt64(k), into: &path)
            logs.append(log(path.demand[Self.months - 1]))
        }
        let T = Double(Self.months - 1)
        let expectedMean = (0.10 - 0.02) * T / 12, expectedVar = 0.04 * T / 12
        #expect(abs(mean(logs) - expectedMean) <= 4 * (expectedVar / Double(n)).squareRoot())
        #expect(abs(variance(logs) - expectedVar) <= 4 * expectedVar * (2 / Double(n - 1)).squareRoot())
    }

    /// Two regimes: the share of months in `bust` converges to the stationary probability
    /// π_bust = p(s→b) / (p(s→b) + p(b→s)) = 0.02 / 0.12. Started from the stationary distribution the
    /// share is π at every month; the tolerance is 4 SE of the mean of n path-averages (path averages
    /// are correlated within a path, so the SE is estimated from the paths themselves).
    @Test func regimeChainHasItsStationaryDistribution() throws {
        let pi = 0.02 / 0.12
        let s = Self.scenario(regimes: [Self.steady, Self.bust], transitions: [[0.98, 0.02], [0.10, 0.90]],
                              initial: .probabilities(["steady", "bust"], [1 - pi, pi]))
        let (p, _) = try Self.parameters(s)
        var path = MarketPath(months: Self.months)
        var shares: [Double] = []
        for k in 0..<3_000 {
            MarketProcess.simulate(p, seed: 11, path: UInt64(k), into: &path)
            shares.append(Double(path.regime.filter { $0 == 1 }.count) / Double(Self.months))
        }
        #expect(abs(mean(shares) - pi) <= 4 * standardError(shares), "share \(mean(shares)) vs π \(pi)")
    }

    /// A forced regime changes the regime and the drift inside its window but reuses the same shocks:
    /// before the window the two runs are identical (common random numbers).
    @Test func forcedRegimeKeepsTheShocks() throws {
        let (p, _) = try Self.parameters(Self.scenario(regimes: [Self.steady, Self.bust], transitions: [[0.98, 0.02], [0.1, 0.9]], initial: .named("steady")))
        var base = MarketPath(months: Self.months), stressed = MarketPath(months: Self.months)
        for k: UInt64 in 0..<20 {
            MarketProcess.simulate(p, seed: 3, path: k, into: &base)
            MarketProcess.simulate(p, seed: 3, path: k, forcing: .init(regime: 1, months: 24...47), into: &stressed)
            #expect(Array(base.demand[0..<24]) == Array(stressed.demand[0..<24]))
            #expect(stressed.regime[24...47].allSatisfy { $0 == 1 })
        }
    }

    @Test func reproducible() throws {
        let (p, _) = try Self.parameters(Self.scenario(regimes: [Self.steady, Self.bust], transitions: [[0.98, 0.02], [0.1, 0.9]], initial: .named("steady")))
        var a = MarketPath(months: Self.months), b = MarketPath(months: Self.months)
        MarketProcess.simulate(p, seed: 5, path: 9, into: &a)
        MarketProcess.simulate(p, seed: 5, path: 9, into: &b)
        #expect(a.demand == b.demand && a.regime == b.regime && a.price == b.price)
        MarketProcess.simulate(p, seed: 6, path: 9, into: &b)
        #expect(a.demand != b.demand)
    }
}
