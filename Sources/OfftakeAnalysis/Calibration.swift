import OfftakeEngine
import OfftakeModel
import OfftakeRandom

/// `offtake calibrate`: the value of one parameter at which the model's 5-year default probability of
/// a provider equals the one its CDS implies.
///
/// With the parameter fixed at θ on every path (``FixedValue``; every other parameter drawn as usual),
/// the gap is `g(θ) = p̂(θ) − m̂`, where `p̂(θ)` is the mean of `provider.<id>.default_5y` (the share of
/// paths on which the provider defaults in the first 60 months) and `m̂` the mean of
/// `provider.<id>.market_default_5y` (`1 − e^{−5·s/(1−R)}` from `cds_5y` s and `cds_recovery` R). Its
/// standard error is `s(θ) = √(SE(p̂)² + SE(m̂)²)`; `SE(m̂)` is 0 unless `cds_5y` or `cds_recovery` is a
/// distribution (the model's default never reads them, so the two are independent).
///
/// Every θ is simulated on the same paths of the same seed (common random numbers), so `g` is a
/// deterministic function of θ — a step function whose steps are single paths changing sides — and
/// the search below compares trial values without noise between them:
/// 1. a grid of ``gridPoints`` values evenly spaced over the range, in one paired run;
/// 2. a crossing is a pair of neighbouring grid values where the sign of g changes (`g ≥ 0` counting
///    as positive); more than one crossing means the answer is not unique, and each is reported;
/// 3. each crossing is bisected on the same paths until its bracket is at most the tolerance
///    (range ÷ ``resolutionDivisor``); the value reported is the bracket end with the smaller |g|;
/// 4. the 95 % interval is the set of values whose gap is within the noise,
///    `{θ : |g(θ)| ≤ 1.96·s(θ)}` (a test inverted), taken as the run of evaluated values around the
///    value found, each end bisected to the tolerance; an end that reaches the range is marked so.
///    The test holds without a slope: `θ* ± 1.96·SE/|slope|` would need the derivative of a step
///    function, a finite difference whose width is arbitrary, and it is wrong where the curve bends;
/// 5. when the tolerance exceeds 1/``intervalShare`` of the narrowest interval, it is lowered to that
///    (not below range × 2⁻²⁰) and steps 3–4 continue from the brackets already found.
///
/// ```swift
/// let prepared = try PreparedScenario.prepare(.builtIn("oracle-ai-book"))
/// let calibration = try DefaultCalibration(model: prepared.model, party: "oracle",
///                                          parameter: "providers.oracle.base_ebitda", range: "5B/yr:30B/yr")
/// let report = try calibration.run(seed: 42, paths: 2_000, threads: 2)
/// report.crossings.first?.value      // the monthly EBITDA at which the model's 5-year default is the CDS's
/// report.crossings.first?.interval   // the values whose probability is within ± 1.96 s.e. of the market's
/// ```
public struct DefaultCalibration: Sendable {
    public var model: SimulationModel
    /// The provider whose default probability is matched.
    public var party: String
    /// The parameter's id path and its position in `model.sampler.paths`.
    public var parameter: String
    public var parameterIndex: Int
    /// The parameter's unit.
    public var kind: QuantityKind
    /// The values searched.
    public var range: ClosedRange<Double>
    /// Where the range comes from.
    public var rangeRule: RangeRule
    /// `provider.<id>.default_5y` and `provider.<id>.market_default_5y`.
    public var metric: String
    public var marketMetric: String

    /// Paths when none are asked for.
    public static let defaultPaths = 2_000
    /// Values of the first, coarse pass.
    public static let gridPoints = 9
    /// The bisection stops at range ÷ this (then at most the narrowest interval ÷ ``intervalShare``).
    public static let resolutionDivisor = 1_024.0
    public static let intervalShare = 20.0

    /// Where the search range comes from, in order of precedence.
    public enum RangeRule: String, Sendable, Codable {
        /// `--range LO:HI`.
        case given
        /// The parameter's own distribution, 1st to 99th percentile.
        case distribution
        /// The field's valid bounds (both finite).
        case bounds
    }

    /// The providers of `scenario` whose default can be matched: those with `credit.cds_5y`.
    public static func matchableParties(_ scenario: Scenario) -> [String] {
        scenario.providers.filter { $0.financials?.credit?.cds5y != nil }.map(\.id)
    }

