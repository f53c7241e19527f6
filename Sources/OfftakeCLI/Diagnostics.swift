import Foundation
import OfftakeModel

/// Writes problems for people: `file:line:column: error: path: message` (or `warning:`), what was expected and found,
/// the source line with a caret, and a hint.
enum Diagnostics {
    /// Standard error, unbuffered.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Longest text shown for a message, an expected or a found value.
    static let maximumFieldLength = 400

    static func shortened(_ text: String) -> String {
        text.count <= maximumFieldLength ? text : String(text.prefix(maximumFieldLength)) + "… (\(text.count) characters)"
    }

    /// The lines of a scenario's text for source excerpts. CRLF counts as one line break, as it does
    /// for the YAML parser.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// Whether an issue stops the command (an error) or not (a warning).
    enum Severity: String {
        case error, warning
    }

    /// The report of one issue; `lines` are the source lines of the file it is in (for the caret
    /// excerpt), if available. A problem in a scenario that `source` extends is headed by that file.
    static func format(_ issue: ScenarioIssue, source: String, lines: [Substring]?, severity: Severity = .error) -> String {
        var head = issue.location?.file ?? source
        if let location = issue.location { head += ":\(location.line):\(location.column)" }
        head += ": \(severity.rawValue): "
        if !issue.path.isEmpty { head += "\(issue.path): " }
        head += shortened(issue.message)
        var out = [head]
        var detail: [String] = []
        if let expected = issue.expected { detail.append("expected \(shortened(expected))") }
        if let found = issue.found { detail.append("found \(shortened(found))") }
        if !detail.isEmpty { out.append("    " + detail.joined(separator: "; ")) }
        if let location = issue.location, let lines, location.line >= 1, location.line <= lines.count {
            let line = lines[location.line - 1]
            let shown = String(line.prefix(160)).replacingOccurrences(of: "\t", with: " ")
            let number = "\(location.line)"
            out.append("    \(number) | \(shown)")
            let caretColumn = max(0, min(location.column - 1, shown.unicodeScalars.count))
            out.append("    \(String(repeating: " ", count: number.count)) | \(String(repeating: " ", count: caretColumn))^")
        }
        if let hint = issue.hint { out.append("    hint: \(shortened(hint))") }
        return out.joined(separator: "\n")
    }
}
