@testable import OfftakeEngine
import OfftakeModel
import Testing

/// A `Book` writes in place (no copy-on-write check per value) and keeps value semantics by taking a
/// buffer of its own at the start of each path; what it resets between paths and zeroes in an idle
/// month follows from each column's `SeriesFilling`. These tests would fail if a book were written
/// before being made unique, if a copy shared a buffer after the next path, or if a column's filling
/// were not honoured — for any column, including one added later (`Probe` and `ProbePlusOne`).
@Suite struct BookTests {
    /// A book's columns as the cases of a test enum: one of each filling, and two monthly ones.
    enum Probe: Int, BookColumn {
        case plan, due, flow, otherFlow
        var filling: SeriesFilling {
            switch self {
            case .plan: .setUp
            case .due: .accrued
            case .flow, .otherFlow: .monthly
            }
        }
    }

    /// `Probe` with one more case of each filling, declared with no other edit anywhere.
    enum ProbePlusOne: Int, BookColumn {
        case plan, due, flow, otherFlow, newPlan, newDue, newFlow
        var filling: SeriesFilling {
            switch self {
            case .plan, .newPlan: .setUp
            case .due, .newDue: .accrued
            case .flow, .otherFlow, .newFlow: .monthly
            }
        }
    }

    /// Every value of a book, column after column (bit patterns, so that NaN equals NaN).
    static func bits<Column: BookColumn>(_ book: Book<Column>) -> [[UInt64]] {
        Column.allCases.map { book[$0].values.map(\.bitPattern) }
    }

    /// A book of 2 entities × 3 months whose every value is distinct and non-zero.
    static func filled<Column: BookColumn>(_: Column.Type) -> Book<Column> {
        let book = Book<Column>(entities: 2, months: 3)
        for column in Column.allCases { for e in 0..<2 { for t in 0..<3 { book[column, e, t] = Double(100 * column.rawValue + 10 * e + t + 1) } } }
        return book
    }

    /// Checks copy, reset and zeroing column by column against the column's filling.
    static func checkEveryColumn<Column: BookColumn>(_: Column.Type) {
        let original = filled(Column.self)
        let before = bits(original)
        // Copy: a copy made unique has its own buffer with the same values; writing it leaves the original.
        var copy = original
        copy.makeUnique()
        #expect(copy.cells.storage !== original.cells.storage)
        #expect(copy == original)
        for column in Column.allCases { copy[column, 1, 2] = -1 }
        #expect(bits(original) == before, "a write to a copy reached the original")
        // Reset: every accrued column is zero for every entity and month; the others keep their values.
        var reset = original
        reset.resetAccrued()
        #expect(bits(original) == before, "resetting a copy reached the original")
        for column in Column.allCases {
            let values = reset[column].values
            if column.filling == .accrued {
                #expect(values.allSatisfy { $0 == 0 }, "\(column) not reset")
            } else {
                #expect(values.map(\.bitPattern) == before[column.rawValue], "\(column) changed by the reset")
            }
        }
        // Zeroing a month: every monthly column of that entity and month only.
        var zeroed = original
        zeroed.makeUnique()
        zeroed.zeroMonth(1, 2)
        for column in Column.allCases {
            for e in 0..<2 {
                for t in 0..<3 {
                    let expected = column.filling == .monthly && e == 1 && t == 2 ? 0 : original[column, e, t]
                    #expect(zeroed[column, e, t] == expected, "\(column), entity \(e), month \(t)")
                }
            }
        }
    }

    @Test("every column is copied, reset by its filling and zeroed in an idle month")
    func everyColumnFollowsItsFilling() {
        Self.checkEveryColumn(Probe.self)
        // The same book with three columns more, declared as enum cases and nothing else.
        Self.checkEveryColumn(ProbePlusOne.self)
        #expect(Book<ProbePlusOne>(entities: 2, months: 3).cells.count == 7 * 2 * 3)
        // And the engine's own books.
        Self.checkEveryColumn(BuyerSeries.self)
        Self.checkEveryColumn(ContractSeries.self)
        Self.checkEveryColumn(ProviderSeries.self)
        Self.checkEveryColumn(BuyerPlan.self)
        Self.checkEveryColumn(ContractPlan.self)
        Self.checkEveryColumn(ProviderPlan.self)
    }

    @Test("a ledger copied before the next path keeps its values; the simulator's own copy moves on")
    func copiesKeepTheirValues() throws {
        let model = try SimulationModel(scenario: SimulatorTestScenarios.randomWithDeals(index: 3))
        var simulator = PathSimulator(model: model)
        simulator.simulate(seed: 42, path: 0)
        let kept = simulator.ledger
        let before = (Self.bits(kept.buyers), Self.bits(kept.contracts), Self.bits(kept.providers))
        var copy = simulator  // a whole simulator copied, then run on its own
        copy.simulate(seed: 42, path: 1)
        simulator.simulate(seed: 42, path: 2)
        #expect(Self.bits(kept.buyers) == before.0, "the kept buyers' book changed")
        #expect(Self.bits(kept.contracts) == before.1, "the kept contracts' book changed")
        #expect(Self.bits(kept.providers) == before.2, "the kept providers' book changed")
        // The paths differ, so an aliased buffer would have shown above.
        #expect(Self.bits(kept.buyers) != Self.bits(simulator.ledger.buyers))
        // Running path 2 on a fresh simulator gives the same ledger: nothing leaked between the copies
        // or from path 0 (accrued series reset, every other series written again).
        var fresh = PathSimulator(model: model)
        fresh.simulate(seed: 42, path: 2)
        #expect(Self.bits(fresh.ledger.buyers) == Self.bits(simulator.ledger.buyers))
        #expect(Self.bits(fresh.ledger.contracts) == Self.bits(simulator.ledger.contracts))
        #expect(Self.bits(fresh.ledger.providers) == Self.bits(simulator.ledger.providers))
    }

