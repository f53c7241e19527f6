@testable import OfftakeEngine
import OfftakeModel
import Testing

/// `MonthGrid` writes in place (no copy-on-write check per value) and keeps value semantics by giving
/// every grid a buffer of its own at the start of each path. These tests would fail if a grid were
/// left out of `PathLedger.makeUnique()` or if the simulator wrote before making its grids unique.
@Suite struct MonthGridTests {
    /// Every grid of a ledger, by reflection (so a grid added later is covered without editing here).
    static func grids(_ ledger: PathLedger) -> [(String, MonthGrid)] {
        Mirror(reflecting: ledger).children.compactMap { child in (child.value as? MonthGrid).map { (child.label ?? "?", $0) } }
    }

    @Test("a ledger copied before the next path keeps its values; the simulator's own copy moves on")
    func copiesKeepTheirValues() throws {
        let model = try SimulationModel(scenario: SimulatorTestScenarios.randomWithDeals(index: 3))
        var simulator = PathSimulator(model: model)
        simulator.simulate(seed: 42, path: 0)
        let kept = simulator.ledger
        let before = Self.grids(kept).map { ($0.0, $0.1.values) }
        var copy = simulator  // a whole simulator copied, then run on its own
        copy.simulate(seed: 42, path: 1)
        simulator.simulate(seed: 42, path: 2)
        for ((name, values), (_, grid)) in zip(before, Self.grids(kept)) {
            #expect(grid.values.map(\.bitPattern) == values.map(\.bitPattern), "grid \(name) of the kept ledger changed")
        }
        // The paths differ, so an aliased buffer would have shown above.
        let moved = zip(Self.grids(kept), Self.grids(simulator.ledger)).filter { $0.1.values.map(\.bitPattern) != $1.1.values.map(\.bitPattern) }
        #expect(!moved.isEmpty)
        // Running path 2 on a fresh simulator gives the same ledger: nothing leaked between the copies.
        var fresh = PathSimulator(model: model)
        fresh.simulate(seed: 42, path: 2)
        for ((name, a), (_, b)) in zip(Self.grids(fresh.ledger), Self.grids(simulator.ledger)) {
            #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern), "grid \(name) differs from a fresh simulator's")
        }
    }

    /// Every in-place buffer of a simulator (its grids, its per-entity arrays, its ledger's grids),
    /// by reflection, named by where it sits.
    static func buffers(_ value: Any, at path: String = "") -> [(String, ObjectIdentifier)] {
        if let grid = value as? MonthGrid { return [(path, ObjectIdentifier(grid.cells.storage))] }
        let mirror = Mirror(reflecting: value)
        if String(describing: mirror.subjectType).hasPrefix("PathArray<"),
           let storage = mirror.children.first(where: { $0.label == "storage" })?.value as AnyObject? {
            return [(path, ObjectIdentifier(storage))]
        }
        guard path.isEmpty || path == ".ledger" else { return [] }
        return mirror.children.flatMap { buffers($0.value, at: path + "." + ($0.label ?? "?")) }
    }

    @Test("a copied simulator's next path gives every in-place buffer its own storage")
    func simulatorCopiesShareNoBuffer() throws {
        let model = try SimulationModel(scenario: SimulatorTestScenarios.randomWithDeals(index: 3))
        var simulator = PathSimulator(model: model)
        simulator.simulate(seed: 42, path: 0)
        var copy = simulator
        copy.simulate(seed: 42, path: 1)
        let mine = Self.buffers(simulator), theirs = Self.buffers(copy)
        #expect(mine.count > 64)  // the ledger's 64 grids and the simulator's own
        for ((name, a), (_, b)) in zip(mine, theirs) {
            #expect(a != b, "\(name) is still shared after the copy ran a path")
        }
    }

    @Test("PathLedger.makeUnique gives every grid a buffer of its own")
    func makeUniqueCoversEveryGrid() {
        let ledger = PathLedger(buyers: 2, contracts: 3, providers: 2, months: 5)
        var copy = ledger
        copy.makeUnique()
        let original = Self.grids(ledger), unique = Self.grids(copy)
        #expect(original.count == 64)
        for ((name, a), (_, b)) in zip(original, unique) {
            #expect(a.cells.storage !== b.cells.storage, "\(name) still shares its buffer")
            #expect(a == b)
        }
        // A grid that is already unique keeps its buffer (identified without holding a reference,
        // which would itself make it shared).
        var alone = MonthGrid(entities: 1, months: 3)
        let buffer = ObjectIdentifier(alone.cells.storage)
        alone.makeUnique()
        #expect(ObjectIdentifier(alone.cells.storage) == buffer)
    }

    @Test("reads are bounds-checked like an array's; sums and rows read the same values")
    func rowsAndSums() {
        let grid = MonthGrid(entities: 2, months: 4)
        for e in 0..<2 { for t in 0..<4 { grid[e, t] = Double(10 * e + t) } }
        #expect(Array(grid.row(1)) == [10, 11, 12, 13])
        #expect(grid.sum(1, 1..<3) == 23)
        #expect(grid.sum(0, -5..<99) == 6)
        #expect(grid.values == [0, 1, 2, 3, 10, 11, 12, 13])
        #expect(DebtBook.leverage(debt: 60, trailingEBITDA: grid.sum(1, 0..<4), months: 4) == DebtBook.leverage(debt: 60, monthlyEBITDA: ArraySlice(grid.row(1))))
    }
}
