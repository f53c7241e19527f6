import OfftakeModel
import OfftakeRandom
import RealModule

/// The `offtake.result/1` document: verdict, metrics, monthly series fans, yearly aggregates.
/// Amounts are US dollars. Every field is a function of (scenario, seed, paths) only — nothing about
/// threads or timing — so two runs with the same inputs encode to identical JSON.
public struct RunResult: Sendable, Codable, Equatable {
    public static let schemaID = "offtake.result/1"

    public struct Span: Sendable, Codable, Equatable {
        public var start: String
        public var end: String
    }

    /// One headline answer: `id`, `statistic` and `label` (``MetricLine``), then its estimate.
    public typealias VerdictEntry = DocumentLine<Estimate>

    /// A verdict entry's estimate.
    public struct Estimate: Sendable, Codable, Equatable {
        public var kind: MetricKind
        public var value: Double
        /// 95 % Monte Carlo interval: Wilson for probabilities, mean ± 1.96 s.e. for means, the
        /// binomial order-statistic interval for quantiles.
        public var ci95: [Double]
    }

    public struct Metric: Sendable, Codable, Equatable {
        public var kind: MetricKind
        /// Paths on which the metric is defined.
        public var count: Int
        public var mean: Double
        public var stderr: Double
        public var p5: Double
        public var p25: Double
        public var p50: Double
        public var p75: Double
        public var p95: Double
        public var min: Double
        public var max: Double
        /// Wilson 95 % interval of a probability.
        public var ci95: [Double]?
        /// For a ratio of sums (utilisation, effective savings rate): the headline across paths, the
        /// ratio of the expected sums (the per-path distribution is in the other fields).
        public var pooled: Double?
        /// The distribution across paths for histograms: the quantiles at 0 %, 2 %, …, 100 %
        /// (`percentileLevels`), from the quantile sketch (values within its 0.5 % relative accuracy).
        /// Absent for probabilities (0/1 events) and for metrics defined on no path.
        public var percentiles: [Double]?
    }

    /// The levels of `Metric.percentiles`: 0, 0.02, …, 1 (51 levels).
    public static let percentileLevels: [Double] = (0...50).map { Double($0) / 50 }

    public struct Series: Sendable, Codable, Equatable {
        /// The unit of the values (absent in documents written before series carried one).
        public var kind: MetricKind?
        public var months: [String]
        public var mean: [Double]
        public var p5: [Double]
        public var p25: [Double]
        public var p50: [Double]
        public var p75: [Double]
        public var p95: [Double]
    }

    /// The market's price of a buyer beside the model's value of it at the same date: the post-money of
    /// its last priced round (`funding.valuation.last_round`, the median of the value the file gives)
    /// and `buyer.<b>.funding.implied_equity` at that month (median with its 95 % interval, p5, p95).
    public struct MarketCheck: Sendable, Codable, Equatable {
        public var buyer: String
        public var month: String
        public var postMoney: Double
        public var model: Estimate
        public var p5: Double
        public var p95: Double

        enum CodingKeys: String, CodingKey { case buyer, month, postMoney = "post_money", model, p5, p95 }
    }

    public struct YearCell: Sendable, Codable, Equatable {
        public var mean: Double
        public var p5: Double
        public var p50: Double
        public var p95: Double
    }

    public var schema: String
    public var scenario: String
    public var title: String?
    /// The stress applied, if any.
    public var stress: String?
    public var deterministic: Bool
    public var seed: UInt64
    public var paths: Int
    public var horizon: Span
    public var verdict: [VerdictEntry]
    public var metrics: [String: Metric]
    public var series: [String: Series]
    public var yearly: [String: [String: YearCell]]
    /// One per buyer whose last priced round is inside the horizon; absent when there is none.
    public var marketChecks: [MarketCheck]?

    enum CodingKeys: String, CodingKey {
        case schema, scenario, title, stress, deterministic, seed, paths, horizon, verdict, metrics, series, yearly
        case marketChecks = "market_checks"
    }

