import OfftakeModel
import RealModule

/// Funding as a market (docs/model.md, "Funding as a market"): the buyer's value on its own path,
/// raises priced at that value, strategic backers, a priced IPO. Only buyers with
/// `funding.valuation` reach these functions, apart from `raiseFunding`'s dispatch.
extension PathSimulator {
    /// Enterprise value at the end of month t: `m(g_t) × level × R_fwd,t`, with forward revenue
    /// `R_fwd = 12 × (average monthly revenue, AI + established, of the last three months) × (1 + g_t)`
    /// and g_t the forward growth (`forwardGrowth`).
    func enterpriseValue(_ b: Int, _ t: Int, level: Double) -> Double {
        let from = max(0, t - 2)
        let runRate = 12 * (ledger.buyers.sum(.revenue, b, from..<(t + 1)) + ledger.buyers.sum(.establishedRevenue, b, from..<(t + 1)))
            / Double(t + 1 - from)
        let g = forwardGrowth(b, t)
        return valuationMultiple(b, growth: g) * level * runRate * (1 + g)
    }

    /// Equity value: enterprise value + cash − the credit facility drawn.
    func equityValue(_ b: Int, _ t: Int, cash: Double, level: Double) -> Double {
        enterpriseValue(b, t, level: level) + cash - buyerState[b].facilityDrawn
    }

    /// The multiple's table of buyer b at growth g (`PricedRound.multiple`, read from the path's values).
    func valuationMultiple(_ b: Int, growth g: Double) -> Double {
        let table = model.buyerMultiples[b]
        return PricedRound.multiple(growth: g, count: table.count) { (values[table[$0].growth], values[table[$0].multiple]) }
    }

    /// Forward growth investors price: the year-on-year growth of the last three months' revenue (AI +
    /// established) once 15 months exist; before that, the growth the buyer's revenue model expects
    /// (`g_t` of the AI revenue, the established business's growth), weighted by this month's revenue.
    func forwardGrowth(_ b: Int, _ t: Int) -> Double {
        if t >= 14 {
            let now = ledger.buyers.sum(.revenue, b, (t - 2)..<(t + 1)) + ledger.buyers.sum(.establishedRevenue, b, (t - 2)..<(t + 1))
            let before = ledger.buyers.sum(.revenue, b, (t - 14)..<(t - 11)) + ledger.buyers.sum(.establishedRevenue, b, (t - 14)..<(t - 11))
            if before > 0 { return now / before - 1 }
        }
        let ai = ledger.buyers[.revenue, b, t], established = ledger.buyers[.establishedRevenue, b, t]
        let aiGrowth = buyerState[b].potential.growth(at: t)
        guard let e = model.buyers[b].established, ai + established > 0 else { return aiGrowth }
        return (ai * aiGrowth + established * values[e.growth]) / (ai + established)
    }

    /// Average net burn (−operating cash flow) of the last three months up to t (fewer at the start);
    /// the denominator of `runway`.
    @inline(__always)
    func averageBurn(_ b: Int, through t: Int) -> Double {
        let from = max(0, t - 2)
        return -ledger.buyers.sum(.operatingCashFlow, b, from..<(t + 1)) / Double(t + 1 - from)
    }

    /// Records a raise of `amount` at `preMoney`: the holders' share shrinks by pre ÷ (pre + amount);
    /// a raise below the last post-money is a down round; its post-money becomes the reference.
    mutating func issueEquity(_ b: Int, amount: Double, preMoney: Double) {
        guard amount > 0, model.buyers[b].valuation != nil else { return }
        buyerState[b].ownership *= PricedRound.retainedShare(amount: amount, preMoney: preMoney)
        let last = buyerState[b].lastPostMoney
        if preMoney <= 0 || (last > 0 && preMoney < last) { summary.downRound[b] = true }
        buyerState[b].lastPostMoney = max(0, preMoney) + amount
        summary.ownership[b] = buyerState[b].ownership
    }

