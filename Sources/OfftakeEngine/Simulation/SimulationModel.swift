import OfftakeModel
import OfftakeRandom

/// Why a scenario cannot be simulated even though it decoded.
public enum SimulationSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The correlation matrix is not positive semi-definite.
    case correlation(CorrelationMatrixError)
    /// A reference (buyer, provider, accelerator, regime, parameter path) does not resolve.
    /// `Scenario.validate()` reports these first; the engine refuses rather than guessing.
    case unresolved(String)

    public var description: String {
        switch self {
        case .correlation(let error): return "correlations: \(error)"
        case .unresolved(let what): return what
        }
    }
}

/// The path-independent layout of a scenario, compiled once per run: where each entity's parameters
/// sit in the per-path value vector, which contracts belong to which buyer and provider, the calendar.
///
/// Everything a path needs that does not depend on its random numbers is here, so that the per-path
/// work (`PathSimulator`) does no string lookups and no allocation.
public struct SimulationModel: Sendable {
    /// The scenario as simulated (a stress's overrides already applied).
    public let scenario: Scenario
    /// Number of simulated months `T`.
    public let months: Int
    /// Draws the per-path parameter vector.
    public let sampler: ParameterSampler
    /// Market regimes forced by the stress being run, if any.
    public let forcing: MarketProcess.Forcing?
    /// Calendar years touched by the horizon, in order.
    public let years: [Int]
    /// For each month, the position of its year in `years`.
    public let yearOfMonth: [Int]
    /// The horizon's months as `YYYY-MM` labels.
    public let monthLabels: [String]
    /// The months of each year of `years`.
    public let yearRanges: [Range<Int>]
    /// Per buyer, the providers it has contracts with (scenario order); per provider, its buyers.
    let buyerSuppliers: [[Int]]
    let providerCustomers: [[Int]]

    let market: MarketLayout
    let accelerators: [AcceleratorLayout]
    let buyers: [BuyerLayout]
    let providers: [ProviderLayout]
    let contracts: [ContractLayout]
    /// Every contract's tranches, contract after contract (`ContractLayout.tranches` indexes into it),
    /// so that the per-contract layout holds no array and copying it costs no reference counting.
    let tranches: [ContractLayout.TrancheSlot]

