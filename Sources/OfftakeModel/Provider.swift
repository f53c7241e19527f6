import OfftakeRandom

/// A compute provider (model.md, "Provider"). A provider with no ``ProviderFinancials`` is a
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
    /// Share of capex borrowed.
    public var debtFraction: Distribution
    /// Repay each draw linearly over this many years; nil: interest-only.
    public var amortizationYears: Distribution?
    /// Power and operations per MW online per month.
    public var opexPerMWMonth: Distribution
    public var facilityLifeMonths: Distribution
    public var release: Release

    public init(
        cash0: Distribution, debt0: Distribution, baseEBITDA: Distribution, baseGrowth: Distribution = .constant(0),
        interestRate: Distribution, leverageCovenant: Distribution? = nil, wacc: Distribution,
        facilityCapexPerMW: Distribution, buildMonths: Distribution, debtFraction: Distribution = .constant(0),
        amortizationYears: Distribution? = nil, opexPerMWMonth: Distribution = .constant(0),
        facilityLifeMonths: Distribution = .constant(240), release: Release = Release()
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
        self.debtFraction = debtFraction
        self.amortizationYears = amortizationYears
        self.opexPerMWMonth = opexPerMWMonth
        self.facilityLifeMonths = facilityLifeMonths
        self.release = release
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