    /// The policy round of month t when runway is short, priced at the buyer's equity value, then
    /// the strategic backers. A round is a process: it opens in the first month the runway after this
    /// month's scheduled rounds and IPO is below `raise_below_runway_months`, drawing u (draw
    /// `policyRound(t)` of that month; ½ in the base case), and closes in the first month its
    /// accumulated hazard `Σ −log(1 − p_s)` reaches `−log(1 − u)`, p_s =
    /// `PricedRound.accessProbability` of month s — inversion of a time to close whose monthly odds
    /// move with the regime and the valuation (no cooldown). It closes early only when the runway
    /// recovers. When it closes it raises `need`, at most `max_dilution` of the company; need =
    /// `target_runway_months` × the current burn − cash (at least −cash). Backers, in list order,
    /// invest when cash after the round is still below the workout's `min_cash` — the last step
    /// before the workout — up to their remaining capacity, at the pre-money value after the round.
    /// - Returns: equity raised from investors, and from backers that are providers (vendor financing).
    mutating func raisePricedRound(_ b: Int, _ t: Int, cash: Double, regime: MarketParameters.Regime) -> (equity: Double, vendor: Double) {
        let layout = model.buyers[b]
        guard let v = layout.valuation, let threshold = layout.raiseBelowRunway, runway(b, cash: cash, through: t) < values[threshold] else {
            buyerState[b].raiseThreshold = .infinity
            return (0, 0)
        }
        let need = max(0, values[v.targetRunway] * max(0, averageBurn(b, through: t)) - cash, -cash)
        var pre = equityValue(b, t, cash: cash, level: regime.valuationLevel)
        guard need > 0, pre > 0 else { return (0, 0) }
        if buyerState[b].raiseThreshold == .infinity {
            let u = buyerState[b].deterministic ? 0.5 : buyerState[b].stream.uniform(at: BuyerDraws.policyRound(month: t))
            buyerState[b].raiseThreshold = -Double.log(onePlus: -u)
            buyerState[b].raiseHazard = 0
        }
        let p = PricedRound.accessProbability(success: regime.fundingSuccess, preMoney: pre, lastPostMoney: buyerState[b].lastPostMoney,
                                              elasticity: values[v.accessElasticity])
        buyerState[b].raiseHazard += p < 1 ? -Double.log(onePlus: -p) : .infinity
        var equity = 0.0, vendor = 0.0
        if buyerState[b].raiseHazard >= buyerState[b].raiseThreshold {
            equity = PricedRound.size(need: need, preMoney: pre, maxDilution: values[v.maxDilution])
            issueEquity(b, amount: equity, preMoney: pre)
            pre += equity
            buyerState[b].raiseThreshold = .infinity
        }
        var remaining = need - equity
        guard cash + equity < values[layout.workout.minCash] else { return (equity, 0) }
        for k in model.buyerBackers[b].indices where remaining > 0 {
            let backer = model.buyerBackers[b][k]
            guard backerWillInvest(backer, b, t) else { continue }
            let amount = min(remaining, values[backer.capacity] - summary.backerFunding[backer.index])
            guard amount > 0 else { continue }
            issueEquity(b, amount: amount, preMoney: pre)
            pre += amount
            summary.backerFunding[backer.index] += amount
            if backer.provider != nil { vendor += amount } else { equity += amount }
            ledger.buyers[.backerFunding, b, t] += amount
            remaining -= amount
        }
        return (equity, vendor)
    }

    /// Whether a backer's condition holds in month t: always; while the buyer paid the backer's
    /// provider this month under some contract (as its provider or host); after the buyer's IPO.
    func backerWillInvest(_ backer: BuyerLayout.Backer, _ b: Int, _ t: Int) -> Bool {
        switch backer.condition {
        case .always: return true
        case .afterIPO: return buyerState[b].ipoDone
        case .whilePurchasing:
            guard let p = backer.provider else { return false }
            for c in model.buyerContracts[b] where model.contracts[c].provider == p || model.contracts[c].host == p {
                if ledger.contracts[.cash, c, t] > 0 { return true }
            }
            return false
        }
    }
}
