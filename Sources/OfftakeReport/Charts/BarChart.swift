import OfftakeEngine

/// Horizontal bars, one row per label, each row with one bar per series, and optional interval
/// whiskers: default probabilities by year with their 95 % intervals, a tornado (each row one bar from
/// the base value to the low input's value and one to the high input's), Sobol S1/ST pairs with
/// bootstrap intervals.
///
/// A bar spans [`from`, `to`] (either order) on the value axis; the axis spans every bar end, interval
/// end and `baseline`, widened to nice ticks. `baseline` draws a vertical line (the base case of a
/// tornado, 0 for probabilities).
public struct BarChart: Chart {
    public struct Bar: Sendable, Equatable {
        public var from: Double
        public var to: Double
        /// A whisker [low, high], e.g. a 95 % interval of `to`.
        public var interval: ClosedRange<Double>?
        /// Index into `series` (colour and legend).
        public var series: Int
        /// Text written at the bar's end (empty for none).
        public var label: String

        public init(from: Double = 0, to: Double, interval: ClosedRange<Double>? = nil, series: Int = 0, label: String = "") {
            self.from = from
            self.to = to
            self.interval = interval
            self.series = series
            self.label = label
        }
    }

    public struct Row: Sendable, Equatable {
        public var label: String
        public var bars: [Bar]
        public init(label: String, bars: [Bar]) {
            self.label = label
            self.bars = bars
        }
    }

    public var text: ChartText
    public var kind: MetricKind
    public var rows: [Row]
    /// Series names for the legend (no legend with fewer than two).
    public var series: [String]
    public var baseline: Double?
    public var frame: ChartFrame

    /// The frame's height follows the rows (`rowHeight` per row plus the margins); the label column fits
    /// the longest row label up to `maximumLabelWidth`. A longer label goes on two lines, broken after
    /// the dot nearest its middle (`buyer.frontier-lab.funding.` / `round_revenue_multiple`), and only a
    /// line still too long loses its start (`…growth.initial`); the whole label is the row's tooltip.
    public init(text: ChartText, kind: MetricKind, rows: [Row], series: [String] = [], baseline: Double? = 0) {
        self.text = text
        self.kind = kind
        self.series = series
        self.baseline = baseline
        self.rows = rows
        let longest = Double(rows.map(\.label.count).max() ?? 0)
        let labelWidth = min(BarChart.maximumLabelWidth, max(48, longest * SVG.characterWidth + 12))
        let fitting = Int((labelWidth - 12) / SVG.characterWidth)
        labelLines = rows.map { BarChart.lines($0.label, fitting: fitting) }
        let twoLines = labelLines.contains { $0.count > 1 }
        rowHeight = max(BarChart.rowHeight(series: max(1, series.count)), twoLines ? 32 : 0)
        frame = ChartFrame(width: 420 + labelWidth, height: 84 + rowHeight * Double(max(1, rows.count)), left: labelWidth)
    }

    /// Each row's label as drawn: one line, or two when it does not fit in `fitting` characters.
    public private(set) var labelLines: [[String]]
    /// Height of a row, in SVG units: its bars, or two lines of label.
    public private(set) var rowHeight: Double

    /// `label` in lines of at most `fitting` characters: as is when it fits; else broken after the dot
    /// that best balances the two lines (without a dot: an underscore, hyphen or space); a line still
    /// too long keeps its end.
    static func lines(_ label: String, fitting: Int) -> [String] {
        func cut(_ line: String) -> String { line.count > fitting ? "…" + line.suffix(max(1, fitting - 1)) : line }
        guard label.count > fitting else { return [label] }
        let characters = Array(label)
        func balanced(_ separators: String) -> Int? {
            var best: Int?
            for (i, c) in characters.enumerated() where i > 0 && i < characters.count - 1 && separators.contains(c) {
                let longer = max(i + 1, characters.count - i - 1)
                if let b = best, max(b + 1, characters.count - b - 1) <= longer { continue }
                best = i
            }
            return best
        }
        // A dot first (between a path's parts), else an underscore, hyphen or space.
        let best = balanced(".") ?? balanced("-_ ")
        guard let at = best else { return [cut(label)] }
        let first = String(characters[...at]).trimmingCharacters(in: .whitespaces)
        let second = String(characters[(at + 1)...]).trimmingCharacters(in: .whitespaces)
        return [cut(first), cut(second)]
    }

    /// Widest label column, in SVG units.
    public static let maximumLabelWidth = 300.0

    static func rowHeight(series: Int) -> Double { 10 + 14 * Double(series) }

