import Foundation
import OfftakeReport

/// The web page's four screens. Each is a fixed shell — no data of any run or scenario is written into
/// it — that the page's script (``WebAssets/script``) fills from the API, always as text (never as
/// HTML), so a scenario named `<script>…` shows as what it is. The shells need no build step and load
/// nothing from elsewhere (the icon is an inline `data:` SVG, which the CSP's `img-src data:` allows).
///
/// Every word is written in English with its key in ``WebText``; the script writes the chosen language
/// over it (`data-t` for the text, `data-t-aria-label`, `data-t-placeholder`, `data-t-title` for
/// attributes).
enum WebPages: String, CaseIterable {
    case home, editor, run, compare

    /// An element whose text is the web text `key`.
    static func t(_ name: String, _ key: String, _ attributes: [(String, String)] = []) -> Markup {
        .el(name, attributes + [("data-t", key)], text: WebText.en(key))
    }

    /// An attribute written in English, with its key for the script.
    static func attr(_ name: String, _ key: String) -> [(String, String)] {
        [(name, WebText.en(key)), ("data-t-" + name, key)]
    }

    /// The page's icon: the accent colour's square with a rising line, as an SVG `data:` URL.
    static let icon = "data:image/svg+xml," + [
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>",
        "<rect width='16' height='16' rx='3' fill='#0072B2'/>",
        "<path d='M3 12 L7 7 L9.5 9.5 L13 4' stroke='#fff' stroke-width='2' fill='none'/></svg>",
    ].joined().addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "'=/:.-")))!

    func html() -> String {
        let head: [Markup] = [
            .el("meta", [("charset", "utf-8")]),
            .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            WebPages.t("title", "title." + rawValue),
            .el("link", [("rel", "icon"), ("type", "image/svg+xml"), ("href", WebPages.icon)]),
            .el("link", [("rel", "stylesheet"), ("href", "/assets/" + WebAssets.styleSheetFile)]),
            .el("script", [("src", "/assets/" + WebAssets.scriptFile), ("defer", "")]),
        ]
        let nav = Markup.el("header", [("class", "top")], [
            .el("a", [("class", "brand"), ("href", "/")], text: "Offtake"),
            .el("nav", WebPages.attr("aria-label", "nav.main"), [
                WebPages.t("a", "nav.home", [("href", "/")]),
                WebPages.t("a", "nav.editor", [("href", "/editor")]),
                WebPages.t("a", "nav.compare", [("href", "/compare")]),
                WebPages.t("a", "nav.api", [("href", "/openapi.json")]),
            ]),
            WebPages.t("button", "lang.switch", [("id", "lang-switch"), ("type", "button"), ("class", "lang"), ("lang", "fr")]
                       + WebPages.attr("title", "lang.switchLabel")),
        ])
        let body = Markup.el("body", [("data-page", rawValue)], [
            WebPages.t("a", "nav.skip", [("class", "skip"), ("href", "#main")]),
            nav,
            .el("main", [("id", "main")], [WebPages.t("h1", "heading." + rawValue)] + content),
            .el("p", [("id", "notice"), ("class", "notice"), ("role", "alert"), ("hidden", "")], []),
            tokenDialog,
        ])
        return "<!DOCTYPE html>\n" + Markup.el("html", [("lang", "en")], [.el("head", [], head), body]).render() + "\n"
    }

    /// Asked when the server wants a token; kept for the browser tab's session only. A refused token
    /// reopens it with `token-error` saying so.
    var tokenDialog: Markup {
        .el("dialog", [("id", "token-dialog"), ("aria-labelledby", "token-title")], [
            .el("form", [("id", "token-form"), ("method", "dialog")], [
                WebPages.t("h2", "token.title", [("id", "token-title")]),
                WebPages.t("p", "token.help"),
                WebPages.t("p", "token.wrong", [("id", "token-error"), ("class", "error"), ("role", "alert"), ("hidden", "")]),
                WebPages.t("label", "token.label", [("for", "token-input")]),
                .el("input", [("id", "token-input"), ("type", "password"), ("autocomplete", "off"), ("required", "")]),
                .el("div", [("class", "buttons")], [WebPages.t("button", "token.continue", [("type", "submit")])]),
            ]),
        ])
    }

    static let kinds = ["run", "stress", "sensitivity", "compare", "optimize"]
    static let statuses = ["queued", "running", "done", "failed", "cancelled", "interrupted"]

    /// A labelled multi-line field of one item a line.
    static func lines(_ id: String, _ key: String, rows: Int = 3, placeholder: String = "") -> [Markup] {
        [t("label", key, [("for", id)]),
         .el("textarea", [("id", id), ("rows", String(rows)), ("spellcheck", "false"), ("class", "lines")] + (placeholder.isEmpty ? [] : [("placeholder", placeholder)]), [])]
    }

    var content: [Markup] {
        func t(_ name: String, _ key: String, _ attributes: [(String, String)] = []) -> Markup { WebPages.t(name, key, attributes) }
        switch self {
        case .home:
            return [
                t("p", "home.lead", [("class", "lead")]),
                .el("section", [("aria-labelledby", "scenarios-title")], [
                    t("h2", "home.scenarios", [("id", "scenarios-title")]),
                    .el("ul", [("id", "scenarios"), ("class", "cards")], []),
                ]),
                .el("section", [("aria-labelledby", "runs-title")], [
                    t("h2", "home.runs", [("id", "runs-title")]),
                    .el("div", [("class", "row filters"), ("role", "search")], [
                        t("label", "home.filter", [("for", "filter-text")]),
                        .el("input", [("id", "filter-text"), ("type", "search"), ("maxlength", "200")] + WebPages.attr("placeholder", "home.search")),
                        .el("select", [("id", "filter-kind")] + WebPages.attr("aria-label", "col.kind"),
                            [t("option", "home.anyKind", [("value", "")])] + WebPages.kinds.map { t("option", "kind." + $0, [("value", $0)]) }),
                        .el("select", [("id", "filter-status")] + WebPages.attr("aria-label", "col.status"),
                            [t("option", "home.anyStatus", [("value", "")])] + WebPages.statuses.map { t("option", "status." + $0, [("value", $0)]) }),
                    ]),
                    .el("p", [("id", "runs-shown"), ("class", "muted"), ("aria-live", "polite")], []),
                    .el("div", [("class", "scroll")], [
                        .el("table", [("id", "runs")], [
                            t("caption", "home.caption"),
                            .el("thead", [], [.el("tr", [], ["compare", "name", "scenario", "kind", "status", "progress", "paths", "submitted", "actions"].map {
                                t("th", "col." + $0, [("scope", "col")])
                            })]),
                            .el("tbody", [], []),
                        ]),
                    ]),
                    t("p", "home.empty", [("id", "runs-empty"), ("hidden", "")]),
                    .el("div", [("class", "buttons")], [
                        t("button", "home.compareTicked", [("id", "compare-selected"), ("type", "button"), ("disabled", "")]),
                        t("button", "home.older", [("id", "runs-more"), ("type", "button"), ("hidden", "")]),
                    ]),
                    t("p", "home.deleteNote", [("class", "muted")]),
                ]),
            ]
        case .editor:
            return [
                .el("form", [("id", "editor-form"), ("novalidate", "")], [
                    .el("div", [("class", "row")], [
                        t("label", "editor.from", [("for", "builtin")]),
                        .el("select", [("id", "builtin")], [t("option", "editor.builtin", [("value", "")])]),
                    ]),
                    t("label", "editor.text", [("for", "scenario-text")]),
                    .el("textarea", [("id", "scenario-text"), ("spellcheck", "false"), ("rows", "24"), ("aria-describedby", "issues-title")], []),
                    .el("fieldset", [], [
                        t("legend", "editor.run"),
                        .el("div", [("class", "row")], [
                            t("label", "editor.kind", [("for", "kind")]),
                            .el("select", [("id", "kind"), ("aria-describedby", "kind-help")], WebPages.kinds.map { t("option", "kind." + $0, [("value", $0)]) }),
                            t("label", "editor.paths", [("for", "paths")]),
                            .el("input", [("id", "paths"), ("type", "number"), ("min", "1"), ("step", "1")] + WebPages.attr("placeholder", "editor.default")),
                            t("label", "editor.seed", [("for", "seed")]),
                            .el("input", [("id", "seed"), ("type", "number"), ("min", "0"), ("step", "1")] + WebPages.attr("placeholder", "editor.default")),
                            t("label", "editor.label", [("for", "run-name")]),
                            .el("input", [("id", "run-name"), ("type", "text"), ("maxlength", "200")]),
                        ]),
                        t("p", "editor.kindHelp.run", [("id", "kind-help"), ("class", "muted")]),
                        .el("div", [("class", "field")], WebPages.lines("set", "editor.set", placeholder: "market.regimes.boom.demand_drift=0.2")),
                        .el("div", [("class", "field"), ("data-kind", "run")], [
                            t("label", "editor.stress", [("for", "stress")]),
                            .el("select", [("id", "stress")], [t("option", "editor.noneStress", [("value", "")])]),
                        ]),
                        .el("fieldset", [("class", "field"), ("data-kind", "stress"), ("id", "stresses")], [t("legend", "editor.stresses")]),
                        .el("div", [("class", "field"), ("data-kind", "sensitivity")], [
                            t("label", "editor.method", [("for", "method")]),
                            .el("select", [("id", "method")], [t("option", "editor.tornado", [("value", "tornado")]), t("option", "editor.sobol", [("value", "sobol")])]),
                        ] + WebPages.lines("metrics", "editor.metrics", rows: 2, placeholder: "contract.openai-oracle.paid_in_full")),
                        .el("div", [("class", "field"), ("data-kind", "compare")], [
                            t("label", "editor.compareTo", [("for", "compare-to")]),
                            .el("select", [("id", "compare-to")], [t("option", "editor.compareSelf", [("value", "")])]),
                        ] + WebPages.lines("compare-set", "editor.compareSet")),
                        .el("div", [("class", "field"), ("data-kind", "optimize")],
                            WebPages.lines("decisions", "editor.decisions", placeholder: "contracts.openai-oracle.take_or_pay=0.5..1/0.05") + [
                                .el("div", [("class", "row")], [
                                    t("label", "editor.objective", [("for", "objective")]),
                                    .el("select", [("id", "objective")], [t("option", "editor.maximize", [("value", "maximize")]), t("option", "editor.minimize", [("value", "minimize")])]),
                                    .el("input", [("id", "objective-metric"), ("type", "text"), ("maxlength", "300"), ("class", "wide")]
                                        + WebPages.attr("aria-label", "editor.objectiveMetric") + WebPages.attr("placeholder", "editor.objectiveMetric")),
                                ]),
                            ] + WebPages.lines("constraints", "editor.constraints", rows: 2, placeholder: "buyer.openai.default <= 5%")),
                    ]),
                    .el("div", [("class", "buttons")], [
                        t("button", "editor.validate", [("id", "validate"), ("type", "button")]),
                        t("button", "editor.submit", [("id", "submit-run"), ("type", "submit"), ("class", "primary")]),
                    ]),
                ]),
                .el("section", [("aria-labelledby", "issues-title")], [
                    t("h2", "editor.problems", [("id", "issues-title")]),
                    t("p", "editor.notValidated", [("id", "issues-status"), ("role", "status"), ("aria-live", "polite")]),
                    .el("ol", [("id", "issues"), ("translate", "no")], []),
                ]),
            ]
        case .run:
            return [
                t("p", "run.loading", [("id", "run-status"), ("role", "status"), ("aria-live", "polite")]),
                .el("progress", [("id", "run-progress"), ("max", "1"), ("value", "0")] + WebPages.attr("aria-label", "run.progress"), []),
                .el("dl", [("id", "run-facts"), ("class", "facts")], []),
                .el("div", [("class", "buttons")], [
                    t("button", "run.cancel", [("id", "run-cancel"), ("type", "button"), ("hidden", "")]),
                    t("button", "run.again", [("id", "run-again"), ("type", "button"), ("hidden", "")]),
                    t("button", "run.json", [("id", "download-json"), ("type", "button"), ("hidden", "")]),
                    t("button", "run.report", [("id", "download-report"), ("type", "button"), ("hidden", "")]),
                    t("button", "run.focus", [("id", "download-focus"), ("type", "button"), ("hidden", "")]),
                ]),
                .el("iframe", [("id", "report"), ("sandbox", "allow-same-origin"), ("hidden", "")] + WebPages.attr("title", "run.reportTitle"), []),
            ]
        case .compare:
            return [
                .el("form", [("id", "compare-form")], [
                    .el("div", [("class", "row")], [
                        t("label", "compare.a", [("for", "run-a")]),
                        .el("input", [("id", "run-a"), ("name", "a"), ("type", "text"), ("maxlength", "64"), ("required", "")]),
                        t("label", "compare.b", [("for", "run-b")]),
                        .el("input", [("id", "run-b"), ("name", "b"), ("type", "text"), ("maxlength", "64"), ("required", "")]),
                        t("button", "compare.go", [("type", "submit")]),
                    ]),
                ]),
                .el("p", [("id", "compare-status"), ("role", "status"), ("aria-live", "polite")], []),
                t("button", "compare.pair", [("id", "compare-pair"), ("type", "button"), ("hidden", "")]),
                .el("div", [("class", "scroll")], [
                    .el("table", [("id", "compare-table"), ("hidden", "")], [
                        .el("caption", [("id", "compare-caption")], []),
                        .el("thead", [], [.el("tr", [], [
                            t("th", "compare.line", [("scope", "col")]),
                            .el("th", [("scope", "col"), ("class", "number")], text: "A"),
                            .el("th", [("scope", "col"), ("class", "number")], text: "B"),
                            t("th", "compare.independent", [("scope", "col"), ("class", "number"), ("id", "compare-difference")]),
                        ])]),
                        .el("tbody", [], []),
                    ]),
                ]),
            ]
        }
    }
}
