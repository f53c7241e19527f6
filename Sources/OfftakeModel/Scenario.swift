import OfftakeRandom

/// A complete deal scenario: the market, the accelerators, the parties, their contracts and the
/// analysis settings (docs/model.md, "Scenario file").
///
/// A scenario is data only (what is modelled); the engine decides how it is simulated. Every numeric
/// field that docs/model.md allows to be uncertain is a ``Distribution`` (a bare number is
/// `Distribution.constant`), drawn once per simulated path.
public struct Scenario: Sendable, Hashable, Codable {
    /// Identifier, e.g. `openai-oracle-2027`.
    public var name: String
    /// Human-readable title.
    public var title: String?
    /// Simulated months, inclusive.
    public var horizon: Horizon
    /// Default run settings (overridable on the command line).
    public var run: RunSettings
    public var market: Market
    public var accelerators: [Accelerator]
    public var buyers: [Buyer]
    public var providers: [Provider]
    public var contracts: [Contract]
    /// Gaussian-copula correlations between uncertain parameters.
    public var correlations: Correlations
    /// Named overrides applied on top of the scenario (stress tests), in file order.
    public var stresses: [Stress]
    /// Decision variables for `optimize`.
    public var decisions: [Decision]
    public var objective: Objective?
    public var constraints: [Constraint]

    public init(
        name: String, title: String? = nil, horizon: Horizon, run: RunSettings = RunSettings(),
        market: Market, accelerators: [Accelerator] = [], buyers: [Buyer] = [], providers: [Provider] = [],
        contracts: [Contract] = [], correlations: Correlations = Correlations(), stresses: [Stress] = [],
        decisions: [Decision] = [], objective: Objective? = nil, constraints: [Constraint] = []
    ) {
        self.name = name
        self.title = title
        self.horizon = horizon
        self.run = run
        self.market = market
        self.accelerators = accelerators
        self.buyers = buyers
        self.providers = providers
        self.contracts = contracts
        self.correlations = correlations
        self.stresses = stresses
        self.decisions = decisions
        self.objective = objective
        self.constraints = constraints
    }
}

/// The simulated period: months `start … end` inclusive.
public struct Horizon: Sendable, Hashable, Codable {
    public var start: Month
    public var end: Month
    public init(start: Month, end: Month) {
        self.start = start
        self.end = end
    }
    /// Number of simulated months `T = end − start + 1`.
    public var monthCount: Int { start.months(to: end) + 1 }
    /// Whether `month` lies inside the horizon.
    public func contains(_ month: Month) -> Bool { month >= start && month <= end }
}

/// Default number of paths and seed of a run.
public struct RunSettings: Sendable, Hashable, Codable {
    public static let defaultPaths = 100_000
    public static let defaultSeed: UInt64 = 42
    public var paths: Int
    public var seed: UInt64
    public init(paths: Int = RunSettings.defaultPaths, seed: UInt64 = RunSettings.defaultSeed) {
        self.paths = paths
        self.seed = seed
    }
}
