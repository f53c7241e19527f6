import OfftakeRandom

// The scenario's schema, one table per entity (FieldTable.swift): each key's YAML name, unit, domain,
// default and meaning, and where its value sits in the model. Rows are in the order the reader lists
// the keys in its "unknown key" messages; the meanings are docs/model.md's field reference (checked
// by DocsDriftTests in both directions). A new numeric field is one row here plus the model property.

extension Scenario {
    public static let fields = FieldTable<Scenario>([
        .other("name", "id", .required, "the scenario's id"),
        .other("title", "text", .absent, "a human-readable title (printed above the verdict)"),
        .other("description", "text", .absent, "one line (`offtake scenarios` prints it for a built-in scenario)"),
        .block("horizon", \.horizon, Horizon.fields, .required, "the simulated months"),
        .block("run", \.run, RunSettings.fields, .rule("defaults"), "paths and seed"),
        .block("market", \.market, Market.fields, .required, "the market: demand regimes and the compute price"),
        .list("accelerators", \.accelerators, Accelerator.fields, id: \.id, .absent, "chip types"),
        .list("buyers", \.buyers, Buyer.fields, id: \.id, .absent, "the AI labs that buy capacity"),
        .list("providers", \.providers, Provider.fields, id: \.id, .absent, "the sellers of capacity and chips"),
        .list("contracts", \.contracts, Contract.fields, id: \.id, .absent, "the deals"),
        .other("correlations", "list of pairs, or a matrix", .absent, "Gaussian-copula correlations of uncertain parameters (fixed)"),
        .other("stresses", "mapping", .absent, "named overrides: `force_regime` and/or `set`"),
        .other("decisions", "list", .absent, "parameters an optimiser may change, with bounds"),
        .other("objective", "mapping", .absent, "the metric to maximise or minimise"),
        .other("constraints", "list of text", .absent, "`METRIC OP VALUE` chance constraints"),
    ])
}

extension Horizon {
    public static let fields = FieldTable<Horizon>([
        .other("start", "month", .required, "first simulated month (t = 0)"),
        .other("end", "month", .required, "last simulated month"),
    ])
}

extension RunSettings {
    public static let fields = FieldTable<RunSettings>([
        .other("paths", "whole number", .value(Double(RunSettings.defaultPaths)), "Monte Carlo paths"),
        .other("seed", "whole number", .value(Double(RunSettings.defaultSeed)), "random seed"),
    ])
}

// MARK: - Market

extension Market {
    public static let fields = FieldTable<Market>([
        .block("regimes", \.regimes, RegimeModel.fields, .required, "the demand regimes and their Markov chain"),
        .block("compute_price", \.computePrice, ComputePrice.fields, .required, "the market price of compute"),
        .optionalBlock("supply", \.supply, forced: \.supply!, Supply.fields, "the industry's capacity by generation, which the price clears"),
    ])
}

extension RegimeModel {
    public static let fields = FieldTable<RegimeModel>([
        .other("initial", "regime or fixed fractions", .rule("required with ≥ 2 regimes"), "first month's regime or its probabilities"),
        .other("transitions", "fixed fractions", .rule("required with ≥ 2 regimes"), "monthly transition matrix (fixed)"),
        .entries("<regime>", \.regimes, Regime.fields, name: \.name, "one regime's settings, under its name"),
    ])
}

extension Regime {
    public static let fields = FieldTable<Regime>([
        .number("demand_drift", .annualRate, .real, .required, \.demandDrift, "annual log-growth μ_r of the AI demand index in regime r"),
        .number("demand_vol", .annualRate, .nonNegative, .required, \.demandVol, "annual volatility σ_r of the demand index"),
        .number("funding_success", .fraction, .unitInterval, .required, \.fundingSuccess, "probability a policy funding round succeeds in regime r"),
        .number("spot_premium", .ratio, .nonNegative, .value(1), \.spotPremium, "multiplier on the compute price in regime r"),
        .number("spot_availability", .fraction, .unitInterval, .value(1), \.spotAvailability, "share of the requested spot capacity that can be bought"),
        .number("credit_spread", .annualRate, .real, .value(0), \.creditSpread, "added to every provider's interest rate in regime r"),
        .number("valuation_level", .ratio, .nonNegative, .value(1), \.valuationLevel, "multiplier on every buyer's valuation multiple in regime r"),
    ])
}

extension ComputePrice {
    public static let fields = FieldTable<ComputePrice>([
        .number("initial", .monthlyMoney, .nonNegative, .required, \.initial, "compute price P_0 per MW-month"),
        .number("decline", .annualRate, .belowOne, .value(0), \.decline, "yearly fall of the price of a unit of compute"),
        .number("demand_elasticity", .ratio, .real, .value(0), \.demandElasticity, "ε: response of the price to the demand index"),
    ])
}

