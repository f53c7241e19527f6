import Foundation
import OfftakeModel
import Yams

/// The text format of a scenario file.
public enum ScenarioFormat: String, Sendable {
    case yaml, json

    /// The format a file name implies (`.json` → JSON, anything else YAML).
    public init(fileName: String) {
        self = fileName.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}

/// The outcome of reading a scenario: the scenario when it is valid, and every problem found
/// (sorted by position in the file).
public struct ScenarioCheck: Sendable {
    /// The file name used in messages.
    public var source: String
    public var scenario: Scenario?
    public var issues: [ScenarioIssue]
    public var isValid: Bool { scenario != nil && issues.isEmpty }
    /// The `--set` overrides could not be applied (unknown path, unreadable value): a usage problem
    /// rather than a problem of the file.
    public var overridesFailed = false
    /// Where each field sits in the file (path as written → line:column), for problems found later
    /// (the engine's checks of metric ids).
    public var locations: [String: SourceLocation] = [:]
    /// The text as read (after UTF-8 decoding), when it could be read: for the assumptions table, the
    /// source lines of problems and reports, without reading the file a second time.
    public var text: String?
    /// The scenarios this one extends, the furthest first: the name their problems' locations carry
    /// (``SourceLocation/file``) and their text, for the source lines of problems and the assumptions table.
    public var bases: [Base] = []

    /// A scenario the checked one extends.
    public struct Base: Sendable, Equatable {
        /// The path of the file, or `NAME (built in)`.
        public var label: String
        public var text: String
        /// The `extends:` value that names it (its file nil when it is in the checked scenario's own text).
        public var extendedAt: SourceLocation?
    }

    /// The text of the file called `file` in a location (nil: the scenario's own text).
    public func text(of file: String?) -> String? {
        guard let file else { return text }
        return bases.first { $0.label == file }?.text
    }

    /// The location of `path` or of its closest located ancestor.
    public func location(of path: String) -> SourceLocation? { ScenarioLoader.locate(path, in: locations) }

    /// The scenario as read with the overrides applied, when its structure and the overrides are
    /// sound, even if a stress has problems: the model and the metric ids are still checked on it.
    public var usable: Scenario?
    /// What is probably not meant but does not stop a run (``ScenarioWarnings``), located; `--strict`
    /// makes them errors.
    public var warnings: [ScenarioIssue] = []
    /// The layers of checks that ran (none when the text could not be read).
    public var ran: [Layer] = []
    /// The layers with nothing to check in the text as read (no `stresses:`; no `objective:` and no
    /// `constraints:`): they are not named as not checked.
    public var absent: [Layer] = []

    /// The checks of a scenario, in the order they run. A layer runs when the ones it needs passed:
    /// the stresses and the overrides need a sound structure, the model needs the overrides, the
    /// metric ids need the model.
    public enum Layer: String, Sendable, CaseIterable, Codable {
        /// The text read, decoded and validated field by field.
        case structure
        /// Each stress's `set:` applied to the scenario.
        case stresses
        /// `--set` values applied to the scenario.
        case overrides
        /// The scenario compiled into the model a run simulates.
        case model
        /// The metric ids of the objective and the constraints.
        case metrics

        /// How the layer is named when it is skipped.
        public var name: String {
            switch self {
            case .structure: return "structure"
            case .stresses: return "stresses"
            case .overrides: return "--set values"
            case .model: return "model"
            case .metrics: return "objective and constraint metric ids"
            }
        }

        /// The layers that did not run, in order, when `ran` did and `absent` had nothing to check (the
        /// overrides only when there are some).
        public static func notChecked(ran: [Layer], absent: [Layer], overridden: Bool) -> [Layer] {
            allCases.filter { !ran.contains($0) && !absent.contains($0) && ($0 != .overrides || overridden) }
        }
    }
}

extension ScenarioCheck {
    /// A source refused before it was read (an unknown name), with its one problem.
    public init(source: String, refusing issue: ScenarioIssue) {
        self.init(source: source, scenario: nil, issues: [issue])
    }
}

/// Reads scenario files (YAML or JSON) into validated ``Scenario`` values, reporting every problem at
/// once with its path and `line:column`.
public enum ScenarioLoader {
    /// Most nodes a document may expand to once YAML aliases are resolved (a guard against alias
    /// "billion laughs" bombs; real scenarios have a few thousand).
    public static let maximumNodes = 200_000

