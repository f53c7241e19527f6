import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import Testing

@Suite struct PairedAnalysisTests {
    @Test("a stress that changes nothing equals the base exactly: every difference and standard error is 0")
    func emptyStress() throws {
        let scenario = try Fixtures.scenario()
        let report = try StressTest(scenario: scenario, stresses: ["same", "harsh"]).run(seed: 3, paths: 300, threads: 2)
        #expect(!report.rows.isEmpty)
        for row in report.rows {
            let same = row.stressed[0]
            #expect(same.value.bitPattern == row.base.bitPattern || (same.value.isNaN && row.base.isNaN), "\(row.metric)")
            #expect(same.difference == 0, "\(row.metric) \(row.statistic): \(same.difference)")
            #expect(same.standardError == 0 || same.standardError == nil || same.standardError!.isNaN, "\(row.metric) \(same.standardError as Any)")
        }
        // The harsh stress (a third of the cash) raises the default probability by the end, on the same paths.
        let last = try #require(report.rows.last { $0.metric.id.hasPrefix("buyer.lab.default_by.") })
        #expect(last.stressed[1].difference > 0 && last.stressed[1].difference > 2 * (last.stressed[1].standardError ?? 0), "\(last)")
    }

    @Test("a stress given no overrides at all (built in code) also equals the base")
    func noOverrides() throws {
        var scenario = try Fixtures.scenario()
        scenario.stresses.append(Stress(name: "nothing"))
        let report = try StressTest(scenario: scenario, stresses: ["nothing"]).run(seed: 3, paths: 100, threads: 1)
        #expect(report.rows.allSatisfy { $0.stressed[0].difference == 0 })
    }

    @Test("compare X X reports exactly zero difference for every metric")
    func compareSame() throws {
        let scenario = try Fixtures.scenario()
        let report = try Comparison(a: scenario, b: scenario, labels: ("x", "x")).run(seed: 11, paths: 300, threads: 2)
        #expect(report.metrics.count > 10)
        #expect(report.metrics.allSatisfy { $0.difference == 0 || $0.difference.isNaN })
        #expect(report.onlyInA.isEmpty && report.onlyInB.isEmpty)
    }

    @Test("paired differences are far more precise than independent runs (common random numbers)")
    func pairingPays() throws {
        let a = try Fixtures.scenario(), b = try Fixtures.scenario(overrides: [Override(path: "contracts.main.recovery_rate", value: "35%")])
        let report = try Comparison(a: a, b: b, labels: ("a", "b")).run(seed: 5, paths: 400, threads: 2)
        let row = try #require(report.verdict.first { $0.metric == .contract("main", .paidFraction) })
        // Independent runs of the same size: SE = √(SE_a² + SE_b²).
        let ra = try RunRequest(scenario: a, seed: 5, paths: 0..<400, threads: 2).run().result.metrics["contract.main.paid_fraction"]!
        let rb = try RunRequest(scenario: b, seed: 6, paths: 0..<400, threads: 2).run().result.metrics["contract.main.paid_fraction"]!
        let independent = (ra.stderr * ra.stderr + rb.stderr * rb.stderr).squareRoot()
        #expect(row.standardError! < 0.5 * independent, "paired \(row.standardError!) vs independent \(independent)")
        #expect(row.difference.isFinite)
    }

    @Test("results do not depend on the thread count")
    func threads() throws {
        let scenario = try Fixtures.scenario()
        let one = try StressTest(scenario: scenario).run(seed: 9, paths: 600, threads: 1)
        let two = try StressTest(scenario: scenario).run(seed: 9, paths: 600, threads: 2)
        #expect(one == two)
    }

    @Test("a cancelled run throws RunCancelled")
    func cancel() throws {
        let scenario = try Fixtures.scenario()
        let control = RunControl()
        control.cancel()
        #expect(throws: RunCancelled.self) { try StressTest(scenario: scenario).run(seed: 1, paths: 1000, threads: 2, control: control) }
    }
}

@Suite struct SensitivityTests {
    @Test("tornado: growth dominates the buyer's default; the provider's chip capex, which the buyer never sees, has a swing of exactly 0")
    func tornadoRanks() throws {
        let model = try Fixtures.model()
        let report = try Tornado(model: model, metrics: ["buyer.lab.default", "provider.cloud.npv"]).run(seed: 4, paths: 300, threads: 2)
        let bars = try #require(report.metrics[0].tornado)
        #expect(bars.first?.parameter == "buyers.lab.growth.initial", "\(bars.map(\.parameter))")
        #expect(bars[0].swing < 0 && abs(bars[0].swing) > 4 * bars[0].standardError, "more growth, fewer defaults: \(bars[0])")
        let capex = try #require(bars.first { $0.parameter == "accelerators.gpu.capex_per_mw" })
        #expect(capex.swing == 0 && capex.standardError == 0)
        // The provider's NPV does depend on its capex.
        let npv = try #require(report.metrics[1].tornado?.first { $0.parameter == "accelerators.gpu.capex_per_mw" })
        #expect(npv.swing < 0)
    }

    @Test("Sobol on the engine: growth explains most of the buyer's default; capex nothing; indices in [−0.1, 1.1]")
    func sobolOnEngine() throws {
        let model = try Fixtures.model()
        let groups = InputGroups(model: model)
        let report = try Sobol(model: model, metrics: ["buyer.lab.default"], groups: groups).run(seed: 5, paths: 256, threads: 2)
        let sobol = try #require(report.metrics[0].sobol)
        // Among the parameters, growth comes first (the path's own events — funding rounds that fail or not — may explain more).
        #expect(sobol.groups.first { !$0.group.hasPrefix("noise") }?.group == "buyers.lab.growth.initial", "\(sobol.groups.map(\.group))")
        let capex = try #require(sobol.groups.first { $0.group == "accelerators.gpu.capex_per_mw" })
        #expect(capex.firstOrder == 0 && capex.total == 0, "an input the metric ignores: \(capex)")
        #expect(sobol.groups.contains { $0.group.hasPrefix("noise") })
        #expect(sobol.groups.allSatisfy { !$0.total.isFinite || (-0.1...1.1).contains($0.total) })
        let again = try Sobol(model: model, metrics: ["buyer.lab.default"], groups: groups).run(seed: 5, paths: 256, threads: 1)
        #expect(again == report, "thread-independent")
    }

