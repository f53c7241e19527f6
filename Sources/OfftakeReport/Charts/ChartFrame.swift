import Foundation
import OfftakeEngine

/// The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008): eight colours told apart with
/// every common colour-vision deficiency. Charts use it in this order.
public enum Palette {
    public static let blue = "#0072B2"
    public static let orange = "#E69F00"
    public static let green = "#009E73"
    public static let vermillion = "#D55E00"
    public static let purple = "#CC79A7"
    public static let sky = "#56B4E9"
    public static let yellow = "#F0E442"
    public static let black = "#000000"
    /// Series colours in order.
    public static let series = [blue, orange, green, vermillion, purple, sky, black]
    public static let axis = "#444444"
    public static let grid = "#DDDDDD"
}

/// How an axis shows values of a `MetricKind`: values are divided by `divisor` and the axis is labelled
/// with `label` (`$B`, `%`, `×`, `GW`…), chosen from the largest magnitude on the axis.
public struct AxisUnit: Sendable, Equatable {
    public var divisor: Double
    public var label: String

    public init(divisor: Double, label: String) {
        self.divisor = divisor
        self.label = label
    }

    /// The unit for values of `kind` whose largest magnitude is `magnitude`.
    public static func of(_ kind: MetricKind, magnitude: Double, language: ReportLanguage) -> AxisUnit {
        let fr = language == .fr
        switch kind {
        case .money:
            if magnitude >= 1e9 { return AxisUnit(divisor: 1e9, label: fr ? "Md$" : "$B") }
            if magnitude >= 1e6 { return AxisUnit(divisor: 1e6, label: fr ? "M$" : "$M") }
            return AxisUnit(divisor: 1, label: "$")
        case .moneyPerMWMonth:
            if magnitude >= 1e5 { return AxisUnit(divisor: 1e6, label: fr ? "M$ par MW-mois" : "$M per MW-month") }
            return AxisUnit(divisor: 1, label: fr ? "$ par MW-mois" : "$ per MW-month")
        case .probability, .share: return AxisUnit(divisor: 0.01, label: "%")
        case .multiple: return AxisUnit(divisor: 1, label: "×")
        case .index: return AxisUnit(divisor: 1, label: fr ? "indice" : "index")
        case .mw: return magnitude >= 1000 ? AxisUnit(divisor: 1000, label: "GW") : AxisUnit(divisor: 1, label: "MW")
        case .mwMonths:
            return magnitude >= 1000 ? AxisUnit(divisor: 1000, label: fr ? "GW-mois" : "GW-months") : AxisUnit(divisor: 1, label: fr ? "MW-mois" : "MW-months")
        case .months: return AxisUnit(divisor: 1, label: fr ? "mois" : "months")
        case .count: return AxisUnit(divisor: 1, label: "")
        }
    }

    /// A tick label: the value in this unit with as many decimals as the tick step needs.
    public func tick(_ value: Double, step: Double, format: NumberFormat) -> String {
        format.decimal(value / divisor, digits: Ticks.decimals(forStep: step / divisor))
    }
}

/// A chart's outer size and plot area, in SVG user units (pixels at 100 %).
public struct ChartFrame: Sendable, Equatable {
    public var width: Double = 560
    public var height: Double = 300
    public var left: Double = 64
    public var right: Double = 16
    public var top: Double = 40
    public var bottom: Double = 44

    public init(width: Double = 560, height: Double = 300, left: Double = 64) {
        self.width = width
        self.height = height
        self.left = left
    }

    public var plotLeft: Double { left }
    public var plotRight: Double { width - right }
    public var plotTop: Double { top }
    public var plotBottom: Double { height - bottom }
}

/// Text shared by every chart: the title (shown, and as `<title>` and `aria-label` for screen readers),
/// a longer description (`<desc>`), and the axis labels.
public struct ChartText: Sendable, Equatable {
    public var title: String
    public var description: String
    public var xLabel: String
    public var yLabel: String

    public init(title: String, description: String = "", xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

/// A chart that renders to an SVG element.
public protocol Chart: Sendable {
    var text: ChartText { get }
    func svg(format: NumberFormat) -> Markup
}

/// SVG building blocks shared by the charts.
enum SVG {
    /// Font size of ticks, labels and legends, in SVG units.
    static let fontSize = 12.0
    /// Width of one character at `fontSize` for laying out legends: 0.6 em, the mean advance of
    /// DejaVu Sans and Helvetica digits and lowercase letters, rounded up.
    static let characterWidth = 7.4

    /// A coordinate with at most one decimal and no trailing `.0` (deterministic bytes for snapshots).
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    /// The `<svg>` root with `role="img"`, `aria-label`, `<title>`, `<desc>` and the visible title.
    static func root(_ frame: ChartFrame, _ text: ChartText, _ children: [Markup]) -> Markup {
        var head: [Markup] = [.el("title", text: text.title)]
        if !text.description.isEmpty { head.append(.el("desc", text: text.description)) }
        head.append(.el("text", [("class", "chart-title"), ("x", "0"), ("y", "16"), ("font-size", "14"), ("font-weight", "bold")], text: text.title))
        return .el("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(n(frame.width)) \(n(frame.height))"),
                           ("width", n(frame.width)), ("height", n(frame.height)), ("role", "img"), ("aria-label", text.title),
                           ("class", "chart"), ("font-family", "sans-serif"), ("font-size", "\(n(SVG.fontSize))"), ("fill", "#1a1a1a")],
                   head + children)
    }

