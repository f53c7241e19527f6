import Foundation
import Synchronization
import OfftakeAnalysis
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

/// A problem with a submission: at a field of the submission (`options.paths`), or at a field of the
/// scenario with its line and column in the submitted text. A problem in a built-in scenario the text
/// extends names that scenario and its line in the message; `line` and `column` are then absent, as
/// they only ever point into the submitted text.
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
        var detail = [issue.expected.map { "expected \($0)" }, issue.found.map { "found \($0)" }].compactMap { $0 }
        let inText = located.map { $0.file == nil } ?? true
        if let located, let file = located.file { detail.append("in \(file) at \(located.line):\(located.column)") }
        self.init(path: prefix + issue.path, line: inText ? located?.line : nil, column: inText ? located?.column : nil,
                  message: issue.message + (detail.isEmpty ? "" : " (" + detail.joined(separator: ", ") + ")"), hint: issue.hint)
    }
}

/// Every problem of a submission.
struct SubmissionIssues: Error, Sendable {
    var all: [SubmissionIssue]
    /// The scenario's warnings, which do not refuse the submission but come with its problems.
    var warnings: [SubmissionIssue] = []
    init(_ all: [SubmissionIssue], warnings: [SubmissionIssue] = []) { (self.all, self.warnings) = (all, warnings) }
}

/// What a run does, checked and ready: made from a submission before it is queued (so a bad one is
/// refused with every problem at once) and again when a queued run is taken up after a restart. The
/// submission's fields map to a ``JobRequest`` here; the job layer checks and resolves it, and its
/// problems map back to the submission's fields.
struct RunJob: Sendable {
    var job: Job
    var kind: Submission.Kind
    var name: String

    var prepared: PreparedScenario { job.prepared }
    var paths: Int { job.paths }
    var seed: UInt64 { job.seed }

    /// Largest seed the API takes (seeds travel as JSON integers, which the API keeps to 63 bits).
    static let maximumSeed = UInt64(Int64.max)

    /// Checks `submission` and builds the job, or returns every problem. `maximumPaths` bounds the
    /// paths a run may ask for; `threads` are the engine threads it will run on.
    static func make(_ submission: Submission, maximumPaths: Int, threads: Int = 1) -> Result<RunJob, SubmissionIssues> {
        let options = submission.options
        var issues: [SubmissionIssue] = []
        func problem(_ path: String, _ message: String, hint: String? = nil) { issues.append(SubmissionIssue(path: path, message: message, hint: hint)) }

        guard let source = scenarioSource(submission.scenario, field: "", issues: &issues),
              let set = overrides(options.set ?? [], field: "options.set", issues: &issues) else { return .failure(SubmissionIssues(issues)) }
        let kind = options.kind ?? .run
        if let seed = options.seed, seed < 0 { problem("options.seed", "must be between 0 and \(maximumSeed), got \(seed)") }

        // Options that belong to another kind are refused rather than silently ignored.
        let given: [(String, Bool, Submission.Kind)] = [
            ("stress", options.stress != nil, .run), ("stresses", options.stresses != nil, .stress),
            ("method", options.method != nil, .sensitivity), ("metrics", options.metrics != nil, .sensitivity),
            ("compare_to", options.compareTo != nil, .compare), ("compare_set", options.compareSet != nil, .compare),
            ("decisions", options.decisions != nil, .optimize), ("maximize", options.maximize != nil, .optimize),
            ("minimize", options.minimize != nil, .optimize), ("constraints", options.constraints != nil, .optimize),
        ]
        for (field, present, owner) in given where present && owner != kind {
            problem("options.\(field)", "applies to kind \(owner.rawValue), not \(kind.rawValue)")
        }

        let jobKind: JobRequest.Kind
        switch kind {
        case .run: jobKind = .run(stress: options.stress)
        case .stress: jobKind = .stress(only: options.stresses)
        case .sensitivity: jobKind = .sensitivity(method: options.method == .sobol ? .sobol : .tornado, metrics: options.metrics ?? [])
        case .optimize:
            jobKind = .optimize(decisions: options.decisions, maximize: options.maximize, minimize: options.minimize, constraints: options.constraints)
        case .compare:
            var other: ScenarioSource?
            if let to = options.compareTo {
                guard let b = scenarioSource(to, field: "options.compare_to.", issues: &issues) else {
                    return .failure(SubmissionIssues(issues))
                }
                other = b
            }
            guard let compareSet = overrides(options.compareSet ?? [], field: "options.compare_set", issues: &issues) else {
                return .failure(SubmissionIssues(issues))
            }
            jobKind = .compare(with: other, overrides: compareSet, overridesName: "compare_set")
        }
        let request = JobRequest(scenario: source, overrides: set, kind: jobKind, paths: options.paths, maximumPaths: maximumPaths,
                                 seed: options.seed.map { UInt64(max(0, $0)) }, threads: threads)
        do {
            let job = try Job.resolve(request)
            guard issues.isEmpty else { return .failure(SubmissionIssues(issues)) }
            let name = submission.name.flatMap { $0.isEmpty ? nil : $0 } ?? job.prepared.scenario.name
            return .success(RunJob(job: job, kind: kind, name: name))
        } catch {
            let scenarioFailed = error.all.contains { if case .scenario(.a, _) = $0 { return true } else { return false } }
            let warnings = error.all.flatMap { problem -> [SubmissionIssue] in
                guard case .scenario(_, let failure) = problem else { return [] }
                return Self.warnings(failure.warnings, check: failure.check)
            }
            return .failure(SubmissionIssues((scenarioFailed ? [] : issues) + error.all.flatMap { Self.issues($0, options: options) }, warnings: warnings))
        }
    }

