import OfftakeModel
import OfftakeRandom
import RealModule

/// Simulates one path: a pure function of (model, seed, path index). The simulator owns every buffer
/// a path needs and reuses them from path to path, so the monthly loop allocates nothing; make one
/// per thread.
///
/// The month, in the order of docs/model.md: market → buyer (option decisions, demand with austerity,
/// capacity delivered under live contracts, allocation, contract billing, operating cash flow,
/// funding, the forward test and restructuring, the workout ladder, default) → providers (receipts, recoveries, re-lease, base EBITDA,
/// other customers, capex and its financing, rent, interest, sweep, leverage and rating tests).
/// The parties' rooms: `PathSimulator+Contracts` (tranches, options, billing), `+Settlement` (what
/// differs by contract kind, capacity or hardware, one `switch` per stage), `+Buyer` (demand,
/// funding), `+Funding` (funding as a market), `+Restructuring` (the forward test, concessions),
/// `+Workout` (the ladder, claims at default), `+Provider` (the provider's books).
/// docs/model.md states every choice where docs/model.md is silent.
///
/// The read-only helpers the month step calls (`runway`, `newlyDelivered`, the claims …) are
/// `@inline(__always)`: called from a `mutating` method, a non-mutating method receives `self` by
/// value, and the compiler copied the whole simulator (≈ 2.1 KB) onto the stack for each such call.
public struct PathSimulator: Sendable {
    public let model: SimulationModel
    /// The path's parameter vector (in `model.sampler.paths` order).
    public private(set) var values: [Double]
    public private(set) var market: MarketPath
    public internal(set) var ledger: PathLedger
    public internal(set) var summary: PathSummary

    var marketParameters: MarketParameters
    var buyerState: PathArray<BuyerState>
    var contractState: PathArray<ContractState>
    var providerState: PathArray<ProviderState>
    var debt: PathArray<DebtBook>
    /// The path's schedules per party (``PathPlans``): what is planned or falls due in each month.
    var plans: PathPlans
    /// Per tranche (positions of `model.tranches`): status and actual delivery month on this path.
    var trancheStatus: [TrancheStatus]
    var trancheDelivery: [Int]
    /// Per option tranche: the month its buyer decides.
    var trancheDecisionMonth: [Int]
    /// Per tranche: the planned delivery its facility is built for (the start, or later for an
    /// option exercised too late for the build to finish by its start).
    var tranchePlannedDelivery: [Int]
    /// Per provider: the months in which leased MW were delivered, in order (the first
    /// `ProviderState.leaseVintageCount`, read and written through `leaseVintage` and
    /// `addLeaseVintage`), so that the lease liability visits the vintages, not every month.
    var leaseVintages: PathArray<Int>
    var revenueScratch: [Double]
    var inferenceScratch: [Double]
    var pools: [CapacityAllocation.Pool]
    var poolUsed: [Double]
    var poolTraining: [Double]
    var poolOrder: [Int]
    /// Whether the path fills `ProviderSeries.depreciation` (the deterministic base case does).
    var recordsDepreciation = false
    var copulaUniforms: [Double] = []
    var copulaScratch: [Double] = []
    /// The path's contract stream (re-lease waits, renewals) and whether the path is the deterministic
    /// base case (every Bernoulli event decided by u = ½).
    var contractStream = RandomStream(seed: 0, path: 0, purpose: .contract)
    var isDeterministic = false

