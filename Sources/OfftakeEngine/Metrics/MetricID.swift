import OfftakeModel

/// What a per-path metric, monthly series or yearly aggregate measures, typed: the party kind, the
/// party's id and the measure (docs/metrics.md).
///
/// ```swift
/// MetricID.contract("oracle-2027", .paidInFull).id          // "contract.oracle-2027.paid_in_full"
/// MetricID.buyer("openai", .defaultBy(2028)).id             // "buyer.openai.default_by.2028"
/// MetricID(parsing: "provider.oracle.customer_share.openai") // .provider("oracle", .customerShare("openai"))
/// ```
///
/// `id` is the one rendering of the wire id written to the documents; the catalogue renders it once
/// per run (`MetricDefinition.id`), never per path. A new measure is a case here with its name in
/// `name` (and in its enum's `plain` list when it has no parameter); `VerdictWording` then does not
/// compile until it has words for it.
public enum MetricID: Sendable, Hashable, CustomStringConvertible {
    case buyer(String, BuyerMeasure)
    case contract(String, ContractMeasure)
    case provider(String, ProviderMeasure)
    case market(MarketMeasure)

    /// The wire id: `buyer.<b>.<measure>`, `contract.<c>.<measure>`, `provider.<p>.<measure>`, `market.<measure>`.
    public var id: String {
        switch self {
        case .buyer(let b, let m): return "buyer.\(b).\(m.name)"
        case .contract(let c, let m): return "contract.\(c).\(m.name)"
        case .provider(let p, let m): return "provider.\(p).\(m.name)"
        case .market(let m): return "market.\(m.name)"
        }
    }

    public var description: String { id }

    /// The party's id (nil for the market).
    public var party: String? {
        switch self {
        case .buyer(let e, _), .contract(let e, _), .provider(let e, _): return e
        case .market: return nil
        }
    }

    /// The typed id of a wire id read back from a document, nil when `id` is not one.
    public init?(parsing id: String) {
        let parts = id.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        if parts[0] == "market" {
            guard parts.count >= 2, let m = MarketMeasure(name: parts.dropFirst().joined(separator: ".")) else { return nil }
            self = .market(m)
            return
        }
        guard parts.count == 3, Scenario.isValidID(parts[1]) else { return nil }
        switch parts[0] {
        case "buyer": guard let m = BuyerMeasure(name: parts[2]) else { return nil }; self = .buyer(parts[1], m)
        case "contract": guard let m = ContractMeasure(name: parts[2]) else { return nil }; self = .contract(parts[1], m)
        case "provider": guard let m = ProviderMeasure(name: parts[2]) else { return nil }; self = .provider(parts[1], m)
        default: return nil
        }
    }
}

/// Reads `<prefix>.<suffix>` names (`default_by.2028`, `customer_share.openai`): the suffix, or nil.
private func suffix(of name: String, after prefix: String) -> String? {
    name.hasPrefix(prefix + ".") ? String(name.dropFirst(prefix.count + 1)) : nil
}

/// A year in a measure's name (`default_by.2028`).
private func year(_ text: String?) -> Int? {
    guard let text, text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(text)
}

/// A party id in a measure's name (`supplier_share.oracle`).
private func party(_ text: String?) -> String? {
    guard let text, Scenario.isValidID(text) else { return nil }
    return text
}

/// What is measured of a buyer: per-path metrics, then monthly series and yearly aggregates.
public enum BuyerMeasure: Sendable, Hashable {
    case `default`, defaultBy(Int), cashMin, fundingRaised, revenueTotal, revenueLost, computeSpend, unusedCommitment
    /// MW-months due under all its contracts and not delivered (written when one of its contracts has
    /// delivery terms or a builder that can fail).
    case capacityShortfall
    case cashFlowPositiveBy(Int), npv, supplierShare(String), supplierHHI, vendorFinancing, ipo, feesPaid
    case facilityDrawn, facilityPeak, cancelled, cancelledMW, deferred, deferredAmount, deferralRefused, sublet, subletIncome
    /// Funding as a market (`funding.valuation`): down round, dilution, the model's equity value at the
    /// last observed round and at the horizon, what each backer invested.
    case downRound, dilution, impliedEquity, equityValue, backer(String)
    /// Restructuring (`workout.restructuring`): the forward test failed; a package was agreed.
    case restructuringEntered, restructuringAgreed
    /// Monthly series and yearly aggregates (`compute_spend` is all three).
    case cash, revenue, netCashFlow, funding

