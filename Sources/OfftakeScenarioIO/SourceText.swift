import Foundation
import OfftakeModel

/// Checks on the raw bytes of a scenario file before any YAML parsing, so hostile input is refused
/// cheaply and with a location: size, encoding, control bytes, and nesting depth.
enum SourceText {
    /// Largest scenario file accepted. Real scenarios are a few kilobytes.
    static let maximumBytes = 8 * 1024 * 1024
    /// Deepest nesting accepted (the scenario schema needs about 8 levels).
    static let maximumDepth = 64

    /// The problem of a file or text over ``maximumBytes``.
    static func tooLarge(bytes: Int) -> ScenarioIssue {
        ScenarioIssue(path: "", message: "the file is too large for a scenario",
                      expected: "at most \(maximumBytes / 1024 / 1024) MiB", found: "\(bytes) bytes")
    }

    /// Decodes `data` as UTF-8 text, refusing what cannot be a scenario file.
    static func decode(_ data: Data) -> Result<String, ScenarioIssue> {
        if data.count > maximumBytes {
            return .failure(tooLarge(bytes: data.count))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(ScenarioIssue(path: "", location: SourceLocation(line: 1, column: 1), message: "the file is UTF-16 encoded",
                                          expected: "UTF-8 text", found: "a UTF-16 byte-order mark", hint: "save the file as UTF-8"))
        }
        let valid = String(validating: bytes, as: UTF8.self)
        // Find the first invalid UTF-8 sequence or control byte, with its line and column.
        var line = 1, column = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            var length = 1
            if b >= 0x80 {
                length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if valid == nil {
                    let end = min(i + length, bytes.count)
                    let ok = (0xC2...0xF4).contains(b) && end == i + length
                        && String(validating: bytes[i..<end], as: UTF8.self) != nil
                    if !ok {
                        return .failure(ScenarioIssue(path: "", location: SourceLocation(line: line, column: column),
                                                      message: "the file is not UTF-8 text", expected: "UTF-8 text",
                                                      found: "byte 0x\(String(b, radix: 16, uppercase: true)) at offset \(i)",
                                                      hint: "scenario files are YAML or JSON text"))
                    }
                }
            } else if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D || b == 0x7F {
                return .failure(ScenarioIssue(path: "", location: SourceLocation(line: line, column: column),
                                              message: "the file contains a control character", expected: "text",
                                              found: "byte 0x\(String(b, radix: 16, uppercase: true))",
                                              hint: "scenario files are YAML or JSON text, not binary data"))
            }
            if b == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += length
        }
        return .success(valid ?? String(decoding: bytes, as: UTF8.self))
    }

    /// A conservative estimate of the nesting depth of a YAML or JSON text: block indentation levels,
    /// sequence dashes and open flow brackets (outside quotes and comments). Refuses text nested deeper
    /// than ``maximumDepth`` before the recursive composer sees it.
    static func checkDepth(_ text: String) -> ScenarioIssue? {
        var flowDepth = 0
        var line = 0
        var indents: [Int] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            let scalars = Array(rawLine.unicodeScalars)
            var column = 0
            while column < scalars.count, scalars[column] == " " { column += 1 }
            if column == scalars.count || scalars[column] == "#" { continue }
            var depth = 0
            if flowDepth == 0 {
                while let last = indents.last, last >= column { indents.removeLast() }
                indents.append(column)
                depth = indents.count
            }
            var quote: Unicode.Scalar?
            var k = column
            var dashes = 0
            while k < scalars.count {
                let s = scalars[k]
                if let q = quote {
                    if s == q { quote = nil }
                } else if s == "\"" || s == "'" {
                    quote = s
                } else if s == "#" && (k == 0 || scalars[k - 1] == " ") {
                    break
                } else if s == "?" && (k + 1 == scalars.count || scalars[k + 1] == " ") && (k == column || scalars[column..<k].allSatisfy({ $0 == " " || $0 == "-" }) || "{[,".unicodeScalars.contains(previousNonSpace(scalars, k))) {
                    return complexKey(line, k)
                } else if (s == "]" || s == "}") && nextNonSpace(scalars, k + 1) == ":" {
                    return complexKey(line, k)
                } else if s == "*" && (k == 0 || " [{,-:".unicodeScalars.contains(scalars[k - 1])) {
                    var e = k + 1
                    while e < scalars.count, !" ,[]{}".unicodeScalars.contains(scalars[e]) { e += 1 }
                    if nextNonSpace(scalars, e) == ":" { return complexKey(line, k) }
                }
                if quote == nil && (s == "[" || s == "{") {
                    flowDepth += 1
                } else if (s == "]" || s == "}") && quote == nil {
                    flowDepth = max(0, flowDepth - 1)
                } else if s == "-" && k + 1 < scalars.count && scalars[k + 1] == " " && flowDepth == 0 && scalars[column..<k].allSatisfy({ $0 == " " || $0 == "-" }) {
                    dashes += 1
                }
                if depth + dashes + flowDepth > maximumDepth {
                    return ScenarioIssue(path: "", location: SourceLocation(line: line, column: k + 1),
                                         message: "the document is nested too deeply", expected: "at most \(maximumDepth) levels",
                                         found: "more", hint: "scenario files need about 8 levels")
                }
                k += 1
            }
        }
        return nil
    }

    static func previousNonSpace(_ scalars: [Unicode.Scalar], _ k: Int) -> Unicode.Scalar {
        var i = k - 1
        while i >= 0, scalars[i] == " " { i -= 1 }
        return i >= 0 ? scalars[i] : "\n"
    }

    static func nextNonSpace(_ scalars: [Unicode.Scalar], _ k: Int) -> Unicode.Scalar? {
        var i = k
        while i < scalars.count, scalars[i] == " " { i += 1 }
        return i < scalars.count ? scalars[i] : nil
    }

    /// Complex mapping keys (`? key`, a list or an alias used as a key) are refused: a scenario never
    /// needs them, and composing them hashes the whole key, which an alias can make astronomically large.
    static func complexKey(_ line: Int, _ k: Int) -> ScenarioIssue {
        ScenarioIssue(path: "", location: SourceLocation(line: line, column: k + 1), message: "complex mapping keys are not supported",
                      expected: "a plain name before ':'", found: "a list, a mapping or an alias used as a key",
                      hint: "keys in scenario files are plain names such as `take_or_pay`")
    }

    /// Replaces tabs outside JSON strings by spaces (one for one, so columns do not move): JSON allows
    /// tabs as whitespace where the YAML composer does not.
    static func untabJSON(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inString = false, escaped = false
        for s in text.unicodeScalars {
            if inString {
                if escaped { escaped = false } else if s == "\\" { escaped = true } else if s == "\"" { inString = false }
                out.append(s)
            } else {
                if s == "\"" { inString = true }
                out.append(s == "\t" ? " " : s)
            }
        }
        return String(out)
    }
}
