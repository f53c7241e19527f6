import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport
import Testing

/// Stochastic paths against references computed independently of the engine.
///
/// The construction for default probabilities: the buyer has no capacity (hence no revenue) until
/// month k = 12, when a one-month contract of 100 MW at 10M per MW-month (charge 1B) serves all its
/// inference demand (revenue per MW is 1e12, so demand is a few thousandths of a MW). Opex is 20M a
/// month. Cash before month 12 is cash0 − 20M·(t+1) > 0, and at month 12
///
///     cash₁₂ = cash0 − 13·20M − 1B + R₁₂,   R₁₂ = revenue0 · (1 + g) · D₁₂^β,
///
/// the last month of the horizon. So the buyer defaults (in month 12, never earlier) iff
/// R₁₂ < K = 1.26B − cash0, and log R₁₂ is normal given the regimes: log D₁₂ = Σ_{t=1}^{12}
/// [(μ_{r_t} − σ_{r_t}²/2)/12 + σ_{r_t}/√12·ε_t]. The reference default probability is therefore a
/// normal cdf (one regime), a mixture of normal cdfs over the number of months spent in each regime
/// (two regimes, weights by dynamic programming over the Markov chain), or an integral over a
/// uniformly distributed cash0 (Simpson's rule). Φ is computed from Foundation's `erfc`, not from
/// the engine's normal quantile.
///
/// Tolerance: the simulated frequency p̂ over N independent paths is Binomial(N, p)/N; it must lie
/// within 4 standard errors √(p(1−p)/N) of the reference p (a correct engine fails a given check with
/// probability ≈ 6e-5; the seed is fixed, so the outcome is reproducible).
@Suite struct SimulatorClosedFormTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6
    static let paths = 6_000

    static func Phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The construction above with the given market, cash0, revenue0, growth g and beta.
    static func lateRevenueScenario(market: Market, cash0: Distribution, revenue0: Distribution, growth: Double, beta: Double) -> Scenario {
        let M = Self.M
        var buyer = S.buyer(cash0: 0, revenue0: 0, revenuePerMW: 1e12, opexFixed: 20 * M)
        buyer.cash0 = cash0
        buyer.revenue0 = revenue0
        buyer.growth = RevenueGrowth(initial: .constant(growth), longRun: nil, halfLifeMonths: .constant(12), demandBeta: .constant(beta))
        let contract = Contract(id: "late", buyer: "lab", provider: "cloud", accelerator: "gpu",
                                tranches: [Tranche(start: S.month(12), mw: .constant(100))], term: .months(1),
                                price: .perMWMonth(.constant(10 * M)))
        return Scenario(name: "late-revenue", horizon: S.horizon(months: 13), market: market, accelerators: [S.gpu()],
                        buyers: [buyer], providers: [Provider(id: "cloud")], contracts: [contract])
    }

    /// Simulates `n` paths; returns the default indicators and log R₁₂. Also checks that a default can
    /// only happen in month 12.
    static func run(_ scenario: Scenario, n: Int = paths, seed: UInt64 = 2026) throws -> (defaults: Int, logRevenue: [Double]) {
        #expect(scenario.validate().isEmpty)
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        var defaults = 0
        var logs: [Double] = []
        for path in 0..<n {
            sim.simulate(seed: seed, path: UInt64(path))
            if let d = sim.summary.defaultMonth[0] {
                #expect(d == 12, "path \(path) defaulted in month \(d)")
                defaults += 1
            }
            logs.append(log(sim.ledger.buyers[.revenuePotential][0, 12]))
        }
        return (defaults, logs)
    }

    static func withinFourSE(_ count: Int, _ n: Int, _ p: Double) -> Bool {
        abs(Double(count) / Double(n) - p) <= 4 * (p * (1 - p) / Double(n)).squareRoot()
    }

    /// One regime (μ = 15 %/yr, σ = 45 %/yr), revenue0 ~ lognormal(log 400M, 0.25), growth 20 %/yr,
    /// beta 1.5, cash0 = 800M ⇒ K = 460M:
    /// log R₁₂ ~ N(m, s²), m = log 400M + log 1.2 + 1.5·(0.15 − 0.45²/2), s² = 0.25² + 1.5²·0.45²
    /// (parameter and process uncertainty are independent), P(default) = Φ((log 460M − m)/s) ≈ 0.4362.
    /// The sample of log R₁₂ also passes a Kolmogorov–Smirnov test against N(m, s²) (p > 1e-4).
    @Test func oneRegimeLognormalRevenue() throws {
        let M = Self.M
        let market = S.oneRegimeMarket(drift: 0.15, vol: 0.45)
        let scenario = Self.lateRevenueScenario(market: market, cash0: .constant(800 * M),
                                                revenue0: .lognormal(mu: log(400 * M), sigma: 0.25), growth: 0.2, beta: 1.5)
        let m = log(400 * M) + log(1.2) + 1.5 * (0.15 - 0.45 * 0.45 / 2)
        let s = (0.25 * 0.25 + 2.25 * 0.45 * 0.45).squareRoot()
        let p = Self.Phi((log(460 * M) - m) / s)
        #expect(abs(p - 0.436_158_658_006_425_8) < 1e-9)  // the same formula evaluated independently (Python)
        let (defaults, logs) = try Self.run(scenario)
        #expect(Self.withinFourSE(defaults, Self.paths, p), "default frequency \(Double(defaults) / Double(Self.paths)) vs \(p)")
        let d = ksStatistic(sorted: logs.sorted()) { Self.Phi(($0 - m) / s) }
        #expect(ksPValue(statistic: d, n: logs.count) > 1e-4, "KS D = \(d)")
    }

    /// Two regimes: boom (μ = 60 %, σ = 30 %) and bust (μ = −40 %, σ = 60 %), monthly transitions
    /// boom→bust 10 %, bust→boom 20 %, month 0 drawn 50/50. revenue0 = 400M, no growth, beta 1,
    /// cash0 = 860M ⇒ K = 400M. Given the number n of months 1…12 spent in boom,
    /// log D₁₂ ~ N((n·(0.6 − 0.045) + (12 − n)·(−0.4 − 0.18))/12, (n·0.09 + (12 − n)·0.36)/12);
    /// P(n) comes from a forward recursion over (regime, boom months so far). P(default) =
    /// Σ_n P(n)·Φ((log(400M/400M) − mean_n)/sd_n) ≈ 0.3570.
    @Test func twoRegimeMarkovChain() throws {
        let M = Self.M
        let boom = Regime(name: "boom", demandDrift: .constant(0.6), demandVol: .constant(0.3), fundingSuccess: .constant(0.5))
        let bust = Regime(name: "bust", demandDrift: .constant(-0.4), demandVol: .constant(0.6), fundingSuccess: .constant(0.5))
        let market = Market(regimes: RegimeModel(regimes: [boom, bust], initial: .probabilities(["boom", "bust"], [0.5, 0.5]),
                                                 transitions: [[0.9, 0.1], [0.2, 0.8]]),
                            computePrice: ComputePrice(initial: .constant(1 * M)))
        let scenario = Self.lateRevenueScenario(market: market, cash0: .constant(860 * M), revenue0: .constant(400 * M), growth: 0, beta: 1)
        // Forward recursion: weight[r][n] = P(regime r in month t and n boom months among 1…t).
        let transition = [[0.9, 0.1], [0.2, 0.8]]
        var weight = [[Double]](repeating: [Double](repeating: 0, count: 13), count: 2)
        weight[0][0] = 0.5
        weight[1][0] = 0.5
        for _ in 1...12 {
            var next = [[Double]](repeating: [Double](repeating: 0, count: 13), count: 2)
            for r in 0..<2 {
                for n in 0..<12 where weight[r][n] > 0 {
                    next[0][n + 1] += weight[r][n] * transition[r][0]  // month t in boom
                    next[1][n] += weight[r][n] * transition[r][1]  // month t in bust
                }
            }
            weight = next
        }
        var p = 0.0, total = 0.0
        for n in 0...12 {
            let pn = weight[0][n] + weight[1][n]
            total += pn
            let boomMonths = Double(n), bustMonths = Double(12 - n)
            let mean = (boomMonths * (0.6 - 0.3 * 0.3 / 2) + bustMonths * (-0.4 - 0.6 * 0.6 / 2)) / 12
            let sd = ((boomMonths * 0.09 + bustMonths * 0.36) / 12).squareRoot()
            p += pn * Self.Phi((log(400 * M / (400 * M)) - mean) / sd)
        }
        #expect(abs(total - 1) < 1e-12)
        #expect(abs(p - 0.357_012_909_552_772_7) < 1e-9)  // the same recursion evaluated independently (Python)
        let (defaults, _) = try Self.run(scenario)
        #expect(Self.withinFourSE(defaults, Self.paths, p), "default frequency \(Double(defaults) / Double(Self.paths)) vs \(p)")
    }

    /// Parameter uncertainty on cash: cash0 ~ uniform(300M, 900M), one regime (μ = 15 %, σ = 45 %),
    /// revenue0 = 400M, growth 20 %, beta 1.5. Default iff R₁₂ < 1.26B − cash0, so
    /// P(default) = (1/600M)·∫ Φ((log(1.26B − c) − m)/s) dc with m = log 480M + 1.5·(0.15 − 0.10125),
    /// s = 1.5·0.45, integrated with Simpson's rule on 2,000 intervals (error ≪ 1e-9) ≈ 0.6134.
    @Test func uniformCashIntegratedNumerically() throws {
        let M = Self.M
        let market = S.oneRegimeMarket(drift: 0.15, vol: 0.45)
        let scenario = Self.lateRevenueScenario(market: market, cash0: .uniform(min: 300 * M, max: 900 * M),
                                                revenue0: .constant(400 * M), growth: 0.2, beta: 1.5)
        let m = log(480 * M) + 1.5 * (0.15 - 0.45 * 0.45 / 2), s = 1.5 * 0.45
        func f(_ c: Double) -> Double { Self.Phi((log(1260 * M - c) - m) / s) }
        let a = 300 * M, b = 900 * M, intervals = 2_000
        let h = (b - a) / Double(intervals)
        var sum = f(a) + f(b)
        for i in 1..<intervals { sum += Double(i % 2 == 1 ? 4 : 2) * f(a + Double(i) * h) }
        let p = sum * h / 3 / (b - a)
        #expect(abs(p - 0.613_388_963_374_142_7) < 1e-6)  // the same integral evaluated independently (Python)
        let (defaults, _) = try Self.run(scenario)
        #expect(Self.withinFourSE(defaults, Self.paths, p), "default frequency \(Double(defaults) / Double(Self.paths)) vs \(p)")
    }

    /// Funding: a buyer with 35M of cash burning 10M a month tries one policy round in month 0 (runway
    /// 25/10 = 2.5 < 3; cooldown 100 months, so never again), succeeding with the regime's probability
    /// q = 0.45, and has a scheduled round in month 1 closing with probability p = 0.6. Either raises
    /// 1B and the buyer survives the year; if both fail its cash is 25, 15, 5, −5: default in month 3.
    /// The two events are independent: P(default) = (1 − q)(1 − p) = 0.22, and P(policy round) = q.
    @Test func fundingAttemptsAreIndependentBernoulliEvents() throws {
        let M = Self.M
        let buyer = S.buyer(
            cash0: 35 * M, revenue0: 0, opexFixed: 10 * M,
            funding: Funding(scheduled: [Funding.Round(month: S.month(1), amount: .constant(1000 * M), probability: .constant(0.6))],
                             raiseBelowRunwayMonths: .constant(3), roundSize: .constant(1000 * M), cooldownMonths: .constant(100)))
        let scenario = Scenario(name: "funding", horizon: S.horizon(months: 12), market: S.oneRegimeMarket(fundingSuccess: 0.45), buyers: [buyer])
        #expect(scenario.validate().isEmpty)
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        let n = Self.paths
        var defaults = 0, policy = 0, scheduled = 0, both = 0
        for path in 0..<n {
            sim.simulate(seed: 7, path: UInt64(path))
            let a = sim.ledger.buyers[.funding][0, 0] > 0, b = sim.ledger.buyers[.funding][0, 1] > 0
            if a { policy += 1 }
            if b { scheduled += 1 }
            if a && b { both += 1 }
            if let d = sim.summary.defaultMonth[0] {
                defaults += 1
                #expect(d == 3 && !a && !b)
            }
        }
        #expect(Self.withinFourSE(defaults, n, 0.55 * 0.4), "P(default) \(Double(defaults) / Double(n)) vs 0.22")
        #expect(Self.withinFourSE(policy, n, 0.45), "P(policy round) \(Double(policy) / Double(n)) vs 0.45")
        #expect(Self.withinFourSE(scheduled, n, 0.6), "P(scheduled round) \(Double(scheduled) / Double(n)) vs 0.6")
        #expect(Self.withinFourSE(both, n, 0.45 * 0.6), "P(both) \(Double(both) / Double(n)) vs 0.27")
    }

    /// Re-leasing: the buyer defaults in month 0 (no cash, charge 100M), leaving 100 MW stranded from
    /// month 1. Each month a stranded block is re-leased with probability h = 0.15, so the waiting time K
    /// (re-lease month − default month) is geometric: P(K ≤ k) = 1 − 0.85^k — 0.15, 0.4780, 0.8031 for
    /// k = 1, 4, 10. Once re-leased it earns 100 MW × 0.8 × P (P = 1M flat) every month to the horizon.
    @Test func strandedCapacityIsReleasedAfterAGeometricWait() throws {
        let M = Self.M
        let provider = Provider(id: "cloud", financials: ProviderFinancials(
            cash0: .constant(0), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0.05), wacc: .constant(0.1),
            facilityCapexPerMW: .constant(0), buildMonths: .constant(0), release: Release(hazard: .constant(0.15), discount: .constant(0.8))))
        let scenario = Scenario(
            name: "release", horizon: S.horizon(months: 36), market: S.oneRegimeMarket(price: 1 * M), accelerators: [S.gpu()],
            buyers: [S.buyer(cash0: 0, revenue0: 0)], providers: [provider],
            contracts: [Contract(id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
                                 tranches: [Tranche(start: S.month(0), mw: .constant(100))], term: .months(36),
                                 price: .perMWMonth(.constant(1 * M)))])
        #expect(scenario.validate().isEmpty)
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        let n = 3_000
        var within = [1: 0, 4: 0, 10: 0]
        for path in 0..<n {
            sim.simulate(seed: 11, path: UInt64(path))
            #expect(sim.summary.defaultMonth == [0])
            let l = sim.ledger
            let month = (1..<36).first { l.providers[.releaseIncome][0, $0] > 0 }
            for k in within.keys where month.map({ $0 <= k }) ?? false { within[k]! += 1 }
            if let month {
                for t in 1..<36 {
                    let expected = t >= month ? 100 * 0.8 * M : 0
                    if !isApproximatelyEqual(l.providers[.releaseIncome][0, t], expected, relative: 1e-12) {
                        Issue.record("path \(path) t=\(t): re-lease income \(l.providers[.releaseIncome][0, t]) ≠ \(expected)")
                        break
                    }
                }
                #expect(l.providers[.strandedMW][0, month - 1] == (month > 1 ? 100 : 0) && l.providers[.strandedMW][0, month] == 0)
            }
        }
        for (k, count) in within.sorted(by: { $0.key < $1.key }) {
            let p = 1 - pow(0.85, Double(k))
            #expect(Self.withinFourSE(count, n, p), "P(K ≤ \(k)) \(Double(count) / Double(n)) vs \(p)")
        }
    }
}
