import OfftakeModel
import Yams

/// Applies `PATH=VALUE` overrides (`--set`, stress `set:`) to a scenario document before it is read,
/// so an overridden value is checked exactly like one written in the file.
///
/// A path names keys separated by dots; in a list of entities a segment is an entity's `id`, and
/// `[n]` picks the n-th entry: `contracts.oracle-2027.tranches[3].mw`, `contracts[0].take_or_pay`,
/// `market.regimes.bust.credit_spread`. A missing last key is added (it is then checked like any key).
public enum ScenarioOverrides {
    /// Parses `PATH=VALUE`.
    public static func parse(_ assignment: String) -> Override? {
        guard let eq = assignment.firstIndex(of: "=") else { return nil }
        let path = String(assignment[..<eq]).trimmingSpaces
        let value = String(assignment[assignment.index(after: eq)...]).trimmingSpaces
        guard !path.isEmpty, !value.isEmpty else { return nil }
        return Override(path: path, value: value)
    }

    /// The document with every override applied, or every override that could not be.
    public static func apply(_ overrides: [Override], to root: Node) -> Result<Node, ScenarioIssues> {
        var document = root
        var issues: [ScenarioIssue] = []
        for override in overrides {
            let value: Node
            if let first = override.value.first, first == "[" || first == "{" {
                guard let parsed = try? Yams.compose(yaml: override.value) else {
                    issues.append(ScenarioIssue(path: override.path, message: "cannot read the value `\(override.value)`", expected: "a value as written in a scenario file"))
                    continue
                }
                value = parsed
            } else {
                value = Node(override.value, .implicit, .plain)
            }
            guard let segments = segments(of: override.path) else {
                issues.append(ScenarioIssue(path: override.path, message: "invalid path", expected: "keys separated by dots, e.g. contracts.oracle-2027.take_or_pay",
                                            found: "`\(override.path)`"))
                continue
            }
            switch replace(in: document, segments[...], with: value, walked: "") {
            case .success(let node): document = node
            case .failure(let issue):
                var located = issue
                located.path = override.path
                issues.append(located)
            }
        }
        return issues.isEmpty ? .success(document) : .failure(ScenarioIssues(source: "--set", issues: issues))
    }

    /// One step of a path: a key or id, or a list index.
    enum Segment: Equatable {
        case key(String)
        case index(Int)
    }

    static func segments(of path: String) -> [Segment]? {
        var result: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            if !name.isEmpty { result.append(.key(String(name))) }
            rest = rest.dropFirst(name.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"), let n = Int(rest[rest.index(after: rest.startIndex)..<close]), n >= 0 else { return nil }
                result.append(.index(n))
                rest = rest[rest.index(after: close)...]
            }
            if name.isEmpty && part.first != "[" { return nil }
        }
        return result.isEmpty ? nil : result
    }

    static func describe(_ segment: Segment) -> String {
        switch segment {
        case .key(let k): return k
        case .index(let i): return "[\(i)]"
        }
    }

    static func replace(in node: Node, _ path: ArraySlice<Segment>, with value: Node, walked: String) -> Result<Node, ScenarioIssue> {
        guard let segment = path.first else { return .success(value) }
        let here = walked.isEmpty ? "the scenario" : "`\(walked)`"
        let next: String = {
            switch segment {
            case .key(let k): return walked.isEmpty ? k : "\(walked).\(k)"
            case .index(let i): return "\(walked)[\(i)]"
            }
        }()
        switch (node, segment) {
        case (.mapping(let mapping), .key(let key)):
            var pairs = Array(mapping).map { ($0.key, $0.value) }
            if let position = pairs.firstIndex(where: { $0.0.string == key }) {
                switch replace(in: pairs[position].1, path.dropFirst(), with: value, walked: next) {
                case .failure(let issue): return .failure(issue)
                case .success(let child): pairs[position].1 = child
                }
            } else if path.count == 1 {
                pairs.append((Node(key), value))
            } else {
                let keys = pairs.compactMap { $0.0.string }
                return .failure(ScenarioIssue(path: next, message: "no `\(key)` in \(here)", expected: keys.isEmpty ? nil : "one of " + keys.joined(separator: ", "),
                                              found: key, hint: NameSuggestion.didYouMean(key, in: keys)))
            }
            return .success(Node(pairs, mapping.tag, mapping.style))
                .map { rebuilt in withMark(rebuilt, mapping.mark) }
        case (.sequence(let sequence), _):
            var items = Array(sequence)
            let position: Int?
            switch segment {
            case .index(let i): position = i < items.count ? i : nil
            case .key(let id): position = items.firstIndex { $0["id"]?.string == id }
            }
            guard let position else {
                let ids = items.compactMap { $0["id"]?.string }
                switch segment {
                case .index(let i):
                    return .failure(ScenarioIssue(path: next, message: "\(here) has \(items.count) entries, no [\(i)]", expected: "an index below \(items.count)", found: "\(i)"))
                case .key(let id):
                    return .failure(ScenarioIssue(path: next, message: "no entry with id `\(id)` in \(here)", expected: ids.isEmpty ? nil : "one of " + ids.joined(separator: ", "),
                                                  found: id, hint: NameSuggestion.didYouMean(id, in: ids)))
                }
            }
            switch replace(in: items[position], path.dropFirst(), with: value, walked: next) {
            case .failure(let issue): return .failure(issue)
            case .success(let child): items[position] = child
            }
            return .success(Node(items, sequence.tag, sequence.style))
        default:
            return .failure(ScenarioIssue(path: next, message: "\(here) has no field `\(describe(segment))`", expected: "a path to a field", found: "a value at \(here)"))
        }
    }

    static func withMark(_ node: Node, _ mark: Mark?) -> Node {
        guard case .mapping(var mapping) = node else { return node }
        mapping.mark = mark
        return .mapping(mapping)
    }
}