    /// Reads and validates the file at `path`; `-` and `/dev/stdin` read standard input (up to the size
    /// limit). Other pipes, sockets and devices are refused rather than waited on. A file may extend
    /// built-in scenarios and files beside it; standard input only built-in scenarios.
    public static func check(path: String, overrides: [Override] = []) -> ScenarioCheck {
        let isStandardInput = path == "-" || path == "/dev/stdin"
        switch read(path: path) {
        case .failure(let issue): return ScenarioCheck(source: path, scenario: nil, issues: [issue])
        case .success(let data):
            return check(input: data, source: path, format: ScenarioFormat(fileName: path), overrides: overrides,
                         bases: isStandardInput ? .builtInsOnly : .beside(path))
        }
    }

    /// The bytes of the file at `path` (standard input for `-` and `/dev/stdin`) up to one byte past the
    /// size limit, or the problem that refuses it: missing, a directory, a device, pipe or socket, too
    /// large, unreadable. Every file the loader reads, a scenario or a file it extends, comes through here.
    static func read(path: String) -> Result<Data, ScenarioIssue> {
        func refuse(_ message: String, expected: String? = nil, found: String? = nil) -> Result<Data, ScenarioIssue> {
            .failure(ScenarioIssue(path: "", message: message, expected: expected, found: found))
        }
        let handle: FileHandle
        let isStandardInput = path == "-" || path == "/dev/stdin"
        if isStandardInput {
            handle = .standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return refuse("no such file") }
            guard !isDirectory.boolValue else { return refuse("is a directory, not a scenario file") }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else {
                return refuse("is not a regular file", expected: "a scenario file (YAML or JSON), or - for standard input", found: "a device, pipe or socket")
            }
            if let size = attributes?[.size] as? Int, size > SourceText.maximumBytes {
                return .failure(SourceText.tooLarge(bytes: size))
            }
            guard let opened = FileHandle(forReadingAtPath: path) else { return refuse("cannot open the file (permission denied?)") }
            handle = opened
        }
        defer { if !isStandardInput { try? handle.close() } }
        do {
            // One byte past the limit tells a file that is too large from one that just fits.
            let data = try handle.read(upToCount: SourceText.maximumBytes + 1) ?? Data()
            return data.count > SourceText.maximumBytes ? .failure(SourceText.tooLarge(bytes: data.count)) : .success(data)
        } catch {
            return refuse("cannot read the file: \(error.localizedDescription)")
        }
    }

    /// Reads and validates bytes read from a stream (standard input) up to one byte past
    /// ``maximumBytes``, so that a stream too large for a scenario is told from one that just fits.
    public static func check(input data: Data, source: String, format: ScenarioFormat = .yaml, overrides: [Override] = [],
                             bases: ScenarioBases = .builtInsOnly) -> ScenarioCheck {
        if data.count > SourceText.maximumBytes {
            return ScenarioCheck(source: source, scenario: nil, issues: [SourceText.tooLarge(bytes: data.count)])
        }
        return check(data: data, source: source, format: format, overrides: overrides, bases: bases)
    }

    /// Largest scenario accepted, in bytes.
    public static var maximumBytes: Int { SourceText.maximumBytes }

    /// Reads and validates scenario bytes.
    public static func check(data: Data, source: String, format: ScenarioFormat = .yaml, overrides: [Override] = [],
                             bases: ScenarioBases = .builtInsOnly) -> ScenarioCheck {
        switch SourceText.decode(data) {
        case .failure(let issue): return ScenarioCheck(source: source, scenario: nil, issues: [issue])
        case .success(let text): return check(text: text, source: source, format: format, overrides: overrides, bases: bases)
        }
    }

    /// Reads and validates scenario text, after applying `overrides` (`--set PATH=VALUE`). `bases` is what
    /// its `extends:` may name: built-in scenarios only unless the text was read from a file.
    public static func check(text: String, source: String = "<string>", format: ScenarioFormat = .yaml, overrides: [Override] = [],
                             bases: ScenarioBases = .builtInsOnly) -> ScenarioCheck {
        var checked = checkText(text, source: source, format: format, overrides: overrides, bases: bases)
        checked.text = text
        return checked
    }

