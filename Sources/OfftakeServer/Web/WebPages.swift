import OfftakeReport

/// The web page's four screens. Each is a fixed shell — no data of any run or scenario is written into
/// it — that the page's script (``WebAssets/script``) fills from the API, always as text (never as
/// HTML), so a scenario named `<script>…` shows as what it is. The shells need no build step and load
/// nothing from elsewhere.
enum WebPages: String, CaseIterable {
    case home, editor, run, compare

    var title: String {
        switch self {
        case .home: return "Offtake"
        case .editor: return "Scenario editor — Offtake"
        case .run: return "Run — Offtake"
        case .compare: return "Compare runs — Offtake"
        }
    }

    func html() -> String {
        let head: [Markup] = [
            .el("meta", [("charset", "utf-8")]),
            .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            .el("title", text: title),
            .el("link", [("rel", "stylesheet"), ("href", "/assets/" + WebAssets.styleSheetFile)]),
            .el("script", [("src", "/assets/" + WebAssets.scriptFile), ("defer", "")]),
        ]
        let nav = Markup.el("header", [("class", "top")], [
            .el("a", [("class", "brand"), ("href", "/")], text: "Offtake"),
            .el("nav", [("aria-label", "Main")], [
                .el("a", [("href", "/")], text: "Home"),
                .el("a", [("href", "/editor")], text: "Scenario editor"),
                .el("a", [("href", "/compare")], text: "Compare runs"),
                .el("a", [("href", "/openapi.json")], text: "API"),
            ]),
        ])
        let body = Markup.el("body", [("data-page", rawValue)], [
            .el("a", [("class", "skip"), ("href", "#main")], text: "Skip to content"),
            nav,
            .el("main", [("id", "main")], [.el("h1", text: heading)] + content),
            .el("p", [("id", "notice"), ("class", "notice"), ("role", "alert"), ("hidden", "")], []),
            tokenDialog,
        ])
        return "<!DOCTYPE html>\n" + Markup.el("html", [("lang", "en")], [.el("head", [], head), body]).render() + "\n"
    }

    var heading: String {
        switch self {
        case .home: return "Long-term compute deals, under uncertainty"
        case .editor: return "Scenario editor"
        case .run: return "Run"
        case .compare: return "Compare two runs"
        }
    }

    /// Asked once when the server wants a token; kept for the browser tab's session only.
    var tokenDialog: Markup {
        .el("dialog", [("id", "token-dialog"), ("aria-labelledby", "token-title")], [
            .el("form", [("id", "token-form"), ("method", "dialog")], [
                .el("h2", [("id", "token-title")], text: "This server needs a token"),
                .el("p", text: "Ask the person who started it. It is kept for this tab only."),
                .el("label", [("for", "token-input")], text: "Token"),
                .el("input", [("id", "token-input"), ("type", "password"), ("autocomplete", "off"), ("required", "")]),
                .el("div", [("class", "buttons")], [.el("button", [("type", "submit")], text: "Continue")]),
            ]),
        ])
    }