    /// The range of a parameter when none is given: its distribution's 1st to 99th percentile when
    /// it is uncertain, else its domain's bounds when both are finite (an open bound moved one ulp
    /// inside), else nil.
    public static func defaultRange(_ distribution: Distribution, domain: ValueDomain) -> (range: ClosedRange<Double>, rule: RangeRule)? {
        if !distribution.isConstant {
            let lo = distribution.quantile(0.01), hi = distribution.quantile(0.99)
            if lo < hi { return (lo...hi, .distribution) }
        }
        guard domain.lower.isFinite && domain.upper.isFinite else { return nil }
        let lo = domain.lowerOpen ? domain.lower.nextUp : domain.lower
        let hi = domain.upperOpen ? domain.upper.nextDown : domain.upper
        return lo < hi ? (lo...hi, .bounds) : nil
    }

    /// `LO:HI` in the unit of `kind` (`5B/yr:30B/yr`, `10%:60%`).
    public static func readRange(_ text: String, kind: QuantityKind) -> Result<ClosedRange<Double>, CalibrationProblem> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        guard parts.count == 2 else { return .failure(.unreadableRange(text, reason: "expected LO:HI")) }
        var ends: [Double] = []
        for part in parts {
            switch NumberLiteral.parse(part).flatMap({ $0.value(as: kind) }) {
            case .success(let v): ends.append(v)
            case .failure(let e): return .failure(.unreadableRange(text, reason: "`\(part)`: \(e.message)"))
            }
        }
        guard ends[0] < ends[1] else { return .failure(.emptyRange(text)) }
        return .success(ends[0]...ends[1])
    }

    /// Checks the party, the parameter and the range; throws every problem found.
    public init(model: SimulationModel, party: String, parameter path: String, range text: String? = nil) throws(CalibrationProblems) {
        let scenario = model.scenario
        var problems: [CalibrationProblem] = []
        let matchable = Self.matchableParties(scenario)
        if !matchable.contains(party) {
            if scenario.buyers.contains(where: { $0.id == party }) {
                problems.append(.buyer(party, matchable: matchable))
            } else if scenario.providers.contains(where: { $0.id == party }) {
                problems.append(.noMarketCredit(party, matchable: matchable))
            } else {
                problems.append(.unknownParty(party, matchable: matchable, all: scenario.providers.map(\.id) + scenario.buyers.map(\.id)))
            }
        }
        let metric = MetricID.provider(party, .default5y).id
        if matchable.contains(party) && MetricCatalog(model: model).index(of: metric) == nil {
            problems.append(.horizonTooShort(months: model.months))
        }
        let slots = scenario.parameterSlots
        var resolved: (slot: ParameterSlot, index: Int, range: ClosedRange<Double>, rule: RangeRule)?
        if let slot = slots.slot(at: path), let index = model.sampler.index[slot.path] {
            let distribution = model.sampler.distributions[index]
            if let text {
                switch Self.readRange(text, kind: slot.kind) {
                case .success(let r):
                    if slot.domain.contains(r.lowerBound) && slot.domain.contains(r.upperBound) {
                        resolved = (slot, index, r, .given)
                    } else {
                        problems.append(.rangeOutsideDomain(text, parameter: slot.path, domain: slot.domain))
                    }
                case .failure(let problem): problems.append(problem)
                }
            } else if let (r, rule) = Self.defaultRange(distribution, domain: slot.domain) {
                resolved = (slot, index, r, rule)
            } else {
                problems.append(.noRange(parameter: slot.path, domain: slot.domain))
            }
        } else {
            problems.append(.unknownParameter(scenario.unknownPath(path, slots: slots)))
        }
        guard problems.isEmpty, let resolved else { throw CalibrationProblems(problems) }
        self.model = model
        self.party = party
        self.parameter = resolved.slot.path
        self.parameterIndex = resolved.index
        self.kind = resolved.slot.kind
        self.range = resolved.range
        self.rangeRule = resolved.rule
        self.metric = metric
        self.marketMetric = MetricID.provider(party, .marketDefault5y).id
    }

    /// The model's and the market's probability with the parameter fixed at each of `values`, on
    /// paths `0 ..< paths` of `seed` (one paired run).
    public func evaluate(_ values: [Double], seed: UInt64, paths: Int, threads: Int, control: RunControl? = nil) throws(RunCancelled) -> [CalibrationReport.Point] {
        let variants = values.map { Variant(name: "\($0)", model: 0, fixed: [FixedValue(parameter: parameterIndex, value: $0)]) }
        let summary = try PairedEvaluation(models: [model], variants: variants, metrics: [metric, marketMetric])
            .run(seed: seed, paths: 0..<paths, threads: threads, control: control)
        return values.indices.map { v in
            let p = summary.values[v][0].moments, m = summary.values[v][1].moments
            return CalibrationReport.Point(value: values[v], probability: p.mean, standardError: p.standardError,
                                           market: m.mean, marketStandardError: m.standardError)
        }
    }

    /// Two evaluated values on either side of a boundary: `test(no)` is false, `test(yes)` true.
    struct Bracket {
        var no: CalibrationReport.Point
        var yes: CalibrationReport.Point
        var width: Double { abs(yes.value - no.value) }
    }

    /// Searches the range (see the type's description). `evaluated` is told the number of values
    /// simulated so far after each paired run.
    public func run(seed: UInt64, paths: Int, threads: Int, control: RunControl? = nil,
                    evaluated: ((Int) -> Void)? = nil) throws(RunCancelled) -> CalibrationReport {
        var count = 0
        let search = try Self.search(range) { values throws(RunCancelled) in
            let points = try evaluate(values, seed: seed, paths: paths, threads: threads, control: control)
            count += values.count
            evaluated?(count)
            return points
        }
        let first = search.grid[0]
        return CalibrationReport(
            scenario: model.scenario.name, seed: seed, paths: paths, party: party, metric: metric, marketMetric: marketMetric,
            parameter: parameter, range: [range.lowerBound, range.upperBound], rangeRule: rangeRule, tolerance: search.tolerance,
            market: first.market, marketStandardError: first.marketStandardError, grid: search.grid, evaluations: search.evaluations,
            crossings: search.crossings, matched: !search.crossings.isEmpty, unique: search.crossings.count == 1,
            marketSide: search.crossings.isEmpty ? (first.gap >= 0 ? .below : .above) : nil)
    }

    /// Steps 1–5 of the type's description on any evaluation of the gap: `evaluate` gives the points
    /// of a list of values (one paired run). Returns the coarse grid, every crossing, the number of
    /// values evaluated and the last tolerance.
    public static func search(_ range: ClosedRange<Double>, evaluate: ([Double]) throws(RunCancelled) -> [CalibrationReport.Point])
        throws(RunCancelled) -> (grid: [CalibrationReport.Point], crossings: [CalibrationReport.Crossing], evaluations: Int, tolerance: Double) {
        typealias Point = CalibrationReport.Point
        var points: [Point] = []
        func measure(_ values: [Double]) throws(RunCancelled) -> [Point] {
            let new = try evaluate(values)
            points += new
            return new
        }
        /// Halves every bracket wider than `tolerance`, all of them in one paired run per round.
        func bisect(_ brackets: inout [Bracket], tolerance: Double, _ test: (Point) -> Bool) throws(RunCancelled) {
            for _ in 0..<64 {
                let open = brackets.indices.filter { i in
                    let mid = (brackets[i].no.value + brackets[i].yes.value) / 2
                    return brackets[i].width > tolerance && mid != brackets[i].no.value && mid != brackets[i].yes.value
                }
                guard !open.isEmpty else { return }
                let mids = try measure(open.map { (brackets[$0].no.value + brackets[$0].yes.value) / 2 })
                for (i, p) in zip(open, mids) {
                    if test(p) { brackets[i].yes = p } else { brackets[i].no = p }
                }
            }
        }
        let above: (Point) -> Bool = { $0.gap >= 0 }
        let inside: (Point) -> Bool = { abs($0.gap) <= StandardNormal.z95 * $0.gapStandardError }

        let lo = range.lowerBound, width = range.upperBound - range.lowerBound
        let n = gridPoints
        let grid = try measure((0..<n).map { $0 == n - 1 ? range.upperBound : lo + width * Double($0) / Double(n - 1) })
        var roots: [Bracket] = []
        for k in 0..<(n - 1) where above(grid[k]) != above(grid[k + 1]) {
            roots.append(above(grid[k]) ? Bracket(no: grid[k + 1], yes: grid[k]) : Bracket(no: grid[k], yes: grid[k + 1]))
        }

        var tolerance = width / resolutionDivisor
        let finest = width * 0x1p-20
        var crossings: [CalibrationReport.Crossing] = []
        while !roots.isEmpty {
            try bisect(&roots, tolerance: tolerance, above)
            let solutions = roots.map { abs($0.yes.gap) <= abs($0.no.gap) ? $0.yes : $0.no }
            // Each end of each interval: walk the evaluated values away from the solution while they
            // are inside; the first one outside brackets the end with the last one inside.
            let sorted = points.sorted { $0.value < $1.value }
            var ends: [Bracket?] = []
            for s in solutions {
                let start = sorted.firstIndex { $0.value == s.value }!
                for step in [-1, 1] {
                    var last = s, j = start + step, end: Bracket?
                    while sorted.indices.contains(j) {
                        if !inside(sorted[j]) { end = Bracket(no: sorted[j], yes: last); break }
                        last = sorted[j]
                        j += step
                    }
                    ends.append(end)
                }
            }
            var bracketed = ends.compactMap { $0 }
            try bisect(&bracketed, tolerance: tolerance, inside)
            var next = bracketed.makeIterator()
            let resolved = ends.map { $0 == nil ? nil : next.next() }
            crossings = zip(roots, solutions).enumerated().map { c, pair in
                let (root, s) = pair
                let low = resolved[2 * c], high = resolved[2 * c + 1]
                return CalibrationReport.Crossing(
                    value: s.value, probability: s.probability, standardError: s.standardError, market: s.market,
                    rising: root.yes.value > root.no.value, bracket: [min(root.no.value, root.yes.value), max(root.no.value, root.yes.value)],
                    interval: [low?.yes.value ?? range.lowerBound, high?.yes.value ?? range.upperBound],
                    intervalReachesRange: [low == nil, high == nil])
            }
            let narrowest = crossings.map { $0.interval[1] - $0.interval[0] }.min() ?? 0
            guard narrowest > 0, tolerance > narrowest / intervalShare, tolerance > finest else { break }
            tolerance = max(finest, narrowest / intervalShare)
        }
        return (grid, crossings, points.count, tolerance)
    }
}