    /// A simulator with its own copy of the model's arrays (see `SimulationModel.privateCopy`).
    public init(model: SimulationModel) {
        self.model = model.privateCopy()
        let T = model.months, B = model.buyers.count, C = model.contracts.count, P = model.providers.count
        values = [Double](repeating: 0, count: model.sampler.count)
        market = MarketPath(months: T, generations: model.market.supply?.generations.count ?? 0)
        ledger = PathLedger(buyers: B, contracts: C, providers: P, months: T)
        summary = PathSummary(buyers: B, contracts: C, providers: P, backers: model.backerCount)
        marketParameters = MarketParameters(layout: model.market, regimeCount: model.market.regimeSlots.count)
        marketParameters.setTransitions(model.scenario.market.regimes)
        buyerState = PathArray(repeating: BuyerState(), count: B)
        contractState = PathArray(repeating: ContractState(), count: C)
        providerState = PathArray(repeating: ProviderState(), count: P)
        debt = PathArray((0..<P).map { p in
            DebtBook(initialDebt: 0, months: T, amortizationYears: model.providers[p].financials?.amortizationYears == nil ? nil : 1)
        })
        plans = PathPlans(buyers: B, contracts: C, providers: P, months: T)
        trancheStatus = [TrancheStatus](repeating: .firm, count: model.tranches.count)
        trancheDelivery = [Int](repeating: Int.max, count: model.tranches.count)
        trancheDecisionMonth = [Int](repeating: Int.max, count: model.tranches.count)
        tranchePlannedDelivery = [Int](repeating: Int.max, count: model.tranches.count)
        leaseVintages = PathArray(repeating: 0, count: P * T)
        revenueScratch = [Double](repeating: 0, count: T)
        inferenceScratch = [Double](repeating: 0, count: T)
        let maxPools = model.buyerContracts.map(\.count).max() ?? 0
        pools = [CapacityAllocation.Pool](repeating: CapacityAllocation.Pool(mw: 0, training: false, inference: false, efficiency: 0), count: maxPools)
        poolUsed = [Double](repeating: 0, count: maxPools)
        poolTraining = [Double](repeating: 0, count: maxPools)
        poolOrder = [Int](repeating: 0, count: maxPools)
    }

    /// Runs path `path` of `seed`. With `deterministic`, every parameter is at its median, every shock
    /// zero, the regime fixed at its initial state and every Bernoulli event decided by u = ½.
    public mutating func simulate(seed: UInt64, path: UInt64, deterministic: Bool = false) {
        simulate(seed: seed, path: path, deterministic: deterministic) { _ in }
    }

    /// Runs path `path` of `seed` after `adjust` has changed its drawn parameter vector (in
    /// `model.sampler.paths` order): a parameter fixed at a value (tornado), values taken from another
    /// path (Sobol pick-freeze), a decision variable. Every other random number of the path — market
    /// shocks, regime switches, buyer and contract events — is the path's own, so variants stay paired.
    public mutating func simulate(seed: UInt64, path: UInt64, deterministic: Bool = false, adjust: (inout [Double]) -> Void) {
        recordsDepreciation = deterministic
        isDeterministic = deterministic
        if deterministic {
            let medians = model.sampler.medians()
            for i in values.indices { values[i] = medians[i] }
        } else {
            model.sampler.draw(seed: seed, path: path, into: &values, uniforms: &copulaUniforms, scratch: &copulaScratch)
        }
        adjust(&values)
        marketParameters.load(values, layout: model.market)
        MarketProcess.simulate(marketParameters, seed: seed, path: path, forcing: model.forcing,
                               deterministic: deterministic, into: &market)
        // Books and states are written in place from here on (see `Book`): a copy taken since the last
        // path gets its own buffers now. Accrued series start the path at zero; the others are written
        // at set-up or by the month step.
        ledger.makeUnique()
        plans.makeUnique()
        buyerState.makeUnique(); contractState.makeUnique(); providerState.makeUnique(); debt.makeUnique()
        leaseVintages.makeUnique()
        ledger.resetAccrued()
        plans.resetAccrued()
        setUpBuyers(seed: seed, path: path, deterministic: deterministic)
        setUpContracts(seed: seed, path: path, deterministic: deterministic)
        setUpProviders()
        for t in 0..<model.months {
            for b in model.buyers.indices {
                if buyerState[b].isAlive(at: t) { stepBuyer(b, t) } else { zeroBuyerMonth(b, t) }
            }
            for p in model.providers.indices {
                stepProvider(p, t)
            }
        }
        finish()
    }

    // MARK: - Set-up

