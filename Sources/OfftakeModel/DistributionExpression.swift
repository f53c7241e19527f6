import OfftakeRandom

/// The syntax tree of a distribution expression such as `lognormal(p10=20B, p90=80B)`.
///
/// Grammar (docs/distributions.md):
/// ```
/// expression := number | call
/// call       := name "(" [argument ("," argument)*] ")"
/// argument   := label "=" (number | list | call) | expression
/// list       := "[" [number ("," number)*] "]"
/// ```
/// Scenario files may also write a call as a mapping, `{lognormal: {p10: 40%, p90: 180%}}`; the
/// loader builds the same tree from it.
public indirect enum ExpressionNode: Sendable, Hashable {
    case number(NumberLiteral, at: SourceLocation)
    case list([NumberLiteral], locations: [SourceLocation], at: SourceLocation)
    case call(name: String, at: SourceLocation, arguments: [ExpressionArgument])

    /// Where the node starts.
    public var location: SourceLocation {
        switch self {
        case .number(_, let at), .list(_, _, let at), .call(_, let at, _): return at
        }
    }
}

/// One argument of a call: labelled (`sd=2`) or positional (a mixture component).
public struct ExpressionArgument: Sendable, Hashable {
    public var label: String?
    public var labelLocation: SourceLocation
    public var value: ExpressionNode
    public init(label: String?, labelLocation: SourceLocation, value: ExpressionNode) {
        self.label = label
        self.labelLocation = labelLocation
        self.value = value
    }
}

/// A problem in a distribution expression, located at the offending character.
public struct ExpressionIssue: Error, Sendable, Hashable {
    public var location: SourceLocation
    public var message: String
    public var expected: String?
    public var found: String?
    public var hint: String?
    public init(location: SourceLocation, message: String, expected: String? = nil, found: String? = nil, hint: String? = nil) {
        self.location = location
        self.message = message
        self.expected = expected
        self.found = found
        self.hint = hint
    }
}

/// Every problem found in one distribution expression.
public struct ExpressionIssues: Error, Sendable, Hashable {
    public var issues: [ExpressionIssue]
    public init(issues: [ExpressionIssue]) { self.issues = issues }
}

/// Parses and builds distribution expressions.
public enum DistributionExpression {
    /// Families and the labels each accepts, for messages and suggestions.
    public static let families: [String: [String]] = [
        "normal": ["mean", "sd", "pNN"],
        "lognormal": ["mean", "sd", "mu", "sigma", "pNN"],
        "uniform": ["min", "max"],
        "triangular": ["min", "mode", "max"],
        "pert": ["min", "mode", "max"],
        "beta": ["alpha", "beta"],
        "gamma": ["shape", "scale"],
        "student_t": ["df", "loc", "scale"],
        "bernoulli": ["p"],
        "poisson": ["lambda"],
        "discrete": ["values", "weights"],
        "mixture": ["weights"],
        "truncate": ["min", "max"],
    ]

    /// Deepest nesting of calls accepted (`mixture(truncate(…))`); deeper input is refused, not recursed into.
    public static let maximumDepth = 32

    /// Parses `text` into a syntax tree. `origin` is where the text starts in its file (for messages).
    public static func parse(_ text: String, at origin: SourceLocation = SourceLocation(line: 1, column: 1)) -> Result<ExpressionNode, ExpressionIssue> {
        var parser = ExpressionParser(scalars: Array(text.unicodeScalars), origin: origin)
        do throws(ExpressionIssue) {
            parser.skipSpace()
            let node = try parser.expression(depth: 0)
            parser.skipSpace()
            if !parser.atEnd {
                var issue = parser.issue("unexpected text after the expression", expected: "end of expression", found: parser.foundDescription())
                issue.hint = rangeSuggestion(text).map { "did you mean `\($0)`?" }
                throw issue
            }
            return .success(node)
        } catch {
            return .failure(error)
        }
    }

