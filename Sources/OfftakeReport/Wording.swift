import OfftakeEngine

extension ReportLanguage {
    /// The English or the French text.
    public func pick(_ en: String, _ fr: String) -> String { self == .en ? en : fr }

    /// "x: y" in English, "x : y" in French (a no-break space before the colon).
    func colon(_ subject: String, _ rest: String) -> String { self == .en ? "\(subject): \(rest)" : "\(subject)\u{00A0}: \(rest)" }
}

/// The provider's side of a headline: its most telling credit measure (a default, else its most
/// frequent leverage-test breach) with its probability, and — when the run has them — its expected
/// funding gap and the median of its lowest year-end interest coverage.
public struct ProviderRisk: Sendable, Equatable {
    public var provider: String
    public var measure: ProviderMeasure
    public var probability: Double
    public var fundingGap: Double?
    public var interestCoverage: Double?

    public init(provider: String, measure: ProviderMeasure, probability: Double, fundingGap: Double? = nil, interestCoverage: Double? = nil) {
        self.provider = provider
        self.measure = measure
        self.probability = probability
        self.fundingGap = fundingGap
        self.interestCoverage = interestCoverage
    }
}

/// The words of the verdict, by language: the label of every metric's statistic (the one table: the
/// documents' English `label` fields come from it too, through ``documentLabeller``) and the verdict in
/// plain words at the top of a report.
public enum VerdictWording {
    /// The label of a verdict entry (`contract.c.paid_in_full` + `probability` → "c: paid in full" /
    /// "c : payé intégralement").
    public static func label(_ entry: RunResult.VerdictEntry, _ language: ReportLanguage) -> String {
        label(entry.line, language)
    }

    /// The label of a metric's statistic in `language`: the party, then the measure's words, qualified
    /// by the statistic when the words do not already say it ("NPV of the AI build, median").
    public static func label(_ line: MetricLine, _ language: ReportLanguage) -> String {
        let l = language
        let w = words(line.metric, counterparty: line.counterparty)
        var text = l.pick(w.en, w.fr)
        switch line.statistic {
        case .mean, .probability:
            if !w.expectation { text += line.statistic == .mean ? l.pick(" (expected)", " (espérance)") : l.pick(" (probability)", " (probabilité)") }
        case .p50: text += l.pick(", median", ", médiane")
        case .p5: text += l.pick(", 5th percentile", ", 5e centile")
        }
        return line.metric.party.map { l.colon($0, text) } ?? text
    }

    /// Writes the `label` of the documents' lines in English, from this table.
    public static let documentLabeller = MetricLabeller { label($0, .en) }

    /// A measure's words in English and French; `expectation` when they already say what the mean or
    /// probability is ("paid in full", "expected share paid"), so those statistics add nothing.
    struct Words {
        var en: String
        var fr: String
        var expectation = false
    }

