/// An HTML or SVG element tree that escapes every text and attribute value when rendered, so a string
/// from a scenario or a result (a name with `<script>`, a quote in a title) always stays text.
///
/// Written here rather than taken from an HTML DSL package: Plot, for one, writes attribute values
/// unescaped, and the report's `aria-label`s and `<title>`s carry user-provided names.
public indirect enum Markup: Sendable, Equatable {
    /// An element: name, attributes in order, children.
    case element(String, [(String, String)], [Markup])
    /// Text, escaped.
    case text(String)
    /// Markup written as is: only for constant strings of this module (the style sheet, the doctype).
    case trusted(String)
    /// Children without an enclosing element.
    case group([Markup])

    public static func == (a: Markup, b: Markup) -> Bool { a.render() == b.render() }

    /// `<name attributes…>children…</name>`; void HTML elements and childless SVG elements close themselves.
    public static func el(_ name: String, _ attributes: [(String, String)] = [], _ children: [Markup] = []) -> Markup {
        .element(name, attributes, children)
    }

    /// An element with one text child.
    public static func el(_ name: String, _ attributes: [(String, String)] = [], text: String) -> Markup {
        .element(name, attributes, [.text(text)])
    }

    /// HTML elements that never have content.
    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "link", "col", "input"]

    /// The markup as a string. Block-level elements start on a new line so the file reads in a diff.
    public func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .text(let text): out += Markup.escape(text)
        case .trusted(let text): out += text
        case .group(let children): for child in children { child.render(into: &out) }
        case .element(let name, let attributes, let children):
            if Markup.lineBreakBefore.contains(name) && !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
            out += "<" + name
            for (key, value) in attributes { out += " \(key)=\"\(Markup.escape(value, attribute: true))\"" }
            if children.isEmpty && (Markup.voidElements.contains(name) || Markup.svgElements.contains(name)) {
                out += Markup.voidElements.contains(name) ? ">" : "/>"
                return
            }
            out += ">"
            for child in children { child.render(into: &out) }
            out += "</\(name)>"
        }
    }

    static let lineBreakBefore: Set<String> = [
        "head", "body", "meta", "style", "title", "header", "main", "footer", "section", "h1", "h2", "h3", "p", "table", "thead",
        "tbody", "tr", "figure", "figcaption", "svg", "g", "path", "line", "rect", "text", "circle", "ul", "li", "div", "dl", "dt", "dd",
    ]
    static let svgElements: Set<String> = ["path", "line", "rect", "circle", "polyline", "text", "tspan", "g", "title", "desc"]

    /// Replaces `&`, `<`, `>` (and in attribute values `"` and `'`) by character references (HTML 5,
    /// "Serializing HTML fragments", extended to the quotes so values are safe in either quoting).
    public static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
