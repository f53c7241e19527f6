import Foundation
import OfftakeEngine
import OfftakeModel
import Testing

@Suite struct SeamTests {
    @Test("the metric catalogue is what the engine writes: contract.<c>.value is a metric, ids and kinds match the run's")
    func catalogue() throws {
        let model = try Fixtures.model()
        let catalog = MetricCatalog(model: model)
        #expect(catalog.index(of: "contract.main.value") != nil)
        let run = try RunRequest(scenario: model.scenario, seed: 1, paths: 0..<10, threads: 1).run()
        #expect(Set(run.result.metrics.keys) == Set(catalog.ids))
        #expect(catalog.problem(with: "buyer.lab.npvv")?.hint == "did you mean `npv`?")
        #expect(catalog.problem(with: "buyer.lob.npv")?.message == "no buyer `lob` in this scenario")
        #expect(catalog.problem(with: "market.demand")?.message.contains("series") == true)
        // A hint names only what exists: an example id of this scenario and where every id is listed.
        let unscoped = try #require(catalog.problem(with: "npv"))
        #expect(unscoped.message == "`npv` is not a metric id")
        #expect(unscoped.hint == "metric ids start with buyer., provider. or contract., e.g. \(catalog.ids[0]); the `metrics` of `offtake run --json -` list every one")
        var scenario = model.scenario
        scenario.objective = Objective(direction: .maximize, metric: "contract.main.value")
        scenario.constraints = [Constraint(metric: "buyer.lab.default_by.2040", comparison: .lessOrEqual, bound: 0.05)]
        let issues = catalog.issues(in: scenario)
        #expect(issues.map(\.path) == ["constraints[0]"])
    }

    @Test("typed overrides: units of the field, unknown paths (usage) vs invalid values (data), stresses with their regime")
    func overrides() throws {
        let scenario = try Fixtures.scenario()
        let changed = try scenario.applying([Override(path: "buyers.lab.cash0", value: "1.5T"), Override(path: "contracts[0].take_or_pay", value: "80%")]).get()
        #expect(changed.buyers[0].cash0 == .constant(1.5e12))
        #expect(changed.contracts[0].takeOrPay == .constant(0.8))
        guard case .failure(let unknown) = scenario.applying([Override(path: "buyers.lob.cash0", value: "1B")]) else { Issue.record("accepted"); return }
        #expect(unknown.unknownPaths.first?.hint == "did you mean `buyers.lab.cash0`?")
        guard case .failure(let invalid) = scenario.applying([Override(path: "contracts.main.take_or_pay", value: "150%")]) else { Issue.record("accepted"); return }
        #expect(invalid.unknownPaths.isEmpty && !invalid.invalidValues.isEmpty)
        guard case .failure(let unit) = scenario.applying([Override(path: "buyers.lab.cash0", value: "3GW")]) else { Issue.record("accepted"); return }
        #expect(!unit.invalidValues.isEmpty)
        let harsh = try scenario.stressed("harsh").get()
        #expect(harsh.scenario.market.regimes.regimes[0].fundingSuccess == .constant(0.05) && harsh.forcedRegime == nil)
        if case .success = scenario.stressed("nope") { Issue.record("an unknown stress was accepted") }
    }

    @Test("RunRequest: a shard of paths plus the rest merges into the whole run; workers and cancellation")
    func request() throws {
        let scenario = try Fixtures.scenario()
        let whole = try RunRequest(scenario: scenario, seed: 8, paths: 0..<700, threads: 2).run()
        var first = try RunRequest(scenario: scenario, seed: 8, paths: 0..<300, threads: 1).run().accumulator
        let second = try RunRequest(scenario: scenario, seed: 8, paths: 300..<700, threads: 2).run().accumulator
        first.merge(second)
        let merged = RunResult(model: try SimulationModel(scenario: scenario), accumulator: first, seed: 8)
        // Bit for bit (NaN cells compare unequal as values, so compare the JSON documents).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        #expect(try encoder.encode(merged) == encoder.encode(whole.result))
        #expect(whole.workers == 2)
        let control = RunControl()
        control.cancel()
        #expect(throws: RunCancelled.self) { try RunRequest(scenario: scenario, seed: 8, paths: 0..<700, threads: 2).run(control: control) }
        let stressed = try RunRequest(scenario: scenario, stress: "harsh", seed: 8, paths: 0..<10, threads: 1).run()
        #expect(stressed.result.stress == "harsh")
        #expect(throws: RunRequest.SetupError.self) { try RunRequest(scenario: scenario, stress: "nope") }
    }
}
