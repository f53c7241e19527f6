import Foundation
import OfftakeEngine

/// `offtake sample`'s summary as text and as its JSON document.
extension SampleSummary {
    /// Four significant digits with a K/M/B/T suffix from ten thousand up (`46.32B`), `%.6g` below.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "undefined" : (x > 0 ? "inf" : "-inf") }
        let suffixes: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e4, "K")]
        for (scale, suffix) in suffixes where abs(x) >= scale {
            let unit = suffix == "K" ? 1e3 : scale
            if abs(x) >= 1e15 { return String(format: "%.4g", x) }
            return String(format: "%.4g", x / unit) + suffix
        }
        return String(format: "%.6g", x)
    }

    /// The summary for people: the sample's statistics next to the exact ones, and a histogram.
    public func text(expression: String, seed: UInt64) -> String {
        var lines: [String] = []
        lines.append(expression)
        lines.append("n = \(count), seed = \(seed)")
        lines.append("")
        func row(_ label: String, _ sample: String, _ exact: String) -> String {
            label.padding(toLength: 8, withPad: " ", startingAt: 0)
                + sample.padding(toLength: max(28, sample.count + 2), withPad: " ", startingAt: 0) + exact
        }
        lines.append(row("", "sample", "exact"))
        let stderr = sd / Double(count).squareRoot()
        lines.append(row("mean", "\(SampleSummary.number(mean)) ± \(SampleSummary.number(stderr))", SampleSummary.number(exactMean)))
        lines.append(row("sd", SampleSummary.number(sd), SampleSummary.number(exactSD)))
        for (i, level) in SampleSummary.levels.enumerated() {
            lines.append(row("p\(Int((level * 100).rounded()))", SampleSummary.number(quantiles[i]), SampleSummary.number(exactQuantiles[i])))
        }
        lines.append("(± is the Monte Carlo standard error of the mean)")
        lines.append("")
        let peak = max(1, histogram.map(\.count).max() ?? 1)
        let discrete = histogram.allSatisfy { $0.lower == $0.upper }
        if below > 0 { lines.append("< " + SampleSummary.number(histogram.first?.lower ?? minimum) + "  \(below) draws") }
        for bar in histogram {
            let label = discrete ? SampleSummary.number(bar.lower) : SampleSummary.number(bar.lower) + " …"
            let length = Int((Double(bar.count) / Double(peak) * 40).rounded())
            lines.append(label.padding(toLength: 14, withPad: " ", startingAt: 0) + "│" + String(repeating: "█", count: length) + " \(bar.count)")
        }
        if above > 0 { lines.append("> " + SampleSummary.number(histogram.last?.upper ?? maximum) + "  \(above) draws") }
        return lines.joined(separator: "\n")
    }

    /// The `offtake.sample/1` document.
    public func json(expression: String, seed: UInt64) throws -> String {
        let value = ResultJSON.value
        var sampleQuantiles: [String: Any] = [:], exact: [String: Any] = [:]
        for (i, level) in SampleSummary.levels.enumerated() {
            let key = "p\(Int((level * 100).rounded()))"
            sampleQuantiles[key] = value(quantiles[i])
            exact[key] = value(exactQuantiles[i])
        }
        let object: [String: Any] = [
            "schema": "offtake.sample/1",
            "expression": expression, "n": count, "seed": seed,
            "mean": value(mean), "stderr": value(sd / Double(count).squareRoot()), "sd": value(sd),
            "min": value(minimum), "max": value(maximum),
            "quantiles": sampleQuantiles,
            "exact": ["mean": value(exactMean), "sd": value(exactSD), "quantiles": exact],
            "histogram": ["lower": histogram.map { value($0.lower) }, "upper": histogram.map { value($0.upper) },
                          "counts": histogram.map(\.count), "below": below, "above": above],
        ]
        return String(decoding: try ResultJSON.serialize(object), as: UTF8.self)
    }
}