/// One problem of a calibration request; all are the person's options (64) except a horizon too
/// short for a 5-year probability (the scenario's data, 65).
public enum CalibrationProblem: Error, Sendable, CustomStringConvertible {
    /// No provider or buyer has this id.
    case unknownParty(String, matchable: [String], all: [String])
    /// A buyer: buyers carry no market credit in the scenario format yet.
    case buyer(String, matchable: [String])
    /// A provider without `credit.cds_5y`.
    case noMarketCredit(String, matchable: [String])
    /// The horizon is shorter than the 60 months of a 5-year probability.
    case horizonTooShort(months: Int)
    /// A path that names no numeric parameter (with the scenario's own hint).
    case unknownParameter(ScenarioIssue)
    /// A constant parameter whose field has an unbounded domain: no range to search without `--range`.
    case noRange(parameter: String, domain: ValueDomain)
    case unreadableRange(String, reason: String)
    case emptyRange(String)
    case rangeOutsideDomain(String, parameter: String, domain: ValueDomain)

    /// Which option is wrong: `match`, `parameter` or `range` (nil: the scenario).
    public var option: String? {
        switch self {
        case .unknownParty, .buyer, .noMarketCredit: return "match"
        case .horizonTooShort: return nil
        case .unknownParameter: return "parameter"
        case .noRange, .unreadableRange, .emptyRange, .rangeOutsideDomain: return "range"
        }
    }

