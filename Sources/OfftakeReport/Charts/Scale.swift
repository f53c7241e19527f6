import Foundation

/// A linear map from a data interval (`domain`) to a pixel interval (`range`):
/// `y = r₀ + (x − d₀) · (r₁ − r₀) / (d₁ − d₀)`. A degenerate domain (d₀ = d₁) maps everything to the
/// middle of the range. The range may be reversed (SVG's y axis points down).
public struct LinearScale: Sendable, Equatable {
    public var domain: ClosedRange<Double>
    public var range: (Double, Double)

    public init(domain: ClosedRange<Double>, range: (Double, Double)) {
        self.domain = domain
        self.range = range
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }

    public func callAsFunction(_ x: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (x - domain.lowerBound) * (range.1 - range.0) / span
    }

    /// The same scale with its domain widened to whole multiples of the tick step (`Ticks.step`), so
    /// the axis starts and ends on a labelled tick.
    public func niced(count: Int = 5) -> LinearScale {
        let step = Ticks.step(domain.lowerBound, domain.upperBound, count: count)
        guard step > 0, step.isFinite else { return self }
        let lo = Ticks.multiple((domain.lowerBound / step).rounded(.down), of: step)
        let hi = Ticks.multiple((domain.upperBound / step).rounded(.up), of: step)
        return LinearScale(domain: lo...hi, range: range)
    }
}

/// "Nice" tick values for an axis: multiples of 1, 2 or 5 × 10ᵏ (Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990; the thresholds are d3-array's `tickIncrement`).
public enum Ticks {
    /// The tick step for about `count` ticks over [lo, hi]: the raw step s = (hi − lo)/count is written
    /// s = e·10ᵏ with 1 ≤ e < 10, and e is rounded to 1, 2, 5 or 10 at the geometric midpoints
    /// √2, √10, √50. Zero when lo = hi or an end is not finite.
    public static func step(_ lo: Double, _ hi: Double, count: Int) -> Double {
        let span = hi - lo
        guard span > 0, span.isFinite, count > 0 else { return 0 }
        let raw = span / Double(count)
        let power = (log10(raw)).rounded(.down)
        let magnitude = pow(10, power)
        let e = raw / magnitude
        let factor: Double = e >= 50.squareRoot() ? 10 : e >= 10.squareRoot() ? 5 : e >= 2.squareRoot() ? 2 : 1
        return factor * magnitude
    }

    /// The multiples of `step(lo, hi, count)` inside [lo, hi], computed as integer multiples (k·step,
    /// not repeated addition, so 0.1 + 0.2 never shows as 0.30000000000000004). A degenerate interval
    /// gives its one value.
    public static func values(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        if lo == hi { return [lo] }
        let s = step(lo, hi, count: count)
        guard s > 0 else { return [] }
        let first = (lo / s - 1e-9).rounded(.up), last = (hi / s + 1e-9).rounded(.down)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { multiple($0, of: s) }
    }

    /// k × step as the nearest double to the exact decimal: for a step below 1 (d decimals) it is
    /// computed as k × (step·10ᵈ) ÷ 10ᵈ with an integer numerator, so 7 × 0.1 gives 0.7, not
    /// 0.7000000000000001.
    public static func multiple(_ k: Double, of step: Double) -> Double {
        let decimals = max(0, -Int((log10(step)).rounded(.down)))
        guard decimals > 0 else { return k * step }
        let p = pow(10, Double(decimals))
        return (k * (step * p).rounded()) / p
    }

    /// Decimals needed to tell the ticks of `step` apart: 0 for steps ≥ 1, else −⌊log₁₀ step⌋ (0.25 → 1
    /// is not a tick step; 0.2 → 1, 0.05 → 2).
    public static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite, step < 1 else { return 0 }
        return max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }
}
