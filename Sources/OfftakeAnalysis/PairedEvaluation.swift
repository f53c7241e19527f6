import OfftakeEngine
import OfftakeModel

/// One way to simulate every path of an analysis: a compiled model, and parameter values fixed on
/// top of the path's own draws (a tornado's p10/p90, a decision's value).
public struct Variant: Sendable {
    public var name: String
    /// Position of the model in ``PairedEvaluation/models``.
    public var model: Int
    /// Parameter positions (in the model's `sampler.paths`) and the values they are fixed to.
    public var fixed: [FixedValue]
    /// The earlier variant this one is differenced against (0: the first).
    public var reference: Int

    public init(name: String, model: Int, fixed: [FixedValue] = [], reference: Int = 0) {
        self.name = name
        self.model = model
        self.fixed = fixed
        self.reference = reference
    }
}

public struct FixedValue: Sendable, Hashable {
    public var parameter: Int
    public var value: Double
    public init(parameter: Int, value: Double) {
        self.parameter = parameter
        self.value = value
    }
}

/// Simulates the same paths (same seed, same path indices) under several variants and accumulates,
/// for a list of metrics, each variant's values and each variant's per-path difference from variant 0.
///
/// Common random numbers: a path's parameter draws are keyed by parameter name and its market,
/// buyer and contract events by (seed, path), so variant k and variant 0 see the same world except
/// where they differ. The difference of means is then estimated from per-path differences
/// `d_i = x_i(k) − x_i(0)`: `Δ̂ = mean(d)`, `SE = sd(d)/√n`, usually far smaller than the
/// independent-runs error `√(SE₀² + SE_k²)` because `x(k)` and `x(0)` are strongly correlated.
public struct PairedEvaluation: Sendable {
    public var models: [SimulationModel]
    public var variants: [Variant]
    /// Metrics tracked, by id (a metric a variant's model does not write counts as undefined there).
    public var metrics: [String]
    /// Batches of paths (by path index mod `batches`) whose per-batch quantiles give the standard
    /// error of a quantile difference (batch means; 0 for none).
    public var batches: Int

    public init(models: [SimulationModel], variants: [Variant], metrics: [String], batches: Int = 0) {
        precondition(variants.enumerated().allSatisfy { $0.element.reference <= $0.offset }, "a variant's reference must come before it")
        self.models = models
        self.variants = variants
        self.metrics = metrics
        self.batches = batches
    }

    /// What the paired run accumulated. Every accumulator merges exactly, so the summary is the same
    /// for any number of threads.
    public struct Summary: Sendable {
        public var metrics: [String]
        public var variantNames: [String]
        /// `values[v][m]`: the metric under variant v.
        public var values: [[MetricAccumulator]]
        /// `differences[v][m]`: per-path `x(v) − x(r)` (r = the variant's reference, 0 unless set), on
        /// paths where both are defined.
        public var differences: [[MetricAccumulator]]
        /// `batchValues[v][m][b]` when batches were asked for.
        public var batchValues: [[[MetricAccumulator]]]
        public var paths: Int

        mutating func merge(_ other: Summary) {
            for v in values.indices {
                for m in values[v].indices {
                    values[v][m].merge(other.values[v][m])
                    differences[v][m].merge(other.differences[v][m])
                    for b in batchValues[v][m].indices { batchValues[v][m][b].merge(other.batchValues[v][m][b]) }
                }
            }
            paths += other.paths
        }

        /// The paired difference of `statistic` (`mean`, `probability`, `p50`, `p5`, …) between variant
        /// `v` and variant 0 (for a mean: and its reference), with its standard error: for a mean, from the per-path differences; for a
        /// quantile, from the batches (`sd of batch differences / √batches`; nil without batches).
        public func difference(_ v: Int, _ m: Int, statistic: String) -> (value: Double, standardError: Double?) {
            if let q = Summary.quantileLevel(statistic) {
                let value = values[v][m].sketch.quantile(q) - values[0][m].sketch.quantile(q)
                let cells = batchValues[v][m].indices.map { batchValues[v][m][$0].sketch.quantile(q) - batchValues[0][m][$0].sketch.quantile(q) }
                guard cells.count >= 2 else { return (value, nil) }
                let mean = cells.reduce(0, +) / Double(cells.count)
                let variance = cells.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(cells.count - 1)
                return (value, (variance / Double(cells.count)).squareRoot())
            }
            let d = differences[v][m].moments
            return (d.mean, d.standardError)
        }

        /// The value of `statistic` for variant `v`.
        public func value(_ v: Int, _ m: Int, statistic: String) -> Double {
            if let q = Summary.quantileLevel(statistic) { return values[v][m].count > 0 ? values[v][m].sketch.quantile(q) : .nan }
            return values[v][m].moments.mean
        }

        /// `p50` → 0.5, `p5` → 0.05; nil for a mean or probability.
        static func quantileLevel(_ statistic: String) -> Double? {
            guard statistic.hasPrefix("p"), let n = Double(statistic.dropFirst()) else { return nil }
            return n / 100
        }
    }

    /// Runs paths `paths` of `seed`.
    public func run(seed: UInt64, paths: Range<Int>, threads: Int, control: RunControl? = nil) throws(RunCancelled) -> Summary {
        let catalogs = models.map { MetricCatalog(model: $0) }
        // Per variant and tracked metric: the position in that variant's metric vector.
        let positions: [[Int?]] = variants.map { v in metrics.map { catalogs[v.model].index(of: $0) } }
        let batches = max(0, self.batches)
        let empty = Summary(
            metrics: metrics, variantNames: variants.map(\.name),
            values: variants.map { _ in metrics.map { _ in MetricAccumulator() } },
            differences: variants.map { _ in metrics.map { _ in MetricAccumulator() } },
            batchValues: variants.map { _ in metrics.map { _ in (0..<batches).map { _ in MetricAccumulator() } } },
            paths: 0)
        let models = self.models, variants = self.variants, metricCount = metrics.count
        struct Worker {
            var simulators: [PathSimulator]
            var vectors: [[Double]]
            var row: [Double]
            var summary: Summary
        }
        let states = try MonteCarloRunner.forEachPath(paths, threads: threads, control: control, makeState: {
            Worker(simulators: models.map { PathSimulator(model: $0) }, vectors: catalogs.map { [Double](repeating: .nan, count: $0.count) },
                   row: [Double](repeating: .nan, count: metricCount * variants.count), summary: empty)
        }) { w, path in
            for (v, variant) in variants.enumerated() {
                let k = variant.model
                w.simulators[k].simulate(seed: seed, path: UInt64(path)) { values in
                    for f in variant.fixed { values[f.parameter] = f.value }
                }
                w.simulators[k].metricValues(into: &w.vectors[k])
                for m in 0..<metricCount {
                    let x = positions[v][m].map { w.vectors[k][$0] } ?? .nan
                    w.row[v * metricCount + m] = x
                    guard !x.isNaN else { continue }
                    w.summary.values[v][m].add(x)
                    if batches > 0 { w.summary.batchValues[v][m][path % batches].add(x) }
                    let x0 = w.row[variant.reference * metricCount + m]
                    if !x0.isNaN { w.summary.differences[v][m].add(x - x0) }
                }
            }
            w.summary.paths += 1
        }
        var total = empty
        for state in states { total.merge(state.summary) }
        return total
    }
}
