import OfftakeModel
import RealModule

/// The buyer's month: options, demand, allocation, billing, operating cash flow, funding, and then
/// the workout ladder (`PathSimulator+Workout`).
extension PathSimulator {
    mutating func stepBuyer(_ b: Int, _ t: Int) {
        let regime = marketParameters.regimes[market.regime[t]]
        let price = market.price[t]
        let runwayAtStart = runway(b, cash: t == 0 ? buyerState[b].cash : ledger.buyers[.cash, b, t - 1], through: t - 1)
        // The buyer's contracts by index: iterating the list itself would retain and release its buffer.
        for k in model.buyerContracts[b].indices { ledger.contracts[.fees, model.buyerContracts[b][k], t] = 0 }
        ledger.buyers[.vendorFinancing, b, t] = 0
        ledger.buyers[.backerFunding, b, t] = 0

        // 1. Options due for a decision this month.
        decideOptions(b, t, runway: runwayAtStart)

        // 2. Demand: inference from revenue potential, training after austerity.
        var training = trainingWanted(b, t)
        if runwayAtStart < values[model.buyers[b].austerityRunway] { training *= 1 - values[model.buyers[b].austerityCut] }
        let inference = ledger.buyers[.inferenceDemand, b, t]
        ledger.buyers[.trainingDemand, b, t] = training

        // 3. Capacity under live contracts.
        let n = model.buyerContracts[b].count
        for k in 0..<n {
            let c = model.buyerContracts[b][k]
            let a = model.accelerators[model.contracts[c].accelerator]
            // Delivered, and with delivery terms late tranches terminated and the gap partly replaced.
            pools[k] = CapacityAllocation.Pool(mw: capacityServed(c, t), training: a.training, inference: a.inference, efficiency: values[a.efficiency])
        }
        // 4. Allocation.
        let spotLimit = runwayAtStart > values[model.buyers[b].spotMinRunway] ? values[model.buyers[b].spotMaxMW] * regime.spotAvailability : 0
        let allocation = CapacityAllocation.allocate(
            pools: pools, count: n, trainingMW: training, inferenceDemand: inference, spotLimitMW: spotLimit,
            used: &poolUsed, training: &poolTraining, order: &poolOrder)

        // 5. Payments.
        var contractPayments = 0.0, unused = 0.0
        for k in 0..<n {
            let c = model.buyerContracts[b][k]
            let mw = pools[k].mw, used = poolUsed[k]
            contractPayments += bill(c, t, mw: mw, used: used)
            ledger.contracts[.trainingMW, c, t] = poolTraining[k]
            ledger.contracts[.inferenceServed, c, t] = (used - poolTraining[k]) * pools[k].efficiency
            if mw > 0 { unused += ledger.contracts[.price, c, t] * max(0, contractState[c].takeOrPay * mw - used) }
        }
        let spotCost = allocation.spotMW * price * values[model.buyers[b].spotMarkup]

        // 6. Operating cash flow.
        let served = allocation.servedInference
        let revenue = inference > 0 ? ledger.buyers[.revenuePotential, b, t] * min(1, served / inference) : 0
        let opex = values[model.buyers[b].opexFixed] * buyerState[b].opexGrowth.factor(months: t) + values[model.buyers[b].opexRevenueShare] * revenue
        let established = model.buyers[b].established.map { ledger.buyers[.establishedRevenue, b, t] * values[$0.cashMargin] } ?? 0
        ledger.buyers[.inferenceServed, b, t] = served
        ledger.buyers[.spotMW, b, t] = allocation.spotMW
        ledger.buyers[.revenue, b, t] = revenue
        ledger.buyers[.opex, b, t] = opex
        ledger.buyers[.spotCost, b, t] = spotCost
        ledger.buyers[.unusedCommitment, b, t] = unused
        ledger.buyers[.establishedCashFlow, b, t] = established
        ledger.buyers[.subletIncome, b, t] = 0
        ledger.buyers[.subletMW, b, t] = 0
        ledger.buyers[.contractPayments, b, t] = contractPayments
        ledger.buyers[.operatingCashFlow, b, t] = revenue + established - opex - contractPayments - spotCost
        if model.buyerMeasuresRevenueLost[b] {
            measureRevenueLost(b, t, training: training, inference: inference, spotLimit: spotLimit, revenue: revenue)
        }

        // The credit facility's interest on the opening balance.
        let facilityInterest = model.buyers[b].workout.facility.map {
            buyerState[b].facilityDrawn * DebtBook.monthlyRate(annual: values[$0.rate])
        } ?? 0
        ledger.buyers[.facilityInterest, b, t] = facilityInterest
        var cash = buyerState[b].cash + ledger.buyers[.operatingCashFlow, b, t] + ledger.buyers[.vendorFinancing, b, t] - facilityInterest

        // 7. Funding: scheduled rounds, the IPO, then the policy on the runway left (and backers).
        let (funding, providerFunding) = raiseFunding(b, t, cash: cash, regime: regime)
        cash += funding + providerFunding
        ledger.buyers[.funding, b, t] = funding
        ledger.buyers[.vendorFinancing, b, t] += providerFunding

        // 8. The forward test and, when it fails, the restructuring (terms from next month); then the
        // workout ladder when cash is short, facility repayment when it is not.
        restructure(b, t, cash: cash, regime: regime)
        cash = workout(b, t, cash: cash)
        ledger.buyers[.cash, b, t] = cash
        ledger.buyers[.facilityBalance, b, t] = buyerState[b].facilityDrawn
        summary.facilityPeak[b] = max(summary.facilityPeak[b], buyerState[b].facilityDrawn)
        buyerState[b].cash = cash
        if cash < 0 { defaultBuyer(b, at: t) } else { renewContracts(b, t) }
        // The model's equity value at the last observed round's month, to compare with its post-money.
        if let v = model.buyers[b].valuation, v.lastRoundMonth == t, cash >= 0 {
            summary.impliedEquity[b] = equityValue(b, t, cash: cash, level: regime.valuationLevel)
        }
    }

