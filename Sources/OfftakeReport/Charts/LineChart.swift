import OfftakeEngine

/// Points on two value axes, each series optionally joined by a line: an optimisation frontier
/// (expected value against risk), a compare of variants. Both axes span their finite values, widened
/// to nice ticks; a point may carry a label written next to it.
public struct LineChart: Chart {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: String
        public init(x: Double, y: Double, label: String = "") {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [Point]
        /// Join the points (in the given order) by a line.
        public var joined: Bool
        public init(name: String, points: [Point], joined: Bool = true) {
            self.name = name
            self.points = points
            self.joined = joined
        }
    }

    public var text: ChartText
    public var xKind: MetricKind
    public var yKind: MetricKind
    public var series: [Series]
    public var frame = ChartFrame()

    public init(text: ChartText, xKind: MetricKind, yKind: MetricKind, series: [Series]) {
        self.text = text
        self.xKind = xKind
        self.yKind = yKind
        self.series = series
    }

    public func scales() -> (x: LinearScale, y: LinearScale) {
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        func domain(_ values: [Double]) -> ClosedRange<Double> {
            let lo = values.min() ?? 0, hi = values.max() ?? 1
            return hi > lo ? lo...hi : (lo - 1)...(hi + 1)
        }
        return (LinearScale(domain: domain(points.map(\.x)), range: (frame.plotLeft, frame.plotRight)).niced(),
                LinearScale(domain: domain(points.map(\.y)), range: (frame.plotBottom, frame.plotTop)).niced())
    }

    public func svg(format: NumberFormat) -> Markup {
        let (x, y) = scales()
        func unit(_ kind: MetricKind, _ s: LinearScale) -> AxisUnit {
            AxisUnit.of(kind, magnitude: max(abs(s.domain.lowerBound), abs(s.domain.upperBound)), language: format.language)
        }
        let xUnit = unit(xKind, x), yUnit = unit(yKind, y)
        let xTicks = Ticks.values(x.domain.lowerBound, x.domain.upperBound)
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        let xLabel = [text.xLabel, xUnit.label.isEmpty ? "" : "(\(xUnit.label))"].filter { !$0.isEmpty }.joined(separator: " ")
        var children: [Markup] = [SVG.yAxis(frame, y, ticks: Ticks.values(y.domain.lowerBound, y.domain.upperBound), unit: yUnit, label: text.yLabel, format: format),
                                  SVG.xAxis(frame, ticks: xTicks.map { (x($0), xUnit.tick($0, step: xStep, format: format)) }, label: xLabel)]
        for (i, s) in series.enumerated() {
            let colour = Palette.series[i % Palette.series.count]
            var group: [Markup] = []
            if s.joined {
                group.append(.el("path", [("d", SVG.line(s.points.map { (x($0.x), y($0.y)) })), ("fill", "none"), ("stroke", colour), ("stroke-width", "1.5")]))
            }
            for p in s.points where p.x.isFinite && p.y.isFinite {
                group.append(.el("circle", [("cx", SVG.n(x(p.x))), ("cy", SVG.n(y(p.y))), ("r", "3.5"), ("fill", colour)],
                                 [.el("title", text: "\(p.label.isEmpty ? s.name : p.label): \(format.value(p.x, kind: xKind)), \(format.value(p.y, kind: yKind))")]))
                if !p.label.isEmpty {
                    group.append(.el("text", [("class", "point-label"), ("x", SVG.n(x(p.x) + 6)), ("y", SVG.n(y(p.y) - 6))], text: p.label))
                }
            }
            children.append(.el("g", [("class", "series")], group))
        }
        if series.count > 1 { children.append(SVG.legend(frame, series.enumerated().map { ($0.element.name, Palette.series[$0.offset % Palette.series.count], "1") })) }
        return SVG.root(frame, text, children)
    }
}
