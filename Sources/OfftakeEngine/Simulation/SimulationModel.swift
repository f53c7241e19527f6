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
    /// Calendar month (1…12) of each simulated month.
    let calendarMonth: [Int]
    /// Per buyer, the providers it has contracts with (scenario order); per provider, its buyers.
    let buyerSuppliers: [[Int]]
    let providerCustomers: [[Int]]
    /// Per buyer, its contracts (positions in `contracts`, scenario order); per provider, the contracts
    /// it is paid under: as the capacity provider or chip vendor, or as the host of a hardware deal
    /// (`ContractLayout.host`). Per buyer, its scheduled rounds, and its training plan and revenue plan
    /// as step schedules by month index (sorted by month).
    ///
    /// These lists live here rather than in `BuyerLayout` and `ProviderLayout` so that a layout holds
    /// no array: reading one in the month step copies plain words and touches no reference count.
    let buyerContracts: [[Int]]
    let providerContracts: [[Int]]
    let buyerRounds: [[BuyerLayout.Round]]
    let buyerTraining: [[BuyerLayout.Step]]
    let buyerTrainingShare: [[BuyerLayout.Step]]
    let buyerPlan: [[BuyerLayout.Step]]
    /// Per buyer, the valuation multiple's table (sorted by growth) and its strategic backers; the
    /// number of backers of all buyers.
    let buyerMultiples: [[BuyerLayout.MultiplePoint]]
    let buyerBackers: [[BuyerLayout.Backer]]
    let backerCount: Int
    /// Per buyer: whether the revenue it loses to missing capacity is measured (some contract of it has
    /// delivery terms or a builder that can fail; `PathSimulator.measuresRevenueLost`).
    let buyerMeasuresRevenueLost: [Bool]

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
        // Parameters are found by the key path the catalogue (`Scenario.parameterSlots`) reads them
        // with, so their names are written once, there.
        let slots = scenario.parameterSlots
        var byKeyPath: [AnyKeyPath: Int] = [:]
        for (i, s) in slots.enumerated() where byKeyPath[s.keyPath] == nil { byKeyPath[s.keyPath] = i }
        func slot(_ keyPath: WritableKeyPath<Scenario, Distribution>) throws(SimulationSetupError) -> Int {
            guard let i = byKeyPath[keyPath] else { throw .unresolved("no parameter at \(keyPath)") }
            return i
        }
        func optionalSlot(_ keyPath: WritableKeyPath<Scenario, Distribution>) -> Int? { byKeyPath[keyPath] }
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
        calendarMonth = (0..<months).map { start.advanced(by: $0).month }
        yearOfMonth = yearOf
        monthLabels = labels
        yearRanges = yearList.indices.map { y in
            (yearOf.firstIndex(of: y) ?? 0)..<((yearOf.lastIndex(of: y) ?? -1) + 1)
        }

        market = try MarketLayout(scenario: scenario, slot: slot)

        var acceleratorPosition: [String: Int] = [:]
        var acceleratorList: [AcceleratorLayout] = []
        for (i, a) in scenario.accelerators.enumerated() {
            acceleratorPosition[a.id] = i
            let k: WritableKeyPath<Scenario, Accelerator> = \.accelerators[i]
            acceleratorList.append(AcceleratorLayout(
                training: a.workloads.contains(.training), inference: a.workloads.contains(.inference),
                efficiency: try slot(k.appending(path: \.inferenceEfficiency)), capexPerMW: try slot(k.appending(path: \.capexPerMW)),
                lifeMonths: try slot(k.appending(path: \.lifeMonths)),
                generation: try a.generation.map { id throws(SimulationSetupError) in
                    guard let g = scenario.market.supply?.index(of: id) else { throw .unresolved("accelerator `\(a.id)`: unknown generation `\(id)`") }
                    return g
                }))
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
            let k: WritableKeyPath<Scenario, Contract> = \.contracts[c]
            func contractSlot(_ field: WritableKeyPath<Contract, Distribution>) throws(SimulationSetupError) -> Int { try slot(k.appending(path: field)) }
            let firstTranche = allTranches.count
            for (j, tranche) in contract.tranches.enumerated() {
                var option: ContractLayout.OptionSlots?
                if tranche.option != nil {
                    option = .init(lead: try contractSlot(\.tranches[j].option!.decisionLeadMonths), margin: try contractSlot(\.tranches[j].option!.demandMargin),
                                   minRunway: try contractSlot(\.tranches[j].option!.minRunwayMonths), fee: try contractSlot(\.tranches[j].option!.fee))
                }
                allTranches.append(.init(start: monthIndex(tranche.start), mw: try contractSlot(\.tranches[j].mw), option: option))
            }
            let trancheRange = firstTranche..<allTranches.count
            let priceSlot: Int, priceIsTotal: Bool
            switch contract.price {
            case .perMWMonth: priceSlot = try contractSlot(\.price.perMWMonthValue); priceIsTotal = false
            case .totalValue: priceSlot = try contractSlot(\.price.totalValueValue); priceIsTotal = true
            case .perMW: priceSlot = try contractSlot(\.price.perMWValue); priceIsTotal = false
            }
            var hardware: ContractLayout.Hardware?
            var host = p
            if let terms = contract.hardware {
                guard let h = providerPosition[terms.host] else { throw .unresolved("contract `\(contract.id)`: no host provider `\(terms.host)`") }
                host = h
                hardware = .init(hostingPrice: try contractSlot(\.hardwareTerms.hostingPricePerMWMonth),
                                 financingMonths: try contractSlot(\.hardwareTerms.financingMonths),
                                 financingRate: try contractSlot(\.hardwareTerms.financingRate),
                                 haircut: try contractSlot(\.hardwareTerms.collateralHaircut))
            }
            contractList.append(ContractLayout(
                buyer: b, provider: p, accelerator: a, tranches: trancheRange,
                firstMonth: allTranches[trancheRange].map(\.start).min()!, lastMonth: monthIndex(end),
                price: priceSlot, priceIsTotal: priceIsTotal, escalator: try contractSlot(\.escalator),
                takeOrPay: try contractSlot(\.takeOrPay),
                prepayment: contract.prepayment == nil ? nil : try contractSlot(\.prepayment!.amount),
                prepaymentMonth: contract.prepayment.map { monthIndex($0.month) } ?? 0,
                terminationFeeMonths: optionalSlot(k.appending(path: \.terminationFeeMonths!)),
                recoveryRate: try contractSlot(\.recoveryRate), recoveryLag: try contractSlot(\.recoveryLagMonths),
                deliveryDelay: try contractSlot(\.deliveryDelay),
                releaseDrawIndex: SimulationModel.uniqueIndex(contract.id, &usedSubstreams),
                host: host, kind: hardware.map { .hardware($0) } ?? .capacity,
                vendorPerMW: contract.vendorFinancing == nil ? nil : try contractSlot(\.vendorFinancing!.perMW),
                delivery: contract.delivery == nil ? nil : ContractLayout.Delivery(
                    replacement: try contractSlot(\.delivery!.replacement), serviceCredit: try contractSlot(\.delivery!.serviceCredit),
                    creditCapMonths: optionalSlot(k.appending(path: \.delivery!.creditCapMonths!)),
                    terminateAfter: optionalSlot(k.appending(path: \.delivery!.terminateAfterMonths!))),
                renewal: contract.renewal == nil ? nil : ContractLayout.Renewal(
                    probability: try contractSlot(\.renewal!.probability), termMonths: try contractSlot(\.renewal!.termMonths),
                    priceFactor: try contractSlot(\.renewal!.priceFactor))))
            buyerContracts[b].append(c)
            providerContracts[p].append(c)
            if host != p { providerContracts[host].append(c) }
        }
        contracts = contractList
        tranches = allTranches

        var buyerList: [BuyerLayout] = []
        var roundLists: [[BuyerLayout.Round]] = [], trainingLists: [[BuyerLayout.Step]] = [], planLists: [[BuyerLayout.Step]] = []
        var trainingShareLists: [[BuyerLayout.Step]] = []
        var usedBuyerStreams = Set<UInt64>()
        var backerCount = 0
        var multipleLists: [[BuyerLayout.MultiplePoint]] = [], backerLists: [[BuyerLayout.Backer]] = []
        for (b, buyer) in scenario.buyers.enumerated() {
            let k: WritableKeyPath<Scenario, Buyer> = \.buyers[b]
            func buyerSlot(_ field: WritableKeyPath<Buyer, Distribution>) throws(SimulationSetupError) -> Int { try slot(k.appending(path: field)) }
            /// A step schedule of the buyer by month index, sorted by month (a year's entry from its January).
            func steps(_ schedule: WritableKeyPath<Buyer, Schedule>) throws(SimulationSetupError) -> [BuyerLayout.Step] {
                try BuyerLayout.Step.steps(of: buyer[keyPath: schedule], at: k.appending(path: schedule), start: start, slot: slot)
            }
            let training = try steps(\.trainingPlan)
            trainingShareLists.append(try steps(\.trainingShare))
            var rounds: [BuyerLayout.Round] = []
            for (j, round) in buyer.funding.scheduled.enumerated() {
                rounds.append(.init(month: monthIndex(round.month), amount: try buyerSlot(\.funding.scheduled[j].amount),
                                    probability: try buyerSlot(\.funding.scheduled[j].probability),
                                    fromProvider: round.provider != nil))
            }
            let plan = buyer.funding.plan == nil ? [] : try steps(\.funding.plan!)
            var established: BuyerLayout.Established?
            if buyer.established != nil {
                established = .init(revenue0: try buyerSlot(\.established!.revenue0), growth: try buyerSlot(\.established!.growth),
                                    demandBeta: try buyerSlot(\.established!.demandBeta), cashMargin: try buyerSlot(\.established!.cashMargin))
            }
            var ipo: BuyerLayout.IPO?
            if let listing = buyer.funding.ipo {
                ipo = .init(from: monthIndex(listing.from), to: monthIndex(listing.to),
                            probabilityPerYear: try buyerSlot(\.funding.ipo!.probabilityPerYear),
                            size: listing.size == nil ? nil : try buyerSlot(\.funding.ipo!.size!),
                            floatShare: listing.floatShare == nil ? nil : try buyerSlot(\.funding.ipo!.floatShare!))
            }
            var valuation: BuyerLayout.Valuation?
            var points: [BuyerLayout.MultiplePoint] = []
            if let v = buyer.funding.valuation {
                for j in v.multiples.indices {
                    points.append(.init(growth: try buyerSlot(\.funding.valuation!.multiples[j].growth),
                                        multiple: try buyerSlot(\.funding.valuation!.multiples[j].multiple)))
                }
                valuation = .init(
                    maxDilution: try buyerSlot(\.funding.valuation!.maxDilution),
                    targetRunway: try buyerSlot(\.funding.valuation!.targetRunwayMonths),
                    accessElasticity: try buyerSlot(\.funding.valuation!.accessElasticity),
                    lastRoundMonth: v.lastRound.map { monthIndex($0.month) },
                    lastRoundPostMoney: v.lastRound == nil ? nil : try buyerSlot(\.funding.valuation!.lastRound!.postMoney))
            }
            var backers: [BuyerLayout.Backer] = []
            for (j, backer) in buyer.funding.backers.enumerated() {
                backers.append(.init(index: backerCount, capacity: try buyerSlot(\.funding.backers[j].capacity), condition: backer.condition,
                                     provider: backer.provider.flatMap { id in scenario.providers.firstIndex { $0.id == id } }))
                backerCount += 1
            }
            var facility: BuyerLayout.Facility?
            if let f = buyer.workout.facility {
                facility = .init(multiple: try buyerSlot(\.workout.facility!.revenueMultiple),
                                 max: f.max == nil ? nil : try buyerSlot(\.workout.facility!.max!),
                                 rate: try buyerSlot(\.workout.facility!.interestRate))
            }
            var deferral: BuyerLayout.Deferral?
            if buyer.workout.deferral != nil {
                deferral = .init(share: try buyerSlot(\.workout.deferral!.share), months: try buyerSlot(\.workout.deferral!.months), rate: try buyerSlot(\.workout.deferral!.interestRate),
                                 belief: try buyerSlot(\.workout.deferral!.providerDefaultBelief), cap: try buyerSlot(\.workout.deferral!.capMonths))
            }
            roundLists.append(rounds)
            trainingLists.append(training)
            planLists.append(plan)
            let workout = BuyerLayout.Workout(
                minCash: try buyerSlot(\.workout.minCash), facility: facility, cancel: buyer.workout.cancelUndelivered,
                deferral: deferral, subletDiscount: buyer.workout.sublet == nil ? nil : try buyerSlot(\.workout.sublet!.discount),
                restructuring: buyer.workout.restructuring == nil ? nil : BuyerLayout.Restructuring(
                    forwardMonths: try buyerSlot(\.workout.restructuring!.forwardMonths), belief: try buyerSlot(\.workout.restructuring!.providerDefaultBelief),
                    deferralShare: try buyerSlot(\.workout.restructuring!.deferralShare), deferralMonths: try buyerSlot(\.workout.restructuring!.deferralMonths),
                    deferralRate: try buyerSlot(\.workout.restructuring!.deferralInterestRate),
                    extensionShare: try buyerSlot(\.workout.restructuring!.extensionShare), extensionMonths: try buyerSlot(\.workout.restructuring!.extensionMonths),
                    maxPriceCut: try buyerSlot(\.workout.restructuring!.maxPriceCut), optionMargin: try buyerSlot(\.workout.restructuring!.optionMargin),
                    optionMinRunway: try buyerSlot(\.workout.restructuring!.optionMinRunway)))
            buyerList.append(BuyerLayout(
                cash0: try buyerSlot(\.cash0), revenue0: try buyerSlot(\.revenue0),
                growthInitial: try buyerSlot(\.growth.initial), growthLongRun: optionalSlot(k.appending(path: \.growth.longRun!)),
                halfLife: try buyerSlot(\.growth.halfLifeMonths), demandBeta: try buyerSlot(\.growth.demandBeta),
                revenuePerMW: try buyerSlot(\.revenuePerMW.initial), revenuePerMWTrend: try buyerSlot(\.revenuePerMW.trend),
                austerityRunway: try buyerSlot(\.austerity.runwayMonths), austerityCut: try buyerSlot(\.austerity.trainingCut),
                opexFixed: try buyerSlot(\.opex.fixed), opexGrowth: try buyerSlot(\.opex.growth),
                opexRevenueShare: try buyerSlot(\.opex.revenueShare),
                raiseBelowRunway: optionalSlot(k.appending(path: \.funding.raiseBelowRunwayMonths!)),
                roundSize: try buyerSlot(\.funding.roundSize), cooldown: try buyerSlot(\.funding.cooldownMonths),
                growthSensitivity: try buyerSlot(\.funding.growthSensitivity),
                spotMaxMW: try buyerSlot(\.spot.maxMW), spotMarkup: try buyerSlot(\.spot.markup),
                spotMinRunway: try buyerSlot(\.spot.minRunwayMonths),
                discountRate: try buyerSlot(\.discountRate), terminalMultiple: try buyerSlot(\.terminalMultiple),
                substream: UInt16(truncatingIfNeeded: SimulationModel.uniqueIndex(buyer.id, &usedBuyerStreams) & 0xFFFF),
                roundMultiple: optionalSlot(k.appending(path: \.funding.roundRevenueMultiple!)),
                planSensitivity: try buyerSlot(\.funding.planSensitivity), ipo: ipo, valuation: valuation,
                established: established, workout: workout))
            multipleLists.append(points)
            backerLists.append(backers)
        }
        self.backerCount = backerCount
        buyerMultiples = multipleLists
        buyerBackers = backerLists
        buyers = buyerList
        self.buyerContracts = buyerContracts
        self.providerContracts = providerContracts
        buyerRounds = roundLists
        buyerTraining = trainingLists
        buyerTrainingShare = trainingShareLists
        buyerPlan = planLists

        var providerList: [ProviderLayout] = []
        for (i, provider) in scenario.providers.enumerated() {
            let k: WritableKeyPath<Scenario, ProviderFinancials> = \.providers[i].financials!
            func providerSlot(_ field: WritableKeyPath<ProviderFinancials, Distribution>) throws(SimulationSetupError) -> Int { try slot(k.appending(path: field)) }
            var financials: ProviderLayout.Financials?
            if let f = provider.financials {
                financials = ProviderLayout.Financials(
                    cash0: try providerSlot(\.cash0), debt0: try providerSlot(\.debt0), baseEBITDA: try providerSlot(\.baseEBITDA),
                    baseGrowth: try providerSlot(\.baseGrowth), interestRate: try providerSlot(\.interestRate),
                    covenant: f.leverageCovenant == nil ? nil : try providerSlot(\.leverageCovenant!), wacc: try providerSlot(\.wacc),
                    facilityCapexPerMW: try providerSlot(\.facilityCapexPerMW), buildMonths: try providerSlot(\.buildMonths),
                    chipLeadMonths: try providerSlot(\.chipLeadMonths),
                    debtFraction: try providerSlot(\.debtFraction),
                    amortizationYears: f.amortizationYears == nil ? nil : try providerSlot(\.amortizationYears!),
                    opexPerMWMonth: try providerSlot(\.opexPerMWMonth), facilityLife: try providerSlot(\.facilityLifeMonths),
                    releaseHazard: try providerSlot(\.release.hazard), releaseDiscount: try providerSlot(\.release.discount),
                    fiscalYearEnd: f.rating?.fiscalYearEnd ?? 12)
                if f.leases != nil {
                    financials?.leases = .init(share: try providerSlot(\.leases!.share), rent: try providerSlot(\.leases!.rentPerMWMonth),
                                               term: try providerSlot(\.leases!.termMonths), rate: try providerSlot(\.leases!.discountRate),
                                               liability0: try providerSlot(\.leases!.liability0), rent0: try providerSlot(\.leases!.rent0))
                }
                if f.financing != nil {
                    financials?.financing = .init(equityShare: try providerSlot(\.financing!.equityShare), minCash: try providerSlot(\.financing!.minCash))
                }
                if f.sweep != nil {
                    financials?.sweep = .init(share: try providerSlot(\.sweep!.share), minCash: try providerSlot(\.sweep!.minCash))
                }
                if f.otherCustomers != nil {
                    financials?.other = .init(revenue0: try providerSlot(\.otherCustomers!.revenue0), growth: try providerSlot(\.otherCustomers!.growth),
                                              demandBeta: try providerSlot(\.otherCustomers!.demandBeta), margin: try providerSlot(\.otherCustomers!.margin),
                                              capexShare: try providerSlot(\.otherCustomers!.capexShare),
                                              contagion: try providerSlot(\.otherCustomers!.contagion))
                }
                if let r = f.rating {
                    financials?.rating = .init(fiscalYearEnd: r.fiscalYearEnd, threshold: try providerSlot(\.rating!.threshold),
                                               years: r.consecutiveYears, graceUntil: r.graceUntil.map(monthIndex) ?? Int.min,
                                               downgradeThreshold: try providerSlot(\.rating!.downgradeThreshold), downgradeYears: r.downgradeYears)
                }
                if let credit = f.credit {
                    let regimes = scenario.market.regimes.regimes.map(\.name)
                    financials?.credit = .init(
                        investmentGradeMax: try providerSlot(\.credit!.investmentGradeMax), spreadInvestmentGrade: try providerSlot(\.credit!.spreadInvestmentGrade),
                        spreadHighYield: try providerSlot(\.credit!.spreadHighYield), maxLeverage: try providerSlot(\.credit!.maxLeverage),
                        equityPerYear: credit.equityPerYear == nil ? nil : try providerSlot(\.credit!.equityPerYear!),
                        closed: regimes.map { credit.closedIn.contains($0) }, recovery: try providerSlot(\.credit!.recovery),
                        capacityKept: try providerSlot(\.credit!.capacityKept), cds5y: credit.cds5y == nil ? nil : try providerSlot(\.credit!.cds5y!),
                        cdsRecovery: try providerSlot(\.credit!.cdsRecovery))
                }
            }
            providerList.append(ProviderLayout(financials: financials))
        }
        providers = providerList
        let contractsCopy = contractList
        buyerSuppliers = buyerContracts.map { contracts in
            providerList.indices.filter { p in contracts.contains { contractsCopy[$0].provider == p || contractsCopy[$0].host == p } }
        }
        providerCustomers = providerContracts.map { contracts in
            buyerList.indices.filter { b in contracts.contains { contractsCopy[$0].buyer == b } }
        }
        buyerMeasuresRevenueLost = buyerContracts.map { contracts in
            contracts.contains { SimulationModel.measuresRevenueLost(contractsCopy[$0], providers: providerList) }
        }
    }

    /// Whether the revenue a buyer loses to a contract's missing capacity is measured: the contract has
    /// delivery terms, or its builder can fail (`credit:`).
    static func measuresRevenueLost(_ contract: ContractLayout, providers: [ProviderLayout]) -> Bool {
        contract.delivery != nil || providers[contract.host].financials?.credit != nil
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
        calendarMonth = other.calendarMonth.map { $0 }
        buyerSuppliers = other.buyerSuppliers.map { $0.map { $0 } }
        providerCustomers = other.providerCustomers.map { $0.map { $0 } }
        var market = other.market
        market.regimeSlots = other.market.regimeSlots.map { $0.map { $0 } }
        market.supply = other.market.supply?.privateCopy()
        self.market = market
        accelerators = other.accelerators.map { $0 }
        buyers = other.buyers.map { $0 }
        providers = other.providers.map { layout in
            var copy = layout
            if let closed = layout.financials?.credit?.closed { copy.financials?.credit?.closed = closed.map { $0 } }
            return copy
        }
        buyerContracts = other.buyerContracts.map { $0.map { $0 } }
        providerContracts = other.providerContracts.map { $0.map { $0 } }
        buyerRounds = other.buyerRounds.map { $0.map { $0 } }
        buyerTraining = other.buyerTraining.map { $0.map { $0 } }
        buyerTrainingShare = other.buyerTrainingShare.map { $0.map { $0 } }
        buyerPlan = other.buyerPlan.map { $0.map { $0 } }
        buyerMultiples = other.buyerMultiples.map { $0.map { $0 } }
        buyerBackers = other.buyerBackers.map { $0.map { $0 } }
        backerCount = other.backerCount
        buyerMeasuresRevenueLost = other.buyerMeasuresRevenueLost.map { $0 }
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
    /// The column of buyer b's k-th backer in ``PathSummary/backerFunding``.
    public func backerColumn(buyer b: Int, backer k: Int) -> Int { buyerBackers[b][k].index }
    /// Whether provider `p` has a balance sheet (cash, debt, capex).
    public func providerHasFinancials(_ p: Int) -> Bool { providers[p].financials != nil }
    /// Whether provider `p` has a leverage covenant.
    public func providerHasCovenant(_ p: Int) -> Bool { providers[p].financials?.covenant != nil }
    /// The contract's buyer and provider positions.
    public func parties(ofContract c: Int) -> (buyer: Int, provider: Int) { (contracts[c].buyer, contracts[c].provider) }
}

