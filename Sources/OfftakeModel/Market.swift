import OfftakeRandom

/// The market every party shares: regimes, the AI demand index and the compute price (docs/model.md, "Market").
public struct Market: Sendable, Hashable, Codable {
    public var regimes: RegimeModel
    public var computePrice: ComputePrice
    public init(regimes: RegimeModel, computePrice: ComputePrice) {
        self.regimes = regimes
        self.computePrice = computePrice
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

    public init(
        id: String, workloads: [Workload], inferenceEfficiency: Distribution = .constant(1),
        capexPerMW: Distribution, lifeMonths: Distribution = .constant(72)
    ) {
        self.id = id
        self.workloads = workloads
        self.inferenceEfficiency = inferenceEfficiency
        self.capexPerMW = capexPerMW
        self.lifeMonths = lifeMonths
    }
}

/// What capacity is used for.
public enum Workload: String, Sendable, Hashable, Codable, CaseIterable {
    case training
    case inference
}
