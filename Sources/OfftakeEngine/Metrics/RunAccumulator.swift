/// Streaming aggregation of a run: one `MetricAccumulator` per metric, per month of each series and per
/// year of each yearly aggregate. Memory does not grow with the number of paths (sketches are bounded),
/// and merging is exact and order-independent, so any split into threads or shards gives bit-identical
/// results.
public struct RunAccumulator: Sendable {
    public let metricDefinitions: [MetricDefinition]
    public let seriesIDs: [String]
    /// The unit of each series, in `seriesIDs` order.
    public let seriesKinds: [MetricKind]
    public let yearlyIDs: [String]
    public let months: Int
    public let years: Int
    /// Paths added.
    public private(set) var paths = 0
    public private(set) var metrics: [MetricAccumulator]
    /// `series[i · months + t]`.
    public private(set) var series: [MetricAccumulator]
    /// `yearly[i · years + y]`.
    public private(set) var yearly: [MetricAccumulator]

    /// Values of the paths added since the last `flush`, one row of `cellCount` values per path
    /// (metrics, then series cells, then yearly cells). Adding a block of paths cell by cell keeps each
    /// accumulator in cache for `blockSize` consecutive adds instead of touching ~1,500 accumulators per
    /// path; the result is the same because the accumulators are exact and order-independent.
    var pending: [Double]
    var pendingPaths = 0
    let cellCount: Int
    /// Paths buffered before they are added to the accumulators.
    public static let blockSize = 128

    public init(model: SimulationModel) {
        self.init(model: model, catalog: MetricCatalog(model: model))
    }

    /// An empty accumulator for the metrics of `catalog` (the catalogue of `model`).
    public init(model: SimulationModel, catalog: MetricCatalog) {
        metricDefinitions = catalog.definitions
        seriesIDs = catalog.seriesIDs
        seriesKinds = catalog.seriesKinds
        yearlyIDs = catalog.yearlyIDs
        months = model.months
        years = model.years.count
        metrics = [MetricAccumulator](repeating: MetricAccumulator(), count: catalog.definitions.count)
        series = [MetricAccumulator](repeating: MetricAccumulator(), count: catalog.seriesIDs.count * model.months)
        yearly = [MetricAccumulator](repeating: MetricAccumulator(), count: catalog.yearlyIDs.count * model.years.count)
        cellCount = metrics.count + series.count + yearly.count
        pending = []
    }

    /// Adds the path the simulator has just run (buffered; see `flush`). Values that are undefined on
    /// this path (NaN ratios) are left out of that metric.
    public mutating func add(_ sim: PathSimulator) {
        if pending.isEmpty { pending = [Double](repeating: 0, count: cellCount * RunAccumulator.blockSize) }
        let base = pendingPaths * cellCount, months = months
        pending.withUnsafeMutableBufferPointer { buffer in
            var writer = ValueWriter(values: UnsafeMutableBufferPointer(rebasing: buffer[base..<(base + cellCount)]),
                                     months: months, years: sim.model.yearRanges)
            PathMetrics.visit(sim, &writer)
            precondition(writer.k == cellCount, "PathMetrics.visit wrote \(writer.k) values, expected \(cellCount)")
        }
        pendingPaths += 1
        paths += 1
        if pendingPaths == RunAccumulator.blockSize { flush() }
    }

    /// Adds the buffered paths to the accumulators, cell by cell. Summaries and merges need it done;
    /// `MonteCarloRunner` flushes before it returns.
    public mutating func flush() {
        guard pendingPaths > 0 else { return }
        let n = pendingPaths, cells = cellCount
        pending.withUnsafeBufferPointer { values in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { column in
                // Each cell's non-NaN values of the buffered paths, gathered into `column` and added
                // as one batch (in path order, as one by one would).
                func drain(_ accumulators: inout [MetricAccumulator], offset: Int) {
                    for i in accumulators.indices {
                        var k = offset + i, m = 0
                        for _ in 0..<n {
                            let x = values[k]
                            if !x.isNaN {
                                column[m] = x
                                m += 1
                            }
                            k += cells
                        }
                        if m > 0 { accumulators[i].add(contentsOf: UnsafeBufferPointer(rebasing: column[0..<m])) }
                    }
                }
                drain(&metrics, offset: 0)
                drain(&series, offset: metrics.count)
                drain(&yearly, offset: metrics.count + series.count)
            }
        }
        pendingPaths = 0
    }

