import OfftakeModel
import OfftakeRandom
import Yams

/// Reads typed values out of a composed YAML tree, collecting every problem with its path and
/// location instead of stopping at the first one, and recording where each path sits in the file.
///
/// A value that cannot be read is replaced by a placeholder and its path remembered in `failed`, so
/// semantic checks that would only repeat the problem can be skipped.
final class NodeReader {
    var issues: [ScenarioIssue] = []
    /// Where each path's value starts in the file.
    var locations: [String: SourceLocation] = [:]
    /// Paths whose value could not be read.
    var failed: Set<String> = []

    func location(of node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
    }

    func record(_ path: String, _ node: Node) {
        if let location = location(of: node), locations[path] == nil { locations[path] = location }
    }

    func fail(_ path: String, _ node: Node?, _ message: String, expected: String? = nil, found: String? = nil, hint: String? = nil) {
        failed.insert(path)
        issues.append(ScenarioIssue(path: path, location: node.flatMap(location(of:)), message: message, expected: expected, found: found, hint: hint))
    }

    func fail(_ path: String, at location: SourceLocation?, _ message: String, expected: String? = nil, found: String? = nil, hint: String? = nil) {
        failed.insert(path)
        issues.append(ScenarioIssue(path: path, location: location, message: message, expected: expected, found: found, hint: hint))
    }

    /// A short description of a node for "found …".
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" { return "nothing (null)" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "`\(text)`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: - Mappings

    /// The keys of a mapping, checked against `known`; unknown keys are reported with a suggestion.
    func mapping(_ node: Node, _ path: String, known: [String], what: String? = nil) -> Fields? {
        record(path, node)
        guard case .mapping(let mapping) = node else {
            fail(path, node, "expected \(what ?? "a mapping")", expected: what ?? "a mapping (key: value lines)", found: describe(node))
            return nil
        }
        var fields = Fields(node: node, path: path)
        let pairs = Array(mapping)
        var index = 0
        while index < pairs.count {
            let (key, value) = pairs[index]
            index += 1
            guard case .scalar(let k) = key else {
                fail(path, key, "a key must be a plain name", expected: "one of " + known.joined(separator: ", "), found: describe(key))
                continue
            }
            let name = k.string
            if NodeReader.isFlow(mapping), let split = splitExpression(pairs, at: index - 1) {
                // One problem at the value; its pieces are not keys, and the value is not also missing.
                index += split.pieces.count
                let pieces = split.pieces.map { "`\($0)`" }.joined(separator: ", ")
                fail(join(path, name), value, "the expression was cut at a comma: inside `{…}` a comma ends the value, so "
                     + "\(pieces) \(split.pieces.count == 1 ? "was" : "were") read as \(split.pieces.count == 1 ? "a key" : "keys")",
                     expected: "an expression in quotes", found: describe(value),
                     hint: "quote the expression: `\(name): \"\(split.text)\"`, or use a block mapping")
                if known.isEmpty || known.contains(name) { continue }
            }
            if !known.isEmpty && !known.contains(name) {
                fail(join(path, name), key, "unknown key `\(name)`", expected: "one of " + known.joined(separator: ", "),
                     found: name, hint: NameSuggestion.didYouMean(name, in: known))
                continue
            }
            fields.entries.append((name, key, value))
        }
        return fields
    }

    /// Whether a mapping is written `{…}`: it starts at its brace, before its first key (a block mapping
    /// starts at its first key). Its `style` cannot tell: the parser takes it from the mapping's end.
    static func isFlow(_ mapping: Node.Mapping) -> Bool {
        guard let start = mapping.mark, let first = mapping.first?.key.mark else { return false }
        return (start.line, start.column) != (first.line, first.column)
    }

    /// An expression a flow mapping cut at its commas: `{mean: lognormal(p10=30%, p90=60%)}` reads as
    /// `mean: lognormal(p10=30%` and a key `p90=60%)` without a value. When the value at `index` opens a
    /// `(` it does not close and valueless keys follow while one is open (or that look like `name=value`
    /// or end in `)`), the expression as written and those keys.
    func splitExpression(_ pairs: [(key: Node, value: Node)], at index: Int) -> (text: String, pieces: [String])? {
        func depth(_ text: String) -> Int { text.reduce(0) { $0 + ($1 == "(" ? 1 : $1 == ")" ? -1 : 0) } }
        guard case .scalar(let value) = pairs[index].value, value.style == .plain else { return nil }
        var open = depth(value.string)
        guard open > 0 else { return nil }
        var pieces: [String] = []
        for (key, following) in pairs[(index + 1)...] {
            guard case .scalar(let piece) = key, piece.style == .plain, case .scalar(let empty) = following, empty.string.isEmpty,
                  open > 0 || piece.string.contains("=") || piece.string.hasSuffix(")") else { break }
            pieces.append(piece.string)
            open += depth(piece.string)
        }
        guard !pieces.isEmpty else { return nil }
        return (([value.string] + pieces).joined(separator: ", "), pieces)
    }