extension Supply {
    public static let fields = FieldTable<Supply>([
        .number("elasticity", .ratio, .positive, .required, \.elasticity, "ε: price elasticity of the demand for compute"),
        .number("demand_growth", .annualRate, .rate, .value(0), \.demandGrowth, "g_0: yearly growth of the compute demanded at a constant price, at the start"),
        .optional("demand_growth_long_run", .annualRate, .rate, \.demandGrowthLongRun, forced: \.demandGrowthLongRun!, "g_∞: the growth it tends to",
                  default: .rule("none: g_0 throughout")),
        .number("demand_half_life_months", .months, .positive, .value(24), \.demandHalfLife, "h: months for half the gap between g_0 and g_∞ to close"),
        .list("generations", \.generations, Generation.fields, id: \.id, .required, "the accelerator generations of the industry's fleet"),
    ])
}

extension Generation {
    public static let fields = FieldTable<Generation>([
        .other("id", "id", .required, "the generation's id"),
        .other("name", "text", .absent, "a label for people; not used by the model"),
        .number("performance", .ratio, .positive, .value(1), \.performance, "compute per MW relative to the unit compute_price.initial prices"),
        .number("installed0", .capacity, .nonNegative, .required, \.installed0, "MW online industry-wide at horizon.start"),
        .schedule("additions", .capacity, .nonNegative, .rule("none"), \.additions, "MW added per year from that date (spread over its months)"),
        .number("floor_per_mw_month", .monthlyMoney, .nonNegative, .value(0), \.floor, "cash cost of running one MW a month: the price's floor"),
        .optionalBlock("response", \.response, forced: \.response!, SupplyResponse.fields, "additions that answer the price"),
    ])
}

extension SupplyResponse {
    public static let fields = FieldTable<SupplyResponse>([
        .number("breakeven_per_mw_month", .monthlyMoney, .positive, .required, \.breakeven, "rent per MW-month at which building pays: the schedule's pace"),
        .number("elasticity", .ratio, .nonNegative, .value(1), \.elasticity, "η: response of the pace to the price over the breakeven"),
        .number("lag_months", .months, .nonNegative, .value(12), \.lagMonths, "L: months from the price that decides a build to its capacity"),
    ])
}

// MARK: - Accelerators

extension Accelerator {
    public static let fields = FieldTable<Accelerator>([
        .other("id", "id", .required, "the accelerator's id"),
        .other("name", "text", .absent, "a label for people; not used by the model"),
        .other("workloads", "list", .required, "training and/or inference"),
        .number("inference_efficiency", .ratio, .nonNegative, .value(1), \.inferenceEfficiency, "inference served per MW relative to 1.0"),
        .number("capex_per_mw", .money, .nonNegative, .required, \.capexPerMW, "chips and networking per MW, paid by a capacity provider at delivery"),
        .number("life_months", .months, .positive, .value(72), \.lifeMonths, "depreciation life of the chips"),
        .other("generation", "id", .absent, "the market.supply generation whose price its capacity fetches"),
    ])
}

// MARK: - Buyers

extension Buyer {
    public static let fields = FieldTable<Buyer>([
        .other("id", "id", .required, "the buyer's id"),
        .other("name", "text", .absent, "a label for people; not used by the model"),
        .number("cash0", .money, .nonNegative, .required, \.cash0, "cash at horizon.start"),
        .number("revenue0", .monthlyMoney, .nonNegative, .required, \.revenue0, "revenue potential R_0"),
        .block("growth", \.growth, RevenueGrowth.fields, .required, "revenue growth"),
        .block("revenue_per_mw", \.revenuePerMW, RevenuePerMW.fields, .required, "revenue per MW of inference"),
        .schedule("training_mw", .capacity, .nonNegative, .rule("0 before the first date"), \.trainingPlan, "training capacity wanted from that date"),
        .schedule("training_share", .fraction, .unitInterval, .rule("0 before the first date"), \.trainingShare,
                  "share of the training-capable capacity delivered that trains from that date"),
        .block("austerity", \.austerity, Austerity.fields, .rule("never cuts"), "training cut when cash runs short"),
        .block("opex", \.opex, OperatingCosts.fields, .rule("no costs"), "non-compute costs"),
        .block("funding", \.funding, Funding.fields, .rule("no rounds"), "equity rounds and IPO"),
        .block("spot", \.spot, SpotPolicy.fields, .rule("no spot buying"), "spot purchases"),
        .number("discount_rate", .annualRate, .rate, .value(0.1), \.discountRate, "discount rate of the buyer NPV"),
        .number("terminal_multiple", .ratio, .nonNegative, .value(0), \.terminalMultiple, "terminal value as a multiple of final-year revenue"),
        .optionalBlock("established", \.established, forced: \.established!, EstablishedBusiness.fields, "a business that needs no contracted capacity"),
        .block("workout", \.workout, Workout.fields, .rule("no workout"), "the workout ladder"),
    ], catalogueOrder: ["cash0", "revenue0", "growth", "revenue_per_mw", "training_mw", "training_share", "austerity", "opex", "funding.scheduled",
                        "funding.raise_below_runway_months", "funding.round_size", "funding.cooldown_months", "funding.growth_sensitivity",
                        "spot", "discount_rate", "terminal_multiple", "funding", "established", "workout"])
}