    /// Summarises an accumulated run.
    public init(model: SimulationModel, accumulator: RunAccumulator, seed: UInt64, stress: String? = nil, deterministic: Bool = false) {
        var acc = accumulator
        acc.flush()
        schema = RunResult.schemaID
        scenario = model.scenario.name
        title = model.scenario.title
        self.stress = stress
        self.deterministic = deterministic
        self.seed = seed
        paths = acc.paths
        horizon = Span(start: model.scenario.horizon.start.description, end: model.scenario.horizon.end.description)
        var metrics: [String: Metric] = [:]
        for (definition, accumulator) in zip(acc.metricDefinitions, acc.metrics) {
            metrics[definition.id] = RunResult.metric(definition.kind, accumulator)
        }
        for definition in acc.metricDefinitions {
            guard let pooled = definition.pooled, let n = metrics[pooled.numerator.id], let d = metrics[pooled.denominator.id] else { continue }
            let ratio = d.mean > 0 ? n.mean / d.mean : Double.nan
            metrics[definition.id]?.pooled = pooled.complement ? 1 - ratio : ratio
        }
        self.metrics = metrics
        var series: [String: Series] = [:]
        for (i, id) in acc.seriesIDs.enumerated() {
            let cells = acc.series[(i * acc.months)..<((i + 1) * acc.months)].map(\.summary)
            series[id] = Series(kind: acc.seriesKinds[i], months: model.monthLabels, mean: cells.map(\.mean), p5: cells.map(\.p5), p25: cells.map(\.p25),
                                p50: cells.map(\.p50), p75: cells.map(\.p75), p95: cells.map(\.p95))
        }
        self.series = series
        var yearly: [String: [String: YearCell]] = [:]
        for (i, id) in acc.yearlyIDs.enumerated() {
            var cells: [String: YearCell] = [:]
            for (y, year) in model.years.enumerated() {
                let s = acc.yearly[i * acc.years + y].summary
                cells[String(year)] = YearCell(mean: s.mean, p5: s.p5, p50: s.p50, p95: s.p95)
            }
            yearly[id] = cells
        }
        self.yearly = yearly
        verdict = RunResult.verdict(model: model, definitions: acc.metricDefinitions, accumulators: acc.metrics)
        var checks: [MarketCheck] = []
        for (definition, accumulator) in zip(acc.metricDefinitions, acc.metrics) {
            guard case .buyer(let b, .impliedEquity) = definition.metric,
                  let round = model.scenario.buyers.first(where: { $0.id == b })?.funding.valuation?.lastRound,
                  let m = metrics[definition.id] else { continue }
            checks.append(MarketCheck(buyer: b, month: round.month.description, postMoney: round.postMoney.median,
                                      model: Estimate(kind: definition.kind, value: m.p50, ci95: RunResult.quantileInterval(accumulator, 0.5)),
                                      p5: m.p5, p95: m.p95))
        }
        marketChecks = checks.isEmpty ? nil : checks
    }

    static func metric(_ kind: MetricKind, _ a: MetricAccumulator) -> Metric {
        var s = a.summary
        if kind == .probability && a.count > 0 && s.mean.isFinite {
            // A 0/1 metric's quantiles are exactly 0 or 1 (the sketch would return 1's bucket representative).
            let ones = Int((s.mean * Double(a.count)).rounded())
            func q(_ p: Double) -> Double { Int((p * Double(a.count - 1)).rounded(.down)) < a.count - ones ? 0 : 1 }
            s.p5 = q(0.05); s.p25 = q(0.25); s.p50 = q(0.5); s.p75 = q(0.75); s.p95 = q(0.95)
        }
        return Metric(kind: kind, count: a.count, mean: s.mean, stderr: s.standardError, p5: s.p5, p25: s.p25, p50: s.p50,
                      p75: s.p75, p95: s.p95, min: s.min, max: s.max,
                      ci95: kind == .probability ? RunResult.wilson(s.mean, a.count) : nil,
                      percentiles: kind == .probability || a.count == 0 ? nil : a.sketch.quantiles(percentileLevels))
    }

    /// Wilson score interval at 95 % for a proportion p̂ over n paths.
    public static func wilson(_ p: Double, _ n: Int) -> [Double] {
        guard n > 0, p.isFinite else { return [.nan, .nan] }
        let z = StandardNormal.z95, nn = Double(n)
        let denominator = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / denominator
        let half = z / denominator * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()
        // The interval always contains p̂ (at p̂ = 0 or 1 rounding could leave it a hair outside).
        return [min(p, max(0, centre - half)), max(p, min(1, centre + half))]
    }

    /// 95 % interval of the q-quantile: the sketch's quantiles at ranks q ± 1.96·√(q(1−q)/n).
    static func quantileInterval(_ a: MetricAccumulator, _ q: Double) -> [Double] {
        let n = Double(a.count)
        guard n > 0 else { return [.nan, .nan] }
        let h = StandardNormal.z95 * (q * (1 - q) / n).squareRoot()
        return [a.sketch.quantile(max(0, q - h)), a.sketch.quantile(min(1, q + h))]
    }

    /// One line the verdict may show: a metric and the statistic shown (``MetricLine``, no words: the
    /// report words it); `onlyIfUsed` lines appear only when the metric's mean is positive (a workout
    /// step that never occurs does not change any contract's outcome).
    public struct VerdictLine: Sendable, Hashable {
        public var line: MetricLine
        public var onlyIfUsed: Bool
    }

    /// The headline answers for each contract, in contract order, before the run decides which
    /// `onlyIfUsed` lines to show.
    public static func verdictLines(model: SimulationModel) -> [VerdictLine] {
        verdictLines(models: [model])
    }

    /// The verdict lines of several variants of a scenario (a stress, a compared file), each line once,
    /// in the order of the first model that has it: a variant may add a workout step the base never takes.
    public static func verdictLines(models: [SimulationModel]) -> [VerdictLine] {
        var seen = Set<MetricLine>()
        return models.flatMap(lines(of:)).filter { seen.insert($0.line).inserted }
    }