    /// Every in-place buffer of a simulator — its books (ledger and plans) and its per-entity state
    /// arrays — by reflection, named by where it sits.
    static func buffers(_ value: Any, at path: String = "") -> [(String, ObjectIdentifier)] {
        let mirror = Mirror(reflecting: value)
        let type = String(describing: mirror.subjectType)
        if type.hasPrefix("PathArray<"), let storage = mirror.children.first(where: { $0.label == "storage" })?.value as AnyObject? {
            return [(path, ObjectIdentifier(storage))]
        }
        guard path.isEmpty || type.hasPrefix("Book<") || type == "PathLedger" || type == "PathPlans" else { return [] }
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
        // Three ledger books, three plan books, the buyers', contracts' and providers' states, the debt
        // books and the lease vintages.
        #expect(mine.map(\.0).sorted() == [
            ".buyerState", ".contractState", ".debt", ".leaseVintages",
            ".ledger.buyers.cells", ".ledger.contracts.cells", ".ledger.providers.cells",
            ".plans.buyers.cells", ".plans.contracts.cells", ".plans.providers.cells", ".providerState",
        ])
        for ((name, a), (_, b)) in zip(mine, theirs) {
            #expect(a != b, "\(name) is still shared after the copy ran a path")
        }
    }

    /// The first path (of the random scenarios with deal terms, seed 42) on which a buyer defaults
    /// before the horizon's last month: the simulator, the buyer and its default month.
    static func pathWithDefault() throws -> (simulator: PathSimulator, buyer: Int, month: Int)? {
        for index in 0..<40 {
            var simulator = PathSimulator(model: try SimulationModel(scenario: SimulatorTestScenarios.randomWithDeals(index: index)))
            for path in 0..<20 {
                simulator.simulate(seed: 42, path: UInt64(path))
                let months = simulator.model.months
                if let b = simulator.summary.defaultMonth.firstIndex(where: { $0.map { $0 < months - 1 } ?? false }),
                   let d = simulator.summary.defaultMonth[b] {
                    return (simulator, b, d)
                }
            }
        }
        return nil
    }

    @Test("a defaulted buyer's months are zero in every monthly series of its book and its contracts'")
    func idleMonthsAreZeroInEveryMonthlySeries() throws {
        let found = try Self.pathWithDefault()
        #expect(found != nil, "no path of the scenarios tried has a default before the last month")
        guard let (simulator, b, d) = found else { return }
        let ledger = simulator.ledger
        for t in (d + 1)..<simulator.model.months {
            for column in BuyerSeries.allCases where column.filling == .monthly && column != .cash && column != .facilityBalance {
                #expect(ledger.buyers[column, b, t] == 0, "buyer \(b) \(column), month \(t), default in \(d)")
            }
            #expect(ledger.buyers[.cash, b, t] == ledger.buyers[.cash, b, d])
            for c in simulator.model.buyerContracts[b] {
                for column in ContractSeries.allCases where column.filling == .monthly {
                    #expect(ledger.contracts[column, c, t] == 0, "contract \(c) \(column), month \(t), default in \(d)")
                }
            }
        }
    }

    @Test("reads are bounds-checked like an array's; sums, rows and column views read the same values")
    func rowsAndSums() {
        let book = Book<Probe>(entities: 2, months: 4)
        for e in 0..<2 { for t in 0..<4 { book[.flow, e, t] = Double(10 * e + t) } }
        let grid = book[.flow]
        #expect(Array(grid.row(1)) == [10, 11, 12, 13])
        #expect(grid.sum(1, 1..<3) == 23 && book.sum(.flow, 1, 1..<3) == 23)
        #expect(grid.sum(0, -5..<99) == 6 && book.sum(.flow, 0, -5..<99) == 6)
        #expect(grid.values == [0, 1, 2, 3, 10, 11, 12, 13])
        #expect(book[.otherFlow].values == [Double](repeating: 0, count: 8))
        #expect(DebtBook.leverage(debt: 60, trailingEBITDA: grid.sum(1, 0..<4), months: 4) == DebtBook.leverage(debt: 60, monthlyEBITDA: ArraySlice(grid.row(1))))
        let alone = MonthGrid(entities: 2, months: 4)
        for e in 0..<2 { for t in 0..<4 { alone[e, t] = Double(10 * e + t) } }
        #expect(alone == grid && alone.values == grid.values)
    }
}