    /// SVG path data through the points, as separate sub-paths where a point is not finite (a gap).
    static func line(_ points: [(Double, Double)]) -> String {
        var out: [String] = []
        var pen = false
        for (x, y) in points {
            guard x.isFinite, y.isFinite else { pen = false; continue }
            out.append((pen ? "L" : "M") + n(x) + "," + n(y))
            pen = true
        }
        return out.joined(separator: " ")
    }

    /// Path data of the closed band between `upper` and `lower` (both as (x, y) in pixels): the upper
    /// edge left to right, the lower edge right to left, `Z`. Points where either edge is not finite split
    /// the band into separate closed sub-paths.
    static func band(upper: [(Double, Double)], lower: [(Double, Double)]) -> String {
        var parts: [String] = []
        var run: [Int] = []
        func flush() {
            guard run.count >= 2 else { run = []; return }
            let top = run.map { upper[$0] }, bottom = run.reversed().map { lower[$0] }
            parts.append(line(top) + " " + line(bottom).replacingOccurrences(of: "M", with: "L") + " Z")
            run = []
        }
        for i in upper.indices {
            let ok = upper[i].0.isFinite && upper[i].1.isFinite && lower[i].0.isFinite && lower[i].1.isFinite
            if ok { run.append(i) } else { flush() }
        }
        flush()
        return parts.joined(separator: " ")
    }

    /// The y axis: grid lines and labels at `ticks`, the unit label above the axis.
    static func yAxis(_ frame: ChartFrame, _ scale: LinearScale, ticks: [Double], unit: AxisUnit, label: String, format: NumberFormat) -> Markup {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : abs(ticks.first ?? 1)
        var children: [Markup] = []
        for t in ticks {
            let y = n(scale(t))
            children.append(.el("line", [("class", "grid"), ("x1", n(frame.plotLeft)), ("x2", n(frame.plotRight)), ("y1", y), ("y2", y),
                                         ("stroke", Palette.grid), ("stroke-width", "1")]))
            children.append(.el("text", [("class", "tick"), ("x", n(frame.plotLeft - 6)), ("y", y), ("text-anchor", "end"),
                                         ("dominant-baseline", "middle")], text: unit.tick(t, step: step, format: format)))
        }
        let title = [label, unit.label.isEmpty ? "" : "(\(unit.label))"].filter { !$0.isEmpty }.joined(separator: " ")
        children.append(.el("text", [("class", "axis-label"), ("x", n(frame.plotLeft - 6)), ("y", n(frame.plotTop - 8)), ("text-anchor", "start")],
                            text: title))
        return .el("g", [("class", "y-axis")], children)
    }

    /// The x axis line with labelled ticks at pixel positions, and the axis label under it.
    static func xAxis(_ frame: ChartFrame, ticks: [(x: Double, label: String)], label: String) -> Markup {
        var children: [Markup] = [.el("line", [("class", "axis"), ("x1", n(frame.plotLeft)), ("x2", n(frame.plotRight)),
                                               ("y1", n(frame.plotBottom)), ("y2", n(frame.plotBottom)), ("stroke", Palette.axis)])]
        for tick in ticks {
            children.append(.el("line", [("class", "axis"), ("x1", n(tick.x)), ("x2", n(tick.x)), ("y1", n(frame.plotBottom)), ("y2", n(frame.plotBottom + 4)), ("stroke", Palette.axis)]))
            children.append(.el("text", [("class", "tick"), ("x", n(tick.x)), ("y", n(frame.plotBottom + 16)), ("text-anchor", "middle")], text: tick.label))
        }
        if !label.isEmpty {
            children.append(.el("text", [("class", "axis-label"), ("x", n((frame.plotLeft + frame.plotRight) / 2)), ("y", n(frame.height - 6)),
                                         ("text-anchor", "middle")], text: label))
        }
        return .el("g", [("class", "x-axis")], children)
    }

    /// A legend in one row under the title, at the right: a swatch and a name per entry.
    static func legend(_ frame: ChartFrame, _ entries: [(name: String, colour: String, opacity: String)]) -> Markup {
        var children: [Markup] = []
        var x = frame.plotRight
        // Right to left, so the row ends at the plot's right edge.
        for entry in entries.reversed() {
            let width = Double(entry.name.count) * characterWidth
            x -= width
            children.append(.el("text", [("class", "legend"), ("x", n(x)), ("y", "30")], text: entry.name))
            x -= 16
            children.append(.el("rect", [("x", n(x)), ("y", "21"), ("width", "12"), ("height", "10"), ("fill", entry.colour),
                                         ("fill-opacity", entry.opacity)]))
            x -= 16
        }
        return .el("g", [("class", "legend")], children)
    }
}
