import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// Regression: OpenAI's contracts all built by Oracle in oracle-ai-book (`offtake diversify … --supplier
/// oracle`). On a path where Oracle had defaulted and its contracts billed nothing, the buyer's forward
/// test ran with no bills in its window while its resources were negative, and the share of the bills it
/// covers, 0 ÷ 0, trapped when converted to months. Such a month now proposes nothing. The path that
/// showed it moved when the model changed, so the test runs the first 1,300 paths (a trap ends the test
/// run) and checks that they still hold many on which Oracle defaults while OpenAI is alive.
@Suite struct ConcentratedPathTests {
    @Test func windowsWithoutBillsProposeNoRestructuring() throws {
        let entry = try #require(BuiltInScenarios.named("oracle-ai-book"))
        let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
        let model = try SimulationModel(scenario: scenario.concentrated(buyer: "openai", on: "oracle"))
        let oracle = try #require(model.scenario.providers.firstIndex { $0.id == "oracle" })
        var sim = PathSimulator(model: model)
        var oracleFirst = 0
        for path in 0..<1300 as Range<UInt64> {
            sim.simulate(seed: 42, path: path)
            guard let d = sim.summary.providerDefaultMonth[oracle] else { continue }
            if sim.summary.defaultMonth[0].map({ $0 > d }) ?? true { oracleFirst += 1 }
        }
        #expect(oracleFirst >= 20, "\(oracleFirst) paths on which Oracle defaults while OpenAI is alive")
    }
}
