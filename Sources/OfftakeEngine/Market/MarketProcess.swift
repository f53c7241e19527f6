import OfftakeModel
import OfftakeRandom
import RealModule

/// The market inputs of one path, with every parameter resolved to a number.
public struct MarketParameters: Sendable, Equatable {
    /// One regime's settings (docs/model.md, "Market").
    public struct Regime: Sendable, Equatable {
        /// Annual log-growth μ_r of the demand index.
        public var demandDrift: Double
        /// Annual volatility σ_r of the demand index.
        public var demandVol: Double
        public var fundingSuccess: Double
        public var spotPremium: Double
        public var spotAvailability: Double
        public var creditSpread: Double
        /// Multiplier on buyers' valuation multiples (`valuation_level`).
        public var valuationLevel: Double
    }

    public var regimes: [Regime]
    /// Cumulative transition probabilities: `cumulative[i][j] = Σ_{k ≤ j} P(i → k)`.
    public var cumulativeTransitions: [[Double]]
    /// Cumulative initial probabilities (a single 1 for a named initial regime).
    public var cumulativeInitial: [Double]
    /// `P_0`, dollars per MW-month.
    public var initialPrice: Double
    /// Yearly fall of the compute price.
    public var decline: Double
    /// Exponent of the demand index in the price.
    public var demandElasticity: Double

    /// Reads the market of `scenario` with parameter values `values` (aligned with
    /// ``ParameterSampler/paths``; `index` maps a path to its position).
    public init(scenario: Scenario, values: [Double], index: [String: Int]) {
        func slot(_ path: String) -> Int { index[path]! }
        let layout = MarketLayout(
            regimeSlots: scenario.market.regimes.regimes.map { r in
                let p = "market.regimes.\(r.name)"
                return ["demand_drift", "demand_vol", "funding_success", "spot_premium", "spot_availability", "credit_spread",
                        "valuation_level"].map { slot("\(p).\($0)") }
            },
            initialPrice: slot("market.compute_price.initial"), decline: slot("market.compute_price.decline"),
            elasticity: slot("market.compute_price.demand_elasticity"))
        self.init(layout: layout, regimeCount: layout.regimeSlots.count)
        setTransitions(scenario.market.regimes)
        load(values, layout: layout)
    }

    /// Empty parameters with room for `regimeCount` regimes; `setTransitions` and `load` fill them.
    init(layout: MarketLayout, regimeCount: Int) {
        regimes = [Regime](repeating: Regime(demandDrift: 0, demandVol: 0, fundingSuccess: 0, spotPremium: 1, spotAvailability: 1, creditSpread: 0,
                                          valuationLevel: 1),
                           count: regimeCount)
        cumulativeTransitions = []
        cumulativeInitial = []
        initialPrice = 0
        decline = 0
        demandElasticity = 0
    }

    /// The chain's cumulative transition rows and initial distribution (path-independent).
    mutating func setTransitions(_ model: RegimeModel) {
        cumulativeTransitions = model.transitions.map(MarketParameters.cumulative)
        switch model.initial {
        case .named(let name):
            cumulativeInitial = MarketParameters.cumulative(model.regimes.map { $0.name == name ? 1 : 0 })
        case .probabilities(let names, let weights):
            let byName = Dictionary(zip(names, weights), uniquingKeysWith: +)
            cumulativeInitial = MarketParameters.cumulative(model.regimes.map { byName[$0.name] ?? 0 })
        }
    }

    /// Reads one path's regime and price parameters from its parameter vector, in place.
    mutating func load(_ values: [Double], layout: MarketLayout) {
        for (r, slots) in layout.regimeSlots.enumerated() {
            regimes[r] = Regime(demandDrift: values[slots[0]], demandVol: values[slots[1]], fundingSuccess: values[slots[2]],
                                spotPremium: values[slots[3]], spotAvailability: values[slots[4]], creditSpread: values[slots[5]],
                                valuationLevel: values[slots[6]])
        }
        initialPrice = values[layout.initialPrice]
        decline = values[layout.decline]
        demandElasticity = values[layout.elasticity]
    }

    static func cumulative(_ row: [Double]) -> [Double] {
        var total = 0.0
        var result = row.map { total += $0; return total }
        if let last = result.indices.last { result[last] = 1 }
        return result
    }

    /// The regime a uniform `u` selects from cumulative probabilities (first index with `u < c_j`).
    static func pick(_ cumulative: [Double], _ u: Double) -> Int {
        var j = 0
        while j < cumulative.count - 1 && u >= cumulative[j] { j += 1 }
        return j
    }
}

