import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import Testing

/// The price with a supply side (docs/model.md, "A price with a supply side") against closed forms and
/// clearings computed by hand. Tolerances are relative 1e-12: each price is a handful of logs and
/// exponentials of exact inputs.
@Suite struct SupplyPriceTests {
    static let months = 24

    static func scenario(supply: Supply, drift: Double = 0, vol: Double = 0, premium: Double = 1, initialPrice: Double = 1e6) -> Scenario {
        let regime = Regime(name: "steady", demandDrift: .constant(drift), demandVol: .constant(vol), fundingSuccess: .constant(0.7),
                            spotPremium: .constant(premium))
        return Scenario(name: "s", horizon: Horizon(start: Month(year: 2026, month: 1), end: Month(year: 2027, month: 12)),
                        market: Market(regimes: RegimeModel(regimes: [regime], initial: .named("steady"), transitions: [[1]]),
                                       computePrice: ComputePrice(initial: .constant(initialPrice)), supply: supply))
    }

    static func path(_ s: Scenario, deterministic: Bool = true, seed: UInt64 = 1, index: UInt64 = 0) throws -> MarketPath {
        #expect(s.validate().isEmpty, "\(s.validate())")
        let sampler = try ParameterSampler(scenario: s)
        let p = MarketParameters(scenario: s, values: sampler.medians(), index: sampler.index)
        var path = MarketPath(months: months, generations: s.market.supply?.generations.count ?? 0)
        MarketProcess.simulate(p, seed: seed, path: index, deterministic: deterministic, into: &path)
        return path
    }

    static func additions(_ perYear: Double, from month: Month = Month(year: 2026, month: 1)) -> Schedule {
        Schedule(entries: [.init(month: month, value: .constant(perYear))], byYear: false)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }

    /// One generation without a floor: `u_t = P_0 · ((1+g)^{t/12} · D_t · S_0 / S_t)^{1/ε}`, with
    /// `S_t = S_0 + a·t/12` and, with no shock, `D_t = e^{(μ − σ²/2)t/12}`; times the regime's premium.
    @Test("one generation: the price is the closed form of demand over capacity", arguments: [0.5, 1.0, 2.5])
    func oneGenerationClosedForm(elasticity: Double) throws {
        let supply = Supply(elasticity: .constant(elasticity), demandGrowth: .constant(0.8), generations: [
            Generation(id: "h", installed0: .constant(500), additions: Self.additions(1_200)),
        ])
        let path = try Self.path(Self.scenario(supply: supply, drift: 0.1, vol: 0.2, premium: 1.25))
        for t in [0, 1, 7, 12, 23] {
            let s = 500 + 1_200 * Double(t) / 12
            let d = exp((0.1 - 0.02) * Double(t) / 12)
            let u = 1e6 * pow(pow(1.8, Double(t) / 12) * d * 500 / s, 1 / elasticity)
            #expect(Self.close(path.price[t], u * 1.25), "t = \(t): \(path.price[t]) vs \(u * 1.25)")
            #expect(Self.close(path.generationPrice[0][t], u * 1.25))
            #expect(Self.close(path.supplyMW[0][t], s))
        }
    }

    /// Demand growth slowing toward a long run: with fixed capacity and ε = 1, each month's price ratio is
    /// that month's demand growth, `u_t / u_{t−1} = (1 + g_t)^{1/12}` with `g_t = g_∞ + (g_0 − g_∞) · 2^{−t/h}`;
    /// after many half-lives the monthly growth is the long run's.
    @Test("demand growth decays from g_0 to g_∞ with its half-life")
    func demandGrowthDecays() throws {
        let supply = Supply(elasticity: .constant(1), demandGrowth: .constant(1.0), demandGrowthLongRun: .constant(0.2),
                            demandHalfLife: .constant(3), generations: [Generation(id: "h", installed0: .constant(100))])
        let path = try Self.path(Self.scenario(supply: supply))
        for t in 1..<Self.months {
            let g = 0.2 + 0.8 * pow(2, -Double(t) / 3)
            #expect(Self.close(path.price[t] / path.price[t - 1], pow(1 + g, 1.0 / 12)), "t = \(t)")
        }
        #expect(abs(path.price[23] / path.price[22] - pow(1.2, 1.0 / 12)) < 1e-3)
    }

    /// Building that answers the price, by hand (ε = 1, no demand growth, D ≡ 1, P_0 = breakeven = $1M,
    /// 100 MW at the start, 100 MW a month scheduled, lag 1): month t adds 100 × (P_{t−1} ÷ 1M)^η.
    /// - η = 1: S_1 = 200 (P_0 = 1M), u_1 = $500K; S_2 = 250, u_2 = $400K; S_3 = 290, u_3 = 1M × 100/290.
    /// - η = 2: S_1 = 200, u_1 = $500K; S_2 = 225, u_2 = $444,444; S_3 = 225 + 100 × (4/9)² ≈ 244.753, u_3 = 1M × 100/S_3.
    @Test("additions that answer the price: computed by hand for η = 1 and 2", arguments: [1.0, 2.0])
    func responseByHand(eta: Double) throws {
        let supply = Supply(elasticity: .constant(1), generations: [
            Generation(id: "h", installed0: .constant(100), additions: Self.additions(1_200),
                       response: SupplyResponse(breakeven: .constant(1e6), elasticity: .constant(eta), lagMonths: .constant(1))),
        ])
        let path = try Self.path(Self.scenario(supply: supply))
        let s3: Double = 225 + 100 * (16.0 / 81)
        let capacity: [Double] = eta == 1 ? [100, 200, 250, 290] : [100, 200, 225, s3]
        let expected: [(s: Double, u: Double)] = capacity.map { (s: $0, u: 1e8 / $0) }
        for (t, e) in expected.enumerated() {
            #expect(Self.close(path.supplyMW[0][t], e.s), "t = \(t): \(path.supplyMW[0][t]) MW vs \(e.s)")
            #expect(Self.close(path.price[t], e.u), "t = \(t): \(path.price[t]) vs \(e.u)")
        }
    }