struct MarketLayout: Sendable {
    /// Per regime: drift, vol, funding success, spot premium, spot availability, credit spread, valuation level.
    var regimeSlots: [[Int]]
    var initialPrice: Int
    var decline: Int
    var elasticity: Int
    /// `market.supply`, when the scenario has one.
    var supply: SupplyLayout?
}

extension MarketLayout {
    /// The layout of `scenario.market`; `slot` finds a parameter by key path.
    init(scenario: Scenario, slot: (WritableKeyPath<Scenario, Distribution>) throws(SimulationSetupError) -> Int) throws(SimulationSetupError) {
        var regimeSlots: [[Int]] = []
        for i in scenario.market.regimes.regimes.indices {
            let r: WritableKeyPath<Scenario, Regime> = \.market.regimes.regimes[i]
            regimeSlots.append([
                try slot(r.appending(path: \.demandDrift)), try slot(r.appending(path: \.demandVol)), try slot(r.appending(path: \.fundingSuccess)),
                try slot(r.appending(path: \.spotPremium)), try slot(r.appending(path: \.spotAvailability)), try slot(r.appending(path: \.creditSpread)),
                try slot(r.appending(path: \.valuationLevel)),
            ])
        }
        self.init(regimeSlots: regimeSlots, initialPrice: try slot(\.market.computePrice.initial),
                  decline: try slot(\.market.computePrice.decline), elasticity: try slot(\.market.computePrice.demandElasticity),
                  supply: try SupplyLayout(scenario: scenario, slot: slot))
    }
}

