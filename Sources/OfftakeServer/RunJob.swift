import Foundation
import Synchronization
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

/// A problem with a submission: at a field of the submission (`options.paths`), or at a field of the
/// scenario with its line and column in the submitted text.
struct SubmissionIssue: Sendable, Equatable, Codable {
    var path: String
    var line: Int?
    var column: Int?
    var message: String
    var hint: String?

    init(path: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil) {
        (self.path, self.line, self.column, self.message, self.hint) = (path, line, column, message, hint)
    }

    init(_ issue: ScenarioIssue, location: SourceLocation? = nil, prefix: String = "") {
        let located = issue.location ?? location
        let detail = [issue.expected.map { "expected \($0)" }, issue.found.map { "found \($0)" }].compactMap { $0 }
        self.init(path: prefix + issue.path, line: located?.line, column: located?.column,
                  message: issue.message + (detail.isEmpty ? "" : " (" + detail.joined(separator: ", ") + ")"), hint: issue.hint)
    }
}

/// Every problem of a submission.
struct SubmissionIssues: Error, Sendable {
    var all: [SubmissionIssue]
    init(_ all: [SubmissionIssue]) { self.all = all }
}

/// A scenario text read, overridden, compiled and checked: what every simulating route starts from.
struct PreparedScenario: Sendable {
    var scenario: Scenario
    var model: SimulationModel
    var catalog: MetricCatalog
    /// The text as submitted (for the report's assumptions table).
    var text: String

    /// Reads `text` (YAML, or JSON when it starts with `{`), applies `overrides` (`PATH=VALUE`, as
    /// `offtake run --set`), compiles the model and checks the metric ids its objective and constraints
    /// name. Every problem at once, located in the text; an override's problem is reported at
    /// `overridesField[i]`.
    static func prepare(text: String, overrides: [String] = [], overridesField: String = "options.set") -> Result<PreparedScenario, SubmissionIssues> {
        var parsed: [Override] = [], issues: [SubmissionIssue] = []
        for (i, assignment) in overrides.enumerated() {
            if let o = ScenarioOverrides.parse(assignment) { parsed.append(o) } else {
                issues.append(SubmissionIssue(path: "\(overridesField)[\(i)]", message: "expected PATH=VALUE, e.g. contracts.oracle-2027.take_or_pay=80%; got `\(assignment)`"))
            }
        }
        if !issues.isEmpty { return .failure(SubmissionIssues(issues)) }
        let trimmed = text.drop(while: { $0.isWhitespace })
        let format: ScenarioFormat = trimmed.hasPrefix("{") ? .json : .yaml
        let check = ScenarioLoader.check(text: text, source: "scenario", format: format, overrides: parsed)
        guard let scenario = check.scenario, check.isValid else {
            let prefix = check.overridesFailed ? overridesField + ": " : ""
            return .failure(SubmissionIssues(check.issues.map { SubmissionIssue($0, location: check.location(of: $0.path), prefix: prefix) }))
        }
        let model: SimulationModel
        do {
            model = try SimulationModel(scenario: scenario)
        } catch {
            return .failure(SubmissionIssues([SubmissionIssue(path: "", message: "\(error)")]))
        }
        let catalog = MetricCatalog(model: model)
        let metricIssues = catalog.issues(in: scenario)
        if !metricIssues.isEmpty {
            return .failure(SubmissionIssues(metricIssues.map { SubmissionIssue($0, location: check.location(of: $0.path)) }))
        }
        return .success(PreparedScenario(scenario: scenario, model: model, catalog: catalog, text: text))
    }
}

/// What a run does, checked and ready: made from a submission before it is queued (so a bad one is
/// refused with every problem at once) and again when a queued run is taken up after a restart.
struct RunJob: Sendable {
    enum Work: Sendable {
        case run(stress: String?)
        case stress([String])
        case tornado([String])
        case sobol([String], InputGroups)
        case compare(b: Scenario, labels: (String, String))
        case optimize(decisions: [Decision], objective: Objective, constraints: [Constraint])
    }

    var prepared: PreparedScenario
    var kind: Components.Schemas.RunKind
    var work: Work
    var paths: Int
    var seed: UInt64
    var name: String