    mutating func setUpBuyers(seed: UInt64, path: UInt64, deterministic: Bool) {
        let T = model.months
        for (b, layout) in model.buyers.enumerated() {
            let v = values
            let training = model.buyerTraining[b], plan = model.buyerPlan[b], share = model.buyerTrainingShare[b]
            let potential = RevenuePotential(
                revenue0: v[layout.revenue0], initialGrowth: v[layout.growthInitial], longRunGrowth: layout.growthLongRun.map { v[$0] },
                halfLifeMonths: v[layout.halfLife], demandBeta: v[layout.demandBeta], revenuePerMW0: v[layout.revenuePerMW],
                revenuePerMWTrend: v[layout.revenuePerMWTrend])
            potential.simulate(demand: market.demand, revenue: &revenueScratch, inferenceMW: &inferenceScratch)
            var step = -1
            var planStep = -1
            var shareStep = -1
            let establishedGrowth = layout.established.map { CompoundGrowth(annualRate: v[$0.growth]) }
            for t in 0..<T {
                ledger.buyers[.revenuePotential, b, t] = revenueScratch[t]
                ledger.buyers[.inferenceDemand, b, t] = inferenceScratch[t]
                while step + 1 < training.count && training[step + 1].month <= t { step += 1 }
                plans.buyers[.training, b, t] = step >= 0 ? v[training[step].slot] : 0
                while shareStep + 1 < share.count && share[shareStep + 1].month <= t { shareStep += 1 }
                plans.buyers[.trainingShare, b, t] = shareStep >= 0 ? v[share[shareStep].slot] : 0
                while planStep + 1 < plan.count && plan[planStep + 1].month <= t { planStep += 1 }
                // The plan's annual amount in force, as a monthly amount (0 before the plan starts).
                ledger.buyers[.planRevenue, b, t] = planStep >= 0 ? v[plan[planStep].slot] / 12 : 0
                if let e = layout.established, let establishedGrowth {
                    let growth = establishedGrowth.logOnePlusRate * Double(t) / 12
                    ledger.buyers[.establishedRevenue, b, t] = v[e.revenue0] * Double.exp(growth + v[e.demandBeta] * Double.log(market.demand[t]))
                } else {
                    ledger.buyers[.establishedRevenue, b, t] = 0
                }
            }
            let cooldown = max(0, v[layout.cooldown].rounded())
            buyerState[b] = BuyerState(
                cash: v[layout.cash0], defaultMonth: nil, nextAttempt: 0,
                cooldown: Int(min(cooldown, Double(Int32.max))),
                stream: RandomStream(seed: seed, path: path, purpose: .buyer, substream: layout.substream),
                deterministic: deterministic, potential: potential)
            buyerState[b].opexGrowth = CompoundGrowth(annualRate: v[layout.opexGrowth])
            buyerState[b].revenuePerMWTrend = CompoundGrowth(annualRate: v[layout.revenuePerMWTrend])
            summary.buyerCash0[b] = v[layout.cash0]
            summary.defaultMonth[b] = nil
            summary.ipo[b] = false
            summary.facilityPeak[b] = 0
            summary.downRound[b] = false
            summary.ownership[b] = 1
            summary.impliedEquity[b] = nil
            summary.equityAtHorizon[b] = 0
            summary.restructuringEntered[b] = nil
            summary.restructuringAgreed[b] = nil
            for backer in model.buyerBackers[b] { summary.backerFunding[backer.index] = 0 }
            if let v = layout.valuation {
                // The reference of the first down round: the last observed round, else the value at the start.
                buyerState[b].lastPostMoney = v.lastRoundPostMoney.map { values[$0] } ?? .nan
            }
        }
    }

