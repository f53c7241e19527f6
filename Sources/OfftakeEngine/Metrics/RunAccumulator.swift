/// Streaming aggregation of a run: one `MetricAccumulator` per metric, per month of each series and per
/// year of each yearly aggregate. Memory does not grow with the number of paths (sketches are bounded),
/// and merging is exact and order-independent, so any split into threads or shards gives bit-identical
/// results.
public struct RunAccumulator: Sendable {
    public let metricDefinitions: [MetricDefinition]
    public let seriesIDs: [String]
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

    public init(model: SimulationModel) {
        var collector = DefinitionCollector()
        PathMetrics.visit(PathSimulator(model: model), &collector)
        metricDefinitions = collector.metrics
        seriesIDs = collector.series
        yearlyIDs = collector.yearly
        months = model.months
        years = model.years.count
        metrics = [MetricAccumulator](repeating: MetricAccumulator(), count: collector.metrics.count)
        series = [MetricAccumulator](repeating: MetricAccumulator(), count: collector.series.count * model.months)
        yearly = [MetricAccumulator](repeating: MetricAccumulator(), count: collector.yearly.count * model.years.count)
    }

    /// Adds the path the simulator has just run. Values that are undefined on this path (NaN ratios)
    /// are left out of that metric.
    public mutating func add(_ sim: PathSimulator) {
        var writer = ValueWriter(months: months, years: sim.model.yearRanges)
        swap(&writer.metrics, &metrics)
        swap(&writer.series, &series)
        swap(&writer.yearly, &yearly)
        PathMetrics.visit(sim, &writer)
        swap(&writer.metrics, &metrics)
        swap(&writer.series, &series)
        swap(&writer.yearly, &yearly)
        paths += 1
    }

    /// Adds everything `other` accumulated (same model).
    public mutating func merge(_ other: RunAccumulator) {
        precondition(other.metrics.count == metrics.count && other.series.count == series.count, "RunAccumulator.merge: different models")
        for i in metrics.indices { metrics[i].merge(other.metrics[i]) }
        for i in series.indices { series[i].merge(other.series[i]) }
        for i in yearly.indices { yearly[i].merge(other.yearly[i]) }
        paths += other.paths
    }
}

/// Writes one path's values into the accumulators, in the order of `PathMetrics.visit`.
struct ValueWriter: MetricSink {
    var metrics: [MetricAccumulator] = []
    var series: [MetricAccumulator] = []
    var yearly: [MetricAccumulator] = []
    let months: Int
    let years: [Range<Int>]
    var metricIndex = 0
    var seriesIndex = 0
    var yearlyIndex = 0

    init(months: Int, years: [Range<Int>]) {
        self.months = months
        self.years = years
    }

    mutating func metric(_ id: @autoclosure () -> String, _ kind: MetricKind, _ value: @autoclosure () -> Double) {
        let x = value()
        if !x.isNaN { metrics[metricIndex].add(x) }
        metricIndex += 1
    }

    mutating func series(_ id: @autoclosure () -> String, _ value: (Int) -> Double) {
        let base = seriesIndex * months
        for t in 0..<months {
            let x = value(t)
            if !x.isNaN { series[base + t].add(x) }
        }
        seriesIndex += 1
    }

    mutating func yearly(_ id: @autoclosure () -> String, _ value: (Range<Int>) -> Double) {
        let base = yearlyIndex * years.count
        for (y, range) in years.enumerated() {
            let x = value(range)
            if !x.isNaN { yearly[base + y].add(x) }
        }
        yearlyIndex += 1
    }
}
