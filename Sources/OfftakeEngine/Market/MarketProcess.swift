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

    /// `market.supply`'s values on one path (docs/model.md, "A price with a supply side").
    public struct SupplyValues: Sendable, Equatable {
        /// ε, and the yearly growth of the demand at a constant price: g_0, g_∞ (g_0 without one) and
        /// the half-life h in months.
        public var elasticity: Double
        public var demandGrowth: Double
        public var demandGrowthLongRun: Double
        public var demandHalfLife: Double
        /// Per generation: performance, MW online at the start and the floor per MW-month.
        public var performance: [Double]
        public var installed0: [Double]
        public var floor: [Double]
        /// Per generation, the months from which each addition rate holds (sorted) and the rates, MW a year.
        public var additionMonths: [[Int]]
        public var additionRates: [[Double]]
        /// Per generation, the response of its additions to the price: breakeven (0: none), η and the lag
        /// in whole months.
        public var breakeven: [Double]
        public var responseElasticity: [Double]
        public var responseLag: [Int]
    }

    /// The supply side, when the market has one.
    public var supply: SupplyValues?

    /// Reads the market of `scenario` with parameter values `values` (aligned with
    /// ``ParameterSampler/paths``; `index` maps a path to its position).
    public init(scenario: Scenario, values: [Double], index: [String: Int]) {
        var byKeyPath: [AnyKeyPath: Int] = [:]
        for s in scenario.parameterSlots { if byKeyPath[s.keyPath] == nil, let i = index[s.path] { byKeyPath[s.keyPath] = i } }
        func slot(_ keyPath: WritableKeyPath<Scenario, Distribution>) throws(SimulationSetupError) -> Int {
            guard let i = byKeyPath[keyPath] else { throw .unresolved("no parameter at \(keyPath)") }
            return i
        }
        // The sampler's index covers every parameter of the scenario, so every slot resolves.
        let layout = try! MarketLayout(scenario: scenario, slot: slot)
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
        supply = layout.supply.map { l in
            let g = l.generations.count
            return SupplyValues(elasticity: 1, demandGrowth: 0, demandGrowthLongRun: 0, demandHalfLife: 24, performance: [Double](repeating: 1, count: g),
                                installed0: [Double](repeating: 0, count: g), floor: [Double](repeating: 0, count: g),
                                additionMonths: l.generations.map { $0.additions.map(\.month) },
                                additionRates: l.generations.map { [Double](repeating: 0, count: $0.additions.count) },
                                breakeven: [Double](repeating: 0, count: g), responseElasticity: [Double](repeating: 0, count: g),
                                responseLag: [Int](repeating: 0, count: g))
        }
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
        if let l = layout.supply, supply != nil {
            supply!.elasticity = values[l.elasticity]
            supply!.demandGrowth = values[l.demandGrowth]
            supply!.demandGrowthLongRun = l.demandGrowthLongRun.map { values[$0] } ?? values[l.demandGrowth]
            supply!.demandHalfLife = values[l.demandHalfLife]
            for (g, generation) in l.generations.enumerated() {
                supply!.performance[g] = values[generation.performance]
                supply!.installed0[g] = values[generation.installed0]
                supply!.floor[g] = values[generation.floor]
                for (k, step) in generation.additions.enumerated() { supply!.additionRates[g][k] = values[step.slot] }
                if let r = generation.response {
                    supply!.breakeven[g] = values[r.breakeven]
                    supply!.responseElasticity[g] = values[r.elasticity]
                    // Whole months; a lag beyond any horizon is capped (the first month's price then decides).
                    supply!.responseLag[g] = Int(min(max(0, values[r.lag].rounded()), 100_000))
                } else {
                    supply!.breakeven[g] = 0
                }
            }
        }
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
    /// Compute market price `P_t` per MW-month: of performance-1 compute (with a supply side, `u_t · premium_r`).
    public var price: [Double]
    /// With a supply side, per generation: its price per MW-month and the MW of it online industry-wide.
    public var generationPrice: [[Double]]
    public var supplyMW: [[Double]]

    public init(months: Int, generations: Int = 0) {
        regime = [Int](repeating: 0, count: months)
        demand = [Double](repeating: 1, count: months)
        price = [Double](repeating: 0, count: months)
        generationPrice = [[Double]](repeating: [Double](repeating: 0, count: months), count: generations)
        supplyMW = [[Double]](repeating: [Double](repeating: 0, count: months), count: generations)
    }

    /// The price per MW-month in month t of capacity of supply generation `generation` (nil: the
    /// market price of performance-1 compute).
    @inline(__always)
    public func price(generation: Int?, at t: Int) -> Double {
        guard let generation else { return price[t] }
        return generationPrice[generation][t]
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
        var clearing = p.supply.map { SupplyClearing($0, initialPrice: p.initialPrice) }
        if let g = p.supply?.performance.count, path.generationPrice.count != g { path = MarketPath(months: months, generations: g) }
        clearing?.month(0, logDemand: 0, premium: p.regimes[r].spotPremium, into: &path)
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
            if clearing != nil {
                clearing!.month(t, logDemand: logD, premium: regime.spotPremium, into: &path)
            } else {
                // (1 − decline)^{t/12} · D^e · premium, in logs to avoid overflow of intermediate powers.
                path.price[t] = p.initialPrice * Double.exp(monthlyDecline * Double(t) + p.demandElasticity * logD) * regime.spotPremium
            }
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

/// The monthly clearing of the compute market with a supply side (docs/model.md, "A price with a
/// supply side").
///
/// Capacity: generation g has `S_{g,t} = installed0_g + Σ_{s ≤ t} a_{g,s}` MW online, where `a_{g,s}` is the
/// yearly addition rate in force in month s, divided by 12 (month 0 adds nothing: `installed0` is the
/// start). Its effective compute is `perf_g · S_{g,t}`.
///
/// Demand, in effective MW, at a unit price u: `Q_t(u) = A_t · (P_0 / u)^ε` with
/// `A_t = Q_0 · Π_{s=1…t} (1 + g_s)^{1/12} · D_t`, with `g_s = g_∞ + (g_0 − g_∞) · 2^{−s/h}` (g_0 throughout
/// without a long-run growth), where `Q_0` is the effective capacity renting at the start price `P_0`
/// (`compute_price.initial`), so month 0 clears at `P_0`.
///
/// Supply at u: every generation whose floor per unit of compute `θ_g = floor_g / perf_g` is below u
/// rents all its capacity; one at `θ_g = u` rents part; above, it is idle (its cash cost exceeds what
/// it would fetch). The clearing unit price `u_t` solves `Q_t(u) ∈ [E(u⁻), E(u⁺)]`: with the
/// generations sorted by θ and `E_k` the effective capacity of the first k, it is
/// `u_k = P_0 · (A_t / E_k)^{1/ε}` for the largest k with `u_k ≥ θ_k`, unless `u_k` exceeds `θ_{k+1}`, in
/// which case generation k+1 is the marginal supplier and `u_t = θ_{k+1}`; when no k qualifies,
/// `u_t = θ_1`.
///
/// With a `response`, month t's additions are the schedule's × `(P_{g,t−L} ÷ breakeven)^η` (the price
/// L ≥ 1 months earlier, the first month's before the start): building follows the rents it would earn.
///
/// Prices: `P_t = u_t · premium_r` (performance-1 compute) and, per generation,
/// `P_{g,t} = max(floor_g, perf_g · u_t · premium_r)`: a newer generation entering adds effective
/// capacity, which lowers u and so every older generation's price in proportion to its performance.
struct SupplyClearing {
    let values: MarketParameters.SupplyValues
    let initialPrice: Double
    /// Generations in increasing order of θ, and θ in that order.
    let order: [Int]
    let theta: [Double]
    /// MW online per generation, and the index of the addition rate in force.
    var installed: [Double]
    var step: [Int]
    /// `Q_0`, in effective MW.
    let q0: Double
    /// Scratch: `E_k`, the effective capacity of the first k generations in θ order.
    var cumulative: [Double]
    /// `Σ_{s ≤ t} ln(1 + g_s) / 12`, the demand's growth since the start in logs.
    var logGrowth = 0.0

    init(_ v: MarketParameters.SupplyValues, initialPrice: Double) {
        values = v
        self.initialPrice = initialPrice
        let g = v.performance.count
        let th = (0..<g).map { v.performance[$0] > 0 ? v.floor[$0] / v.performance[$0] : .infinity }
        order = (0..<g).sorted { th[$0] != th[$1] ? th[$0] < th[$1] : $0 < $1 }
        theta = order.map { th[$0] }
        installed = v.installed0
        step = [Int](repeating: -1, count: g)
        cumulative = [Double](repeating: 0, count: g + 1)
        // What rents at P_0: the generations whose floor is below it, or at it.
        var q = 0.0
        for i in 0..<g where th[i] <= initialPrice { q += v.performance[i] * v.installed0[i] }
        q0 = q
    }

    /// Clears month t (`logDemand` = ln D_t) and writes its prices and capacity into `path`.
    mutating func month(_ t: Int, logDemand: Double, premium: Double, into path: inout MarketPath) {
        let g = installed.count
        for i in 0..<g {
            let months = values.additionMonths[i]
            while step[i] + 1 < months.count && months[step[i] + 1] <= t { step[i] += 1 }
            if t > 0, step[i] >= 0 {
                var added = values.additionRates[i][step[i]] / 12
                let breakeven = values.breakeven[i]
                if breakeven > 0 && added > 0 {
                    // The price when the capacity was ordered, L ≥ 1 months ago (this month's is not cleared
                    // yet; before the start, the first month's).
                    let ordered = path.generationPrice[i][max(0, t - max(1, values.responseLag[i]))]
                    added *= Double.pow(ordered / breakeven, values.responseElasticity[i])
                }
                installed[i] += added
            }
            path.supplyMW[i][t] = installed[i]
        }
        if t > 0 {
            let v = values
            let g = v.demandGrowthLongRun + (v.demandGrowth - v.demandGrowthLongRun) * Double.exp2(-Double(t) / v.demandHalfLife)
            logGrowth += Double.log(onePlus: g) / 12
        }
        let u = unitPrice(logDemand: logDemand)
        path.price[t] = u * premium
        for i in 0..<g { path.generationPrice[i][t] = max(values.floor[i], values.performance[i] * u * premium) }
    }

    /// The clearing unit price u_t (see the type's comment).
    mutating func unitPrice(logDemand: Double) -> Double {
        let epsilon = values.elasticity, price0 = initialPrice
        let logA = Double.log(q0) + logGrowth + logDemand
        // u_k = P_0 · (A / E_k)^{1/ε}, in logs; E_k = 0 gives +∞.
        func u(_ effective: Double) -> Double {
            effective > 0 ? price0 * Double.exp((logA - Double.log(effective)) / epsilon) : .infinity
        }
        guard q0 > 0 else { return initialPrice }
        for (k, i) in order.enumerated() { cumulative[k + 1] = cumulative[k] + values.performance[i] * installed[i] }
        for k in stride(from: order.count, through: 1, by: -1) {
            let uk = u(cumulative[k])
            guard uk >= theta[k - 1] else { continue }
            if k < order.count, uk > theta[k] { return theta[k] }
            return uk
        }
        return theta.first ?? initialPrice
    }
}
