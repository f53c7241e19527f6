import OfftakeModel
import OfftakeScenarioIO
import Testing

/// `Scenario.concentrated(buyer:on:)`: every contract of the buyer built by one supplier, everything
/// else as written.
@Suite struct ConcentrationTests {
    static func defaultScenario() throws -> Scenario {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        return try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
    }

    /// OpenAI's builders in the default scenario, by committed MW (medians): the hardware deals' hosts
    /// and the capacity providers, each counted once, largest first; the sum is every tranche's median MW.
    @Test func buildersAreRankedByCommittedMW() throws {
        let scenario = try Self.defaultScenario()
        let builders = scenario.builders(of: "openai")
        let mine = scenario.contracts.filter { $0.buyer == "openai" }
        #expect(Set(builders.map(\.id)) == Set(mine.map(Scenario.builder(of:))))
        #expect(zip(builders, builders.dropFirst()).allSatisfy { $0.mw >= $1.mw })
        let total = mine.flatMap(\.tranches).reduce(0) { $0 + $1.mw.median }
        #expect(abs(builders.reduce(0) { $0 + $1.mw } - total) < 1e-9 * total)
    }

    /// Placed with one supplier: capacity contracts change provider, hardware deals change host (the chip
    /// vendor stays), nothing else changes; the result still validates.
    @Test func everyContractMovesToTheSupplierAndNothingElse() throws {
        let scenario = try Self.defaultScenario()
        let target = scenario.builders(of: "openai")[0].id
        let single = try scenario.concentrated(buyer: "openai")
        #expect(single.validate().isEmpty, "\(single.validate())")
        for (before, after) in zip(scenario.contracts, single.contracts) {
            #expect(Scenario.builder(of: after) == (before.buyer == "openai" ? target : Scenario.builder(of: before)))
            var restored = after
            restored.provider = before.provider
            if case .hardware(var terms) = restored.kind, let host = before.hardware?.host {
                terms.host = host
                restored.kind = .hardware(terms)
            }
            #expect(restored == before, "\(before.id)")
        }
        #expect(single.providers == scenario.providers && single.buyers == scenario.buyers && single.market == scenario.market)
    }

    @Test func unknownBuyerOrSupplierListsTheChoices() throws {
        let scenario = try Self.defaultScenario()
        #expect(throws: Scenario.ConcentrationError.unknownBuyer("nobody", buyers: scenario.buyers.map(\.id))) {
            try scenario.concentrated(buyer: "nobody")
        }
        #expect(throws: Scenario.ConcentrationError.notABuilder("amd-not", builders: scenario.builders(of: "openai").map(\.id))) {
            try scenario.concentrated(buyer: "openai", on: "amd-not")
        }
    }
}
