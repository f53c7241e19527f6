import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

/// What a person asks of a scenario, before it is checked: the command line's options and the server's
/// submission both map to one of these.
public struct JobRequest: Sendable {
    /// What to do with the scenario.
    public enum Kind: Sendable {
        /// A Monte Carlo run (`offtake.result/1`); `shard` K of N simulates only that slice of the paths.
        case run(stress: String? = nil, deterministic: Bool = false, shard: (k: Int, n: Int)? = nil)
        /// The base and named stresses on common random numbers; nil: every stress of the scenario.
        case stress(only: [String]? = nil)
        /// The scenario (A) against `with` (default: A), `overrides` applied to B; `labels` name the two
        /// sides (default: the scenario names, `NAME (B)` when they are equal, `NAME with <overridesName>`
        /// when B is A with overrides).
        case compare(with: ScenarioSource? = nil, overrides: [Override] = [], labels: (String, String)? = nil, overridesName: String = "--set")
        /// Tornado or Sobol indices of `metrics` (empty: the first contract's `paid_in_full` and its
        /// buyer's `default`); `groups` gather parameters (`NAME`, patterns) for Sobol.
        case sensitivity(method: SensitivityMethod = .tornado, metrics: [String] = [], groups: [(name: String, patterns: [String])] = [])
        /// The best decisions; each option given replaces the scenario's (`decisions` as
        /// `PATH=MIN..MAX[/STEP]`, `constraints` as `METRIC OP VALUE`).
        case optimize(decisions: [String]? = nil, maximize: String? = nil, minimize: String? = nil, constraints: [String]? = nil,
                      frontier: (a: String, maximizeA: Bool, b: String, maximizeB: Bool)? = nil, checkSeed: UInt64? = nil)
        /// FinOps FOCUS rows of the base case and of the paths at `percentiles` of total contract charges.
        case export(percentiles: [Double] = FocusExport.defaultPercentiles)
    }

    public enum SensitivityMethod: String, Sendable, CaseIterable { case tornado, sobol }

    public var scenario: ScenarioSource
    /// `PATH=VALUE` overrides of the scenario (of A for a comparison).
    public var overrides: [Override]
    public var kind: Kind
    /// Paths (nil: the kind's default, at most `maximumPaths`).
    public var paths: Int?
    /// Most paths a job may ask for.
    public var maximumPaths: Int
    /// Seed (nil: the scenario's `run.seed`).
    public var seed: UInt64?
    /// Worker threads (nil: every active core). Results do not depend on it.
    public var threads: Int?
    /// Warnings of the scenarios (``ScenarioWarnings``) are problems.
    public var strict = false

    public init(scenario: ScenarioSource, overrides: [Override] = [], kind: Kind, paths: Int? = nil, maximumPaths: Int = .max,
                seed: UInt64? = nil, threads: Int? = nil) {
        (self.scenario, self.overrides, self.kind, self.paths, self.maximumPaths, self.seed, self.threads) =
            (scenario, overrides, kind, paths, maximumPaths, seed, threads)
    }

    /// Shard K of N of `0 ..< paths`: `⌊(K−1)·paths/N⌋ ..< ⌊K·paths/N⌋`. The N ranges tile the run
    /// without overlap, their sizes differ by at most one path. The products are formed in 128 bits,
    /// so any 1 ≤ K ≤ N and paths ≥ 0 are safe (each quotient is at most `paths`).
    public static func shardRange(k: Int, n: Int, paths: Int) -> Range<Int> {
        precondition(k >= 1 && k <= n && paths >= 0, "shard \(k)/\(n) of \(paths) paths")
        func boundary(_ j: Int) -> Int { n.dividingFullWidth(j.multipliedFullWidth(by: paths)).quotient }
        return boundary(k - 1)..<boundary(k)
    }
}

