import OfftakeEngine
import OfftakeModel
import OfftakeRandom

/// A decision problem whose objective and constraints are Monte Carlo means. Evaluated on a fixed set
/// of paths (common random numbers), `evaluate` is a deterministic function of `x` — the sample
/// average approximation — so a derivative-free search compares candidates without noise between
/// them; the chosen point is then checked on independent paths.
public protocol SampledProblem {
    /// Lower and upper bound of each decision.
    var bounds: [ClosedRange<Double>] { get }
    /// Grid step of each decision (nil: continuous).
    var steps: [Double?] { get }
    /// The objective (to maximise) and each constraint's margin (≥ 0 when it holds) at `x`.
    func evaluate(_ x: [Double]) throws -> SampledPoint
}

public struct SampledPoint: Sendable, Hashable, Codable {
    public var x: [Double]
    /// The value maximised (the objective, negated for a minimisation).
    public var objective: Double
    /// `bound − mean` for `mean ≤ bound`, `mean − bound` for `mean ≥ bound`.
    public var margins: [Double]
    /// The means behind the objective and the margins (objective metric first), for reports.
    public var means: [Double] = []
    /// Total amount by which constraints are violated (0 when feasible).
    public var violation: Double { margins.reduce(0) { $0 + Swift.max(0, -$1) } }
    public var isFeasible: Bool { violation == 0 }

    public init(x: [Double], objective: Double, margins: [Double]) {
        self.x = x
        self.objective = objective
        self.margins = margins
    }

    /// Feasibility first (smaller violation), then the objective; NaN objectives lose.
    public func isBetter(than other: SampledPoint) -> Bool {
        if violation != other.violation { return violation < other.violation }
        if objective.isNaN { return false }
        if other.objective.isNaN { return true }
        return objective > other.objective
    }
}

/// Compass (generalised pattern) search with a coarse start grid, for a handful of bounded decisions.
///
/// 1. Evaluate a grid of `startLevels` values per decision (at most `maxStartPoints` points) and
///    start from the best point (feasible first) — sampled probabilities are step functions of the
///    decisions, so a local search alone can stall on a flat region.
/// 2. From the incumbent, try ± step along each decision; move to the best improving point; when
///    none improves, halve the step. Stop when every step is below its resolution (the grid step, or
///    range / 512 for a continuous decision).
/// Points are snapped to their grid and evaluations are cached.
public struct PatternSearch {
    public var startLevels = 5
    public var maxStartPoints = 125
    public var resolutionDivisor = 512.0

    public init() {}

    /// Every point of the grid `axes[0] × axes[1] × …`, the first axis varying fastest.
    static func gridPoints(_ axes: [[Double]]) -> [[Double]] {
        var points: [[Double]] = [[]]
        for axis in axes.reversed() { points = axis.isEmpty ? [] : points.flatMap { rest in axis.map { [$0] + rest } } }
        return points.map { Array($0) }
    }

    /// `base^exponent` for small integers (grid sizes), saturating.
    static func power(_ base: Int, _ exponent: Int) -> Int {
        var r = 1
        for _ in 0..<exponent { r = r.multipliedReportingOverflow(by: base).overflow ? Int.max : r * base }
        return r
    }

    public struct Outcome: Sendable {
        public var best: SampledPoint
        public var evaluations: [SampledPoint]
    }

