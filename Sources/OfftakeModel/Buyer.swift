import OfftakeRandom

/// A compute buyer such as an AI lab (docs/model.md, "Buyer").
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
    /// Share of the training-capable capacity delivered that trains, as a step schedule (added to
    /// `trainingPlan`; empty: none).
    public var trainingShare: Schedule
    public var austerity: Austerity
    public var opex: OperatingCosts
    public var funding: Funding
    public var spot: SpotPolicy
    /// Annual discount rate of `buyer.<id>.npv`.
    public var discountRate: Distribution
    /// Terminal value as a multiple of final-year revenue (0 after default).
    public var terminalMultiple: Distribution
    /// A business whose revenue does not depend on the contracted capacity (`established:`).
    public var established: EstablishedBusiness?
    /// What the buyer does before it defaults (`workout:`).
    public var workout: Workout

    public init(
        id: String, cash0: Distribution, revenue0: Distribution, growth: RevenueGrowth,
        revenuePerMW: RevenuePerMW, trainingPlan: Schedule = Schedule(), trainingShare: Schedule = Schedule(), austerity: Austerity = Austerity(),
        opex: OperatingCosts = OperatingCosts(), funding: Funding = Funding(), spot: SpotPolicy = SpotPolicy(),
        discountRate: Distribution = .constant(0.1), terminalMultiple: Distribution = .constant(0),
        established: EstablishedBusiness? = nil, workout: Workout = Workout()
    ) {
        self.id = id
        self.cash0 = cash0
        self.revenue0 = revenue0
        self.growth = growth
        self.revenuePerMW = revenuePerMW
        self.trainingPlan = trainingPlan
        self.trainingShare = trainingShare
        self.austerity = austerity
        self.opex = opex
        self.funding = funding
        self.spot = spot
        self.discountRate = discountRate
        self.terminalMultiple = terminalMultiple
        self.established = established
        self.workout = workout
    }
}

/// A buyer's established business (`established:`), e.g. a hyperscaler's cloud, software or ads:
/// monthly revenue `revenue0 · (1 + growth)^{t/12} · D_t^{demand_beta}` of which `cash_margin` is
/// operating cash flow after its own costs and capex. It needs no contracted capacity.
public struct EstablishedBusiness: Sendable, Hashable, Codable {
    /// `revenue0`: monthly revenue at `t = 0`.
    public var revenue0: Distribution
    /// `growth`: annual growth.
    public var growth: Distribution
    /// `demand_beta`: elasticity to the AI demand index (default 0).
    public var demandBeta: Distribution
    /// `cash_margin`: share of revenue left as operating cash flow (after the business's own capex).
    public var cashMargin: Distribution
    public init(revenue0: Distribution, growth: Distribution = .constant(0), demandBeta: Distribution = .constant(0),
                cashMargin: Distribution) {
        self.revenue0 = revenue0
        self.growth = growth
        self.demandBeta = demandBeta
        self.cashMargin = cashMargin
    }
}

/// The buyer's workout ladder (`workout:`), tried in order each month in which cash, after operating
/// flows and funding, is below `min_cash`: credit facility, cancellation of undelivered tranches,
/// deferral of charges, subletting idle capacity. The buyer defaults only if its cash is still below
/// zero (docs/model.md states every rule).
public struct Workout: Sendable, Hashable, Codable {
    /// `min_cash`: the ladder starts when cash falls below this.
    public var minCash: Distribution
    /// `facility:`; nil: no credit facility.
    public var facility: CreditFacility?
    /// `cancel_undelivered`: cancel undelivered tranches of contracts that have a termination fee.
    public var cancelUndelivered: Bool
    /// `deferral:`; nil: no deferral is asked for.
    public var deferral: Deferral?
    /// `sublet:`; nil: idle capacity is not sublet.
    public var sublet: Sublet?
    /// `restructuring:`; nil: no renegotiation before default.
    public var restructuring: Restructuring?
    public init(minCash: Distribution = .constant(0), facility: CreditFacility? = nil, cancelUndelivered: Bool = false,
                deferral: Deferral? = nil, sublet: Sublet? = nil, restructuring: Restructuring? = nil) {
        self.minCash = minCash
        self.facility = facility
        self.cancelUndelivered = cancelUndelivered
        self.deferral = deferral
        self.sublet = sublet
        self.restructuring = restructuring
    }
}

