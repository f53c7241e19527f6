import Foundation
import OfftakeRandom

/// Summary statistics of a sample next to the distribution's exact values.
struct SampleSummary {
    static let levels: [Double] = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99]

    let count: Int
    let mean: Double
    let sd: Double
    /// Empirical quantiles at ``levels`` (type-7, linear interpolation between order statistics).
    let quantiles: [Double]
    let exactMean: Double
    let exactSD: Double
    let exactQuantiles: [Double]
    let minimum: Double
    let maximum: Double
    /// Histogram over [minimum, maximum].
    let bins: [Int]

    init(draws: [Double], distribution: Distribution, binCount: Int = 20) {
        count = draws.count
        // Welford's online mean and variance (numerically stable).
        var m = 0.0, s = 0.0
        for (i, x) in draws.enumerated() {
            let delta = x - m
            m += delta / Double(i + 1)
            s += delta * (x - m)
        }
        mean = m
        sd = draws.count > 1 ? (s / Double(draws.count - 1)).squareRoot() : 0
        let sorted = draws.sorted()
        quantiles = SampleSummary.levels.map { SampleSummary.quantile(sorted, $0) }
        minimum = sorted.first ?? .nan
        maximum = sorted.last ?? .nan
        exactMean = distribution.mean
        exactSD = distribution.variance.squareRoot()
        exactQuantiles = SampleSummary.levels.map { distribution.quantile($0) }
        var bins = [Int](repeating: 0, count: binCount)
        let width = (maximum - minimum) / Double(binCount)
        for x in sorted {
            let k = width > 0 ? min(binCount - 1, Int((x - minimum) / width)) : 0
            bins[k] += 1
        }
        self.bins = bins
    }

    /// Hyndman–Fan type 7 sample quantile.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "undefined" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.6g", x)
    }

    func text(expression: String, seed: UInt64) -> String {
        var lines: [String] = []
        lines.append(expression)
        lines.append("n = \(count), seed = \(seed)")
        lines.append("")
        func row(_ label: String, _ sample: String, _ exact: String) -> String {
            label.padding(toLength: 8, withPad: " ", startingAt: 0)
                + sample.padding(toLength: 28, withPad: " ", startingAt: 0) + exact
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
        let peak = bins.max() ?? 1
        let width = (maximum - minimum) / Double(bins.count)
        for (k, c) in bins.enumerated() {
            let lo = minimum + Double(k) * width
            let bar = String(repeating: "█", count: peak > 0 ? Int((Double(c) / Double(peak) * 40).rounded()) : 0)
            lines.append(SampleSummary.number(lo).padding(toLength: 12, withPad: " ", startingAt: 0) + "│" + bar + " \(c)")
            if width == 0 { break }
        }
        return lines.joined(separator: "\n")
    }

    func json(expression: String, seed: UInt64) throws -> String {
        func value(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        var sampleQuantiles: [String: Any] = [:], exact: [String: Any] = [:]
        for (i, level) in SampleSummary.levels.enumerated() {
            let key = "p\(Int((level * 100).rounded()))"
            sampleQuantiles[key] = value(quantiles[i])
            exact[key] = value(exactQuantiles[i])
        }
        let width = (maximum - minimum) / Double(bins.count)
        let object: [String: Any] = [
            "schema": "offtake.sample/1",
            "expression": expression, "n": count, "seed": seed,
            "mean": value(mean), "stderr": value(sd / Double(count).squareRoot()), "sd": value(sd),
            "min": value(minimum), "max": value(maximum),
            "quantiles": sampleQuantiles,
            "exact": ["mean": value(exactMean), "sd": value(exactSD), "quantiles": exact],
            "histogram": ["edges": (0...bins.count).map { value(minimum + Double($0) * width) }, "counts": bins],
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
