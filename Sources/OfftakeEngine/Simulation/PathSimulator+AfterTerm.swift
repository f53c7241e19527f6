import OfftakeModel
import RealModule

/// Contracts that outlive their term (docs/model.md, "After the term"): renewals, the capacity the
/// builder keeps and re-lets when a contract ends or its buyer defaults, and the value at the horizon
/// of what goes on after it.
///
/// The path's end of service of contract c is `ContractState.end` (``termEnd(_:)``): the term's last
/// month, moved by each renewal. Everything that looks forward along a contract — the forward test,
/// the concessions, the claims at a default — runs to it.
extension PathSimulator {
    /// The last month contract c serves its buyer on this path: the term's end, moved by renewals.
    @inline(__always)
    func termEnd(_ c: Int) -> Int { contractState[c].end }

    /// Renews, at the end of month t, each of buyer b's contracts whose service ends in t and that has
    /// `renewal:` terms, with the renewal's probability (its buyer alive after the month): the n-th
    /// renewal of a contract reads draw `releaseDrawIndex + n·2¹⁶` of the path's contract stream (the
    /// re-lease wait reads draw `releaseDrawIndex` < 2¹⁶), u = ½ on the deterministic path. A renewal
    /// serves the MW delivered in month t for `term_months` more months, at `price_factor` × the rate
    /// the capacity would be re-let at in t (``releaseRate(_:_:)``: the market price of a capacity
    /// rental, a hardware deal's hosting price), fixed for the renewal, with the contract's take-or-pay.
    mutating func renewContracts(_ b: Int, _ t: Int) {
        for k in model.buyerContracts[b].indices {
            let c = model.buyerContracts[b][k]
            guard contractState[c].end == t, let renewal = model.contracts[c].renewal else { continue }
            let mw = plans.contracts[.deliveredMW, c, t]
            guard mw > 0 else { continue }
            let n = contractState[c].renewals + 1
            let u = isDeterministic ? 0.5 : contractStream.uniform(at: model.contracts[c].releaseDrawIndex &+ UInt64(n) << 16)
            guard u < values[renewal.probability] else { continue }
            let months = max(1, PathSimulator.wholeMonths(values[renewal.termMonths]))
            let price = values[renewal.priceFactor] * releaseRate(c, t)
            let end = t > Int.max - months ? Int.max : t + months
            contractState[c].end = end
            contractState[c].renewals = n
            summary.renewals[c] = n
            let through = min(end, model.months - 1)
            if through > t { for s in (t + 1)...through { ledger.contracts[.price, c, s] = price } }
            rebuildDeliveredPlan(c)
        }
    }

    /// Contract c's capacity returns to its builder p after month `termEnd(c)` (the buyer alive to its
    /// end, or defaulted in its last month): the MW delivered then are re-let from the next month. An
    /// end is known in advance, so the builder lets the capacity ahead of it, without the wait of
    /// capacity a default strands (`releaseMonth(after:hazard:uniform:)`). Only a builder with a
    /// balance sheet re-lets; without one the capacity leaves the model at the end.
    mutating func startAfterTerm(_ c: Int, _ p: Int) {
        let end = termEnd(c)
        guard contractState[c].strandedFrom == Int.max, end < model.months, model.providers[p].financials != nil else { return }
        contractState[c].strandedMW = plans.contracts[.deliveredMW, c, end]
        contractState[c].strandedFrom = end + 1
        contractState[c].releaseMonth = end + 1
    }