/// Renegotiation before default (`restructuring:`, docs/model.md "Restructuring"). Each month, a
/// forward test compares the buyer's bills of the next `forward_months` with what it can reach —
/// cash above `min_cash`, operating cash flow before contract payments, the credit facility left,
/// funding reachable at its current valuation. When bills exceed that, the buyer asks its capacity
/// providers, pro rata to their bills in the window, for a package of concessions: a longer deferral
/// (`deferral_share` of the window's charges repaid over `deferral_months` after the window, at
/// `deferral_interest_rate`), a term extension (`extension_share` paid over `extension_months` after
/// the term, without interest), undelivered firm tranches turned into options, a price cut (at most
/// `max_price_cut`). Each provider accepts when the package, valued at its rate and weighted by the
/// buyer's survival (1 − `provider_default_belief`), is worth more to it than enforcement.
public struct Restructuring: Sendable, Hashable, Codable {
    public var forwardMonths: Distribution
    public var providerDefaultBelief: Distribution
    public var deferralShare: Distribution
    public var deferralMonths: Distribution
    public var deferralInterestRate: Distribution
    public var extensionShare: Distribution
    public var extensionMonths: Distribution
    public var maxPriceCut: Distribution
    public var optionMargin: Distribution
    public var optionMinRunway: Distribution
    public init(forwardMonths: Distribution = .constant(12), providerDefaultBelief: Distribution = .constant(0.3),
                deferralShare: Distribution = .constant(0.3), deferralMonths: Distribution = .constant(24),
                deferralInterestRate: Distribution = .constant(0.1), extensionShare: Distribution = .constant(0.3),
                extensionMonths: Distribution = .constant(12), maxPriceCut: Distribution = .constant(0.2),
                optionMargin: Distribution = .constant(0), optionMinRunway: Distribution = .constant(6)) {
        self.forwardMonths = forwardMonths
        self.providerDefaultBelief = providerDefaultBelief
        self.deferralShare = deferralShare
        self.deferralMonths = deferralMonths
        self.deferralInterestRate = deferralInterestRate
        self.extensionShare = extensionShare
        self.extensionMonths = extensionMonths
        self.maxPriceCut = maxPriceCut
        self.optionMargin = optionMargin
        self.optionMinRunway = optionMinRunway
    }
}

/// A revolving credit facility (or bond capacity) sized on revenue: the limit is
/// `min(revenue_multiple × trailing-12-month revenue, max)`; interest on the drawn balance at
/// `interest_rate`; repaid from cash above `min_cash` in months the buyer is not burning cash.
public struct CreditFacility: Sendable, Hashable, Codable {
    /// `revenue_multiple`.
    public var revenueMultiple: Distribution
    /// `max`: cap on the limit; nil: none.
    public var max: Distribution?
    /// `interest_rate`: annual.
    public var interestRate: Distribution
    public init(revenueMultiple: Distribution, max: Distribution? = nil, interestRate: Distribution) {
        self.revenueMultiple = revenueMultiple
        self.max = max
        self.interestRate = interestRate
    }
}