    /// Every measure's words: a new measure does not compile until it has them. `counterparty` is the
    /// provider a contract's line names.
    static func words(_ metric: MetricID, counterparty: String?) -> Words {
        func w(_ en: String, _ fr: String) -> Words { Words(en: en, fr: fr) }
        func event(_ en: String, _ fr: String) -> Words { Words(en: en, fr: fr, expectation: true) }
        switch metric {
        case .buyer(_, let m):
            switch m {
            case .default: return event("defaults within the horizon", "fait défaut sur l’horizon")
            case .defaultBy(let year): return event("default by end of \(year)", "défaut avant fin \(year)")
            case .cashMin: return w("lowest cash balance", "trésorerie la plus basse")
            case .fundingRaised: return w("equity raised", "fonds propres levés")
            case .revenueTotal: return w("revenue over the horizon", "chiffre d’affaires sur l’horizon")
            case .revenueLost: return w("revenue lost for want of capacity", "chiffre d’affaires perdu faute de capacité")
            case .capacityShortfall: return w("MW-months due under its contracts and not delivered", "MW-mois dus par ses contrats et non livrés")
            case .computeSpend: return w("compute spend", "dépenses de calcul")
            case .unusedCommitment: return w("unused commitment", "engagement inutilisé")
            case .cashFlowPositiveBy(let year): return event("operating cash flow positive in \(year)", "flux de trésorerie d’exploitation positif en \(year)")
            case .npv: return w("NPV", "VAN")
            case .supplierShare(let p): return w("share of contract payments to \(p)", "part des paiements contractuels versée à \(p)")
            case .supplierHHI: return w("supplier concentration (HHI)", "concentration des fournisseurs (IHH)")
            case .vendorFinancing: return w("vendor financing received", "financement fournisseur reçu")
            case .ipo: return event("IPO within the horizon", "introduction en Bourse sur l’horizon")
            case .feesPaid: return w("option and cancellation fees paid", "frais d’option et d’annulation payés")
            case .facilityDrawn: return event("draws its credit facility", "tire sur sa ligne de crédit")
            case .facilityPeak: return w("largest credit facility balance", "encours maximal de la ligne de crédit")
            case .cancelled: return event("cancels undelivered tranches", "annule des tranches non livrées")
            case .cancelledMW: return w("MW cancelled", "MW annulés")
            case .deferred: return event("asks for and gets deferrals", "demande et obtient des reports")
            case .deferredAmount: return w("charges deferred", "charges reportées")
            case .deferralRefused: return event("is refused a deferral", "se voit refuser un report")
            case .sublet: return event("sublets idle capacity", "sous-loue sa capacité inutilisée")
            case .subletIncome: return w("sublet income", "revenus de sous-location")
            case .downRound: return event("raises in a down round", "lève des fonds en baisse de valorisation")
            case .dilution: return w("share of the company sold over the horizon", "part du capital cédée sur l’horizon")
            case .impliedEquity: return w("model’s equity value at the last round", "valeur des fonds propres selon le modèle au dernier tour")
            case .equityValue: return w("equity value at the horizon", "valeur des fonds propres à l’horizon")
            case .backer(let k): return w("invested by \(k)", "investi par \(k)")
            case .restructuringEntered: return event("fails its forward test (restructuring)", "échoue à son test prospectif (restructuration)")
            case .restructuringAgreed: return event("agrees a restructuring with its providers", "obtient une restructuration de ses fournisseurs")
            case .cash: return w("cash balance", "trésorerie")
            case .revenue: return w("revenue", "chiffre d’affaires")
            case .netCashFlow: return w("operating cash flow", "flux de trésorerie d’exploitation")
            case .funding: return w("funding received", "financements reçus")
            }
        case .contract(_, let m):
            switch m {
            case .value: return w("value as delivered", "valeur livrée")
            case .paid: return w("amount paid", "montant payé")
            case .paidFraction: return event("expected share paid", "part payée (espérance)")
            case .paidInFull: return event("paid in full", "payé intégralement")
            case .coverage: return w("demand coverage", "couverture de la demande")
            case .usedMWMonths: return w("MW-months used", "MW-mois utilisés")
            case .deliveredMWMonths: return w("MW-months delivered", "MW-mois livrés")
            case .charges: return w("charges billed", "montants facturés")
            case .spotEquivalentCost: return w("cost of the same use at spot prices", "coût du même usage au prix spot")
            case .utilization: return w("utilization", "utilisation")
            case .effectiveSavingsRate: return w("effective savings rate", "taux d’économie effectif")
            case .deferred: return w("charges deferred", "charges reportées")
            case .deferredRepaid: return w("deferrals repaid", "reports remboursés")
            case .deferredRecovered: return w("deferrals recovered after default", "reports recouvrés après défaut")
            case .deferredWrittenOff: return w("deferrals written off", "reports passés en perte")
            case .deferralRefused:
                return event("deferral refused by \(counterparty ?? "the provider")", "report refusé par \(counterparty ?? "le fournisseur")")
            case .cancelledMW: return w("MW cancelled", "MW annulés")
            case .optionsExercisedMW: return w("option MW exercised", "MW d’option levés")
            case .optionsLapsedMW: return w("option MW lapsed", "MW d’option expirés")
            case .restructured:
                return event("concessions granted by \(counterparty ?? "the provider")", "concessions accordées par \(counterparty ?? "le fournisseur")")
            case .concessionValue: return w("value given up in concessions", "valeur cédée en concessions")
            case .concessionDeferral: return event("longer deferral granted", "report allongé accordé")
            case .concessionExtension: return event("term extension granted", "prolongation de durée accordée")
            case .concessionOption: return event("firm tranches turned into options", "tranches fermes converties en options")
            case .concessionPriceCut: return event("price cut granted", "baisse de prix accordée")
            case .capacityLostMW: return w("MW lost at \(counterparty ?? "the provider")'s default", "MW perdus au défaut de \(counterparty ?? "le fournisseur")")
            case .prepaymentLost: return w("prepayment lost at the provider's default", "prépaiement perdu au défaut du fournisseur")
            case .capacityShortfall: return w("MW-months due and not delivered", "MW-mois dus et non livrés")
            case .revenueLost:
                return w("buyer's revenue lost to capacity not delivered by \(counterparty ?? "the provider")",
                         "revenu de l’acheteur perdu faute de capacité livrée par \(counterparty ?? "le fournisseur")")
            case .replacementMWMonths: return w("MW-months replaced by the provider at market price", "MW-mois remplacés par le fournisseur au prix du marché")
            case .replacementCost: return w("provider's cost of replacement capacity", "coût de la capacité de remplacement pour le fournisseur")
            case .serviceCredits: return w("service credits to the buyer", "crédits de service à l’acheteur")
            case .terminatedMW: return w("MW terminated by the buyer for late delivery", "MW résiliés par l’acheteur pour retard de livraison")
            case .renewed: return event("renewed at the end of its term", "renouvelé à la fin de sa durée")
            }
        case .provider(_, let m):
            switch m {
            case .npv: return w("NPV of the AI build", "VAN de l’investissement IA")
            case .npvWithResidual: return w("NPV with residual value", "VAN avec valeur résiduelle")
            case .residualValue: return w("residual value", "valeur résiduelle")
            case .adjustedLeverageMax: return w("highest adjusted leverage", "levier ajusté maximal")
            case .equityRaised: return w("equity raised", "fonds propres levés")
            case .debtEnd: return w("debt at the end of the horizon", "dette en fin d’horizon")
            case .ratingBreach: return event("adjusted leverage above the rating threshold", "levier ajusté au-dessus du seuil de notation")
            case .downgradeBelowIG: return event("downgraded below investment grade", "dégradé sous la catégorie investissement")
            case .lendersTestBreach: return event("adjusted leverage above the lenders' test", "levier ajusté au-dessus du test des prêteurs")
            case .lendersTestFailed: return event("lenders' test failed at its second threshold", "test des prêteurs échoué à son second seuil")
            case .leverageMax: return w("highest leverage", "levier maximal")
            case .covenantBreach: return event("leverage covenant breached", "covenant de levier franchi")
            case .strandedMWMonths: return w("MW-months stranded after a default", "MW-mois inemployés après un défaut")
            case .cashMin: return w("lowest cash balance", "trésorerie la plus basse")
            case .fundingGap: return w("funding gap", "besoin de financement externe")
            case .interestCoverageMin: return w("lowest interest coverage (EBITDA ÷ interest, year end)", "couverture des intérêts la plus basse (EBITDA ÷ intérêts, fin d’exercice)")
            case .customerShare(let b): return event("share of AI revenue from \(b)", "part du chiffre d’affaires IA venant de \(b)")
            case .defaulted: return event("provider defaults", "défaut du fournisseur")
            case .defaultBy(let y): return event("provider defaulted by \(y)", "fournisseur en défaut fin \(y)")
            case .default5y: return event("provider defaults within 5 years (model)", "défaut du fournisseur sous 5 ans (modèle)")
            case .marketDefault5y: return w("default within 5 years implied by its CDS (risk-neutral)", "défaut sous 5 ans implicite de son CDS (risque neutre)")
            case .creditorLoss: return w("creditors' loss at its default", "perte des créanciers à son défaut")
            case .buildHalted: return event("build stopped for want of money", "chantier arrêté faute de financement")
            case .buildHaltMonths: return w("months the build stopped", "mois de chantier arrêté")
            case .leverage: return w("leverage (debt ÷ EBITDA)", "levier (dette ÷ EBITDA)")
            case .adjustedLeverage: return w("adjusted leverage", "levier ajusté")
            case .utilization: return w("utilisation of capacity online", "utilisation de la capacité en service")
            case .capex: return w("capital expenditure", "investissements")
            case .aiRevenue: return w("AI revenue", "chiffre d’affaires IA")
            }
        case .market(let m):
            switch m {
            case .demand: return w("AI demand index", "indice de demande IA")
            case .price: return w("compute price", "prix du calcul")
            case .generationPrice(let g): return w("price of \(g) capacity", "prix de la capacité \(g)")
            case .supplyMW(let g): return w("\(g) capacity online industry-wide (MW)", "capacité \(g) en service dans le secteur (MW)")
            }
        }
    }

