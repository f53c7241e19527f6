import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
import OfftakeRandom

/// The analysis documents as terminal text (`offtake stress`, `compare`, `sensitivity`, `optimize`),
/// in English or French, with the numbers and units of their HTML reports: the same document type
/// (``AnalysisReportDocument``) and its `value`/`difference` helpers, laid out by ``TextTable``.
///
/// Paired differences are shown as `Δ ± 1.96 s.e.`. A metric whose kind the catalogue does not know
/// is shown as money (the unit of most of a deal's metrics).
extension AnalysisReportDocument {
    /// The renderer of the terminal tables of a run whose metrics `catalog` lists.
    public static func terminal(_ language: ReportLanguage, catalog: MetricCatalog) -> AnalysisReportDocument {
        AnalysisReportDocument(language: language) { catalog.definition(of: $0)?.kind ?? .money }
    }

    /// A parameter value in its unit: `$20.0B`, `1,200 MW`, `35.0%`, `6 mo`, `7.5 mo`, `0.834` (a ratio
    /// or a plain number with three significant digits, never the scenario's full precision).
    func parameter(_ x: Double, _ kind: QuantityKind) -> String {
        let months = t("mo", "mois")
        switch kind {
        case .money, .monthlyMoney: return f.money(x) + (kind == .monthlyMoney ? "/" + months : "")
        case .capacity: return f.integer(Int(x.rounded())) + unitSpace + "MW"
        case .fraction, .annualRate: return f.percent(x)
        case .months: return f.decimal(x, digits: x == x.rounded() ? 0 : 1) + " " + months
        default: return f.significant(x)
        }
    }

    /// A share with three decimals (Sobol indices), `n/a` when undefined.
    func fixed(_ x: Double) -> String {
        guard x.isFinite else { return f.notAvailable }
        return language == .en ? String(format: "%.3f", x) : f.decimal(x, digits: 3)
    }

    var unitSpace: String { language.pick(" ", NumberFormat.narrowSpace) }