    /// `uniform(min=A, max=B)` for `text` written as a range `A-B` or `A to B` (`8%-11%`, `8-11%`,
    /// `8 % - 11 %`, `0.08-0.11`, `$1B-$2B`, `10 to 12`), with the numbers as written; a `$` or a unit
    /// written on one end only goes to both (`8-11%` → `min=8%`). Nil for anything else, `-5%` included.
    public static func rangeSuggestion(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func skipSpace() {
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        }
        /// One end: a number literal, with a `%` written apart from it (`8 %`).
        func end() -> String? {
            guard case .success(let literal) = NumberLiteral.lex(scalars, &index) else { return nil }
            let afterLiteral = index
            skipSpace()
            if literal.unit == .none, literal.text.last?.isNumber == true, index < scalars.count, scalars[index] == "%" {
                index += 1
                return literal.text + "%"
            }
            index = afterLiteral
            return literal.text
        }
        skipSpace()
        guard var low = end() else { return nil }
        skipSpace()
        if index < scalars.count, ["-", "–", "—", "−"].contains(scalars[index]) {
            index += 1
        } else if index + 1 < scalars.count, scalars[index] == "t", scalars[index + 1] == "o" {
            index += 2
        } else {
            return nil
        }
        skipSpace()
        guard var high = end() else { return nil }
        skipSpace()
        guard index == scalars.count else { return nil }
        func suffix(_ end: String) -> Substring { end[(end.lastIndex(where: \.isNumber).map(end.index(after:)) ?? end.endIndex)...] }
        if !low.contains("$") && high.contains("$") { low = "$" + low }
        if !high.contains("$") && low.contains("$") { high = "$" + high }
        if suffix(low).isEmpty { low += suffix(high) }
        if suffix(high).isEmpty { high += suffix(low) }
        // Offered only when it reads as a call of `uniform` (`-5. -5.8` would give `max=5.8.`). Parsing a
        // `uniform(…)` call cannot come back here: its text is not a range.
        let suggestion = "uniform(min=\(low), max=\(high))"
        guard case .success(.call("uniform", _, let arguments)) = parse(suggestion), arguments.count == 2 else { return nil }
        return suggestion
    }

    /// Parses and builds `text` as a value of `kind`: every problem found, or the distribution.
    public static func read(_ text: String, as kind: QuantityKind, at origin: SourceLocation = SourceLocation(line: 1, column: 1)) -> Result<Distribution, ExpressionIssues> {
        switch parse(text, at: origin) {
        case .failure(let issue): return .failure(ExpressionIssues(issues: [issue]))
        case .success(let node): return build(node, as: kind)
        }
    }

    /// Builds the distribution a syntax tree describes, with numbers converted to `kind`'s base unit and
    /// parameters checked against their domains. Returns every problem found.
    public static func build(_ node: ExpressionNode, as kind: QuantityKind) -> Result<Distribution, ExpressionIssues> {
        var builder = DistributionBuilder(kind: kind)
        let result = builder.build(node, depth: 0)
        if let result, builder.issues.isEmpty { return .success(result) }
        return .failure(ExpressionIssues(issues: builder.issues.isEmpty ? [ExpressionIssue(location: node.location, message: "invalid distribution")] : builder.issues))
    }
}

/// Recursive-descent parser over Unicode scalars.
struct ExpressionParser {
    let scalars: [Unicode.Scalar]
    let origin: SourceLocation
    var index = 0

    var atEnd: Bool { index >= scalars.count }

    /// Location of scalar `offset`, following newlines inside the text.
    func location(at offset: Int) -> SourceLocation {
        var line = origin.line, column = origin.column
        for s in scalars[0..<min(offset, scalars.count)] {
            if s == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }

    func issue(_ message: String, expected: String? = nil, found: String? = nil, at offset: Int? = nil) -> ExpressionIssue {
        ExpressionIssue(location: location(at: offset ?? index), message: message, expected: expected, found: found)
    }

    func foundDescription() -> String {
        guard !atEnd else { return "end of text" }
        let s = scalars[index]
        if s.properties.isWhitespace { return "whitespace" }
        if s.value < 0x20 || s.value == 0x7F { return "control character U+\(String(s.value, radix: 16, uppercase: true))" }
        return "'\(s)'"
    }

    mutating func skipSpace() {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
    }

    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_"
    }

    static func isIdentifierPart(_ s: Unicode.Scalar) -> Bool {
        isIdentifierStart(s) || (s >= "0" && s <= "9")
    }

    /// An identifier; `p2.5` style percentile labels may contain one dot between digits.
    mutating func identifier() -> String {
        var name = ""
        while index < scalars.count {
            let s = scalars[index]
            if ExpressionParser.isIdentifierPart(s) {
                name.unicodeScalars.append(s)
                index += 1
            } else if s == ".", let last = name.unicodeScalars.last, last >= "0" && last <= "9",
                      index + 1 < scalars.count, scalars[index + 1] >= "0" && scalars[index + 1] <= "9" {
                name.unicodeScalars.append(s)
                index += 1
            } else {
                break
            }
        }
        return name
    }

    mutating func number() throws(ExpressionIssue) -> NumberLiteral {
        let start = index
        switch NumberLiteral.lex(scalars, &index) {
        case .success(let literal): return literal
        case .failure(let error):
            // Error offsets count from the start of the literal.
            index = start + error.offset
            throw issue(error.message, expected: "a number", found: foundDescription())
        }
    }

