import OfftakeRandom

/// A compute buyer such as an AI lab (model.md, "Buyer").
///
/// Monthly revenue potential follows `R_{t+1} = R_t · (1+g_t)^{1/12} · (D_{t+1}/D_t)^β` with
/// `g_t = g_∞ + (g_0 − g_∞)·2^{−t/h}`; inference demand is `I_t = R_t / rev_per_mw_t`.
public struct Buyer: Sendable, Hashable, Codable {
    public var id: String
    /// Cash at the start of the horizon.
    public var cash0: Distribution
    /// Monthly revenue potential at `t = 0`.
    public var revenue0: Distribution
    public var growth: RevenueGrowth
    public var revenuePerMW: RevenuePerMW
    /// Training capacity wanted, MW, as a step schedule.
    public var trainingPlan: Schedule
    public var austerity: Austerity
    public var opex: OperatingCosts
    public var funding: Funding
    public var spot: SpotPolicy
    /// Annual discount rate of `buyer.<id>.npv`.
    public var discountRate: Distribution
    /// Terminal value as a multiple of final-year revenue (0 after default).
    public var terminalMultiple: Distribution

    public init(
        id: String, cash0: Distribution, revenue0: Distribution, growth: RevenueGrowth,
        revenuePerMW: RevenuePerMW, trainingPlan: Schedule = Schedule(), austerity: Austerity = Austerity(),
        opex: OperatingCosts = OperatingCosts(), funding: Funding = Funding(), spot: SpotPolicy = SpotPolicy(),
        discountRate: Distribution = .constant(0.1), terminalMultiple: Distribution = .constant(0)
    ) {
        self.id = id
        self.cash0 = cash0
        self.revenue0 = revenue0
        self.growth = growth
        self.revenuePerMW = revenuePerMW
        self.trainingPlan = trainingPlan
        self.austerity = austerity
        self.opex = opex
        self.funding = funding
        self.spot = spot
        self.discountRate = discountRate
        self.terminalMultiple = terminalMultiple
    }
}

/// Revenue growth with a half-life decay from `initial` to `longRun` (annual rates), and the
/// revenue's elasticity `demandBeta` to the market demand index.
public struct RevenueGrowth: Sendable, Hashable, Codable {
    public var initial: Distribution
    /// Long-run growth `g_∞`; nil: growth stays at the (drawn) initial growth, with no decay.
    public var longRun: Distribution?
    public var halfLifeMonths: Distribution
    public var demandBeta: Distribution
    public init(initial: Distribution, longRun: Distribution?, halfLifeMonths: Distribution, demandBeta: Distribution = .constant(1)) {
        self.initial = initial
        self.longRun = longRun
        self.halfLifeMonths = halfLifeMonths
        self.demandBeta = demandBeta
    }
}

/// Monthly revenue one MW of (efficiency 1.0) inference capacity serves:
/// `rev_per_mw_t = initial · (1+trend)^{t/12}`.
public struct RevenuePerMW: Sendable, Hashable, Codable {
    public var initial: Distribution
    public var trend: Distribution
    public init(initial: Distribution, trend: Distribution = .constant(0)) {
        self.initial = initial
        self.trend = trend
    }
}

/// A step schedule: each entry's value holds from its month until the next entry's month.
/// Before the first entry the value is 0.
public struct Schedule: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var month: Month
        public var value: Distribution
        public init(month: Month, value: Distribution) {
            self.month = month
            self.value = value
        }
    }
    /// Entries in increasing month order.
    public var entries: [Entry]
    /// Keys are whole years (`2027:` means from January 2027), as written in the file.
    public var byYear: Bool
    public init(entries: [Entry] = [], byYear: Bool = true) {
        self.entries = entries
        self.byYear = byYear
    }

    /// Index of the entry in force at `month`, if any.
    public func entryIndex(at month: Month) -> Int? {
        entries.lastIndex { $0.month <= month }
    }
}

/// Discretionary training cut when runway is short.
public struct Austerity: Sendable, Hashable, Codable {
    /// Cut training when runway (months of cash at the trailing burn) falls below this.
    public var runwayMonths: Distribution
    /// Share of the training plan cut.
    public var trainingCut: Distribution
    public init(runwayMonths: Distribution = .constant(0), trainingCut: Distribution = .constant(0)) {
        self.runwayMonths = runwayMonths
        self.trainingCut = trainingCut
    }
}

/// Operating costs other than compute: `fixed·(1+growth)^{t/12} + revenueShare × revenue` per month.
public struct OperatingCosts: Sendable, Hashable, Codable {
    public var fixed: Distribution
    public var growth: Distribution
    public var revenueShare: Distribution
    public init(fixed: Distribution = .constant(0), growth: Distribution = .constant(0), revenueShare: Distribution = .constant(0)) {
        self.fixed = fixed
        self.growth = growth
        self.revenueShare = revenueShare
    }
}

/// Scheduled funding rounds and the automatic raise-when-runway-is-short policy.
public struct Funding: Sendable, Hashable, Codable {
    /// A round planned for a given month.
    public struct Round: Sendable, Hashable, Codable {
        public var month: Month
        public var amount: Distribution
        /// Probability the round closes (independent of the regime).
        public var probability: Distribution
        public init(month: Month, amount: Distribution, probability: Distribution = .constant(1)) {
            self.month = month
            self.amount = amount
            self.probability = probability
        }
    }
    public var scheduled: [Round]
    /// Attempt a round when runway falls below this many months; nil disables the policy.
    public var raiseBelowRunwayMonths: Distribution?
    /// Size of a policy round.
    public var roundSize: Distribution
    /// Months to wait after an attempt.
    public var cooldownMonths: Distribution
    /// Elasticity of the success probability to trailing 12-month revenue growth relative to the
    /// growth the buyer was planned to have (0: success depends on the regime only). Documented in docs/scenario-format.md.
    public var growthSensitivity: Distribution

    public init(
        scheduled: [Round] = [], raiseBelowRunwayMonths: Distribution? = nil, roundSize: Distribution = .constant(0),
        cooldownMonths: Distribution = .constant(6), growthSensitivity: Distribution = .constant(0)
    ) {
        self.scheduled = scheduled
        self.raiseBelowRunwayMonths = raiseBelowRunwayMonths
        self.roundSize = roundSize
        self.cooldownMonths = cooldownMonths
        self.growthSensitivity = growthSensitivity
    }
}

/// Extra capacity bought on the spot market at `P_t × markup`.
public struct SpotPolicy: Sendable, Hashable, Codable {
    public var maxMW: Distribution
    public var markup: Distribution
    /// Buy spot only while runway exceeds this many months.
    public var minRunwayMonths: Distribution
    public init(maxMW: Distribution = .constant(0), markup: Distribution = .constant(1), minRunwayMonths: Distribution = .constant(0)) {
        self.maxMW = maxMW
        self.markup = markup
        self.minRunwayMonths = minRunwayMonths
    }
}