    func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        TextTable(header: rows.first ?? [], rows: Array(rows.dropFirst()), rightAligned: rightAligned).render()
    }

    func parameterKinds(_ scenario: Scenario) -> [String: QuantityKind] {
        Dictionary(scenario.parameterSlots.map { ($0.path, $0.kind) }, uniquingKeysWith: { a, _ in a })
    }

    /// Each stress's settings, then one table per stress: base, stressed and the paired difference
    /// of every verdict line.
    public func stressText(_ report: StressReport) -> String {
        var out = [t("\(report.scenario): stresses on the same \(f.integer(report.paths)) paths (seed \(report.seed))",
                     "\(report.scenario)\u{00A0}: stress sur les mêmes \(f.integer(report.paths)) trajectoires (graine \(report.seed))"), ""]
        for stress in report.stresses {
            let settings = [stress.forceRegime.map { t("regime \($0)", "régime \($0)") }].compactMap { $0 } + stress.set
            out.append("  " + language.colon(stress.name, settings.joined(separator: "; ")))
        }
        out.append("")
        for (k, stress) in report.stresses.enumerated() {
            var rows: [[String]] = [["STRESS \(stress.name)", t("base", "base"), t("stressed", "stressé"), t("Δ ± 1.96 s.e.", "Δ ± 1,96 e.t.")]]
            for row in report.rows {
                let cell = row.stressed[k]
                let id = row.line.metric.id
                rows.append([VerdictWording.label(row.line, language), value(row.base, id), value(cell.value, id),
                             difference(cell.difference, cell.standardError, id, statistic: .mean)])
            }
            out.append(table(rows, rightAligned: [1, 2, 3]))
            out.append("")
        }
        out.append(t("Δ = stressed − base on the same paths; ± 1.96 paired standard errors (quantiles: 20 batches of paths).",
                     "Δ = stressé − base sur les mêmes trajectoires\u{00A0}; ± 1,96 erreur type appariée (quantiles\u{00A0}: 20 lots de trajectoires)."))
        return out.joined(separator: "\n")
    }

    /// A and B (and the overrides that make B), then both values and the paired difference of every
    /// verdict line. `overrides` are the `PATH=VALUE` texts that made B from A, if any.
    public func compareText(_ report: CompareReport, overrides: [String]) -> String {
        var rows: [[String]] = [[t("COMPARE", "COMPARAISON"), "A", "B", t("B − A ± 1.96 s.e.", "B − A ± 1,96 e.t.")]]
        for row in report.verdict {
            let id = row.line.metric.id
            rows.append([VerdictWording.label(row.line, language), value(row.a, id), value(row.b, id),
                         difference(row.difference, row.standardError, id, statistic: .mean)])
        }
        var out = ["A = \(report.a)", "B = \(report.b)" + (overrides.isEmpty ? "" : language.pick(": ", "\u{00A0}: ") + overrides.joined(separator: ", ")),
                   t("Same \(f.integer(report.paths)) paths (seed \(report.seed)) for both.",
                     "Mêmes \(f.integer(report.paths)) trajectoires (graine \(report.seed)) pour les deux."), "",
                   table(rows, rightAligned: [1, 2, 3])]
        if !report.onlyInA.isEmpty || !report.onlyInB.isEmpty {
            out.append(t("\nMetrics only in A: \(report.onlyInA.count), only in B: \(report.onlyInB.count) (listed in the JSON).",
                         "\nIndicateurs seulement dans A\u{00A0}: \(report.onlyInA.count), seulement dans B\u{00A0}: \(report.onlyInB.count) (listés dans le JSON)."))
        }
        return out.joined(separator: "\n")
    }

    /// For each metric, the tornado (its `top` largest swings, drawn as bars) or the Sobol indices
    /// (its `top` inputs by total effect, with their 95 % intervals). The rows left out are counted, and
    /// found in `json`, the file the document was written to, or else shown by a larger `--top`.
    public func sensitivityText(_ report: SensitivityReport, scenario: Scenario, top: Int, json: String? = nil) -> String {
        var out: [String] = []
        let kinds = parameterKinds(scenario)
        func more(_ hidden: Int, of all: Int) -> String {
            if let json { return t("… \(hidden) more in \(json)", "… \(hidden) de plus dans \(json)") }
            return t("… \(hidden) more: --top \(all) shows them, --json FILE writes them all",
                     "… \(hidden) de plus\u{00A0}: --top \(all) les montre, --json FICHIER les écrit tous")
        }
        for result in report.metrics {
            let id = result.metric
            if let bars = result.tornado {
                out.append(t("TORNADO \(id) (mean \(value(result.mean, id)); \(f.integer(report.paths)) paths per bar end, seed \(report.seed))",
                             "TORNADE \(id) (moyenne \(value(result.mean, id))\u{00A0}; \(f.integer(report.paths)) trajectoires par extrémité, graine \(report.seed))"))
                let shown = bars.prefix(top)
                let widest = shown.map { abs($0.swing) }.max() ?? 0
                var rows: [[String]] = [[t("parameter (p10 → p90)", "paramètre (p10 → p90)"), t("at p10", "au p10"), t("at p90", "au p90"),
                                         t("swing ± 1.96 s.e.", "écart ± 1,96 e.t."), ""]]
                for bar in shown {
                    let length = widest > 0 ? Int((abs(bar.swing) / widest * 20).rounded()) : 0
                    let kind = kinds[bar.parameter] ?? .number
                    rows.append(["\(bar.parameter) (\(parameter(bar.low, kind)) → \(parameter(bar.high, kind)))",
                                 value(bar.atLow, id), value(bar.atHigh, id),
                                 difference(bar.swing, bar.standardError, id, statistic: .mean),
                                 String(repeating: bar.swing >= 0 ? "█" : "▒", count: length)])
                }
                out.append(table(rows, rightAligned: [1, 2, 3]))
                if bars.count > shown.count { out.append(more(bars.count - shown.count, of: bars.count)) }
                out.append(t("█ raises the metric as the parameter goes from p10 to p90, ▒ lowers it.",
                             "█ augmente l’indicateur quand le paramètre passe du p10 au p90, ▒ le diminue."))
            }
            if let sobol = result.sobol {
                out.append(t("SOBOL \(id) (mean \(value(result.mean, id)), variance explained over \(f.integer(sobol.rows)) rows, seed \(report.seed))",
                             "SOBOL \(id) (moyenne \(value(result.mean, id)), variance expliquée sur \(f.integer(sobol.rows)) lignes, graine \(report.seed))"))
                var rows: [[String]] = [[t("input group", "groupe d’entrées"), t("first order [95%]", "premier ordre [95\u{202F}%]"),
                                         t("total effect [95%]", "effet total [95\u{202F}%]"), ""]]
                let separator = t(", ", "\u{00A0}; ")
                func cell(_ x: Double, _ ci: [Double]) -> String { "\(fixed(x)) [\(fixed(ci[0]))\(separator)\(fixed(ci[1]))]" }
                for bar in sobol.groups.prefix(top) {
                    let length = bar.total.isFinite ? Int((max(0, min(1, bar.total)) * 20).rounded()) : 0
                    rows.append([bar.group, cell(bar.firstOrder, bar.firstOrder95), cell(bar.total, bar.total95), String(repeating: "█", count: length)])
                }
                out.append(table(rows, rightAligned: [1, 2]))
                if sobol.groups.count > top { out.append(more(sobol.groups.count - top, of: sobol.groups.count)) }
                out.append(t("First order: share of the variance the input explains alone; total: with all its interactions.",
                             "Premier ordre\u{00A0}: part de la variance que l’entrée explique seule\u{00A0}; total\u{00A0}: avec toutes ses interactions."))
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// The best decisions, the objective and constraints on the search and the independent check,
    /// and the frontier when one was traced. `scenarioConstraints`: the constraints are the scenario's
    /// own `constraints:` (none was given in the request), named in a line of their own so that they
    /// never apply unseen.
    public func optimizeText(_ report: OptimizeReport, scenario: Scenario, scenarioConstraints: Bool = false) -> String {
        var out: [String] = []
        let kinds = parameterKinds(scenario)
        func plural(_ n: Int, _ en: String, _ fr: String) -> String { "\(n) " + t(en, fr) + (n == 1 ? "" : "s") }
        func direction(_ d: String) -> String { language == .en ? d : (d == "minimize" ? "minimiser" : "maximiser") }
        func interval(_ ci: [Double], _ id: String) -> String { "\(value(ci[0], id)) … \(value(ci[1], id))" }
        let o = report.objective
        out.append(t("\(report.scenario): \(o.direction) \(o.metric) over \(plural(report.decisions.count, "decision", "décision")), "
                     + "\(plural(report.evaluations, "candidate", "candidat")) on \(f.integer(report.paths)) common paths (seed \(report.seed))",
                     "\(report.scenario)\u{00A0}: \(direction(o.direction)) \(o.metric) sur \(plural(report.decisions.count, "décision", "décision")), "
                     + "\(plural(report.evaluations, "candidat", "candidat")) sur \(f.integer(report.paths)) trajectoires communes (graine \(report.seed))"))
        if scenarioConstraints && !report.constraints.isEmpty {
            let list = report.constraints.map { "\($0.metric) \($0.comparison) \(value($0.bound, $0.metric))" }.joined(separator: t("; ", "\u{00A0}; "))
            out.append(t("Constraints of the scenario (`constraints:`; --constraint replaces them): \(list)",
                         "Contraintes du scénario (`constraints:`\u{00A0}; --constraint les remplace)\u{00A0}: \(list)"))
        }
        out.append(report.feasible ? "" : t("\nINFEASIBLE: no candidate meets every constraint on the search paths; the least-violating point is shown.\n",
                                            "\nIRRÉALISABLE\u{00A0}: aucun candidat ne respecte toutes les contraintes sur les trajectoires de recherche\u{00A0}; le point qui les viole le moins est montré.\n"))
        var rows: [[String]] = [[t("DECISION", "DÉCISION"), t("best", "meilleur"), t("range", "plage")]]
        for d in report.decisions {
            let unit = kinds[d.path] ?? .number
            rows.append([d.path, parameter(d.value, unit),
                         "\(parameter(d.min, unit)) … \(parameter(d.max, unit))" + (d.step.map { t(" step ", " pas ") + parameter($0, unit) } ?? "")])
        }
        out.append(table(rows, rightAligned: [1]))
        out.append("")
        var checks: [[String]] = [[t("CHECK on seed \(report.checkSeed)", "VÉRIFICATION graine \(report.checkSeed)"), t("search", "recherche"),
                                   t("check", "vérification"), t("95% interval", "intervalle à 95\u{202F}%"), t("holds", "tient")]]
        checks.append(["\(direction(o.direction)) \(o.metric)", value(o.search, o.metric), value(o.check.mean, o.metric), interval(o.check.ci95, o.metric), ""])
        for c in report.constraints {
            checks.append(["\(c.metric) \(c.comparison) \(value(c.bound, c.metric))", value(c.search, c.metric), value(c.check.mean, c.metric),
                           interval(c.check.ci95, c.metric),
                           c.holds ? (c.holdsWith95 ? t("yes", "oui") : t("yes (bound inside the interval)", "oui (borne dans l’intervalle)")) : t("NO", "NON")])
        }
        out.append(table(checks, rightAligned: [1, 2, 3]))
        if let front = report.frontier {
            out.append("")
            func axis(_ maximize: Bool, _ id: String) -> String { "\(maximize ? "max" : "min") \(id)" }
            var rows: [[String]] = [[t("FRONTIER ", "FRONTIÈRE ") + report.decisions.map(\.path).joined(separator: ", "),
                                     axis(front.maximizeA, front.a), axis(front.maximizeB, front.b), "Pareto"]]
            for p in front.points {
                rows.append([p.x.enumerated().map { parameter($1, kinds[report.decisions[$0].path] ?? .number) }.joined(separator: ", "),
                             value(p.a, front.a), value(p.b, front.b),
                             (p.paretoOptimal ? "●" : "") + (p.feasible ? "" : t(" (violates a constraint)", " (viole une contrainte)"))])
            }
            out.append(table(rows, rightAligned: [1, 2]))
        }
        out.append(t("\nThe search value is optimistic (the best of many estimates on the same paths); the check is unbiased.",
                     "\nLa valeur de recherche est optimiste (la meilleure de nombreuses estimations sur les mêmes trajectoires)\u{00A0}; la vérification est sans biais."))
        return out.joined(separator: "\n")
    }
}
