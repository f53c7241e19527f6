import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// The runner and the streaming aggregation against a direct computation over the same paths.
@Suite struct RunnerTests {
    /// A random scenario of the identity tests with defaults, recoveries and several parties.
    static let scenario = SimulatorTestScenarios.random(index: 3)

    @Test func resultDoesNotDependOnThreadCount() throws {
        let model = try SimulationModel(scenario: Self.scenario)
        // 700 paths: three chunks of 256, so 2 and 3 threads really split the work.
        let results = [1, 2, 3].map { threads in
            RunResult(model: model, accumulator: MonteCarloRunner.run(model: model, seed: 9, paths: 700, threads: threads), seed: 9)
        }
        // Compared as JSON: NaN (a ratio undefined on every path) is not == itself.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try results.map { try encoder.encode($0) }
        #expect(json[0] == json[1])
        #expect(json[0] == json[2])
        #expect(results[0].paths == 700)
    }

    /// Means and counts equal those computed path by path from the simulator's own ledger (the
    /// aggregation is exact: the mean is the correctly rounded mean of the values, so the only
    /// difference with the plain sum below is that sum's own rounding, ≤ n·ε relative); a median
    /// is within the sketch's 0.5 % relative accuracy of the exact order statistic.
    @Test func aggregatesMatchADirectComputation() throws {
        let model = try SimulationModel(scenario: Self.scenario)
        let n = 300
        let result = RunResult(model: model, accumulator: MonteCarloRunner.run(model: model, seed: 5, paths: n, threads: 2), seed: 5)
        var simulator = PathSimulator(model: model)
        let buyer = Self.scenario.buyers[0].id
        var revenue: [Double] = [], defaults = 0.0, demand12: [Double] = []
        for path in 0..<n {
            simulator.simulate(seed: 5, path: UInt64(path))
            revenue.append(simulator.ledger.buyers[.revenue].sum(0, 0..<model.months))
            if simulator.summary.defaultMonth[0] != nil { defaults += 1 }
            demand12.append(simulator.market.demand[12])
        }
        let revenueMetric = try #require(result.metrics["buyer.\(buyer).revenue_total"])
        #expect(revenueMetric.count == n)
        let direct = revenue.reduce(0, +) / Double(n)
        #expect(abs(revenueMetric.mean - direct) <= 1e-12 * max(1, abs(direct)))
        #expect(revenueMetric.min == revenue.min() && revenueMetric.max == revenue.max())
        let defaultMetric = try #require(result.metrics["buyer.\(buyer).default"])
        #expect(defaultMetric.mean == defaults / Double(n))
        let ci = try #require(defaultMetric.ci95)
        #expect(ci[0] <= defaultMetric.mean && defaultMetric.mean <= ci[1])
        let series = try #require(result.series["market.demand"])
        let sorted = demand12.sorted()
        let exact = sorted[Int((0.5 * Double(n - 1)).rounded(.down))]
        #expect(abs(series.p50[12] - exact) <= 0.005 * exact + 1e-12)
        #expect(series.months.count == model.months)
    }

    @Test func deterministicRunIsOnePathAtTheMedians() throws {
        let model = try SimulationModel(scenario: Self.scenario)
        let (simulator, accumulator) = MonteCarloRunner.deterministic(model: model)
        let result = RunResult(model: model, accumulator: accumulator, seed: 0, deterministic: true)
        #expect(result.paths == 1)
        let buyer = Self.scenario.buyers[0].id
        let cashMin = try #require(result.metrics["buyer.\(buyer).cash_min"])
        let ledgerMin = min(simulator.summary.buyerCash0[0], simulator.ledger.buyers[.cash].row(0).min()!)
        #expect(cashMin.mean == ledgerMin)
    }
}