extension RevenueGrowth {
    public static let fields = FieldTable<RevenueGrowth>([
        .number("initial", .annualRate, .rate, .required, \.initial, "initial growth g_0"),
        .optional("long_run", .annualRate, .rate, \.longRun, forced: \.longRun!, "long-run growth g_∞"),
        .number("half_life_months", .months, .positive, .value(24), \.halfLifeMonths, "half-life h of the growth decay"),
        .number("demand_beta", .ratio, .real, .value(1), \.demandBeta, "β: revenue response to the demand index"),
    ])
}

extension RevenuePerMW {
    public static let fields = FieldTable<RevenuePerMW>([
        .number("initial", .monthlyMoney, .positive, .required, \.initial, "revenue per MW of inference at t = 0"),
        .number("trend", .annualRate, .rate, .value(0), \.trend, "k: yearly change of revenue per MW"),
    ])
}

extension Austerity {
    public static let fields = FieldTable<Austerity>([
        .number("runway_months", .months, .nonNegative, .required, \.runwayMonths, "runway below which training is cut"),
        .number("training_cut", .fraction, .unitInterval, .required, \.trainingCut, "share of the training plan cut"),
    ])
}

extension OperatingCosts {
    public static let fields = FieldTable<OperatingCosts>([
        .number("fixed", .monthlyMoney, .nonNegative, .value(0), \.fixed, "fixed non-compute costs"),
        .number("growth", .annualRate, .rate, .value(0), \.growth, "growth of the fixed costs"),
        .number("revenue_share", .fraction, .unitInterval, .value(0), \.revenueShare, "costs proportional to realised revenue"),
    ])
}

extension Funding {
    public static let fields = FieldTable<Funding>([
        .list("scheduled", \.scheduled, Funding.Round.fields, id: nil, .absent, "rounds at fixed months"),
        .optional("raise_below_runway_months", .months, .nonNegative, \.raiseBelowRunwayMonths, forced: \.raiseBelowRunwayMonths!,
                  "runway below which a policy round is attempted"),
        .number("round_size", .money, .nonNegative, .rule("required with the policy, unless round_revenue_multiple"), \.roundSize,
                "cash raised by a successful policy round"),
        .number("cooldown_months", .months, .nonNegative, .value(6), \.cooldownMonths, "wait after a policy attempt"),
        .number("growth_sensitivity", .ratio, .real, .value(0), \.growthSensitivity, "response of success odds to revenue growth"),
        .optional("round_revenue_multiple", .ratio, .nonNegative, \.roundRevenueMultiple, forced: \.roundRevenueMultiple!,
                  "policy round as a multiple of trailing revenue"),
        .optionalSchedule("plan", .money, .nonNegative, \.plan, forced: \.plan!, "annual revenue the buyer promised investors"),
        .number("plan_sensitivity", .ratio, .real, .value(0), \.planSensitivity, "response of success odds to revenue against plan"),
        .optionalBlock("ipo", \.ipo, forced: \.ipo!, IPO.fields, "an initial public offering"),
        .optionalBlock("valuation", \.valuation, forced: \.valuation!, Valuation.fields, "rounds priced at the buyer's value on its path"),
        .list("backers", \.backers, Backer.fields, id: \.id, .absent, "strategic investors who cover what a round could not"),
    ])
}

extension Valuation {
    public static let fields = FieldTable<Valuation>([
        .list("multiples", \.multiples, Valuation.Point.fields, id: nil, .required, "EV ÷ forward revenue by forward growth"),
        .number("max_dilution", .fraction, .shareBelowOne, .value(0.2), \.maxDilution, "largest share of the company one raise may sell"),
        .number("target_runway_months", .months, .nonNegative, .value(24), \.targetRunwayMonths, "runway a priced round aims to restore"),
        .number("access_elasticity", .ratio, .nonNegative, .value(0.5), \.accessElasticity,
                "fall of a round's odds with pre-money ÷ last post-money"),
        .optionalBlock("last_round", \.lastRound, forced: \.lastRound!, LastRound.fields, "the round the market last priced"),
    ])
}

