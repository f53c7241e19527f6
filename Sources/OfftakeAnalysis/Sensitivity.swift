import OfftakeEngine
import OfftakeModel
import OfftakeRandom

/// The uncertain inputs of a model for sensitivity analysis, in groups.
///
/// Each uncertain parameter (a distribution that is not a constant) is its own group, except:
/// - parameters tied by the scenario's correlations form one group per connected set: a Gaussian copula
///   couples their uniforms, so moving one alone (or taking one from another sample) would break the
///   joint distribution the scenario states, and Sobol indices of dependent inputs are not defined
///   one by one;
/// - `--group NAME=PATTERN,…` gathers the parameters whose path matches a pattern (`*` any text);
/// - for Sobol, the path's other randomness — monthly market shocks, regime switches, funding, buyer
///   and contract events — is one more group, `noise`.
public struct InputGroups: Sendable {
    public struct Group: Sendable, Hashable, Codable {
        public var name: String
        /// Parameter positions in the model's `sampler.paths`.
        public var parameters: [Int]
    }
    public var groups: [Group]

    public init(model: SimulationModel, patterns: [(name: String, patterns: [String])] = []) {
        let sampler = model.sampler
        let uncertain = sampler.distributions.indices.filter { !sampler.distributions[$0].isConstant }
        var groupOf = [Int: Int]()  // parameter → group
        var groups: [Group] = []
        for (name, list) in patterns {
            let members = uncertain.filter { i in groupOf[i] == nil && list.contains { InputGroups.matches(sampler.paths[i], $0) } }
            guard !members.isEmpty else { continue }
            for i in members { groupOf[i] = groups.count }
            groups.append(Group(name: name, parameters: members))
        }
        // Correlated parameters: connected sets of the correlation graph.
        // The sampler resolved the matrix's parameters (id or file paths) to positions, row by row.
        let matrix = model.scenario.correlations.matrix
        let correlated = sampler.correlatedParameters
        var parent = Array(0..<sampler.count)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        if correlated.count == matrix.count {
            for i in correlated.indices {
                for j in correlated.indices where j > i && matrix[i][j] != 0 { parent[find(correlated[i])] = find(correlated[j]) }
            }
        }
        var setGroup = [Int: Int]()
        for i in uncertain where groupOf[i] == nil {
            let root = find(i)
            let tied = uncertain.contains { $0 != i && find($0) == root }
            if tied {
                if let g = setGroup[root] {
                    groups[g].parameters.append(i)
                } else {
                    setGroup[root] = groups.count
                    groups.append(Group(name: sampler.paths[i], parameters: [i]))
                }
            } else {
                groups.append(Group(name: sampler.paths[i], parameters: [i]))
            }
            groupOf[i] = groups.count - 1
        }
        for g in groups.indices where groups[g].parameters.count > 1 && setGroup.values.contains(g) {
            groups[g].name = "correlated: " + groups[g].parameters.map { sampler.paths[$0] }.joined(separator: ", ")
        }
        self.groups = groups
    }

    /// `*` matches any text; otherwise the whole path must match.
    static func matches(_ path: String, _ pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return path == pattern }
        var rest = Substring(path)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            // Leftmost occurrence of `part` in `rest`.
            guard let start = rest.indices.first(where: { rest[$0...].hasPrefix(part) }) else { return false }
            rest = rest[rest.index(start, offsetBy: part.count)...]
        }
        return rest.hasSuffix(parts.last!)
    }
}

/// Tornado: each uncertain parameter moved to its 10th and then its 90th percentile, every other
/// parameter drawn as usual, on the same paths. The swing of a metric is
/// `mean(x | p90) − mean(x | p10)` with the standard error of the per-path difference.
public struct Tornado: Sendable {
    public var model: SimulationModel
    public var metrics: [String]

    /// Paths per bar end when none are asked for.
    public static let defaultPaths = 2_000

    public init(model: SimulationModel, metrics: [String]) {
        self.model = model
        self.metrics = metrics
    }

