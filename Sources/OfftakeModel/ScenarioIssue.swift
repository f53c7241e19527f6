/// A position in a source text: 1-based line, and 1-based column counted in Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The file the line is in when it is not the scenario's own text but a scenario it extends (as
    /// named in messages: a path, or `NAME (built in)`); nil for the scenario's own text.
    public var file: String?
    public init(line: Int, column: Int, file: String? = nil) {
        self.line = line
        self.column = column
        self.file = file
    }
    /// `line:column`.
    public var description: String { "\(line):\(column)" }
    /// The location `count` scalars further along the same line.
    public func advanced(by count: Int) -> SourceLocation { SourceLocation(line: line, column: column + count, file: file) }
    /// The scenario's own text first, then each file it extends by name; by line and column within a file.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return (a.file ?? "") < (b.file ?? "") }
        return (a.line, a.column) < (b.line, b.column)
    }
}

/// One problem found in a scenario: where it is, what was expected, what was found, and a hint.
///
/// `path` names the field the way it is written in the file (`contracts[0].tranches[2].mw`);
/// `location` is filled in when the scenario came from a file.
public struct ScenarioIssue: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var location: SourceLocation?
    /// What is wrong, in one sentence.
    public var message: String
    public var expected: String?
    public var found: String?
    /// How to fix it (e.g. "did you mean `take_or_pay`?").
    public var hint: String?

    public init(path: String, location: SourceLocation? = nil, message: String, expected: String? = nil, found: String? = nil, hint: String? = nil) {
        self.path = path
        self.location = location
        self.message = message
        self.expected = expected
        self.found = found
        self.hint = hint
    }

    /// `path: message (expected …, found …); hint`, without the file and location.
    public var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        var detail: [String] = []
        if let expected { detail.append("expected \(expected)") }
        if let found { detail.append("found \(found)") }
        if !detail.isEmpty { text += " (" + detail.joined(separator: ", ") + ")" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }
}

/// The problems that make a scenario unusable, thrown by loaders and `--set`.
public struct ScenarioIssues: Error, Sendable, Hashable {
    /// The file (or `<string>`, `--set`) the issues belong to.
    public var source: String
    public var issues: [ScenarioIssue]
    public init(source: String, issues: [ScenarioIssue]) {
        self.source = source
        self.issues = issues
    }
}

/// Suggestions for misspelt names.
public enum NameSuggestion {
    /// The candidate `name` most likely stands for, if any, compared without case:
    /// 1. a candidate `name` is the start of (`recovery_lag` → `recovery_lag_months`), the shortest such;
    /// 2. a candidate whose words hold every word of `name`, in any order (`lag_months_recovery`,
    ///    `recovery_months` → `recovery_lag_months`; words split at `_`, `-` and `.`), the one with fewest other words;
    /// 3. the candidate closest by Damerau–Levenshtein distance (adjacent transpositions count 1), if it is
    ///    a likely typo: distance ≤ max(1, ⌊len/3⌋), or the same letters and digits;
    /// 4. a candidate that is the start of `name` up to a separator (`take_or_pay_share` → `take_or_pay`), the longest.
    /// A start or a single word counts only when it is at least 3 characters and half as long as the longer
    /// name, so `p` or `rate` alone suggests nothing by rules 1, 2 and 4. Ties go to the candidate that sorts first.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let lowered = name.lowercased()
        let pool = candidates.map { (name: $0, lowered: $0.lowercased()) }.sorted { $0.lowered < $1.lowered || ($0.lowered == $1.lowered && $0.name < $1.name) }
        if let exact = pool.first(where: { $0.lowered == lowered }) { return exact.name }
        func substantial(_ part: Int, of whole: Int) -> Bool { part >= 3 && 2 * part >= whole }
        let completions = pool.filter { $0.lowered.hasPrefix(lowered) && substantial(lowered.count, of: $0.lowered.count) }
        if let shortest = completions.min(by: { $0.lowered.count < $1.lowered.count }) { return shortest.name }
        let nameWords = words(lowered)
        var bestWords: (String, Int)?
        for candidate in pool where nameWords.count > 1 || substantial(lowered.count, of: candidate.lowered.count) {
            var remaining = words(candidate.lowered)
            guard nameWords.allSatisfy({ word in remaining.firstIndex(of: word).map { remaining.remove(at: $0) } != nil }) else { continue }
            if bestWords == nil || remaining.count < bestWords!.1 { bestWords = (candidate.name, remaining.count) }
        }
        if let (candidate, _) = bestWords { return candidate }
        var best: (String, Int)?
        for candidate in pool {
            let d = distance(lowered, candidate.lowered)
            if best == nil || d < best!.1 { best = (candidate.name, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let limit = max(1, min(lowered.count, candidate.count) / 3)
        if d <= limit { return candidate }
        let normalized = lowered.filter { $0.isLetter || $0.isNumber }
        if normalized == candidate.lowercased().filter({ $0.isLetter || $0.isNumber }) { return candidate }
        let starts = pool.filter { candidate in
            guard lowered.hasPrefix(candidate.lowered), let next = lowered.dropFirst(candidate.lowered.count).first else { return false }
            return separators.contains(next) && substantial(candidate.lowered.count, of: lowered.count)
        }
        return starts.max(by: { $0.lowered.count < $1.lowered.count })?.name
    }

    /// What separates the words of a name.
    static let separators: Set<Character> = ["_", "-", "."]

    /// The words of a name, split at its separators.
    static func words(_ name: String) -> [Substring] {
        name.split(whereSeparator: { separators.contains($0) })
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }

    /// "did you mean `x`?" when a candidate is close enough to `name` to be a likely typo.
    public static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean `\($0)`?" }
    }

    /// `hint` text for an unknown name: "did you mean `x`?" or the list of valid names.
    public static func hint(for name: String, candidates: [String]) -> String {
        if let suggestion = didYouMean(name, in: candidates) { return suggestion }
        let shown = candidates.prefix(12).map { "`\($0)`" }.joined(separator: ", ")
        return "valid names: " + shown + (candidates.count > 12 ? ", …" : "")
    }
}