    var content: [Markup] {
        switch self {
        case .home:
            return [
                .el("p", [("class", "lead")], text: "How likely is the buyer to pay? What is the provider left with if it cannot? Pick a built-in deal, or write your own in the editor."),
                .el("section", [("aria-labelledby", "scenarios-title")], [
                    .el("h2", [("id", "scenarios-title")], text: "Built-in scenarios"),
                    .el("ul", [("id", "scenarios"), ("class", "cards")], []),
                ]),
                .el("section", [("aria-labelledby", "runs-title")], [
                    .el("h2", [("id", "runs-title")], text: "Recent runs"),
                    .el("table", [("id", "runs")], [
                        .el("caption", text: "Newest first. Tick two runs to compare them."),
                        .el("thead", [], [.el("tr", [], ["Compare", "Name", "Kind", "Status", "Progress", "Paths", "Submitted"].map { .el("th", [("scope", "col")], text: $0) })]),
                        .el("tbody", [], []),
                    ]),
                    .el("p", [("id", "runs-empty"), ("hidden", "")], text: "No runs yet."),
                    .el("div", [("class", "buttons")], [
                        .el("button", [("id", "compare-selected"), ("type", "button"), ("disabled", "")], text: "Compare the two ticked runs"),
                        .el("button", [("id", "runs-more"), ("type", "button"), ("hidden", "")], text: "Older runs"),
                    ]),
                ]),
            ]
        case .editor:
            return [
                .el("form", [("id", "editor-form"), ("novalidate", "")], [
                    .el("div", [("class", "row")], [
                        .el("label", [("for", "builtin")], text: "Start from"),
                        .el("select", [("id", "builtin")], [.el("option", [("value", "")], text: "— a built-in scenario —")]),
                    ]),
                    .el("label", [("for", "scenario-text")], text: "Scenario (YAML or JSON)"),
                    .el("textarea", [("id", "scenario-text"), ("spellcheck", "false"), ("rows", "28"), ("aria-describedby", "issues-title")], []),
                    .el("fieldset", [], [
                        .el("legend", text: "Run"),
                        .el("div", [("class", "row")], [
                            .el("label", [("for", "kind")], text: "Kind"),
                            .el("select", [("id", "kind")], ["run", "stress", "sensitivity", "compare", "optimize"].map { .el("option", [("value", $0)], text: $0) }),
                            .el("label", [("for", "paths")], text: "Paths"),
                            .el("input", [("id", "paths"), ("type", "number"), ("min", "1"), ("step", "1"), ("placeholder", "scenario's")]),
                            .el("label", [("for", "seed")], text: "Seed"),
                            .el("input", [("id", "seed"), ("type", "number"), ("min", "0"), ("step", "1"), ("placeholder", "scenario's")]),
                            .el("label", [("for", "run-name")], text: "Label"),
                            .el("input", [("id", "run-name"), ("type", "text"), ("maxlength", "200")]),
                        ]),
                    ]),
                    .el("div", [("class", "buttons")], [
                        .el("button", [("id", "validate"), ("type", "button")], text: "Validate"),
                        .el("button", [("id", "submit-run"), ("type", "submit"), ("class", "primary")], text: "Run"),
                    ]),
                ]),
                .el("section", [("aria-labelledby", "issues-title")], [
                    .el("h2", [("id", "issues-title")], text: "Problems"),
                    .el("p", [("id", "issues-status"), ("role", "status"), ("aria-live", "polite")], text: "Not validated yet."),
                    .el("ol", [("id", "issues")], []),
                ]),
            ]
        case .run:
            return [
                .el("p", [("id", "run-status"), ("role", "status"), ("aria-live", "polite")], text: "Loading…"),
                .el("progress", [("id", "run-progress"), ("max", "1"), ("value", "0"), ("aria-label", "Progress")], []),
                .el("dl", [("id", "run-facts"), ("class", "facts")], []),
                .el("div", [("class", "buttons")], [
                    .el("button", [("id", "run-cancel"), ("type", "button"), ("hidden", "")], text: "Cancel"),
                    .el("button", [("id", "run-again"), ("type", "button"), ("hidden", "")], text: "Submit again"),
                    .el("button", [("id", "download-json"), ("type", "button"), ("hidden", "")], text: "Download result (JSON)"),
                    .el("button", [("id", "download-report"), ("type", "button"), ("hidden", "")], text: "Download report (HTML)"),
                    .el("button", [("id", "download-focus"), ("type", "button"), ("hidden", "")], text: "Download FOCUS (CSV)"),
                    .el("label", [("for", "report-lang")], text: "Report language"),
                    .el("select", [("id", "report-lang")], [.el("option", [("value", "en")], text: "English"), .el("option", [("value", "fr")], text: "Français")]),
                ]),
                .el("iframe", [("id", "report"), ("title", "Report"), ("sandbox", "allow-same-origin"), ("hidden", "")], []),
            ]
        case .compare:
            return [
                .el("form", [("id", "compare-form")], [
                    .el("div", [("class", "row")], [
                        .el("label", [("for", "run-a")], text: "Run A (id)"),
                        .el("input", [("id", "run-a"), ("name", "a"), ("type", "text"), ("maxlength", "64"), ("required", "")]),
                        .el("label", [("for", "run-b")], text: "Run B (id)"),
                        .el("input", [("id", "run-b"), ("name", "b"), ("type", "text"), ("maxlength", "64"), ("required", "")]),
                        .el("button", [("type", "submit")], text: "Compare"),
                    ]),
                ]),
                .el("p", [("id", "compare-status"), ("role", "status"), ("aria-live", "polite")], []),
                .el("table", [("id", "compare-table"), ("hidden", "")], [
                    .el("caption", text: "Verdict lines of two independent runs (for a paired difference on the same random numbers, submit a run of kind compare)."),
                    .el("thead", [], [.el("tr", [], ["", "A", "B", "B − A ± 1.96 s.e."].map { .el("th", [("scope", "col")], text: $0) })]),
                    .el("tbody", [], []),
                ]),
            ]
        }
    }
}