    /// Funding of month t: scheduled rounds (each with its probability), the IPO (once per path, inside
    /// its window), then — if the runway after those is below the policy's threshold — one policy
    /// round. With `funding.valuation` every raise is priced at the buyer's equity value (dilution,
    /// down rounds), the policy round is `raisePricedRound` (tried every month, then the backers) and
    /// a priced IPO sells `float_share`. Without it the policy round raises `round_size` (or
    /// `round_revenue_multiple` × trailing revenue) or nothing, and waits `cooldown_months`. The IPO's
    /// and the binary round's odds are scaled by the plan factor; the binary round's also by growth. A
    /// scheduled round paid by a provider is vendor financing.
    /// - Returns: cash from investors, and from backers that are providers (vendor financing).
    mutating func raiseFunding(_ b: Int, _ t: Int, cash: Double, regime: MarketParameters.Regime) -> (equity: Double, vendor: Double) {
        let layout = model.buyers[b]
        let priced = layout.valuation != nil
        var funding = 0.0, vendor = 0.0
        for j in model.buyerRounds[b].indices where model.buyerRounds[b][j].month == t {
            let round = model.buyerRounds[b][j]
            guard buyerState[b].succeeds(probability: values[round.probability], draw: BuyerDraws.scheduledRound(j)) else { continue }
            let amount = values[round.amount]
            if priced { issueEquity(b, amount: amount, preMoney: equityValue(b, t, cash: cash + funding + vendor, level: regime.valuationLevel)) }
            if round.fromProvider { vendor += amount } else { funding += amount }
        }
        let planFactor = self.planFactor(b, t)
        if let ipo = layout.ipo, !buyerState[b].ipoDone, t >= ipo.from, t <= ipo.to {
            let monthly = -Double.expMinusOne(Double.log(onePlus: -min(1, values[ipo.probabilityPerYear])) / 12)
            if buyerState[b].succeeds(probability: monthly * planFactor, draw: BuyerDraws.ipo(month: t)) {
                let pre = priced ? equityValue(b, t, cash: cash + funding + vendor, level: regime.valuationLevel) : 0
                let amount = ipo.floatShare.map { PricedRound.listing(floatShare: values[$0], preMoney: pre) } ?? ipo.size.map { values[$0] } ?? 0
                issueEquity(b, amount: amount, preMoney: pre)
                funding += amount
                buyerState[b].ipoDone = true
                summary.ipo[b] = true
            }
        }
        if priced {
            let (equity, backers) = raisePricedRound(b, t, cash: cash + funding + vendor, regime: regime)
            return (funding + equity, vendor + backers)
        }
        // The policy looks at cash after this month's scheduled rounds and IPO.
        if let threshold = layout.raiseBelowRunway, t >= buyerState[b].nextAttempt,
           runway(b, cash: cash + funding + vendor, through: t) < values[threshold] {
            let growth = recentRevenueGrowth(b, t)
            let p = min(1, max(0, regime.fundingSuccess * (1 + values[layout.growthSensitivity] * growth) * planFactor))
            if buyerState[b].succeeds(probability: p, draw: BuyerDraws.policyRound(month: t)) {
                funding += layout.roundMultiple.map { values[$0] * trailingRevenue(b, t) } ?? values[layout.roundSize]
            }
            buyerState[b].nextAttempt = t + max(1, buyerState[b].cooldown)
        }
        return (funding, vendor)
    }

