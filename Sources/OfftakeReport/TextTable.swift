/// A table for the terminal: columns padded to their widest cell (counted in characters, so `−`, `…`
/// and the French U+202F count as one), a header row, and bold headers when colour is on.
public struct TextTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]], rightAligned: Set<Int>) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The table as lines joined by newlines; two spaces between columns; no trailing spaces.
    /// With `colour`, the header is bold (ANSI SGR 1) and each row's first cell keeps its width.
    public func render(colour: Bool = false) -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let lines = all.enumerated().map { r, row in
            var line = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return r == 0 && colour ? Terminal.bold(line) : line
        }
        return lines.joined(separator: "\n")
    }
}

/// ANSI styling for a terminal. Callers decide whether colour is on (`Terminal.colourEnabled`); library
/// code never reads the environment.
public enum Terminal {
    /// Colour only on a terminal and never with `NO_COLOR` set to anything (https://no-color.org);
    /// `TERM=dumb` turns it off too.
    public static func colourEnabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    public static func bold(_ text: String) -> String { "\u{1B}[1m\(text)\u{1B}[0m" }
    public static func dim(_ text: String) -> String { "\u{1B}[2m\(text)\u{1B}[0m" }
}
