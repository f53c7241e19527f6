import OfftakeRandom

/// A compute provider (docs/model.md, "Provider"). A provider with no ``ProviderFinancials`` is a
/// counterparty only: its contracts are paid, but its balance sheet is not simulated.
public struct Provider: Sendable, Hashable, Codable {
    public var id: String
    public var financials: ProviderFinancials?
    public init(id: String, financials: ProviderFinancials? = nil) {
        self.id = id
        self.financials = financials
    }
}

/// A provider's balance sheet, build-out economics and re-leasing of stranded capacity.
public struct ProviderFinancials: Sendable, Hashable, Codable {
    public var cash0: Distribution
    public var debt0: Distribution
    /// Monthly EBITDA of the existing business at `t = 0`.
    public var baseEBITDA: Distribution
    /// Annual growth of the existing business's EBITDA.
    public var baseGrowth: Distribution
    /// Annual interest rate on debt (before the regime's credit spread).
    public var interestRate: Distribution
    /// Debt ÷ trailing-12-month EBITDA above which the covenant (rating trigger) is breached; nil: none.
    public var leverageCovenant: Distribution?
    /// Annual discount rate of the AI build's NPV.
    public var wacc: Distribution
    /// Facility capex per MW, spent evenly over `buildMonths` before delivery.
    public var facilityCapexPerMW: Distribution
    public var buildMonths: Distribution
    /// Months before a tranche's planned delivery over which the chips of a capacity rental are paid
    /// (bought and installed ahead); 0: paid in the month of actual delivery.
    public var chipLeadMonths: Distribution
    /// Share of capex borrowed.
    public var debtFraction: Distribution
    /// Repay each draw linearly over this many years; nil: interest-only.
    public var amortizationYears: Distribution?
    /// Power and operations per MW online per month.
    public var opexPerMWMonth: Distribution
    public var facilityLifeMonths: Distribution
    public var release: Release
    /// `leases:`; nil: the provider owns every facility it builds.
    public var leases: Leases?
    /// `financing:`; nil: `debt_fraction` of capex is borrowed, the rest paid from cash.
    public var financing: FinancingMix?
    /// `sweep:`; nil: surplus cash never repays debt.
    public var sweep: DebtSweep?
    /// `other_customers:`; nil: the provider's AI business is the contracts of the file only.
    public var otherCustomers: OtherCustomers?
    /// `rating:`; nil: no rating-agency test.
    public var rating: RatingPolicy?
    /// `credit:`; nil: capex is always financed and the provider cannot default.
    public var credit: CreditAccess?

    public init(
        cash0: Distribution, debt0: Distribution, baseEBITDA: Distribution, baseGrowth: Distribution = .constant(0),
        interestRate: Distribution, leverageCovenant: Distribution? = nil, wacc: Distribution,
        facilityCapexPerMW: Distribution, buildMonths: Distribution, chipLeadMonths: Distribution = .constant(0), debtFraction: Distribution = .constant(0),
        amortizationYears: Distribution? = nil, opexPerMWMonth: Distribution = .constant(0),
        facilityLifeMonths: Distribution = .constant(240), release: Release = Release(),
        leases: Leases? = nil, financing: FinancingMix? = nil, sweep: DebtSweep? = nil, otherCustomers: OtherCustomers? = nil,
        rating: RatingPolicy? = nil, credit: CreditAccess? = nil
    ) {
        self.cash0 = cash0
        self.debt0 = debt0
        self.baseEBITDA = baseEBITDA
        self.baseGrowth = baseGrowth
        self.interestRate = interestRate
        self.leverageCovenant = leverageCovenant
        self.wacc = wacc
        self.facilityCapexPerMW = facilityCapexPerMW
        self.buildMonths = buildMonths
        self.chipLeadMonths = chipLeadMonths
        self.debtFraction = debtFraction
        self.amortizationYears = amortizationYears
        self.opexPerMWMonth = opexPerMWMonth
        self.facilityLifeMonths = facilityLifeMonths
        self.release = release
        self.leases = leases
        self.financing = financing
        self.sweep = sweep
        self.otherCustomers = otherCustomers
        self.rating = rating
        self.credit = credit
    }
}

/// The provider's access to money by its credit state (`credit:`), and what its default does
/// (docs/model.md, "The provider's credit"). The state is read from last month's adjusted leverage:
/// at or below `investment_grade_max` the provider borrows as investment grade, above it as high
/// yield, and above `max_leverage` no lender adds debt. Borrowing beyond the opening debt pays the
/// state's spread on top of `interest_rate` and the regime's spread. In the regimes named in
/// `closed_in` equity cannot be issued and only an investment-grade provider borrows. New equity is
/// at most `equity_per_year` per fiscal year. When a month's bills cannot be met with what access
/// allows, the build stops that month (its tranches slip a month); when cash is still negative, the
/// provider defaults: creditors recover `recovery`, its customers keep `capacity_kept` of the
/// capacity delivered and lose the rest and everything undelivered, and unused prepayments are lost.
/// `cds_5y` and `cds_recovery` are the market's price of its default, shown beside the model's.
public struct CreditAccess: Sendable, Hashable, Codable {
    public var investmentGradeMax: Distribution
    public var spreadInvestmentGrade: Distribution
    public var spreadHighYield: Distribution
    public var maxLeverage: Distribution
    public var equityPerYear: Distribution?
    /// Names of the market regimes in which equity is closed and only investment grade borrows.
    public var closedIn: [String]
    public var recovery: Distribution
    public var capacityKept: Distribution
    public var cds5y: Distribution?
    public var cdsRecovery: Distribution
    public init(investmentGradeMax: Distribution, spreadInvestmentGrade: Distribution = .constant(0), spreadHighYield: Distribution,
                maxLeverage: Distribution, equityPerYear: Distribution? = nil, closedIn: [String] = [], recovery: Distribution = .constant(0.4),
                capacityKept: Distribution = .constant(0), cds5y: Distribution? = nil, cdsRecovery: Distribution = .constant(0.4)) {
        self.investmentGradeMax = investmentGradeMax
        self.spreadInvestmentGrade = spreadInvestmentGrade
        self.spreadHighYield = spreadHighYield
        self.maxLeverage = maxLeverage
        self.equityPerYear = equityPerYear
        self.closedIn = closedIn
        self.recovery = recovery
        self.capacityKept = capacityKept
        self.cds5y = cds5y
        self.cdsRecovery = cdsRecovery
    }
}