    /// Largest seed the API takes (seeds travel as JSON integers, which the API keeps to 63 bits).
    static let maximumSeed = UInt64(Int64.max)

    /// Checks `submission` and builds the job, or returns every problem. `maximumPaths` bounds the
    /// paths a run may ask for.
    static func make(_ submission: Components.Schemas.RunSubmission, maximumPaths: Int) -> Result<RunJob, SubmissionIssues> {
        let options = submission.options ?? .init()
        var issues: [SubmissionIssue] = []
        func problem(_ path: String, _ message: String, hint: String? = nil) { issues.append(SubmissionIssue(path: path, message: message, hint: hint)) }

        guard let text = scenarioText(scenario: submission.scenario, builtin: submission.builtin, field: "", issues: &issues) else { return .failure(SubmissionIssues(issues)) }
        let prepared: PreparedScenario
        switch PreparedScenario.prepare(text: text, overrides: options.set ?? []) {
        case .success(let p): prepared = p
        case .failure(let found): return .failure(SubmissionIssues(issues + found.all))
        }
        let scenario = prepared.scenario
        let kind = options.kind ?? .run

        let defaultPaths: Int
        switch kind {
        case .run: defaultPaths = scenario.run.paths
        case .stress: defaultPaths = StressTest.defaultPaths
        case .compare: defaultPaths = Comparison.defaultPaths
        case .sensitivity: defaultPaths = options.method == .sobol ? Sobol.defaultPaths : Tornado.defaultPaths
        case .optimize: defaultPaths = DealOptimization.defaultPaths
        }
        let paths = options.paths ?? min(defaultPaths, maximumPaths)
        if paths < 1 { problem("options.paths", "must be at least 1, got \(paths)") }
        if paths > maximumPaths { problem("options.paths", "this server runs at most \(maximumPaths) paths per run, got \(paths)", hint: "ask for fewer paths, or run offtake on your own machine") }
        if let seed = options.seed, seed < 0 { problem("options.seed", "must be between 0 and \(maximumSeed), got \(seed)") }
        let seed = options.seed.map { UInt64(max(0, $0)) } ?? scenario.run.seed

        // Options that belong to another kind are refused rather than silently ignored.
        let given: [(String, Bool, Components.Schemas.RunKind)] = [
            ("stress", options.stress != nil, .run), ("stresses", options.stresses != nil, .stress),
            ("method", options.method != nil, .sensitivity), ("metrics", options.metrics != nil, .sensitivity),
            ("compare_to", options.compareTo != nil, .compare), ("compare_set", options.compareSet != nil, .compare),
            ("decisions", options.decisions != nil, .optimize), ("maximize", options.maximize != nil, .optimize),
            ("minimize", options.minimize != nil, .optimize), ("constraints", options.constraints != nil, .optimize),
        ]
        for (field, present, owner) in given where present && owner != kind {
            problem("options.\(field)", "applies to kind \(owner.rawValue), not \(kind.rawValue)")
        }

        let stressNames = scenario.stresses.map(\.name)
        func checkStress(_ name: String, at path: String) {
            if !stressNames.contains(name) {
                problem(path, stressNames.isEmpty ? "the scenario defines no stresses" : "no stress `\(name)`",
                        hint: stressNames.isEmpty ? nil : NameSuggestion.hint(for: name, candidates: stressNames))
            }
        }
        func checkMetrics(_ ids: [String], at path: String) {
            for (i, id) in ids.enumerated() where prepared.catalog.index(of: id) == nil {
                let p = prepared.catalog.problem(with: id)
                problem("\(path)[\(i)]", p?.message ?? "unknown metric `\(id)`", hint: p?.hint)
            }
        }

        var work: Work?
        switch kind {
        case .run:
            if let stress = options.stress { checkStress(stress, at: "options.stress") }
            work = .run(stress: options.stress)
        case .stress:
            let chosen = options.stresses ?? stressNames
            if stressNames.isEmpty { problem("scenario", "the scenario defines no stresses", hint: "add `stresses:` to the scenario, or use kind compare with compare_set") }
            for (i, name) in chosen.enumerated() { checkStress(name, at: "options.stresses[\(i)]") }
            work = .stress(chosen)
        case .sensitivity:
            var ids = options.metrics ?? []
            if ids.isEmpty, let contract = scenario.contracts.first {
                ids = ["contract.\(contract.id).paid_in_full", "buyer.\(contract.buyer).default"]
            }
            if ids.isEmpty { problem("options.metrics", "give the metric ids to explain") }
            checkMetrics(ids, at: "options.metrics")
            let groups = InputGroups(model: prepared.model)
            if groups.groups.isEmpty { problem("scenario", "the scenario has no uncertain parameter (every number is a constant)") }
            work = options.method == .sobol ? .sobol(ids, groups) : .tornado(ids)
        case .compare:
            var b = scenario
            var label = "\(scenario.name) with compare_set"
            if let other = options.compareTo {
                if let otherText = scenarioText(scenario: other.scenario, builtin: other.builtin, field: "options.compare_to.", issues: &issues) {
                    switch PreparedScenario.prepare(text: otherText, overrides: options.compareSet ?? [], overridesField: "options.compare_set") {
                    case .success(let p): (b, label) = (p.scenario, p.scenario.name == scenario.name ? "\(p.scenario.name) (B)" : p.scenario.name)
                    case .failure(let found): issues += found.all.map { var i = $0; i.path = i.path.hasPrefix("options.") ? i.path : "options.compare_to.scenario: " + i.path; return i }
                    }
                }
            } else if let set = options.compareSet, !set.isEmpty {
                switch PreparedScenario.prepare(text: text, overrides: (options.set ?? []) + set, overridesField: "options.set + options.compare_set") {
                case .success(let p): b = p.scenario
                case .failure(let found): issues += found.all
                }
            } else {
                problem("options.compare_to", "give the scenario to compare with (compare_to), or overrides that make it (compare_set)")
            }
            work = .compare(b: b, labels: (scenario.name, label))
        case .optimize:
            var decisions = scenario.decisions
            if let given = options.decisions {
                decisions = []
                for (i, text) in given.enumerated() {
                    switch Decision.parse(text, in: scenario) {
                    case .success(let d): decisions.append(d)
                    case .failure(let e): problem("options.decisions[\(i)]", e.message, hint: e.hint)
                    }
                }
            }
            for d in scenario.decisions where options.decisions == nil && !(d.min <= d.max) {
                problem("decisions", "\(d.path): the bounds are empty")
            }
            var objective = scenario.objective
            if options.maximize != nil && options.minimize != nil { problem("options.maximize", "give maximize or minimize, not both") }
            if let m = options.maximize { objective = Objective(direction: .maximize, metric: m) }
            if let m = options.minimize { objective = Objective(direction: .minimize, metric: m) }
            var constraints = scenario.constraints
            if let given = options.constraints {
                constraints = []
                for (i, text) in given.enumerated() {
                    switch Constraint.parse(text) {
                    case .success(let c): constraints.append(c)
                    case .failure(let e): problem("options.constraints[\(i)]", "\(e.message) in `\(text)`, e.g. 'buyer.openai.default <= 5%'")
                    }
                }
            }
            if decisions.isEmpty { problem("options.decisions", "nothing to decide: the scenario has no `decisions:` and none were given") }
            if let objective {
                checkMetrics([objective.metric], at: options.maximize != nil ? "options.maximize" : "options.minimize")
                checkMetrics(constraints.map(\.metric), at: "options.constraints")
                work = .optimize(decisions: decisions, objective: objective, constraints: constraints)
            } else {
                problem("options.maximize", "no objective: the scenario has no `objective:` and neither maximize nor minimize was given")
            }
        }
        guard issues.isEmpty, let work else { return .failure(SubmissionIssues(issues)) }
        let name = submission.name.flatMap { $0.isEmpty ? nil : $0 } ?? scenario.name
        return .success(RunJob(prepared: prepared, kind: kind, work: work, paths: paths, seed: seed, name: name))
    }

