import Foundation
import OfftakeModel
import Yams

/// What a scenario's `extends:` may name.
public enum ScenarioBases: Sendable, Equatable {
    /// Built-in scenarios, by name, only: for text that arrived as a submission or on standard input,
    /// and for the built-in scenarios themselves (no file is read).
    case builtInsOnly
    /// Built-in scenarios by name, and files by a path relative to the directory of `file`, the file
    /// being read.
    case beside(_ file: String)
}

extension ScenarioBases {
    /// What tells the file being read from the others in a chain of `extends` (its full path).
    var identity: String {
        guard case .beside(let file) = self else { return "" }
        return URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// A scenario's tree with the scenarios it extends merged in (docs/scenario-format.md, "Building on
/// another scenario"): the merged tree, the texts of the other files, and for each path the file its
/// value was written in, so that every problem found in the merged tree points into the right file.
///
/// The merge, base first and the extending file on top: mappings merge key by key; the entries of
/// `accelerators`, `buyers`, `providers` and `contracts` merge by `id` (a new id is added at the end);
/// any other value, a list or a distribution written as a mapping replaces the base's whole; `~`
/// removes the base's key.
struct ScenarioComposition {
    /// Most files in one chain of `extends:` (the scenario's own included).
    static let maximumChain = 8
    /// The lists whose entries merge by `id`.
    static let entityLists: Set<String> = ["accelerators", "buyers", "providers", "contracts"]

    var root: Node
    /// The files other than the scenario's own text, the furthest base first.
    var bases: [ScenarioCheck.Base] = []
    /// The file of each path's value, by its label (`""` for the scenario's own text). A path not listed
    /// is in the file of its closest listed ancestor.
    var owners: [String: String] = ["": ""]

    /// The file label of `path`'s value (nil: the scenario's own text).
    func file(of path: String) -> String? {
        closest(path, in: owners).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `issue` pointing into the file its path was written in; a problem in a base says where that base
    /// is extended (`source` is the scenario's own name).
    func attributed(_ issue: ScenarioIssue, source: String) -> ScenarioIssue {
        guard var location = issue.location, location.file == nil else { return issue }
        location.file = file(of: issue.path)
        var attributed = issue
        attributed.location = location
        if let file = location.file, let at = bases.first(where: { $0.label == file })?.extendedAt {
            let note = "\(file) is extended at \(at.file ?? source):\(at)"
            attributed.hint = attributed.hint.map { "\($0); \(note)" } ?? note
        }
        return attributed
    }

    /// Each recorded location with the file of its path.
    func attributed(_ locations: [String: SourceLocation]) -> [String: SourceLocation] {
        var result = locations
        for (path, location) in locations where location.file == nil {
            result[path]?.file = file(of: path)
        }
        return result
    }
}

extension ScenarioComposition {
    /// One file read for the composition: its text, where it comes from, what it may name in turn.
    struct Source {
        var text: String
        var format: ScenarioFormat
        /// The name in messages (nil for the scenario's own text).
        var label: String?
        /// What tells two files apart for the cycle check (a built-in's name, a file's full path).
        var identity: String
        var bases: ScenarioBases
    }

    /// Composes `text` and everything it extends; every problem found on the way (unreadable files,
    /// unknown names, cycles, limits, lists merged with mappings) at once, each in its file.
    static func compose(_ text: String, format: ScenarioFormat, bases: ScenarioBases) -> (composition: ScenarioComposition?, issues: [ScenarioIssue]) {
        var composer = Composer(totalBytes: text.utf8.count)
        let own = Source(text: text, format: format, label: nil, identity: bases.identity, bases: bases)
        guard let (root, owners) = composer.tree(own, chain: []), composer.issues.isEmpty else { return (nil, composer.issues) }
        return (ScenarioComposition(root: root, bases: composer.bases, owners: owners), [])
    }

    struct Composer {
        var issues: [ScenarioIssue] = []
        var bases: [ScenarioCheck.Base] = []
        var totalBytes = 0

        /// The tree of `source` merged over the tree it extends, and the file of each path; nil when a
        /// file cannot be read or parsed or the chain is refused.
        mutating func tree(_ source: Source, chain: [String]) -> (Node, [String: String])? {
            let owner = source.label ?? ""
            let node: Node
            switch ScenarioLoader.compose(source.text, format: source.format) {
            case .failure(var issue):
                issue.location?.file = source.label
                issues.append(issue)
                return nil
            case .success(let composed): node = composed
            }
            guard case .mapping(let written) = node, let reference = written.first(where: { $0.key.string == "extends" })?.value else {
                return (node, ["": owner])
            }
            let mapping = Node.Mapping(written.filter { $0.key.string != "extends" }.map { ($0.key, $0.value) }, written.tag, written.style, written.mark)
            let here = location(of: reference, in: source)
            guard case .scalar(let scalar) = reference, !scalar.string.trimmingSpaces.isEmpty else {
                issues.append(ScenarioIssue(path: "extends", location: here, message: "`extends` names one scenario",
                                            expected: "a built-in scenario's name or a file's path, e.g. extends: openai-oracle-2027",
                                            found: NodeReader().describe(reference)))
                return nil
            }
            let name = scalar.string.trimmingSpaces
            guard let base = resolve(name, from: source, at: here) else { return nil }
            if let start = chain.firstIndex(of: base.identity) ?? (base.identity == source.identity ? chain.count : nil) {
                let names = (chain[start...] + [source.identity, base.identity]).map(ScenarioComposition.shortName)
                issues.append(ScenarioIssue(path: "extends", location: here, message: "`extends` goes round in a cycle",
                                            expected: "a chain of scenarios that ends", found: names.joined(separator: " → ")))
                return nil
            }
            if chain.count + 2 > ScenarioComposition.maximumChain {
                issues.append(ScenarioIssue(path: "extends", location: here, message: "too many scenarios extend one another",
                                            expected: "at most \(ScenarioComposition.maximumChain) files in one chain of `extends`",
                                            found: "more, at `\(name)`"))
                return nil
            }
            totalBytes += base.text.utf8.count
            guard totalBytes <= SourceText.maximumBytes else {
                issues.append(ScenarioIssue(path: "extends", location: here, message: "the scenario and the scenarios it extends are too large together",
                                            expected: "at most \(SourceText.maximumBytes / 1024 / 1024) MiB in all", found: "\(totalBytes) bytes by `\(name)`"))
                return nil
            }
            bases.insert(ScenarioCheck.Base(label: base.label ?? name, text: base.text, extendedAt: here), at: 0)
            // The files read so far move one place along: the base is inserted before them.
            guard let (baseTree, baseOwners) = tree(base, chain: chain + [source.identity]) else { return nil }
            var merger = Merger(owners: baseOwners, over: owner)
            let merged = merger.merge(baseTree, .mapping(mapping), at: "")
            issues += merger.issues
            return (merged, merger.owners)
        }

        func location(of node: Node, in source: Source) -> SourceLocation? {
            node.mark.map { SourceLocation(line: $0.line, column: $0.column, file: source.label) }
        }

        /// The text named by `extends: name` in `source`, or nil with the problem recorded at `here`.
        mutating func resolve(_ name: String, from source: Source, at here: SourceLocation?) -> Source? {
            let lowered = name.lowercased()
            let isPath = name.contains("/") || [".yaml", ".yml", ".json"].contains { lowered.hasSuffix($0) }
            guard isPath else {
                guard let entry = BuiltInScenarios.named(name) else {
                    var issue = ScenarioIssue(path: "extends", location: here, message: "no built-in scenario `\(name)`",
                                              expected: "a built-in scenario's name (offtake scenarios lists them), or a file's path ending in .yaml",
                                              found: name)
                    issue.hint = NameSuggestion.hint(for: name, candidates: BuiltInScenarios.all.map(\.name))
                    issues.append(issue)
                    return nil
                }
                return Source(text: entry.text, format: .yaml, label: "\(entry.name) (built in)", identity: "built-in:" + entry.name, bases: .builtInsOnly)
            }
            guard case .beside(let file) = source.bases else {
                issues.append(ScenarioIssue(path: "extends", location: here, message: "this scenario may extend built-in scenarios only, by name",
                                            expected: "a built-in scenario's name, e.g. extends: openai-oracle-2027",
                                            found: "the file path `\(name)`",
                                            hint: "a scenario sent as text or built in never reads files; run it from a file to extend another file"))
                return nil
            }
            let directory = (file as NSString).deletingLastPathComponent
            let path = name.hasPrefix("/") || directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
            let text: String
            switch ScenarioLoader.read(path: path).flatMap({ SourceText.decode($0) }) {
            case .success(let read): text = read
            case .failure(let problem):
                var issue = problem
                issue.path = "extends"
                issue.message = "`\(path)`: \(problem.message)"
                issue.location = here
                issues.append(issue)
                return nil
            }
            return Source(text: text, format: ScenarioFormat(fileName: path), label: path, identity: ScenarioBases.beside(path).identity, bases: .beside(path))
        }
    }

    /// `openai-oracle-2027` for a built-in, the path for a file (in cycle messages).
    static func shortName(_ identity: String) -> String {
        identity.hasPrefix("built-in:") ? String(identity.dropFirst("built-in:".count)) : identity.isEmpty ? "this scenario" : identity
    }
}

extension ScenarioComposition {
    /// Merges an extending file's tree over its base's, keeping the file of each path.
    struct Merger {
        /// The file of each path (the base's on entry; the merged tree's on return).
        var owners: [String: String]
        /// The label of the extending file (`""` for the scenario's own text).
        let over: String
        var issues: [ScenarioIssue] = []

        /// The file of `path` in the owners as they are.
        func owner(of path: String) -> String { closest(path, in: owners) ?? "" }

        /// `path` and everything below it now come from the extending file.
        mutating func replace(at path: String) {
            forget(path)
            owners[path] = over
        }

        /// Drops what is recorded at and below `path`.
        mutating func forget(_ path: String) {
            owners = owners.filter { key, _ in !(key == path || key.hasPrefix(path + ".") || key.hasPrefix(path + "[")) }
        }

        /// Records the file of each child of `path` explicitly, before `path` itself changes file.
        mutating func pin(_ children: [String]) {
            for child in children where owners[child] == nil { owners[child] = owner(of: child) }
        }

        mutating func merge(_ base: Node, _ over: Node, at path: String) -> Node {
            switch (base, over) {
            case (.mapping(let b), .mapping(let o)):
                if Self.isDistribution(b) || Self.isDistribution(o) { break }
                return .mapping(mergeMappings(b, o, at: path))
            case (.sequence(let b), .sequence(let o)) where ScenarioComposition.entityLists.contains(path):
                return .sequence(mergeEntities(b, o, at: path))
            case (.mapping, .sequence), (.sequence, .mapping):
                issues.append(mismatch(base, over, at: path))
            default: break
            }
            replace(at: path)
            return over
        }

        /// The base's keys in their order, each merged with the extending file's value, removed by its
        /// `~`, or kept; a key only the extending file has goes before the next key it writes that the
        /// base has too (at the end when there is none), so that the extending file decides its place.
        mutating func mergeMappings(_ base: Node.Mapping, _ over: Node.Mapping, at path: String) -> Node.Mapping {
            pin(base.keys.compactMap(\.string).map { join(path, $0) })
            let baseNames = Set(base.keys.compactMap(\.string))
            var before: [String: [(Node, Node)]] = [:]
            var pending: [(Node, Node)] = []
            for (key, value) in over {
                if let name = key.string, baseNames.contains(name) {
                    before[name, default: []] += pending
                    pending = []
                } else if !Self.isNull(value) {
                    if let name = key.string { replace(at: join(path, name)) }
                    pending.append((key, value))
                }
            }
            var pairs: [(Node, Node)] = []
            for (key, value) in base {
                guard let name = key.string else {
                    pairs.append((key, value))
                    continue
                }
                pairs += before[name] ?? []
                guard let replacement = over.first(where: { $0.key.string == name }) else {
                    pairs.append((key, value))
                    continue
                }
                let child = join(path, name)
                if Self.isNull(replacement.value) {
                    forget(child)
                } else {
                    pairs.append((replacement.key, merge(value, replacement.value, at: child)))
                }
            }
            owners[path] = self.over
            return Node.Mapping(pairs + pending, over.tag, over.style, over.mark)
        }

        /// The entries of an entity list: the base's in order, each merged with the extending entry of
        /// the same `id`; the extending file's other entries after them.
        mutating func mergeEntities(_ base: Node.Sequence, _ over: Node.Sequence, at path: String) -> Node.Sequence {
            var items = Array(base)
            pin(items.indices.map { "\(path)[\($0)]" })
            var merged = Set<Int>()
            for item in over {
                let id = item.mapping?["id"]?.string
                if let id, let index = items.indices.first(where: { !merged.contains($0) && items[$0].mapping?["id"]?.string == id }) {
                    merged.insert(index)
                    items[index] = merge(items[index], item, at: "\(path)[\(index)]")
                } else {
                    replace(at: "\(path)[\(items.count)]")
                    items.append(item)
                }
            }
            owners[path] = self.over
            return Node.Sequence(items, over.tag, over.style, over.mark)
        }

        func mismatch(_ base: Node, _ over: Node, at path: String) -> ScenarioIssue {
            func kind(_ node: Node) -> String { if case .sequence = node { return "a list" } else { return "a mapping" } }
            let file = owner(of: path)
            let there = base.mark.map { " at \(file.isEmpty ? "" : file + ":")\($0.line):\($0.column)" } ?? ""
            return ScenarioIssue(path: path, location: over.mark.map { SourceLocation(line: $0.line, column: $0.column, file: self.over.isEmpty ? nil : self.over) },
                                 message: "cannot merge with the base scenario's `\(path)`, which is \(kind(base))",
                                 expected: "\(kind(base)), as in the base\(there)", found: kind(over))
        }

        /// `~`, `null` or nothing, written plainly: the extending file removes the key.
        static func isNull(_ node: Node) -> Bool {
            guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
            return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }

        /// A distribution in mapping form (`{lognormal: {p10: …, p90: …}}`): replaced whole, never merged.
        static func isDistribution(_ mapping: Node.Mapping) -> Bool {
            mapping.count == 1 && mapping.first.flatMap { $0.key.string }.map { DistributionExpression.families[$0] != nil } == true
        }
    }
}