    mutating func setUpContracts(seed: UInt64, path: UInt64, deterministic: Bool) {
        let T = model.months
        contractStream = RandomStream(seed: seed, path: path, purpose: .contract)
        for (c, layout) in model.contracts.enumerated() {
            let v = values
            let delay = PathSimulator.wholeMonths(v[layout.deliveryDelay])
            let first = layout.firstMonth
            for j in layout.tranches {
                let tranche = model.tranches[j]
                if let option = tranche.option {
                    trancheStatus[j] = .pending
                    trancheDelivery[j] = Int.max
                    // Decided at start − lead, not before the horizon's first month.
                    trancheDecisionMonth[j] = max(0, tranche.start - PathSimulator.wholeMonths(v[option.lead]))
                } else {
                    trancheStatus[j] = .firm
                    trancheDelivery[j] = tranche.start + delay
                }
                tranchePlannedDelivery[j] = tranche.start
            }
            // Price at the first tranche's planned start, and the chip price, by the contract's kind.
            let (basePrice, chipPrice) = contractTerms(c)
            let escalation = CompoundGrowth(annualRate: v[layout.escalator])
            for t in 0..<T { ledger.contracts[.price, c, t] = basePrice * escalation.factor(months: t - first) }
            let u = deterministic ? 0.5 : contractStream.uniform(at: layout.releaseDrawIndex)
            contractState[c] = ContractState(
                delay: delay, takeOrPay: v[layout.takeOrPay],
                prepayment: layout.prepayment.map { v[$0] } ?? 0,
                terminationFeeMonths: layout.terminationFeeMonths.map { v[$0] },
                recoveryRate: v[layout.recoveryRate], recoveryLag: PathSimulator.wholeMonths(v[layout.recoveryLag]),
                releaseUniform: u, end: layout.lastMonth)
            rebuildDeliveredPlan(c)  // after the state: the plan reads its `lostFrom`
            contractState[c].chipPricePerMW = chipPrice
            contractState[c].serviceCreditCap = serviceCreditCap(c, basePrice: basePrice)
            summary.contractValue[c] = 0
            summary.contractPaid[c] = 0
            summary.contractClaim[c] = 0
            summary.recoveryAfterHorizon[c] = 0
            summary.hostRecoveryAfterHorizon[c] = 0
            summary.deferredRecovered[c] = 0
            summary.deferredWrittenOff[c] = 0
            summary.deferredAfterHorizon[c] = 0
            summary.cancelledMW[c] = 0
            summary.capacityLostMW[c] = 0
            summary.prepaymentLost[c] = 0
            summary.terminatedMW[c] = 0
            summary.renewals[c] = 0
            summary.optionExercisedMW[c] = 0
            summary.optionLapsedMW[c] = 0
            summary.deferralRefusals[c] = 0
            summary.concessions[c] = []
            summary.concessionValue[c] = 0
        }
    }

    mutating func setUpProviders() {
        for (p, layout) in model.providers.enumerated() {
            providerState[p] = ProviderState()
            summary.providerSunkCapex[p] = 0
            summary.covenant[p] = nil
            summary.providerResidual[p] = 0
            summary.providerNPVWithResidual[p] = 0
            summary.ratingBreach[p] = false
            summary.downgrade[p] = false
            summary.providerDefaultMonth[p] = nil
            summary.providerCreditorLoss[p] = 0
            summary.providerHaltMonths[p] = 0
            summary.providerMarketDefault5y[p] = nil
            guard let f = layout.financials else { continue }
            let v = values
            for c in model.providerContracts[p] where model.contracts[c].host == p {
                for j in model.contracts[c].tranches where trancheStatus[j] == .firm {
                    scheduleBuild(c, j, plannedDelivery: model.tranches[j].start, sign: 1, after: Int.min)
                }
            }
            providerState[p].cash = v[f.cash0]
            providerState[p].baseEBITDA0 = v[f.baseEBITDA]
            providerState[p].monthlyBaseGrowth = Double.log(onePlus: v[f.baseGrowth]) / 12
            if let l = f.leases {
                let annuity = Annuity(monthlyRate: DebtBook.monthlyRate(annual: v[l.rate]))
                providerState[p].leasedShare = v[l.share]
                providerState[p].leaseAnnuity = annuity
                providerState[p].leaseTermAnnuity = annuity.factor(months: v[l.term])
                let term = v[l.term]
                for k in 0..<model.months { plans.providers[.leaseFactorByAge, p, k] = annuity.factor(months: term - Double(k) - 1) }
            }
            if let o = f.other { providerState[p].otherGrowth = CompoundGrowth(annualRate: v[o.growth]) }
            summary.providerCash0[p] = v[f.cash0]
            summary.providerDebt0[p] = v[f.debt0]
            summary.covenant[p] = f.covenant.map { v[$0] }
            debt[p].reset(initialDebt: v[f.debt0])
            debt[p].setAmortization(years: f.amortizationYears.map { v[$0] })
            if let credit = f.credit, let cds = credit.cds5y {
                summary.providerMarketDefault5y[p] = CreditAccessRules.marketDefaultProbability(spread: v[cds], recovery: v[credit.cdsRecovery], years: 5)
            }
        }
    }

