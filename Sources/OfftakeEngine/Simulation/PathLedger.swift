/// The monthly series of a buyer, a contract and a provider: the columns of the ledger's three books
/// (``PathLedger``). A series its enum's `filling` does not name is `.monthly`: written by the month step for its month.
public enum BuyerSeries: Int, BookColumn {
    /// Revenue potential `R_t` (monthly, before capacity limits).
    case revenuePotential
    /// Inference demand `I_t` in MW of efficiency-1.0 capacity.
    case inferenceDemand
    /// Training MW wanted this month, after austerity.
    case trainingDemand
    /// Inference served (efficiency-weighted MW), on contracts and spot.
    case inferenceServed
    /// MW bought on the spot market.
    case spotMW
    /// Realised revenue `R_t · served / I_t`.
    case revenue
    /// Operating costs other than compute.
    case opex
    /// Cash paid under contracts (invoices after prepayment credits, prepayments, minus refunds).
    case contractPayments
    /// Cash paid for spot capacity.
    case spotCost
    /// Paid for committed capacity that sat idle (part of the contract payments' charges).
    case unusedCommitment
    /// Revenue − opex − contract payments − spot cost.
    case operatingCashFlow
    /// Capital raised this month.
    case funding
    /// Cash at the end of the month (frozen after default).
    case cash
    /// The revenue plan in force (monthly; 0 without a plan).
    case planRevenue
    /// Revenue of the established business (not capacity-bound).
    case establishedRevenue
    /// Operating cash flow of the established business (`cash_margin` × its revenue), in operating cash flow.
    case establishedCashFlow
    /// Vendor financing received: equity per MW delivered, scheduled rounds paid by a provider, backers
    /// that are providers.
    case vendorFinancing
    /// Credit facility: drawn, repaid, interest paid this month; balance at the end of the month.
    case facilityDraw
    case facilityRepayment
    case facilityInterest
    case facilityBalance
    /// Income from subletting idle contracted capacity (in operating cash flow).
    case subletIncome
    /// Idle contracted MW sublet this month.
    case subletMW
    /// Strategic backers' money this month (in `funding`, or in `vendorFinancing` for a backer that is a provider).
    case backerFunding

    public var filling: SeriesFilling {
        switch self {
        case .revenuePotential, .inferenceDemand, .planRevenue, .establishedRevenue: .setUp
        default: .monthly
        }
    }
}

public enum ContractSeries: Int, BookColumn {
    /// Contract price per MW-month (with escalator) for each month.
    case price
    /// MW delivered and billed (zero outside the term and after termination).
    case deliveredMW
    /// MW used (training + inference capacity).
    case usedMW
    /// Training MW run on the contract.
    case trainingMW
    /// Inference served on the contract, efficiency-weighted.
    case inferenceServed
    /// The month's charge: price × max(take_or_pay × delivered, used).
    case charge
    /// Cash from buyer to provider under the contract this month (may be negative: a refund).
    case cash
    /// Recovery on a defaulted claim received this month (by the provider, or the chip vendor of a
    /// hardware deal).
    case recovery
    /// Part of `cash` that is hosting of a hardware deal (goes to the host).
    case hostingCash
    /// Recovery of a hardware deal's host on its hosting claim.
    case hostRecovery
    /// Charges deferred this month (principal).
    case deferred
    /// Deferred principal repaid this month and the deferral interest paid with it (both in `cash`).
    case deferralRepaid
    case deferralInterest
    /// Cancellation and option-lapse fees paid this month (in `cash`).
    case fees
    /// The part of `charge` that is a hardware deal's hosting (the host's revenue, whatever is paid in cash).
    case hostingCharge
    /// Delivery terms (`delivery:`): MW the provider replaced at the market price (in `deliveredMW`) and
    /// what it paid for them; the gap left unreplaced (due − delivered − replaced); the service credit
    /// taken off `charge` (with, in the last month, credit still owed paid in cash).
    case replacementMW
    case replacementCost
    case gapMW
    case serviceCredit
    /// Revenue the buyer lost to the contract's unreplaced gap (contracts with delivery terms or a
    /// builder that can fail).
    case revenueLost