    /// Of contract c's capacity back with its builder in month t, the share still running and the share
    /// that is a hall without chips: the MW-weighted shares of its delivered tranches whose facility is
    /// younger than `facility_life_months` and, for a capacity rental, whose chips are younger than the
    /// accelerator's life (`compute`), or whose chips are past it (`hall`). A hardware deal's host has
    /// only the hall; it re-lets it while the facility lives (`compute` then stands for that hall). A
    /// builder without a balance sheet keeps stranded MW whole to the term's end, none after.
    func idleShares(_ c: Int, _ t: Int) -> (compute: Double, hall: Double) {
        let layout = model.contracts[c]
        // Without a balance sheet the builder never re-lets: stranded MW count to the term's end, then leave.
        guard let f = model.providers[layout.host].financials else { return (t <= termEnd(c) ? 1 : 0, 0) }
        let facilityLife = values[f.facilityLife]
        let chipLife = hostOwnsChips(c) ? values[model.accelerators[layout.accelerator].lifeMonths] : .infinity
        var total = 0.0, compute = 0.0, hall = 0.0
        for j in layout.tranches where trancheStatus[j].isActive {
            let delivery = trancheDelivery[j]
            guard delivery < contractState[c].strandedFrom, delivery <= layout.lastMonth else { continue }
            let mw = values[model.tranches[j].mw]
            let age = Double(t - delivery)
            total += mw
            guard age < facilityLife else { continue }
            if age < chipLife { compute += mw } else { hall += mw }
        }
        return total > 0 ? (compute / total, hall / total) : (0, 0)
    }

    /// The rate per MW-month of a hall without chips let by provider p: the rent its leases pay a
    /// developer for the same hall, the market's price of an empty hall (0 without leases: the model
    /// has no other price for one). An empty hall is let at once, without the wait a compute tenant
    /// takes (data-centre vacancy near 1 %: docs/sources.md, dc-vacancy).
    @inline(__always)
    func hallRate(_ p: Int) -> Double {
        model.providers[p].financials?.leases.map { values[$0.rent] } ?? 0
    }

    /// After the term, what running the chips of one MW re-let at `rate` earns over letting the hall
    /// empty: `rate − opex − hallRate`. The builder runs them only when this is positive; otherwise it
    /// switches them off (no opex) and lets the hall — a tie lets the hall.
    @inline(__always)
    func afterTermUse(rate: Double, _ p: Int) -> Double {
        guard let f = model.providers[p].financials else { return 0 }
        return rate - values[f.opexPerMWMonth] - hallRate(p)
    }