    static func checkText(_ text: String, source: String, format: ScenarioFormat, overrides: [Override], bases: ScenarioBases) -> ScenarioCheck {
        func result(_ scenario: Scenario?, _ issues: [ScenarioIssue]) -> ScenarioCheck {
            ScenarioCheck(source: source, scenario: issues.isEmpty ? scenario : nil, issues: issues.sorted(by: issueOrder))
        }
        if text.utf8.count > SourceText.maximumBytes {
            return result(nil, [SourceText.tooLarge(bytes: text.utf8.count)])
        }
        let composed = ScenarioComposition.compose(text, format: format, bases: bases)
        guard let composition = composed.composition else { return result(nil, composed.issues) }
        var decoded = decodeAndValidate(composition.root)
        decoded.issues = decoded.issues.map { composition.attributed($0, source: source) }
        decoded.locations = composition.attributed(decoded.locations)
        var issues = decoded.issues
        var usable: Scenario?
        var overridesFailed = false
        var warnings: [ScenarioIssue] = []
        var ran: [ScenarioCheck.Layer] = [.structure]
        // A layer with nothing to check in the text is never named as one that could not run.
        var absent: [ScenarioCheck.Layer] = []
        if decoded.locations["stresses"] == nil { absent.append(.stresses) }
        if decoded.locations["objective"] == nil && decoded.locations["constraints"] == nil { absent.append(.metrics) }
        if let read = decoded.scenario, issues.isEmpty {
            // The stresses and the overrides are checked on the scenario as read, each whatever the
            // other's problems.
            ran += overrides.isEmpty ? [.stresses] : [.stresses, .overrides]
            issues += checkStresses(of: read, locations: decoded.locations)
            warnings += stressWarnings(of: read, locations: decoded.locations)
            switch read.applying(overrides) {
            case .success(let changed):
                usable = changed
                // An override's warning is shown at the field it replaces, as its problems are.
                warnings += ScenarioWarnings.check(changed).map { located($0, decoded.locations) }
                    + ScenarioWarnings.check(overrides: overrides, origin: "--set", result: changed).map { warning in
                        var located = warning
                        located.location = locate(ScenarioWarnings.written(warning.path, in: changed), in: decoded.locations)
                        return located
                    }
            case .failure(let problems):
                issues += problems.unknownPaths + problems.invalidValues.map { located($0, decoded.locations) }
                overridesFailed = !problems.unknownPaths.isEmpty
            }
        }
        var checked = result(usable, issues)
        checked.usable = usable
        checked.overridesFailed = overridesFailed
        checked.warnings = warnings.sorted(by: issueOrder)
        checked.ran = ran
        checked.absent = absent
        checked.locations = decoded.locations
        checked.bases = composition.bases
        return checked
    }

    /// The warnings of each stress's `set:` (a key without effect once the stress is applied), located
    /// at the override.
    static func stressWarnings(of scenario: Scenario, locations: [String: SourceLocation]) -> [ScenarioIssue] {
        scenario.stresses.flatMap { stress -> [ScenarioIssue] in
            guard case .success(let stressed) = scenario.stressed(stress.name) else { return [] }
            let setPath = "stresses.\(stress.name).set"
            return ScenarioWarnings.check(overrides: stress.overrides, origin: "stress `\(stress.name)`", result: stressed.scenario).map { warning in
                var located = warning
                located.path = "\(setPath).\(warning.path)"
                located.location = locations[located.path] ?? locations[setPath]
                return located
            }
        }
    }

    /// `issue` with the location of its path (or of its closest located ancestor) in the file.
    static func located(_ issue: ScenarioIssue, _ locations: [String: SourceLocation]) -> ScenarioIssue {
        var located = issue
        if located.location == nil { located.location = locate(issue.path, in: locations) }
        return located
    }

    /// Reads, validates and returns the scenario at `path`, or throws every problem.
    public static func load(path: String) throws(ScenarioIssues) -> Scenario {
        let check = check(path: path)
        guard let scenario = check.scenario, check.issues.isEmpty else { throw ScenarioIssues(source: check.source, issues: check.issues) }
        return scenario
    }

    /// Reads, validates and returns the scenario in `text`, or throws every problem.
    public static func load(text: String, source: String = "<string>", format: ScenarioFormat = .yaml, overrides: [Override] = []) throws(ScenarioIssues) -> Scenario {
        let check = check(text: text, source: source, format: format, overrides: overrides)
        guard let scenario = check.scenario, check.issues.isEmpty else { throw ScenarioIssues(source: check.source, issues: check.issues) }
        return scenario
    }