    // MARK: - End of path

    mutating func finish() {
        let T = model.months
        for (b, layout) in model.buyers.enumerated() {
            let rate = CompoundGrowth(annualRate: values[layout.discountRate])
            var npv = 0.0
            for t in 0..<T { npv += ledger.buyers[.operatingCashFlow, b, t] * rate.discount(month: t) }
            if buyerState[b].defaultMonth == nil {
                if layout.valuation != nil {
                    // On the valuation's basis: the enterprise value at the horizon; the equity value beside it.
                    let level = marketParameters.regimes[market.regime[T - 1]].valuationLevel
                    npv += enterpriseValue(b, T - 1, level: level) * rate.discount(month: T - 1)
                    summary.equityAtHorizon[b] = equityValue(b, T - 1, cash: buyerState[b].cash, level: level)
                } else {
                    let lastYear = ledger.buyers.sum(.revenue, b, (T - 12)..<T) * 12 / Double(min(12, T))
                    npv += values[layout.terminalMultiple] * lastYear * rate.discount(month: T - 1)
                }
            }
            summary.buyerNPV[b] = npv
            var demand = 0.0
            for t in 0..<T where buyerState[b].isAlive(at: t) {
                demand += ledger.buyers[.trainingDemand, b, t] + ledger.buyers[.inferenceDemand, b, t]
            }
            summary.buyerDemandMWMonths[b] = demand
        }
        for c in model.contracts.indices {
            summary.contractPaid[c] += ledger.contracts.sum(.recovery, c, 0..<T) + ledger.contracts.sum(.hostRecovery, c, 0..<T)
            // Deferred instalments due after the horizon from a buyer alive at its end count as paid,
            // like a recovery due after the horizon (a defaulted buyer's went into its claim).
            if buyerState[model.contracts[c].buyer].defaultMonth == nil {
                // Concession credit never used (the charges ended first) was never deferred: its
                // scheduled repayments after the horizon are not owed.
                let unused = min(contractState[c].concessionCredit, contractState[c].afterHorizonPrincipal)
                if unused > 0 {
                    contractState[c].afterHorizonValue *= 1 - unused / contractState[c].afterHorizonPrincipal
                    contractState[c].afterHorizonPrincipal -= unused
                }
                summary.deferredAfterHorizon[c] = contractState[c].afterHorizonPrincipal
                summary.contractPaid[c] += contractState[c].afterHorizonPrincipal
            }
        }
        for (p, layout) in model.providers.enumerated() {
            guard let f = layout.financials else { summary.providerNPV[p] = 0; continue }
            let wacc = CompoundGrowth(annualRate: values[f.wacc])
            var npv = 0.0
            for t in 0..<T {
                let flow = ledger.providers[.receipts, p, t] + ledger.providers[.recoveries, p, t] + ledger.providers[.releaseIncome, p, t]
                    - ledger.providers[.refunds, p, t] - ledger.providers[.capex, p, t] - ledger.providers[.opex, p, t] - ledger.providers[.buildRent, p, t]
                npv += flow * wacc.discount(month: t)
            }
            for c in model.providerContracts[p] {
                let contract = model.contracts[c]
                if contract.provider == p, summary.recoveryAfterHorizon[c] > 0 {
                    npv += summary.recoveryAfterHorizon[c] * wacc.discount(month: contractState[c].recoveryAfterHorizonMonth)
                }
                // A host's recovery: a hardware deal's host only (0 for every other contract).
                if contract.host == p, summary.hostRecoveryAfterHorizon[c] > 0 {
                    npv += summary.hostRecoveryAfterHorizon[c] * wacc.discount(month: contractState[c].recoveryAfterHorizonMonth)
                }
                // Deferred instalments after the horizon, already discounted at the WACC.
                if contract.provider == p, summary.deferredAfterHorizon[c] > 0 { npv += contractState[c].afterHorizonValue }
            }
            summary.providerNPV[p] = npv
            let residual = terminalValue(p)
            summary.providerResidual[p] = residual
            summary.providerNPVWithResidual[p] = npv + residual * wacc.discount(month: T - 1)
        }
    }