    public var name: String {
        switch self {
        case .default: return "default"
        case .defaultBy(let year): return "default_by.\(year)"
        case .cashMin: return "cash_min"
        case .fundingRaised: return "funding_raised"
        case .revenueTotal: return "revenue_total"
        case .revenueLost: return "revenue_lost"
        case .capacityShortfall: return "capacity_shortfall_mw_months"
        case .computeSpend: return "compute_spend"
        case .unusedCommitment: return "unused_commitment"
        case .cashFlowPositiveBy(let year): return "cash_flow_positive_by.\(year)"
        case .npv: return "npv"
        case .supplierShare(let p): return "supplier_share.\(p)"
        case .supplierHHI: return "supplier_hhi"
        case .vendorFinancing: return "vendor_financing"
        case .ipo: return "ipo"
        case .feesPaid: return "fees_paid"
        case .facilityDrawn: return "workout.facility_drawn"
        case .facilityPeak: return "workout.facility_peak"
        case .cancelled: return "workout.cancelled"
        case .cancelledMW: return "workout.cancelled_mw"
        case .deferred: return "workout.deferred"
        case .deferredAmount: return "workout.deferred_amount"
        case .deferralRefused: return "workout.deferral_refused"
        case .sublet: return "workout.sublet"
        case .subletIncome: return "workout.sublet_income"
        case .downRound: return "funding.down_round"
        case .dilution: return "funding.dilution"
        case .impliedEquity: return "funding.implied_equity"
        case .equityValue: return "equity_value"
        case .backer(let id): return "funding.backer.\(id)"
        case .restructuringEntered: return "workout.restructuring"
        case .restructuringAgreed: return "workout.restructured"
        case .cash: return "cash"
        case .revenue: return "revenue"
        case .netCashFlow: return "net_cash_flow"
        case .funding: return "funding"
        }
    }

    /// The measures without a parameter, for reading names back (each name is written once, in `name`).
    static let plain: [Self] = [
        .default, .cashMin, .fundingRaised, .revenueTotal, .revenueLost, .capacityShortfall, .computeSpend, .unusedCommitment, .npv, .supplierHHI,
        .vendorFinancing, .ipo, .feesPaid, .facilityDrawn, .facilityPeak, .cancelled, .cancelledMW, .deferred, .deferredAmount,
        .deferralRefused, .sublet, .subletIncome, .downRound, .dilution, .impliedEquity, .equityValue, .restructuringEntered,
        .restructuringAgreed, .cash, .revenue, .netCashFlow, .funding,
    ]

    init?(name: String) {
        if let measure = Self.plain.first(where: { $0.name == name }) { self = measure; return }
        if let y = year(suffix(of: name, after: "default_by")) { self = .defaultBy(y) }
        else if let y = year(suffix(of: name, after: "cash_flow_positive_by")) { self = .cashFlowPositiveBy(y) }
        else if let p = party(suffix(of: name, after: "supplier_share")) { self = .supplierShare(p) }
        else if let k = party(suffix(of: name, after: "funding.backer")) { self = .backer(k) }
        else { return nil }
    }
}

/// What is measured of a contract (per-path metrics only; none has a parameter, so its name is its raw value).
public enum ContractMeasure: String, Sendable, Hashable, CaseIterable {
    case value, paid, paidFraction = "paid_fraction", paidInFull = "paid_in_full", coverage, usedMWMonths = "used_mw_months"
    case deliveredMWMonths = "delivered_mw_months", charges, spotEquivalentCost = "spot_equivalent_cost", utilization
    case effectiveSavingsRate = "effective_savings_rate", deferred, deferredRepaid = "deferred_repaid"
    case deferredRecovered = "deferred_recovered", deferredWrittenOff = "deferred_written_off", deferralRefused = "deferral_refused"
    case cancelledMW = "cancelled_mw", optionsExercisedMW = "options_exercised_mw", optionsLapsedMW = "options_lapsed_mw"
    /// Restructuring: a package agreed with this contract's provider, the value it gave up, and each concession.
    case restructured, concessionValue = "concession_value", concessionDeferral = "concession.deferral"
    case concessionExtension = "concession.term_extension", concessionOption = "concession.firm_to_option"
    case concessionPriceCut = "concession.price_cut"
    /// Its builder's default (`credit:`): MW its buyer lost, and prepayment credit lost.
    case capacityLostMW = "capacity_lost_mw", prepaymentLost = "prepayment_lost"
    /// MW-months due and not delivered (delays, a stopped build, a builder's default), and the revenue
    /// the buyer lost to them (with delivery terms or a builder that can fail).
    case capacityShortfall = "capacity_shortfall_mw_months", revenueLost = "revenue_lost"
    /// Delivery terms (`delivery:`): capacity the provider replaced and its cost, service credits to the
    /// buyer, MW the buyer terminated for late delivery.
    case replacementMWMonths = "replacement_mw_months", replacementCost = "replacement_cost"
    case serviceCredits = "service_credits", terminatedMW = "terminated_mw"
    /// Renewal terms (`renewal:`): the contract renewed at least once.
    case renewed

    /// The per-concession measures, in the order of `Concessions.each`.
    static let concessionMeasures: [Self] = [.concessionDeferral, .concessionExtension, .concessionOption, .concessionPriceCut]

    public var name: String { rawValue }

    init?(name: String) { self.init(rawValue: name) }
}