    func startsNumber() -> Bool {
        guard !atEnd else { return false }
        let s = scalars[index]
        return (s >= "0" && s <= "9") || s == "." || s == "-" || s == "+" || s == "$" || s == "−"
    }

    mutating func expect(_ char: Unicode.Scalar, _ what: String) throws(ExpressionIssue) {
        skipSpace()
        guard !atEnd, scalars[index] == char else {
            throw issue("expected \(what)", expected: "'\(char)'", found: foundDescription())
        }
        index += 1
    }

    mutating func expression(depth: Int) throws(ExpressionIssue) -> ExpressionNode {
        skipSpace()
        let start = index
        if startsNumber() {
            let literal = try number()
            return .number(literal, at: location(at: start))
        }
        guard !atEnd, ExpressionParser.isIdentifierStart(scalars[index]) else {
            throw issue("expected a number or a distribution such as normal(mean=5, sd=2)", expected: "a number or a distribution", found: foundDescription())
        }
        guard depth < DistributionExpression.maximumDepth else {
            throw issue("distributions nested more than \(DistributionExpression.maximumDepth) deep")
        }
        let name = identifier()
        skipSpace()
        guard !atEnd, scalars[index] == "(" else {
            let hint = DistributionExpression.families[name] != nil ? nil : NameSuggestion.closest(to: name, in: DistributionExpression.families.keys)
            var error = issue("expected '(' after the distribution name `\(name)`", expected: "'('", found: foundDescription())
            if let hint { error.hint = "did you mean `\(hint)(…)`?" }
            throw error
        }
        index += 1
        var arguments: [ExpressionArgument] = []
        skipSpace()
        if !atEnd, scalars[index] == ")" {
            index += 1
            return .call(name: name, at: location(at: start), arguments: arguments)
        }
        while true {
            skipSpace()
            arguments.append(try argument(depth: depth + 1))
            skipSpace()
            guard !atEnd else {
                throw issue("unclosed '(' of `\(name)`", expected: "',' or ')'", found: "end of text")
            }
            if scalars[index] == "," {
                index += 1
                continue
            }
            if scalars[index] == ")" {
                index += 1
                break
            }
            throw issue("expected ',' or ')' in the arguments of `\(name)`", expected: "',' or ')'", found: foundDescription())
        }
        return .call(name: name, at: location(at: start), arguments: arguments)
    }

    mutating func argument(depth: Int) throws(ExpressionIssue) -> ExpressionArgument {
        let start = index
        if !atEnd, ExpressionParser.isIdentifierStart(scalars[index]) {
            let name = identifier()
            let afterName = index
            skipSpace()
            if !atEnd, scalars[index] == "=" {
                index += 1
                skipSpace()
                let value = try argumentValue(depth: depth)
                return ExpressionArgument(label: name, labelLocation: location(at: start), value: value)
            }
            // Not a label: a positional distribution such as a mixture component.
            index = afterName
            index = start
        }
        let value = try expression(depth: depth)
        return ExpressionArgument(label: nil, labelLocation: location(at: start), value: value)
    }

    mutating func argumentValue(depth: Int) throws(ExpressionIssue) -> ExpressionNode {
        guard !atEnd else {
            throw issue("expected a value after '='", expected: "a number, a list or a distribution", found: "end of text")
        }
        if scalars[index] == "[" {
            let start = index
            index += 1
            var values: [NumberLiteral] = []
            var locations: [SourceLocation] = []
            skipSpace()
            if !atEnd, scalars[index] == "]" {
                index += 1
                return .list(values, locations: locations, at: location(at: start))
            }
            while true {
                skipSpace()
                guard startsNumber() else {
                    throw issue("expected a number in the list", expected: "a number", found: foundDescription())
                }
                locations.append(location(at: index))
                values.append(try number())
                skipSpace()
                guard !atEnd else { throw issue("unclosed '['", expected: "',' or ']'", found: "end of text") }
                if scalars[index] == "," {
                    index += 1
                    continue
                }
                if scalars[index] == "]" {
                    index += 1
                    break
                }
                throw issue("expected ',' or ']' in the list", expected: "',' or ']'", found: foundDescription())
            }
            return .list(values, locations: locations, at: location(at: start))
        }
        if scalars[index] == "," || scalars[index] == ")" {
            throw issue("expected a value after '='", expected: "a number, a list or a distribution", found: foundDescription())
        }
        return try expression(depth: depth)
    }
}