    /// A defaulted buyer earns and pays nothing: every monthly series of the buyer and its contracts is
    /// 0, but its cash and facility balance stay at the default month's.
    mutating func zeroBuyerMonth(_ b: Int, _ t: Int) {
        ledger.buyers.zeroMonth(b, t)
        ledger.buyers[.cash, b, t] = buyerState[b].cash
        ledger.buyers[.facilityBalance, b, t] = buyerState[b].facilityDrawn
        for k in model.buyerContracts[b].indices { ledger.contracts.zeroMonth(model.buyerContracts[b][k], t) }
    }

    /// The i-th month (in delivery order) in which provider p took leased MW.
    @inline(__always)
    func leaseVintage(_ p: Int, _ i: Int) -> Int { leaseVintages[p &* model.months &+ i] }

    /// Records month t as provider p's next lease vintage.
    mutating func addLeaseVintage(_ p: Int, month t: Int) {
        leaseVintages[p * model.months + providerState[p].leaseVintageCount] = t
        providerState[p].leaseVintageCount += 1
    }

    // MARK: - Small pure helpers

    /// A month count drawn as a real number, rounded to whole months (negative → 0).
    static func wholeMonths(_ x: Double) -> Int {
        guard x.isFinite, x > 0 else { return 0 }
        return Int(min(x.rounded(), 100_000))
    }

    /// Discount factor of a cash flow at the end of month t: (1 + r)^{−(t+1)/12}.
    public static func discount(_ annualRate: Double, month t: Int) -> Double {
        CompoundGrowth(annualRate: annualRate).discount(month: t)
    }
}

/// Where a tranche stands on a path.
enum TrancheStatus: UInt8, Sendable {
    /// Firm from the start.
    case firm
    /// An option not yet decided.
    case pending
    /// An option taken up: firm from its decision on.
    case exercised
    /// An option not taken up (its fee paid): never delivered.
    case lapsed
    /// Cancelled in a workout before delivery: never delivered.
    case cancelled
    /// A firm tranche turned into an option by a restructuring, not yet decided (then `exercised`
    /// or `lapsed`, without fee).
    case converted
    /// Not delivered because its builder defaulted first (`credit:`): never delivered.
    case lost
    /// Terminated by the buyer for late delivery (`delivery.terminate_after_months`): never delivered.
    case terminated

    /// Whether the tranche is to be delivered.
    var isActive: Bool { self == .firm || self == .exercised }
}

/// Draw indices of a buyer's random stream (purpose `.buyer`, one substream per buyer). Changing an
/// index is a stream change (docs/random.md).
enum BuyerDraws {
    /// The funding policy's attempt in month t.
    static func policyRound(month t: Int) -> UInt64 { UInt64(t) }
    /// Scheduled round j.
    static func scheduledRound(_ j: Int) -> UInt64 { (1 << 20) + UInt64(j) }
    /// The IPO's chance in month t.
    static func ipo(month t: Int) -> UInt64 { (1 << 21) + UInt64(t) }
}