    /// The entries of a list.
    func sequence(_ node: Node, _ path: String, what: String = "a list") -> [Node]? {
        record(path, node)
        guard case .sequence(let sequence) = node else {
            fail(path, node, "expected \(what)", expected: what, found: describe(node))
            return nil
        }
        return Array(sequence)
    }

    // MARK: - Scalars

    func scalarText(_ node: Node, _ path: String, expected: String) -> String? {
        record(path, node)
        guard case .scalar(let scalar) = node else {
            fail(path, node, "expected \(expected)", expected: expected, found: describe(node))
            return nil
        }
        return scalar.string
    }

    func string(_ node: Node, _ path: String) -> String? {
        guard let text = scalarText(node, path, expected: "text") else { return nil }
        if text.isEmpty {
            fail(path, node, "empty value", expected: "text", found: "nothing")
            return nil
        }
        return text
    }

    /// An entity id: letters, digits, `-`, `_`.
    func identifier(_ node: Node, _ path: String) -> String? {
        guard let text = scalarText(node, path, expected: "an id") else { return nil }
        guard Scenario.isValidID(text) else {
            fail(path, node, "invalid id", expected: "letters, digits, '-' and '_' (at most 64), starting with a letter or digit", found: "`\(text)`")
            return nil
        }
        return text
    }

    func month(_ node: Node, _ path: String) -> Month? {
        guard let text = scalarText(node, path, expected: "a month (YYYY-MM)") else { return nil }
        guard let month = Month(parsing: text.trimmingSpaces) else {
            fail(path, node, "expected a month", expected: "a month written YYYY-MM, e.g. 2027-06", found: describe(node))
            return nil
        }
        return month
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        guard let text = scalarText(node, path, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            fail(path, node, "expected true or false", expected: "true or false", found: describe(node))
            return nil
        }
    }

    /// One of a fixed set of words (`kind: hardware`, a workload); anything else is reported as an
    /// unknown `what` with a "did you mean" hint.
    func keyword(_ node: Node, _ path: String, _ what: String, _ words: [String]) -> String? {
        let expected = words.joined(separator: " or ")
        guard let text = scalarText(node, path, expected: expected) else { return nil }
        guard words.contains(text) else {
            fail(path, node, "unknown \(what) `\(text)`", expected: expected, found: text, hint: NameSuggestion.didYouMean(text, in: words))
            return nil
        }
        return text
    }

