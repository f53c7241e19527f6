import _OfftakeTestSupport
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import Testing

@Suite struct ParameterSamplerTests {
    /// A small valid scenario with a few uncertain parameters.
    static func scenario() -> Scenario {
        let market = Market(
            regimes: RegimeModel(
                regimes: [Regime(name: "steady", demandDrift: .constant(0.1), demandVol: .constant(0.2), fundingSuccess: .constant(0.7))],
                initial: .named("steady"), transitions: [[1]]),
            computePrice: ComputePrice(initial: .lognormal(mu: 14, sigma: 0.2)))
        return Scenario(
            name: "t", horizon: Horizon(start: Month(year: 2026, month: 1), end: Month(year: 2030, month: 12)), market: market,
            accelerators: [Accelerator(id: "gpu", workloads: [.training, .inference], capexPerMW: .pert(min: 25e6, mode: 33e6, max: 40e6))],
            buyers: [Buyer(id: "lab", cash0: .normal(mean: 1e10, sd: 1e9), revenue0: .constant(5e8),
                           growth: RevenueGrowth(initial: .normal(mean: 0.5, sd: 0.1), longRun: .constant(0.2), halfLifeMonths: .constant(24)),
                           revenuePerMW: RevenuePerMW(initial: .constant(2e6)))],
            providers: [Provider(id: "cloud")],
            contracts: [Contract(id: "c", buyer: "lab", provider: "cloud", accelerator: "gpu",
                                 tranches: [Tranche(start: Month(year: 2027, month: 6), mw: .uniform(min: 400, max: 600))],
                                 term: .end(Month(year: 2030, month: 12)), price: .totalValue(.constant(30e9)),
                                 deliveryDelay: .discrete(values: [0, 6, 12], weights: [0.5, 0.3, 0.2]))])
    }

    func values(_ sampler: ParameterSampler, seed: UInt64 = 42, path: UInt64) -> [String: Double] {
        var v: [Double] = []
        sampler.draw(seed: seed, path: path, into: &v)
        return Dictionary(uniqueKeysWithValues: zip(sampler.paths, v))
    }

    @Test func deterministicPerPathAndSeed() throws {
        let sampler = try ParameterSampler(scenario: Self.scenario())
        #expect(values(sampler, path: 7) == values(sampler, path: 7))
        let a = values(sampler, path: 7), b = values(sampler, path: 8), c = values(sampler, seed: 43, path: 7)
        #expect(a["buyers.lab.cash0"] != b["buyers.lab.cash0"])
        #expect(a["buyers.lab.cash0"] != c["buyers.lab.cash0"])
        #expect(a["buyers.lab.revenue0"] == 5e8)
        #expect(b["buyers.lab.revenue0"] == 5e8)
    }

    /// Draws are keyed by parameter name: adding a tranche does not move any other parameter's draw.
    @Test func drawsAreKeyedByName() throws {
        var variant = Self.scenario()
        variant.contracts[0].tranches.insert(Tranche(start: Month(year: 2027, month: 1), mw: .uniform(min: 1, max: 2)), at: 0)
        let base = try ParameterSampler(scenario: Self.scenario())
        let other = try ParameterSampler(scenario: variant)
        for path: UInt64 in 0..<50 {
            let a = values(base, path: path), b = values(other, path: path)
            for name in ["buyers.lab.cash0", "buyers.lab.growth.initial", "accelerators.gpu.capex_per_mw", "contracts.c.delivery_delay"] {
                #expect(a[name] == b[name], "\(name) moved")
            }
            // The old first tranche is now tranches[1]: a different name, hence a different draw.
            #expect(b["contracts.c.tranches[0].mw"].map { $0 >= 1 && $0 <= 2 } == true)
        }
    }

    @Test func mediansAreTheBaseCase() throws {
        let sampler = try ParameterSampler(scenario: Self.scenario())
        let m = Dictionary(uniqueKeysWithValues: zip(sampler.paths, sampler.medians()))
        #expect(m["buyers.lab.cash0"] == 1e10)
        #expect(abs(m["market.compute_price.initial"]! - Foundation.exp(14.0)) < 1e-6 * Foundation.exp(14.0))
        #expect(m["contracts.c.delivery_delay"] == 0)
        let fixed = sampler.fixing(Self.scenario(), to: sampler.medians())
        #expect(fixed.validate().isEmpty)
        #expect(fixed.buyers[0].cash0 == .constant(1e10))
    }

    /// Marginals keep their distribution and the normal scores get the requested correlation.
    /// With normal marginals the Pearson correlation equals ρ; its standard error is (1 − ρ²)/√n,
    /// so 4 SE at n = 20,000 is 0.018.
    @Test func copulaCorrelatesNamedParameters() throws {
        var s = Self.scenario()
        s.correlations = Correlations(parameters: ["buyers.lab.cash0", "buyers.lab.growth.initial"], matrix: [[1, 0.6], [0.6, 1]])
        let sampler = try ParameterSampler(scenario: s)
        let n = 20_000
        var x: [Double] = [], y: [Double] = []
        for path in 0..<n {
            let v = values(sampler, path: UInt64(path))
            x.append(v["buyers.lab.cash0"]!)
            y.append(v["buyers.lab.growth.initial"]!)
        }
        let r = pearsonCorrelation(x, y)
        #expect(abs(r - 0.6) <= 4 * (1 - 0.36) / Double(n).squareRoot(), "r = \(r)")
        let meanX = mean(x)
        #expect(abs(meanX - 1e10) <= 4 * 1e9 / Double(n).squareRoot(), "mean \(meanX)")
        // Uncorrelated parameters stay independent of the correlated ones.
        let capex = (0..<n).map { values(sampler, path: UInt64($0))["accelerators.gpu.capex_per_mw"]! }
        #expect(abs(pearsonCorrelation(x, capex)) <= 4 / Double(n).squareRoot())
    }

    @Test func nonPositiveSemidefiniteMatrixIsRefused() {
        var s = Self.scenario()
        s.correlations = Correlations(parameters: ["buyers.lab.cash0", "buyers.lab.growth.initial", "accelerators.gpu.capex_per_mw"],
                                      matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
        #expect(throws: CorrelationMatrixError.self) { try ParameterSampler(scenario: s) }
    }
}
