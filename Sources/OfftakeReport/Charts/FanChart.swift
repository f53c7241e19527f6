import OfftakeEngine

/// A monthly fan chart: the p5–p95 band, the p25–p75 band and the median line over months, with an
/// optional horizontal reference line (a leverage covenant).
///
/// The y axis spans the finite values, zero and the reference, widened to nice ticks; with `yLimit`
/// values above it (an infinite leverage when EBITDA is not positive) are drawn at the limit and the
/// chart says so in its description. Non-finite values elsewhere leave gaps.
public struct FanChart: Chart {
    public struct Reference: Sendable, Equatable {
        public var value: Double
        public var label: String
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    public var text: ChartText
    public var kind: MetricKind
    /// Month labels `YYYY-MM`, one per point.
    public var months: [String]
    public var p5: [Double], p25: [Double], p50: [Double], p75: [Double], p95: [Double]
    public var reference: Reference?
    /// Largest value drawn; larger ones are drawn at it.
    public var yLimit: Double?
    /// Legend names of the outer band, the inner band and the median.
    public var legend: (outer: String, inner: String, median: String)
    public var colour: String
    public var frame = ChartFrame()

    public init(text: ChartText, kind: MetricKind, series: RunResult.Series, reference: Reference? = nil, yLimit: Double? = nil,
                legend: (outer: String, inner: String, median: String), colour: String = Palette.blue) {
        self.text = text
        self.kind = kind
        months = series.months
        p5 = series.p5; p25 = series.p25; p50 = series.p50; p75 = series.p75; p95 = series.p95
        self.reference = reference
        self.yLimit = yLimit
        self.legend = legend
        self.colour = colour
    }

    /// The y scale (niced) for this chart's values.
    public func yScale() -> LinearScale {
        let limit = yLimit ?? .infinity
        var values = (p5 + p25 + p50 + p75 + p95).filter(\.isFinite).map { min($0, limit) }
        values.append(0)
        if let reference { values.append(reference.value) }
        if yLimit != nil, (p95 + p75 + p50).contains(where: { $0 > limit }) { values.append(limit) }
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        return LinearScale(domain: lo...(hi > lo ? hi : lo + 1), range: (frame.plotBottom, frame.plotTop)).niced()
    }

    public func xScale() -> LinearScale {
        LinearScale(domain: 0...Double(max(1, months.count - 1)), range: (frame.plotLeft, frame.plotRight))
    }

    /// January of each year, labelled with the year; every other year when there are more than ten.
    public func xTicks() -> [(x: Double, label: String)] {
        let x = xScale()
        let januaries = months.indices.filter { months[$0].hasSuffix("-01") }
        let every = januaries.count > 10 ? 2 : 1
        return januaries.enumerated().filter { $0.offset % every == 0 }.map { (x(Double($0.element)), String(months[$0.element].prefix(4))) }
    }

    public func svg(format: NumberFormat) -> Markup {
        let y = yScale(), x = xScale()
        let limit = yLimit ?? .infinity
        let magnitude = max(abs(y.domain.lowerBound), abs(y.domain.upperBound))
        let unit = AxisUnit.of(kind, magnitude: magnitude, language: format.language)
        let ticks = Ticks.values(y.domain.lowerBound, y.domain.upperBound)
        func points(_ values: [Double]) -> [(Double, Double)] {
            values.enumerated().map { i, v in
                let clamped = v == .infinity && yLimit != nil ? limit : (v.isFinite ? min(v, limit) : .nan)
                return (x(Double(i)), y(clamped))
            }
        }
        var children: [Markup] = [SVG.yAxis(frame, y, ticks: ticks, unit: unit, label: text.yLabel, format: format),
                                  SVG.xAxis(frame, ticks: xTicks(), label: text.xLabel)]
        children.append(.el("path", [("class", "band-outer"), ("d", SVG.band(upper: points(p95), lower: points(p5))), ("fill", colour), ("fill-opacity", "0.18")]))
        children.append(.el("path", [("class", "band-inner"), ("d", SVG.band(upper: points(p75), lower: points(p25))), ("fill", colour), ("fill-opacity", "0.4")]))
        children.append(.el("path", [("class", "median"), ("d", SVG.line(points(p50))), ("fill", "none"), ("stroke", colour), ("stroke-width", "2")]))
        if let reference {
            let ry = SVG.n(y(reference.value))
            children.append(.el("line", [("class", "reference"), ("x1", SVG.n(frame.plotLeft)), ("x2", SVG.n(frame.plotRight)), ("y1", ry), ("y2", ry),
                                         ("stroke", Palette.vermillion), ("stroke-width", "1.5"), ("stroke-dasharray", "6 4")]))
            children.append(.el("text", [("class", "reference-label"), ("x", SVG.n(frame.plotRight - 4)), ("y", SVG.n(y(reference.value) - 5)),
                                         ("text-anchor", "end"), ("fill", Palette.vermillion)], text: reference.label))
        }
        children.append(SVG.legend(frame, [(legend.outer, colour, "0.18"), (legend.inner, colour, "0.4"), (legend.median, colour, "1")]))
        return SVG.root(frame, text, children)
    }
}