    /// Where the text of a scalar starts (after an opening quote).
    func textOrigin(of node: Node) -> SourceLocation {
        guard case .scalar(let scalar) = node, let location = location(of: node) else { return SourceLocation(line: 1, column: 1) }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: return location.advanced(by: 1)
        default: return location
        }
    }

    /// A fixed number (not a distribution) in `kind`'s base unit.
    func number(_ node: Node, _ path: String, _ kind: QuantityKind) -> Double? {
        guard let text = scalarText(node, path, expected: kind.noun) else { return nil }
        let origin = textOrigin(of: node)
        switch NumberLiteral.parse(text.trimmingSpaces) {
        case .failure(let error):
            if case .success(.call) = DistributionExpression.parse(text, at: origin) {
                fail(path, node, "this field takes a fixed number, not a distribution", expected: kind.noun, found: describe(node))
            } else {
                fail(path, at: origin.advanced(by: error.offset), error.message, expected: kind.noun, found: describe(node))
            }
            return nil
        case .success(let literal):
            switch literal.value(as: kind) {
            case .success(let value): return value
            case .failure(let error):
                fail(path, node, error.message, expected: kind.noun, found: literal.text)
                return nil
            }
        }
    }

    func integer(_ node: Node, _ path: String, _ kind: QuantityKind = .number) -> Int? {
        guard let value = number(node, path, kind) else { return nil }
        guard value == value.rounded(), abs(value) < 9.0e15 else {
            fail(path, node, "expected a whole number", expected: "an integer", found: describe(node))
            return nil
        }
        return Int(value)
    }

    /// A number or a distribution, in `kind`'s base unit (a scalar expression, or the mapping form
    /// `{lognormal: {p10: 40%, p90: 180%}}`).
    func distribution(_ node: Node, _ path: String, _ kind: QuantityKind) -> Distribution {
        record(path, node)
        guard let tree = expressionTree(node, path) else {
            failed.insert(path)
            return .constant(.nan)
        }
        switch DistributionExpression.build(tree, as: kind) {
        case .success(let distribution): return distribution
        case .failure(let problems):
            for problem in problems.issues {
                fail(path, at: problem.location, problem.message, expected: problem.expected, found: problem.found, hint: problem.hint)
            }
            return .constant(.nan)
        }
    }

    /// The syntax tree of a value written as a scalar expression or in mapping form.
    func expressionTree(_ node: Node, _ path: String) -> ExpressionNode? {
        switch node {
        case .scalar(let scalar):
            if scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
                fail(path, node, "missing value", expected: "a number or a distribution", found: "nothing")
                return nil
            }
            switch DistributionExpression.parse(scalar.string, at: textOrigin(of: node)) {
            case .success(let tree): return tree
            case .failure(let problem):
                fail(path, at: problem.location, problem.message, expected: problem.expected, found: problem.found, hint: problem.hint)
                return nil
            }
        case .mapping(let mapping):
            guard mapping.count == 1, let (key, body) = mapping.first.map({ ($0.key, $0.value) }), case .scalar(let family) = key else {
                fail(path, node, "a distribution in mapping form has exactly one key, its family",
                     expected: "e.g. {lognormal: {p10: 40%, p90: 180%}}", found: "a mapping with \(mapping.count) keys")
                return nil
            }
            let at = location(of: key) ?? SourceLocation(line: 1, column: 1)
            guard case .mapping(let arguments) = body else {
                fail(path, body, "the parameters of `\(family.string)` form a mapping", expected: "e.g. {\(family.string): {…}}", found: describe(body))
                return nil
            }
            var list: [ExpressionArgument] = []
            var ok = true
            for (labelNode, valueNode) in arguments {
                guard case .scalar(let label) = labelNode else {
                    fail(path, labelNode, "a parameter name must be plain text", found: describe(labelNode))
                    ok = false
                    continue
                }
                let labelAt = location(of: labelNode) ?? at
                if label.string == "components" || label.string == "of" {
                    let components: [Node]
                    if case .sequence(let items) = valueNode, label.string == "components" { components = Array(items) } else { components = [valueNode] }
                    for component in components {
                        guard let tree = expressionTree(component, path) else { ok = false; continue }
                        list.append(ExpressionArgument(label: nil, labelLocation: location(of: component) ?? labelAt, value: tree))
                    }
                    continue
                }
                switch valueNode {
                case .sequence(let items):
                    var literals: [NumberLiteral] = [], locations: [SourceLocation] = []
                    for item in items {
                        guard case .scalar(let s) = item else {
                            fail(path, item, "expected a number in the list", found: describe(item))
                            ok = false
                            continue
                        }
                        switch NumberLiteral.parse(s.string.trimmingSpaces) {
                        case .success(let literal):
                            literals.append(literal)
                            locations.append(location(of: item) ?? labelAt)
                        case .failure(let error):
                            fail(path, at: textOrigin(of: item).advanced(by: error.offset), error.message, expected: "a number", found: describe(item))
                            ok = false
                        }
                    }
                    list.append(ExpressionArgument(label: label.string, labelLocation: labelAt,
                                                    value: .list(literals, locations: locations, at: location(of: valueNode) ?? labelAt)))
                default:
                    guard let tree = expressionTree(valueNode, path) else { ok = false; continue }
                    list.append(ExpressionArgument(label: label.string, labelLocation: labelAt, value: tree))
                }
            }
            return ok ? .call(name: family.string, at: at, arguments: list) : nil
        case .sequence:
            fail(path, node, "expected a number or a distribution", expected: "a number or a distribution", found: "a list")
            return nil
        case .alias:
            fail(path, node, "unresolved alias")
            return nil
        }
    }
}

/// The entries of one mapping, read by name; tracks which required keys are missing.
struct Fields {
    let node: Node
    let path: String
    var entries: [(name: String, key: Node, value: Node)] = []

    subscript(_ name: String) -> Node? { entries.first { $0.name == name }?.value }
    /// The key node of `name` (where a message about the key itself points).
    func key(_ name: String) -> Node? { entries.first { $0.name == name }?.key }
    func has(_ name: String) -> Bool { self[name] != nil }
}

/// `a.b` path joining (`""` + `b` = `b`).
func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

/// The value recorded for `path` or for its closest recorded ancestor (`a.b[2].c`, then `a.b[2]`, `a.b`,
/// `a` and the root `""`).
func closest<T>(_ path: String, in values: [String: T]) -> T? {
    var candidate = path
    while !candidate.isEmpty {
        if let value = values[candidate] { return value }
        guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
        candidate = String(candidate[..<cut])
    }
    return values[""]
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
