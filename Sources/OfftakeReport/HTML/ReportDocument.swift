/// A self-contained HTML report: one file with inline CSS and SVG, no script, no network access, that
/// prints on A4 or Letter (a chart or a table row is never split across pages; long tables repeat
/// their header).
///
/// Every report — a run, and the analyses — is a title, a language and sections of blocks. An analysis
/// report is a few lines:
///
/// ```swift
/// let tornado = BarChart(
///     text: ChartText(title: "Paid in full: effect of each input", xLabel: "probability"),
///     kind: .probability,
///     rows: inputs.map { BarChart.Row(label: $0.name, bars: [BarChart.Bar(from: base, to: $0.low, series: 0),
///                                                           BarChart.Bar(from: base, to: $0.high, series: 1)]) },
///     series: ["low input", "high input"], baseline: base)
/// let document = ReportDocument(title: "Sensitivity — openai-oracle-2027", lang: .en, sections: [
///     ReportSection(title: "Tornado", blocks: [.paragraph("…"), .chart(tornado)]),
///     ReportSection(title: "Inputs", blocks: [.table(ReportTable(columns: [.text("input"), .number("low"), .number("high")], rows: rows))]),
/// ], metadata: [("seed", "42"), ("paths", "100,000")])
/// try ReportFile.write(document.html(), to: "sensitivity.html")
/// ```
///
/// Building blocks: `BarChart` (tornado, Sobol S1/ST pairs with interval whiskers, probabilities by
/// year), `LineChart` (a frontier, a compare), `FanChart`, `Histogram`, `ReportTable`; numbers through
/// `NumberFormat(lang)`. Every string is escaped when rendered.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String
    public var language: ReportLanguage
    public var sections: [ReportSection]
    /// Run metadata shown at the end (seed, paths, version, duration…), as label–value pairs.
    public var metadata: [(String, String)]

    public init(title: String, subtitle: String = "", lang: ReportLanguage, sections: [ReportSection], metadata: [(String, String)] = []) {
        self.title = title
        self.subtitle = subtitle
        language = lang
        self.sections = sections
        self.metadata = metadata
    }

    /// The document as `<!DOCTYPE html>…`, UTF-8 text.
    public func html() -> String {
        let format = NumberFormat(language)
        var body: [Markup] = [.el("header", [], [.el("h1", text: title)] + (subtitle.isEmpty ? [] : [.el("p", [("class", "subtitle"), ("translate", "no")], text: subtitle)]))]
        var main: [Markup] = []
        if sections.count > 2 {
            main.append(.el("nav", [("aria-label", language.pick("Contents", "Sommaire"))],
                            [.el("ul", [], sections.map { .el("li", [], [.el("a", [("href", "#" + $0.anchor)], text: $0.title)]) })]))
        }
        main += sections.map { $0.markup(format: format) }
        body.append(.el("main", [], main))
        if !metadata.isEmpty {
            body.append(.el("footer", [], [.el("h2", text: language.pick("Run", "Exécution")),
                                           .el("dl", [], metadata.flatMap { [Markup.el("dt", text: $0.0), .el("dd", [("translate", "no")], text: $0.1)] })]))
        }
        let head: [Markup] = [.el("meta", [("charset", "utf-8")]),
                              .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
                              .el("meta", [("name", "generator"), ("content", "offtake")]),
                              .el("title", text: title), .el("style", [], [.trusted(ReportDocument.styleSheet)])]
        let html = Markup.el("html", [("lang", language.tag)], [.el("head", [], head), .el("body", [], body)])
        return "<!DOCTYPE html>\n" + html.render() + "\n"
    }

    /// The inline style sheet: system fonts, a readable measure, charts that scale down, print rules.
    /// Nothing is wider than the page, down to a 360 px phone: text cells wrap anywhere (a parameter
    /// path has no spaces), a table still too wide scrolls sideways inside its own box, and the chart
    /// grid's columns shrink below 420 px when the page does.
    static let styleSheet = """
        :root { color-scheme: light; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
        header, main, footer { max-width: 980px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 24px; border-bottom: 2px solid #0072B2; }
        h1, h2, h3, .subtitle, p, dd { overflow-wrap: anywhere; }
        h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; } h3 { font-size: 16px; margin: 20px 0 6px; }
        .subtitle { color: #444; margin: 0 0 12px; }
        .verdict { font-size: 18px; font-weight: 600; background: #f3f8fc; border-left: 4px solid #0072B2; padding: 10px 14px; margin: 16px 0 8px; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 12px 0; } nav a { color: #0072B2; }
        figure { margin: 16px 0; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: 13px; color: #444; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(420px, 100%), 1fr)); gap: 8px 24px; }
        .table { max-width: 100%; overflow-x: auto; margin: 12px 0; }
        table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; vertical-align: top; overflow-wrap: anywhere; } th { text-align: left; background: #f5f5f5; }
        td.num, th.num { text-align: right; } td.num { white-space: nowrap; }
        .note { font-size: 13px; color: #444; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; } dt { color: #444; } dd { margin: 0; }
        footer { margin-top: 32px; padding-bottom: 32px; border-top: 1px solid #ddd; }
        svg text { font-family: inherit; } svg .chart-title { font-size: 14px; }
        @media (max-width: 600px) { header, main, footer { padding: 0 12px; } th, td { padding: 3px 6px; } }
        @media print {
          body { font-size: 11pt; } header, main, footer { max-width: none; padding: 0; }
          .table { overflow: visible; }
          nav { display: none; } .charts { display: block; }
          figure, .verdict, tr { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          h2 { break-after: avoid; page-break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """
}