    /// What provider p's build is worth at the horizon's last month T − 1, on the basis its capacity
    /// earns in the model, less the lease liability of the build's sites then (docs/model.md, "Value
    /// at the horizon"). Each delivered tranche of a contract it hosts (delivered while the buyer was
    /// alive) earns, month k after T − 1, discounted at the WACC by (1 + wacc)^{−k/12}:
    ///
    /// - under the contract while it serves a buyer alive at T − 1 (to `termEnd`): the price of T − 1
    ///   (escalated by the escalator during the written term) × MW, less opex × MW;
    /// - after that, or if stranded: let with probability q = `1 − (1 − h)^{s − (T − 1)}` while capacity
    ///   a default stranded is still waiting at T − 1, else q = 1 (re-let, or let ahead of a scheduled
    ///   end). Capacity re-let before the term's end earns its fixed rate to that end, less opex. Otherwise, with the forecast rate `r = R_{T−1} × e^{κk} ×
    ///   release_discount` (R the re-lease rate, ``releaseRate(_:_:)``; κ is `ln(1 − decline)/12`, or
    ///   with `market.supply` the generation price's own log change over the last 12 months ÷ 12, never
    ///   above 0): `q × r − opex` (waiting capacity is online) when `r − opex > hallRate`, else the hall
    ///   rate (the chips switched off, the hall let at once);
    /// - a capacity rental's hall past the chips' life: `hallRate`, let at once;
    /// - the owned share while the facility lives (`facility_life_months` from delivery), the leased
    ///   share while its lease runs too.
    ///
    /// 0 for a provider that defaulted (its estate's) or without a balance sheet.
    func terminalValue(_ p: Int) -> Double {
        guard let f = model.providers[p].financials, providerState[p].defaultMonth == nil else { return 0 }
        let last = model.months - 1
        let wacc = CompoundGrowth(annualRate: values[f.wacc])
        let opex = values[f.opexPerMWMonth], discount = values[f.releaseDiscount], hazard = min(1, max(0, values[f.releaseHazard]))
        let facilityLife = values[f.facilityLife]
        let leased = f.leases.map { values[$0.share] } ?? 0
        let leaseTerm = f.leases.map { values[$0.term] } ?? .infinity
        let hall = hallRate(p)
        var value = 0.0
        for k in model.providerContracts[p].indices {
            let c = model.providerContracts[p][k]
            let layout = model.contracts[c]
            guard layout.host == p else { continue }
            let state = contractState[c]
            let defaulted = buyerState[layout.buyer].defaultMonth
            let serving = defaulted == nil && state.strandedFrom == Int.max && termEnd(c) > last
            let chipLife = hostOwnsChips(c) ? values[model.accelerators[layout.accelerator].lifeMonths] : .infinity
            let keep = last >= state.lostFrom ? state.keptShare : 1
            // The contracted price from T − 1: escalated over the written term, flat over a renewal.
            let price = ledger.contracts[.price, c, last]
            let escalation = CompoundGrowth(annualRate: state.renewals == 0 ? values[layout.escalator] : 0)
            let spot = releaseRate(c, last) * discount
            let trend = spotTrend(c, last)
            // Capacity a default stranded still waiting at T − 1 waits from T − 1 (geometric: the months
            // already waited change nothing): let by month T − 1 + m with chance 1 − (1 − h)^m. Capacity
            // re-let at T − 1, or serving to a scheduled end (let ahead of it), is let with certainty.
            let relet = serving || state.releaseMonth <= last
            for j in layout.tranches where trancheStatus[j].isActive {
                let delivery = trancheDelivery[j]
                guard delivery <= min(layout.lastMonth, last), defaulted.map({ delivery <= $0 }) ?? true else { continue }
                let mw = values[model.tranches[j].mw] * keep
                let life = Double(last - delivery)
                let months = Int(max(0, min(facilityLife - life, 12 * 100)).rounded(.up))
                guard months > 0 else { continue }
                for m in 1...months {
                    let s = last + m, age = life + Double(m)
                    let share = (1 - leased) * (age < facilityLife ? 1 : 0) + leased * (age < min(facilityLife, leaseTerm) ? 1 : 0)
                    guard share > 0 else { continue }
                    var perMW: Double
                    if serving && s <= termEnd(c) {
                        perMW = price * escalation.factor(months: m) - opex
                    } else {
                        let occupied = relet ? 1 : 1 - (hazard >= 1 ? 0 : Double.exp(Double(m) * Double.log(onePlus: -hazard)))
                        let rate = spot * Double.exp(trend * Double(m))
                        if age >= chipLife {
                            perMW = hall  // an empty hall, let at once
                        } else if !serving && !state.releaseRate.isNaN && s <= termEnd(c) {
                            perMW = state.releaseRate * occupied - opex  // re-let to the term's end at a fixed rate
                        } else if s > termEnd(c) && afterTermUse(rate: rate, p) <= 0 {
                            perMW = hall  // chips that would not pay more than the hall: switched off, the hall let
                        } else {
                            perMW = occupied * rate - opex  // waiting (online, paying opex), then re-let
                        }
                    }
                    value += perMW * share * mw * wacc.discount(month: m - 1)  // (1 + wacc)^{−m/12}
                }
            }
        }
        return value - providerState[p].buildLeaseLiability
    }

    /// κ, the monthly log drift at which the re-lease rate of contract c is forecast after month t:
    /// `ln(1 − decline)/12`; with `market.supply`, the log change of the contract's market price over
    /// the 12 months to t ÷ 12 (fewer months early in the horizon), never above 0.
    func spotTrend(_ c: Int, _ t: Int) -> Double {
        if model.market.supply == nil {
            return Double.log(onePlus: -min(0.999_999, values[model.market.decline])) / 12
        }
        let back = min(12, t)
        let now = contractMarketPrice(c, t), then = contractMarketPrice(c, t - back)
        guard back > 0, now > 0, then > 0 else { return 0 }
        return min(0, Double.log(now / then) / Double(back))
    }
}