    /// Whether every added path has reached the accumulators.
    public var isFlushed: Bool { pendingPaths == 0 }

    /// Adds everything `other` accumulated (same model).
    public mutating func merge(_ other: RunAccumulator) {
        precondition(other.metrics.count == metrics.count && other.series.count == series.count, "RunAccumulator.merge: different models")
        flush()
        var other = other
        other.flush()
        for i in metrics.indices { metrics[i].merge(other.metrics[i]) }
        for i in series.indices { series[i].merge(other.series[i]) }
        for i in yearly.indices { yearly[i].merge(other.yearly[i]) }
        paths += other.paths
    }
}

/// Writes one path's values into its row of the pending buffer, in the order of `PathMetrics.visit`
/// (through a pointer to the row: no copy-on-write check per value).
struct ValueWriter: MetricSink {
    let values: UnsafeMutableBufferPointer<Double>
    let months: Int
    let years: [Range<Int>]
    var k = 0

    init(values: UnsafeMutableBufferPointer<Double>, months: Int, years: [Range<Int>]) {
        self.values = values
        self.months = months
        self.years = years
    }

    mutating func metric(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: @autoclosure () -> Double,
                         pooled: @autoclosure () -> PooledRatio?) {
        values[k] = value()
        k += 1
    }

    mutating func series(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: (Int) -> Double) {
        for t in 0..<months {
            values[k] = value(t)
            k += 1
        }
    }

    mutating func yearly(_ id: @autoclosure () -> MetricID, _ value: (Range<Int>) -> Double) {
        for range in years {
            values[k] = value(range)
            k += 1
        }
    }
}

extension RunAccumulator {
    /// The exact state of a run's accumulators, for partial results (`offtake run --shard`): the ids
    /// of every metric, series and yearly aggregate, the number of paths, and each cell's
    /// ``MetricAccumulator`` (exact sums, counts, extremes, sketch buckets). Restoring it with
    /// ``init(model:snapshot:)`` and merging gives bit-identical results to a run that never left
    /// memory, because every accumulator encodes its complete canonical state.
    public struct Snapshot: Sendable, Codable, Equatable {
        public var metricIDs: [String]
        public var seriesIDs: [String]
        public var yearlyIDs: [String]
        public var months: Int
        public var years: Int
        public var paths: Int
        public var metrics: [MetricAccumulator]
        public var series: [MetricAccumulator]
        public var yearly: [MetricAccumulator]
    }

    /// Why a snapshot does not fit a model.
    public struct SnapshotMismatch: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The state with every buffered path added.
    public var snapshot: Snapshot {
        var flushed = self
        flushed.flush()
        return Snapshot(
            metricIDs: metricDefinitions.map(\.id), seriesIDs: seriesIDs, yearlyIDs: yearlyIDs, months: months, years: years,
            paths: flushed.paths, metrics: flushed.metrics, series: flushed.series, yearly: flushed.yearly)
    }

    /// The accumulator of `model` holding `snapshot`'s state. Throws when the snapshot was made for a
    /// model with other metrics, series, years or months, or its cell counts do not match its ids.
    public init(model: SimulationModel, snapshot: Snapshot) throws(SnapshotMismatch) {
        self.init(model: model)
        guard snapshot.metricIDs == metricDefinitions.map(\.id), snapshot.seriesIDs == seriesIDs,
              snapshot.yearlyIDs == yearlyIDs, snapshot.months == months, snapshot.years == years else {
            throw SnapshotMismatch(description: "the accumulators were made for a model with other metrics, series or horizon")
        }
        guard snapshot.metrics.count == metrics.count, snapshot.series.count == series.count,
              snapshot.yearly.count == yearly.count, snapshot.paths >= 0 else {
            throw SnapshotMismatch(description: "the number of accumulators does not match the metric ids")
        }
        let template = MetricAccumulator()
        for (name, cells) in [("metrics", snapshot.metrics), ("series", snapshot.series), ("yearly", snapshot.yearly)] {
            for (i, cell) in cells.enumerated() where !cell.isMergeable(with: template) || cell.count > snapshot.paths {
                throw SnapshotMismatch(description: "\(name)[\(i)]: " + (cell.isMergeable(with: template)
                    ? "\(cell.count) observations, more than the \(snapshot.paths) paths" : "other accumulator parameters (shift, accuracy or bucket limit)"))
            }
        }
        metrics = snapshot.metrics
        series = snapshot.series
        yearly = snapshot.yearly
        paths = snapshot.paths
    }
}