    /// A problem of the job at the submission's fields.
    static func issues(_ problem: JobProblem, options: Submission.Options) -> [SubmissionIssue] {
        func one(_ path: String, hint: String? = nil) -> [SubmissionIssue] { [SubmissionIssue(path: path, message: problem.message, hint: hint)] }
        switch problem {
        case .scenario(.a, let failure):
            return issues(failure, overridesField: "options.set")
        case .scenario(.b, let failure):
            guard options.compareTo != nil else { return issues(failure, overridesField: "options.set + options.compare_set") }
            return issues(failure, overridesField: "options.compare_set").map { i in
                var i = i
                if !i.path.hasPrefix("options.") { i.path = "options.compare_to.scenario: " + i.path }
                return i
            }
        case .paths(let n, let maximum):
            if n < 1 { return one("options.paths") }
            return [SubmissionIssue(path: "options.paths", message: "this server runs at most \(maximum) paths per run, got \(n)",
                                    hint: "ask for fewer paths, or run offtake on your own machine")]
        case .unknownStress(_, let index, _, _):
            return one(index.map { "options.stresses[\($0)]" } ?? "options.stress", hint: problem.hint)
        case .noStresses:
            return one("scenario", hint: "add `stresses:` to the scenario, or use kind compare with compare_set")
        case .runSetup(let stress, _):
            return one(stress == nil ? "" : "options.stress")
        case .unknownMetric(_, let field, let index, _):
            switch field {
            case .sensitivity: return one("options.metrics[\(index)]", hint: problem.hint)
            case .objective: return one((options.maximize != nil ? "options.maximize" : "options.minimize") + "[\(index)]", hint: problem.hint)
            case .constraint, .frontier: return one("options.constraints[\(index)]", hint: problem.hint)
            }
        case .noMetrics: return one("options.metrics")
        case .noUncertainParameter: return one("scenario")
        case .decision(let index, _, _): return one("options.decisions[\(index)]", hint: problem.hint)
        case .emptyBounds(_, let given): return one(given ? "options.decisions" : "decisions")
        case .constraint(let index, _, _): return one("options.constraints[\(index)]")
        case .bothObjectives: return one("options.maximize")
        case .noDecisions:
            return [SubmissionIssue(path: "options.decisions", message: "nothing to decide: the scenario has no `decisions:` and none were given")]
        case .noObjective:
            return [SubmissionIssue(path: "options.maximize", message: "no objective: the scenario has no `objective:` and neither maximize nor minimize was given")]
        case .nothingToCompare:
            return [SubmissionIssue(path: "options.compare_to", message: "give the scenario to compare with (compare_to), or overrides that make it (compare_set)")]
        }
    }

    /// The problems of a scenario that cannot be prepared, located in its text; an override that names
    /// nothing is reported under `overridesField`.
    static func issues(_ failure: PreparedScenario.Failure, overridesField: String = "options.set") -> [SubmissionIssue] {
        let check = failure.check
        let prefix = failure.isUsage ? overridesField + ": " : ""
        return failure.issues.map { SubmissionIssue($0, location: check.location(of: $0.path), prefix: prefix) }
    }

    /// A scenario's warnings, located in its text as its problems are.
    static func warnings(_ warnings: [ScenarioIssue], check: ScenarioCheck) -> [SubmissionIssue] {
        warnings.map { SubmissionIssue($0, location: check.location(of: $0.path)) }
    }

    /// `PATH=VALUE` texts as overrides, or nil with a problem at `field[i]` for each that is not one.
    static func overrides(_ texts: [String], field: String, issues: inout [SubmissionIssue]) -> [Override]? {
        var parsed: [Override] = [], bad = false
        for (i, assignment) in texts.enumerated() {
            if let o = ScenarioOverrides.parse(assignment) { parsed.append(o) } else {
                bad = true
                issues.append(SubmissionIssue(path: "\(field)[\(i)]", message: "expected PATH=VALUE, e.g. contracts.oracle-2027.take_or_pay=80%; got `\(assignment)`"))
            }
        }
        return bad ? nil : parsed
    }

    /// A scenario given as text or as a built-in name (default: the built-in default).
    static func scenarioSource(_ scenario: Submission.Scenario, field: String, issues: inout [SubmissionIssue]) -> ScenarioSource? {
        switch (scenario.text, scenario.builtin) {
        case (.some, .some):
            issues.append(SubmissionIssue(path: field + "builtin", message: "give the scenario's text or a built-in name, not both"))
            return nil
        case (.some(let text), nil):
            return .text(text)
        case (nil, let name):
            let name = name ?? BuiltInScenarios.defaultName
            guard BuiltInScenarios.named(name) != nil else {
                let unknown = ScenarioSource.unknownBuiltIn(name)
                issues.append(SubmissionIssue(path: field + "builtin", message: unknown.message, hint: unknown.hint))
                return nil
            }
            return .builtIn(name)
        }
    }

    /// Units of progress of the whole job (paths, or candidates for an optimisation).
    var progressTotal: Int { job.progressTotal }

    /// Runs the job on the calling thread (it blocks: call it from a dedicated thread) and returns the
    /// result document's schema and its JSON. Throws ``RunCancelled`` when `control` is cancelled.
    func execute(control: RunControl, candidates: (@Sendable (Int) -> Void)? = nil) throws -> (schema: String, document: Data) {
        let document = try job.execute(control: control, candidates: candidates)
        return (document.schema ?? "", try document.encoded())
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