    public func maximize(_ problem: some SampledProblem, progress: ((Int) -> Void)? = nil) throws -> Outcome {
        let d = problem.bounds.count
        var cache: [[Double]: SampledPoint] = [:]
        var order: [SampledPoint] = []
        func snap(_ x: [Double]) -> [Double] {
            (0..<d).map { i in
                let b = problem.bounds[i]
                var v = Swift.min(b.upperBound, Swift.max(b.lowerBound, x[i]))
                if let step = problem.steps[i], step > 0 {
                    v = b.lowerBound + ((v - b.lowerBound) / step).rounded() * step
                    if v > b.upperBound + 1e-12 * Swift.max(1, abs(b.upperBound)) { v -= step }
                    v = Swift.min(b.upperBound, Swift.max(b.lowerBound, v))
                }
                return v
            }
        }
        func evaluate(_ raw: [Double]) throws -> SampledPoint {
            let x = snap(raw)
            if let hit = cache[x] { return hit }
            let point = try problem.evaluate(x)
            cache[x] = point
            order.append(point)
            progress?(order.count)
            return point
        }
        guard d > 0 else { throw OptimizationError.noDecisions }
        // 1. Start grid.
        var levels = startLevels
        while levels > 2 && Self.power(levels, d) > maxStartPoints { levels -= 1 }
        func grid(_ i: Int) -> [Double] {
            let b = problem.bounds[i]
            if b.lowerBound == b.upperBound { return [b.lowerBound] }
            return (0..<levels).map { b.lowerBound + (b.upperBound - b.lowerBound) * Double($0) / Double(levels - 1) }
        }
        var best: SampledPoint?
        for x in PatternSearch.gridPoints((0..<d).map(grid)) {
            let point = try evaluate(x)
            if best == nil || point.isBetter(than: best!) { best = point }
        }
        guard var incumbent = best else { throw OptimizationError.noDecisions }
        // 2. Compass search.
        var step = (0..<d).map { i in (problem.bounds[i].upperBound - problem.bounds[i].lowerBound) / Double(2 * (levels - 1)) }
        let resolution = (0..<d).map { i in problem.steps[i] ?? (problem.bounds[i].upperBound - problem.bounds[i].lowerBound) / resolutionDivisor }
        while (0..<d).contains(where: { step[$0] >= resolution[$0] && resolution[$0] > 0 }) {
            var moved = false
            var candidate = incumbent
            for i in 0..<d where step[i] >= resolution[i] && resolution[i] > 0 {
                for sign in [-1.0, 1.0] {
                    var x = incumbent.x
                    x[i] += sign * step[i]
                    let point = try evaluate(x)
                    if point.x != incumbent.x && point.isBetter(than: candidate) { candidate = point }
                }
            }
            if candidate.x != incumbent.x {
                incumbent = candidate
                moved = true
            }
            if !moved { step = step.map { $0 / 2 } }
        }
        return Outcome(best: incumbent, evaluations: order)
    }
}

public enum OptimizationError: Error, Sendable, CustomStringConvertible {
    case noDecisions
    case noObjective
    case setup(String)

    public var description: String {
        switch self {
        case .noDecisions: return "no decisions: give the scenario a `decisions:` list or --decision PATH=MIN..MAX"
        case .noObjective: return "no objective: give the scenario `objective: {maximize: METRIC}` or --maximize/--minimize METRIC"
        case .setup(let message): return message
        }
    }
}

/// `offtake optimize`: the scenario's decisions searched on common random numbers for the best mean
/// of the objective metric subject to chance constraints (means of metrics against bounds), the
/// answer checked on an independent seed.
public struct DealOptimization: SampledProblem {
    public var scenario: Scenario
    public var decisions: [Decision]
    public var objective: Objective
    public var constraints: [Constraint]
    public var seed: UInt64
    public var paths: Int
    public var threads: Int
    public var control: RunControl?

    /// Common paths of the search when none are asked for.
    public static let defaultPaths = 1_000

    public init(scenario: Scenario, decisions: [Decision], objective: Objective, constraints: [Constraint],
                seed: UInt64, paths: Int, threads: Int, control: RunControl? = nil) {
        self.scenario = scenario
        self.decisions = decisions
        self.objective = objective
        self.constraints = constraints
        self.seed = seed
        self.paths = paths
        self.threads = threads
        self.control = control
    }

    public var bounds: [ClosedRange<Double>] { decisions.map { $0.min...$0.max } }
    public var steps: [Double?] { decisions.map(\.step) }
    var metricIDs: [String] { [objective.metric] + constraints.map(\.metric) }

