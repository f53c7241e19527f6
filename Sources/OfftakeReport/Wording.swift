import OfftakeEngine

extension ReportLanguage {
    /// The English or the French text.
    public func pick(_ en: String, _ fr: String) -> String { self == .en ? en : fr }

    /// "x: y" in English, "x : y" in French (a no-break space before the colon).
    func colon(_ subject: String, _ rest: String) -> String { self == .en ? "\(subject): \(rest)" : "\(subject)\u{00A0}: \(rest)" }
}

/// The words of the verdict, by language: the label of each verdict entry and the verdict in plain
/// words at the top of a report.
public enum VerdictWording {
    /// The label of a verdict entry from its metric id and statistic (`contract.c.paid_in_full` +
    /// `probability` → "c: paid in full" / "c : payé intégralement"); the result's own label for an id
    /// this table does not know.
    public static func label(_ entry: RunResult.VerdictEntry, _ language: ReportLanguage) -> String {
        label(id: entry.id, statistic: entry.statistic, written: entry.label, language)
    }

    /// The label of metric `id`'s `statistic` in `language`; `written` (the document's own label) for an
    /// id this table does not know. For the rows of stress and compare documents, which carry the id,
    /// the statistic and an English label.
    public static func label(id: String, statistic: String, written: String, _ language: ReportLanguage) -> String {
        let entry = (id: id, statistic: statistic, label: written)
        let parts = entry.id.split(separator: ".").map(String.init)
        guard parts.count >= 3 else { return entry.label }
        let subject = parts[1], name = parts[2...].joined(separator: ".")
        let l = language
        func say(_ en: String, _ fr: String) -> String { l.colon(subject, l.pick(en, fr)) }
        let last = parts.last ?? ""
        switch (parts[0], name, entry.statistic) {
        case ("contract", "paid_in_full", _): return say("paid in full", "payé intégralement")
        case ("contract", "paid_fraction", _): return say("expected share paid", "part payée (espérance)")
        case ("contract", "deferred", _): return say("charges deferred (expected)", "charges reportées (espérance)")
        case ("contract", "deferral_refused", _): return say("deferral refused by the provider", "report refusé par le fournisseur")
        case ("contract", "cancelled_mw", _): return say("MW cancelled (expected)", "MW annulés (espérance)")
        case ("contract", "options_exercised_mw", _): return say("option MW exercised (expected)", "MW d’option levés (espérance)")
        case ("buyer", _, _) where name.hasPrefix("default_by."): return say("default by end of \(last)", "défaut avant fin \(last)")
        case ("buyer", _, _) where name.hasPrefix("cash_flow_positive_by."):
            return say("operating cash flow positive in \(last)", "flux de trésorerie d’exploitation positif en \(last)")
        case ("buyer", "workout.facility_drawn", _): return say("draws its credit facility", "tire sur sa ligne de crédit")
        case ("buyer", "workout.cancelled", _): return say("cancels undelivered tranches", "annule des tranches non livrées")
        case ("buyer", "workout.deferred", _): return say("asks for and gets deferrals", "demande et obtient des reports")
        case ("buyer", "workout.sublet", _): return say("sublets idle capacity", "sous-loue sa capacité inutilisée")
        case ("buyer", "ipo", _): return say("IPO within the horizon", "introduction en Bourse sur l’horizon")
        case ("provider", "npv", "p50"): return say("NPV of the AI build, median", "VAN de l’investissement IA, médiane")
        case ("provider", "npv", "p5"): return say("NPV of the AI build, 5th percentile", "VAN de l’investissement IA, 5e centile")
        case ("provider", "npv_with_residual", _): return say("NPV with residual value, median", "VAN avec valeur résiduelle, médiane")
        case ("provider", "covenant_breach", _): return say("leverage covenant breached", "covenant de levier franchi")
        case ("provider", "rating_breach", _): return say("adjusted leverage above the rating threshold", "levier ajusté au-dessus du seuil de notation")
        case ("provider", "downgrade_below_ig", _): return say("downgraded below investment grade", "dégradé sous la catégorie investissement")
        case ("provider", _, _) where name.hasPrefix("customer_share."):
            return say("share of AI revenue from \(last)", "part du chiffre d’affaires IA venant de \(last)")
        default: return entry.label
        }
    }

