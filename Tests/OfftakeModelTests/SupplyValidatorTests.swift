import OfftakeModel
import OfftakeRandom
import Testing

/// `market.supply` and `accelerators[].generation`: every problem reported at its path, together.
@Suite struct SupplyValidatorTests {
    static func withSupply() -> Scenario {
        var s = ValidatorTests.base()
        s.market.supply = Supply(elasticity: .constant(0.5), demandGrowth: .constant(1), generations: [
            Generation(id: "hopper", installed0: .constant(400),
                       additions: Schedule(entries: [.init(month: Month(year: 2026, month: 1), value: .constant(1_000))], byYear: true),
                       floor: .constant(150e3)),
            Generation(id: "blackwell", performance: .constant(1.6), installed0: .constant(0)),
        ])
        s.accelerators[0].generation = "blackwell"
        return s
    }

    @Test func aValidSupplyPasses() {
        #expect(Self.withSupply().validate().isEmpty, "\(Self.withSupply().validate())")
    }

    @Test("every supply problem at once, each at its path")
    func everyProblemAtItsPath() {
        var s = Self.withSupply()
        s.accelerators[0].generation = "blackwel"
        s.market.supply!.generations.append(s.market.supply!.generations[0])
        s.market.supply!.elasticity = .constant(0)
        s.market.supply!.generations[1].performance = .constant(-1)
        s.market.supply!.generations[0].additions.entries.append(.init(month: Month(year: 2040, month: 1), value: .constant(1)))
        s.market.computePrice.decline = .constant(0.2)
        let issues = s.validate()
        let paths = Set(issues.map(\.path))
        #expect(paths == ["accelerators[0].generation", "market.supply.generations[2].id", "market.supply.elasticity",
                          "market.supply.generations[1].performance", "market.supply.generations[0].additions.2040",
                          "market.compute_price.decline"], "\(issues)")
        #expect(issues.first { $0.path == "accelerators[0].generation" }?.hint == "did you mean `blackwell`?")
    }

    @Test("no generation, or none with capacity at the start")
    func noCapacity() {
        var s = Self.withSupply()
        s.market.supply!.generations = []
        s.accelerators[0].generation = nil
        #expect(s.validate().map(\.path) == ["market.supply.generations"])
        s = Self.withSupply()
        s.market.supply!.generations[0].installed0 = .constant(0)
        #expect(s.validate().map(\.path) == ["market.supply.generations"])
    }

    @Test("a generation named without a supply side")
    func generationWithoutSupply() {
        var s = ValidatorTests.base()
        s.accelerators[0].generation = "hopper"
        let issue = s.validate().first
        #expect(issue?.path == "accelerators[0].generation")
        #expect(issue?.expected == "a generation defined under market.supply.generations")
    }
}