    /// Means and standard errors of the objective and constraint metrics at `x`, on paths `range` of `seed`.
    public func measure(_ x: [Double], seed: UInt64, range: Range<Int>) throws -> [(mean: Double, standardError: Double, count: Int)] {
        let variant: Scenario
        switch scenario.setting(zip(decisions, x).map { ($0.path, $1) }) {
        case .success(let s): variant = s
        case .failure(let issues):
            throw OptimizationError.setup("decisions at " + x.map { Distribution.format($0) }.joined(separator: ", ") + ": "
                                          + issues.all.map { "\($0.path): \($0.message)" }.joined(separator: "; "))
        }
        let model = try SimulationModel(scenario: variant)
        let summary = try PairedEvaluation(models: [model], variants: [Variant(name: "x", model: 0)], metrics: metricIDs)
            .run(seed: seed, paths: range, threads: threads, control: control)
        return summary.values[0].map { ($0.moments.mean, $0.moments.standardError, $0.count) }
    }

    public func evaluate(_ x: [Double]) throws -> SampledPoint {
        point(x, try measure(x, seed: seed, range: 0..<paths).map(\.mean))
    }

    func point(_ x: [Double], _ means: [Double]) -> SampledPoint {
        let sign = objective.direction == .maximize ? 1.0 : -1.0
        let margins = zip(constraints, means.dropFirst()).map { c, mean -> Double in
            guard mean.isFinite else { return -.infinity }
            switch c.comparison {
            case .lessOrEqual, .less: return c.bound - mean
            case .greaterOrEqual, .greater: return mean - c.bound
            }
        }
        var point = SampledPoint(x: x, objective: sign * means[0], margins: margins)
        point.means = means
        return point
    }

    /// Searches, then re-evaluates the answer on `checkSeed` (same number of paths).
    /// `frontier`: two metrics and whether each is maximised.
    public func solve(checkSeed: UInt64, frontier: (a: String, maximizeA: Bool, b: String, maximizeB: Bool)? = nil,
                      progress: ((Int) -> Void)? = nil) throws -> OptimizeReport {
        let outcome = try PatternSearch().maximize(self, progress: progress)
        let best = outcome.best
        let check = try measure(best.x, seed: checkSeed, range: 0..<paths)
        func estimate(_ k: Int) -> OptimizeReport.Estimate {
            let (mean, se, count) = check[k]
            return OptimizeReport.Estimate(mean: mean, standardError: se, ci95: [mean - StandardNormal.z95 * se, mean + StandardNormal.z95 * se], paths: count)
        }
        let searchMeans = best.objective * (objective.direction == .maximize ? 1 : -1)
        let constraintReports = constraints.enumerated().map { k, c -> OptimizeReport.ConstraintCheck in
            let e = estimate(k + 1)
            let holds = c.holds(e.mean)
            let clear = holds && !(e.ci95[0] <= c.bound && c.bound <= e.ci95[1])
            return OptimizeReport.ConstraintCheck(constraint: c.text, metric: c.metric, comparison: c.comparison.rawValue, bound: c.bound,
                                                  search: best.means.count > k + 1 ? best.means[k + 1] : .nan, check: e, holds: holds, holdsWith95: clear)
        }
        var front: OptimizeReport.Frontier?
        if let f = frontier { front = try self.frontier(f.a, f.b, maximizeA: f.maximizeA, maximizeB: f.maximizeB) }
        return OptimizeReport(
            scenario: scenario.name, seed: seed, checkSeed: checkSeed, paths: paths,
            decisions: decisions.enumerated().map { i, d in OptimizeReport.DecisionValue(path: d.path, min: d.min, max: d.max, step: d.step, value: best.x[i]) },
            objective: OptimizeReport.ObjectiveReport(direction: objective.direction.rawValue, metric: objective.metric, search: searchMeans, check: estimate(0)),
            constraints: constraintReports, feasible: best.isFeasible, feasibleOnCheck: constraintReports.allSatisfy(\.holds),
            evaluations: outcome.evaluations.count, frontier: front)
    }