/// One problem of a request. The command line and the server word them for their own options
/// (`--only NAME` or `options.stresses[2]`); ``message`` and ``hint`` are the words they share.
public enum JobProblem: Sendable {
    /// Which scenario of the request.
    public enum Side: Sendable { case a, b }
    /// Where a metric id was given.
    public enum MetricField: Sendable { case sensitivity, objective, constraint, frontier }

    /// The scenario (or the comparison's B) cannot be prepared.
    case scenario(Side, PreparedScenario.Failure)
    /// Paths out of `1 … maximum`.
    case paths(Int, maximum: Int)
    /// A stress the scenario does not define; `index` in the list of stresses asked for (nil: the
    /// run's `stress`). `issue` is the scenario's own problem (path `stresses`).
    case unknownStress(String, index: Int?, candidates: [String], issue: ScenarioIssue)
    /// A stress test of a scenario without stresses.
    case noStresses
    /// The stressed scenario cannot run.
    case runSetup(stress: String?, RunRequest.SetupError)
    /// A metric id the scenario's runs do not write; `index` in its list.
    case unknownMetric(String, field: MetricField, index: Int, problem: (message: String, hint: String?)?)
    /// A sensitivity analysis without metrics (none given, no contract for the default).
    case noMetrics
    /// Every number of the scenario is a constant: nothing to explain.
    case noUncertainParameter
    /// A decision that does not read (`text` as given).
    case decision(index: Int, text: String, ScenarioIssue)
    /// A decision whose bounds are empty (`min > max`); `given` when it was given in the request.
    case emptyBounds(Decision, given: Bool)
    /// A constraint that does not read.
    case constraint(index: Int, text: String, message: String)
    case bothObjectives
    case noDecisions
    case noObjective
    /// A comparison with neither a second scenario nor overrides.
    case nothingToCompare

    /// The person's options are wrong (64, HTTP 400-like) rather than the scenario's data (65).
    public var isUsage: Bool {
        switch self {
        case .scenario(_, let failure): return failure.isUsage
        case .noStresses, .noUncertainParameter: return false
        case .runSetup(_, let error):
            if case .stress(let issues) = error { return !issues.unknownPaths.isEmpty }
            return false
        default: return true
        }
    }

    /// The words both callers share (they add the option's name).
    public var message: String {
        switch self {
        case .scenario(_, let failure): return failure.issues.map(\.message).joined(separator: "; ")
        case .paths(let n, let maximum): return n < 1 ? "must be at least 1, got \(n)" : "at most \(maximum) paths, got \(n)"
        case .unknownStress(let name, _, let candidates, _): return candidates.isEmpty ? "the scenario defines no stresses" : "no stress `\(name)`"
        case .noStresses: return "the scenario defines no stresses"
        case .runSetup(_, let error): return "\(error)"
        case .unknownMetric(let id, _, _, let problem): return problem?.message ?? "unknown metric `\(id)`"
        case .noMetrics: return "give the metric ids to explain"
        case .noUncertainParameter: return "the scenario has no uncertain parameter (every number is a constant)"
        case .decision(_, _, let issue): return issue.message
        case .emptyBounds(let d, _): return "\(d.path): the bounds are empty"
        case .constraint(_, let text, let message): return "\(message) in `\(text)`, e.g. 'buyer.openai.default <= 5%'"
        case .bothObjectives: return "give maximize or minimize, not both"
        case .noDecisions: return "\(OptimizationError.noDecisions)"
        case .noObjective: return "\(OptimizationError.noObjective)"
        case .nothingToCompare: return "give a second scenario B, or overrides that make B from A"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownStress(let name, _, let candidates, _): return candidates.isEmpty ? nil : NameSuggestion.hint(for: name, candidates: candidates)
        case .unknownMetric(_, _, _, let problem): return problem?.hint
        case .decision(_, _, let issue): return issue.hint
        default: return nil
        }
    }
}

