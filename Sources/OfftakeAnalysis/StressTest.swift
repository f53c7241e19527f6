import OfftakeEngine
import OfftakeModel

/// `offtake stress`: the base scenario and each named stress on the same random numbers.
///
/// For every verdict line (of the base or of a stress), the base value, the stressed value and their
/// paired difference with its standard error (``PairedEvaluation``). A stress with no effect gives a
/// difference of exactly zero, because both variants simulate bit-identical paths.
public struct StressTest: Sendable {
    public var scenario: Scenario
    public var stresses: [String]

    /// `stresses` nil: every stress of the scenario, in file order.
    public init(scenario: Scenario, stresses: [String]? = nil) {
        self.scenario = scenario
        self.stresses = stresses ?? scenario.stresses.map(\.name)
    }

    /// Batches of paths for the standard error of a quantile difference.
    public static let batches = 20
    /// Paths when none are asked for.
    public static let defaultPaths = 10_000

    public func run(seed: UInt64, paths: Int, threads: Int, control: RunControl? = nil) throws -> StressReport {
        var models = [try SimulationModel(scenario: scenario)]
        for name in stresses {
            let request = try RunRequest(scenario: scenario, stress: name, seed: seed, paths: 0..<paths, threads: threads)
            models.append(request.model)
        }
        let lines = RunResult.verdictLines(models: models)
        var ids: [String] = []
        for line in lines where !ids.contains(line.line.metric.id) { ids.append(line.line.metric.id) }
        let evaluation = PairedEvaluation(models: models, variants: models.indices.map { Variant(name: $0 == 0 ? "base" : stresses[$0 - 1], model: $0) },
                                          metrics: ids, batches: StressTest.batches)
        let summary = try evaluation.run(seed: seed, paths: 0..<paths, threads: threads, control: control)
        var rows: [StressReport.Row] = []
        for verdictLine in lines {
            let line = verdictLine.line, statistic = line.statistic.rawValue
            guard let m = ids.firstIndex(of: line.metric.id) else { continue }
            // A workout line appears when the event happens under the base or some stress.
            if verdictLine.onlyIfUsed && !(0..<models.count).contains(where: { summary.values[$0][m].moments.mean > 0 }) { continue }
            guard summary.values[0][m].count > 0 || (1..<models.count).contains(where: { summary.values[$0][m].count > 0 }) else { continue }
            var cells: [StressReport.Cell] = []
            for v in 1..<models.count {
                let d = summary.difference(v, m, statistic: statistic)
                cells.append(StressReport.Cell(stress: stresses[v - 1], value: summary.value(v, m, statistic: statistic), difference: d.value, standardError: d.standardError))
            }
            rows.append(StressReport.Row(line, .init(base: summary.value(0, m, statistic: statistic), stressed: cells)))
        }
        let descriptions = stresses.map { name -> StressReport.StressInfo in
            let stress = scenario.stresses.first { $0.name == name }
            return StressReport.StressInfo(name: name, forceRegime: stress?.forceRegime.map { "\($0.regime) \($0.from)…\($0.to)" },
                                           set: stress?.overrides.map { "\($0.path)=\($0.value)" } ?? [])
        }
        return StressReport(scenario: scenario.name, seed: seed, paths: paths, stresses: descriptions, rows: rows)
    }
}

/// `offtake.stress/1`.
public struct StressReport: Sendable, Codable, Equatable {
    public static let schemaID = "offtake.stress/1"
    public var schema = StressReport.schemaID
    public var scenario: String
    public var seed: UInt64
    public var paths: Int
    public var stresses: [StressInfo]
    public var rows: [Row]

    public struct StressInfo: Sendable, Codable, Equatable {
        public var name: String
        public var forceRegime: String?
        public var set: [String]
    }

    /// A verdict line: `id`, `statistic` and `label` (``MetricLine``), the base value and each stress's.
    public typealias Row = DocumentLine<Values>

    public struct Values: Sendable, Codable, Equatable {
        public var base: Double
        public var stressed: [Cell]
    }

    public struct Cell: Sendable, Codable, Equatable {
        public var stress: String
        public var value: Double
        /// Stressed − base, on the same paths.
        public var difference: Double
        /// Paired standard error of the difference (nil for a quantile without batches).
        public var standardError: Double?
    }
}