/// Where `market.supply`'s parameters sit in the path's value vector.
struct SupplyLayout: Sendable {
    struct Generation: Sendable {
        var performance, installed0, floor: Int
        /// The additions' schedule: from month index `month` (sorted), MW a year at `slot`.
        var additions: [BuyerLayout.Step]
        /// `response`: breakeven, elasticity and lag (nil: additions as scheduled).
        var response: (breakeven: Int, elasticity: Int, lag: Int)?
    }
    var elasticity, demandGrowth, demandHalfLife: Int
    /// `demand_growth_long_run` (nil: the growth holds).
    var demandGrowthLongRun: Int?
    var generations: [Generation]

    /// A copy that shares no array with `self` (``SimulationModel/privateCopy()``).
    func privateCopy() -> SupplyLayout {
        var copy = self
        copy.generations = generations.map { g in
            var c = g
            c.additions = g.additions.map { $0 }
            return c
        }
        return copy
    }
}

extension SupplyLayout {
    /// The layout of `scenario.market.supply` (nil without one); `slot` finds a parameter by key path.
    init?(scenario: Scenario, slot: (WritableKeyPath<Scenario, Distribution>) throws(SimulationSetupError) -> Int) throws(SimulationSetupError) {
        guard let supply = scenario.market.supply else { return nil }
        let start = scenario.horizon.start
        var generations: [Generation] = []
        for (i, g) in supply.generations.enumerated() {
            let k: WritableKeyPath<Scenario, OfftakeModel.Generation> = \.market.supply!.generations[i]
            let steps = try BuyerLayout.Step.steps(of: g.additions, at: k.appending(path: \.additions), start: start, slot: slot)
            var response: (breakeven: Int, elasticity: Int, lag: Int)?
            if g.response != nil {
                response = (try slot(k.appending(path: \.response!.breakeven)), try slot(k.appending(path: \.response!.elasticity)),
                            try slot(k.appending(path: \.response!.lagMonths)))
            }
            generations.append(Generation(performance: try slot(k.appending(path: \.performance)), installed0: try slot(k.appending(path: \.installed0)),
                                          floor: try slot(k.appending(path: \.floor)), additions: steps, response: response))
        }
        self.init(elasticity: try slot(\.market.supply!.elasticity), demandGrowth: try slot(\.market.supply!.demandGrowth),
                  demandHalfLife: try slot(\.market.supply!.demandHalfLife),
                  demandGrowthLongRun: supply.demandGrowthLongRun == nil ? nil : try slot(\.market.supply!.demandGrowthLongRun!), generations: generations)
    }
}