    static func lines(of model: SimulationModel) -> [VerdictLine] {
        var lines: [VerdictLine] = []
        let scenario = model.scenario
        // Operating cash flow: the last three years of the horizon (the deal's outcome years).
        let outcomeYears = model.years.suffix(3)
        for contract in scenario.contracts {
            let c = contract.id, b = contract.buyer, p = contract.provider
            func add(_ metric: MetricID, _ statistic: Statistic, ifUsed: Bool = false) {
                var counterparty: String?
                if case .contract = metric { counterparty = p }
                lines.append(VerdictLine(line: MetricLine(metric, statistic, counterparty: counterparty), onlyIfUsed: ifUsed))
            }
            add(.contract(c, .paidInFull), .probability)
            add(.contract(c, .paidFraction), .mean)
            add(.contract(c, .deferred), .mean, ifUsed: true)
            add(.contract(c, .deferralRefused), .probability, ifUsed: true)
            add(.contract(c, .cancelledMW), .mean, ifUsed: true)
            add(.contract(c, .optionsExercisedMW), .mean, ifUsed: true)
            add(.contract(c, .restructured), .probability, ifUsed: true)
            add(.contract(c, .concessionValue), .mean, ifUsed: true)
            for year in model.years { add(.buyer(b, .defaultBy(year)), .probability) }
            for year in outcomeYears { add(.buyer(b, .cashFlowPositiveBy(year)), .probability) }
            add(.buyer(b, .facilityDrawn), .probability, ifUsed: true)
            add(.buyer(b, .cancelled), .probability, ifUsed: true)
            add(.buyer(b, .deferred), .probability, ifUsed: true)
            add(.buyer(b, .restructuringEntered), .probability, ifUsed: true)
            add(.buyer(b, .restructuringAgreed), .probability, ifUsed: true)
            add(.buyer(b, .sublet), .probability, ifUsed: true)
            add(.buyer(b, .ipo), .probability, ifUsed: true)
            add(.provider(p, .npv), .p50)
            add(.provider(p, .npv), .p5)
            add(.provider(p, .npvWithResidual), .p50)
            add(.provider(p, .covenantBreach), .probability)
            let tests = ProviderMeasure.leverageTests(rated: scenario.providers.first { $0.id == p }?.financials?.rating?.rated ?? true)
            add(.provider(p, tests.breach), .probability)
            add(.provider(p, tests.below), .probability)
            add(.provider(p, .defaulted), .probability)
            add(.provider(p, .default5y), .probability)
            add(.provider(p, .marketDefault5y), .mean)
            add(.provider(p, .buildHalted), .probability)
            add(.provider(p, .fundingGap), .mean)
            add(.provider(p, .interestCoverageMin), .p50)
            // What the buyer was due and did not get, and per contract what that cost it. The buyer's own
            // `revenue_lost` is not a verdict line: it counts every demand its capacity could not serve
            // (contracts that end, demand beyond its commitments), not what its providers failed to deliver.
            add(.buyer(b, .capacityShortfall), .mean, ifUsed: true)
            add(.contract(c, .capacityShortfall), .mean, ifUsed: true)
            add(.contract(c, .revenueLost), .mean, ifUsed: true)
            add(.contract(c, .capacityLostMW), .mean, ifUsed: true)
            add(.contract(c, .serviceCredits), .mean, ifUsed: true)
            add(.contract(c, .terminatedMW), .mean, ifUsed: true)
            // A counterparty without a balance sheet and with one customer gets 100 % of its revenue from it.
            if let provider = model.providerIDs.firstIndex(of: p), model.providerHasFinancials(provider) || model.providerCustomers[provider].count > 1 {
                add(.provider(p, .customerShare(b)), .mean)
            }
        }
        return lines
    }

    /// The headline answers for each contract, in contract order.
    static func verdict(model: SimulationModel, definitions: [MetricDefinition], accumulators: [MetricAccumulator]) -> [VerdictEntry] {
        var position: [MetricID: Int] = [:]
        for (i, d) in definitions.enumerated() { position[d.metric] = i }
        return verdictLines(model: model).compactMap { verdictLine in
            let line = verdictLine.line
            guard let i = position[line.metric] else { return nil }
            let a = accumulators[i], kind = definitions[i].kind, s = a.summary
            if verdictLine.onlyIfUsed && !(s.mean > 0) { return nil }
            switch line.statistic {
            case .p50: return VerdictEntry(line, Estimate(kind: kind, value: s.p50, ci95: quantileInterval(a, 0.5)))
            case .p5: return VerdictEntry(line, Estimate(kind: kind, value: s.p5, ci95: quantileInterval(a, 0.05)))
            case .probability: return VerdictEntry(line, Estimate(kind: kind, value: s.mean, ci95: wilson(s.mean, a.count)))
            case .mean:
                let h = StandardNormal.z95 * s.standardError
                return VerdictEntry(line, Estimate(kind: kind, value: s.mean, ci95: [s.mean - h, s.mean + h]))
            }
        }
    }
}
