import OfftakeEngine
@testable import OfftakeReport
import Testing
import _OfftakeTestSupport

/// Scales, nice ticks, path data and the quantile histogram against hand-computed values.
/// Tolerances: exact where the arithmetic is exact in binary (integer multiples, halves), else 1e-12
/// relative (one or two roundings).
@Suite struct ChartGeometryTests {
    @Test("a linear scale maps the domain's ends to the range's ends and interpolates between them")
    func linearScale() {
        let s = LinearScale(domain: 10...30, range: (100, 300))
        #expect(s(10) == 100)
        #expect(s(30) == 300)
        #expect(s(15) == 150)     // 100 + 5 × 200/20
        #expect(s(40) == 400)     // extrapolates
        // SVG's y axis points down: a reversed range.
        let y = LinearScale(domain: 0...8, range: (260, 40))
        #expect(y(0) == 260)
        #expect(y(8) == 40)
        #expect(y(2) == 205)      // 260 − 2 × 220/8
        // A degenerate domain maps to the middle of the range.
        #expect(LinearScale(domain: 5...5, range: (0, 100))(5) == 50)
    }

    @Test("tick steps are 1, 2 or 5 × 10^k, switching at √2, √10 and √50 of the raw step", arguments: [
        (0.0, 1.0, 5, 0.2),        // raw 0.2 = 2 × 10⁻¹
        (0.0, 10.0, 5, 2.0),
        (0.0, 100.0, 10, 10.0),
        (0.0, 7.0, 5, 1.0),        // raw 1.4 < √2 = 1.4142…
        (0.0, 7.1, 5, 2.0),        // raw 1.42 ≥ √2
        (0.0, 15.82, 5, 5.0),      // raw 3.164 ≥ √10 = 3.1623 → 5
        (0.0, 15.7, 5, 2.0),       // raw 3.14 < √10
        (0.0, 35.4, 5, 10.0),      // raw 7.08 ≥ √50 = 7.0711 → 10
        (-37.0, 12.0, 5, 10.0),    // raw 9.8
        (0.0, 3e11, 5, 5e10),      // $300B: raw 6e10 < √50 × 10¹⁰ → 5 × 10¹⁰
    ])
    func tickStep(lo: Double, hi: Double, count: Int, expected: Double) {
        #expect(isApproximatelyEqual(Ticks.step(lo, hi, count: count), expected, relative: 1e-12))
    }

    @Test("tick values are exact decimals inside the domain")
    func tickValues() {
        #expect(Ticks.values(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(Ticks.values(0.1, 0.7) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])   // step 0.1: 0.30000000000000004 never appears
        #expect(Ticks.values(-37, 12) == [-30, -20, -10, 0, 10])
        #expect(Ticks.values(0, 3e11) == [0, 5e10, 1e11, 1.5e11, 2e11, 2.5e11, 3e11])
        #expect(Ticks.values(4, 4) == [4])
        #expect(Ticks.values(.nan, 1).isEmpty)
        #expect(Ticks.decimals(forStep: 0.2) == 1)
        #expect(Ticks.decimals(forStep: 0.05) == 2)
        #expect(Ticks.decimals(forStep: 0.1) == 1)
        #expect(Ticks.decimals(forStep: 5) == 0)
    }

    @Test("a niced scale starts and ends on a tick")
    func niced() {
        let s = LinearScale(domain: -3.2...47.5, range: (0, 100)).niced()
        #expect(s.domain == -10...50)   // step 10 for a raw 10.14
        let t = LinearScale(domain: 0...0.93, range: (0, 1)).niced()
        #expect(t.domain == 0...1)      // step 0.2
    }