struct AcceleratorLayout: Sendable {
    var training: Bool
    var inference: Bool
    var efficiency: Int
    var capexPerMW: Int
    var lifeMonths: Int
    /// The position of its `generation` in `market.supply.generations`; nil: the market price.
    var generation: Int?
}

struct BuyerLayout: Sendable {
    struct Step: Sendable {
        var month: Int
        var slot: Int

        /// A schedule (at `keyPath` in the scenario) as steps by month index from `start`, sorted by
        /// month: a year's entry holds from its January.
        static func steps(of schedule: Schedule, at keyPath: WritableKeyPath<Scenario, Schedule>, start: Month,
                          slot: (WritableKeyPath<Scenario, Distribution>) throws(SimulationSetupError) -> Int) throws(SimulationSetupError) -> [Step] {
            var steps: [Step] = []
            for (j, entry) in schedule.entries.enumerated() {
                let from = schedule.byYear ? Month(year: entry.month.year, month: 1) : entry.month
                steps.append(Step(month: start.months(to: from), slot: try slot(keyPath.appending(path: \.entries[j].value))))
            }
            return steps.sorted { $0.month < $1.month }
        }
    }
    /// A scheduled round; `fromProvider`: paid by a provider (vendor financing).
    struct Round: Sendable { var month: Int; var amount: Int; var probability: Int; var fromProvider: Bool }
    var cash0, revenue0, growthInitial: Int
    var growthLongRun: Int?
    var halfLife, demandBeta, revenuePerMW, revenuePerMWTrend: Int
    var austerityRunway, austerityCut, opexFixed, opexGrowth, opexRevenueShare: Int
    var raiseBelowRunway: Int?
    var roundSize, cooldown, growthSensitivity, spotMaxMW, spotMarkup, spotMinRunway, discountRate, terminalMultiple: Int
    var substream: UInt16
    var roundMultiple: Int?
    var planSensitivity: Int
    struct IPO: Sendable { var from, to, probabilityPerYear: Int; var size, floatShare: Int? }
    var ipo: IPO?
    /// A point of the valuation multiple's table (`SimulationModel.buyerMultiples`).
    struct MultiplePoint: Sendable { var growth, multiple: Int }
    struct Valuation: Sendable {
        var maxDilution, targetRunway, accessElasticity: Int
        var lastRoundMonth: Int?
        var lastRoundPostMoney: Int?
    }
    var valuation: Valuation?
    /// A strategic backer (`SimulationModel.buyerBackers`); `index`: its position among all buyers'
    /// backers (its column in the path's summary).
    struct Backer: Sendable { var index, capacity: Int; var condition: BackerCondition; var provider: Int? }
    struct Established: Sendable { var revenue0, growth, demandBeta, cashMargin: Int }
    var established: Established?
    struct Facility: Sendable { var multiple: Int; var max: Int?; var rate: Int }
    struct Deferral: Sendable { var share, months, rate, belief, cap: Int }
    /// Slots of `workout.restructuring` (`Restructuring`).
    struct Restructuring: Sendable {
        var forwardMonths, belief, deferralShare, deferralMonths, deferralRate, extensionShare, extensionMonths, maxPriceCut: Int
        var optionMargin, optionMinRunway: Int
    }
    struct Workout: Sendable {
        var minCash: Int
        var facility: Facility?
        var cancel: Bool
        var deferral: Deferral?
        var subletDiscount: Int?
        var restructuring: Restructuring?
    }
    var workout: Workout
}

