import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

/// Where a scenario comes from. The caller reads what only it can read (standard input); a file is
/// read by ``ScenarioLoader`` with its size and file-type checks.
public enum ScenarioSource: Sendable, Hashable {
    /// A scenario file: YAML, or JSON by its `.json` extension (`/dev/stdin` reads standard input).
    case file(String)
    /// The bytes of standard input, read up to ``ScenarioLoader/maximumBytes`` + 1.
    case standardInput(Data)
    /// A scenario compiled into the binary (``BuiltInScenarios``).
    case builtIn(String)
    /// Submitted text: YAML, or JSON when it starts with `{`.
    case text(String)

    /// The name used in messages: the file, `-`, `NAME (built in)`, `scenario`.
    public var label: String {
        switch self {
        case .file(let path): return path
        case .standardInput: return "-"
        case .builtIn(let name): return "\(name) (built in)"
        case .text: return "scenario"
        }
    }

    /// Whether the person gave this text (a file, standard input, a submission): problems are shown
    /// with its lines. A built-in scenario's lines are not the person's.
    public var isGiven: Bool {
        if case .builtIn = self { return false }
        return true
    }

    /// Reads and validates the scenario, `overrides` applied; the check keeps the text it read. Only a
    /// file may extend another file (`extends:`); standard input, a built-in and submitted text extend
    /// built-in scenarios only, by name, and never read a file.
    /// An unknown built-in name is a check with one problem (with a did-you-mean hint).
    public func read(overrides: [Override] = []) -> ScenarioCheck {
        switch self {
        case .file(let path):
            return ScenarioLoader.check(path: path, overrides: overrides)
        case .standardInput(let data):
            return ScenarioLoader.check(input: data, source: label, format: ScenarioFormat(fileName: "-"), overrides: overrides)
        case .builtIn(let name):
            guard let entry = BuiltInScenarios.named(name) else {
                return ScenarioCheck(source: label, refusing: ScenarioSource.unknownBuiltIn(name))
            }
            return ScenarioLoader.check(text: entry.text, source: label, overrides: overrides)
        case .text(let text):
            let format: ScenarioFormat = text.drop(while: { $0.isWhitespace }).hasPrefix("{") ? .json : .yaml
            return ScenarioLoader.check(text: text, source: label, format: format, overrides: overrides)
        }
    }

    /// The problem of a built-in name that names none.
    public static func unknownBuiltIn(_ name: String) -> ScenarioIssue {
        ScenarioIssue(path: "", message: "no built-in scenario `\(name)`", hint: NameSuggestion.hint(for: name, candidates: BuiltInScenarios.all.map(\.name)))
    }
}

/// A scenario read, overridden, compiled and checked: what every job starts from. It keeps the text it
/// was read from (for the assumptions table, the source lines of problems and reports).
///
/// ```swift
/// let prepared = try PreparedScenario.prepare(.builtIn("openai-oracle-2027"),
///                                             overrides: [Override(path: "contracts.oracle-2027.take_or_pay", value: "80%")])
/// prepared.catalog.index(of: "buyer.openai.default")   // the metric's position in a result
/// ```
public struct PreparedScenario: Sendable {
    public var source: ScenarioSource
    public var scenario: Scenario
    public var model: SimulationModel
    public var catalog: MetricCatalog
    /// The loader's check: locations of fields (for problems found later), the source name.
    public var check: ScenarioCheck
    /// The text the scenario was read from.
    public var text: String { check.text ?? "" }
    /// The name used in messages (``ScenarioSource/label``).
    public var label: String { source.label }
    /// The values the scenario sets with the comments that cite their sources, found in the files it
    /// extends as well as in its own text.
    public var assumptions: ScenarioAssumptions { check.assumptions ?? ScenarioAssumptions(yaml: text) }

    /// Why a scenario cannot be prepared: the problems of every layer of checks that could run
    /// (``ScenarioCheck/Layer``), and the layers that could not.
    public struct Failure: Error, Sendable {
        /// The loader's check: its problems (reading, the file's content, the stresses, the
        /// overrides), its warnings, the layers it could not run; `check.overridesFailed` when an
        /// override names no parameter (a usage problem, not one of the file).
        public var check: ScenarioCheck
        /// Why the scenario does not compile (correlation matrix, unresolved reference).
        public var model: SimulationSetupError?
        /// Metric ids of the objective and constraints that the scenario's runs do not write, each
        /// located in the text.
        public var metrics: [ScenarioIssue] = []
        /// With `strict`, the warnings are problems.
        public var strict = false
        /// Whether overrides were given (their layer is listed as not checked only then).
        public var overridden = false
        /// The layers that ran: the loader's, then the model and the metric ids.
        public var ran: [ScenarioCheck.Layer]

        /// The layers that could not run because an earlier one failed, in order.
        public var notChecked: [ScenarioCheck.Layer] { ScenarioCheck.Layer.notChecked(ran: ran, absent: check.absent, overridden: overridden) }

        /// Every problem, located where the text allows: the loader's, the model's, the metric ids',
        /// and with `strict` the warnings.
        public var issues: [ScenarioIssue] {
            check.issues + (model.map { [ScenarioIssue(path: "", message: "\($0)")] } ?? []) + metrics + (strict ? check.warnings : [])
        }

        /// The warnings when they are not problems (without `strict`).
        public var warnings: [ScenarioIssue] { strict ? [] : check.warnings }

        /// An override names no parameter: the person's options are wrong, not the scenario.
        public var isUsage: Bool { check.overridesFailed }
    }

    /// The warnings of the scenario (``ScenarioWarnings``), located; they do not stop a job.
    public var warnings: [ScenarioIssue] { check.warnings }

    /// Reads `source`, applies `overrides` (`PATH=VALUE`, as `offtake run --set`), compiles the model and
    /// checks the metric ids its objective and constraints name: every layer that can run does, each on
    /// what the earlier ones could read, so every problem comes at once, located in the text. With
    /// `strict`, a warning is a problem.
    public static func prepare(_ source: ScenarioSource, overrides: [Override] = [], strict: Bool = false) throws(Failure) -> PreparedScenario {
        let check = source.read(overrides: overrides)
        var failure = Failure(check: check, strict: strict, overridden: !overrides.isEmpty, ran: check.ran)
        guard let scenario = check.usable else { throw failure }
        let model: SimulationModel
        failure.ran.append(.model)
        do {
            model = try SimulationModel(scenario: scenario)
        } catch {
            failure.model = error
            throw failure
        }
        failure.ran.append(.metrics)
        let catalog = MetricCatalog(model: model)
        failure.metrics = catalog.issues(in: scenario).map { issue in
            var located = issue
            located.location = located.location ?? check.location(of: issue.path)
            return located
        }
        if !failure.issues.isEmpty { throw failure }
        return PreparedScenario(source: source, scenario: scenario, model: model, catalog: catalog, check: check)
    }
}

extension ScenarioCheck {
    /// The values the scenario sets with the comments that cite their sources, found in the files it
    /// extends as well as in its own text (a value a file replaces is not listed for the file it
    /// extends); nil when there is no text.
    public var assumptions: ScenarioAssumptions? {
        guard let text else { return nil }
        guard !bases.isEmpty else { return ScenarioAssumptions(yaml: text) }
        return ScenarioAssumptions(yaml: text, extending: bases.map { (file: $0.label, text: $0.text) }, valuesAt: locations.values)
    }
}
