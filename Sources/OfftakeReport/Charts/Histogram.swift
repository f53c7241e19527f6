import OfftakeEngine

/// The distribution of a metric across paths, recovered from its quantiles (`RunResult.Metric.percentiles`).
///
/// The CDF is the piecewise-linear interpolation through the points (xᵢ, qᵢ); where several quantiles
/// are equal (a point mass, such as contracts paid in full at exactly 100 %) it jumps there. A bin
/// [a, b) holds F(b⁻) − F(a⁻) of the paths, the last bin is closed. The shares are exact for the CDF
/// through the given quantiles, so their accuracy is that of the quantiles (2 % steps, sketch accuracy).
public struct QuantileDistribution: Sendable, Equatable {
    public var levels: [Double]
    public var values: [Double]

    public init(levels: [Double], values: [Double]) {
        self.levels = levels
        self.values = values
    }

    /// F(x⁻) = P(X < x): the highest level reached strictly before x, interpolated between the
    /// quantiles around x.
    public func cdfBelow(_ x: Double) -> Double {
        guard let first = values.first, let last = values.last else { return 0 }
        if x <= first { return 0 }
        if x > last { return 1 }
        // Last index with values[i] < x.
        var i = 0
        while i + 1 < values.count && values[i + 1] < x { i += 1 }
        let j = i + 1
        guard j < values.count else { return levels[i] }
        let (x0, x1) = (values[i], values[j])
        // From the top of any mass at x0 to the bottom of the mass at x1 (not reached strictly below x1).
        let q0 = highestLevel(at: i), q1 = lowestLevel(at: j)
        return x1 > x0 ? q0 + (q1 - q0) * (x - x0) / (x1 - x0) : q0
    }

    /// The highest level whose quantile equals values[i] (the top of a point mass).
    func highestLevel(at i: Int) -> Double {
        var k = i
        while k + 1 < values.count && values[k + 1] == values[i] { k += 1 }
        return levels[k]
    }

    /// The lowest level whose quantile equals values[j].
    func lowestLevel(at j: Int) -> Double {
        var k = j
        while k > 0 && values[k - 1] == values[j] { k -= 1 }
        return levels[k]
    }

    /// Shares of paths in consecutive bins between `edges` (ascending): [eₖ, eₖ₊₁) and the last closed.
    public func shares(edges: [Double]) -> [Double] {
        guard edges.count >= 2 else { return [] }
        var out: [Double] = []
        for k in 0..<(edges.count - 1) {
            let upper = k == edges.count - 2 ? (edges[k + 1] >= (values.last ?? 0) ? 1 : cdfBelow(edges[k + 1])) : cdfBelow(edges[k + 1])
            out.append(max(0, upper - cdfBelow(edges[k])))
        }
        return out
    }
}

/// A histogram of a metric across paths with its p5, p50 and p95 marked by vertical lines.
public struct Histogram: Chart {
    public var text: ChartText
    public var kind: MetricKind
    public var distribution: QuantileDistribution
    /// Marked quantiles: label and value (p5, p50, p95).
    public var markers: [(label: String, value: Double)]
    public var colour: String
    public var frame = ChartFrame()
    /// About this many bins (the bin width is a nice step).
    public var bins = 24

    public init(text: ChartText, kind: MetricKind, distribution: QuantileDistribution, markers: [(label: String, value: Double)],
                colour: String = Palette.blue) {
        self.text = text
        self.kind = kind
        self.distribution = distribution
        self.markers = markers
        self.colour = colour
    }