    /// How likely a contract is to be paid in full, in words. Thresholds on P(paid in full): ≥ 90 % a
    /// bold alliance that holds, ≥ 50 % a close call, below 50 % a reckless venture (more likely not paid
    /// in full than paid).
    public static func headline(paidInFull p: Double, contract: String, _ language: ReportLanguage) -> String {
        let l = language
        if p >= 0.9 {
            return l.pick("Bold alliance: \(contract) is very likely paid in full.", "Alliance audacieuse\u{00A0}: \(contract) sera très probablement payé intégralement.")
        } else if p >= 0.5 {
            return l.pick("A close call: \(contract) is paid in full on most paths, but far from all.",
                          "Pari incertain\u{00A0}: \(contract) est payé intégralement sur la plupart des trajectoires, mais loin de toutes.")
        }
        return l.pick("Reckless venture: \(contract) is more likely not paid in full than paid.",
                      "Aventure imprudente\u{00A0}: \(contract) a plus de chances de ne pas être payé intégralement que de l’être.")
    }

    /// The verdict in plain words: for each contract of the result, how often it is paid in full and the
    /// share paid; for each buyer its default probability by the last year; for each provider its NPV.
    public static func sentences(_ result: RunResult, _ language: ReportLanguage) -> [String] {
        let f = NumberFormat(language), l = language
        var out: [String] = []
        var seen = Set<String>()
        func entry(_ id: String, _ statistic: String? = nil) -> RunResult.VerdictEntry? {
            result.verdict.first { $0.id == id && (statistic == nil || $0.statistic == statistic) }
        }
        func interval(_ e: RunResult.VerdictEntry) -> String {
            guard !result.deterministic, e.ci95.count == 2 else { return "" }
            return l.pick(" (95% interval \(f.value(e.ci95[0], kind: e.kind)) … \(f.value(e.ci95[1], kind: e.kind)))",
                          " (intervalle à 95\u{202F}%\u{00A0}: \(f.value(e.ci95[0], kind: e.kind)) … \(f.value(e.ci95[1], kind: e.kind)))")
        }
        let lastYear = String(result.horizon.end.prefix(4))
        for e in result.verdict where e.id.hasPrefix("contract.") && e.id.hasSuffix(".paid_in_full") {
            let c = e.id.split(separator: ".")[1]
            var text = l.pick("\(c) is paid in full on \(f.percent(e.value)) of paths\(interval(e))",
                              "\(c) est payé intégralement sur \(f.percent(e.value)) des trajectoires\(interval(e))")
            if let share = entry("contract.\(c).paid_fraction") {
                text += l.pick("; on average \(f.percent(share.value)) of its value is paid.", "\u{202F}; en moyenne, \(f.percent(share.value)) de sa valeur est payée.")
            } else {
                text += "."
            }
            out.append(text)
        }
        for e in result.verdict where e.id.hasPrefix("buyer.") && e.id.hasSuffix(".default_by.\(lastYear)") {
            let b = String(e.id.split(separator: ".")[1])
            guard seen.insert("b" + b).inserted else { continue }
            out.append(l.pick("\(b) defaults by the end of \(lastYear) on \(f.percent(e.value)) of paths\(interval(e)).",
                              "\(b) fait défaut avant fin \(lastYear) sur \(f.percent(e.value)) des trajectoires\(interval(e))."))
        }
        for e in result.verdict where e.id.hasPrefix("provider.") && e.id.hasSuffix(".npv") && e.statistic == "p50" {
            let p = String(e.id.split(separator: ".")[1])
            guard seen.insert("p" + p).inserted else { continue }
            var text = l.pick("\(p)’s NPV of the AI build: median \(f.money(e.value))", "VAN de l’investissement IA de \(p)\u{00A0}: médiane \(f.money(e.value))")
            if let tail = entry(e.id, "p5") { text += l.pick(", 5th percentile \(f.money(tail.value))", ", 5e centile \(f.money(tail.value))") }
            out.append(text + ".")
        }
        return out
    }
}
