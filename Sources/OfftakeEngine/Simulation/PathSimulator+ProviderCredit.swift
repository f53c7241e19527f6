import OfftakeModel
import RealModule

/// The closed forms of a provider's credit (docs/model.md, "The provider's credit").
public enum CreditAccessRules {
    /// The market's default probability within `years` from a CDS spread `s` and the recovery `R` its
    /// price assumes: a constant hazard `λ = s ÷ (1 − R)` (the "credit triangle": the spread pays the
    /// expected loss `λ(1 − R)` per year), so `PD = 1 − e^{−λ·years}`. Risk-neutral: it includes the
    /// premium investors ask for bearing default risk, so it lies above the real-world probability.
    /// Oracle at 147 bp with R = 40 %: λ = 2.45 %/yr, PD(5 y) = 11.5 %.
    public static func marketDefaultProbability(spread: Double, recovery: Double, years: Double) -> Double {
        guard recovery < 1 else { return spread > 0 ? 1 : 0 }
        let hazard = max(0, spread) / (1 - recovery)
        return -Double.expMinusOne(-hazard * years)
    }

    /// What last month's adjusted leverage `leverage` allows in a regime that is `closed` or not:
    /// investment grade at or below `investmentGradeMax`; new debt while investment grade, or while at
    /// most `maxLeverage` in an open regime; new equity only in an open regime.
    public static func access(leverage: Double, investmentGradeMax: Double, maxLeverage: Double, closed: Bool)
        -> (investmentGrade: Bool, debt: Bool, equity: Bool) {
        let investmentGrade = leverage <= investmentGradeMax
        return (investmentGrade, investmentGrade || (!closed && leverage <= maxLeverage), !closed)
    }
}

/// The provider's credit on a path: what access allows, the build stopped for want of money, and
/// the default with what it does to the provider's customers (docs/model.md, "The provider's credit").
extension PathSimulator {
    /// Access from the adjusted leverage at the end of month `m` (before month 0: investment grade) in
    /// the regime of month `r`: a month's access is `(m: t − 1, r: t)`; the look-ahead of next month's
    /// chips, made at the end of month t, is `(m: t, r: t)` (next month's regime is not known then).
    @inline(__always)
    func creditAccess(_ p: Int, leverageOf m: Int, regimeOf r: Int, _ credit: ProviderLayout.Financials.Credit)
        -> (investmentGrade: Bool, debt: Bool, equity: Bool) {
        let leverage = m >= 0 ? ledger.providers[.adjustedLeverage, p, m] : 0
        return CreditAccessRules.access(leverage: leverage, investmentGradeMax: values[credit.investmentGradeMax],
                                        maxLeverage: values[credit.maxLeverage], closed: credit.closed[market.regime[r]])
    }

    /// Tranche j of contract c pays nothing in month m: what it would pay from m on and its delivery
    /// move one month later — with `instalments` (a stopped build) its planned delivery too, and with it
    /// the instalments before it (facility, chips bought ahead); without, only the delivery and the chips
    /// paid at it. A delivery that moves past the term is not built (`BuildOut`).
    mutating func slipTranche(_ c: Int, _ j: Int, from m: Int, instalments: Bool) {
        scheduleBuild(c, j, plannedDelivery: tranchePlannedDelivery[j], sign: -1, after: m - 1)
        if instalments { tranchePlannedDelivery[j] += 1 }
        trancheDelivery[j] += 1
        scheduleBuild(c, j, plannedDelivery: tranchePlannedDelivery[j], sign: 1, after: m)
    }

    /// The monthly interest on borrowing beyond the opening debt at the credit state's spread.
    @inline(__always)
    func creditSpreadInterest(_ p: Int, openingBalance: Double, investmentGrade: Bool, _ credit: ProviderLayout.Financials.Credit) -> Double {
        let spread = values[investmentGrade ? credit.spreadInvestmentGrade : credit.spreadHighYield]
        let beyond = openingBalance - summary.providerDebt0[p]
        return beyond > 0 ? beyond * DebtBook.monthlyRate(annual: spread) : 0
    }

    /// New equity month t may still issue under `equity_per_year` (the fiscal year's count starts
    /// again in the month after the fiscal year end).
    mutating func equityRoom(_ p: Int, _ t: Int, _ credit: ProviderLayout.Financials.Credit) -> Double {
        guard let cap = credit.equityPerYear, let f = model.providers[p].financials else { return .infinity }
        let calendar = model.calendarMonth[t], year = model.years[model.yearOfMonth[t]]
        let fiscalYear = calendar > f.fiscalYearEnd ? year + 1 : year
        if providerState[p].equityYear != fiscalYear {
            providerState[p].equityYear = fiscalYear
            providerState[p].equityThisYear = 0
        }
        return max(0, values[cap] - providerState[p].equityThisYear)
    }

    /// Money raised in month t to bring cash back to `minCash` (0 without a financing mix): equity
    /// `equityShare` of it within the year's room, debt the rest; with debt closed, equity alone
    /// within its room; with equity closed, debt alone.
    mutating func creditFinancing(_ p: Int, _ t: Int, need: Double, equityShare: Double, _ credit: ProviderLayout.Financials.Credit,
                                  access: (investmentGrade: Bool, debt: Bool, equity: Bool)) -> (draw: Double, equity: Double) {
        guard need > 0 else { return (0, 0) }
        let room = access.equity ? equityRoom(p, t, credit) : 0
        let equity = access.debt ? min(equityShare * need, room) : min(need, room)
        let draw = access.debt ? need - equity : 0
        providerState[p].equityThisYear += equity
        return (draw, equity)
    }