/// Every problem of a request.
public struct JobProblems: Error, Sendable {
    public var all: [JobProblem]
    public init(_ all: [JobProblem]) { self.all = all }
    /// Any problem is the person's options rather than the scenario's data.
    public var isUsage: Bool { all.contains(where: \.isUsage) }
}

/// A request checked and ready to run: the one way from a scenario to a run or an analysis, for the
/// command line and the server alike.
///
/// ```swift
/// let job = try Job.resolve(JobRequest(scenario: .builtIn("openai-oracle-2027"), kind: .stress(), paths: 500))
/// let document = try job.execute()
/// document.schema   // "offtake.stress/1"
/// ```
public struct Job: Sendable {
    /// What the job does, with every option resolved.
    public enum Work: Sendable {
        case run(RunRequest)
        case stress([String])
        case tornado([String])
        case sobol([String], InputGroups)
        case compare(b: PreparedScenario, labels: (String, String))
        case optimize(decisions: [Decision], objective: Objective, constraints: [Constraint],
                      frontier: (a: String, maximizeA: Bool, b: String, maximizeB: Bool)?, checkSeed: UInt64)
        case export(percentiles: [Double])
    }

    public var prepared: PreparedScenario
    public var work: Work
    /// Paths of the whole job (all shards of a run).
    public var paths: Int
    public var seed: UInt64
    public var threads: Int
    /// The metric ids a sensitivity analysis explains.
    public var metrics: [String] = []
    /// Groups asked for (`--group`) that no uncertain parameter matches (for a warning).
    public var unmatchedGroups: [(name: String, patterns: [String])] = []

    /// Paths the kind runs when none are asked for.
    public static func defaultPaths(_ kind: JobRequest.Kind, scenario: Scenario) -> Int {
        switch kind {
        case .run: return scenario.run.paths
        case .stress: return StressTest.defaultPaths
        case .compare: return Comparison.defaultPaths
        case .sensitivity(let method, _, _): return method == .sobol ? Sobol.defaultPaths : Tornado.defaultPaths
        case .optimize: return DealOptimization.defaultPaths
        case .export: return FocusExport.defaultPaths
        }
    }