    /// The text of a scenario given as text or as a built-in name (default: the built-in default).
    static func scenarioText(scenario: String?, builtin: String?, field: String, issues: inout [SubmissionIssue]) -> String? {
        switch (scenario, builtin) {
        case (.some, .some):
            issues.append(SubmissionIssue(path: field + "builtin", message: "give the scenario's text or a built-in name, not both"))
            return nil
        case (.some(let text), nil):
            return text
        case (nil, let name):
            let name = name ?? BuiltInScenarios.defaultName
            guard let entry = BuiltInScenarios.named(name) else {
                issues.append(SubmissionIssue(path: field + "builtin", message: "no built-in scenario `\(name)`",
                                              hint: NameSuggestion.hint(for: name, candidates: BuiltInScenarios.all.map(\.name))))
                return nil
            }
            return entry.text
        }
    }

    /// Units of progress of the whole job (paths, or candidates for an optimisation).
    var progressTotal: Int {
        if case .optimize(let decisions, _, _) = work {
            // The start grid and a few compass rounds: an estimate, the bar stops short of the end.
            return max(8, Int(pow(3.0, Double(min(decisions.count, 6)))) + 12 * decisions.count)
        }
        return paths
    }

    /// Runs the job on the calling thread (it blocks: call it from a dedicated thread) and returns the
    /// result document's schema and its JSON. Throws ``RunCancelled`` when `control` is cancelled.
    func execute(threads: Int, control: RunControl, candidates: (@Sendable (Int) -> Void)? = nil) throws -> (schema: String, document: Data) {
        let scenario = prepared.scenario
        switch work {
        case .run(let stress):
            let request = try RunRequest(scenario: scenario, stress: stress, seed: seed, paths: 0..<paths, threads: threads)
            let outcome = try request.run(control: control)
            return (RunResult.schemaID, try ResultJSON.encode(outcome.result))
        case .stress(let names):
            let report = try StressTest(scenario: scenario, stresses: names).run(seed: seed, paths: paths, threads: threads, control: control)
            return (StressReport.schemaID, try ResultJSON.encode(report))
        case .tornado(let ids):
            let report = try Tornado(model: prepared.model, metrics: ids).run(seed: seed, paths: paths, threads: threads, control: control)
            return (SensitivityReport.schemaID, try ResultJSON.encode(report))
        case .sobol(let ids, let groups):
            let report = try Sobol(model: prepared.model, metrics: ids, groups: groups).run(seed: seed, paths: paths, threads: threads, control: control)
            return (SensitivityReport.schemaID, try ResultJSON.encode(report))
        case .compare(let b, let labels):
            let report = try Comparison(a: scenario, b: b, labels: labels).run(seed: seed, paths: paths, threads: threads, control: control)
            return (CompareReport.schemaID, try ResultJSON.encode(report))
        case .optimize(let decisions, let objective, let constraints):
            let problem = DealOptimization(scenario: scenario, decisions: decisions, objective: objective, constraints: constraints,
                                           seed: seed, paths: paths, threads: threads, control: control)
            let report = try problem.solve(checkSeed: seed &+ 1, progress: candidates)
            return (OptimizeReport.schemaID, try ResultJSON.encode(report))
        }
    }
}

/// Runs blocking work (a simulation, a report) on a thread of its own, so that it never holds one of
/// the few threads that serve requests. With `timeout`, gives up waiting after that many seconds and
/// throws ``TimedOut`` (the thread finishes its work and its result is dropped).
func onDedicatedThread<T: Sendable>(timeout: Double? = nil, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    let once = OnceResume<T>()
    return try await withCheckedThrowingContinuation { continuation in
        once.set(continuation)
        let thread = Thread { once.resume(with: Result { try body() }) }
        thread.stackSize = 16 << 20
        thread.start()
        if let timeout {
            Task {
                try? await Task.sleep(for: .seconds(timeout))
                once.resume(with: .failure(TimedOut(seconds: timeout)))
            }
        }
    }
}

/// Work that took longer than its time limit.
struct TimedOut: Error { var seconds: Double }

/// Resumes a continuation once; later results are dropped.
final class OnceResume<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    func set(_ c: CheckedContinuation<T, any Error>) { continuation.withLock { $0 = c } }
    func resume(with result: Result<T, any Error>) {
        continuation.withLock { c in
            c?.resume(with: result)
            c = nil
        }
    }
}
