import Foundation
import OfftakeEngine
@testable import OfftakeReport
import Testing

/// Every string from a scenario or a result stays text in the HTML and SVG: names with `<script>`,
/// quotes in titles, ampersands.
@Suite struct EscapingTests {
    @Test("text and attribute values are escaped")
    func markup() {
        let m = Markup.el("p", [("title", "a \"quoted\" 'value' <b>")], text: "<script>alert(1)</script> & more")
        #expect(m.render() == "<p title=\"a &quot;quoted&quot; &#39;value&#39; &lt;b&gt;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>")
        #expect(Markup.escape("plain") == "plain")
        #expect(Markup.escape("café ≥ 1 234") == "café ≥ 1 234")
    }

    @Test("a scenario name with <script> and a title with quotes and markup stay text in the whole report", arguments: ReportLanguage.allCases)
    func report(language: ReportLanguage) throws {
        let result = try Fixture.result()
        #expect(result.scenario.contains("<script>"))
        let assumptions = [ScenarioAssumptions.Row(path: "buyers.<img src=x>", value: "\"1B\" & <i>", source: "</td><script>x()</script>")]
        let html = RunReportDocument.make(result, context: RunReportContext(assumptions: assumptions, version: "0.1.0"), language: language).html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>bold</b>"))
        #expect(!html.contains("<i>"))
        #expect(html.contains("fixture &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("A &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; title") || html.contains("A \"quoted\" &amp; &lt;b&gt;bold&lt;/b&gt; title"))
        // The only elements are the report's own.
        let elements = Set(html.matches(of: /<([a-zA-Z][a-zA-Z0-9]*)/).map { String($0.1) })
        let allowed: Set<String> = ["html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "main", "nav", "ul", "li", "a",
                                    "section", "table", "caption", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "div", "svg", "desc", "g",
                                    "line", "text", "path", "rect", "circle", "footer", "dl", "dt", "dd"]
        #expect(elements.subtracting(allowed).isEmpty, "unexpected elements: \(elements.subtracting(allowed))")
        // No script, no external resource.
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"))
        #expect(!html.contains("<link") && !html.contains("<iframe") && !html.contains("url("))
    }

    @Test("chart titles go to <title> and aria-label escaped")
    func chartText() {
        let chart = BarChart(text: ChartText(title: "x\" onload=\"alert(1)", description: "<desc>"), kind: .share,
                             rows: [BarChart.Row(label: "<row>", bars: [BarChart.Bar(to: 0.5)])], series: [])
        let svg = chart.svg(format: NumberFormat(.en)).render()
        #expect(svg.contains("aria-label=\"x&quot; onload=&quot;alert(1)\""))
        #expect(svg.contains("<title>x\" onload=\"alert(1)</title>"))
        #expect(svg.contains("&lt;row&gt;"))
        #expect(svg.contains("<desc>&lt;desc&gt;</desc>"))
        #expect(svg.contains("role=\"img\""))
    }
}