    @Test("correlated parameters form one group; --group patterns gather parameters")
    func groups() throws {
        var scenario = try Fixtures.scenario()
        scenario.correlations = Correlations(parameters: ["buyers.lab.growth.initial", "accelerators.gpu.capex_per_mw"], matrix: [[1, 0.5], [0.5, 1]])
        let model = try SimulationModel(scenario: scenario)
        let groups = InputGroups(model: model).groups
        #expect(groups.contains { $0.name.hasPrefix("correlated:") && $0.parameters.count == 2 })
        let named = InputGroups(model: try Fixtures.model(), patterns: [("chips", ["accelerators.*"])]).groups
        #expect(named.first?.name == "chips" && named.first?.parameters.count == 1)
    }
}

/// A newsvendor: commit q units at cost c, sell min(q, D) at price p. The expected profit
/// p·E[min(q, D)] − c·q is maximal at the critical fractile q* = F⁻¹((p − c) / p).
struct Newsvendor: SampledProblem {
    var demand: [Double]
    var price = 10.0, cost = 3.0
    var minimumFillRate: Double?
    var bounds: [ClosedRange<Double>] { [0...400] }
    var steps: [Double?] { [nil] }
    func evaluate(_ x: [Double]) throws -> SampledPoint {
        let q = x[0]
        var profit = 0.0, filled = 0.0
        for d in demand {
            profit += price * min(q, d) - cost * q
            filled += q >= d ? 1 : 0
        }
        let n = Double(demand.count)
        return SampledPoint(x: x, objective: profit / n, margins: minimumFillRate.map { [filled / n - $0] } ?? [])
    }
}

@Suite struct OptimizerTests {
    static let demand: [Double] = (0..<20_000).map { (j: Int) -> Double in
        // D ~ Normal(200, 40), by inversion of a stratified uniform (its empirical quantiles are exact to 1/n).
        200 + 40 * StandardNormal.quantile((Double(j) + 0.5) / 20_000)
    }

    @Test("pattern search finds the newsvendor's critical fractile q* = 200 + 40 Φ⁻¹(0.7) ≈ 220.98 within 0.5 %")
    func newsvendor() throws {
        let outcome = try PatternSearch().maximize(Newsvendor(demand: Self.demand))
        let optimum = 200 + 40 * StandardNormal.quantile(0.7)
        #expect(abs(outcome.best.x[0] - optimum) / optimum < 0.005, "q = \(outcome.best.x[0]) vs \(optimum)")
        #expect(outcome.evaluations.count < 200)
    }

    @Test("a chance constraint moves the answer to its boundary: fill rate ≥ 90 % ⇒ q = F⁻¹(0.9) ≈ 251.26")
    func constrained() throws {
        let outcome = try PatternSearch().maximize(Newsvendor(demand: Self.demand, minimumFillRate: 0.9))
        let boundary = 200 + 40 * StandardNormal.quantile(0.9)
        #expect(outcome.best.isFeasible)
        #expect(abs(outcome.best.x[0] - boundary) / boundary < 0.005, "q = \(outcome.best.x[0]) vs \(boundary)")
    }

    @Test("an infeasible constraint is reported as infeasible, not relaxed")
    func infeasible() throws {
        let outcome = try PatternSearch().maximize(Newsvendor(demand: Self.demand, minimumFillRate: 1.01))
        #expect(!outcome.best.isFeasible)
        // The least-violating point: a commitment above every demand (fill rate 100 %, still 1 point short).
        #expect(abs(outcome.best.margins[0] + 0.01) < 1e-12, "\(outcome.best)")
        #expect(outcome.best.x[0] >= Self.demand.max()!)
    }

    @Test("on the engine: infeasible constraints are reported; grid decisions stay on the grid; the check runs on another seed")
    func dealOptimization() throws {
        let scenario = try Fixtures.scenario()
        let decision = Decision(path: "contracts.main.take_or_pay", min: 0.5, max: 1, step: 0.1)
        let impossible = DealOptimization(scenario: scenario, decisions: [decision], objective: Objective(direction: .maximize, metric: "buyer.lab.npv"),
                                          constraints: [Constraint(metric: "buyer.lab.default", comparison: .lessOrEqual, bound: -0.01)],
                                          seed: 1, paths: 64, threads: 2)
        let report = try impossible.solve(checkSeed: 2)
        #expect(!report.feasible && !report.feasibleOnCheck)
        let value = report.decisions[0].value
        #expect(abs((value - 0.5) / 0.1 - ((value - 0.5) / 0.1).rounded()) < 1e-9, "\(value) on the 10 % grid")
        #expect(report.checkSeed == 2 && report.objective.check.paths == 64)
        let open = DealOptimization(scenario: scenario, decisions: [decision], objective: Objective(direction: .minimize, metric: "buyer.lab.default"),
                                    constraints: [], seed: 1, paths: 64, threads: 2)
        let frontier = try open.frontier("buyer.lab.npv", "buyer.lab.default")
        #expect(frontier.points.count == 6 && frontier.points.contains { $0.paretoOptimal })
    }
}