    @Test("axis units follow the largest magnitude and the language")
    func axisUnits() {
        #expect(AxisUnit.of(.money, magnitude: 3e11, language: .en) == AxisUnit(divisor: 1e9, label: "$B"))
        #expect(AxisUnit.of(.money, magnitude: 3e11, language: .fr) == AxisUnit(divisor: 1e9, label: "Md$"))
        #expect(AxisUnit.of(.money, magnitude: 4e7, language: .en) == AxisUnit(divisor: 1e6, label: "$M"))
        #expect(AxisUnit.of(.share, magnitude: 1, language: .en) == AxisUnit(divisor: 0.01, label: "%"))
        #expect(AxisUnit.of(.mw, magnitude: 4500, language: .en) == AxisUnit(divisor: 1000, label: "GW"))
        let unit = AxisUnit.of(.money, magnitude: 3e11, language: .en)
        #expect(unit.tick(1.5e11, step: 5e10, format: NumberFormat(.en)) == "150")
        #expect(AxisUnit.of(.share, magnitude: 1, language: .fr).tick(0.25, step: 0.05, format: NumberFormat(.fr)) == "25")
        #expect(AxisUnit.of(.multiple, magnitude: 6, language: .fr).tick(2.5, step: 0.5, format: NumberFormat(.fr)) == "2,5")
    }

    @Test("path data: one decimal, sub-paths split at non-finite points, bands closed")
    func pathData() {
        #expect(SVG.n(12.345) == "12.3")
        #expect(SVG.n(12.0) == "12")
        #expect(SVG.n(-0.04) == "0")
        #expect(SVG.line([(0, 0), (10, 5.25), (.nan, 1), (20, 2), (30, 3)]) == "M0,0 L10,5.3 M20,2 L30,3")
        #expect(SVG.band(upper: [(0, 1), (1, 2), (2, 3)], lower: [(0, 5), (1, 6), (2, 7)]) == "M0,1 L1,2 L2,3 L2,7 L1,6 L0,5 Z")
        // A gap splits the band; a lone point between gaps draws nothing.
        #expect(SVG.band(upper: [(0, 1), (1, .nan), (2, 3), (3, 4)], lower: [(0, 5), (1, 6), (2, 7), (3, 8)]) == "M2,3 L3,4 L3,8 L2,7 Z")
    }

