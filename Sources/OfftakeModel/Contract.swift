import OfftakeRandom

/// A long-term compute supply contract between one buyer and one provider (model.md, "Contract").
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

    public init(
        id: String, buyer: String, provider: String, accelerator: String, tranches: [Tranche],
        term: ContractTerm, price: ContractPrice, escalator: Distribution = .constant(0),
        takeOrPay: Distribution = .constant(1), prepayment: Prepayment? = nil, terminationFeeMonths: Distribution? = nil,
        recoveryRate: Distribution = .constant(0), recoveryLagMonths: Distribution = .constant(0),
        deliveryDelay: Distribution = .constant(0)
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
    public init(start: Month, mw: Distribution) {
        self.start = start
        self.mw = mw
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
    /// Total contract value: the price is derived so that full, on-time delivery pays exactly this.
    case totalValue(Distribution)
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