extension Valuation.Point {
    public static let fields = FieldTable<Valuation.Point>([
        .number("growth", .annualRate, .rate, .required, \.growth, "forward revenue growth of a point of the multiple's table (fixed)"),
        .number("multiple", .ratio, .nonNegative, .required, \.multiple, "EV ÷ forward revenue at that growth"),
    ])
}

extension LastRound {
    public static let fields = FieldTable<LastRound>([
        .other("month", "month", .required, "month the last priced round closed"),
        .number("post_money", .money, .positive, .required, \.postMoney, "its post-money equity value"),
    ])
}

extension Backer {
    public static let fields = FieldTable<Backer>([
        .other("id", "id", .required, "the backer's id"),
        .number("capacity", .money, .nonNegative, .required, \.capacity, "the most the backer invests over the horizon"),
        .other("condition", "always, while_purchasing or after_ipo", .rule("always"), "when the backer invests"),
        .other("provider", "provider id", .rule("required with while_purchasing"), "the provider the backer is; its money is vendor financing"),
    ])
}

extension Funding.Round {
    public static let fields = FieldTable<Funding.Round>([
        .other("month", "month", .required, "month of a scheduled round"),
        .number("amount", .money, .nonNegative, .required, \.amount, "cash raised by a scheduled round"),
        .number("probability", .fraction, .unitInterval, .value(1), \.probability, "chance the scheduled round closes"),
        .other("provider", "provider id", .absent, "the provider that pays the round; its money is vendor financing"),
    ])
}

extension IPO {
    public static let fields = FieldTable<IPO>([
        .other("from", "month", .required, "first month of the IPO window"),
        .other("to", "month", .required, "last month of the IPO window"),
        .number("probability_per_year", .fraction, .unitInterval, .required, \.probabilityPerYear, "yearly chance of an IPO inside its window"),
        .optional("size", .money, .nonNegative, \.size, forced: \.size!, "cash raised by the IPO",
                  default: .rule("required unless float_share")),
        .optional("float_share", .fraction, .shareBelowOne, \.floatShare, forced: \.floatShare!, "share of the company sold in a priced IPO"),
    ])
}

extension SpotPolicy {
    public static let fields = FieldTable<SpotPolicy>([
        .number("max_mw", .capacity, .nonNegative, .value(0), \.maxMW, "largest spot purchase per month"),
        .number("markup", .ratio, .positive, .value(1), \.markup, "spot price over the market price"),
        .number("min_runway_months", .months, .nonNegative, .value(0), \.minRunwayMonths, "no spot buying below this runway"),
    ])
}

extension EstablishedBusiness {
    public static let fields = FieldTable<EstablishedBusiness>([
        .number("revenue0", .monthlyMoney, .nonNegative, .required, \.revenue0, "revenue of a business that needs no contracted capacity"),
        .number("growth", .annualRate, .rate, .value(0), \.growth, "its growth"),
        .number("demand_beta", .ratio, .real, .value(0), \.demandBeta, "its response to the demand index"),
        .number("cash_margin", .fraction, .unitInterval, .required, \.cashMargin, "its operating cash flow per dollar of revenue"),
    ])
}

extension Workout {
    public static let fields = FieldTable<Workout>([
        .number("min_cash", .money, .nonNegative, .value(0), \.minCash, "cash below which the workout ladder starts"),
        .optionalBlock("facility", \.facility, forced: \.facility!, CreditFacility.fields, "a revolving credit facility"),
        .other("cancel_undelivered", "boolean", .rule("false"), "cancel undelivered tranches of contracts with a fee"),
        .optionalBlock("deferral", \.deferral, forced: \.deferral!, Deferral.fields, "asking providers to defer charges"),
        .optionalBlock("sublet", \.sublet, forced: \.sublet!, Sublet.fields, "subletting idle capacity"),
        .optionalBlock("restructuring", \.restructuring, forced: \.restructuring!, Restructuring.fields, "renegotiation before default"),
    ])
}

