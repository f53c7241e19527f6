import Foundation
import OfftakeEngine
@testable import OfftakeReport
import SnapshotTesting
import Testing

/// Snapshots of the SVG charts and the HTML report of the fixture result
/// (`__Snapshots__/ReportSnapshotTests/`). A change in geometry, wording or markup shows as a diff;
/// re-record deliberately with `SNAPSHOT_TESTING_RECORD=all swift test --filter ReportSnapshotTests`.
@Suite struct ReportSnapshotTests {
    let format = NumberFormat(.en)

    @Test func fanChart() throws {
        let result = try Fixture.result()
        let chart = FanChart(text: ChartText(title: "lab: cash balance", yLabel: "cash"), kind: .money, series: result.series["buyer.lab.cash"]!,
                             legend: ("p5–p95", "p25–p75", "median"))
        assertSnapshot(of: chart.svg(format: format).render(), as: .lines)
    }

    @Test("a fan chart with a covenant line, values above the limit drawn at it, and gaps")
    func fanChartWithReference() throws {
        let result = try Fixture.result()
        let leverage = FanChart(text: ChartText(title: "cloud: leverage", yLabel: "leverage"), kind: .multiple,
                                series: result.series["provider.cloud.leverage"]!, reference: FanChart.Reference(value: 4, label: "covenant 4.00×"),
                                yLimit: 6, legend: ("p5–p95", "p25–p75", "median"), colour: Palette.purple)
        assertSnapshot(of: leverage.svg(format: format).render(), as: .lines)
        let utilisation = FanChart(text: ChartText(title: "cloud: utilisation"), kind: .share, series: result.series["provider.cloud.utilization"]!,
                                   legend: ("p5–p95", "p25–p75", "median"))
        assertSnapshot(of: utilisation.svg(format: NumberFormat(.fr)).render(), as: .lines)
    }

    @Test func histogram() throws {
        let result = try Fixture.result()
        let m = result.metrics["contract.main.paid_fraction"]!
        let chart = Histogram(text: ChartText(title: "main: share of the contract paid", xLabel: "paid fraction", yLabel: "share of paths"),
                              kind: .share, distribution: QuantileDistribution(levels: RunResult.percentileLevels, values: m.percentiles!),
                              markers: [("p5", m.p5), ("p50", m.p50), ("p95", m.p95)])
        assertSnapshot(of: chart.svg(format: format).render(), as: .lines)
    }

    @Test("interval bars: a tornado (two series around a base) and probabilities with whiskers")
    func barCharts() {
        let tornado = BarChart(text: ChartText(title: "Paid in full: effect of each input", xLabel: "probability"), kind: .probability,
                               rows: [BarChart.Row(label: "growth", bars: [BarChart.Bar(from: 0.48, to: 0.21, series: 0), BarChart.Bar(from: 0.48, to: 0.71, series: 1)]),
                                      BarChart.Row(label: "take-or-pay", bars: [BarChart.Bar(from: 0.48, to: 0.52, series: 0), BarChart.Bar(from: 0.48, to: 0.44, series: 1)])],
                               series: ["low input", "high input"], baseline: 0.48)
        assertSnapshot(of: tornado.svg(format: format).render(), as: .lines)
        let sobol = BarChart(text: ChartText(title: "Sobol indices", xLabel: "share of variance"), kind: .share,
                             rows: [BarChart.Row(label: "growth", bars: [BarChart.Bar(to: 0.55, interval: 0.5...0.6, series: 0, label: "0.55"),
                                                                        BarChart.Bar(to: 0.62, interval: 0.57...0.68, series: 1, label: "0.62")])],
                             series: ["S1", "ST"])
        assertSnapshot(of: sobol.svg(format: format).render(), as: .lines)
    }

    @Test("a frontier: points joined by a line, labelled")
    func lineChart() {
        let chart = LineChart(text: ChartText(title: "Frontier", xLabel: "P(default)", yLabel: "expected NPV"), xKind: .probability, yKind: .money,
                              series: [LineChart.Series(name: "frontier", points: [LineChart.Point(x: 0.1, y: 2e9, label: "2 GW"),
                                                                                   LineChart.Point(x: 0.2, y: 5e9, label: "4 GW"),
                                                                                   LineChart.Point(x: 0.35, y: 6e9, label: "6 GW")])])
        assertSnapshot(of: chart.svg(format: format).render(), as: .lines)
    }

    @Test("the HTML report of the fixture: skeleton, sections, charts, tables, metadata")
    func htmlReport() throws {
        let result = try Fixture.result()
        let context = RunReportContext(assumptions: [ScenarioAssumptions.Row(path: "market.compute_price.initial", value: "1.2M", source: "sources.md#h100-rental")],
                                       version: "0.1.0", seconds: 1.5, threads: 2)
        let html = RunReportDocument.make(result, context: context, language: .en).html()
        assertSnapshot(of: html, as: .lines)
        // Every table sits in a box that scrolls sideways rather than widening the page.
        #expect(html.components(separatedBy: "<table>").count == html.components(separatedBy: "<div class=\"table\">\n<table>").count)
    }

    @Test("the French HTML report")
    func htmlReportFrench() throws {
        let html = RunReportDocument.make(try Fixture.result(), context: RunReportContext(version: "0.1.0"), language: .fr).html()
        assertSnapshot(of: html, as: .lines)
        #expect(html.contains("<html lang=\"fr\">"))
        #expect(html.contains("Probabilité".lowercased()) || html.contains("probabilité"))
        #expect(html.contains(">VAN (Md$)</text>"))     // the NPV histogram's axis title
        #expect(!html.contains("NPV"))
    }
}