    public var filling: SeriesFilling {
        switch self {
        case .price: .setUp
        case .recovery, .hostRecovery: .accrued
        default: .monthly
        }
    }
}

public enum ProviderSeries: Int, BookColumn {
    case receipts
    case recoveries
    /// Income from re-leased stranded capacity.
    case releaseIncome
    /// Excess prepayment credit returned to a defaulted buyer's estate.
    case refunds
    case baseEBITDA
    case capex
    case opex
    case interest
    case repayment
    case debtDraw
    case cash
    case debt
    /// base EBITDA + revenue recognised under contracts (`revenueRecognised`) + re-lease income − opex
    /// − replacement capacity bought (`replacementCost`) − rent + other customers' EBITDA: the
    /// agencies' accrual basis, not cash.
    case ebitda
    /// Debt ÷ trailing-12-month EBITDA (+∞ when that EBITDA is not positive).
    case leverage
    /// Straight-line depreciation of the AI build; filled in the deterministic base case only (it feeds
    /// no metric), zero on Monte Carlo paths.
    case depreciation
    /// Rent on leased sites (existing leases + leased sites of the build) and the build's part alone.
    case rent
    case buildRent
    /// Present value of the rent still to pay under leases.
    case leaseLiability
    /// New equity raised to fund capex.
    case equity
    /// Debt repaid from surplus cash (on top of scheduled repayments).
    case sweep
    /// Other AI customers (aggregate): revenue, EBITDA and capex.
    case otherRevenue
    case otherEBITDA
    case otherCapex
    /// (Debt + lease liability) ÷ trailing-12-month (EBITDA + rent), +∞ when the denominator is not positive.
    case adjustedLeverage
    /// MW online: delivered under live contracts + stranded + re-leased.
    case mwOnline
    /// MW in use: used by buyers + re-leased.
    case mwUsed
    /// Stranded MW (buyer defaulted, not yet re-leased).
    case strandedMW
    /// 1 in a month the build stopped for want of money (`credit:`), else 0.
    case buildStopped
    /// Revenue recognised under contracts as the service is delivered: the month's charges and fees (by
    /// role). A prepayment is a contract liability recognised as its credit is used, a deferred charge a
    /// receivable; deferral interest is interest income, not revenue; refunds and recoveries are not revenue.
    case revenueRecognised
    /// What the provider paid for capacity it sourced elsewhere to replace capacity it owed
    /// (`delivery.replacement`): an operating cost.
    case replacementCost

    public var filling: SeriesFilling {
        switch self {
        case .refunds: .accrued
        default: .monthly
        }
    }
}

/// Everything one simulated path records month by month, per party, in three books (see ``Book``):
/// the cash-flow statement of each buyer (``BuyerSeries``) and provider (``ProviderSeries``) and the
/// charges of each contract (``ContractSeries``). Tests read it to check the accounting identities;
/// `--deterministic` prints it as yearly tables; metrics are computed from it.
///
/// A new monthly series is one case of its party's enum (with its ``SeriesFilling`` if it is not
/// written month by month): the book stores, copies, resets and zeroes it with no other edit. The
/// named grids below (`buyerRevenue` …) are views of the books' columns for readers outside the engine.
///
/// Sign convention: every series is a non-negative flow named for its direction, except cash balances,
/// `operatingCashFlow`, `ebitda`, and a contract's `cash` with its sums (the buyer's `contractPayments`
/// and the provider's `receipts`): unused prepayment credit returned at the end of the term is a
/// negative payment.
public struct PathLedger: PartyBooks, Sendable {
    public let months: Int
    public internal(set) var buyers: Book<BuyerSeries>
    public internal(set) var contracts: Book<ContractSeries>
    public internal(set) var providers: Book<ProviderSeries>

    public init(buyers: Int, contracts: Int, providers: Int, months: Int) {
        self.months = months
        self.buyers = Book(entities: buyers, months: months)
        self.contracts = Book(entities: contracts, months: months)
        self.providers = Book(entities: providers, months: months)
    }


