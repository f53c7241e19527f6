import OfftakeRandom

/// The market every party shares: regimes, the AI demand index and the compute price (docs/model.md, "Market").
public struct Market: Sendable, Hashable, Codable {
    public var regimes: RegimeModel
    public var computePrice: ComputePrice
    /// The industry's capacity by accelerator generation: when present, the price clears it against
    /// demand instead of following `compute_price.decline` (docs/model.md, "A price with a supply side").
    public var supply: Supply?
    public init(regimes: RegimeModel, computePrice: ComputePrice, supply: Supply? = nil) {
        self.regimes = regimes
        self.computePrice = computePrice
        self.supply = supply
    }
}

/// The supply side of the compute price: the industry's capacity online by accelerator generation and
/// the demand that rents it. Each month the price of one MW of performance-1 compute clears them,
/// `u_t = P_0 · (Q_t / Q_0 · E_0 / E_t)^{1/ε}`, where `E_t` is the effective capacity renting (MW ×
/// performance, a generation whose cash cost is above its price withdrawn) and `Q_t = Q_0 · (1 + g)^{t/12} · D_t`
/// the demand (`g` decaying toward `g_∞` when given); a generation's price is `max(floor, performance · u_t · premium_r)`.
public struct Supply: Sendable, Hashable, Codable {
    /// ε: the price elasticity of the demand for compute (quantity's response to price), > 0.
    public var elasticity: Distribution
    /// g_0: yearly growth of the compute demanded at a constant price, at the start.
    public var demandGrowth: Distribution
    /// g_∞: the growth it tends to (nil: g_0 throughout), `g_t = g_∞ + (g_0 − g_∞) · 2^{−t/h}`.
    public var demandGrowthLongRun: Distribution?
    /// h: months for half the gap between g_0 and g_∞ to close.
    public var demandHalfLife: Distribution
    /// The generations of accelerators, oldest first by convention (the order does not matter).
    public var generations: [Generation]

    public init(elasticity: Distribution, demandGrowth: Distribution = .constant(0), demandGrowthLongRun: Distribution? = nil,
                demandHalfLife: Distribution = .constant(24), generations: [Generation]) {
        self.elasticity = elasticity
        self.demandGrowth = demandGrowth
        self.demandGrowthLongRun = demandGrowthLongRun
        self.demandHalfLife = demandHalfLife
        self.generations = generations
    }

    /// Index of the generation called `id`.
    public func index(of id: String) -> Int? { generations.firstIndex { $0.id == id } }
}

/// One accelerator generation of the industry's fleet (H100-class, B200-class, …).
public struct Generation: Sendable, Hashable, Codable {
    public var id: String
    /// Compute per MW relative to the unit `compute_price.initial` prices (1 for the reference generation).
    public var performance: Distribution
    /// MW online industry-wide at horizon.start.
    public var installed0: Distribution
    /// MW added per year from each date on (spread evenly over the months), until the next date.
    public var additions: Schedule
    /// The cash cost of running one MW a month (power, operations): no one rents it for less.
    public var floor: Distribution
    /// How the additions answer the price (nil: they follow the schedule whatever the price).
    public var response: SupplyResponse?

    public init(id: String, performance: Distribution = .constant(1), installed0: Distribution, additions: Schedule = Schedule(),
                floor: Distribution = .constant(0), response: SupplyResponse? = nil) {
        self.id = id
        self.performance = performance
        self.installed0 = installed0
        self.additions = additions
        self.floor = floor
        self.response = response
    }
}

/// Building that answers the price: a month's additions are the schedule's × `(P_{g,t−L} ÷ breakeven)^η`,
/// the generation's price L months earlier (when the capacity was ordered) against the rent at which it
/// pays its cost.
public struct SupplyResponse: Sendable, Hashable, Codable {
    /// The rent per MW-month at which building the generation pays for itself: the schedule's pace.
    public var breakeven: Distribution
    /// η: how strongly the pace follows the price's ratio to the breakeven (0: not at all).
    public var elasticity: Distribution
    /// L: months between the price that decides a build and its capacity online.
    public var lagMonths: Distribution

    public init(breakeven: Distribution, elasticity: Distribution = .constant(1), lagMonths: Distribution = .constant(12)) {
        self.breakeven = breakeven
        self.elasticity = elasticity
        self.lagMonths = lagMonths
    }
}