    public var isUsage: Bool { option != nil }

    static func parties(_ matchable: [String]) -> String {
        matchable.isEmpty ? "no party of this scenario can be matched (no provider has a `credit:` block with `cds_5y`)"
            : "parties that can be matched: " + matchable.joined(separator: ", ")
    }

    public var description: String {
        switch self {
        case .unknownParty(let name, let matchable, _):
            return "no provider or buyer `\(name)`; \(Self.parties(matchable))"
        case .buyer(let name, let matchable):
            return "`\(name)` is a buyer; buyers carry no market credit (no CDS spread) in the scenario format yet; \(Self.parties(matchable))"
        case .noMarketCredit(let name, let matchable):
            return "provider `\(name)` has no market price of its default (a `credit:` block with `cds_5y`); \(Self.parties(matchable))"
        case .horizonTooShort(let months):
            return "the horizon is \(months) months: a 5-year default probability needs at least 60"
        case .unknownParameter(let issue):
            return issue.message
        case .noRange(let parameter, let domain):
            return "\(parameter) is a constant and takes \(domain): give the values to search with --range LO:HI"
        case .unreadableRange(let text, let reason):
            return "cannot read `\(text)` (\(reason)); write LO:HI in the parameter's unit, e.g. 5B/yr:30B/yr or 10%:60%"
        case .emptyRange(let text):
            return "`\(text)` is empty: LO must be below HI"
        case .rangeOutsideDomain(let text, let parameter, let domain):
            return "`\(text)` leaves the values \(parameter) takes: \(domain)"
        }
    }

