import OfftakeModel
import OfftakeRandom
import OfftakeScenarioIO
import Testing

@Suite struct OverrideTests {
    func load(_ assignments: [String]) -> ScenarioCheck {
        ScenarioLoader.check(text: baseText, source: "t.yaml", overrides: assignments.compactMap(ScenarioOverrides.parse))
    }

    @Test func setsFieldsByIDAndIndex() throws {
        let check = load([
            "contracts.main.take_or_pay=80%", "contracts[0].tranches[1].mw=700", "contracts.main.escalator=3%/yr",
            "market.regimes.bust.credit_spread=uniform(min=1%, max=3%)", "buyers.lab.training_mw.2028=650",
        ])
        let s = try #require(check.scenario, "\(check.issues.map(\.description))")
        #expect(s.contracts[0].takeOrPay == .constant(0.8))
        #expect(s.contracts[0].tranches[1].mw == .constant(700))
        #expect(s.contracts[0].escalator == .constant(0.03))
        #expect(s.market.regimes.regimes[1].creditSpread == .uniform(min: 0.01, max: 0.03))
        #expect(s.buyers[0].trainingPlan.entries[1].value == .constant(650))
        // Overrides change numeric parameters only: a month is not one.
        let month = load(["contracts.main.end=2030-06"])
        #expect(month.overridesFailed && month.issues.first?.message.contains("no numeric parameter") == true)
    }

    @Test func reportsBadPathsAndValues() throws {
        let unknown = load(["contracts.mian.take_or_pay=80%"])
        #expect(unknown.issues.first?.hint == "did you mean `contracts.main.take_or_pay`?")
        #expect(unknown.issues.first?.path == "contracts.mian.take_or_pay")
        let index = load(["contracts[3].take_or_pay=1"])
        #expect(index.issues.first?.message.contains("no numeric parameter `contracts[3].take_or_pay`") == true)
        let value = load(["contracts.main.take_or_pay=180%"])
        #expect(value.issues.first?.path == "contracts[0].take_or_pay")
        let key = load(["contracts.main.tkae_or_pay=80%"])
        #expect(key.issues.first?.hint == "did you mean `contracts.main.take_or_pay`?")
        #expect(ScenarioOverrides.parse("novalue") == nil)
        #expect(ScenarioOverrides.parse("=5") == nil)
        #expect(ScenarioOverrides.parse("a.b = 5") == Override(path: "a.b", value: "5"))
    }
}
