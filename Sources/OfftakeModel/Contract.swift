import OfftakeRandom

/// A long-term compute supply contract between one buyer and one provider (docs/model.md, "Contract").
public struct Contract: Sendable, Hashable, Codable {
    public var id: String
    /// Buyer id.
    public var buyer: String
    /// Provider id.
    public var provider: String
    /// Accelerator id.
    public var accelerator: String
    /// Capacity added at planned months (before delivery delay).
    public var tranches: [Tranche]
    public var term: ContractTerm
    public var price: ContractPrice
    /// Annual price escalator.
    public var escalator: Distribution
    /// Share of the full monthly charge owed whether used or not.
    public var takeOrPay: Distribution
    public var prepayment: Prepayment?
    /// Cap on the provider's claim at default, in months of the current charge; nil: no cap.
    public var terminationFeeMonths: Distribution?
    /// Share of the claim recovered after a buyer default.
    public var recoveryRate: Distribution
    public var recoveryLagMonths: Distribution
    /// Months added to every tranche's planned start.
    public var deliveryDelay: Distribution
    /// Capacity rental (the provider builds and rents) or a hardware purchase hosted by a provider.
    public var kind: ContractKind
    /// A supplier's investment in the buyer tied to deployment (`vendor_financing`).
    public var vendorFinancing: VendorFinancing?
    /// What the provider owes when capacity is late or missing (`delivery:`); nil: nothing.
    public var delivery: DeliveryTerms?
    /// Whether and on what terms the contract renews at its end (`renewal:`); nil: it never renews.
    public var renewal: Renewal?

    public init(
        id: String, buyer: String, provider: String, accelerator: String, tranches: [Tranche],
        term: ContractTerm, price: ContractPrice, escalator: Distribution = .constant(0),
        takeOrPay: Distribution = .constant(1), prepayment: Prepayment? = nil, terminationFeeMonths: Distribution? = nil,
        recoveryRate: Distribution = .constant(0), recoveryLagMonths: Distribution = .constant(0),
        deliveryDelay: Distribution = .constant(0), kind: ContractKind = .capacity, vendorFinancing: VendorFinancing? = nil,
        delivery: DeliveryTerms? = nil, renewal: Renewal? = nil
    ) {
        self.id = id
        self.buyer = buyer
        self.provider = provider
        self.accelerator = accelerator
        self.tranches = tranches
        self.term = term
        self.price = price
        self.escalator = escalator
        self.takeOrPay = takeOrPay
        self.prepayment = prepayment
        self.terminationFeeMonths = terminationFeeMonths
        self.recoveryRate = recoveryRate
        self.recoveryLagMonths = recoveryLagMonths
        self.deliveryDelay = deliveryDelay
        self.kind = kind
        self.vendorFinancing = vendorFinancing
        self.delivery = delivery
        self.renewal = renewal
    }

    /// The hardware terms of a hardware deal, nil for a capacity rental.
    public var hardware: HardwareTerms? {
        if case .hardware(let terms) = kind { return terms }
        return nil
    }

    /// Last month of the contract (inclusive). With `term_months` the term counts from the first tranche.
    public var endMonth: Month? {
        switch term {
        case .end(let month): return month
        case .months(let count):
            guard let first = tranches.map(\.start).min() else { return nil }
            return first.advanced(by: count - 1)
        }
    }
}

/// Capacity that starts at a planned month and runs to the contract's end.
public struct Tranche: Sendable, Hashable, Codable {
    public var start: Month
    public var mw: Distribution
    /// nil: a firm tranche. Otherwise the buyer decides at `start − decision_lead_months` whether to take it.
    public var option: TrancheOption?
    public init(start: Month, mw: Distribution, option: TrancheOption? = nil) {
        self.start = start
        self.mw = mw
        self.option = option
    }
}

/// An option tranche (`option:` under a tranche). At the decision month `start − lead` the buyer
/// exercises it when its forecast demand for `start` exceeds its firm capacity × (1 + `demand_margin`)
/// and its runway is at least `min_runway_months`; otherwise it lapses and the buyer pays `fee`.
/// Exercised tranches become firm; the provider builds them only once exercised.
public struct TrancheOption: Sendable, Hashable, Codable {
    /// `decision_lead_months`: months between the decision and the planned start.
    public var decisionLeadMonths: Distribution
    /// `demand_margin`: forecast demand must exceed firm capacity by this share.
    public var demandMargin: Distribution
    /// `min_runway_months`: the buyer exercises only with at least this runway.
    public var minRunwayMonths: Distribution
    /// `fee`: paid to the provider when the option lapses.
    public var fee: Distribution
    public init(decisionLeadMonths: Distribution = .constant(12), demandMargin: Distribution = .constant(0),
                minRunwayMonths: Distribution = .constant(0), fee: Distribution = .constant(0)) {
        self.decisionLeadMonths = decisionLeadMonths
        self.demandMargin = demandMargin
        self.minRunwayMonths = minRunwayMonths
        self.fee = fee
    }
}