    /// The Pareto front of two metrics over a grid of the decisions (11 values for one decision, fewer
    /// per axis for more, at most 121 points), on the search paths. Each metric is maximised or
    /// minimised as its direction says (by default `a` maximised, `b` minimised).
    public func frontier(_ a: String, _ b: String, maximizeA: Bool = true, maximizeB: Bool = false) throws -> OptimizeReport.Frontier {
        var probe = self
        probe.objective = Objective(direction: .maximize, metric: a)
        probe.constraints = [Constraint(metric: b, comparison: .lessOrEqual, bound: .infinity)] + constraints
        let d = decisions.count
        var levels = 11
        while levels > 2 && PatternSearch.power(levels, d) > 121 { levels -= 1 }
        // Per decision: `levels` evenly spaced values, or every grid value when the grid is coarser.
        let axes: [[Double]] = decisions.map { dd in
            if dd.min == dd.max { return [dd.min] }
            if let step = dd.step, step > 0, ((dd.max - dd.min) / step).rounded(.down) + 1 <= Double(levels) {
                return (0...Int(((dd.max - dd.min) / step + 1e-9).rounded(.down))).map { dd.min + Double($0) * step }
            }
            return (0..<levels).map { dd.min + (dd.max - dd.min) * Double($0) / Double(levels - 1) }
        }
        var points: [OptimizeReport.FrontierPoint] = []
        for x in PatternSearch.gridPoints(axes) {
            let m = try probe.measure(x, seed: seed, range: 0..<paths)
            let feasible = zip(constraints, m.dropFirst(2)).allSatisfy { c, e in c.holds(e.mean) }
            points.append(OptimizeReport.FrontierPoint(x: x, a: m[0].mean, aStandardError: m[0].standardError, b: m[1].mean, bStandardError: m[1].standardError,
                                                       feasible: feasible, paretoOptimal: false))
        }
        // Point j dominates i when it is at least as good on both metrics and better on one.
        let sa = maximizeA ? 1.0 : -1.0, sb = maximizeB ? 1.0 : -1.0
        for i in points.indices {
            points[i].paretoOptimal = !points.indices.contains { j in
                let ga = sa * (points[j].a - points[i].a), gb = sb * (points[j].b - points[i].b)
                return j != i && ga >= 0 && gb >= 0 && (ga > 0 || gb > 0)
            }
        }
        return OptimizeReport.Frontier(a: a, maximizeA: maximizeA, b: b, maximizeB: maximizeB, points: points)
    }
}

/// `offtake.optimize/1`.
public struct OptimizeReport: Sendable, Codable, Equatable {
    public static let schemaID = "offtake.optimize/1"
    public var schema = OptimizeReport.schemaID
    public var scenario: String
    public var seed: UInt64
    public var checkSeed: UInt64
    public var paths: Int
    public var decisions: [DecisionValue]
    public var objective: ObjectiveReport
    public var constraints: [ConstraintCheck]
    /// Whether the search found a point meeting every constraint on its paths.
    public var feasible: Bool
    /// Whether the answer meets every constraint on the independent check paths.
    public var feasibleOnCheck: Bool
    public var evaluations: Int
    public var frontier: Frontier?

    public struct DecisionValue: Sendable, Codable, Equatable {
        public var path: String
        public var min: Double
        public var max: Double
        public var step: Double?
        public var value: Double
    }
    public struct Estimate: Sendable, Codable, Equatable {
        public var mean: Double
        public var standardError: Double
        public var ci95: [Double]
        public var paths: Int
    }
    public struct ObjectiveReport: Sendable, Codable, Equatable {
        public var direction: String
        public var metric: String
        /// The objective's mean on the search paths (optimistic: the maximum of noisy estimates).
        public var search: Double
        public var check: Estimate
    }
    public struct ConstraintCheck: Sendable, Codable, Equatable {
        public var constraint: String
        public var metric: String
        public var comparison: String
        public var bound: Double
        /// The metric's mean on the search paths.
        public var search: Double
        public var check: Estimate
        public var holds: Bool
        /// Holds and the bound lies outside the 95 % interval.
        public var holdsWith95: Bool
    }
    public struct Frontier: Sendable, Codable, Equatable {
        public var a: String
        public var maximizeA: Bool
        public var b: String
        public var maximizeB: Bool
        public var points: [FrontierPoint]
    }
    public struct FrontierPoint: Sendable, Codable, Equatable {
        public var x: [Double]
        public var a: Double
        public var aStandardError: Double
        public var b: Double
        public var bStandardError: Double
        public var feasible: Bool
        public var paretoOptimal: Bool
    }
}