    /// Checks `request` and resolves every default, or throws every problem (after the scenario's own
    /// problems, which come alone: nothing else can be checked without the scenario).
    public static func resolve(_ request: JobRequest) throws(JobProblems) -> Job {
        let prepared: PreparedScenario
        do {
            prepared = try PreparedScenario.prepare(request.scenario, overrides: request.overrides, strict: request.strict)
        } catch {
            throw JobProblems([.scenario(.a, error)])
        }
        let scenario = prepared.scenario
        var problems: [JobProblem] = []
        let paths = request.paths ?? min(defaultPaths(request.kind, scenario: scenario), request.maximumPaths)
        if paths < 1 || paths > request.maximumPaths { problems.append(.paths(paths, maximum: request.maximumPaths)) }
        let seed = request.seed ?? scenario.run.seed
        let threads = max(1, request.threads ?? RunRequest.activeCores)

        let stressNames = scenario.stresses.map(\.name)
        func checkStress(_ name: String, index: Int?) -> Bool {
            guard !stressNames.contains(name) else { return true }
            let issue: ScenarioIssue
            if case .failure(let issues) = scenario.stressed(name), let first = issues.all.first { issue = first } else {
                issue = ScenarioIssue(path: "stresses", message: "no stress `\(name)`")
            }
            problems.append(.unknownStress(name, index: index, candidates: stressNames, issue: issue))
            return false
        }
        func checkMetrics(_ ids: [String], field: JobProblem.MetricField) {
            for (i, id) in ids.enumerated() where prepared.catalog.index(of: id) == nil {
                problems.append(.unknownMetric(id, field: field, index: i, problem: prepared.catalog.problem(with: id)))
            }
        }

        var job = Job(prepared: prepared, work: .stress([]), paths: paths, seed: seed, threads: threads)
        switch request.kind {
        case .run(let stress, let deterministic, let shard):
            if let stress, !checkStress(stress, index: nil) { break }
            do {
                job.work = .run(try RunRequest(scenario: scenario, stress: stress, seed: seed,
                                               paths: shard.map { JobRequest.shardRange(k: $0.k, n: $0.n, paths: paths) } ?? 0..<paths,
                                               threads: threads, deterministic: deterministic))
            } catch {
                problems.append(.runSetup(stress: stress, error))
            }
        case .stress(let only):
            for (i, name) in (only ?? []).enumerated() { _ = checkStress(name, index: i) }
            if stressNames.isEmpty { problems.append(.noStresses) }
            job.work = .stress(only ?? stressNames)
        case .sensitivity(let method, let given, let patterns):
            var ids = given
            if ids.isEmpty, let contract = scenario.contracts.first {
                ids = [MetricID.contract(contract.id, .paidInFull).id, MetricID.buyer(contract.buyer, .default).id]
            }
            if ids.isEmpty { problems.append(.noMetrics) }
            checkMetrics(ids, field: .sensitivity)
            let groups = InputGroups(model: prepared.model, patterns: patterns)
            if groups.groups.isEmpty { problems.append(.noUncertainParameter) }
            job.unmatchedGroups = patterns.filter { p in !groups.groups.contains(where: { $0.name == p.name }) }
            job.metrics = ids
            job.work = method == .sobol ? .sobol(ids, groups) : .tornado(ids)
        case .compare(let with, let overrides, let labels, let overridesName):
            var label = "\(scenario.name) with \(overridesName)"
            if with == nil && overrides.isEmpty { problems.append(.nothingToCompare); break }
            do {
                let b = try PreparedScenario.prepare(with ?? request.scenario, overrides: with == nil ? request.overrides + overrides : overrides,
                                                     strict: request.strict)
                if with != nil { label = b.scenario.name == scenario.name ? "\(b.scenario.name) (B)" : b.scenario.name }
                job.work = .compare(b: b, labels: labels ?? (scenario.name, label))
            } catch {
                problems.append(.scenario(.b, error))
            }
        case .optimize(let givenDecisions, let maximize, let minimize, let givenConstraints, let frontier, let checkSeed):
            var decisions = scenario.decisions
            if let givenDecisions {
                decisions = []
                for (i, text) in givenDecisions.enumerated() {
                    switch Decision.parse(text, in: scenario) {
                    case .success(let d): decisions.append(d)
                    case .failure(let issue): problems.append(.decision(index: i, text: text, issue))
                    }
                }
            }
            var objective = scenario.objective
            if maximize != nil && minimize != nil { problems.append(.bothObjectives) }
            if let maximize { objective = Objective(direction: .maximize, metric: maximize) }
            if let minimize { objective = Objective(direction: .minimize, metric: minimize) }
            var constraints = scenario.constraints
            if let givenConstraints {
                constraints = []
                for (i, text) in givenConstraints.enumerated() {
                    switch Constraint.parse(text) {
                    case .success(let c): constraints.append(c)
                    case .failure(let e): problems.append(.constraint(index: i, text: text, message: e.message))
                    }
                }
            }
            if decisions.isEmpty && !problems.contains(where: { if case .decision = $0 { return true } else { return false } }) {
                problems.append(.noDecisions)
            }
            guard let objective else { problems.append(.noObjective); break }
            checkMetrics([objective.metric], field: .objective)
            checkMetrics(constraints.map(\.metric), field: .constraint)
            if let frontier { checkMetrics([frontier.a, frontier.b], field: .frontier) }
            for d in decisions where !(d.min <= d.max) { problems.append(.emptyBounds(d, given: givenDecisions != nil)) }
            job.work = .optimize(decisions: decisions, objective: objective, constraints: constraints, frontier: frontier, checkSeed: checkSeed ?? seed &+ 1)
        case .export(let percentiles):
            job.work = .export(percentiles: percentiles)
        }
        if !problems.isEmpty { throw JobProblems(problems) }
        return job
    }