    /// Training MW buyer b wants in month s, before austerity: the `training_mw` plan in force plus the
    /// `training_share` in force × its training-capable capacity due then (the planned deliveries of
    /// its contracts whose accelerator trains), so that training follows the capacity the path has.
    @inline(__always)
    func trainingWanted(_ b: Int, _ s: Int) -> Double {
        guard !model.buyerTrainingShare[b].isEmpty else { return plans.buyers[.training, b, s] }
        var trainable = 0.0
        for c in model.buyerContracts[b] where model.accelerators[model.contracts[c].accelerator].training { trainable += plannedMW(c, s) }
        return plans.buyers[.training, b, s] + plans.buyers[.trainingShare, b, s] * trainable
    }

    /// Revenue of the last 12 months up to t (AI revenue + established business), annualised when
    /// fewer than 12 months exist.
    @inline(__always)
    func trailingRevenue(_ b: Int, _ t: Int) -> Double {
        let from = max(0, t - 11)
        let total = ledger.buyers.sum(.revenue, b, from..<(t + 1)) + ledger.buyers.sum(.establishedRevenue, b, from..<(t + 1))
        return total * 12 / Double(t + 1 - from)
    }

    /// `clamp(1 + s × (revenue ÷ plan − 1), 0, 1)` over the last 12 months (fewer at the start);
    /// 1 without a plan, or where the plan has not started.
    @inline(__always)
    func planFactor(_ b: Int, _ t: Int) -> Double {
        guard !model.buyerPlan[b].isEmpty else { return 1 }
        let from = max(0, t - 11)
        let plan = ledger.buyers.sum(.planRevenue, b, from..<(t + 1))
        guard plan > 0 else { return 1 }
        let actual = ledger.buyers.sum(.revenue, b, from..<(t + 1)) + ledger.buyers.sum(.establishedRevenue, b, from..<(t + 1))
        return min(1, max(0, 1 + values[model.buyers[b].planSensitivity] * (actual / plan - 1)))
    }

    /// Cash ÷ the average net burn of the last three months up to `through`: +∞ when not burning
    /// (or before any month has passed), 0 when cash is not positive.
    @inline(__always)
    func runway(_ b: Int, cash: Double, through t: Int) -> Double {
        guard cash > 0 else { return 0 }
        guard t >= 0 else { return .infinity }
        let burn = averageBurn(b, through: t)
        guard burn > 0 else { return .infinity }
        return cash / burn
    }

    /// Year-on-year growth of realised revenue over the last three months (0 before 15 months exist).
    @inline(__always)
    func recentRevenueGrowth(_ b: Int, _ t: Int) -> Double {
        guard t >= 14 else { return 0 }
        let now = ledger.buyers.sum(.revenue, b, (t - 2)..<(t + 1))
        let before = ledger.buyers.sum(.revenue, b, (t - 14)..<(t - 11))
        return before > 0 ? now / before - 1 : 0
    }
}