/// Deferral of charges (`deferral:`): the buyer asks each provider to defer `share` of this month's
/// charges, repaid in `months` equal monthly instalments from the next month with interest at
/// `interest_rate` on the balance owed; a provider's balance of deferred charges is capped at
/// `cap_months` months of the contract's current charge. The provider accepts when carrying on, with
/// the buyer surviving with probability 1 − `provider_default_belief`, is worth more to it (at its
/// rate) than enforcing the charge now; a refused charge stays due (docs/model.md, "Workout").
public struct Deferral: Sendable, Hashable, Codable {
    public var share: Distribution
    public var months: Distribution
    public var interestRate: Distribution
    public var providerDefaultBelief: Distribution
    public var capMonths: Distribution
    public init(share: Distribution = .constant(0.5), months: Distribution = .constant(6), interestRate: Distribution = .constant(0.1),
                providerDefaultBelief: Distribution = .constant(0.3), capMonths: Distribution = .constant(3)) {
        self.share = share
        self.months = months
        self.interestRate = interestRate
        self.providerDefaultBelief = providerDefaultBelief
        self.capMonths = capMonths
    }
}

/// Subletting idle contracted capacity (`sublet:`) at the market price × `discount`.
public struct Sublet: Sendable, Hashable, Codable {
    public var discount: Distribution
    public init(discount: Distribution = .constant(0.7)) { self.discount = discount }
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
        /// `provider`: the provider that pays the round (a supplier's investment): vendor financing.
        public var provider: String?
        public init(month: Month, amount: Distribution, probability: Distribution = .constant(1), provider: String? = nil) {
            self.month = month
            self.amount = amount
            self.probability = probability
            self.provider = provider
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
    /// `round_revenue_multiple`: a policy round raises this multiple of trailing-12-month revenue
    /// (instead of `round_size`).
    public var roundRevenueMultiple: Distribution?
    /// `plan`: the revenue the buyer told investors it would make, per year (annual amounts).
    public var plan: Schedule?
    /// `plan_sensitivity`: success probability = regime odds × clamp(1 + s × (revenue ÷ plan − 1), 0, 1),
    /// revenue and plan over the trailing 12 months.
    public var planSensitivity: Distribution
    /// `ipo:`; nil: no IPO.
    public var ipo: IPO?
    /// `valuation:`; nil: policy rounds are binary (`round_size` or `round_revenue_multiple`, after a
    /// cooldown). With it, every raise is priced at the buyer's value on its own path (`Valuation`).
    public var valuation: Valuation?
    /// `backers:`: strategic investors who cover what a round could not, in list order.
    public var backers: [Backer]

    public init(
        scheduled: [Round] = [], raiseBelowRunwayMonths: Distribution? = nil, roundSize: Distribution = .constant(0),
        cooldownMonths: Distribution = .constant(6), growthSensitivity: Distribution = .constant(0),
        roundRevenueMultiple: Distribution? = nil, plan: Schedule? = nil, planSensitivity: Distribution = .constant(0), ipo: IPO? = nil,
        valuation: Valuation? = nil, backers: [Backer] = []
    ) {
        self.scheduled = scheduled
        self.raiseBelowRunwayMonths = raiseBelowRunwayMonths
        self.roundSize = roundSize
        self.cooldownMonths = cooldownMonths
        self.growthSensitivity = growthSensitivity
        self.roundRevenueMultiple = roundRevenueMultiple
        self.plan = plan
        self.planSensitivity = planSensitivity
        self.ipo = ipo
        self.valuation = valuation
        self.backers = backers
    }
}

/// Funding as a market (`funding.valuation:`, docs/model.md "Funding as a market"). The buyer's
/// enterprise value in month t is `EV_t = m(g_t) × level_r × R_fwd,t`: forward revenue
/// `R_fwd = 12 × (average monthly revenue of the last three months) × (1 + g_t)`, `m` interpolated
/// linearly in the table `multiples` (flat beyond its ends), `level_r` the regime's `valuation_level`.
/// Equity value = EV + cash − facility drawn. A round raises what restores `target_runway_months` of
/// burn, at most the amount that sells `max_dilution` of the company, at the equity value; it closes
/// with probability `funding_success_r × min(1, pre-money ÷ last post-money)^access_elasticity`.
public struct Valuation: Sendable, Hashable, Codable {
    /// One point of the multiple's table: EV ÷ forward revenue at a forward growth rate.
    public struct Point: Sendable, Hashable, Codable {
        public var growth: Distribution
        public var multiple: Distribution
        public init(growth: Distribution, multiple: Distribution) {
            self.growth = growth
            self.multiple = multiple
        }
    }
    /// `multiples`: in increasing order of (fixed) growth.
    public var multiples: [Point]
    /// `max_dilution`: the largest share of the company one raise may sell.
    public var maxDilution: Distribution
    /// `target_runway_months`: a round aims to leave this many months of the current burn in cash.
    public var targetRunwayMonths: Distribution
    /// `access_elasticity`: how the chance a round closes falls with the valuation against the last round
    /// (default 0.5: late-stage deal counts halved when valuations fell 72 % in 2022–23, docs/sources.md).
    public var accessElasticity: Distribution
    /// `last_round:`; the round the market last priced: the reference of the first down round, and the
    /// month at which the model's implied equity value is compared with its post-money.
    public var lastRound: LastRound?
    public init(multiples: [Point], maxDilution: Distribution = .constant(0.2), targetRunwayMonths: Distribution = .constant(24),
                accessElasticity: Distribution = .constant(0.5), lastRound: LastRound? = nil) {
        self.multiples = multiples
        self.maxDilution = maxDilution
        self.targetRunwayMonths = targetRunwayMonths
        self.accessElasticity = accessElasticity
        self.lastRound = lastRound
    }
}

/// The last priced round before or inside the horizon (`last_round:`).
public struct LastRound: Sendable, Hashable, Codable {
    public var month: Month
    /// `post_money`: the equity value the round was priced at, after its money.
    public var postMoney: Distribution
    public init(month: Month, postMoney: Distribution) {
        self.month = month
        self.postMoney = postMoney
    }
}

/// A strategic investor (`backers:` entry) who, when a round leaves the buyer short, buys equity at
/// the buyer's current equity value up to its remaining `capacity`, if its `condition` holds. A backer
/// that is also a `provider` is vendor financing in all but name and is counted as such.
public struct Backer: Sendable, Hashable, Codable {
    public var id: String
    /// `capacity`: the most it invests over the horizon.
    public var capacity: Distribution
    public var condition: BackerCondition
    /// `provider`: the provider this backer is (or sells through), if any.
    public var provider: String?
    public init(id: String, capacity: Distribution, condition: BackerCondition = .always, provider: String? = nil) {
        self.id = id
        self.capacity = capacity
        self.condition = condition
        self.provider = provider
    }
}

/// When a backer invests (`condition:`).
public enum BackerCondition: String, Sendable, Hashable, Codable, CaseIterable {
    /// Whenever a round leaves the buyer short.
    case always
    /// Only while the buyer still pays its `provider` (a contract with it paid this month).
    case whilePurchasing = "while_purchasing"
    /// Only after the buyer's IPO.
    case afterIPO = "after_ipo"
}

/// A once-per-path listing (`ipo:`): in each month of `from … to` it happens with the monthly
/// probability `1 − (1 − probability_per_year)^{1/12}` times the plan factor, raising `size`, or — a
/// priced IPO — selling `float_share` of the company at its equity value (`float_share/(1 − float_share)`
/// × the pre-money value; needs `funding.valuation`).
public struct IPO: Sendable, Hashable, Codable {
    public var from: Month
    public var to: Month
    public var probabilityPerYear: Distribution
    /// `size`; nil: the IPO is priced by `float_share`.
    public var size: Distribution?
    /// `float_share`: the share of the company sold in a priced IPO.
    public var floatShare: Distribution?
    public init(from: Month, to: Month, probabilityPerYear: Distribution, size: Distribution? = nil, floatShare: Distribution? = nil) {
        self.from = from
        self.to = to
        self.probabilityPerYear = probabilityPerYear
        self.size = size
        self.floatShare = floatShare
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