    /// Provider inflows of month t: receipts + recoveries + re-lease + base EBITDA + other customers'
    /// EBITDA + debt draws + equity raised.
    public func providerInflows(_ p: Int, _ t: Int) -> Double {
        providers[.receipts, p, t] + providers[.recoveries, p, t] + providers[.releaseIncome, p, t] + providers[.baseEBITDA, p, t]
            + providers[.otherEBITDA, p, t] + providers[.debtDraw, p, t] + providers[.equity, p, t]
    }

    /// Provider outflows of month t: capex (build and other customers) + opex + replacement capacity
    /// bought + rent + interest + scheduled repayment + sweep + refunds.
    public func providerOutflows(_ p: Int, _ t: Int) -> Double {
        providers[.capex, p, t] + providers[.otherCapex, p, t] + providers[.opex, p, t] + providers[.replacementCost, p, t]
            + providers[.rent, p, t] + providers[.interest, p, t] + providers[.repayment, p, t] + providers[.sweep, p, t] + providers[.refunds, p, t]
    }

    /// Buyer inflows of month t: realised revenue + established business cash flow + sublet income +
    /// funding + vendor financing + facility draws.
    public func buyerInflows(_ b: Int, _ t: Int) -> Double {
        buyers[.revenue, b, t] + buyers[.establishedCashFlow, b, t] + buyers[.subletIncome, b, t] + buyers[.funding, b, t]
            + buyers[.vendorFinancing, b, t] + buyers[.facilityDraw, b, t]
    }

    /// Buyer outflows of month t: opex + contract payments (with fees and deferral interest) + spot +
    /// facility interest and repayment.
    public func buyerOutflows(_ b: Int, _ t: Int) -> Double {
        buyers[.opex, b, t] + buyers[.contractPayments, b, t] + buyers[.spotCost, b, t] + buyers[.facilityInterest, b, t] + buyers[.facilityRepayment, b, t]
    }
}

/// The concessions a provider can grant in a restructuring (docs/model.md, "Restructuring").
public struct Concessions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Part of the window's charges deferred, repaid with interest after the window.
    public static let deferral = Concessions(rawValue: 1)
    /// Part of the window's charges paid after the term, without interest.
    public static let termExtension = Concessions(rawValue: 2)
    /// Undelivered firm tranches turned into options.
    public static let option = Concessions(rawValue: 4)
    /// The price cut for the rest of the term.
    public static let priceCut = Concessions(rawValue: 8)
    /// Each concession, in the order of `ContractMeasure`'s per-concession metrics.
    public static let each: [Concessions] = [.deferral, .termExtension, .option, .priceCut]
}