    /// Stops the build in month t: every tranche of a live contract the provider builds that is being
    /// built this month (planned delivery − lead ≤ t < planned delivery, delivery after t; the lead is
    /// `buildLead`: facility and chips bought ahead) slips one month — this month's payment is not
    /// made, the rest of its schedule and its delivery move one month later (a delivery that falls after the term is not built, as with a
    /// delay). Returns the capex not spent this month.
    mutating func haltBuild(_ p: Int, _ t: Int, lead: Int) -> Double {
        var saved = 0.0
        for k in model.providerContracts[p].indices {
            let c = model.providerContracts[p][k]
            let layout = model.contracts[c]
            guard layout.host == p, buyerState[layout.buyer].defaultMonth == nil else { continue }
            let before = plans.contracts[.buildCapex, c, t]
            guard before > 0 else { continue }
            var shifted = false
            for j in layout.tranches where trancheStatus[j].isActive && trancheDelivery[j] > t {
                let planned = tranchePlannedDelivery[j]
                guard planned > t, planned - lead <= t, planned <= layout.lastMonth else { continue }
                slipTranche(c, j, from: t, instalments: true)
                shifted = true
            }
            guard shifted else { continue }
            rebuildDeliveredPlan(c)
            saved += before - plans.contracts[.buildCapex, c, t]
        }
        return saved
    }

    /// At the end of month t: the chips of the deliveries due in t + 1 are paid in that month and cannot
    /// be stopped then (the buyer already uses the capacity). When next month's debt is closed (from this
    /// month's adjusted leverage and regime) and cash plus the equity room (with a financing mix) cannot pay them, those
    /// deliveries slip one month (their chips with them), like a facility whose build stops. Returns
    /// whether any delivery slipped.
    mutating func deferUnaffordableDeliveries(_ p: Int, _ t: Int, cash: Double, _ credit: ProviderLayout.Financials.Credit) -> Bool {
        guard t + 1 < model.months else { return false }
        var chips = 0.0
        for k in model.providerContracts[p].indices {
            let c = model.providerContracts[p][k]
            guard model.contracts[c].host == p, buyerState[model.contracts[c].buyer].defaultMonth == nil else { continue }
            chips += plans.contracts[.chipCapex, c, t + 1]
        }
        guard chips > 0 else { return false }
        let access = creditAccess(p, leverageOf: t, regimeOf: t, credit)
        guard !access.debt else { return false }
        // Equity is raised only under a financing mix.
        let room = access.equity && model.providers[p].financials?.financing != nil ? equityRoom(p, t + 1, credit) : 0
        guard cash + room < chips else { return false }
        var slipped = false
        for k in model.providerContracts[p].indices {
            let c = model.providerContracts[p][k]
            let layout = model.contracts[c]
            guard layout.host == p, buyerState[layout.buyer].defaultMonth == nil else { continue }
            var moved = false
            for j in layout.tranches where trancheStatus[j].isActive && trancheDelivery[j] == t + 1 {
                slipTranche(c, j, from: t + 1, instalments: false)  // its instalments are paid
                moved = true
            }
            if moved { rebuildDeliveredPlan(c) }
            slipped = slipped || moved
        }
        return slipped
    }

    /// The provider defaults in month t: its creditors and lessors lose `(1 − recovery)` of its debt
    /// and lease liability; each live contract it builds loses every tranche not yet delivered (their
    /// capex is not spent) and, from t + 1, `1 − capacity_kept` of the MW delivered; the prepayment
    /// credit not yet used is lost to the estate. Its books stop (`closedProviderMonth`).
    mutating func defaultProvider(_ p: Int, _ t: Int, liability: Double, _ credit: ProviderLayout.Financials.Credit) {
        providerState[p].defaultMonth = t
        summary.providerDefaultMonth[p] = t
        summary.providerCreditorLoss[p] = (1 - values[credit.recovery]) * (max(0, debt[p].balance) + liability)
        let kept = values[credit.capacityKept]
        for k in model.providerContracts[p].indices {
            let c = model.providerContracts[p][k]
            let layout = model.contracts[c]
            guard layout.host == p, buyerState[layout.buyer].defaultMonth == nil, t < termEnd(c) else { continue }
            var lost = (1 - kept) * plans.contracts[.deliveredMW, c, t]
            // Tranches to come are lost (still due: the buyer counted on them); options not yet decided
            // lapse without a fee (never due).
            for j in layout.tranches {
                if trancheStatus[j].isActive && trancheDelivery[j] > t {
                    scheduleBuild(c, j, plannedDelivery: tranchePlannedDelivery[j], sign: -1, after: t)
                    if trancheDelivery[j] <= layout.lastMonth { lost += values[model.tranches[j].mw] }
                    trancheStatus[j] = .lost
                } else if trancheStatus[j] == .pending || trancheStatus[j] == .converted {
                    trancheStatus[j] = .lapsed
                }
            }
            contractState[c].lostFrom = t + 1
            contractState[c].keptShare = kept
            summary.capacityLostMW[c] = lost
            summary.prepaymentLost[c] = contractState[c].credit
            contractState[c].credit = 0
            rebuildDeliveredPlan(c)
        }
    }

    /// A month after the provider's default: no flows; cash, debt and leverage stay at the default
    /// month's values.
    mutating func closedProviderMonth(_ p: Int, _ t: Int) {
        ledger.providers.zeroMonth(p, t)
        ledger.providers[.cash, p, t] = providerState[p].cash
        ledger.providers[.debt, p, t] = debt[p].balance
        ledger.providers[.leverage, p, t] = ledger.providers[.leverage, p, t - 1]
        ledger.providers[.adjustedLeverage, p, t] = ledger.providers[.adjustedLeverage, p, t - 1]
    }
}