    /// Two generations by hand (ε = 1, no demand growth, D ≡ 1, P_0 = $1M):
    /// old: performance 1, 100 MW, floor $0.6M (θ = $0.6M); new: performance 2, none at the start,
    /// 600 MW a year (50 a month), no floor. Q_0 = 100 (the old one rents at P_0).
    /// - t = 1: new 50 MW = 100 effective. Both: u = 1M · 100/200 = $0.5M < θ_old, so old withdraws;
    ///   new alone: u = 1M · 100/100 = $1M > θ_old: old is the marginal supplier, u = $0.6M.
    ///   Prices: old max(0.6M, 0.6M) = $0.6M, new 2 × 0.6M = $1.2M.
    /// - t = 3: new 150 MW = 300 effective. Both: $0.25M < θ_old; new alone: 1M · 100/300 = $333,333 ≤ θ_old:
    ///   u = $333,333; old at its floor $0.6M (idle), new $666,667.
    @Test("two generations with a floor: the clearing computed by hand")
    func twoGenerationsByHand() throws {
        let supply = Supply(elasticity: .constant(1), generations: [
            Generation(id: "old", performance: .constant(1), installed0: .constant(100), floor: .constant(0.6e6)),
            Generation(id: "new", performance: .constant(2), installed0: .constant(0), additions: Self.additions(600)),
        ])
        let path = try Self.path(Self.scenario(supply: supply))
        #expect(Self.close(path.price[0], 1e6))
        #expect(Self.close(path.price[1], 0.6e6))
        #expect(Self.close(path.generationPrice[0][1], 0.6e6) && Self.close(path.generationPrice[1][1], 1.2e6))
        #expect(Self.close(path.price[3], 1e6 / 3))
        #expect(Self.close(path.generationPrice[0][3], 0.6e6) && Self.close(path.generationPrice[1][3], 2e6 / 3))
        #expect(Self.close(path.supplyMW[1][3], 150) && Self.close(path.supplyMW[0][3], 100))
    }

    /// A newer generation entering lowers the older one's price: the same market with and without it.
    @Test("a new generation depresses the old one's price from the month it adds capacity")
    func newGenerationDepressesTheOld() throws {
        func hopperPrices(newAdditions: Double) throws -> [Double] {
            let supply = Supply(elasticity: .constant(0.8), demandGrowth: .constant(0.5), generations: [
                Generation(id: "hopper", installed0: .constant(1_000), additions: Self.additions(500), floor: .constant(150e3)),
                Generation(id: "blackwell", performance: .constant(1.6), installed0: .constant(0),
                           additions: Self.additions(newAdditions, from: Month(year: 2026, month: 7)), floor: .constant(150e3)),
            ])
            return try Self.path(Self.scenario(supply: supply)).generationPrice[0]
        }
        let without = try hopperPrices(newAdditions: 0), with = try hopperPrices(newAdditions: 3_000)
        #expect(Array(with[0...5]) == Array(without[0...5]))
        for t in 7..<Self.months { #expect(with[t] < without[t], "t = \(t)") }
    }

    /// With the market's shocks the price is reproducible and each generation never below its floor.
    @Test("random paths: reproducible, prices at or above each floor, capacity never falls")
    func randomPaths() throws {
        let supply = Supply(elasticity: .constant(0.7), demandGrowth: .constant(1.0), generations: [
            Generation(id: "a", performance: .constant(0.5), installed0: .constant(300), floor: .constant(200e3)),
            Generation(id: "b", installed0: .constant(500), additions: Self.additions(800), floor: .constant(150e3)),
            Generation(id: "c", performance: .constant(2), installed0: .constant(0), additions: Self.additions(2_000, from: Month(year: 2026, month: 9)),
                       floor: .constant(150e3)),
        ])
        let s = Self.scenario(supply: supply, drift: 0.05, vol: 0.4)
        for k: UInt64 in 0..<50 {
            let a = try Self.path(s, deterministic: false, seed: 9, index: k), b = try Self.path(s, deterministic: false, seed: 9, index: k)
            #expect(a.generationPrice == b.generationPrice && a.price == b.price)
            for (g, floor) in [200e3, 150e3, 150e3].enumerated() {
                #expect(a.generationPrice[g].allSatisfy { $0 >= floor && $0.isFinite })
                #expect(zip(a.supplyMW[g], a.supplyMW[g].dropFirst()).allSatisfy { $0 <= $1 })
            }
        }
    }
}