    /// Units of progress of the whole job (paths, or candidates for an optimisation).
    public var progressTotal: Int {
        switch work {
        case .optimize(let decisions, _, _, _, _):
            // The start grid and a few compass rounds: an estimate, the bar stops short of the end.
            return max(8, Int(pow(3.0, Double(min(decisions.count, 6)))) + 12 * decisions.count)
        case .run(let request): return request.paths.count
        default: return paths
        }
    }

    /// Runs the job on the calling thread (it blocks). `control` reports paths done and cancels;
    /// `candidates` reports an optimisation's candidates evaluated. Throws ``RunCancelled`` when
    /// cancelled, and the analyses' own errors.
    public func execute(control: RunControl? = nil, candidates: (@Sendable (Int) -> Void)? = nil) throws -> JobDocument {
        let scenario = prepared.scenario
        switch work {
        case .run(let request):
            return .run(try request.run(control: control))
        case .stress(let names):
            return .stress(try StressTest(scenario: scenario, stresses: names).run(seed: seed, paths: paths, threads: threads, control: control))
        case .tornado(let ids):
            return .sensitivity(try Tornado(model: prepared.model, metrics: ids).run(seed: seed, paths: paths, threads: threads, control: control))
        case .sobol(let ids, let groups):
            return .sensitivity(try Sobol(model: prepared.model, metrics: ids, groups: groups).run(seed: seed, paths: paths, threads: threads, control: control))
        case .compare(let b, let labels):
            return .compare(try Comparison(a: scenario, b: b.scenario, labels: labels).run(seed: seed, paths: paths, threads: threads, control: control))
        case .optimize(let decisions, let objective, let constraints, let frontier, let checkSeed):
            let problem = DealOptimization(scenario: scenario, decisions: decisions, objective: objective, constraints: constraints,
                                           seed: seed, paths: paths, threads: threads, control: control)
            return .optimize(try problem.solve(checkSeed: checkSeed, frontier: frontier, progress: candidates))
        case .export(let percentiles):
            let projections = FocusExport.projections(model: prepared.model, seed: seed, paths: paths, percentiles: percentiles)
            return .focus(projections: projections, rows: FocusExport.dataset(model: prepared.model, seed: seed, projections: projections))
        }
    }
}

/// What a job produces.
public enum JobDocument: Sendable {
    /// A run: `offtake.result/1`, its accumulators and the base case.
    case run(RunOutcome)
    case stress(StressReport)
    case compare(CompareReport)
    case sensitivity(SensitivityReport)
    case optimize(OptimizeReport)
    /// FOCUS rows (``FocusExport/columns``) per projection.
    case focus(projections: [FocusExport.Projection], rows: [[String]])

    /// The schema of the JSON document (nil for FOCUS rows, which are CSV).
    public var schema: String? {
        switch self {
        case .run: return RunResult.schemaID
        case .stress: return StressReport.schemaID
        case .compare: return CompareReport.schemaID
        case .sensitivity: return SensitivityReport.schemaID
        case .optimize: return OptimizeReport.schemaID
        case .focus: return nil
        }
    }

    /// The document as bytes: JSON by the project's policy (``ResultJSON``), CSV for FOCUS rows.
    public func encoded() throws -> Data {
        switch self {
        case .run(let outcome): return try ResultJSON.encode(outcome.result)
        case .stress(let report): return try ResultJSON.encode(report)
        case .compare(let report): return try ResultJSON.encode(report)
        case .sensitivity(let report): return try ResultJSON.encode(report)
        case .optimize(let report): return try ResultJSON.encode(report)
        case .focus(_, let rows): return Data(FocusExport.csv(rows).utf8)
        }
    }
}
