import Foundation
import Yams
import OfftakeModel

/// The assumptions of a scenario file with their sources: every line of the YAML that sets a value and
/// carries a trailing comment (`key: value   # sources.md#id`, `# [D] …`, `# assumption: …`).
///
/// Each row is the key path of the line (sequence items by their `id`, else by index; a flow mapping
/// `{start: …, end: …}` on one line is one row under its key), the value as written, and the comment.
/// The file is parsed with Yams for the paths and lines; the comments come from the text of those lines
/// (YAML parsers drop comments).
public struct ScenarioAssumptions: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var path: String
        public var value: String
        public var source: String
    }

    public var rows: [Row]

    /// Rows of a YAML scenario; no rows for text that is not YAML (a JSON scenario has no comments).
    public init(yaml text: String) {
        rows = Self.rows(of: text).map(\.row)
    }

    /// Rows of a scenario that extends others (`extends:`): the rows of each file, the furthest base
    /// first, whose line sets a value of the composed scenario, i.e. is one of `locations` (where the
    /// loader read each value; ``SourceLocation/file`` names the base, nil the scenario's own text). A
    /// base's line that the extending file replaced or removed is not a row.
    public init(yaml text: String, extending bases: [(file: String, text: String)], valuesAt locations: some Sequence<SourceLocation>) {
        var live: [String: Set<Int>] = [:]
        for location in locations { live[location.file ?? "", default: []].insert(location.line) }
        rows = (bases + [(file: "", text: text)]).flatMap { file, text in
            Self.rows(of: text).filter { live[file]?.contains($0.line) == true }.map(\.row)
        }
    }

    /// The rows of one YAML text with their line numbers.
    static func rows(of text: String) -> [(line: Int, row: Row)] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var byLine: [Int: [String]] = [:]
        func walk(_ node: Node, _ path: [String]) {
            switch node {
            case .scalar:
                if let line = node.mark?.line { byLine[line, default: []].append(path.joined(separator: ".")) }
            case .mapping(let mapping):
                for (key, value) in mapping { walk(value, path + [key.string ?? "?"]) }
            case .sequence(let sequence):
                for (i, item) in sequence.enumerated() {
                    let id = item.mapping?["id"]?.string
                    walk(item, path + [id ?? "[\(i)]"])
                }
            case .alias: break
            }
        }
        if let root = try? Yams.compose(yaml: text) { walk(root, []) }
        var rows: [(line: Int, row: Row)] = []
        for line in byLine.keys.sorted() {
            guard line >= 1, line <= lines.count, let paths = byLine[line], let (code, comment) = ScenarioAssumptions.split(lines[line - 1]),
                  !comment.isEmpty else { continue }
            let path = paths.count == 1 ? paths[0] : ScenarioAssumptions.commonPrefix(paths)
            rows.append((line, Row(path: path.replacingOccurrences(of: ".[", with: "["), value: ScenarioAssumptions.value(code), source: comment)))
        }
        return rows
    }

    /// The code and the trailing comment of a line: the comment starts at the first `#` outside quotes
    /// that begins the line or follows a space (YAML 1.2 §6.6).
    static func split(_ line: String) -> (code: String, comment: String)? {
        var quote: Character?
        var previous: Character = " "
        for (offset, ch) in line.enumerated() {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" && (previous == " " || previous == "\t") {
                let index = line.index(line.startIndex, offsetBy: offset)
                return (String(line[..<index]), line[line.index(after: index)...].trimmingCharacters(in: .whitespaces))
            }
            previous = ch
        }
        return nil
    }

    /// The value part of a line: after `- ` and the first `key:` when the line starts with a key.
    static func value(_ code: String) -> String {
        var text = code.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("- ") { text.removeFirst(2) }
        if let colon = text.range(of: ": "), !text[..<colon.lowerBound].contains(where: { "{[\"'".contains($0) }) {
            text = String(text[colon.upperBound...])
        } else if text.hasSuffix(":") {
            text = ""
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The longest common dotted prefix of paths (the key of a flow mapping written on one line).
    static func commonPrefix(_ paths: [String]) -> String {
        let split = paths.map { $0.split(separator: ".").map(String.init) }
        guard var prefix = split.first else { return "" }
        for parts in split.dropFirst() {
            var n = 0
            while n < min(prefix.count, parts.count) && prefix[n] == parts[n] { n += 1 }
            prefix = Array(prefix.prefix(n))
        }
        return prefix.joined(separator: ".")
    }
}