extension Restructuring {
    public static let fields = FieldTable<Restructuring>([
        .number("forward_months", .months, .positive, .value(12), \.forwardMonths, "window of the forward test"),
        .number("provider_default_belief", .fraction, .unitInterval, .value(0.3), \.providerDefaultBelief,
                "q: the provider's belief that the buyer defaults even after the package"),
        .number("deferral_share", .fraction, .unitInterval, .value(0.3), \.deferralShare, "largest share of the window's charges deferred"),
        .number("deferral_months", .months, .positive, .value(24), \.deferralMonths, "instalments repaying it, from the month after the window"),
        .number("deferral_interest_rate", .annualRate, .rate, .value(0.1), \.deferralInterestRate, "interest on the deferred charges"),
        .number("extension_share", .fraction, .unitInterval, .value(0.3), \.extensionShare, "largest share of the window's charges paid after the term"),
        .number("extension_months", .months, .positive, .value(12), \.extensionMonths, "months after the term over which it is paid, without interest"),
        .number("max_price_cut", .fraction, .unitInterval, .value(0.2), \.maxPriceCut, "largest cut of the price for the rest of the term"),
        .number("option_margin", .fraction, .nonNegative, .value(0), \.optionMargin, "demand margin to exercise a tranche turned into an option"),
        .number("option_min_runway", .months, .nonNegative, .value(6), \.optionMinRunway, "runway needed to exercise it"),
    ])
}

extension CreditFacility {
    public static let fields = FieldTable<CreditFacility>([
        .number("revenue_multiple", .ratio, .nonNegative, .required, \.revenueMultiple, "credit limit per dollar of trailing revenue"),
        .optional("max", .money, .nonNegative, \.max, forced: \.max!, "cap on the credit limit"),
        .number("interest_rate", .annualRate, .rate, .required, \.interestRate, "interest on the drawn balance"),
    ])
}

extension Deferral {
    public static let fields = FieldTable<Deferral>([
        .number("share", .fraction, .unitInterval, .value(0.5), \.share, "share of a month's charges asked to be deferred"),
        .number("months", .months, .nonNegative, .value(6), \.months, "deferral length"),
        .number("interest_rate", .annualRate, .rate, .value(0.1), \.interestRate, "interest on deferred charges"),
        .number("provider_default_belief", .fraction, .unitInterval, .value(0.3), \.providerDefaultBelief,
                "q: the provider's belief that the buyer defaults within the deferral"),
        .number("cap_months", .months, .nonNegative, .value(3), \.capMonths, "cap on a contract's outstanding deferrals, in months of charge"),
    ])
}

extension Sublet {
    public static let fields = FieldTable<Sublet>([
        .number("discount", .ratio, .nonNegative, .value(0.7), \.discount, "sublet price over the market price"),
    ])
}

// MARK: - Providers

extension Provider {
    public static let fields = FieldTable<Provider>([
        .other("id", "id", .required, "the provider's id; with no other key a counterparty without balance sheet"),
        .other("name", "text", .absent, "a label for people; not used by the model"),
        .inline("financials", \.financials, forced: \.financials!, ProviderFinancials.fields),
    ])
}

extension ProviderFinancials {
    public static let fields = FieldTable<ProviderFinancials>([
        .number("cash0", .money, .real, .required, \.cash0, "cash at horizon.start (may be negative)"),
        .number("debt0", .money, .nonNegative, .value(0), \.debt0, "existing debt (interest-only)"),
        .number("base_ebitda", .monthlyMoney, .real, .required, \.baseEBITDA, "EBITDA of the existing business"),
        .number("base_growth", .annualRate, .rate, .value(0), \.baseGrowth, "its growth"),
        .number("interest_rate", .annualRate, .rate, .required, \.interestRate, "interest rate before the regime's spread"),
        .optional("leverage_covenant", .ratio, .positive, \.leverageCovenant, forced: \.leverageCovenant!, "debt ÷ trailing-12-month EBITDA limit"),
        .number("wacc", .annualRate, .rate, .required, \.wacc, "discount rate of the provider NPV"),
        .number("facility_capex_per_mw", .money, .nonNegative, .required, \.facilityCapexPerMW, "facility cost per MW (owned share)"),
        .number("build_months", .months, .nonNegative, .required, \.buildMonths, "construction time"),
        .number("chip_lead_months", .months, .nonNegative, .value(0), \.chipLeadMonths, "months before planned delivery over which a capacity rental's chips are paid (0: at delivery)"),
        .number("debt_fraction", .fraction, .unitInterval, .value(0), \.debtFraction, "share of capex borrowed (without financing)"),
        .optional("amortization_years", .number, .positive, \.amortizationYears, forced: \.amortizationYears!, "repayment period of each draw"),
        .number("opex_per_mw_month", .monthlyMoney, .nonNegative, .value(0), \.opexPerMWMonth, "power and operations per MW online"),
        .number("facility_life_months", .months, .positive, .value(240), \.facilityLifeMonths, "facility depreciation life"),
        .block("release", \.release, Release.fields, .rule("never re-leased"), "re-leasing stranded capacity"),
        .optionalBlock("leases", \.leases, forced: \.leases!, Leases.fields, "facilities built by developers and leased"),
        .optionalBlock("financing", \.financing, forced: \.financing!, FinancingMix.fields, "how capex beyond cash is funded"),
        .optionalBlock("sweep", \.sweep, forced: \.sweep!, DebtSweep.fields, "surplus cash that repays debt"),
        .optionalBlock("other_customers", \.otherCustomers, forced: \.otherCustomers!, OtherCustomers.fields, "the provider's other AI customers"),
        .optionalBlock("rating", \.rating, forced: \.rating!, RatingPolicy.fields, "the rating agencies' adjusted-leverage test"),
        .optionalBlock("credit", \.credit, forced: \.credit!, CreditAccess.fields, "access to debt and equity by credit state; default"),
    ])
}