    static func issueOrder(_ a: ScenarioIssue, _ b: ScenarioIssue) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?): return x != y ? x < y : a.path < b.path
        case (nil, .some): return true
        case (.some, nil): return false
        case (nil, nil): return a.path < b.path
        }
    }

    /// Text → YAML tree, refusing hostile input (depth, alias bombs) with a located message.
    static func compose(_ text: String, format: ScenarioFormat) -> Result<Node, ScenarioIssue> {
        if let issue = SourceText.checkDepth(text) { return .failure(issue) }
        let source = format == .json ? SourceText.untabJSON(text) : text
        let node: Node?
        do {
            node = try Yams.compose(yaml: source)
        } catch let error as YamlError {
            return .failure(issue(from: error))
        } catch {
            return .failure(ScenarioIssue(path: "", message: "cannot parse the file: \(error)"))
        }
        guard let node else {
            return .failure(ScenarioIssue(path: "", location: SourceLocation(line: 1, column: 1), message: "the file is empty",
                                          expected: "a scenario (name, horizon, market, …)", found: "no content",
                                          hint: "see scenarios/examples/minimal.yaml and docs/scenario-format.md"))
        }
        var budget = maximumNodes
        if !withinBudget(node, &budget) {
            return .failure(ScenarioIssue(path: "", location: SourceLocation(line: 1, column: 1),
                                          message: "the document expands to too many values once its aliases are resolved",
                                          expected: "at most \(maximumNodes) values", found: "more",
                                          hint: "a YAML alias bomb? use anchors and aliases sparingly"))
        }
        return .success(node)
    }

    /// Counts the nodes of the alias-expanded tree, stopping as soon as the budget is spent.
    static func withinBudget(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let items):
            for item in items where !withinBudget(item, &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping {
                if !withinBudget(key, &budget) || !withinBudget(value, &budget) { return false }
            }
            return true
        }
    }

    static func issue(from error: YamlError) -> ScenarioIssue {
        func located(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> ScenarioIssue {
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            return ScenarioIssue(path: "", location: SourceLocation(line: mark.line, column: mark.column), message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _): return located(problem, mark, context)
        case .parser(let context, let problem, let mark, _): return located(problem, mark, context)
        case .composer(let context, let problem, let mark, _): return located(problem, mark, context)
        case .reader(let problem, let offset, _, _):
            return ScenarioIssue(path: "", message: "cannot read the text: \(problem)" + (offset.map { " at offset \($0)" } ?? ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioIssue(path: "", location: SourceLocation(line: context.mark.line, column: context.mark.column),
                                 message: "duplicate key " + duplicates.map { "`\($0)`" }.joined(separator: ", "),
                                 expected: "each key once per mapping", found: "\(duplicates.joined(separator: ", ")) more than once")
        default:
            return ScenarioIssue(path: "", message: "invalid YAML: \(error)")
        }
    }

    /// A decoded and checked document: the scenario (when readable), its issues, and where each path
    /// sits in the file.
    struct Decoded {
        var scenario: Scenario?
        var issues: [ScenarioIssue]
        var locations: [String: SourceLocation]
    }

    /// Decodes a tree and runs the semantic checks, locating each issue and dropping those that only
    /// repeat a value that could not be read.
    static func decodeAndValidate(_ root: Node, options: Scenario.ValidationOptions = []) -> Decoded {
        let reader = NodeReader()
        let scenario = reader.scenario(root)
        var issues = reader.issues
        guard let scenario else { return Decoded(scenario: nil, issues: issues, locations: reader.locations) }
        let failed = reader.failed
        func suppressed(_ path: String) -> Bool {
            failed.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
        }
        for var issue in scenario.validate(options: options) where !suppressed(issue.path) {
            issue.location = locate(issue.path, in: reader.locations)
            issues.append(issue)
        }
        return Decoded(scenario: scenario, issues: issues, locations: reader.locations)
    }

    /// The location recorded for `path`, or for its closest recorded ancestor.
    static func locate(_ path: String, in locations: [String: SourceLocation]) -> SourceLocation? {
        closest(path, in: locations)
    }

    /// Each stress's overrides, applied together, must reach existing fields and leave a valid scenario.
    /// A problem is reported at the override it comes from when the stress has one override, otherwise
    /// at the stress's `set`.
    static func checkStresses(of scenario: Scenario, locations: [String: SourceLocation]) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        for stress in scenario.stresses where !stress.overrides.isEmpty {
            let setPath = "stresses.\(stress.name).set"
            guard case .failure(let problems) = scenario.stressed(stress.name) else { continue }
            // An unknown path is reported at its own line; a value or validation problem at the
            // override it comes from when the stress has one, else at the stress's `set`.
            for problem in problems.unknownPaths {
                var located = problem
                located.path = "\(setPath).\(problem.path)"
                located.location = locations[located.path] ?? locations[setPath]
                issues.append(located)
            }
            let single = stress.overrides.count == 1 ? "\(setPath).\(stress.overrides[0].path)" : setPath
            for problem in problems.invalidValues {
                var located = problem
                located.message = "with this stress, \(problem.path.isEmpty ? "" : "`\(problem.path)`: ")\(problem.message)"
                located.path = single
                located.location = locations[single] ?? locations[setPath]
                issues.append(located)
            }
        }
        return issues
    }
}
