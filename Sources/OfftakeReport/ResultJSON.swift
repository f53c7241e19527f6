import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel

/// The JSON encoding policy of every Offtake document (`offtake.result/1` and the analyses', the
/// partial results of shards, `offtake sample --format json`): keys sorted (identical bytes for
/// identical results), pretty-printed with slashes unescaped (documents for people and tools), and
/// non-finite numbers as the strings `"Infinity"`, `"-Infinity"`, `"NaN"` (an infinite leverage when
/// EBITDA is not positive; a statistic undefined on every path). Every JSON writer goes through
/// ``encoder(compact:)`` or, for a document built as a dictionary, ``value(_:)``. Lines of the verdict
/// and of the analyses get their English `label` from ``VerdictWording`` (the engine writes none).
public enum ResultJSON {
    /// The strings written for +∞, −∞ and NaN.
    public static let positiveInfinity = "Infinity", negativeInfinity = "-Infinity", nan = "NaN"

    /// The encoder of the policy; `compact` writes one line without the pretty-printing (the payload
    /// of a partial result, whose checksum covers exact bytes).
    public static func encoder(compact: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.userInfo[MetricLabeller.key] = VerdictWording.documentLabeller
        encoder.outputFormatting = compact ? [.sortedKeys] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
        return decoder
    }