/// A titled part of a report.
public struct ReportSection: Sendable {
    public var title: String
    /// The fragment id (`#anchor`); by default from the title.
    public var anchor: String
    public var blocks: [ReportBlock]

    public init(title: String, anchor: String? = nil, blocks: [ReportBlock]) {
        self.title = title
        self.anchor = anchor ?? ReportSection.slug(title)
        self.blocks = blocks
    }

    /// Lowercase ASCII letters and digits of `text`, other runs as `-`.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }

    func markup(format: NumberFormat) -> Markup {
        .el("section", [("id", anchor)], [.el("h2", text: title)] + blocks.map { $0.markup(format: format) })
    }
}

/// What a section holds.
public enum ReportBlock: Sendable {
    /// The verdict in plain words, emphasised.
    case verdict(String)
    case paragraph(String)
    /// A smaller explanatory note.
    case note(String)
    case subheading(String)
    /// One chart as a figure with an optional caption.
    case chart(any Chart, caption: String = "")
    /// Charts side by side where the page is wide enough.
    case charts([any Chart])
    case table(ReportTable)

    func markup(format: NumberFormat) -> Markup {
        switch self {
        case .verdict(let text): return .el("p", [("class", "verdict")], text: text)
        case .paragraph(let text): return .el("p", text: text)
        case .note(let text): return .el("p", [("class", "note")], text: text)
        case .subheading(let text): return .el("h3", text: text)
        case .chart(let chart, let caption):
            return .el("figure", [], [chart.svg(format: format)] + (caption.isEmpty ? [] : [.el("figcaption", text: caption)]))
        case .charts(let charts): return .el("div", [("class", "charts")], charts.map { .el("figure", [], [$0.svg(format: format)]) })
        case .table(let table): return table.markup()
        }
    }
}

/// A table of text cells; numeric columns are right-aligned with tabular figures.
public struct ReportTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var title: String
        public var numeric: Bool
        public static func text(_ title: String) -> Column { Column(title: title, numeric: false) }
        public static func number(_ title: String) -> Column { Column(title: title, numeric: true) }
    }

    public var caption: String
    public var columns: [Column]
    public var rows: [[String]]
    /// Columns whose cells are written as the scenario or the result has them (parameter paths, metric
    /// ids, a source's words): marked `translate="no"`, so a translating browser, and the French
    /// page's check for English words, leave them as they are.
    public var verbatim: Set<Int>

    public init(caption: String = "", columns: [Column], rows: [[String]], verbatim: Set<Int> = []) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.verbatim = verbatim
    }

    func markup() -> Markup {
        var children: [Markup] = caption.isEmpty ? [] : [.el("caption", text: caption)]
        children.append(.el("thead", [], [.el("tr", [], columns.map { .el("th", $0.numeric ? [("class", "num"), ("scope", "col")] : [("scope", "col")], text: $0.title) })]))
        children.append(.el("tbody", [], rows.map { row in
            .el("tr", [], row.enumerated().map { i, cell in
                .el("td", (i < columns.count && columns[i].numeric ? [("class", "num")] : []) + (verbatim.contains(i) ? [("translate", "no")] : []), text: cell)
            })
        }))
        return .el("div", [("class", "table")], [.el("table", [], children)])
    }
}