/// One path's market: regime, AI demand index and compute price for every month of the horizon.
/// Buffers are allocated once and reused across paths (``MarketProcess/simulate``).
public struct MarketPath: Sendable {
    public var regime: [Int]
    /// Demand index `D_t`, `D_0 = 1`.
    public var demand: [Double]
    /// Compute market price `P_t` per MW-month.
    public var price: [Double]

    public init(months: Int) {
        regime = [Int](repeating: 0, count: months)
        demand = [Double](repeating: 1, count: months)
        price = [Double](repeating: 0, count: months)
    }
}

/// The market processes of docs/model.md, "Market":
///
/// - regimes follow a Markov chain with the monthly transition matrix; month 0 is drawn from the
///   initial distribution;
/// - the demand index is geometric Brownian motion in the month's regime:
///   `log D_{t+1} = log D_t + (μ_r − σ_r²/2)/12 + σ_r/√12 · ε_{t+1}`, `D_0 = 1`, where r is the regime of
///   month t+1 (the month's transition happens first, docs/model.md "One month, in order"), so
///   `E[D_{t+1}/D_t | r] = e^{μ_r/12}`;
/// - the price is `P_t = P_0 · (1 − decline)^{t/12} · D_t^{elasticity} · premium_{r_t}`.
///
/// Randomness: the stream `(seed, path, .market)`. Month t ≥ 1 uses draws `2t` (transition uniform)
/// and `2t+1` (demand shock ε_t = Φ⁻¹(u)), whether or not a stress forces the regime, so a stressed
/// run keeps the base run's shocks (common random numbers). The initial regime uses draw 0.
public enum MarketProcess {
    /// A stress window that holds the regime fixed (``ForcedRegime``), as month indices from the start.
    public struct Forcing: Sendable, Equatable {
        public var regime: Int
        public var months: ClosedRange<Int>
        public init(regime: Int, months: ClosedRange<Int>) {
            self.regime = regime
            self.months = months
        }
    }

    /// Simulates one path into `path` (whose buffers must have `months` entries).
    /// - Parameter deterministic: the base case of docs/model.md: regime fixed at its initial state
    ///   (the most likely initial regime when it is drawn), every shock zero.
    public static func simulate(
        _ p: MarketParameters, seed: UInt64, path index: UInt64, forcing: Forcing? = nil,
        deterministic: Bool = false, into path: inout MarketPath
    ) {
        let months = path.demand.count
        guard months > 0 else { return }
        var stream = RandomStream(seed: seed, path: index, purpose: .market)
        let u0 = stream.nextUniform()
        _ = stream.nextUniform()  // draw 1 unused: month t always starts at draw 2t
        var r: Int
        if deterministic {
            r = MarketProcess.mostLikely(p.cumulativeInitial)
        } else {
            r = MarketParameters.pick(p.cumulativeInitial, u0)
        }
        if let forcing, forcing.months.contains(0) { r = forcing.regime }
        var logD = 0.0
        path.regime[0] = r
        path.demand[0] = 1
        path.price[0] = p.initialPrice * p.regimes[r].spotPremium
        let monthlyDecline = Double.log(onePlus: -p.decline) / 12
        for t in 1..<months {
            let u = stream.nextUniform()
            let z = StandardNormal.quantile(stream.nextUniform())
            if !deterministic { r = MarketParameters.pick(p.cumulativeTransitions[r], u) }
            if let forcing, forcing.months.contains(t) { r = forcing.regime }
            let regime = p.regimes[r]
            let sigma = regime.demandVol
            logD += (regime.demandDrift - 0.5 * sigma * sigma) / 12 + (deterministic ? 0 : sigma / 12.0.squareRoot() * z)
            path.regime[t] = r
            path.demand[t] = Double.exp(logD)
            // (1 − decline)^{t/12} · D^e · premium, in logs to avoid overflow of intermediate powers.
            path.price[t] = p.initialPrice * Double.exp(monthlyDecline * Double(t) + p.demandElasticity * logD) * regime.spotPremium
        }
    }

    /// The regime with the largest initial probability.
    static func mostLikely(_ cumulative: [Double]) -> Int {
        var best = 0, bestP = -1.0, previous = 0.0
        for (j, c) in cumulative.enumerated() {
            if c - previous > bestP {
                best = j
                bestP = c - previous
            }
            previous = c
        }
        return best
    }
}