/// Per-path results that are not monthly: when each buyer defaulted, each contract's value and what
/// was paid, each provider's NPV.
public struct PathSummary: Sendable, Equatable {
    /// Month of default per buyer, or `nil`.
    public var defaultMonth: [Int?]
    public var buyerCash0: [Double]
    /// MW-months of demand while alive: training after austerity + inference (efficiency-1.0 MW).
    public var buyerDemandMWMonths: [Double]
    /// Buyer NPV: discounted operating cash flow + terminal value.
    public var buyerNPV: [Double]
    /// Contract value as delivered: the charges while the buyer paid, plus the take-or-pay value of
    /// the months left when it defaulted.
    public var contractValue: [Double]
    /// Cash paid under the contract, net of refunds, plus recoveries (including any due after the horizon).
    public var contractPaid: [Double]
    /// The claim filed at default (after cap and prepayment credit), 0 without default.
    public var contractClaim: [Double]
    /// Recovery due after the horizon (counted in `contractPaid`, not in cash): the provider's (or chip
    /// vendor's) and a hardware host's.
    public var recoveryAfterHorizon: [Double]
    public var hostRecoveryAfterHorizon: [Double]
    /// Deferred charges (requested deferrals and cancellation fees cash could not pay): recovered on
    /// those outstanding at default, written off, and — for a buyer alive at the horizon — principal
    /// whose instalments fall after it (counted in `contractPaid`); per contract, deferred = repaid +
    /// recovered + written off + after the horizon.
    public var deferredRecovered: [Double]
    public var deferredWrittenOff: [Double]
    public var deferredAfterHorizon: [Double]
    /// MW of undelivered tranches cancelled in a workout; option MW exercised and lapsed.
    public var cancelledMW: [Double]
    public var optionExercisedMW: [Double]
    public var optionLapsedMW: [Double]
    /// Number of deferral requests refused by the contract's provider (the charge then stays due).
    public var deferralRefusals: [Double]
    /// Buyer with `workout.restructuring`: the first month its forward test failed, and the month a
    /// package was agreed (nil: never). Per contract: the concessions its provider granted and the
    /// value it gave up, at its rate, at the month of the agreement (docs/model.md, "Restructuring").
    public var restructuringEntered: [Int?]
    public var restructuringAgreed: [Int?]
    public var concessions: [Concessions]
    public var concessionValue: [Double]
    /// Provider: value at the horizon of the facilities it owns and the chips it bought (book value;
    /// chips also × the compute price index), NPV with that residual, rating-test outcomes.
    public var providerResidual: [Double]
    public var providerNPVWithResidual: [Double]
    public var ratingBreach: [Bool]
    public var downgrade: [Bool]
    /// Buyer: whether the IPO happened, the largest facility balance.
    public var ipo: [Bool]
    public var facilityPeak: [Double]
    /// Buyer with `funding.valuation`: whether any raise was priced below the last post-money; the
    /// share of the company its holders at the start still own; the model's equity value at the last
    /// observed round's month (NaN when that month is outside the horizon) and at the horizon's end
    /// (0 after a default). Per backer (all buyers' backers in order): what it invested.
    public var downRound: [Bool]
    public var ownership: [Double]
    public var impliedEquity: [Double?]
    public var equityAtHorizon: [Double]
    public var backerFunding: [Double]
    /// Provider NPV of the AI build at its WACC.
    public var providerNPV: [Double]
    public var providerCash0: [Double]
    public var providerDebt0: [Double]
    /// Facility capex that fell before the horizon (sunk, not simulated).
    public var providerSunkCapex: [Double]
    public var covenant: [Double?]
    /// Provider with `credit:` (docs/model.md, "The provider's credit"): the month it defaulted (nil:
    /// never), its creditors' loss then, the months its build stopped for want of money, and the
    /// market's 5-year default probability implied by its CDS spread (nil without one). Per contract:
    /// the MW its buyer lost at its builder's default (undelivered, and delivered not kept) and the
    /// prepayment credit lost with it.
    public var providerDefaultMonth: [Int?]
    public var providerCreditorLoss: [Double]
    public var providerHaltMonths: [Int]
    public var providerMarketDefault5y: [Double?]
    public var capacityLostMW: [Double]
    public var prepaymentLost: [Double]
    /// MW of tranches the buyer terminated for late delivery.
    public var terminatedMW: [Double]
    /// Times each contract renewed (`renewal:`).
    public var renewals: [Int]

