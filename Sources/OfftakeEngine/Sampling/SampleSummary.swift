import OfftakeRandom

/// Summary statistics of a sample next to the distribution's exact values (`offtake sample`; its text
/// and JSON are in OfftakeReport).
public struct SampleSummary: Sendable {
    public static let levels: [Double] = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99]

    public let count: Int
    public let mean: Double
    public let sd: Double
    /// Empirical quantiles at ``levels`` (type-7, linear interpolation between order statistics).
    public let quantiles: [Double]
    public let exactMean: Double
    public let exactSD: Double
    public let exactQuantiles: [Double]
    public let minimum: Double
    public let maximum: Double
    /// Histogram bars (lower edge, upper edge, count): one per value for discrete samples, otherwise
    /// equal-width bins over the central 99%.
    public let histogram: [(lower: Double, upper: Double, count: Int)]
    /// Draws below and above the histogram's range.
    public let below: Int
    public let above: Int

    /// Every statistic is finite-safe: draws near ±1.8e308 (whose differences overflow) or infinite
    /// give the right finite value, ±∞ or NaN, never a trap.
    public init(draws: [Double], distribution: Distribution, binCount: Int = 20) {
        count = draws.count
        (mean, sd) = SampleSummary.meanAndSD(draws)
        let sorted = RadixSort.sorted(draws)
        quantiles = SampleSummary.levels.map { SampleSummary.quantile(sorted, $0) }
        minimum = sorted.first ?? .nan
        maximum = sorted.last ?? .nan
        exactMean = distribution.mean
        exactSD = distribution.standardDeviation
        exactQuantiles = SampleSummary.levels.map { distribution.quantile($0) }
        // One bar per value for discrete samples with few values; otherwise equal bins over the central
        // 99% (p0.5 … p99.5) of the finite draws so that a long tail does not squeeze the body into one bar.
        var distinct: [Double] = []
        for x in sorted where distinct.last != x {
            distinct.append(x)
            if distinct.count > binCount { break }
        }
        if distinct.count <= binCount {
            histogram = distinct.map { value in (value, value, sorted.count(where: { $0 == value })) }
            below = 0
            above = 0
        } else {
            let (lo, hi) = SampleSummary.centralRange(sorted)
            var counts = [Int](repeating: 0, count: binCount)
            var under = 0, over = 0
            for x in sorted {
                if !(x >= lo) { under += 1 } else if !(x <= hi) { over += 1 } else {
                    counts[SampleSummary.bin(x, lo, hi, binCount)] += 1
                }
            }
            histogram = counts.enumerated().map {
                (SampleSummary.edge($0.offset, lo, hi, binCount), SampleSummary.edge($0.offset + 1, lo, hi, binCount), $0.element)
            }
            below = under
            above = over
        }
    }

    /// Welford's online mean and sample standard deviation (numerically stable). Draws are scaled by a
    /// power of two when they are so large (or small) that their squares would overflow (underflow); infinite
    /// draws give an infinite mean (NaN if both signs) and a NaN sd.
    static func meanAndSD(_ draws: [Double]) -> (mean: Double, sd: Double) {
        // One pass for both the finiteness check and the largest magnitude (no copy of the draws).
        var largest = 0.0
        for x in draws {
            guard x.isFinite else {
                let mean = draws.reduce(0, +)
                return (mean.isFinite ? .nan : mean, .nan)
            }
            largest = Swift.max(largest, abs(x))
        }
        // Squares of draws beyond 2⁵⁰⁰ overflow and below 2⁻⁵⁰⁰ underflow: scale the largest to [1, 2).
        let scale = largest > 0x1p500 || (largest > 0 && largest < 0x1p-500)
            ? Double(sign: .plus, exponent: -largest.exponent, significand: 1) : 1
        var m = 0.0, s = 0.0
        for (i, x) in draws.enumerated() {
            let delta = x * scale - m
            m += delta / Double(i + 1)
            s += delta * (x * scale - m)
        }
        let sd = draws.count > 1 ? (s / Double(draws.count - 1)).squareRoot() : 0
        return (m / scale, sd / scale)
    }

    /// The bin of x in [lo, hi] (equal widths), computed without forming hi − lo (which may overflow).
    static func bin(_ x: Double, _ lo: Double, _ hi: Double, _ binCount: Int) -> Int {
        let t = (x / 2 - lo / 2) / (hi / 2 - lo / 2)
        guard t.isFinite, t > 0 else { return 0 }
        return min(binCount - 1, Int(t * Double(binCount)))
    }

    /// The i-th of binCount + 1 equally spaced edges from lo to hi, as a convex combination (no overflow).
    static func edge(_ i: Int, _ lo: Double, _ hi: Double, _ binCount: Int) -> Double {
        let f = Double(i) / Double(binCount)
        return i == 0 ? lo : i == binCount ? hi : lo * (1 - f) + hi * f
    }

    /// The 0.5 % and 99.5 % quantiles of the finite values of `sorted` (ascending). Without NaN the
    /// finite values are one run between the −∞ at the start and the +∞ at the end, read in place;
    /// with NaN (not a distribution's draw) they are gathered first.
    static func centralRange(_ sorted: [Double]) -> (lo: Double, hi: Double) {
        sorted.withUnsafeBufferPointer { all in
            if all.contains(where: \.isNaN) {
                let finite = all.filter(\.isFinite)
                return (quantile(finite, 0.005), quantile(finite, 0.995))
            }
            var a = 0, b = all.count
            while a < b && !all[a].isFinite { a += 1 }
            while b > a && !all[b - 1].isFinite { b -= 1 }
            let finite = UnsafeBufferPointer(rebasing: all[a..<b])
            return (quantile(finite, 0.005), quantile(finite, 0.995))
        }
    }

    /// Hyndman–Fan type 7 sample quantile. The interpolation falls back to a convex combination
    /// when the difference of the two order statistics overflows.
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.withUnsafeBufferPointer { quantile($0, p) }
    }

    /// The same over a buffer (a run of a sorted array, without copying it).
    static func quantile(_ sorted: UnsafeBufferPointer<Double>, _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        let f = h - Double(lo)
        if f == 0 || sorted[lo] == sorted[hi] { return sorted[lo] }
        let difference = sorted[hi] - sorted[lo]
        if difference.isFinite { return sorted[lo] + f * difference }
        return sorted[lo] * (1 - f) + sorted[hi] * f
    }
}