    /// How likely a contract is to be paid in full, in words. Thresholds on P(paid in full): ≥ 90 % a
    /// bold alliance that holds, ≥ 50 % a close call, below 50 % a reckless venture (more likely not paid
    /// in full than paid).
    ///
    /// The verdict weighs both sides: when the contract's provider defaults on 10 % of paths or more
    /// (`providerRisk` a `.defaulted` measure), or — unable to default or defaulting less — breaches
    /// its leverage test on 10 % or more (a rating threshold, its lenders' test or a covenant), the
    /// headline says so after the buyer's side.
    public static func headline(paidInFull p: Double, contract: String, providerRisk: ProviderRisk? = nil, _ language: ReportLanguage) -> String {
        let l = language
        let f = NumberFormat(language)
        var text: String
        if p >= 0.9 {
            text = l.pick("Bold alliance: \(contract) is very likely paid in full.", "Alliance audacieuse\u{00A0}: \(contract) sera très probablement payé intégralement.")
        } else if p >= 0.5 {
            text = l.pick("A close call: \(contract) is paid in full on most paths, but far from all.",
                          "Pari incertain\u{00A0}: \(contract) est payé intégralement sur la plupart des trajectoires, mais loin de toutes.")
        } else {
            text = l.pick("Reckless venture: \(contract) is more likely not paid in full than paid.",
                          "Aventure imprudente\u{00A0}: \(contract) a plus de chances de ne pas être payé intégralement que de l’être.")
        }
        guard let risk = providerRisk, risk.probability >= 0.1 else { return text }
        let (provider, q) = (risk.provider, risk.probability)
        switch risk.measure {
        case .defaulted:
            text += l.pick(" But the provider, \(provider), defaults on \(f.percent(q)) of paths: the buyer pays, the builder may not last.",
                           " Mais le fournisseur, \(provider), fait défaut sur \(f.percent(q)) des trajectoires\u{00A0}: l’acheteur paie, le constructeur pourrait ne pas tenir.")
        default:
            let test = words(.provider(provider, risk.measure), counterparty: nil)
            text += l.pick(" But the provider, \(provider), is under strain on \(f.percent(q)) of paths (\(test.en)).",
                           " Mais le fournisseur, \(provider), est sous tension sur \(f.percent(q)) des trajectoires (\(test.fr)).")
        }
        // Its funding gap and interest coverage, where they say something: a gap on some paths, a coverage
        // that is finite (the provider pays interest).
        var credit: [String] = []
        if let gap = risk.fundingGap, gap > 0 {
            credit.append(l.pick("expected funding gap \(f.money(gap))", "besoin de financement externe attendu \(f.money(gap))"))
        }
        if let coverage = risk.interestCoverage, coverage.isFinite {
            credit.append(l.pick("lowest year-end interest coverage \(f.multiple(coverage)) (median)",
                                 "couverture des intérêts la plus basse \(f.multiple(coverage)) (médiane)"))
        }
        if !credit.isEmpty {
            let joined = credit.joined(separator: l.pick("; ", "\u{00A0}; "))
            text += " " + joined.prefix(1).uppercased() + joined.dropFirst() + "."
        }
        return text
    }