    public func run(seed: UInt64, paths: Int, threads: Int, control: RunControl? = nil) throws(RunCancelled) -> SensitivityReport {
        let sampler = model.sampler
        let uncertain = sampler.distributions.indices.filter { !sampler.distributions[$0].isConstant }
        var variants = [Variant(name: "drawn", model: 0)]
        for i in uncertain {
            let d = sampler.distributions[i]
            variants.append(Variant(name: sampler.paths[i] + "@p10", model: 0, fixed: [FixedValue(parameter: i, value: d.quantile(0.1))]))
            variants.append(Variant(name: sampler.paths[i] + "@p90", model: 0, fixed: [FixedValue(parameter: i, value: d.quantile(0.9))], reference: variants.count - 1))
        }
        let summary = try PairedEvaluation(models: [model], variants: variants, metrics: metrics).run(seed: seed, paths: 0..<paths, threads: threads, control: control)
        var results: [SensitivityReport.MetricResult] = []
        for (m, id) in metrics.enumerated() {
            var bars: [SensitivityReport.Bar] = []
            for (k, i) in uncertain.enumerated() {
                let lo = 1 + 2 * k, hi = 2 + 2 * k
                let d = summary.differences[hi][m].moments
                let dist = sampler.distributions[i]
                bars.append(SensitivityReport.Bar(parameter: sampler.paths[i], low: dist.quantile(0.1), high: dist.quantile(0.9),
                                                  atLow: summary.values[lo][m].moments.mean, atHigh: summary.values[hi][m].moments.mean,
                                                  swing: d.mean, standardError: d.standardError))
            }
            bars.sort { abs($0.swing) != abs($1.swing) ? abs($0.swing) > abs($1.swing) : $0.parameter < $1.parameter }
            results.append(SensitivityReport.MetricResult(metric: id, mean: summary.values[0][m].moments.mean, tornado: bars, sobol: nil))
        }
        return SensitivityReport(method: "tornado", scenario: model.scenario.name, seed: seed, paths: paths, metrics: results)
    }
}

/// Variance-based (Sobol) indices by pick-freeze sampling (Saltelli et al. 2010).
///
/// Two independent samples A and B of N rows: row j of A is path j of the seed, row j of B is path
/// N + j. For each input group g, the row AB_g takes group g from B and everything else from A. With
/// `V` the variance of f over the 2N rows of A and B:
/// - first order (Saltelli 2010): `S_g = (1/N) Σ_j f(B)_j · (f(AB_g)_j − f(A)_j) / V`
/// - total effect (Jansen 1999): `ST_g = (1/2N) Σ_j (f(A)_j − f(AB_g)_j)² / V`
/// 95 % intervals: percentile bootstrap over rows (the same resampled rows for every index).
/// Cost: N × (groups + 2) paths.
public struct Sobol: Sendable {
    public var model: SimulationModel
    public var metrics: [String]
    public var groups: InputGroups
    public static let bootstrapResamples = 500

    /// Rows N when none are asked for (the cost is N × (groups + 2) paths).
    public static let defaultPaths = 1_000

    public init(model: SimulationModel, metrics: [String], groups: InputGroups) {
        self.model = model
        self.metrics = metrics
        self.groups = groups
    }

