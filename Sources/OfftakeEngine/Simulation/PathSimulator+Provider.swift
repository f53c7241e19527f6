import OfftakeModel
import RealModule

/// The provider's month: receipts and recoveries by contract role (capacity provider, chip vendor,
/// host), online and stranded capacity, then — for a provider with a balance sheet — EBITDA, capex
/// and its financing, rent and lease liabilities, debt service and sweep, leverage and the rating tests.
extension PathSimulator {
    mutating func stepProvider(_ p: Int, _ t: Int) {
        if let d = providerState[p].defaultMonth, d < t { closedProviderMonth(p, t); return }
        var receipts = 0.0, recoveries = 0.0, recognised = 0.0, release = 0.0, capex = 0.0, online = 0.0, used = 0.0, stranded = 0.0, depreciation = 0.0
        var replacement = 0.0
        let leasedShare = providerState[p].leasedShare
        // By index: iterating the list itself would retain and release its buffer every month.
        for k in model.providerContracts[p].indices {
            let c = model.providerContracts[p][k]
            collect(c, p, t, receipts: &receipts, recoveries: &recoveries, recognised: &recognised)
            guard model.contracts[c].host == p else { continue }
            let live = buyerState[model.contracts[c].buyer].isAlive(at: t) && t <= termEnd(c)
            if !live && t > termEnd(c) { startAfterTerm(c, p) }
            if live {
                // Replaced MW are served from elsewhere: billed, but not online here; the provider pays for them.
                let replaced = ledger.contracts[.replacementMW, c, t]
                online += ledger.contracts[.deliveredMW, c, t] - replaced
                used += max(0, ledger.contracts[.usedMW, c, t] - replaced)
                replacement += ledger.contracts[.replacementCost, c, t]
                capex += plans.contracts[.buildCapex, c, t] + plans.contracts[.chipCapex, c, t]
                // Newly delivered MW on a leased site start paying rent from this month.
                let newMW = newlyDelivered(c, t)
                if newMW > 0 && leasedShare > 0 {
                    if plans.providers[.leasedMW, p, t] == 0 { addLeaseVintage(p, month: t) }
                    plans.providers[.leasedMW, p, t] += leasedShare * newMW
                }
            } else if contractState[c].strandedMW > 0 && t >= contractState[c].strandedFrom {
                // Back with its builder (a default, or the end of the term): waiting for a tenant, then
                // re-let while the chips (a hardware host: the hall) and the facility last — to the term's
                // end at the rate of the month it was re-let, after it at the month's rate. Empty halls are
                // let at once at `hallRate`: a capacity rental's hall past the chips' life, and after the
                // term any MW whose chips would not pay more than the hall (`afterTermUse`), switched off.
                let (compute, hall) = idleShares(c, t)
                let mw = contractState[c].strandedMW * compute, hallMW = contractState[c].strandedMW * hall
                if let f = model.providers[p].financials {
                    release += hallMW * hallRate(p)
                    var rate = contractState[c].releaseRate
                    if t > termEnd(c) {
                        rate = releaseRate(c, t) * values[f.releaseDiscount]
                    } else if rate.isNaN && t >= contractState[c].releaseMonth {
                        rate = releaseRate(c, t) * values[f.releaseDiscount]
                        contractState[c].releaseRate = rate
                    }
                    if t > termEnd(c) && afterTermUse(rate: rate, p) <= 0 {
                        release += mw * hallRate(p)
                    } else if t >= contractState[c].releaseMonth {
                        release += mw * rate
                        online += mw
                        used += mw
                    } else {
                        online += mw
                        stranded += mw
                    }
                } else {
                    online += mw
                    stranded += mw
                }
            }
            // Depreciation feeds no metric, only the base-case table: computed for that path alone.
            if recordsDepreciation, let f = model.providers[p].financials {
                depreciation += self.depreciation(c, t, facilityLife: values[f.facilityLife])
            }
        }
        ledger.providers[.receipts, p, t] = receipts
        ledger.providers[.recoveries, p, t] = recoveries
        ledger.providers[.releaseIncome, p, t] = release
        ledger.providers[.mwOnline, p, t] = online
        ledger.providers[.mwUsed, p, t] = used
        ledger.providers[.strandedMW, p, t] = stranded
        guard let f = model.providers[p].financials else { return }
        let regime = marketParameters.regimes[market.regime[t]]
        let base = providerState[p].baseEBITDA0 * Double.exp(providerState[p].monthlyBaseGrowth * Double(t))
        let opex = values[f.opexPerMWMonth] * online
        // Other AI customers (aggregate).
        var otherRevenue = 0.0, otherEBITDA = 0.0, otherCapex = 0.0
        if let o = f.other {
            // Growth counts the months the provider built in (every month without `credit`): a stopped build stops it.
            let grown = Double(t - summary.providerHaltMonths[p])
            otherRevenue = values[o.revenue0] * Double.exp(providerState[p].otherGrowth.logOnePlusRate * grown / 12 + values[o.demandBeta] * Double.log(market.demand[t]))
            // Contagion: from the month after one of its buyers defaults, the others buy less.
            let contagion = values[o.contagion]
            if contagion > 0 && model.providerCustomers[p].contains(where: { buyerState[$0].defaultMonth.map { $0 < t } ?? false }) {
                otherRevenue *= 1 - contagion
            }
            otherEBITDA = values[o.margin] * otherRevenue
            otherCapex = values[o.capexShare] * otherRevenue
        }
        // Leases: rent on existing leases and on the build's leased sites; liability = PV of the rent to come.
        var rent = 0.0, buildRent = 0.0, liability = 0.0
        if let l = f.leases {
            let term = values[l.term], annuity = providerState[p].leaseAnnuity
            var vintage = 0.0
            // The vintages in month order: the months with leased MW, as a scan of 0…t would find them.
            for i in 0..<providerState[p].leaseVintageCount {
                let s = leaseVintage(p, i)
                let mw = plans.providers[.leasedMW, p, s]
                guard mw > 0, Double(t - s) < term else { continue }
                vintage += mw
                liability += mw * values[l.rent] * plans.providers[.leaseFactorByAge, p, t - s]  // annuity.factor(months: term − (t − s) − 1)
            }
            providerState[p].buildLeaseLiability = liability
            buildRent = vintage * values[l.rent]
            rent = values[l.rent0] + buildRent
            let existing = providerState[p].leaseTermAnnuity
            liability += existing > 0 ? values[l.liability0] * annuity.factor(months: term - Double(t + 1)) / existing : 0
        }
        // EBITDA on the agencies' accrual basis (revenue as the service is delivered); cash on receipts.
        let ebitda = base + recognised + release - opex - replacement - rent + otherEBITDA
        let operatingCash = base + receipts + release - opex - replacement - rent + otherEBITDA
        let refunds = ledger.providers[.refunds, p, t]
        let access = f.credit.map { creditAccess(p, leverageOf: t - 1, regimeOf: t, $0) }
        let opening = debt[p].balance
        var (interest, repayment) = debt[p].open(month: t, annualRate: values[f.interestRate] + regime.creditSpread)
        if let credit = f.credit, let access { interest += creditSpreadInterest(p, openingBalance: opening, investmentGrade: access.investmentGrade, credit) }
        let allCapex = capex + otherCapex
        var cash = providerState[p].cash + operatingCash + recoveries - refunds - allCapex - interest - repayment
        // Capex financing: a fixed debt share, or cash above a minimum first, then equity and debt;
        // with `credit`, as far as access allows, and for any shortfall below the minimum.
        var draw = 0.0, equity = 0.0
        if let mix = f.financing {
            if let credit = f.credit, let access {
                (draw, equity) = creditFinancing(p, t, need: max(0, values[mix.minCash] - cash), equityShare: values[mix.equityShare], credit, access: access)
            } else {
                let need = min(allCapex, max(0, values[mix.minCash] - cash))
                equity = values[mix.equityShare] * need
                draw = need - equity
            }
        } else if access?.debt ?? true {
            draw = values[f.debtFraction] * allCapex
        }
        debt[p].draw(month: t, amount: draw)
        cash += draw + equity
        // Without the money to pay the month, the build stops; still short, the provider defaults.
        var defaulted = false, halted = false
        if let credit = f.credit, cash < 0 {
            let saved = haltBuild(p, t, lead: buildLead(p))
            capex -= saved
            // The other customers' growth capex stops too (their revenue does not depend on it here).
            cash += saved + otherCapex
            halted = saved + otherCapex > 0
            otherCapex = 0
            if cash < 0 {
                defaultProvider(p, t, liability: liability, credit)
                defaulted = true
            }
        }
        // Debt sweep: a share of the cash above a minimum repays debt ahead of schedule.
        var sweep = 0.0
        if let s = f.sweep, !defaulted, cash > values[s.minCash] {
            sweep = debt[p].prepay(values[s.share] * (cash - values[s.minCash]))
            cash -= sweep
        }
        providerState[p].cash = cash
        ledger.providers[.baseEBITDA, p, t] = base
        ledger.providers[.capex, p, t] = capex
        ledger.providers[.opex, p, t] = opex
        ledger.providers[.interest, p, t] = interest
        ledger.providers[.repayment, p, t] = repayment
        ledger.providers[.debtDraw, p, t] = draw
        ledger.providers[.equity, p, t] = equity
        ledger.providers[.sweep, p, t] = sweep
        ledger.providers[.rent, p, t] = rent
        ledger.providers[.buildRent, p, t] = buildRent
        ledger.providers[.leaseLiability, p, t] = liability
        ledger.providers[.otherRevenue, p, t] = otherRevenue
        ledger.providers[.otherEBITDA, p, t] = otherEBITDA
        ledger.providers[.otherCapex, p, t] = otherCapex
        ledger.providers[.cash, p, t] = cash
        ledger.providers[.debt, p, t] = debt[p].balance
        ledger.providers[.ebitda, p, t] = ebitda
        ledger.providers[.revenueRecognised, p, t] = recognised
        ledger.providers[.replacementCost, p, t] = replacement
        ledger.providers[.depreciation, p, t] = depreciation
        let lo = max(0, t - 11)
        let trailingEBITDA = ledger.providers.sum(.ebitda, p, lo..<(t + 1))
        ledger.providers[.leverage, p, t] = DebtBook.leverage(debt: debt[p].balance, trailingEBITDA: trailingEBITDA, months: t + 1 - lo)
        let ebitdar = (trailingEBITDA + ledger.providers.sum(.rent, p, lo..<(t + 1))) * 12 / Double(t + 1 - lo)
        let adjusted = ebitdar > 0 ? (debt[p].balance + liability) / ebitdar : .infinity
        ledger.providers[.adjustedLeverage, p, t] = adjusted
        // Next month's chips the provider could not pay slip with their deliveries (`credit`).
        if let credit = f.credit, !defaulted, deferUnaffordableDeliveries(p, t, cash: cash, credit) { halted = true }
        ledger.providers[.buildStopped, p, t] = halted ? 1 : 0
        if halted { summary.providerHaltMonths[p] += 1 }
        if let r = f.rating, model.calendarMonth[t] == r.fiscalYearEnd, t > r.graceUntil {
            providerState[p].yearsAbove = adjusted > values[r.threshold] ? providerState[p].yearsAbove + 1 : 0
            providerState[p].yearsAboveDowngrade = adjusted > values[r.downgradeThreshold] ? providerState[p].yearsAboveDowngrade + 1 : 0
            if providerState[p].yearsAbove >= r.years { summary.ratingBreach[p] = true }
            if providerState[p].yearsAboveDowngrade >= r.downgradeYears { summary.downgrade[p] = true }
        }
    }

    /// Straight-line depreciation of the contract's delivered tranches: chips (capacity rentals) over
    /// the accelerator's life, the owned facility over `facility_life_months`, from the month of delivery.
    func depreciation(_ c: Int, _ t: Int, facilityLife: Double) -> Double {
        let contract = model.contracts[c]
        let b = contract.buyer
        let a = model.accelerators[contract.accelerator]
        guard let f = model.providers[contract.host].financials else { return 0 }
        let leased = f.leases.map { values[$0.share] } ?? 0
        var total = 0.0
        for j in contract.tranches where trancheStatus[j].isActive {
            let delivery = trancheDelivery[j]
            guard delivery <= t, delivery <= contract.lastMonth else { continue }
            if let d = buyerState[b].defaultMonth, delivery > d { continue }  // cancelled before delivery
            let mw = values[model.tranches[j].mw]
            let age = Double(t - delivery)
            let chipLife = values[a.lifeMonths]
            if hostOwnsChips(c) && age < chipLife { total += mw * values[a.capexPerMW] / chipLife }
            if age < facilityLife { total += mw * values[f.facilityCapexPerMW] * (1 - leased) / facilityLife }
        }
        return total
    }
}