extension CreditAccess {
    public static let fields = FieldTable<CreditAccess>([
        .number("investment_grade_max", .ratio, .positive, .required, \.investmentGradeMax, "adjusted leverage at or below which it borrows as investment grade"),
        .number("spread_investment_grade", .annualRate, .rate, .value(0), \.spreadInvestmentGrade, "spread on borrowing beyond debt0 while investment grade"),
        .number("spread_high_yield", .annualRate, .rate, .required, \.spreadHighYield, "spread on borrowing beyond debt0 above investment grade"),
        .number("max_leverage", .ratio, .positive, .required, \.maxLeverage, "adjusted leverage above which no new debt is lent"),
        .optional("equity_per_year", .money, .nonNegative, \.equityPerYear, forced: \.equityPerYear!, "new equity at most per fiscal year (none: no cap)"),
        .other("closed_in", "regime names", .rule("none"), "regimes with no equity issue and debt for investment grade only"),
        .number("recovery", .fraction, .unitInterval, .value(0.4), \.recovery, "creditors' recovery at the provider's default"),
        .number("capacity_kept", .fraction, .unitInterval, .value(0), \.capacityKept, "share of delivered capacity still served after its default"),
        .optional("cds_5y", .annualRate, .nonNegative, \.cds5y, forced: \.cds5y!, "the market's 5-year CDS spread"),
        .number("cds_recovery", .fraction, .unitInterval, .value(0.4), \.cdsRecovery, "the recovery the CDS price assumes"),
    ])
}

extension Release {
    public static let fields = FieldTable<Release>([
        .number("hazard", .fraction, .unitInterval, .value(0), \.hazard, "monthly chance a stranded block is re-leased"),
        .number("discount", .ratio, .nonNegative, .value(1), \.discount, "re-lease price over the market price"),
    ])
}

extension Leases {
    public static let fields = FieldTable<Leases>([
        .number("share", .fraction, .unitInterval, .required, \.share, "share of each new facility a developer builds and leases"),
        .number("rent_per_mw_month", .monthlyMoney, .nonNegative, .required, \.rentPerMWMonth, "rent on leased MW from delivery"),
        .number("term_months", .months, .positive, .value(180), \.termMonths, "lease term"),
        .number("discount_rate", .annualRate, .rate, .value(0.06), \.discountRate, "discount rate of the lease liability"),
        .number("liability0", .money, .nonNegative, .value(0), \.liability0, "existing lease liability"),
        .number("rent0", .monthlyMoney, .nonNegative, .value(0), \.rent0, "existing rent"),
    ])
}

extension FinancingMix {
    public static let fields = FieldTable<FinancingMix>([
        .number("equity_share", .fraction, .unitInterval, .required, \.equityShare, "equity share of the capex not paid from cash"),
        .number("min_cash", .money, .real, .value(0), \.minCash, "cash kept before capex draws on new funding"),
    ])
}

extension DebtSweep {
    public static let fields = FieldTable<DebtSweep>([
        .number("share", .fraction, .unitInterval, .value(1), \.share, "share of surplus cash that repays debt"),
        .number("min_cash", .money, .real, .required, \.minCash, "cash kept before the sweep"),
    ])
}

extension OtherCustomers {
    public static let fields = FieldTable<OtherCustomers>([
        .number("revenue0", .monthlyMoney, .nonNegative, .required, \.revenue0, "revenue of the provider's other AI customers"),
        .number("growth", .annualRate, .rate, .value(0), \.growth, "its growth"),
        .number("demand_beta", .ratio, .real, .value(1), \.demandBeta, "its response to the demand index"),
        .number("margin", .fraction, .unitInterval, .required, \.margin, "EBITDA margin on it"),
        .number("capex_share", .ratio, .nonNegative, .value(0), \.capexShare, "capex per dollar of it"),
        .number("contagion", .fraction, .unitInterval, .value(0), \.contagion, "share of it lost once a buyer of this provider defaults"),
    ])
}

