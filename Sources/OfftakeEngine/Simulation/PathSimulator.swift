import OfftakeModel
import OfftakeRandom
import RealModule

/// Simulates one path: a pure function of (model, seed, path index). The simulator owns every buffer
/// a path needs and reuses them from path to path, so the monthly loop allocates nothing; make one
/// per thread.
///
/// The month, in the order of model.md: market → buyer demand (with austerity) → capacity delivered
/// under live contracts → allocation (training, inference most efficient first, spot) → payments
/// (charges, prepayment credits, spot) → buyer cash, funding attempts, default check → providers
/// (receipts, recoveries, re-lease, base EBITDA, capex, opex, interest, debt draws, leverage,
/// stranded capacity). docs/model.md states every choice where model.md is silent.
public struct PathSimulator: Sendable {
    public let model: SimulationModel
    /// The path's parameter vector (in `model.sampler.paths` order).
    public private(set) var values: [Double]
    public private(set) var market: MarketPath
    public private(set) var ledger: PathLedger
    public private(set) var summary: PathSummary

    var marketParameters: MarketParameters
    var buyerState: [BuyerState]
    var contractState: [ContractState]
    var providerState: [ProviderState]
    var debt: [DebtBook]
    /// Per contract: MW delivered each month if the buyer never defaults (the schedule as delivered).
    var deliveredPlan: MonthGrid
    var facilityCapexPlan: MonthGrid
    var chipCapexPlan: MonthGrid
    var trainingPlan: MonthGrid
    var revenueScratch: [Double]
    var inferenceScratch: [Double]
    var pools: [CapacityAllocation.Pool]
    var poolUsed: [Double]
    var poolTraining: [Double]
    var poolOrder: [Int]
    /// Whether the path fills `ledger.providerDepreciation` (the deterministic base case does).
    var recordsDepreciation = false
    var copulaUniforms: [Double] = []
    var copulaScratch: [Double] = []

    /// A simulator with its own copy of the model's arrays (see `SimulationModel.privateCopy`).
    public init(model: SimulationModel) {
        self.model = model.privateCopy()
        let T = model.months, B = model.buyers.count, C = model.contracts.count, P = model.providers.count
        values = [Double](repeating: 0, count: model.sampler.count)
        market = MarketPath(months: T)
        ledger = PathLedger(buyers: B, contracts: C, providers: P, months: T)
        summary = PathSummary(buyers: B, contracts: C, providers: P)
        marketParameters = MarketParameters(layout: model.market, regimeCount: model.market.regimeSlots.count)
        marketParameters.setTransitions(model.scenario.market.regimes)
        buyerState = [BuyerState](repeating: BuyerState(), count: B)
        contractState = [ContractState](repeating: ContractState(), count: C)
        providerState = [ProviderState](repeating: ProviderState(), count: P)
        debt = (0..<P).map { p in
            DebtBook(initialDebt: 0, months: T, amortizationYears: model.providers[p].financials?.amortizationYears == nil ? nil : 1)
        }
        deliveredPlan = MonthGrid(entities: C, months: T)
        facilityCapexPlan = MonthGrid(entities: C, months: T)
        chipCapexPlan = MonthGrid(entities: C, months: T)
        trainingPlan = MonthGrid(entities: B, months: T)
        revenueScratch = [Double](repeating: 0, count: T)
        inferenceScratch = [Double](repeating: 0, count: T)
        let maxPools = model.buyers.map(\.contracts.count).max() ?? 0
        pools = [CapacityAllocation.Pool](repeating: CapacityAllocation.Pool(mw: 0, training: false, inference: false, efficiency: 0), count: maxPools)
        poolUsed = [Double](repeating: 0, count: maxPools)
        poolTraining = [Double](repeating: 0, count: maxPools)
        poolOrder = [Int](repeating: 0, count: maxPools)
    }