    init(buyers: Int, contracts: Int, providers: Int, backers: Int) {
        providerDefaultMonth = [Int?](repeating: nil, count: providers)
        providerCreditorLoss = [Double](repeating: 0, count: providers)
        providerHaltMonths = [Int](repeating: 0, count: providers)
        providerMarketDefault5y = [Double?](repeating: nil, count: providers)
        capacityLostMW = [Double](repeating: 0, count: contracts)
        prepaymentLost = [Double](repeating: 0, count: contracts)
        terminatedMW = [Double](repeating: 0, count: contracts)
        renewals = [Int](repeating: 0, count: contracts)
        downRound = [Bool](repeating: false, count: buyers)
        ownership = [Double](repeating: 1, count: buyers)
        impliedEquity = [Double?](repeating: nil, count: buyers)
        equityAtHorizon = [Double](repeating: 0, count: buyers)
        backerFunding = [Double](repeating: 0, count: backers)
        defaultMonth = [Int?](repeating: nil, count: buyers)
        buyerCash0 = [Double](repeating: 0, count: buyers)
        buyerDemandMWMonths = [Double](repeating: 0, count: buyers)
        buyerNPV = [Double](repeating: 0, count: buyers)
        contractValue = [Double](repeating: 0, count: contracts)
        contractPaid = [Double](repeating: 0, count: contracts)
        contractClaim = [Double](repeating: 0, count: contracts)
        recoveryAfterHorizon = [Double](repeating: 0, count: contracts)
        hostRecoveryAfterHorizon = [Double](repeating: 0, count: contracts)
        deferredRecovered = [Double](repeating: 0, count: contracts)
        deferredWrittenOff = [Double](repeating: 0, count: contracts)
        deferredAfterHorizon = [Double](repeating: 0, count: contracts)
        cancelledMW = [Double](repeating: 0, count: contracts)
        optionExercisedMW = [Double](repeating: 0, count: contracts)
        optionLapsedMW = [Double](repeating: 0, count: contracts)
        deferralRefusals = [Double](repeating: 0, count: contracts)
        restructuringEntered = [Int?](repeating: nil, count: buyers)
        restructuringAgreed = [Int?](repeating: nil, count: buyers)
        concessions = [Concessions](repeating: [], count: contracts)
        concessionValue = [Double](repeating: 0, count: contracts)
        providerResidual = [Double](repeating: 0, count: providers)
        providerNPVWithResidual = [Double](repeating: 0, count: providers)
        ratingBreach = [Bool](repeating: false, count: providers)
        downgrade = [Bool](repeating: false, count: providers)
        ipo = [Bool](repeating: false, count: buyers)
        facilityPeak = [Double](repeating: 0, count: buyers)
        providerNPV = [Double](repeating: 0, count: providers)
        providerCash0 = [Double](repeating: 0, count: providers)
        providerDebt0 = [Double](repeating: 0, count: providers)
        providerSunkCapex = [Double](repeating: 0, count: providers)
        covenant = [Double?](repeating: nil, count: providers)
    }
}

/// A fixed number of per-entity values (a book's values, a buyer's cash and streams, a contract's
/// credit, a provider's debt …) written in place by the month step: the storage is a buffer owned by
/// a class, elements are reached through its address (no copy-on-write check per access; bounds
/// checked), and ``makeUnique()`` at the start of each path keeps copies of a simulator independent.
struct PathArray<Element>: @unchecked Sendable {
    final class Storage {
        let base: UnsafeMutablePointer<Element>
        let count: Int
        init(count: Int, from source: UnsafePointer<Element>?, repeating value: Element?) {
            self.count = count
            base = .allocate(capacity: max(1, count))
            if let source { base.initialize(from: source, count: count) } else if let value { base.initialize(repeating: value, count: count) }
        }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    var storage: Storage

    init(repeating value: Element, count: Int) {
        storage = Storage(count: count, from: nil, repeating: value)
    }

    init(_ elements: [Element]) {
        storage = elements.withUnsafeBufferPointer { Storage(count: $0.count, from: $0.baseAddress, repeating: nil) }
    }

    var count: Int { storage.count }

    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: storage.count), "PathArray: no element \(i)")
            return UnsafePointer(storage.base + i)
        }
        nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: storage.count), "PathArray: no element \(i)")
            return storage.base + i
        }
    }

    /// Gives this array a buffer of its own if a copy shares it.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(count: storage.count, from: storage.base, repeating: nil)
        }
    }
}

/// A set of three books, one per party kind — buyers', contracts', providers' — whatever their columns:
/// the ledger (``PathLedger``) and the simulator's schedules (`PathPlans`). A step over the whole path
/// is one call for all three.
protocol PartyBooks {
    associatedtype BuyerColumn: BookColumn
    associatedtype ContractColumn: BookColumn
    associatedtype ProviderColumn: BookColumn
    var buyers: Book<BuyerColumn> { get set }
    var contracts: Book<ContractColumn> { get set }
    var providers: Book<ProviderColumn> { get set }
}

extension PartyBooks {
    /// Gives every book a buffer of its own (see ``Book``); the simulator calls it before each path.
    mutating func makeUnique() {
        buyers.makeUnique()
        contracts.makeUnique()
        providers.makeUnique()
    }

    /// Zeroes the accrued series of every book (the start of a path).
    mutating func resetAccrued() {
        buyers.resetAccrued()
        contracts.resetAccrued()
        providers.resetAccrued()
    }
}
