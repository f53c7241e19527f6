import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// Regression: OpenAI's contracts all built by Oracle in oracle-ai-book (`offtake diversify … --supplier
/// oracle`). On path 1261 of seed 42 the forward test ran with no bills left in the window (Oracle had
/// defaulted and its contracts billed nothing) while the buyer's resources were negative, and the share
/// of the bills it covers, 0 ÷ 0, trapped when converted to months. Such a month now proposes nothing.
@Suite struct ConcentratedPathTests {
    @Test func aWindowWithoutBillsProposesNoRestructuring() throws {
        let entry = try #require(BuiltInScenarios.named("oracle-ai-book"))
        let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
        let model = try SimulationModel(scenario: scenario.concentrated(buyer: "openai", on: "oracle"))
        var sim = PathSimulator(model: model)
        sim.simulate(seed: 42, path: 1261)
        #expect(sim.summary.providerDefaultMonth[model.scenario.providers.firstIndex { $0.id == "oracle" }!] != nil)
    }
}
