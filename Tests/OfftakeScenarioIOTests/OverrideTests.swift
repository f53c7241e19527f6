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
            "contracts.main.end=2030-06", "contracts[0].tranches[1].start=2028-09",
        ])
        let s = try #require(check.scenario, "\(check.issues.map(\.description))")
        #expect(s.contracts[0].takeOrPay == .constant(0.8))
        #expect(s.contracts[0].tranches[1].mw == .constant(700))
        #expect(s.contracts[0].escalator == .constant(0.03))
        #expect(s.market.regimes.regimes[1].creditSpread == .uniform(min: 0.01, max: 0.03))
        #expect(s.buyers[0].trainingPlan.entries[1].value == .constant(650))
        #expect(s.contracts[0].term == .end(Month(year: 2030, month: 6)))
        #expect(s.contracts[0].tranches[1].start == Month(year: 2028, month: 9))
        let month = load(["contracts.main.end=June"])
        #expect(!month.overridesFailed && month.issues.first?.message == "not a month")
        let id = load(["contracts.main.id=other"])
        #expect(id.overridesFailed && id.issues.first?.message.contains("no numeric parameter or month") == true)
    }

    /// A path into an optional block the scenario leaves out names the block and its smallest form,
    /// whether written with ids or indices; a block inside a list entry is found too.
    @Test(arguments: [
        ("providers.cloud.other_customers.margin=20%", "`providers.cloud` has no `other_customers` block; add the block first",
         "add `other_customers: {revenue0: …, margin: …}` to `providers.cloud`"),
        ("providers[0].other_customers.revenue0=1B", "`providers[0]` has no `other_customers` block; add the block first",
         "add `other_customers: {revenue0: …, margin: …}` to `providers[0]`"),
        ("providers.cloud.sweep=1", "`providers.cloud` has no `sweep` block; add the block first", "add `sweep: {min_cash: …}` to `providers.cloud`"),
        ("contracts.main.prepayment.amount=1B", "`contracts.main` has no `prepayment` block; add the block first",
         "add `prepayment: {amount: …, month: …}` to `contracts.main`"),
        ("contracts.main.tranches[1].option.fee=1M", "`contracts.main.tranches[1]` has no `option` block; add the block first",
         "add `option: {}` to `contracts.main.tranches[1]`"),
        ("buyers.lab.funding.ipo.size=1B", "`buyers.lab.funding` has no `ipo` block; add the block first",
         "add `ipo: {from: …, to: …, probability_per_year: …, size: …}` to `buyers.lab.funding`"),
    ])
    func namesTheAbsentBlock(_ assignment: String, _ message: String, _ hint: String) throws {
        let check = load([assignment])
        #expect(check.overridesFailed)
        #expect(check.issues.count == 1, "\(check.issues.map(\.description))")
        let issue = try #require(check.issues.first)
        #expect(issue.message == message)
        #expect(issue.hint == hint)
        #expect(issue.path == String(assignment.prefix { $0 != "=" }))
    }

    @Test func absentBlocksAreTheTablesOptionalBlocks() throws {
        let scenario = try #require(load([]).scenario)
        let blocks = Set(scenario.absentBlocks.map(\.path))
        for path in ["providers.cloud.other_customers", "providers.cloud.leases", "contracts.main.prepayment", "contracts.main.tranches[0].option", "buyers.lab.funding.ipo"] {
            #expect(blocks.contains(path), "\(path) not among \(blocks.sorted())")
        }
        // Blocks that are there, and blocks that are not optional, are not listed.
        #expect(!blocks.contains("providers.cloud.release") && !blocks.contains("buyers.lab.funding"))
        #expect(!scenario.absentBlocks.contains { block in scenario.parameterSlots.contains { $0.path.hasPrefix(block.path + ".") } })
    }

    @Test func reportsBadPathsAndValues() throws {
        let unknown = load(["contracts.mian.take_or_pay=80%"])
        #expect(unknown.issues.first?.hint == "did you mean `contracts.main.take_or_pay`?")
        #expect(unknown.issues.first?.path == "contracts.mian.take_or_pay")
        let index = load(["contracts[3].take_or_pay=1"])
        #expect(index.issues.first?.message.contains("no numeric parameter or month `contracts[3].take_or_pay`") == true)
        let value = load(["contracts.main.take_or_pay=180%"])
        #expect(value.issues.first?.path == "contracts[0].take_or_pay")
        let key = load(["contracts.main.tkae_or_pay=80%"])
        #expect(key.issues.first?.hint == "did you mean `contracts.main.take_or_pay`?")
        #expect(ScenarioOverrides.parse("novalue") == nil)
        #expect(ScenarioOverrides.parse("=5") == nil)
        #expect(ScenarioOverrides.parse("a.b = 5") == Override(path: "a.b", value: "5"))
    }
}