struct BuyerState: Sendable {
    var cash = 0.0
    var defaultMonth: Int?
    var nextAttempt = 0
    var cooldown = 0
    var stream = RandomStream(seed: 0, path: 0, purpose: .buyer)
    var deterministic = false
    var potential = RevenuePotential(revenue0: 0, initialGrowth: 0, longRunGrowth: nil, halfLifeMonths: 1, demandBeta: 0,
                                     revenuePerMW0: 1, revenuePerMWTrend: 0)
    /// Credit facility balance.
    var facilityDrawn = 0.0
    var ipoDone = false
    /// With `funding.valuation`: the post-money value of the last priced raise (the reference of a
    /// down round), and the share of the company the holders at the start still own.
    var lastPostMoney = 0.0
    var ownership = 1.0
    /// A priced round in progress: the hazard accumulated since it opened, and the exponential draw it
    /// must reach (`−log(1 − u)`, u drawn when it opened); `.infinity` when none is open.
    var raiseHazard = 0.0
    var raiseThreshold = Double.infinity
    /// The path's opex growth and revenue-per-MW trend, prepared (`CompoundGrowth`).
    var opexGrowth = CompoundGrowth(annualRate: 0)
    var revenuePerMWTrend = CompoundGrowth(annualRate: 0)

    init() {}
    init(cash: Double, defaultMonth: Int?, nextAttempt: Int, cooldown: Int, stream: RandomStream, deterministic: Bool,
         potential: RevenuePotential) {
        self.cash = cash
        self.defaultMonth = defaultMonth
        self.nextAttempt = nextAttempt
        self.cooldown = cooldown
        self.stream = stream
        self.deterministic = deterministic
        self.potential = potential
    }

    /// Alive at the start of month t: never defaulted, or defaulted in month t or later.
    func isAlive(at t: Int) -> Bool { defaultMonth.map { $0 >= t } ?? true }

    /// A Bernoulli(p) event from draw `index` of the buyer's stream (u = ½ in the deterministic case).
    func succeeds(probability p: Double, draw index: UInt64) -> Bool {
        let u = deterministic ? 0.5 : stream.uniform(at: index)
        return u < p
    }
}

struct ContractState: Sendable {
    var delay = 0
    var takeOrPay = 1.0
    var prepayment = 0.0
    var terminationFeeMonths: Double?
    var recoveryRate = 0.0
    var recoveryLag = 0
    var releaseUniform = 0.5
    /// The last month the contract serves its buyer on this path (`PathSimulator.termEnd`): the term's
    /// end, moved by each renewal; and the renewals so far.
    var end = Int.max
    var renewals = 0
    /// Prepayment not yet credited against invoices.
    var credit = 0.0
    var strandedMW = 0.0
    var strandedFrom = Int.max
    var releaseMonth = Int.max
    /// Re-lease income per MW-month, fixed at the price of the month it is re-leased (NaN before).
    var releaseRate = Double.nan
    var recoveryAfterHorizonMonth = 0
    /// Hardware deal: chip price per MW and chip principal not yet paid.
    var chipPricePerMW = 0.0
    var chipOutstanding = 0.0
    /// Deferred principal not yet repaid, and all principal ever deferred.
    var deferredOutstanding = 0.0
    var deferredTotal = 0.0
    /// Deferred principal whose instalments fall after the horizon, and the value of those instalments
    /// (principal and interest) to the provider at its WACC, discounted from their months (0 without a
    /// balance sheet). Counted at the end of the path if the buyer is still alive.
    var afterHorizonPrincipal = 0.0
    var afterHorizonValue = 0.0
    /// Charges a restructuring lets the buyer defer as they fall due (deferral and term extension),
    /// not yet used; their repayment is scheduled when the package is agreed.
    var concessionCredit = 0.0
    /// The product of the restructurings' price cuts: the price is `priceFactor` × the price as written.
    var priceFactor = 1.0
    /// From `lostFrom` (its builder's default + 1) only `keptShare` of the delivered MW is served.
    var lostFrom = Int.max
    var keptShare = 1.0
    /// Service credits (`delivery:`): earned in all, owed and not yet applied, and the cap on the total.
    var serviceCreditEarned = 0.0
    var serviceCreditOwed = 0.0
    var serviceCreditCap = 0.0

