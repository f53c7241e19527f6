/// A column of a ``Book``: one monthly series kept for every entity of one kind of party (a buyer's
/// revenue, a contract's charge, a provider's debt). A book's columns are the cases of one enum with
/// raw values 0, 1, 2 … in declaration order (the `Int` raw values Swift gives by default), so that a
/// new series is one new case: its storage, its reset, its copy and its zeroing follow from the case
/// and its ``filling``.
public protocol BookColumn: RawRepresentable, CaseIterable, Sendable where RawValue == Int {
    /// How the path fills the series: what ``Book/resetAccrued()`` and ``Book/zeroMonth(_:_:)`` do with it.
    var filling: SeriesFilling { get }
}

/// How a path fills a series of a ``Book``, which decides what the book does with it between paths
/// and in a month its party is idle.
public enum SeriesFilling: Sendable, Equatable {
    /// Written for every month at the path's set-up (a forecast, a plan, a price path), before the
    /// month step; neither reset nor zeroed.
    case setUp
    /// Added to ahead of its month (a recovery due after a lag, a refund booked at a default): zeroed
    /// at the start of each path by ``Book/resetAccrued()``, never zeroed by ``Book/zeroMonth(_:_:)``.
    case accrued
    /// Written by the month step for its own month: in a month its party is idle (a defaulted buyer
    /// and its contracts), ``Book/zeroMonth(_:_:)`` sets it to 0.
    case monthly
}

/// One party kind's monthly state on a path: one number per column (a ``BookColumn`` case), per
/// entity, per month, in a single buffer laid out `[column][entity][month]`, so that a series of one
/// entity is contiguous (sums over a range of months read consecutive values) and so is a whole
/// column (reset is one fill per accrued column).
///
/// **Writes without a uniqueness check per value.** The month step writes ≈ 17,000 values per path;
/// through an `Array` each write paid a copy-on-write check (a call into the runtime) and a bounds
/// check. A book's values live in a ``PathArray`` (a buffer owned by a class) and the engine's setter
/// writes straight into it (`nonmutating`, bounds-checked by two unsigned comparisons). Value
/// semantics are kept by ``makeUnique()`` at the start of each path (`PathSimulator` calls it once
/// per book): a copy taken earlier — `let before = simulator.ledger` — still shares the buffer then,
/// so it is copied before the first write and the earlier copy never changes. Only the engine writes
/// (the setter is internal); readers see an ordinary value.
///
/// **The model's code never computes an index.** It reads and writes `book[.column, entity, t]`,
/// sums with `book.sum(.column, entity, months)` and takes a column as a ``MonthGrid`` view with
/// `book[.column]`; the layout lives in ``offset(_:_:_:)`` alone.
///
/// **A batch of paths** (structure of arrays, several paths stepped at once) is a change of this type,
/// not of the model's code: add a `lanes` count, make the layout `[column][entity][month][lane]`
/// (`offset · lanes + lane`), and let the accessors take or return a lane (`book[.cash, b, t, lane]`)
/// or a SIMD vector of all lanes (`book[.cash, b, t]` then reads `SIMD4<Double>`); `makeUnique`,
/// `resetAccrued` and `zeroMonth` already work on whole columns and months and would cover the lanes
/// by the same loops.
public struct Book<Column: BookColumn>: @unchecked Sendable, Equatable {
    /// The values, column after column, entity after entity within a column (`@unchecked Sendable`:
    /// a buffer is written only by the simulator that holds the sole reference to it, and read after).
    var cells: PathArray<Double>
    public let entities: Int
    public let months: Int
    /// Number of columns (`Column.allCases.count`, kept so that no hot loop builds that array).
    let columns: Int
    /// Values per column: `entities × months`.
    let columnStride: Int

    public init(entities: Int, months: Int) {
        let all = Column.allCases
        precondition(all.enumerated().allSatisfy { $0.offset == $0.element.rawValue },
                     "Book: the cases of \(Column.self) must have the raw values 0, 1, 2 … in order")
        self.entities = max(0, entities)
        self.months = max(0, months)
        columns = all.count
        columnStride = self.entities * self.months
        cells = PathArray(repeating: 0, count: columns * columnStride)
    }

    /// Where the value of `column`, `entity`, month `t` sits (the only place that knows the layout).
    @inline(__always)
    func offset(_ column: Column, _ entity: Int, _ t: Int) -> Int {
        precondition(UInt(bitPattern: entity) < UInt(bitPattern: entities) && UInt(bitPattern: t) < UInt(bitPattern: months),
                     "Book<\(Column.self)>: no entity \(entity), month \(t)")
        return column.rawValue &* columnStride &+ entity &* months &+ t
    }

    public internal(set) subscript(column: Column, entity: Int, t: Int) -> Double {
        @inline(__always) get { cells.storage.base[offset(column, entity, t)] }
        @inline(__always) nonmutating set { cells.storage.base[offset(column, entity, t)] = newValue }
    }

    /// One column for every entity and month, as a read-only view (shares the book's buffer).
    public subscript(column: Column) -> MonthGrid {
        MonthGrid(cells: cells, start: column.rawValue * columnStride, entities: entities, months: months)
    }

