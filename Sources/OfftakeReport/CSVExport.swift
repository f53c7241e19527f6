import OfftakeEngine

/// CSV files of a result (RFC 4180: comma-separated, CRLF line ends, fields with a comma, a quote or a
/// line break quoted with `"` and inner quotes doubled; UTF-8 without a byte order mark). Numbers are
/// written for machines whatever the report language: `.` decimals, shortest round-trip digits,
/// non-finite values as `Infinity`, `-Infinity`, `NaN` (as in the JSON), an absent value as an empty field.
public enum CSVExport {
    /// `metrics.csv`: one row per metric with every statistic, in metric order.
    public static let metricsHeader = ["metric", "kind", "count", "mean", "stderr", "p5", "p25", "p50", "p75", "p95", "min", "max",
                                       "ci95_low", "ci95_high", "pooled"]

    public static func metrics(_ result: RunResult) -> String {
        var rows = [metricsHeader]
        for id in result.metrics.keys.sorted(by: MetricOrder.precedes) {
            guard let m = result.metrics[id] else { continue }
            rows.append([id, m.kind.rawValue, String(m.count)] + [m.mean, m.stderr, m.p5, m.p25, m.p50, m.p75, m.p95, m.min, m.max].map(number)
                        + [m.ci95.map { number($0[0]) } ?? "", m.ci95.map { number($0[1]) } ?? "", m.pooled.map(number) ?? ""])
        }
        return document(rows)
    }

    /// `series.csv`, long format: one row per (series, month, statistic) with statistics mean, p5, p25,
    /// p50, p75, p95.
    public static let seriesHeader = ["metric", "month", "statistic", "value"]

    public static func series(_ result: RunResult) -> String {
        var rows = [seriesHeader]
        for id in result.series.keys.sorted(by: MetricOrder.precedes) {
            guard let s = result.series[id] else { continue }
            let statistics: [(String, [Double])] = [("mean", s.mean), ("p5", s.p5), ("p25", s.p25), ("p50", s.p50), ("p75", s.p75), ("p95", s.p95)]
            for (t, month) in s.months.enumerated() {
                for (name, values) in statistics where t < values.count { rows.append([id, month, name, number(values[t])]) }
            }
        }
        return document(rows)
    }

    /// `yearly.csv`, long format: one row per (aggregate, year, statistic) with mean, p5, p50, p95.
    public static let yearlyHeader = ["metric", "year", "statistic", "value"]

    public static func yearly(_ result: RunResult) -> String {
        var rows = [yearlyHeader]
        for id in result.yearly.keys.sorted(by: MetricOrder.precedes) {
            guard let years = result.yearly[id] else { continue }
            for year in years.keys.sorted() {
                guard let c = years[year] else { continue }
                for (name, value) in [("mean", c.mean), ("p5", c.p5), ("p50", c.p50), ("p95", c.p95)] { rows.append([id, year, name, number(value)]) }
            }
        }
        return document(rows)
    }

    /// The files of `--csv DIR`, by name.
    public static func files(_ result: RunResult) -> [(name: String, text: String)] {
        [("metrics.csv", metrics(result)), ("series.csv", series(result)), ("yearly.csv", yearly(result))]
    }

    /// Rows as an RFC 4180 document, each record ended by CRLF.
    public static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted when it holds a comma, a quote, CR or LF (RFC 4180 §2.6–2.7).
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number for machines: Swift's shortest representation that reads back to the same double.
    public static func number(_ x: Double) -> String {
        x.isNaN ? "NaN" : x.isInfinite ? (x > 0 ? "Infinity" : "-Infinity") : "\(x)"
    }
}