    public func run(seed: UInt64, paths n: Int, threads: Int, control: RunControl? = nil) throws(RunCancelled) -> SensitivityReport {
        let model = self.model, groups = self.groups.groups
        let catalog = MetricCatalog(model: model)
        let positions = metrics.map { catalog.index(of: $0) }
        let G = groups.count, M = metrics.count
        // Per row j: f(A), f(B), f(AB_g) for each group, then f(AB_noise); for each metric.
        let columns = G + 3
        struct Worker {
            var simulator: PathSimulator
            var a: [Double]
            var b: [Double]
            var vector: [Double]
            var rows: [(Int, [Double])]
        }
        let states = try MonteCarloRunner.forEachPath(0..<n, threads: threads, control: control, makeState: {
            Worker(simulator: PathSimulator(model: model), a: [], b: [], vector: [Double](repeating: .nan, count: catalog.count), rows: [])
        }) { w, j in
            var row = [Double](repeating: .nan, count: columns * M)
            func record(_ column: Int) {
                w.simulator.metricValues(into: &w.vector)
                for m in 0..<M { row[column * M + m] = positions[m].map { w.vector[$0] } ?? .nan }
            }
            let pathA = UInt64(j), pathB = UInt64(n + j)
            w.simulator.simulate(seed: seed, path: pathA)
            w.a = w.simulator.values
            record(0)
            w.simulator.simulate(seed: seed, path: pathB)
            w.b = w.simulator.values
            record(1)
            for (g, group) in groups.enumerated() {
                let a = w.a, b = w.b
                w.simulator.simulate(seed: seed, path: pathA) { values in
                    for i in values.indices { values[i] = a[i] }
                    for i in group.parameters { values[i] = b[i] }
                }
                record(2 + g)
            }
            // The noise group: every parameter from A, the rest of the path's randomness from B.
            let a = w.a
            w.simulator.simulate(seed: seed, path: pathB) { values in
                for i in values.indices { values[i] = a[i] }
            }
            record(G + 2)
            w.rows.append((j, row))
        }
        var table = [[Double]](repeating: [], count: n)
        for state in states { for (j, row) in state.rows { table[j] = row } }
        var results: [SensitivityReport.MetricResult] = []
        let names = groups.map(\.name) + ["noise (market shocks, regimes, funding and other events)"]
        for m in 0..<M {
            let fA = table.map { $0[m] }, fB = table.map { $0[M + m] }
            let fAB = (0...G).map { g in table.map { $0[(2 + g) * M + m] } }
            let estimate = SobolEstimator.indices(fA: fA, fB: fB, fAB: fAB)
            let intervals = SobolEstimator.bootstrap(fA: fA, fB: fB, fAB: fAB, resamples: Sobol.bootstrapResamples, seed: seed)
            var bars: [SensitivityReport.SobolBar] = []
            for g in 0...G {
                bars.append(SensitivityReport.SobolBar(group: names[g], parameters: g < G ? groups[g].parameters.map { model.sampler.paths[$0] } : [],
                                                       firstOrder: estimate.first[g], firstOrder95: intervals.first[g],
                                                       total: estimate.total[g], total95: intervals.total[g]))
            }
            bars.sort { $0.total != $1.total ? $0.total > $1.total : $0.group < $1.group }
            results.append(SensitivityReport.MetricResult(metric: metrics[m], mean: estimate.mean, tornado: nil,
                                                          sobol: SensitivityReport.SobolResult(variance: estimate.variance, rows: estimate.rows, groups: bars)))
        }
        return SensitivityReport(method: "sobol", scenario: model.scenario.name, seed: seed, paths: n, metrics: results)
    }
}

/// The estimators of ``Sobol``, on function values; rows where any value is undefined are left out.
public enum SobolEstimator {
    public struct Estimate: Sendable {
        public var first: [Double]
        public var total: [Double]
        public var mean: Double
        public var variance: Double
        public var rows: Int
    }

    /// `fAB[g][j]` = f(AB_g) on row j.
    public static func indices(fA: [Double], fB: [Double], fAB: [[Double]]) -> Estimate {
        indices(fA: fA, fB: fB, fAB: fAB, rows: Array(fA.indices))
    }