    init() {}
    init(delay: Int, takeOrPay: Double, prepayment: Double, terminationFeeMonths: Double?, recoveryRate: Double,
         recoveryLag: Int, releaseUniform: Double, end: Int) {
        self.delay = delay
        self.takeOrPay = takeOrPay
        self.prepayment = prepayment
        self.terminationFeeMonths = terminationFeeMonths
        self.recoveryRate = recoveryRate
        self.recoveryLag = recoveryLag
        self.releaseUniform = releaseUniform
        self.end = end
    }
}

struct ProviderState: Sendable {
    var cash = 0.0
    var baseEBITDA0 = 0.0
    var monthlyBaseGrowth = 0.0
    /// The path's constants of the provider's month, prepared at set-up: the leased share of the
    /// build's sites (0 without leases), the leases' annuity at their monthly discount rate with the
    /// annuity factor of a full term, and the other customers' growth.
    var leasedShare = 0.0
    var leaseAnnuity = Annuity(monthlyRate: 0)
    var leaseTermAnnuity = 0.0
    var otherGrowth = CompoundGrowth(annualRate: 0)
    /// The lease liability of the build's leased sites at the end of the last month stepped (without
    /// `liability0`): at the horizon, what the value at the horizon owes (`terminalValue`).
    var buildLeaseLiability = 0.0
    /// Consecutive fiscal year ends above the rating threshold and the downgrade threshold.
    var yearsAbove = 0
    var yearsAboveDowngrade = 0
    /// Lease vintages recorded so far (see `PathSimulator.leaseVintages`).
    var leaseVintageCount = 0
    /// With `credit:`: the month of default (nil: alive), new equity issued in the current fiscal
    /// year and that year's number (the calendar year its fiscal year ends in).
    var defaultMonth: Int?
    var equityThisYear = 0.0
    var equityYear = Int.min
}

/// The simulator's own schedules of a path, per party, in books like the ledger's (see ``Book``): what
/// is planned or falls due in each month. Not part of the result.
struct PathPlans: PartyBooks, Sendable {
    var buyers: Book<BuyerPlan>
    var contracts: Book<ContractPlan>
    var providers: Book<ProviderPlan>

    init(buyers: Int, contracts: Int, providers: Int, months: Int) {
        self.buyers = Book(entities: buyers, months: months)
        self.contracts = Book(entities: contracts, months: months)
        self.providers = Book(entities: providers, months: months)
    }
}

enum BuyerPlan: Int, BookColumn {
    /// Training MW of the buyer's plan in force each month (before austerity).
    case training
    /// The buyer's `training_share` in force each month (0 without one).
    case trainingShare

    var filling: SeriesFilling { .setUp }
}

enum ContractPlan: Int, BookColumn {
    /// MW delivered each month if the buyer never defaults (the schedule as delivered, firm and
    /// exercised tranches, cancelled ones removed).
    case deliveredMW
    /// The builder's capex for the contract's tranches: instalments before the planned delivery (the
    /// owned facility; a capacity rental's chips with `chip_lead_months`), which a halted build stops,
    /// and a capacity rental's chips paid at the actual delivery.
    case buildCapex
    case chipCapex
    /// Chip instalments (principal, interest) of a hardware deal falling due each month.
    case chipPrincipalDue
    case chipInterestDue
    /// Deferred charges (principal, interest) falling due each month.
    case deferralPrincipalDue
    case deferralInterestDue

    var filling: SeriesFilling { self == .deliveredMW ? .setUp : .accrued }
}

enum ProviderPlan: Int, BookColumn {
    /// Leased MW by month of delivery (for rent and the lease liability).
    case leasedMW
    /// For a provider with leases, by age k in months (not by month): the annuity factor of the rent
    /// still to pay on a vintage k months old, `factor(term − k − 1)` (filled at set-up: one `expm1`
    /// per age and path instead of one per vintage and month).
    case leaseFactorByAge

    var filling: SeriesFilling { self == .leasedMW ? .accrued : .setUp }
}