/// What a contract sells (`kind:`).
public enum ContractKind: Sendable, Hashable, Codable {
    /// `capacity` (default): the provider builds the facility, buys the chips and rents the capacity.
    case capacity
    /// `hardware`: the buyer buys the chips from the provider (a chip vendor); a host provider builds
    /// the facility and bills hosting per MW-month while the chips run.
    case hardware(HardwareTerms)
}

/// The terms of a hardware purchase (`hardware:` block of a contract with `kind: hardware`). The chip
/// price is the contract's `chip_price_per_mw` or `total_value` (all tranches' chips).
public struct HardwareTerms: Sendable, Hashable, Codable {
    /// `host`: the provider that hosts the chips (building, power, operations).
    public var host: String
    /// `hosting_price_per_mw_month`: hosting charge per MW-month while the chips run (take-or-pay applies).
    public var hostingPricePerMWMonth: Distribution
    /// `financing_months`: chips paid in this many equal monthly instalments from delivery; 0: on delivery.
    public var financingMonths: Distribution
    /// `financing_rate`: annual interest on the unpaid chip balance.
    public var financingRate: Distribution
    /// `collateral_haircut`: in a default the vendor recovers the chips' market value × (1 − haircut),
    /// at most its claim.
    public var collateralHaircut: Distribution
    public init(host: String, hostingPricePerMWMonth: Distribution, financingMonths: Distribution = .constant(0),
                financingRate: Distribution = .constant(0), collateralHaircut: Distribution = .constant(0.5)) {
        self.host = host
        self.hostingPricePerMWMonth = hostingPricePerMWMonth
        self.financingMonths = financingMonths
        self.financingRate = financingRate
        self.collateralHaircut = collateralHaircut
    }
}

/// A supplier's investment in the buyer tied to deployment (`vendor_financing:`): `per_mw` dollars
/// of equity (or vested warrants valued at delivery) for each MW delivered, received in the month
/// of delivery. Nothing is received for capacity never delivered.
public struct VendorFinancing: Sendable, Hashable, Codable {
    public var perMW: Distribution
    public init(perMW: Distribution) { self.perMW = perMW }
}

/// The provider's obligations when capacity due under a capacity contract is not delivered
/// (`delivery:`). Capacity is due from each kept tranche's planned start (firm, exercised, or lost at
/// its builder's default); the gap in month t is what is due less what is delivered. While the
/// builder has not defaulted:
/// - `replacement`: that share of the gap is sourced by the provider elsewhere at the market price
///   and served to the buyer under the contract (billed at the contract price);
/// - `service_credit`: the rest of the gap earns the buyer that share of the charge it would have
///   paid (`price × MW`), credited against its next invoices, in all at most `credit_cap_months`
///   months of the charge for every firm MW; credit still owed at the term's end is paid in cash;
/// - `terminate_after_months`: a tranche still undelivered this many months after its planned start
///   is terminated by the buyer: never delivered, never billed, its build stopped (what was spent stays
///   spent).
public struct DeliveryTerms: Sendable, Hashable, Codable {
    public var serviceCredit: Distribution
    public var creditCapMonths: Distribution?
    public var terminateAfterMonths: Distribution?
    public var replacement: Distribution
    public init(serviceCredit: Distribution = .constant(0), creditCapMonths: Distribution? = nil,
                terminateAfterMonths: Distribution? = nil, replacement: Distribution = .constant(0)) {
        self.serviceCredit = serviceCredit
        self.creditCapMonths = creditCapMonths
        self.terminateAfterMonths = terminateAfterMonths
        self.replacement = replacement
    }
}

/// What happens when the contract's term ends with its buyer alive (`renewal:`): with `probability`
/// it renews for `term_months` on the MW delivered in its last month, at `price_factor` × the market
/// price of its capacity then (a hardware deal: × the hosting price then), fixed for the renewal, with
/// the same take-or-pay; at the renewal's end it may renew again with the same chance. A contract
/// that does not renew leaves its capacity with the builder, who re-lets it (docs/model.md, "After the
/// term").
public struct Renewal: Sendable, Hashable, Codable {
    public var probability: Distribution
    public var termMonths: Distribution
    public var priceFactor: Distribution
    public init(probability: Distribution, termMonths: Distribution, priceFactor: Distribution = .constant(1)) {
        self.probability = probability
        self.termMonths = termMonths
        self.priceFactor = priceFactor
    }
}

/// How long a contract runs.
public enum ContractTerm: Sendable, Hashable, Codable {
    /// Until this month, inclusive.
    case end(Month)
    /// This many months from the first tranche's start.
    case months(Int)
}

/// How a contract is priced.
public enum ContractPrice: Sendable, Hashable, Codable {
    /// Dollars per MW-month at the first month (before the escalator).
    case perMWMonth(Distribution)
    /// Total contract value: the price is derived so that full, on-time delivery pays exactly this
    /// (firm tranches only). For a hardware deal: the total chip price.
    case totalValue(Distribution)
    /// Dollars per MW of chips (`chip_price_per_mw`, hardware deals only).
    case perMW(Distribution)
}

/// An amount paid up front and credited against later invoices.
public struct Prepayment: Sendable, Hashable, Codable {
    public var amount: Distribution
    public var month: Month
    public init(amount: Distribution, month: Month) {
        self.amount = amount
        self.month = month
    }
}