/// A Markov chain on named market regimes with a monthly transition matrix.
public struct RegimeModel: Sendable, Hashable, Codable {
    /// The regimes, in the order of the transition matrix's rows and columns.
    public var regimes: [Regime]
    /// Initial regime: one name, or a probability for each.
    public var initial: InitialRegime
    /// `transitions[i][j]` = P(regime j next month | regime i this month). Rows sum to 1.
    public var transitions: [[Double]]

    public init(regimes: [Regime], initial: InitialRegime, transitions: [[Double]]) {
        self.regimes = regimes
        self.initial = initial
        self.transitions = transitions
    }

    /// Index of the regime called `name`.
    public func index(of name: String) -> Int? { regimes.firstIndex { $0.name == name } }
}

/// How the first month's regime is chosen.
public enum InitialRegime: Sendable, Hashable, Codable {
    /// Always this regime.
    case named(String)
    /// Drawn with these probabilities (names and weights, summing to 1).
    case probabilities([String], [Double])
}

/// What a market regime sets (docs/model.md, "Market").
public struct Regime: Sendable, Hashable, Codable {
    public var name: String
    /// Annual log-growth μ of the AI demand index.
    public var demandDrift: Distribution
    /// Annual volatility σ of the AI demand index.
    public var demandVol: Distribution
    /// Probability that a funding attempt succeeds.
    public var fundingSuccess: Distribution
    /// Multiplier on the compute market price.
    public var spotPremium: Distribution
    /// Share of requested extra capacity that can be bought on the spot market.
    public var spotAvailability: Distribution
    /// Added to providers' annual borrowing rate.
    public var creditSpread: Distribution
    /// Multiplier on every buyer's valuation multiple (`Valuation`) in this regime.
    public var valuationLevel: Distribution

    public init(
        name: String, demandDrift: Distribution, demandVol: Distribution, fundingSuccess: Distribution,
        spotPremium: Distribution = .constant(1), spotAvailability: Distribution = .constant(1),
        creditSpread: Distribution = .constant(0), valuationLevel: Distribution = .constant(1)
    ) {
        self.name = name
        self.demandDrift = demandDrift
        self.demandVol = demandVol
        self.fundingSuccess = fundingSuccess
        self.spotPremium = spotPremium
        self.spotAvailability = spotAvailability
        self.creditSpread = creditSpread
        self.valuationLevel = valuationLevel
    }
}

/// Compute market price per MW-month: `P_t = P_0 · (1 − decline)^{t/12} · D_t^{elasticity} · premium_r`.
public struct ComputePrice: Sendable, Hashable, Codable {
    /// `P_0`, dollars per MW-month.
    public var initial: Distribution
    /// Yearly fall of the price of a unit of compute.
    public var decline: Distribution
    /// Exponent on the demand index.
    public var demandElasticity: Distribution
    public init(initial: Distribution, decline: Distribution = .constant(0), demandElasticity: Distribution = .constant(0)) {
        self.initial = initial
        self.decline = decline
        self.demandElasticity = demandElasticity
    }
}

/// A class of accelerator capacity (docs/model.md, "Accelerators").
public struct Accelerator: Sendable, Hashable, Codable {
    public var id: String
    /// Workloads it can run; at least one.
    public var workloads: [Workload]
    /// Served inference per MW relative to 1.0.
    public var inferenceEfficiency: Distribution
    /// Chips and networking capex per MW, paid at delivery.
    public var capexPerMW: Distribution
    /// Depreciation life of the chips in months.
    public var lifeMonths: Distribution
    /// The supply generation (`market.supply.generations[].id`) whose price this accelerator's capacity
    /// fetches when re-let, sublet, replaced or valued; nil: the market price of performance-1 compute.
    public var generation: String?

    public init(
        id: String, workloads: [Workload], inferenceEfficiency: Distribution = .constant(1),
        capexPerMW: Distribution, lifeMonths: Distribution = .constant(72), generation: String? = nil
    ) {
        self.id = id
        self.workloads = workloads
        self.inferenceEfficiency = inferenceEfficiency
        self.capexPerMW = capexPerMW
        self.lifeMonths = lifeMonths
        self.generation = generation
    }
}

/// What capacity is used for.
public enum Workload: String, Sendable, Hashable, Codable, CaseIterable {
    case training
    case inference
}