    /// The verdict in plain words: for each contract of the result, how often it is paid in full and the
    /// share paid; for each buyer its default probability by the last year; for each provider its NPV.
    public static func sentences(_ result: RunResult, _ language: ReportLanguage) -> [String] {
        let f = NumberFormat(language), l = language
        var out: [String] = []
        var seen = Set<String>()
        func entry(_ metric: MetricID, _ statistic: Statistic) -> RunResult.VerdictEntry? {
            result.verdict.first { $0.metric == metric && $0.statistic == statistic }
        }
        func interval(_ e: RunResult.VerdictEntry) -> String {
            guard !result.deterministic, e.ci95.count == 2 else { return "" }
            return l.pick(" (95% interval \(f.value(e.ci95[0], kind: e.kind)) … \(f.value(e.ci95[1], kind: e.kind)))",
                          " (intervalle à 95\u{202F}%\u{00A0}: \(f.value(e.ci95[0], kind: e.kind)) … \(f.value(e.ci95[1], kind: e.kind)))")
        }
        let lastYear = String(result.horizon.end.prefix(4))
        for e in result.verdict {
            guard case .contract(let c, .paidInFull) = e.metric else { continue }
            var text = l.pick("\(c) is paid in full on \(f.percent(e.value)) of paths\(interval(e))",
                              "\(c) est payé intégralement sur \(f.percent(e.value)) des trajectoires\(interval(e))")
            if let share = entry(.contract(c, .paidFraction), .mean) {
                text += l.pick("; on average \(f.percent(share.value)) of its value is paid.", "\u{202F}; en moyenne, \(f.percent(share.value)) de sa valeur est payée.")
            } else {
                text += "."
            }
            out.append(text)
        }
        for e in result.verdict {
            guard case .buyer(let b, .defaultBy(let year)) = e.metric, String(year) == lastYear, seen.insert("b" + b).inserted else { continue }
            out.append(l.pick("\(b) defaults by the end of \(lastYear) on \(f.percent(e.value)) of paths\(interval(e)).",
                              "\(b) fait défaut avant fin \(lastYear) sur \(f.percent(e.value)) des trajectoires\(interval(e))."))
        }
        for e in result.verdict {
            guard case .buyer(let b, .restructuringAgreed) = e.metric else { continue }
            out.append(l.pick("\(b) renegotiates with its providers before any default on \(f.percent(e.value)) of paths\(interval(e)): longer deferrals, term extensions, firm tranches turned into options or price cuts, each provider weighing the package against enforcement.",
                              "\(b) renégocie avec ses fournisseurs avant tout défaut sur \(f.percent(e.value)) des trajectoires\(interval(e))\u{00A0}: reports allongés, prolongations, tranches fermes converties en options ou baisses de prix, chaque fournisseur comparant l’accord à l’exécution forcée."))
        }
        for e in result.verdict {
            guard case .provider(let p, .default5y) = e.metric, seen.insert("d" + p).inserted else { continue }
            var text = l.pick("\(p) defaults within five years on \(f.percent(e.value)) of paths\(interval(e))",
                              "\(p) fait défaut dans les cinq ans sur \(f.percent(e.value)) des trajectoires\(interval(e))")
            if let market = entry(.provider(p, .marketDefault5y), .mean), market.value > 0 {
                text += l.pick("; its CDS implies \(f.percent(market.value)) (a risk-neutral probability, above the real-world one: a model at or above it is pessimistic). Ratio model ÷ market: \(f.multiple(e.value / market.value)).",
                               "\u{202F}; son CDS implique \(f.percent(market.value)) (probabilité risque neutre, au-dessus de la probabilité réelle\u{00A0}: un modèle qui l’atteint est pessimiste). Rapport modèle ÷ marché\u{00A0}: \(f.multiple(e.value / market.value)).")
            } else {
                text += "."
            }
            out.append(text)
        }
        for e in result.verdict where e.statistic == .p50 {
            guard case .provider(let p, .npv) = e.metric, seen.insert("p" + p).inserted else { continue }
            var text = l.pick("\(p)’s NPV of the AI build: median \(f.money(e.value))", "VAN de l’investissement IA de \(p)\u{00A0}: médiane \(f.money(e.value))")
            if let tail = entry(e.metric, .p5) { text += l.pick(", 5th percentile \(f.money(tail.value))", ", 5e centile \(f.money(tail.value))") }
            out.append(text + ".")
        }
        return out
    }
}
