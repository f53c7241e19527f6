import OfftakeEngine

extension TerminalReport {
    /// The deterministic base case (`offtake run --deterministic`): each buyer's and each provider's
    /// yearly cash flows from the simulated path's ledger (flows are yearly sums, balances at year end,
    /// in billions of dollars), the contract charges, then the one-path verdict and metrics.
    public func baseCase(_ sim: PathSimulator, result: RunResult) -> String {
        let model = sim.model
        let ledger = sim.ledger
        let ranges = model.yearRanges
        let f = format
        let header = [t("$ billions", "milliards de $")] + model.years.map(String.init)
        let numeric = Set(1..<header.count)
        func sums(_ grid: MonthGrid, _ e: Int) -> [String] { ranges.map { f.billions(grid.sum(e, $0)) } }
        func ends(_ grid: MonthGrid, _ e: Int) -> [String] { ranges.map { f.billions(grid[e, $0.upperBound - 1]) } }
        func yearEnd(_ grid: MonthGrid, _ e: Int, _ show: (Double) -> String) -> [String] { ranges.map { show(grid[e, $0.upperBound - 1]) } }
        var out: [String] = []
        out.append(t("\(result.scenario) — deterministic base case: every parameter at its median, no shocks, regime fixed.",
                     "\(result.scenario) — cas de base déterministe\u{00A0}: chaque paramètre à sa médiane, sans chocs, régime fixé."))
        out.append(t("Horizon \(result.horizon.start) … \(result.horizon.end). Flows are yearly sums; balances are at year end.",
                     "Horizon \(result.horizon.start) … \(result.horizon.end). Les flux sont des sommes annuelles\u{202F}; les soldes sont en fin d’année."))
        for (b, buyer) in model.scenario.buyers.enumerated() {
            out.append("")
            let defaulted = sim.summary.defaultMonth[b].map { t("  — DEFAULTS in ", "  — DÉFAUT en ") + model.monthLabels[$0] } ?? ""
            out.append(t("BUYER ", "ACHETEUR ") + buyer.id + defaulted)
            let rows: [[String]] = [
                [t("revenue potential", "chiffre d’affaires potentiel")] + sums(ledger.buyers[.revenuePotential], b),
                [t("revenue (served)", "chiffre d’affaires (servi)")] + sums(ledger.buyers[.revenue], b),
                [t("− opex", "− charges d’exploitation")] + sums(ledger.buyers[.opex], b),
                [t("− contract payments", "− paiements des contrats")] + sums(ledger.buyers[.contractPayments], b),
                [t("− spot compute", "− calcul au comptant")] + sums(ledger.buyers[.spotCost], b),
                [t("+ established business", "+ activités établies")] + sums(ledger.buyers[.establishedCashFlow], b),
                [t("+ sublet income", "+ revenus de sous-location")] + sums(ledger.buyers[.subletIncome], b),
                [t("= operating cash flow", "= flux de trésorerie d’exploitation")] + sums(ledger.buyers[.operatingCashFlow], b),
                [t("+ funding", "+ levées de fonds")] + sums(ledger.buyers[.funding], b),
                [t("+ vendor financing", "+ financement fournisseur")] + sums(ledger.buyers[.vendorFinancing], b),
                [t("+ facility drawn", "+ tirages sur la ligne")] + sums(ledger.buyers[.facilityDraw], b),
                [t("− facility repaid", "− remboursements de la ligne")] + sums(ledger.buyers[.facilityRepayment], b),
                [t("− facility interest", "− intérêts de la ligne")] + sums(ledger.buyers[.facilityInterest], b),
                [t("cash, year end", "trésorerie, fin d’année")] + ends(ledger.buyers[.cash], b),
                [t("facility, year end", "ligne de crédit, fin d’année")] + ends(ledger.buyers[.facilityBalance], b),
                [t("idle commitment paid", "engagement payé inutilisé")] + sums(ledger.buyers[.unusedCommitment], b),
            ]
            out.append(TextTable(header: header, rows: rows, rightAligned: numeric).render(colour: colour))
        }
        for (p, provider) in model.scenario.providers.enumerated() where model.providerHasFinancials(p) {
            out.append("")
            out.append(t("PROVIDER ", "FOURNISSEUR ") + provider.id)
            let rows: [[String]] = [
                [t("contract receipts", "encaissements des contrats")] + sums(ledger.providers[.receipts], p),
                [t("recoveries", "recouvrements")] + sums(ledger.providers[.recoveries], p),
                [t("re-lease income", "revenus de relocation")] + sums(ledger.providers[.releaseIncome], p),
                [t("base EBITDA", "EBITDA de base")] + sums(ledger.providers[.baseEBITDA], p),
                [t("other AI customers EBITDA", "EBITDA des autres clients IA")] + sums(ledger.providers[.otherEBITDA], p),
                [t("− AI opex", "− charges d’exploitation IA")] + sums(ledger.providers[.opex], p),
                [t("− rent", "− loyers")] + sums(ledger.providers[.rent], p),
                ["= EBITDA"] + sums(ledger.providers[.ebitda], p),
                [t("− capex (build)", "− investissements (construction)")] + sums(ledger.providers[.capex], p),
                [t("− capex (other customers)", "− investissements (autres clients)")] + sums(ledger.providers[.otherCapex], p),
                [t("− interest", "− intérêts")] + sums(ledger.providers[.interest], p),
                [t("− debt repaid", "− dette remboursée")] + sums(ledger.providers[.repayment], p),
                [t("− debt swept", "− remboursement anticipé")] + sums(ledger.providers[.sweep], p),
                [t("+ debt drawn", "+ dette tirée")] + sums(ledger.providers[.debtDraw], p),
                [t("+ equity raised", "+ capitaux levés")] + sums(ledger.providers[.equity], p),
                [t("depreciation (AI build)", "amortissements (investissement IA)")] + sums(ledger.providers[.depreciation], p),
                [t("cash, year end", "trésorerie, fin d’année")] + ends(ledger.providers[.cash], p),
                [t("debt, year end", "dette, fin d’année")] + ends(ledger.providers[.debt], p),
                [t("lease liability, year end", "dette locative, fin d’année")] + ends(ledger.providers[.leaseLiability], p),
                [t("leverage, year end (×)", "levier, fin d’année (×)")] + yearEnd(ledger.providers[.leverage], p) { $0.isFinite ? f.decimal($0, digits: 2) : "∞" },
                [t("adjusted leverage, year end (×)", "levier ajusté, fin d’année (×)")]
                    + yearEnd(ledger.providers[.adjustedLeverage], p) { $0.isFinite ? f.decimal($0, digits: 2) : "∞" },
                [t("MW online, year end", "MW en service, fin d’année")] + yearEnd(ledger.providers[.mwOnline], p) { f.count($0) },
            ]
            out.append(TextTable(header: header, rows: rows, rightAligned: numeric).render(colour: colour))
        }
        out.append("")
        out.append(t("CONTRACT CHARGES ($ billions)", "CHARGES DES CONTRATS (milliards de $)"))
        let chargeRows = model.scenario.contracts.enumerated().map { c, contract in
            [contract.id] + sums(ledger.contracts[.charge], c)
                + [f.billions(sim.summary.contractValue[c]), f.percent(sim.summary.contractPaid[c] / sim.summary.contractValue[c])]
        }
        out.append(TextTable(header: header + [t("total", "total"), t("paid", "payé")], rows: chargeRows,
                             rightAligned: Set(1..<(header.count + 2))).render(colour: colour))
        out.append("")
        out.append(verdictTable(result))
        out.append("")
        if let checks = marketCheckTable(result) {
            out.append(checks)
            out.append("")
        }
        out.append(metricsTable(result, title: t("METRICS (one path)", "INDICATEURS (une trajectoire)")))
        return out.joined(separator: "\n")
    }
}