    /// Bin edges: multiples of a nice step covering [min, max]; one bin around a constant.
    public func edges() -> [Double] {
        let lo = distribution.values.first ?? 0, hi = distribution.values.last ?? 0
        guard hi > lo else { return [lo - 0.5, lo + 0.5] }
        let step = Ticks.step(lo, hi, count: bins)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.down) + 1
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    public func svg(format: NumberFormat) -> Markup {
        let edges = edges()
        let shares = distribution.shares(edges: edges)
        let x = LinearScale(domain: edges.first!...edges.last!, range: (frame.plotLeft, frame.plotRight))
        let y = LinearScale(domain: 0...max(shares.max() ?? 0, 0.01), range: (frame.plotBottom, frame.plotTop)).niced(count: 4)
        let unit = AxisUnit.of(kind, magnitude: max(abs(edges.first!), abs(edges.last!)), language: format.language)
        let shareUnit = AxisUnit.of(.share, magnitude: 1, language: format.language)
        let yTicks = Ticks.values(y.domain.lowerBound, y.domain.upperBound, count: 4)
        let xTickValues = Ticks.values(edges.first!, edges.last!, count: 6)
        let xStep = xTickValues.count > 1 ? xTickValues[1] - xTickValues[0] : 1
        let xLabel = [text.xLabel, unit.label.isEmpty ? "" : "(\(unit.label))"].filter { !$0.isEmpty }.joined(separator: " ")
        var children: [Markup] = [SVG.yAxis(frame, y, ticks: yTicks, unit: shareUnit, label: text.yLabel, format: format),
                                  SVG.xAxis(frame, ticks: xTickValues.map { (x($0), unit.tick($0, step: xStep, format: format)) }, label: xLabel)]
        var bars: [Markup] = []
        for (k, share) in shares.enumerated() where share > 0 {
            let x0 = x(edges[k]), x1 = x(edges[k + 1])
            bars.append(.el("rect", [("x", SVG.n(x0 + 0.5)), ("y", SVG.n(y(share))), ("width", SVG.n(max(0.5, x1 - x0 - 1))),
                                     ("height", SVG.n(y(0) - y(share))), ("fill", colour), ("fill-opacity", "0.7")],
                            [.el("title", text: "\(unit.tick(edges[k], step: xStep / 10, format: format)) … \(unit.tick(edges[k + 1], step: xStep / 10, format: format)): \(format.percent(share))")]))
        }
        children.append(.el("g", [("class", "bars")], bars))
        let labels = markerLabels(x: x, format: format)
        for (i, marker) in markers.enumerated() where marker.value.isFinite {
            let mx = SVG.n(x(marker.value))
            children.append(.el("line", [("class", "marker"), ("x1", mx), ("x2", mx), ("y1", SVG.n(frame.plotTop)), ("y2", SVG.n(frame.plotBottom)),
                                         ("stroke", Palette.vermillion), ("stroke-width", "1.5"), ("stroke-dasharray", i == 1 ? "none" : "4 3")]))
        }
        for label in labels {
            children.append(.el("text", [("class", "marker-label"), ("x", SVG.n(label.x)), ("y", SVG.n(frame.plotTop + 12 + Double(label.row) * 13)),
                                         ("text-anchor", label.anchor), ("fill", Palette.vermillion)], text: label.text))
        }
        return SVG.root(frame, text, children)
    }

    /// Where each marker's label goes. A label leans inwards near the plot's edges (anchored at its
    /// start in the left fifth, at its end in the right fifth) so it is not cut off, and takes the
    /// first row, from the top, where it clears every label already placed there by `gap` units (its
    /// width estimated at `SVG.characterWidth` a character): p50 and p95 close together, or a long
    /// French value such as `1,23 Md$`, go on separate rows instead of overlapping.
    func markerLabels(x: LinearScale, format: NumberFormat, gap: Double = 6) -> [(text: String, x: Double, anchor: String, row: Int)] {
        var placed: [(text: String, x: Double, anchor: String, row: Int)] = []
        var extents: [[ClosedRange<Double>]] = []
        for marker in markers where marker.value.isFinite {
            let text = "\(marker.label) \(format.value(marker.value, kind: kind))"
            let width = Double(text.count) * SVG.characterWidth
            let at = x(marker.value)
            let position = (at - frame.plotLeft) / (frame.plotRight - frame.plotLeft)
            let anchor = position > 0.8 ? "end" : position < 0.2 ? "start" : "middle"
            let lx = at + (anchor == "end" ? -3.0 : anchor == "start" ? 3.0 : 0)
            let left = anchor == "end" ? lx - width : anchor == "start" ? lx : lx - width / 2
            let extent = (left - gap / 2)...(left + width + gap / 2)
            let row = extents.firstIndex { $0.allSatisfy { !$0.overlaps(extent) } } ?? extents.count
            if row == extents.count { extents.append([]) }
            extents[row].append(extent)
            placed.append((text, lx, anchor, row))
        }
        return placed
    }
}