/// What is measured of a provider: per-path metrics, then monthly series and yearly aggregates.
public enum ProviderMeasure: Sendable, Hashable {
    case npv, npvWithResidual, residualValue, adjustedLeverageMax, equityRaised, debtEnd, ratingBreach, downgradeBelowIG
    /// The same two tests for an unrated provider (`rating.rated: false`): the lenders' leverage test
    /// breached, and failed at its second threshold.
    case lendersTestBreach, lendersTestFailed
    case leverageMax, covenantBreach, strandedMWMonths, cashMin, fundingGap, customerShare(String)
    /// The lowest interest coverage at a fiscal year end: trailing-12-month EBITDA ÷ trailing-12-month
    /// interest, over the year ends with a full trailing year and some interest (+∞: none).
    case interestCoverageMin
    /// With `credit:`: default in the horizon, by the end of a year, within five years of the start;
    /// the market's five-year probability from the CDS; the creditors' loss; the build stopped.
    case defaulted, defaultBy(Int), default5y, marketDefault5y, creditorLoss, buildHalted, buildHaltMonths
    /// Monthly series and yearly aggregates.
    case leverage, adjustedLeverage, utilization, capex, aiRevenue

    /// The measures of the `rating` block's two tests: a rating agency's, or an unrated provider's lenders'.
    public static func leverageTests(rated: Bool) -> (breach: Self, below: Self) {
        rated ? (.ratingBreach, .downgradeBelowIG) : (.lendersTestBreach, .lendersTestFailed)
    }

    public var name: String {
        switch self {
        case .npv: return "npv"
        case .npvWithResidual: return "npv_with_residual"
        case .residualValue: return "residual_value"
        case .adjustedLeverageMax: return "adjusted_leverage_max"
        case .equityRaised: return "equity_raised"
        case .debtEnd: return "debt_end"
        case .ratingBreach: return "rating_breach"
        case .downgradeBelowIG: return "downgrade_below_ig"
        case .lendersTestBreach: return "lenders_test_breach"
        case .lendersTestFailed: return "lenders_test_failed"
        case .leverageMax: return "leverage_max"
        case .covenantBreach: return "covenant_breach"
        case .strandedMWMonths: return "stranded_mw_months"
        case .cashMin: return "cash_min"
        case .fundingGap: return "funding_gap"
        case .interestCoverageMin: return "interest_coverage_min"
        case .customerShare(let b): return "customer_share.\(b)"
        case .defaulted: return "default"
        case .defaultBy(let y): return "default_by.\(y)"
        case .default5y: return "default_5y"
        case .marketDefault5y: return "market_default_5y"
        case .creditorLoss: return "creditor_loss"
        case .buildHalted: return "build_halted"
        case .buildHaltMonths: return "build_halt_months"
        case .leverage: return "leverage"
        case .adjustedLeverage: return "adjusted_leverage"
        case .utilization: return "utilization"
        case .capex: return "capex"
        case .aiRevenue: return "ai_revenue"
        }
    }

    /// The measures without a parameter, for reading names back (each name is written once, in `name`).
    static let plain: [Self] = [
        .npv, .npvWithResidual, .residualValue, .adjustedLeverageMax, .equityRaised, .debtEnd, .ratingBreach, .downgradeBelowIG,
        .lendersTestBreach, .lendersTestFailed,
        .leverageMax, .covenantBreach, .strandedMWMonths, .cashMin, .fundingGap, .interestCoverageMin, .defaulted, .default5y, .marketDefault5y,
        .creditorLoss, .buildHalted, .buildHaltMonths, .leverage, .adjustedLeverage, .utilization, .capex, .aiRevenue,
    ]

    init?(name: String) {
        if let measure = Self.plain.first(where: { $0.name == name }) { self = measure; return }
        if let y = year(suffix(of: name, after: "default_by")) { self = .defaultBy(y); return }
        guard let b = party(suffix(of: name, after: "customer_share")) else { return nil }
        self = .customerShare(b)
    }
}

/// What is measured of the market (monthly series): the demand index, the price of performance-1
/// compute and, with a supply side, each generation's price and the MW of it online industry-wide.
public enum MarketMeasure: Sendable, Hashable {
    case demand, price, generationPrice(String), supplyMW(String)

    public var name: String {
        switch self {
        case .demand: return "demand"
        case .price: return "price"
        case .generationPrice(let g): return "generation_price.\(g)"
        case .supplyMW(let g): return "supply_mw.\(g)"
        }
    }

    init?(name: String) {
        switch name {
        case "demand": self = .demand
        case "price": self = .price
        default:
            if let g = party(suffix(of: name, after: "generation_price")) { self = .generationPrice(g); return }
            guard let g = party(suffix(of: name, after: "supply_mw")) else { return nil }
            self = .supplyMW(g)
        }
    }
}

/// What a verdict line or an analysis row reports of a metric's distribution across paths.
public enum Statistic: String, Sendable, Hashable, CaseIterable, Codable {
    /// The share of paths on which a 0/1 metric is 1.
    case probability
    case mean
    /// The median.
    case p50
    /// The 5th percentile.
    case p5

    /// Reads a document's `statistic`, naming the ones there are when it is none of them.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let statistic = Statistic(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "\(raw) is not \(Statistic.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        self = statistic
    }
}

extension MetricID: Codable {
    /// A metric id is written as its wire id and read back through ``init(parsing:)``.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let metric = MetricID(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "`\(raw)` is not a metric id (docs/metrics.md)"))
        }
        self = metric
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }
}