    static func indices(fA: [Double], fB: [Double], fAB: [[Double]], rows: [Int]) -> Estimate {
        let valid = rows.filter { j in fA[j].isFinite && fB[j].isFinite && fAB.allSatisfy { $0[j].isFinite } }
        let n = Double(valid.count)
        guard valid.count >= 2 else {
            return Estimate(first: fAB.map { _ in .nan }, total: fAB.map { _ in .nan }, mean: .nan, variance: .nan, rows: valid.count)
        }
        var sum = 0.0
        for j in valid { sum += fA[j] + fB[j] }
        let mean = sum / (2 * n)
        var ss = 0.0
        for j in valid { ss += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean) }
        let variance = ss / (2 * n - 1)
        var first: [Double] = [], total: [Double] = []
        for column in fAB {
            var s1 = 0.0, st = 0.0
            for j in valid {
                s1 += fB[j] * (column[j] - fA[j])
                st += (fA[j] - column[j]) * (fA[j] - column[j])
            }
            first.append(variance > 0 ? s1 / n / variance : .nan)
            total.append(variance > 0 ? st / (2 * n) / variance : .nan)
        }
        return Estimate(first: first, total: total, mean: mean, variance: variance, rows: valid.count)
    }

    /// Percentile bootstrap 95 % intervals ([2.5 %, 97.5 %]) of every first-order and total index,
    /// resampling rows with replacement (`resamples` times, from a Philox stream of `seed`).
    public static func bootstrap(fA: [Double], fB: [Double], fAB: [[Double]], resamples: Int, seed: UInt64) -> (first: [[Double]], total: [[Double]]) {
        let n = fA.count
        var firsts = fAB.map { _ in [Double]() }, totals = fAB.map { _ in [Double]() }
        guard n > 0 else { return (fAB.map { _ in [.nan, .nan] }, fAB.map { _ in [.nan, .nan] }) }
        var rows = [Int](repeating: 0, count: n)
        for r in 0..<resamples {
            let stream = RandomStream(seed: seed, path: UInt64(r), purpose: .analysis)
            for k in 0..<n { rows[k] = min(n - 1, Int(stream.uniform(at: UInt64(k)) * Double(n))) }
            let e = indices(fA: fA, fB: fB, fAB: fAB, rows: rows)
            for g in fAB.indices {
                firsts[g].append(e.first[g])
                totals[g].append(e.total[g])
            }
        }
        func interval(_ xs: [Double]) -> [Double] {
            let s = xs.filter(\.isFinite).sorted()
            guard !s.isEmpty else { return [.nan, .nan] }
            func at(_ q: Double) -> Double { s[min(s.count - 1, max(0, Int((q * Double(s.count - 1)).rounded())))] }
            return [at(0.025), at(0.975)]
        }
        return (firsts.map(interval), totals.map(interval))
    }
}

/// `offtake.sensitivity/1`.
public struct SensitivityReport: Sendable, Codable, Equatable {
    public static let schemaID = "offtake.sensitivity/1"
    public var schema = SensitivityReport.schemaID
    public var method: String
    public var scenario: String
    public var seed: UInt64
    /// Paths per variant (tornado) or rows N of each Sobol sample.
    public var paths: Int
    public var metrics: [MetricResult]

    public struct MetricResult: Sendable, Codable, Equatable {
        public var metric: String
        public var mean: Double
        public var tornado: [Bar]?
        public var sobol: SobolResult?
    }

    public struct Bar: Sendable, Codable, Equatable {
        public var parameter: String
        /// The parameter's 10th and 90th percentiles.
        public var low: Double
        public var high: Double
        /// The metric's mean with the parameter at p10 / p90.
        public var atLow: Double
        public var atHigh: Double
        /// atHigh − atLow, on the same paths, and its standard error.
        public var swing: Double
        public var standardError: Double
    }

    public struct SobolResult: Sendable, Codable, Equatable {
        public var variance: Double
        public var rows: Int
        public var groups: [SobolBar]
    }

    public struct SobolBar: Sendable, Codable, Equatable {
        public var group: String
        public var parameters: [String]
        public var firstOrder: Double
        public var firstOrder95: [Double]
        public var total: Double
        public var total95: [Double]
    }
}

extension StreamPurpose {
    /// 7: resampling inside analyses (Sobol bootstrap); never used by a path.
    public static let analysis = StreamPurpose(rawValue: 7)
}