    /// Compiles `scenario`, optionally with the market forcing of `stress` (whose `set` overrides must
    /// already be applied to `scenario`: the loader does that).
    public init(scenario: Scenario, forcedRegime: ForcedRegime? = nil) throws(SimulationSetupError) {
        self.scenario = scenario
        let start = scenario.horizon.start
        months = max(0, scenario.horizon.monthCount)
        do {
            sampler = try ParameterSampler(scenario: scenario)
        } catch {
            throw .correlation(error)
        }
        let index = sampler.index
        func slot(_ path: String) throws(SimulationSetupError) -> Int {
            guard let i = index[path] else { throw .unresolved("no parameter `\(path)`") }
            return i
        }
        func optionalSlot(_ path: String) -> Int? { index[path] }
        func monthIndex(_ month: Month) -> Int { start.months(to: month) }

        if let forced = forcedRegime {
            guard let r = scenario.market.regimes.index(of: forced.regime) else {
                throw .unresolved("stress forces unknown regime `\(forced.regime)`")
            }
            let from = max(0, monthIndex(forced.from)), to = min(months - 1, monthIndex(forced.to))
            forcing = from <= to ? MarketProcess.Forcing(regime: r, months: from...to) : nil
        } else {
            forcing = nil
        }
        var yearList: [Int] = []
        var yearOf: [Int] = []
        var labels: [String] = []
        for t in 0..<months {
            let month = start.advanced(by: t)
            if yearList.last != month.year { yearList.append(month.year) }
            yearOf.append(yearList.count - 1)
            labels.append(month.description)
        }
        years = yearList
        yearOfMonth = yearOf
        monthLabels = labels
        yearRanges = yearList.indices.map { y in
            (yearOf.firstIndex(of: y) ?? 0)..<((yearOf.lastIndex(of: y) ?? -1) + 1)
        }

        var regimeSlots: [[Int]] = []
        for regime in scenario.market.regimes.regimes {
            let p = "market.regimes.\(regime.name)"
            regimeSlots.append([
                try slot("\(p).demand_drift"), try slot("\(p).demand_vol"), try slot("\(p).funding_success"),
                try slot("\(p).spot_premium"), try slot("\(p).spot_availability"), try slot("\(p).credit_spread"),
            ])
        }
        market = MarketLayout(
            regimeSlots: regimeSlots, initialPrice: try slot("market.compute_price.initial"),
            decline: try slot("market.compute_price.decline"), elasticity: try slot("market.compute_price.demand_elasticity"))

        var acceleratorPosition: [String: Int] = [:]
        var acceleratorList: [AcceleratorLayout] = []
        for (i, a) in scenario.accelerators.enumerated() {
            acceleratorPosition[a.id] = i
            let p = "accelerators.\(a.id)"
            acceleratorList.append(AcceleratorLayout(
                training: a.workloads.contains(.training), inference: a.workloads.contains(.inference),
                efficiency: try slot("\(p).inference_efficiency"), capexPerMW: try slot("\(p).capex_per_mw"),
                lifeMonths: try slot("\(p).life_months")))
        }
        accelerators = acceleratorList

        let buyerPosition = Dictionary(scenario.buyers.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let providerPosition = Dictionary(scenario.providers.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })

        var contractList: [ContractLayout] = []
        var allTranches: [ContractLayout.TrancheSlot] = []
        var buyerContracts = [[Int]](repeating: [], count: scenario.buyers.count)
        var providerContracts = [[Int]](repeating: [], count: scenario.providers.count)
        var usedSubstreams = Set<UInt64>()
        for (c, contract) in scenario.contracts.enumerated() {
            guard let b = buyerPosition[contract.buyer] else { throw .unresolved("contract `\(contract.id)`: no buyer `\(contract.buyer)`") }
            guard let p = providerPosition[contract.provider] else { throw .unresolved("contract `\(contract.id)`: no provider `\(contract.provider)`") }
            guard let a = acceleratorPosition[contract.accelerator] else {
                throw .unresolved("contract `\(contract.id)`: no accelerator `\(contract.accelerator)`")
            }
            guard let end = contract.endMonth, !contract.tranches.isEmpty else { throw .unresolved("contract `\(contract.id)` has no tranches") }
            let path = "contracts.\(contract.id)"
            let firstTranche = allTranches.count
            for (j, tranche) in contract.tranches.enumerated() {
                allTranches.append(.init(start: monthIndex(tranche.start), mw: try slot("\(path).tranches[\(j)].mw")))
            }
            let trancheRange = firstTranche..<allTranches.count
            let priceSlot: Int, priceIsTotal: Bool
            switch contract.price {
            case .perMWMonth: priceSlot = try slot("\(path).price_per_mw_month"); priceIsTotal = false
            case .totalValue: priceSlot = try slot("\(path).total_value"); priceIsTotal = true
            }
            contractList.append(ContractLayout(
                buyer: b, provider: p, accelerator: a, tranches: trancheRange,
                firstMonth: allTranches[trancheRange].map(\.start).min()!, lastMonth: monthIndex(end),
                price: priceSlot, priceIsTotal: priceIsTotal, escalator: try slot("\(path).escalator"),
                takeOrPay: try slot("\(path).take_or_pay"),
                prepayment: contract.prepayment == nil ? nil : try slot("\(path).prepayment.amount"),
                prepaymentMonth: contract.prepayment.map { monthIndex($0.month) } ?? 0,
                terminationFeeMonths: optionalSlot("\(path).termination_fee_months"),
                recoveryRate: try slot("\(path).recovery_rate"), recoveryLag: try slot("\(path).recovery_lag_months"),
                deliveryDelay: try slot("\(path).delivery_delay"),
                releaseDrawIndex: SimulationModel.uniqueIndex(contract.id, &usedSubstreams)))
            buyerContracts[b].append(c)
            providerContracts[p].append(c)
        }
        contracts = contractList
        tranches = allTranches

        var buyerList: [BuyerLayout] = []
        var usedBuyerStreams = Set<UInt64>()
        for (b, buyer) in scenario.buyers.enumerated() {
            let p = "buyers.\(buyer.id)"
            var training: [BuyerLayout.Step] = []
            for entry in buyer.trainingPlan.entries {
                let from = buyer.trainingPlan.byYear ? Month(year: entry.month.year, month: 1) : entry.month
                training.append(.init(month: monthIndex(from), slot: try slot("\(p).training_mw.\(buyer.trainingPlan.key(of: entry.month))")))
            }
            training.sort { $0.month < $1.month }
            var rounds: [BuyerLayout.Round] = []
            for (j, round) in buyer.funding.scheduled.enumerated() {
                rounds.append(.init(month: monthIndex(round.month), amount: try slot("\(p).funding.scheduled[\(j)].amount"),
                                    probability: try slot("\(p).funding.scheduled[\(j)].probability")))
            }
            buyerList.append(BuyerLayout(
                cash0: try slot("\(p).cash0"), revenue0: try slot("\(p).revenue0"),
                growthInitial: try slot("\(p).growth.initial"), growthLongRun: optionalSlot("\(p).growth.long_run"),
                halfLife: try slot("\(p).growth.half_life_months"), demandBeta: try slot("\(p).growth.demand_beta"),
                revenuePerMW: try slot("\(p).revenue_per_mw.initial"), revenuePerMWTrend: try slot("\(p).revenue_per_mw.trend"),
                training: training,
                austerityRunway: try slot("\(p).austerity.runway_months"), austerityCut: try slot("\(p).austerity.training_cut"),
                opexFixed: try slot("\(p).opex.fixed"), opexGrowth: try slot("\(p).opex.growth"),
                opexRevenueShare: try slot("\(p).opex.revenue_share"), rounds: rounds,
                raiseBelowRunway: optionalSlot("\(p).funding.raise_below_runway_months"),
                roundSize: try slot("\(p).funding.round_size"), cooldown: try slot("\(p).funding.cooldown_months"),
                growthSensitivity: try slot("\(p).funding.growth_sensitivity"),
                spotMaxMW: try slot("\(p).spot.max_mw"), spotMarkup: try slot("\(p).spot.markup"),
                spotMinRunway: try slot("\(p).spot.min_runway_months"),
                discountRate: try slot("\(p).discount_rate"), terminalMultiple: try slot("\(p).terminal_multiple"),
                contracts: buyerContracts[b],
                substream: UInt16(truncatingIfNeeded: SimulationModel.uniqueIndex(buyer.id, &usedBuyerStreams) & 0xFFFF)))
        }
        buyers = buyerList

        var providerList: [ProviderLayout] = []
        for (i, provider) in scenario.providers.enumerated() {
            let p = "providers.\(provider.id)"
            var financials: ProviderLayout.Financials?
            if let f = provider.financials {
                financials = ProviderLayout.Financials(
                    cash0: try slot("\(p).cash0"), debt0: try slot("\(p).debt0"), baseEBITDA: try slot("\(p).base_ebitda"),
                    baseGrowth: try slot("\(p).base_growth"), interestRate: try slot("\(p).interest_rate"),
                    covenant: f.leverageCovenant == nil ? nil : try slot("\(p).leverage_covenant"), wacc: try slot("\(p).wacc"),
                    facilityCapexPerMW: try slot("\(p).facility_capex_per_mw"), buildMonths: try slot("\(p).build_months"),
                    debtFraction: try slot("\(p).debt_fraction"),
                    amortizationYears: f.amortizationYears == nil ? nil : try slot("\(p).amortization_years"),
                    opexPerMWMonth: try slot("\(p).opex_per_mw_month"), facilityLife: try slot("\(p).facility_life_months"),
                    releaseHazard: try slot("\(p).release.hazard"), releaseDiscount: try slot("\(p).release.discount"))
            }
            providerList.append(ProviderLayout(financials: financials, contracts: providerContracts[i]))
        }
        providers = providerList
        let contractsCopy = contractList
        buyerSuppliers = buyerList.map { buyer in
            providerList.indices.filter { p in buyer.contracts.contains { contractsCopy[$0].provider == p } }
        }
        providerCustomers = providerList.map { provider in
            buyerList.indices.filter { b in provider.contracts.contains { contractsCopy[$0].buyer == b } }
        }
    }