struct ProviderLayout: Sendable {
    struct Financials: Sendable {
        var cash0, debt0, baseEBITDA, baseGrowth, interestRate: Int
        var covenant: Int?
        var wacc, facilityCapexPerMW, buildMonths, chipLeadMonths, debtFraction: Int
        var amortizationYears: Int?
        var opexPerMWMonth, facilityLife, releaseHazard, releaseDiscount: Int
        /// The month of the provider's fiscal year end: the rating's, else December (the year of the
        /// equity cap and of the year-end interest coverage).
        var fiscalYearEnd: Int
        struct Leases: Sendable { var share, rent, term, rate, liability0, rent0: Int }
        var leases: Leases?
        struct Financing: Sendable { var equityShare, minCash: Int }
        var financing: Financing?
        struct Sweep: Sendable { var share, minCash: Int }
        var sweep: Sweep?
        struct Other: Sendable { var revenue0, growth, demandBeta, margin, capexShare, contagion: Int }
        var other: Other?
        struct Rating: Sendable {
            var fiscalYearEnd: Int
            var threshold: Int
            var years: Int
            /// Month index of the grace date (fiscal year ends up to it do not count); Int.min: none.
            var graceUntil: Int
            var downgradeThreshold: Int
            var downgradeYears: Int
        }
        var rating: Rating?
        /// Slots of `credit:`; `closed` per regime (in the market's order).
        struct Credit: Sendable {
            var investmentGradeMax, spreadInvestmentGrade, spreadHighYield, maxLeverage: Int
            var equityPerYear: Int?
            var closed: [Bool]
            var recovery, capacityKept: Int
            var cds5y: Int?
            var cdsRecovery: Int
        }
        var credit: Credit?
    }
    var financials: Financials?
}

struct ContractLayout: Sendable {
    struct OptionSlots: Sendable { var lead, margin, minRunway, fee: Int }
    struct TrancheSlot: Sendable {
        var start: Int
        var mw: Int
        /// nil: a firm tranche.
        var option: OptionSlots? = nil
    }
    struct Hardware: Sendable { var hostingPrice, financingMonths, financingRate, haircut: Int }
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
    /// The provider that builds the facility and bills the capacity or hosting: the contract's provider
    /// for a capacity rental, the host for a hardware deal.
    var host: Int
    /// A capacity rental (its `price` is then per MW-month) or a hardware deal with its terms; every
    /// difference between the kinds is settled in `PathSimulator+Settlement`.
    var kind: ContractKind
    var vendorPerMW: Int?
    /// `delivery:` (a capacity contract's terms for capacity late or missing).
    struct Delivery: Sendable { var replacement, serviceCredit: Int; var creditCapMonths, terminateAfter: Int? }
    var delivery: Delivery?
    /// `renewal:` (whether the contract renews at its end, for how long, at what price).
    struct Renewal: Sendable { var probability, termMonths, priceFactor: Int }
    var renewal: Renewal?
}