    /// Sum of one entity's months of `column` in `range` (clamped to the horizon), added in month
    /// order. The entity is checked once; the months are read without a bounds check each.
    @inline(__always)
    public func sum(_ column: Column, _ entity: Int, _ range: Range<Int>) -> Double {
        MonthGrid.sum(of: cells.storage.base + offset(column, entity, 0), months: months, range)
    }

    /// Gives this book a buffer of its own if a copy shares it (see the type's documentation).
    mutating func makeUnique() { cells.makeUnique() }

    /// Zeroes every ``SeriesFilling/accrued`` column for every entity and month (the start of a path).
    mutating func resetAccrued() {
        cells.makeUnique()
        for k in 0..<columns where Column(rawValue: k)!.filling == .accrued {
            (cells.storage.base + k * columnStride).update(repeating: 0, count: columnStride)
        }
    }

    /// Sets every ``SeriesFilling/monthly`` column of `entity` in month `t` to 0 (an idle month).
    func zeroMonth(_ entity: Int, _ t: Int) {
        let base = cells.storage.base + offset(Column(rawValue: 0)!, entity, t)
        for k in 0..<columns where Column(rawValue: k)!.filling == .monthly {
            base[k &* columnStride] = 0
        }
    }

    public static func == (a: Book, b: Book) -> Bool {
        let x = a.cells.storage, y = b.cells.storage
        return a.entities == b.entities && a.months == b.months && x.count == y.count
            && (x === y || (0..<x.count).allSatisfy { x.base[$0] == y.base[$0] })
    }
}

/// One number per entity per month: a column of a ``Book`` (a view that shares the book's buffer and
/// keeps it alive), or a grid of its own (`init(entities:months:)`). Read-only outside the engine.
public struct MonthGrid: @unchecked Sendable, Equatable {
    var cells: PathArray<Double>
    /// Where the grid starts in `cells`.
    let start: Int
    public let entities: Int
    public let months: Int

    init(cells: PathArray<Double>, start: Int, entities: Int, months: Int) {
        precondition(start >= 0 && start + entities * months <= cells.count, "MonthGrid: outside its buffer")
        self.cells = cells
        self.start = start
        self.entities = entities
        self.months = months
    }

    public init(entities: Int, months: Int) {
        self.init(cells: PathArray(repeating: 0, count: max(0, entities * months)), start: 0,
                  entities: max(0, entities), months: max(0, months))
    }

    /// All values, entity after entity (a copy).
    public var values: [Double] { Array(UnsafeBufferPointer(start: cells.storage.base + start, count: entities * months)) }

    @inline(__always)
    func offset(_ entity: Int, _ t: Int) -> Int {
        precondition(UInt(bitPattern: entity) < UInt(bitPattern: entities) && UInt(bitPattern: t) < UInt(bitPattern: months),
                     "MonthGrid: no entity \(entity), month \(t)")
        return start &+ entity &* months &+ t
    }

    public internal(set) subscript(entity: Int, t: Int) -> Double {
        get { cells.storage.base[offset(entity, t)] }
        nonmutating set { cells.storage.base[offset(entity, t)] = newValue }
    }

    /// The months of one entity.
    public func row(_ entity: Int) -> MonthRow {
        precondition(entity >= 0 && entity < entities, "MonthGrid.row: no entity \(entity)")
        return MonthRow(storage: cells.storage, start: start + entity * months, count: months)
    }

    /// Sum of one entity's months in `range` (clamped to the horizon), added in month order. The
    /// entity is checked once; the months are read without a bounds check each.
    public func sum(_ entity: Int, _ range: Range<Int>) -> Double {
        precondition(entity >= 0 && entity < entities, "MonthGrid.sum: no entity \(entity)")
        return MonthGrid.sum(of: cells.storage.base + start + entity * months, months: months, range)
    }

    /// Sum of the months of one entity's row (`months` values from `row`) in `range`, clamped to
    /// `0 ..< months`, added in month order: the one loop behind ``sum(_:_:)`` and ``Book/sum(_:_:_:)``.
    @inline(__always)
    static func sum(of row: UnsafeMutablePointer<Double>, months: Int, _ range: Range<Int>) -> Double {
        let lo = max(0, range.lowerBound), hi = min(months, range.upperBound)
        guard lo < hi else { return 0 }
        var total = 0.0
        for t in lo..<hi { total += row[t] }
        return total
    }

    public static func == (a: MonthGrid, b: MonthGrid) -> Bool {
        guard a.entities == b.entities && a.months == b.months else { return false }
        let x = a.cells.storage.base + a.start, y = b.cells.storage.base + b.start
        return x == y || (0..<(a.entities * a.months)).allSatisfy { x[$0] == y[$0] }
    }
}

/// One entity's months of a ``MonthGrid`` (keeps the grid's buffer alive; reads only).
public struct MonthRow: RandomAccessCollection, @unchecked Sendable {
    let storage: PathArray<Double>.Storage
    let start: Int
    public let count: Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(t: Int) -> Double {
        precondition(t >= 0 && t < count, "MonthRow: no month \(t)")
        return storage.base[start + t]
    }
}