    /// A copy whose arrays are its own (fresh buffers, also inside the parameter distributions).
    /// Each thread's `PathSimulator` works on such a copy: reading a shared array from two threads
    /// retains and releases one reference count from both cores, which costs more than the copy.
    public func privateCopy() -> SimulationModel { SimulationModel(copying: self) }

    private init(copying other: SimulationModel) {
        scenario = other.scenario
        months = other.months
        sampler = other.sampler.privateCopy()
        forcing = other.forcing
        years = other.years.map { $0 }
        yearOfMonth = other.yearOfMonth.map { $0 }
        monthLabels = other.monthLabels
        yearRanges = other.yearRanges.map { $0 }
        buyerSuppliers = other.buyerSuppliers.map { $0.map { $0 } }
        providerCustomers = other.providerCustomers.map { $0.map { $0 } }
        var market = other.market
        market.regimeSlots = other.market.regimeSlots.map { $0.map { $0 } }
        self.market = market
        accelerators = other.accelerators.map { $0 }
        buyers = other.buyers.map { buyer in
            var copy = buyer
            copy.training = buyer.training.map { $0 }
            copy.rounds = buyer.rounds.map { $0 }
            copy.contracts = buyer.contracts.map { $0 }
            return copy
        }
        providers = other.providers.map { provider in
            var copy = provider
            copy.contracts = provider.contracts.map { $0 }
            return copy
        }
        contracts = other.contracts.map { $0 }
        tranches = other.tranches.map { $0 }
    }