    /// A value as a JSON document under the policy.
    public static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder().encode(value) }

    /// A number for a document built as a dictionary (`JSONSerialization`): itself when finite, else
    /// the policy's string.
    public static func value(_ x: Double) -> Any { x.isFinite ? x : (x.isNaN ? nan : (x > 0 ? positiveInfinity : negativeInfinity)) }

    /// A document built as a dictionary, under the policy (pretty-printed, sorted keys, slashes unescaped);
    /// its numbers must have gone through ``value(_:)``.
    public static func serialize(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Why a result document could not be read: a message for people (what is wrong and where).
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads an `offtake.result/1` document, checking its schema first so another document (a scenario,
    /// an analysis) gets a message naming what it is, and a malformed one the JSON path of the problem.
    public static func decodeResult(_ data: Data) throws(ReadError) -> RunResult {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ReadError(message: "not JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any] else { throw ReadError(message: "expected a JSON object with \"schema\": \"\(RunResult.schemaID)\"") }
        guard let schema = dictionary["schema"] as? String else {
            throw ReadError(message: "no \"schema\" key: expected an \(RunResult.schemaID) document (written by offtake run --json)")
        }
        guard schema == RunResult.schemaID else {
            throw ReadError(message: "schema is \"\(schema)\"; expected \"\(RunResult.schemaID)\" (written by offtake run --json)")
        }
        let result = try decode(RunResult.self, from: data)
        try check(result)
        return result
    }

    /// The most paths a result or a partial result may count: 2⁵³, the largest count every `Double`
    /// computation on it (means, intervals) holds exactly; a billion paths already take hours.
    public static let maximumPaths = 1 << 53

    /// Checks what the renderers and exports count and index by, so a document that decodes but was
    /// not written by `offtake run` (edited, or from another machine) is refused with the JSON path of
    /// the first bad field instead of rendering nonsense or trapping: the path count, the horizon
    /// (`YYYY-MM`, at most ``Scenario/maximumHorizonMonths``), every series on exactly the horizon's
    /// months, metric counts within the paths, intervals of two values, 51 percentiles, yearly cells
    /// keyed by the horizon's years.
    static func check(_ r: RunResult) throws(ReadError) {
        func refuse(_ path: String, _ message: String) -> ReadError { ReadError(message: "\(path): \(message)") }
        guard (1...maximumPaths).contains(r.paths) else { throw refuse("paths", "\(r.paths) is not a number of paths (1 … 2^53)") }
        guard let start = Month(parsing: r.horizon.start) else { throw refuse("horizon.start", "expected YYYY-MM (1900 … 2200), found \(r.horizon.start)") }
        guard let end = Month(parsing: r.horizon.end) else { throw refuse("horizon.end", "expected YYYY-MM (1900 … 2200), found \(r.horizon.end)") }
        let months = start.months(to: end) + 1
        guard (1...Scenario.maximumHorizonMonths).contains(months) else {
            throw refuse("horizon", "\(r.horizon.start) … \(r.horizon.end) is not a horizon of 1 to \(Scenario.maximumHorizonMonths) months")
        }
        let labels = (0..<months).map { start.advanced(by: $0).description }
        let years = Set((0..<months).map { String(start.advanced(by: $0).year) })
        for (id, series) in r.series.sorted(by: { $0.key < $1.key }) {
            guard series.months == labels else {
                throw refuse("series.\(id).months", series.months.count == months
                    ? "not the horizon's months \(labels[0]) … \(labels[months - 1])"
                    : "\(series.months.count) months, the horizon has \(months)")
            }
            for (name, values) in [("mean", series.mean), ("p5", series.p5), ("p25", series.p25), ("p50", series.p50), ("p75", series.p75), ("p95", series.p95)]
            where values.count != months {
                throw refuse("series.\(id).\(name)", "\(values.count) values for \(months) months")
            }
        }
        for (id, metric) in r.metrics.sorted(by: { $0.key < $1.key }) {
            guard (0...r.paths).contains(metric.count) else { throw refuse("metrics.\(id).count", "\(metric.count) is not within 0 … \(r.paths) paths") }
            if let ci = metric.ci95, ci.count != 2 { throw refuse("metrics.\(id).ci95", "\(ci.count) values, expected 2") }
            if let p = metric.percentiles, p.count != RunResult.percentileLevels.count {
                throw refuse("metrics.\(id).percentiles", "\(p.count) values, expected \(RunResult.percentileLevels.count)")
            }
        }
        for (i, entry) in r.verdict.enumerated() {
            guard entry.ci95.count == 2 else { throw refuse("verdict[\(i)].ci95", "\(entry.ci95.count) values, expected 2") }
        }
        for (id, cells) in r.yearly.sorted(by: { $0.key < $1.key }) {
            if let year = cells.keys.sorted().first(where: { !years.contains($0) }) {
                throw refuse("yearly.\(id).\(year)", "not a year of the horizon \(labels[0]) … \(labels[months - 1])")
            }
        }
    }

    /// The `schema` of a JSON document, nil when it is not a JSON object with one.
    public static func schema(of data: Data) -> String? {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["schema"] as? String
    }

    /// Reads an analysis document of a known schema; a decoding failure names the JSON path, and an
    /// analysis document that decodes is checked like a result (``checkAnalysis(_:)``).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ReadError) -> T {
        let value: T
        do {
            value = try decoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReadError(message: "\(path(context.codingPath + [key])): missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
            throw ReadError(message: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw ReadError(message: "\(error)")
        }
        try checkAnalysis(value)
        return value
    }

    /// Checks what the analysis renderers count and index by, as ``check(_:)`` does for a result: the
    /// path count (1 … 2⁵³); a stress row's cells one per stress, in the stresses' order; a sensitivity
    /// document's metrics each with tornado bars or Sobol indices, the latter with two-value intervals; an
    /// optimisation's estimates on 1 … 2⁵³ paths with two-value intervals, decisions with min ≤ max, and
    /// frontier points with one value per decision. Other values are refused with their JSON path.
    static func checkAnalysis(_ document: Any) throws(ReadError) {
        func refuse(_ path: String, _ message: String) -> ReadError { ReadError(message: "\(path): \(message)") }
        func checkPaths(_ paths: Int, _ path: String) throws(ReadError) {
            guard (1...maximumPaths).contains(paths) else { throw refuse(path, "\(paths) is not a number of paths (1 … 2^53)") }
        }
        func checkInterval(_ values: [Double], _ path: String) throws(ReadError) {
            guard values.count == 2 else { throw refuse(path, "an interval has 2 values, found \(values.count)") }
        }
        switch document {
        case let stress as StressReport:
            try checkPaths(stress.paths, "paths")
            let names = stress.stresses.map(\.name)
            for (i, row) in stress.rows.enumerated() {
                guard row.stressed.map(\.stress) == names else {
                    throw refuse("rows[\(i)].stressed", "one cell per stress (\(names.joined(separator: ", "))) expected, found \(row.stressed.map(\.stress).joined(separator: ", "))")
                }
            }
        case let compare as CompareReport:
            try checkPaths(compare.paths, "paths")
        case let sensitivity as SensitivityReport:
            try checkPaths(sensitivity.paths, "paths")
            for (i, metric) in sensitivity.metrics.enumerated() {
                guard metric.tornado != nil || metric.sobol != nil else { throw refuse("metrics[\(i)]", "neither tornado bars nor Sobol indices") }
                for (j, group) in (metric.sobol?.groups ?? []).enumerated() {
                    try checkInterval(group.firstOrder95, "metrics[\(i)].sobol.groups[\(j)].firstOrder95")
                    try checkInterval(group.total95, "metrics[\(i)].sobol.groups[\(j)].total95")
                }
            }
        case let optimize as OptimizeReport:
            try checkPaths(optimize.paths, "paths")
            for (i, decision) in optimize.decisions.enumerated() where !(decision.min <= decision.max) {
                throw refuse("decisions[\(i)]", "min \(decision.min) is not at most max \(decision.max)")
            }
            try checkPaths(optimize.objective.check.paths, "objective.check.paths")
            try checkInterval(optimize.objective.check.ci95, "objective.check.ci95")
            for (i, constraint) in optimize.constraints.enumerated() {
                try checkPaths(constraint.check.paths, "constraints[\(i)].check.paths")
                try checkInterval(constraint.check.ci95, "constraints[\(i)].check.ci95")
            }
            for (i, point) in (optimize.frontier?.points ?? []).enumerated() where point.x.count != optimize.decisions.count {
                throw refuse("frontier.points[\(i)].x", "one value per decision (\(optimize.decisions.count)) expected, found \(point.x.count)")
            }
        default:
            return
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "document" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
}
