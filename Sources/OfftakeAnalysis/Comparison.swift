import OfftakeEngine
import OfftakeModel

/// `offtake compare A B`: two scenarios (two files, or one file and its `--set` variant) on the same
/// random numbers, side by side with paired differences B − A and their standard errors.
public struct Comparison: Sendable {
    public var a: Scenario
    public var b: Scenario
    public var labels: (String, String)

    /// Paths when none are asked for.
    public static let defaultPaths = 10_000

    public init(a: Scenario, b: Scenario, labels: (String, String)) {
        self.a = a
        self.b = b
        self.labels = labels
    }

    public func run(seed: UInt64, paths: Int, threads: Int, control: RunControl? = nil) throws -> CompareReport {
        let models = [try SimulationModel(scenario: a), try SimulationModel(scenario: b)]
        let catalogs = models.map { MetricCatalog(model: $0) }
        let inB = Set(catalogs[1].ids)
        let common = catalogs[0].definitions.filter { inB.contains($0.id) }
        let evaluation = PairedEvaluation(models: models, variants: [Variant(name: labels.0, model: 0), Variant(name: labels.1, model: 1)],
                                          metrics: common.map(\.id), batches: StressTest.batches)
        let summary = try evaluation.run(seed: seed, paths: 0..<paths, threads: threads, control: control)
        var verdict: [CompareReport.Row] = []
        for verdictLine in RunResult.verdictLines(models: models) {
            guard let m = common.firstIndex(where: { $0.metric == verdictLine.line.metric }) else { continue }
            if verdictLine.onlyIfUsed && !(summary.values[0][m].moments.mean > 0 || summary.values[1][m].moments.mean > 0) { continue }
            verdict.append(row(summary, m, verdictLine.line))
        }
        let metrics = common.indices.map { m in row(summary, m, MetricLine(common[m].metric, .mean)) }
        return CompareReport(a: labels.0, b: labels.1, seed: seed, paths: paths, verdict: verdict, metrics: metrics,
                             onlyInA: catalogs[0].ids.filter { !inB.contains($0) }, onlyInB: catalogs[1].ids.filter { !Set(catalogs[0].ids).contains($0) })
    }

    func row(_ summary: PairedEvaluation.Summary, _ m: Int, _ line: MetricLine) -> CompareReport.Row {
        let statistic = line.statistic.rawValue
        let d = summary.difference(1, m, statistic: statistic)
        return CompareReport.Row(line, .init(a: summary.value(0, m, statistic: statistic), b: summary.value(1, m, statistic: statistic),
                                             difference: d.value, standardError: d.standardError))
    }
}

/// `offtake.compare/1`.
public struct CompareReport: Sendable, Codable, Equatable {
    public static let schemaID = "offtake.compare/1"
    public var schema = CompareReport.schemaID
    public var a: String
    public var b: String
    public var seed: UInt64
    public var paths: Int
    /// The verdict lines of either scenario.
    public var verdict: [Row]
    /// Every metric both scenarios write: means.
    public var metrics: [Row]
    public var onlyInA: [String]
    public var onlyInB: [String]

    /// A metric's statistic (``MetricLine``: `id`, `statistic`, `label`) under A and B.
    public typealias Row = DocumentLine<Paired>

    public struct Paired: Sendable, Codable, Equatable {
        public var a: Double
        public var b: Double
        /// B − A on the same paths.
        public var difference: Double
        public var standardError: Double?
    }
}