    /// A did-you-mean for a mistyped party or parameter.
    public var hint: String? {
        switch self {
        case .unknownParty(let name, _, let all): return NameSuggestion.didYouMean(name, in: all)
        case .unknownParameter(let issue): return issue.hint
        default: return nil
        }
    }
}

/// Every problem of a calibration request.
public struct CalibrationProblems: Error, Sendable {
    public var all: [CalibrationProblem]
    public init(_ all: [CalibrationProblem]) { self.all = all }
    public var isUsage: Bool { all.contains(where: \.isUsage) }
}

/// `offtake.calibrate/1`.
public struct CalibrationReport: Sendable, Codable, Equatable {
    public static let schemaID = "offtake.calibrate/1"
    public var schema = CalibrationReport.schemaID
    public var scenario: String
    public var seed: UInt64
    /// Paths every value is simulated on (the same paths for all).
    public var paths: Int
    public var party: String
    /// `provider.<id>.default_5y`, `provider.<id>.market_default_5y`.
    public var metric: String
    public var marketMetric: String
    /// The parameter's id path; values are in its base unit (money per month for a monthly amount).
    public var parameter: String
    /// [LO, HI] searched.
    public var range: [Double]
    public var rangeRule: DefaultCalibration.RangeRule
    /// The last bisection tolerance.
    public var tolerance: Double
    /// The market's probability (at the range's low end: the same at every value unless the parameter
    /// is one of the market's own) and its standard error (0 for constant `cds_5y` and `cds_recovery`).
    public var market: Double
    public var marketStandardError: Double
    /// The coarse grid; its first and last values are the range's ends.
    public var grid: [Point]
    /// Values simulated in all.
    public var evaluations: Int
    /// Every value where the model's probability crosses the market's, in increasing order.
    public var crossings: [Crossing]
    /// Some value matches; exactly one does.
    public var matched: Bool
    public var unique: Bool
    /// Without a crossing: whether the market lies above or below the model over the whole range.
    public var marketSide: Side?

    public enum Side: String, Sendable, Codable { case above, below }

    public struct Point: Sendable, Codable, Equatable {
        public init(value: Double, probability: Double, standardError: Double, market: Double, marketStandardError: Double) {
            (self.value, self.probability, self.standardError, self.market, self.marketStandardError) = (value, probability, standardError, market, marketStandardError)
        }
        public var value: Double
        /// The model's 5-year default probability with the parameter at `value`, and its standard error.
        public var probability: Double
        public var standardError: Double
        public var market: Double
        public var marketStandardError: Double
        /// `probability − market` and `√(standardError² + marketStandardError²)`.
        public var gap: Double { probability - market }
        public var gapStandardError: Double { (standardError * standardError + marketStandardError * marketStandardError).squareRoot() }
    }

    public struct Crossing: Sendable, Codable, Equatable {
        /// The value found, and the model's probability there with its standard error.
        public var value: Double
        public var probability: Double
        public var standardError: Double
        public var market: Double
        /// Whether the model's probability rises through the market's as the parameter rises.
        public var rising: Bool
        /// The final bisection bracket.
        public var bracket: [Double]
        /// The values whose probability is within ± 1.96 standard errors of the market's, around `value`.
        public var interval: [Double]
        /// Whether each end of the interval is the range's end (the interval may extend beyond it).
        public var intervalReachesRange: [Bool]
    }
}