    @Test("the quantile distribution gives uniform bins for uniform quantiles and keeps a point mass whole")
    func quantileHistogram() {
        let levels = RunResult.percentileLevels
        let uniform = QuantileDistribution(levels: levels, values: levels)    // U(0, 1): quantile = level
        let shares = uniform.shares(edges: stride(from: 0.0, through: 1.0, by: 0.1).map { $0 })
        #expect(shares.count == 10)
        for share in shares { #expect(abs(share - 0.1) < 1e-12) }
        #expect(abs(uniform.cdfBelow(0.37) - 0.37) < 1e-12)
        // 40 % of paths exactly at 1.0 (a contract paid in full), the rest uniform on [0.2, 1).
        let values = levels.map { $0 < 0.6 ? 0.2 + 0.8 * $0 / 0.6 : 1.0 }
        let paid = QuantileDistribution(levels: levels, values: values)
        #expect(abs(paid.cdfBelow(1.0) - 0.6) < 1e-12)          // P(X < 1) = 60 %
        #expect(abs(paid.cdfBelow(0.6) - 0.3) < 1e-12)          // (0.6 − 0.2)/0.8 × 0.6
        let bins = paid.shares(edges: [0.2, 0.6, 1.0])
        #expect(abs(bins[0] - 0.3) < 1e-12)
        #expect(abs(bins[1] - 0.7) < 1e-12)                     // 0.3 of the spread + the 0.4 mass at the closed top edge
        #expect(abs(bins.reduce(0, +) - 1) < 1e-12)
    }

    @Test("histogram bins are nice multiples covering the values; bar charts and line charts span every value")
    func binsAndDomains() {
        let h = Histogram(text: ChartText(title: "t"), kind: .money,
                          distribution: QuantileDistribution(levels: [0, 0.5, 1], values: [-50e9, 0, 50e9]), markers: [])
        let edges = h.edges()
        #expect(edges.first == -50e9)
        #expect(edges.last! >= 50e9)
        #expect(isApproximatelyEqual(edges[1] - edges[0], 5e9, relative: 1e-12))   // 100B / 24 → raw 4.2B → 5B
        let bars = BarChart(text: ChartText(title: "t"), kind: .probability,
                            rows: [BarChart.Row(label: "a", bars: [BarChart.Bar(to: 0.57, interval: 0.55...0.61)])])
        #expect(bars.xScale().domain == 0...0.7)      // 0…0.61 niced with step 0.1
        let line = LineChart(text: ChartText(title: "t"), xKind: .probability, yKind: .money,
                             series: [LineChart.Series(name: "s", points: [LineChart.Point(x: 0.1, y: 3e9), LineChart.Point(x: 0.35, y: 9e9)])])
        let (x, y) = line.scales()
        #expect(x.domain == 0.1...0.35)
        #expect(y.domain == 3e9...9e9)
    }

    @Test("histogram marker labels never overlap: close ones take another row (French values are longer)")
    func markerLabelsDoNotOverlap() {
        for language in ReportLanguage.allCases {
            let h = Histogram(text: ChartText(title: "t"), kind: .money,
                              distribution: QuantileDistribution(levels: [0, 0.5, 1], values: [-60e9, 0, 4e9]),
                              markers: [("p5", -45e9), ("p50", 1.2e9), ("p95", 2.9e9)])
            let x = LinearScale(domain: h.edges().first!...h.edges().last!, range: (h.frame.plotLeft, h.frame.plotRight))
            let labels = h.markerLabels(x: x, format: NumberFormat(language), gap: 0)
            #expect(labels.count == 3)
            func extent(_ l: (text: String, x: Double, anchor: String, row: Int)) -> ClosedRange<Double> {
                let w = Double(l.text.count) * SVG.characterWidth
                let left = l.anchor == "end" ? l.x - w : l.anchor == "start" ? l.x : l.x - w / 2
                return left...(left + w)
            }
            for i in labels.indices {
                for j in labels.indices where j > i && labels[i].row == labels[j].row {
                    #expect(!extent(labels[i]).overlaps(extent(labels[j])), "\(labels[i].text) and \(labels[j].text) overlap in \(language)")
                }
            }
            #expect(labels[1].row != labels[2].row)     // p50 and p95 are 1.7B apart on a 64B axis
        }
    }

    @Test("a bar label too long for its column goes on two lines at a dot; only a line still too long loses its start")
    func barLabelLines() {
        #expect(BarChart.lines("buyer.frontier-lab.funding.round_revenue_multiple", fitting: 38)
            == ["buyer.frontier-lab.funding.", "round_revenue_multiple"])
        #expect(BarChart.lines("short", fitting: 38) == ["short"])
        #expect(BarChart.lines("accelerators.custom-asic.inference_efficiency", fitting: 38)
            == ["accelerators.custom-asic.", "inference_efficiency"])      // a dot, though the hyphen balances better
        #expect(BarChart.lines("abcdefghijklmnopqrstuvwxyz", fitting: 10) == ["…rstuvwxyz"])
        let chart = BarChart(text: ChartText(title: "t"), kind: .count,
                             rows: [BarChart.Row(label: "buyer.frontier-lab.funding.round_revenue_multiple_and_a_much_longer_tail_to_wrap", bars: [BarChart.Bar(to: 1)])])
        #expect(chart.labelLines[0].count == 2)
        #expect(chart.rows[0].label == "buyer.frontier-lab.funding.round_revenue_multiple_and_a_much_longer_tail_to_wrap")
        let svg = chart.svg(format: NumberFormat(.en)).render()
        #expect(svg.contains("<title>buyer.frontier-lab.funding.round_revenue_multiple_and_a_much_longer_tail_to_wrap</title>"))
        #expect(svg.contains("<tspan"))
    }
}