extension RatingPolicy {
    public static let fields = FieldTable<RatingPolicy>([
        .other("rated", "boolean", .rule("true"), "true: a rating agency's test; false: the lenders' (metrics lenders_test_*)"),
        .other("fiscal_year_end", "whole number", .value(12), "month of the fiscal year end (fixed)"),
        .number("threshold", .ratio, .positive, .required, \.threshold, "adjusted-leverage trigger"),
        .other("consecutive_years", "whole number", .value(1), "year ends in a row for a breach (fixed)"),
        .other("grace_until", "month", .absent, "year ends up to it are not tested"),
        .number("downgrade_threshold", .ratio, .positive, .required, \.downgradeThreshold, "adjusted leverage below investment grade"),
        .other("downgrade_years", "whole number", .value(2), "year ends in a row for a downgrade (fixed)"),
    ])
}

// MARK: - Contracts

extension Contract {
    public static let fields = FieldTable<Contract>([
        .other("id", "id", .required, "the contract's id"),
        .other("name", "text", .absent, "a label for people; not used by the model"),
        .other("buyer", "id", .required, "the buyer who pays"),
        .other("provider", "id", .required, "the provider paid (for a hardware deal, the chip vendor)"),
        .other("accelerator", "id", .required, "what is delivered: sets the workloads and efficiency of the pool"),
        .list("tranches", \.tranches, Tranche.fields, id: nil, .required, "capacity blocks with their start months"),
        .other("end", "month", .rule("end or term_months"), "last month, inclusive"),
        .other("term_months", "whole number", .rule("end or term_months"), "end = first start + term − 1 (fixed)"),
        .number("price_per_mw_month", .monthlyMoney, .nonNegative, .rule("one of the prices"), \.price.perMWMonthValue,
                "price at the first month", when: { if case .perMWMonth = $0.price { true } else { false } }),
        .number("total_value", .money, .nonNegative, .rule("one of the prices"), \.price.totalValueValue,
                "contract value at full, on-time delivery of the firm tranches", when: { if case .totalValue = $0.price { true } else { false } }),
        .number("escalator", .annualRate, .rate, .value(0), \.escalator, "yearly price escalation"),
        .number("take_or_pay", .fraction, .unitInterval, .value(1), \.takeOrPay, "share of the full charge owed whether used or not"),
        .optionalBlock("prepayment", \.prepayment, forced: \.prepayment!, Prepayment.fields, "a prepayment credited against later invoices"),
        .optional("termination_fee_months", .months, .nonNegative, \.terminationFeeMonths, forced: \.terminationFeeMonths!,
                  "cap on the claim at default; the cancellation fee"),
        .number("recovery_rate", .fraction, .unitInterval, .value(0), \.recoveryRate, "share of the claim recovered after a default"),
        .number("recovery_lag_months", .months, .nonNegative, .value(0), \.recoveryLagMonths, "delay of the recovery"),
        .number("delivery_delay", .months, .nonNegative, .value(0), \.deliveryDelay, "months every tranche is late (end fixed)"),
        .other("kind", "text", .rule("capacity"), "capacity or hardware"),
        .number("chip_price_per_mw", .money, .nonNegative, .rule("one of the prices"), \.price.perMWValue,
                "chip price per MW of a hardware deal", when: { if case .perMW = $0.price { true } else { false } }),
        .block("hardware", \.hardwareTerms, HardwareTerms.fields, .rule("required with kind: hardware"), "the terms of a chip purchase",
               when: { $0.hardware != nil }),
        .optionalBlock("vendor_financing", \.vendorFinancing, forced: \.vendorFinancing!, VendorFinancing.fields, "supplier equity per MW delivered"),
        .optionalBlock("delivery", \.delivery, forced: \.delivery!, DeliveryTerms.fields, "what the provider owes for capacity late or missing"),
        .optionalBlock("renewal", \.renewal, forced: \.renewal!, Renewal.fields, "whether and on what terms the contract renews at its end"),
    ], catalogueOrder: ["tranches", "price_per_mw_month", "total_value", "chip_price_per_mw", "hardware", "vendor_financing", "escalator",
                        "take_or_pay", "prepayment", "termination_fee_months", "recovery_rate", "recovery_lag_months", "delivery_delay",
                        "delivery", "renewal"])
}

extension Tranche {
    public static let fields = FieldTable<Tranche>([
        .other("start", "month", .required, "planned start"),
        .number("mw", .capacity, .nonNegative, .required, \.mw, "capacity added from the tranche's start to the end"),
        .other("name", "text", .absent, "a label for people; not used by the model"),
        .other("site", "text", .absent, "where the capacity is built; not used by the model"),
        .optionalBlock("option", \.option, forced: \.option!, TrancheOption.fields, "the buyer's option to take the tranche"),
    ])
}