    /// A stable per-id index (FNV-1a of the id, 16 bits, made unique by linear probing) so that an
    /// entity's process draws do not move when other entities are added or removed.
    static func uniqueIndex(_ id: String, _ used: inout Set<UInt64>) -> UInt64 {
        var index = StableHash.fnv1a64(id) & 0xFFFF
        while !used.insert(index).inserted { index = (index + 1) & 0xFFFF }
        return index
    }

    /// Buyer, provider and contract ids in scenario order.
    public var buyerIDs: [String] { scenario.buyers.map(\.id) }
    public var providerIDs: [String] { scenario.providers.map(\.id) }
    public var contractIDs: [String] { scenario.contracts.map(\.id) }
    /// Whether provider `p` has a balance sheet (cash, debt, capex).
    public func providerHasFinancials(_ p: Int) -> Bool { providers[p].financials != nil }
    /// Whether provider `p` has a leverage covenant.
    public func providerHasCovenant(_ p: Int) -> Bool { providers[p].financials?.covenant != nil }
    /// The contract's buyer and provider positions.
    public func parties(ofContract c: Int) -> (buyer: Int, provider: Int) { (contracts[c].buyer, contracts[c].provider) }
}

struct MarketLayout: Sendable {
    /// Per regime: drift, vol, funding success, spot premium, spot availability, credit spread.
    var regimeSlots: [[Int]]
    var initialPrice: Int
    var decline: Int
    var elasticity: Int
}

struct AcceleratorLayout: Sendable {
    var training: Bool
    var inference: Bool
    var efficiency: Int
    var capexPerMW: Int
    var lifeMonths: Int
}

struct BuyerLayout: Sendable {
    struct Step: Sendable { var month: Int; var slot: Int }
    struct Round: Sendable { var month: Int; var amount: Int; var probability: Int }
    var cash0, revenue0, growthInitial: Int
    var growthLongRun: Int?
    var halfLife, demandBeta, revenuePerMW, revenuePerMWTrend: Int
    var training: [Step]
    var austerityRunway, austerityCut, opexFixed, opexGrowth, opexRevenueShare: Int
    var rounds: [Round]
    var raiseBelowRunway: Int?
    var roundSize, cooldown, growthSensitivity, spotMaxMW, spotMarkup, spotMinRunway, discountRate, terminalMultiple: Int
    var contracts: [Int]
    var substream: UInt16
}

struct ProviderLayout: Sendable {
    struct Financials: Sendable {
        var cash0, debt0, baseEBITDA, baseGrowth, interestRate: Int
        var covenant: Int?
        var wacc, facilityCapexPerMW, buildMonths, debtFraction: Int
        var amortizationYears: Int?
        var opexPerMWMonth, facilityLife, releaseHazard, releaseDiscount: Int
    }
    var financials: Financials?
    var contracts: [Int]
}

struct ContractLayout: Sendable {
    struct TrancheSlot: Sendable { var start: Int; var mw: Int }
    var buyer, provider, accelerator: Int
    /// Positions in `SimulationModel.tranches`.
    var tranches: Range<Int>
    var firstMonth, lastMonth: Int
    var price: Int
    var priceIsTotal: Bool
    var escalator, takeOrPay: Int
    var prepayment: Int?
    var prepaymentMonth: Int
    var terminationFeeMonths: Int?
    var recoveryRate, recoveryLag, deliveryDelay: Int
    var releaseDrawIndex: UInt64
}