    /// Runs path `path` of `seed`. With `deterministic`, every parameter is at its median, every shock
    /// zero, the regime fixed at its initial state and every Bernoulli event decided by u = ½.
    public mutating func simulate(seed: UInt64, path: UInt64, deterministic: Bool = false) {
        recordsDepreciation = deterministic
        if deterministic {
            let medians = model.sampler.medians()
            for i in values.indices { values[i] = medians[i] }
        } else {
            model.sampler.draw(seed: seed, path: path, into: &values, uniforms: &copulaUniforms, scratch: &copulaScratch)
        }
        marketParameters.load(values, layout: model.market)
        MarketProcess.simulate(marketParameters, seed: seed, path: path, forcing: model.forcing,
                               deterministic: deterministic, into: &market)
        setUpBuyers(seed: seed, path: path, deterministic: deterministic)
        setUpContracts(seed: seed, path: path, deterministic: deterministic)
        setUpProviders()
        ledger.contractRecovery.reset()
        ledger.providerRefunds.reset()
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
            let potential = RevenuePotential(
                revenue0: v[layout.revenue0], initialGrowth: v[layout.growthInitial], longRunGrowth: layout.growthLongRun.map { v[$0] },
                halfLifeMonths: v[layout.halfLife], demandBeta: v[layout.demandBeta], revenuePerMW0: v[layout.revenuePerMW],
                revenuePerMWTrend: v[layout.revenuePerMWTrend])
            potential.simulate(demand: market.demand, revenue: &revenueScratch, inferenceMW: &inferenceScratch)
            var step = -1
            for t in 0..<T {
                ledger.buyerRevenuePotential[b, t] = revenueScratch[t]
                ledger.buyerInferenceDemand[b, t] = inferenceScratch[t]
                while step + 1 < layout.training.count && layout.training[step + 1].month <= t { step += 1 }
                trainingPlan[b, t] = step >= 0 ? v[layout.training[step].slot] : 0
            }
            let cooldown = max(0, v[layout.cooldown].rounded())
            buyerState[b] = BuyerState(
                cash: v[layout.cash0], defaultMonth: nil, nextAttempt: 0,
                cooldown: Int(min(cooldown, Double(Int32.max))),
                stream: RandomStream(seed: seed, path: path, purpose: .buyer, substream: layout.substream),
                deterministic: deterministic)
            summary.buyerCash0[b] = v[layout.cash0]
            summary.defaultMonth[b] = nil
        }
    }

    mutating func setUpContracts(seed: UInt64, path: UInt64, deterministic: Bool) {
        let T = model.months
        let releaseStream = RandomStream(seed: seed, path: path, purpose: .contract)
        for (c, layout) in model.contracts.enumerated() {
            let v = values
            let delay = PathSimulator.wholeMonths(v[layout.deliveryDelay])
            let escalator = v[layout.escalator]
            let first = layout.firstMonth, last = layout.lastMonth
            // Price at the first tranche's planned start; with total_value, derived on the planned schedule.
            let basePrice = ContractPricing.initialPrice(
                layout.priceIsTotal ? .totalValue(v[layout.price]) : .perMWMonth(v[layout.price]),
                first: first, last: last, escalator: escalator
            ) { t in
                var planned = 0.0
                for tranche in model.tranches[layout.tranches] where tranche.start <= t { planned += v[tranche.mw] }
                return planned
            }
            for t in 0..<T {
                ledger.contractPrice[c, t] = basePrice * ContractPricing.escalation(escalator, months: t - first)
                var mw = 0.0
                if t <= last { for tranche in model.tranches[layout.tranches] where tranche.start + delay <= t { mw += v[tranche.mw] } }
                deliveredPlan[c, t] = mw
                facilityCapexPlan[c, t] = 0
                chipCapexPlan[c, t] = 0
            }
            let u = deterministic ? 0.5 : releaseStream.uniform(at: layout.releaseDrawIndex)
            contractState[c] = ContractState(
                delay: delay, takeOrPay: v[layout.takeOrPay],
                prepayment: layout.prepayment.map { v[$0] } ?? 0,
                terminationFeeMonths: layout.terminationFeeMonths.map { v[$0] },
                recoveryRate: v[layout.recoveryRate], recoveryLag: PathSimulator.wholeMonths(v[layout.recoveryLag]),
                releaseUniform: u)
            summary.contractValue[c] = 0
            summary.contractPaid[c] = 0
            summary.contractClaim[c] = 0
            summary.recoveryAfterHorizon[c] = 0
        }
    }

    mutating func setUpProviders() {
        let T = model.months
        for (p, layout) in model.providers.enumerated() {
            providerState[p] = ProviderState()
            summary.providerSunkCapex[p] = 0
            summary.covenant[p] = nil
            guard let f = layout.financials else { continue }
            let v = values
            let build = PathSimulator.wholeMonths(v[f.buildMonths])
            for c in layout.contracts {
                let contract = model.contracts[c]
                let delay = contractState[c].delay
                let chipsPerMW = v[model.accelerators[contract.accelerator].capexPerMW]
                for tranche in model.tranches[contract.tranches] {
                    BuildOut.schedule(
                        mw: v[tranche.mw], facilityCapexPerMW: v[f.facilityCapexPerMW], chipCapexPerMW: chipsPerMW,
                        plannedDelivery: tranche.start, actualDelivery: tranche.start + delay, lastMonth: contract.lastMonth,
                        buildMonths: build
                    ) { amount, t, isFacility in
                        if t < 0 {
                            summary.providerSunkCapex[p] += amount
                        } else if t < T {
                            if isFacility { facilityCapexPlan[c, t] += amount } else { chipCapexPlan[c, t] += amount }
                        }
                    }
                }
            }
            providerState[p].cash = v[f.cash0]
            providerState[p].baseEBITDA0 = v[f.baseEBITDA]
            providerState[p].monthlyBaseGrowth = Double.log(onePlus: v[f.baseGrowth]) / 12
            summary.providerCash0[p] = v[f.cash0]
            summary.providerDebt0[p] = v[f.debt0]
            summary.covenant[p] = f.covenant.map { v[$0] }
            debt[p].reset(initialDebt: v[f.debt0])
            debt[p].setAmortization(years: f.amortizationYears.map { v[$0] })
        }
    }

    // MARK: - The buyer's month

    mutating func stepBuyer(_ b: Int, _ t: Int) {
        let layout = model.buyers[b]
        let v = values
        let regime = marketParameters.regimes[market.regime[t]]
        let price = market.price[t]
        let runwayAtStart = runway(b, cash: t == 0 ? buyerState[b].cash : ledger.buyerCash[b, t - 1], through: t - 1)

        // 2. Demand: inference from revenue potential, training after austerity.
        var training = trainingPlan[b, t]
        if runwayAtStart < v[layout.austerityRunway] { training *= 1 - v[layout.austerityCut] }
        let inference = ledger.buyerInferenceDemand[b, t]
        ledger.buyerTrainingDemand[b, t] = training

        // 3. Capacity under live contracts.
        let n = layout.contracts.count
        for (k, c) in layout.contracts.enumerated() {
            let a = model.accelerators[model.contracts[c].accelerator]
            pools[k] = CapacityAllocation.Pool(mw: deliveredPlan[c, t], training: a.training, inference: a.inference, efficiency: v[a.efficiency])
        }
        // 4. Allocation.
        let spotLimit = runwayAtStart > v[layout.spotMinRunway] ? v[layout.spotMaxMW] * regime.spotAvailability : 0
        let allocation = CapacityAllocation.allocate(
            pools: pools, count: n, trainingMW: training, inferenceDemand: inference, spotLimitMW: spotLimit,
            used: &poolUsed, training: &poolTraining, order: &poolOrder)

        // 5. Payments.
        var contractPayments = 0.0, unused = 0.0
        for (k, c) in layout.contracts.enumerated() {
            let mw = pools[k].mw
            let used = poolUsed[k]
            let contractPrice = ledger.contractPrice[c, t]
            let takeOrPay = contractState[c].takeOrPay
            let charge = mw > 0 ? contractPrice * max(takeOrPay * mw, used) : 0
            var cash = 0.0
            if t == model.contracts[c].prepaymentMonth && contractState[c].prepayment > 0 {
                cash += contractState[c].prepayment
                contractState[c].credit += contractState[c].prepayment
            }
            let credit = min(contractState[c].credit, charge)
            contractState[c].credit -= credit
            cash += charge - credit
            if t == model.contracts[c].lastMonth && contractState[c].credit > 0 {
                cash -= contractState[c].credit  // unused prepayment returned at the end of the term
                contractState[c].credit = 0
            }
            ledger.contractDeliveredMW[c, t] = mw
            ledger.contractUsedMW[c, t] = used
            ledger.contractTrainingMW[c, t] = poolTraining[k]
            ledger.contractInferenceServed[c, t] = (used - poolTraining[k]) * pools[k].efficiency
            ledger.contractCharge[c, t] = charge
            ledger.contractCash[c, t] = cash
            summary.contractValue[c] += charge
            summary.contractPaid[c] += cash
            contractPayments += cash
            if mw > 0 { unused += contractPrice * max(0, takeOrPay * mw - used) }
        }
        let spotCost = allocation.spotMW * price * v[layout.spotMarkup]

        // 6. Buyer cash.
        let served = allocation.servedInference
        let revenue = inference > 0 ? ledger.buyerRevenuePotential[b, t] * min(1, served / inference) : 0
        let opex = v[layout.opexFixed] * Double.exp(Double.log(onePlus: v[layout.opexGrowth]) * Double(t) / 12) + v[layout.opexRevenueShare] * revenue
        let operating = revenue - opex - contractPayments - spotCost
        ledger.buyerInferenceServed[b, t] = served
        ledger.buyerSpotMW[b, t] = allocation.spotMW
        ledger.buyerRevenue[b, t] = revenue
        ledger.buyerOpex[b, t] = opex
        ledger.buyerContractPayments[b, t] = contractPayments
        ledger.buyerSpotCost[b, t] = spotCost
        ledger.buyerUnusedCommitment[b, t] = unused
        ledger.buyerOperatingCashFlow[b, t] = operating
        var cash = buyerState[b].cash + operating

        var funding = 0.0
        for (j, round) in layout.rounds.enumerated() where round.month == t {
            if buyerState[b].succeeds(probability: v[round.probability], draw: (1 << 20) + UInt64(j)) { funding += v[round.amount] }
        }
        // The policy looks at cash after this month's scheduled rounds.
        if let threshold = layout.raiseBelowRunway, t >= buyerState[b].nextAttempt,
           runway(b, cash: cash + funding, through: t) < v[threshold] {
            let growth = recentRevenueGrowth(b, t)
            let p = min(1, max(0, regime.fundingSuccess * (1 + v[layout.growthSensitivity] * growth)))
            if buyerState[b].succeeds(probability: p, draw: UInt64(t)) { funding += v[layout.roundSize] }
            buyerState[b].nextAttempt = t + max(1, buyerState[b].cooldown)
        }
        cash += funding
        ledger.buyerFunding[b, t] = funding
        ledger.buyerCash[b, t] = cash
        buyerState[b].cash = cash
        if cash < 0 { defaultBuyer(b, at: t) }
    }

    /// Cash ÷ the average net burn of the last three months up to `through`: +∞ when not burning
    /// (or before any month has passed), 0 when cash is not positive.
    func runway(_ b: Int, cash: Double, through t: Int) -> Double {
        guard cash > 0 else { return 0 }
        guard t >= 0 else { return .infinity }
        let from = max(0, t - 2)
        let burn = -ledger.buyerOperatingCashFlow.sum(b, from..<(t + 1)) / Double(t + 1 - from)
        guard burn > 0 else { return .infinity }
        return cash / burn
    }

    /// Year-on-year growth of realised revenue over the last three months (0 before 15 months exist).
    func recentRevenueGrowth(_ b: Int, _ t: Int) -> Double {
        guard t >= 14 else { return 0 }
        let now = ledger.buyerRevenue.sum(b, (t - 2)..<(t + 1))
        let before = ledger.buyerRevenue.sum(b, (t - 14)..<(t - 11))
        return before > 0 ? now / before - 1 : 0
    }

    /// Terminates the buyer's contracts: each provider files a claim on the take-or-pay value of the
    /// remaining term (capped by the termination fee), keeps unused prepayment credit against it and
    /// recovers `recovery_rate` × the rest `recovery_lag_months` later. Delivered MW become stranded.
    mutating func defaultBuyer(_ b: Int, at t: Int) {
        buyerState[b].defaultMonth = t
        summary.defaultMonth[b] = t
        let T = model.months
        for c in model.buyers[b].contracts {
            let layout = model.contracts[c]
            var state = contractState[c]
            defer { contractState[c] = state }
            guard t < layout.lastMonth else { continue }  // the term is over: nothing remains
            var remaining = 0.0
            for s in (t + 1)...layout.lastMonth {
                remaining += state.takeOrPay * chargeablePrice(c, s) * plannedMW(c, s)
            }
            var claim = remaining
            if let feeMonths = state.terminationFeeMonths {
                let currentMW = deliveredPlan[c, t] > 0 ? deliveredPlan[c, t] : firstDeliveredMW(c)
                claim = min(claim, feeMonths * ledger.contractPrice[c, t] * currentMW)
            }
            let retained = min(state.credit, claim)
            let refund = state.credit - retained
            state.credit = 0
            let recovery = state.recoveryRate * (claim - retained)
            summary.contractValue[c] += remaining
            summary.contractPaid[c] -= refund
            summary.contractClaim[c] = claim - retained
            let p = layout.provider
            ledger.providerRefunds[p, t] += refund
            let when = t + state.recoveryLag
            if when < T {
                ledger.contractRecovery[c, when] += recovery
            } else {
                summary.recoveryAfterHorizon[c] += recovery
                summary.contractPaid[c] += recovery
                state.recoveryAfterHorizonMonth = when
            }
            // Stranded capacity: what is online now waits for a new tenant (geometric waiting time).
            state.strandedMW = deliveredPlan[c, t]
            state.strandedFrom = t + 1
            if let f = model.providers[p].financials {
                let hazard = values[f.releaseHazard]
                state.releaseMonth = PathSimulator.releaseMonth(after: t, hazard: hazard, uniform: state.releaseUniform)
            } else {
                state.releaseMonth = Int.max
            }
        }
    }

    /// Month the stranded block is re-leased: t + K with K ≥ 1 geometric(hazard), by inversion of u.
    static func releaseMonth(after t: Int, hazard: Double, uniform u: Double) -> Int {
        guard hazard > 0 else { return Int.max }
        guard hazard < 1 else { return t + 1 }
        let k = (Double.log(onePlus: -u) / Double.log(onePlus: -hazard)).rounded(.up)
        return k >= Double(Int32.max) ? Int.max : t + max(1, Int(k))
    }

    func chargeablePrice(_ c: Int, _ s: Int) -> Double {
        s < model.months ? ledger.contractPrice[c, s] : 0
    }

    func plannedMW(_ c: Int, _ s: Int) -> Double { s < model.months ? deliveredPlan[c, s] : 0 }

    func firstDeliveredMW(_ c: Int) -> Double {
        for t in 0..<model.months where deliveredPlan[c, t] > 0 { return deliveredPlan[c, t] }
        return 0
    }

    // MARK: - The provider's month

    mutating func stepProvider(_ p: Int, _ t: Int) {
        let layout = model.providers[p]
        var receipts = 0.0, recoveries = 0.0, release = 0.0, capex = 0.0, online = 0.0, used = 0.0, stranded = 0.0, depreciation = 0.0
        let f = layout.financials
        for c in layout.contracts {
            let contract = model.contracts[c]
            let b = contract.buyer
            let live = buyerState[b].isAlive(at: t)
            receipts += ledger.contractCash[c, t]
            recoveries += ledger.contractRecovery[c, t]
            if live {
                online += ledger.contractDeliveredMW[c, t]
                used += ledger.contractUsedMW[c, t]
                capex += facilityCapexPlan[c, t] + chipCapexPlan[c, t]
            } else if contractState[c].strandedMW > 0 && t >= contractState[c].strandedFrom && t <= contract.lastMonth {
                // Stranded or re-leased until the contract's own end: without a default the capacity
                // leaves the model at the end of the term too (no renewals are modelled).
                let mw = contractState[c].strandedMW
                online += mw
                if t >= contractState[c].releaseMonth {
                    if contractState[c].releaseRate.isNaN, let f {
                        contractState[c].releaseRate = market.price[t] * values[f.releaseDiscount]
                    }
                    release += mw * (contractState[c].releaseRate.isNaN ? 0 : contractState[c].releaseRate)
                    used += mw
                } else {
                    stranded += mw
                }
            }
            // Depreciation feeds no metric, only the base-case table: computed for that path alone.
            if let f, recordsDepreciation { depreciation += self.depreciation(c, t, facilityLife: values[f.facilityLife]) }
        }
        ledger.providerReceipts[p, t] = receipts
        ledger.providerRecoveries[p, t] = recoveries
        ledger.providerReleaseIncome[p, t] = release
        ledger.providerMWOnline[p, t] = online
        ledger.providerMWUsed[p, t] = used
        ledger.providerStrandedMW[p, t] = stranded
        guard let f else { return }
        let v = values
        let regime = marketParameters.regimes[market.regime[t]]
        let base = providerState[p].baseEBITDA0 * Double.exp(providerState[p].monthlyBaseGrowth * Double(t))
        let opex = v[f.opexPerMWMonth] * online
        let draw = v[f.debtFraction] * capex
        let (interest, repayment) = debt[p].book(month: t, draw: draw, annualRate: v[f.interestRate] + regime.creditSpread)
        let refunds = ledger.providerRefunds[p, t]
        let cash = providerState[p].cash + receipts + recoveries + release + base + draw - capex - opex - interest - repayment - refunds
        providerState[p].cash = cash
        let ebitda = base + receipts + release - opex
        ledger.providerBaseEBITDA[p, t] = base
        ledger.providerCapex[p, t] = capex
        ledger.providerOpex[p, t] = opex
        ledger.providerInterest[p, t] = interest
        ledger.providerRepayment[p, t] = repayment
        ledger.providerDebtDraw[p, t] = draw
        ledger.providerCash[p, t] = cash
        ledger.providerDebt[p, t] = debt[p].balance
        ledger.providerEBITDA[p, t] = ebitda
        ledger.providerDepreciation[p, t] = depreciation
        let window = ledger.providerEBITDA.row(p)
        let lo = window.startIndex + max(0, t - 11), hi = window.startIndex + t + 1
        ledger.providerLeverage[p, t] = DebtBook.leverage(debt: debt[p].balance, monthlyEBITDA: window[lo..<hi])
    }

    /// Straight-line depreciation of the contract's delivered tranches: chips over the accelerator's
    /// life, facility over `facility_life_months`, from the month of delivery.
    func depreciation(_ c: Int, _ t: Int, facilityLife: Double) -> Double {
        let contract = model.contracts[c]
        let state = contractState[c]
        let b = contract.buyer
        let a = model.accelerators[contract.accelerator]
        guard let f = model.providers[contract.provider].financials else { return 0 }
        var total = 0.0
        for tranche in model.tranches[contract.tranches] {
            let delivery = tranche.start + state.delay
            guard delivery <= t, delivery <= contract.lastMonth else { continue }
            if let d = buyerState[b].defaultMonth, delivery > d { continue }  // cancelled before delivery
            let mw = values[tranche.mw]
            let age = Double(t - delivery)
            let chipLife = values[a.lifeMonths]
            if age < chipLife { total += mw * values[a.capexPerMW] / chipLife }
            if age < facilityLife { total += mw * values[f.facilityCapexPerMW] / facilityLife }
        }
        return total
    }

    // MARK: - End of path

    mutating func finish() {
        let T = model.months
        for (b, layout) in model.buyers.enumerated() {
            let rate = values[layout.discountRate]
            var npv = 0.0
            for t in 0..<T { npv += ledger.buyerOperatingCashFlow[b, t] * PathSimulator.discount(rate, month: t) }
            if buyerState[b].defaultMonth == nil {
                let lastYear = ledger.buyerRevenue.sum(b, (T - 12)..<T) * 12 / Double(min(12, T))
                npv += values[layout.terminalMultiple] * lastYear * PathSimulator.discount(rate, month: T - 1)
            }
            summary.buyerNPV[b] = npv
            var demand = 0.0
            for t in 0..<T where buyerState[b].isAlive(at: t) {
                demand += ledger.buyerTrainingDemand[b, t] + ledger.buyerInferenceDemand[b, t]
            }
            summary.buyerDemandMWMonths[b] = demand
        }
        for c in model.contracts.indices {
            summary.contractPaid[c] += ledger.contractRecovery.sum(c, 0..<T)
        }
        for (p, layout) in model.providers.enumerated() {
            guard let f = layout.financials else { summary.providerNPV[p] = 0; continue }
            let wacc = values[f.wacc]
            var npv = 0.0
            for t in 0..<T {
                let flow = ledger.providerReceipts[p, t] + ledger.providerRecoveries[p, t] + ledger.providerReleaseIncome[p, t]
                    - ledger.providerRefunds[p, t] - ledger.providerCapex[p, t] - ledger.providerOpex[p, t]
                npv += flow * PathSimulator.discount(wacc, month: t)
            }
            for c in layout.contracts where summary.recoveryAfterHorizon[c] > 0 {
                npv += summary.recoveryAfterHorizon[c] * PathSimulator.discount(wacc, month: contractState[c].recoveryAfterHorizonMonth)
            }
            summary.providerNPV[p] = npv
        }
    }

    /// A defaulted buyer earns and pays nothing; its cash stays at the default month's balance.
    mutating func zeroBuyerMonth(_ b: Int, _ t: Int) {
        ledger.buyerTrainingDemand[b, t] = 0; ledger.buyerInferenceServed[b, t] = 0; ledger.buyerSpotMW[b, t] = 0
        ledger.buyerRevenue[b, t] = 0; ledger.buyerOpex[b, t] = 0; ledger.buyerContractPayments[b, t] = 0
        ledger.buyerSpotCost[b, t] = 0; ledger.buyerUnusedCommitment[b, t] = 0; ledger.buyerOperatingCashFlow[b, t] = 0
        ledger.buyerFunding[b, t] = 0; ledger.buyerCash[b, t] = buyerState[b].cash
        for c in model.buyers[b].contracts {
            ledger.contractDeliveredMW[c, t] = 0; ledger.contractUsedMW[c, t] = 0; ledger.contractTrainingMW[c, t] = 0
            ledger.contractInferenceServed[c, t] = 0; ledger.contractCharge[c, t] = 0; ledger.contractCash[c, t] = 0
        }
    }

    // MARK: - Small pure helpers

    /// A month count drawn as a real number, rounded to whole months (negative → 0).
    static func wholeMonths(_ x: Double) -> Int {
        guard x.isFinite, x > 0 else { return 0 }
        return Int(min(x.rounded(), 100_000))
    }

    /// Discount factor of a cash flow at the end of month t: (1 + r)^{−(t+1)/12}.
    public static func discount(_ annualRate: Double, month t: Int) -> Double {
        Double.exp(-Double.log(onePlus: annualRate) * Double(t + 1) / 12)
    }
}

struct BuyerState: Sendable {
    var cash = 0.0
    var defaultMonth: Int?
    var nextAttempt = 0
    var cooldown = 0
    var stream = RandomStream(seed: 0, path: 0, purpose: .buyer)
    var deterministic = false

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
    /// Prepayment not yet credited against invoices.
    var credit = 0.0
    var strandedMW = 0.0
    var strandedFrom = Int.max
    var releaseMonth = Int.max
    /// Re-lease income per MW-month, fixed at the price of the month it is re-leased (NaN before).
    var releaseRate = Double.nan
    var recoveryAfterHorizonMonth = 0

    init() {}
    init(delay: Int, takeOrPay: Double, prepayment: Double, terminationFeeMonths: Double?, recoveryRate: Double,
         recoveryLag: Int, releaseUniform: Double) {
        self.delay = delay
        self.takeOrPay = takeOrPay
        self.prepayment = prepayment
        self.terminationFeeMonths = terminationFeeMonths
        self.recoveryRate = recoveryRate
        self.recoveryLag = recoveryLag
        self.releaseUniform = releaseUniform
    }
}

struct ProviderState: Sendable {
    var cash = 0.0
    var baseEBITDA0 = 0.0
    var monthlyBaseGrowth = 0.0
}