extension TrancheOption {
    public static let fields = FieldTable<TrancheOption>([
        .number("decision_lead_months", .months, .nonNegative, .value(12), \.decisionLeadMonths, "months between the decision and the start"),
        .number("demand_margin", .ratio, .rate, .value(0), \.demandMargin, "margin the forecast must clear"),
        .number("min_runway_months", .months, .nonNegative, .value(0), \.minRunwayMonths, "runway needed to exercise"),
        .number("fee", .money, .nonNegative, .value(0), \.fee, "paid when the option lapses"),
    ])
}

extension Prepayment {
    public static let fields = FieldTable<Prepayment>([
        .number("amount", .money, .nonNegative, .required, \.amount, "paid at its month, credited against later invoices"),
        .other("month", "month", .required, "month of the prepayment"),
    ])
}

extension HardwareTerms {
    public static let fields = FieldTable<HardwareTerms>([
        .other("host", "id", .required, "provider that hosts the chips"),
        .number("hosting_price_per_mw_month", .monthlyMoney, .nonNegative, .required, \.hostingPricePerMWMonth,
                "hosting charge while the chips run"),
        .number("financing_months", .months, .nonNegative, .value(0), \.financingMonths, "chip instalments from delivery"),
        .number("financing_rate", .annualRate, .rate, .value(0), \.financingRate, "interest on the unpaid chip balance"),
        .number("collateral_haircut", .fraction, .unitInterval, .value(0.5), \.collateralHaircut, "haircut on the chips' market value in a default"),
    ])
}

extension DeliveryTerms {
    public static let fields = FieldTable<DeliveryTerms>([
        .number("replacement", .fraction, .unitInterval, .value(0), \.replacement, "share of the gap the provider sources at the market price"),
        .number("service_credit", .fraction, .unitInterval, .value(0), \.serviceCredit, "share of the missing capacity's charge credited to the buyer"),
        .optional("credit_cap_months", .months, .nonNegative, \.creditCapMonths, forced: \.creditCapMonths!, "cap on all credits, in months of the full charge (none: no cap)"),
        .optional("terminate_after_months", .months, .nonNegative, \.terminateAfterMonths, forced: \.terminateAfterMonths!,
                  "the buyer terminates a tranche this late (none: never)"),
    ])
}

extension Renewal {
    public static let fields = FieldTable<Renewal>([
        .number("probability", .fraction, .unitInterval, .required, \.probability, "chance the contract renews at each end, its buyer alive"),
        .number("term_months", .months, .positive, .required, \.termMonths, "length of each renewal, in whole months"),
        .number("price_factor", .ratio, .nonNegative, .value(1), \.priceFactor,
                "renewal price ÷ the market price of the capacity at the end (a hardware deal: ÷ the hosting price then)"),
    ])
}

extension VendorFinancing {
    public static let fields = FieldTable<VendorFinancing>([
        .number("per_mw", .money, .nonNegative, .required, \.perMW, "supplier equity received per MW delivered"),
    ])
}

// MARK: - Analysis settings (read by hand; their tables give the keys the reader accepts)

extension Correlations {
    /// The matrix form `{parameters: […], matrix: [[…]]}`.
    public static let fields = FieldTable<Correlations>([
        .other("parameters", "list", .required, "the correlated parameters' paths"),
        .other("matrix", "fixed fractions", .required, "a square matrix, one row per parameter"),
    ])
}

extension Stress {
    public static let fields = FieldTable<Stress>([
        .other("force_regime", "mapping", .absent, "a regime forced for a period"),
        .other("set", "mapping", .absent, "overrides {path: value}"),
        .other("description", "text", .absent, "one line"),
    ])
}

extension ForcedRegime {
    public static let fields = FieldTable<ForcedRegime>([
        .other("regime", "regime", .required, "the forced regime"),
        .other("from", "month", .required, "its first month"),
        .other("to", "month", .required, "its last month"),
    ])
}

extension Decision {
    public static let fields = FieldTable<Decision>([
        .other("path", "text", .required, "the path of a numeric parameter"),
        .other("min", "number", .required, "lower bound"),
        .other("max", "number", .required, "upper bound"),
        .other("step", "number", .absent, "grid step (continuous without)"),
    ])
}

extension Objective {
    public static let fields = FieldTable<Objective>([
        .other("maximize", "metric", .absent, "the metric to maximise"),
        .other("minimize", "metric", .absent, "the metric to minimise"),
    ])
}