    public func xScale() -> LinearScale {
        var values: [Double] = []
        for row in rows {
            for bar in row.bars {
                values += [bar.from, bar.to]
                if let interval = bar.interval { values += [interval.lowerBound, interval.upperBound] }
            }
        }
        if let baseline { values.append(baseline) }
        values = values.filter(\.isFinite)
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        return LinearScale(domain: lo...(hi > lo ? hi : lo + 1), range: (frame.plotLeft, frame.plotRight - 40)).niced()
    }

    public func svg(format: NumberFormat) -> Markup {
        let x = xScale()
        let unit = AxisUnit.of(kind, magnitude: max(abs(x.domain.lowerBound), abs(x.domain.upperBound)), language: format.language)
        let ticks = Ticks.values(x.domain.lowerBound, x.domain.upperBound)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let xLabel = [text.xLabel, unit.label.isEmpty ? "" : "(\(unit.label))"].filter { !$0.isEmpty }.joined(separator: " ")
        var children: [Markup] = []
        for t in ticks {
            children.append(.el("line", [("class", "grid"), ("x1", SVG.n(x(t))), ("x2", SVG.n(x(t))), ("y1", SVG.n(frame.plotTop)),
                                         ("y2", SVG.n(frame.plotBottom)), ("stroke", Palette.grid), ("stroke-width", "1")]))
        }
        children.append(SVG.xAxis(frame, ticks: ticks.map { (x($0), unit.tick($0, step: step, format: format)) }, label: xLabel))
        let perRow = rowHeight
        let barsHeight = BarChart.rowHeight(series: max(1, series.count))
        for (r, row) in rows.enumerated() {
            let top = frame.plotTop + Double(r) * perRow
            let lines = labelLines[r]
            let labelX = SVG.n(frame.plotLeft - 8)
            if lines.count == 1 && lines[0] == row.label {
                children.append(.el("text", [("class", "row-label"), ("x", labelX), ("y", SVG.n(top + perRow / 2)),
                                             ("text-anchor", "end"), ("dominant-baseline", "middle")], text: row.label))
            } else {
                children.append(.el("text", [("class", "row-label"), ("x", labelX), ("y", SVG.n(top + perRow / 2)),
                                             ("text-anchor", "end"), ("dominant-baseline", "middle")],
                                    [.el("title", text: row.label)] + lines.enumerated().map { i, line in
                                        .el("tspan", [("x", labelX), ("y", SVG.n(top + perRow / 2 + (Double(i) - Double(lines.count - 1) / 2) * 13))], text: line)
                                    }))
            }
            for bar in row.bars where bar.from.isFinite && bar.to.isFinite {
                let y0 = top + (perRow - barsHeight) / 2 + 5 + 14 * Double(bar.series)
                let colour = Palette.series[bar.series % Palette.series.count]
                let a = x(min(bar.from, bar.to)), b = x(max(bar.from, bar.to))
                let name = series.indices.contains(bar.series) ? series[bar.series] + ": " : ""
                children.append(.el("rect", [("x", SVG.n(a)), ("y", SVG.n(y0)), ("width", SVG.n(max(1, b - a))), ("height", "11"), ("fill", colour)],
                                    [.el("title", text: "\(row.label) — \(name)\(format.value(bar.to, kind: kind))")]))
                var end = b
                if let interval = bar.interval, interval.lowerBound.isFinite, interval.upperBound.isFinite {
                    let l = x(interval.lowerBound), h = x(interval.upperBound), ym = SVG.n(y0 + 5.5)
                    children.append(.el("path", [("class", "whisker"), ("d", "M\(SVG.n(l)),\(SVG.n(y0 + 2))V\(SVG.n(y0 + 9))M\(SVG.n(l)),\(ym)H\(SVG.n(h))M\(SVG.n(h)),\(SVG.n(y0 + 2))V\(SVG.n(y0 + 9))"),
                                                 ("stroke", Palette.black), ("stroke-width", "1"), ("fill", "none")]))
                    end = max(end, h)
                }
                if !bar.label.isEmpty {
                    children.append(.el("text", [("class", "bar-label"), ("x", SVG.n(end + 4)), ("y", SVG.n(y0 + 5.5)), ("dominant-baseline", "middle")],
                                        text: bar.label))
                }
            }
        }
        if let baseline {
            let bx = SVG.n(x(baseline))
            children.append(.el("line", [("class", "baseline"), ("x1", bx), ("x2", bx), ("y1", SVG.n(frame.plotTop)), ("y2", SVG.n(frame.plotBottom)),
                                         ("stroke", Palette.axis), ("stroke-width", "1")]))
        }
        if series.count > 1 {
            children.append(SVG.legend(frame, series.enumerated().map { ($0.element, Palette.series[$0.offset % Palette.series.count], "1") }))
        }
        return SVG.root(frame, text, children)
    }
}