/// Leased sites (`leases:`): a developer builds `share` of each new facility and the provider pays
/// `rent_per_mw_month` from delivery for `term_months`. The lease liability is the present value at
/// `discount_rate` of the rent still to pay; `liability0` and `rent0` are the leases the provider
/// already has (monthly rent, running beyond the horizon).
public struct Leases: Sendable, Hashable, Codable {
    public var share: Distribution
    public var rentPerMWMonth: Distribution
    public var termMonths: Distribution
    public var discountRate: Distribution
    public var liability0: Distribution
    public var rent0: Distribution
    public init(share: Distribution, rentPerMWMonth: Distribution, termMonths: Distribution = .constant(180),
                discountRate: Distribution = .constant(0.06), liability0: Distribution = .constant(0), rent0: Distribution = .constant(0)) {
        self.share = share
        self.rentPerMWMonth = rentPerMWMonth
        self.termMonths = termMonths
        self.discountRate = discountRate
        self.liability0 = liability0
        self.rent0 = rent0
    }
}

/// How capex is funded (`financing:`): from cash above `min_cash` first, the rest by new equity
/// (`equity_share`) and new debt (the remainder).
public struct FinancingMix: Sendable, Hashable, Codable {
    public var equityShare: Distribution
    public var minCash: Distribution
    public init(equityShare: Distribution, minCash: Distribution = .constant(0)) {
        self.equityShare = equityShare
        self.minCash = minCash
    }
}

/// Debt repaid from surplus cash (`sweep:`): each month `share` × (cash − `min_cash`), when positive.
public struct DebtSweep: Sendable, Hashable, Codable {
    public var share: Distribution
    public var minCash: Distribution
    public init(share: Distribution = .constant(1), minCash: Distribution) {
        self.share = share
        self.minCash = minCash
    }
}

/// The provider's other AI customers as one aggregate (`other_customers:`): monthly revenue
/// `revenue0 · (1 + growth)^{t/12} · D_t^{demand_beta}`, EBITDA `margin` × revenue, and capex
/// `capex_share` × revenue.
public struct OtherCustomers: Sendable, Hashable, Codable {
    public var revenue0: Distribution
    public var growth: Distribution
    public var demandBeta: Distribution
    public var margin: Distribution
    public var capexShare: Distribution
    /// Share of their revenue lost from the month after a buyer of the file that buys from this
    /// provider defaults: the other customers react to the largest buyer's distress.
    public var contagion: Distribution
    public init(revenue0: Distribution, growth: Distribution = .constant(0), demandBeta: Distribution = .constant(1),
                margin: Distribution, capexShare: Distribution = .constant(0), contagion: Distribution = .constant(0)) {
        self.revenue0 = revenue0
        self.growth = growth
        self.demandBeta = demandBeta
        self.margin = margin
        self.capexShare = capexShare
        self.contagion = contagion
    }
}

/// Rating-agency leverage tests (`rating:`) on adjusted leverage = (debt + lease liabilities) ÷
/// (EBITDA + rent), trailing 12 months, read at each fiscal year end (`fiscal_year_end`, a month
/// number). A breach is adjusted leverage above `threshold` at `consecutive_years` consecutive
/// fiscal year ends after `grace_until`; a downgrade below investment grade is leverage above
/// `downgrade_threshold` at `downgrade_years` consecutive fiscal year ends after `grace_until`.
/// `rated: false` makes the same test the lenders' (an unrated neocloud's or a project company's
/// covenant): its metrics and words name the lenders' test, not a rating.
public struct RatingPolicy: Sendable, Hashable, Codable {
    public var rated: Bool
    public var fiscalYearEnd: Int
    public var threshold: Distribution
    public var consecutiveYears: Int
    public var graceUntil: Month?
    public var downgradeThreshold: Distribution
    public var downgradeYears: Int
    public init(rated: Bool = true, fiscalYearEnd: Int = 12, threshold: Distribution, consecutiveYears: Int = 1, graceUntil: Month? = nil,
                downgradeThreshold: Distribution, downgradeYears: Int = 2) {
        self.rated = rated
        self.fiscalYearEnd = fiscalYearEnd
        self.threshold = threshold
        self.consecutiveYears = consecutiveYears
        self.graceUntil = graceUntil
        self.downgradeThreshold = downgradeThreshold
        self.downgradeYears = downgradeYears
    }
}

/// Re-leasing of stranded MW: each month a stranded MW is re-leased with probability `hazard`
/// at `P_t × discount`.
public struct Release: Sendable, Hashable, Codable {
    public var hazard: Distribution
    public var discount: Distribution
    public init(hazard: Distribution = .constant(0), discount: Distribution = .constant(1)) {
        self.hazard = hazard
        self.discount = discount
    }
}
