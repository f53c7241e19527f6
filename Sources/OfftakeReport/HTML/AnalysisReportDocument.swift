import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeRandom

/// HTML reports of the analysis documents (`offtake.sensitivity/1`, `offtake.stress/1`,
/// `offtake.compare/1`, `offtake.optimize/1`) in the run report's style, built from the same blocks:
/// tornado and Sobol bars (`BarChart`), tables (`ReportTable`), the optimiser's frontier (`LineChart`).
///
/// `kind` gives each metric id's unit (from the scenario's metric catalogue); without it a value is
/// shown as a plain number with four significant digits, and a `probability` statistic as a percentage.
public struct AnalysisReportDocument {
    public var language: ReportLanguage
    public var kind: @Sendable (String) -> MetricKind?

    public init(language: ReportLanguage, kind: @escaping @Sendable (String) -> MetricKind? = { _ in nil }) {
        self.language = language
        self.kind = kind
    }

    /// Bars drawn in a tornado chart (the table lists every input).
    public static let tornadoBars = 15

    var f: NumberFormat { NumberFormat(language) }
    func t(_ en: String, _ fr: String) -> String { language.pick(en, fr) }

    /// `x` in the unit of metric `id` (or of its statistic).
    func value(_ x: Double, _ id: String, statistic: Statistic = .mean) -> String {
        if let k = kind(id) { return f.value(x, kind: statistic == .probability ? .probability : k) }
        if statistic == .probability { return f.percent(x) }
        guard x.isFinite, x != 0 else { return f.decimal(x, digits: 0) }
        let digits = max(0, 3 - Int((abs(x)).log10Floor))
        return f.decimal(x, digits: min(digits, 6))
    }

    /// The unit of metric `id` for charts (a plain count when unknown).
    func chartKind(_ id: String) -> MetricKind { kind(id) ?? .count }

    func difference(_ d: Double, _ se: Double?, _ id: String, statistic: Statistic) -> String {
        let text = (d > 0 ? "+" : "") + value(d, id, statistic: statistic)
        return se.map { text + " ± " + value(StandardNormal.z95 * $0, id, statistic: statistic) } ?? text
    }

    func metadata(_ scenario: String, seed: UInt64, paths: Int) -> [(String, String)] {
        [(t("scenario", "scénario"), scenario), (t("seed", "graine"), String(seed)), (t("paths", "trajectoires"), f.integer(paths))]
    }

    /// Tornado (each input at its p10 and p90, bars from the mean) and Sobol indices (S1 and ST with
    /// their bootstrap 95 % intervals) for each metric.
    public func sensitivity(_ report: SensitivityReport) -> ReportDocument {
        var sections: [ReportSection] = []
        for m in report.metrics {
            var blocks: [ReportBlock] = [.paragraph(t("Mean: ", "Moyenne\u{00A0}: ") + value(m.mean, m.metric))]
            if let bars = m.tornado, !bars.isEmpty {
                let shown = bars.sorted { abs($0.swing) > abs($1.swing) }.prefix(AnalysisReportDocument.tornadoBars)
                let rows = shown.map { b in
                    BarChart.Row(label: b.parameter, bars: [BarChart.Bar(from: m.mean, to: b.atLow, series: 0), BarChart.Bar(from: m.mean, to: b.atHigh, series: 1)])
                }
                blocks.append(.chart(BarChart(text: ChartText(title: t("Tornado: \(m.metric)", "Tornade\u{00A0}: \(m.metric)"),
                                                              description: t("The metric's mean with each input at its 10th and 90th percentile, the others at their distributions.",
                                                                             "Moyenne de l’indicateur avec chaque entrée à son 10e et 90e centile, les autres selon leur loi."),
                                                              xLabel: m.metric),
                                              kind: chartKind(m.metric), rows: rows, series: [t("input at p10", "entrée au p10"), t("input at p90", "entrée au p90")],
                                              baseline: m.mean),
                                     caption: bars.count > shown.count
                                         ? t("The \(shown.count) inputs with the largest swings; all \(bars.count) are in the table.",
                                             "Les \(shown.count) entrées aux plus grands écarts\u{202F}; les \(bars.count) sont dans le tableau.")
                                         : ""))
                blocks.append(.table(ReportTable(columns: [.text(t("input", "entrée")), .number("p10"), .number("p90"), .number(t("mean at p10", "moyenne au p10")),
                                                           .number(t("mean at p90", "moyenne au p90")), .number(t("swing ± 1.96 s.e.", "écart ± 1,96 e.t."))],
                                                 rows: bars.map { b in
                                                     [b.parameter, f.significant(b.low), f.significant(b.high), value(b.atLow, m.metric), value(b.atHigh, m.metric),
                                                      difference(b.swing, b.standardError, m.metric, statistic: .mean)]
                                                 }, verbatim: [0])))
            }
            if let sobol = m.sobol, !sobol.groups.isEmpty {
                func interval(_ v: [Double]) -> ClosedRange<Double>? { v.count == 2 && v[0] <= v[1] ? v[0]...v[1] : nil }
                let rows = sobol.groups.map { g in
                    BarChart.Row(label: g.group, bars: [BarChart.Bar(to: g.firstOrder, interval: interval(g.firstOrder95), series: 0),
                                                        BarChart.Bar(to: g.total, interval: interval(g.total95), series: 1)])
                }
                blocks.append(.chart(BarChart(text: ChartText(title: t("Sobol indices: \(m.metric)", "Indices de Sobol\u{00A0}: \(m.metric)"),
                                                              description: t("Share of the metric's variance explained by each input alone (S1) and with its interactions (ST).",
                                                                             "Part de la variance expliquée par chaque entrée seule (S1) et avec ses interactions (ST)."),
                                                              xLabel: t("share of variance", "part de la variance")),
                                              kind: .share, rows: rows, series: ["S1", "ST"]),
                                     caption: t("Whiskers: bootstrap 95% intervals. \(f.integer(sobol.rows)) rows.",
                                                "Moustaches\u{00A0}: intervalles bootstrap à 95\u{202F}%. \(f.integer(sobol.rows)) lignes.")))
            }
            sections.append(ReportSection(title: m.metric, blocks: blocks))
        }
        return ReportDocument(title: t("Sensitivity — ", "Sensibilité — ") + report.scenario, subtitle: report.method, lang: language, sections: sections,
                              metadata: metadata(report.scenario, seed: report.seed, paths: report.paths))
    }

    /// Each verdict line under every stress, with the paired difference from the base.
    public func stress(_ report: StressReport) -> ReportDocument {
        let names = report.stresses.map(\.name)
        let rows = report.rows.map { row -> [String] in
            let id = row.line.metric.id, statistic = row.line.statistic
            return [VerdictWording.label(row.line, language), value(row.base, id, statistic: statistic)] + names.map { name in
                guard let c = row.stressed.first(where: { $0.stress == name }) else { return "" }
                return "\(value(c.value, id, statistic: statistic)) (\(difference(c.difference, c.standardError, id, statistic: statistic)))"
            }
        }
        let table = ReportTable(columns: [.text(t("answer", "réponse")), .number(t("base", "base"))] + names.map { .number($0) }, rows: rows)
        let definitions = ReportTable(columns: [.text("stress"), .text(t("forced regime", "régime forcé")), .text(t("settings", "réglages"))],
                                      rows: report.stresses.map { [$0.name, $0.forceRegime ?? "", $0.set.joined(separator: "; ")] }, verbatim: [0, 1, 2])
        return ReportDocument(title: t("Stress scenarios — ", "Scénarios de stress — ") + report.scenario, lang: language, sections: [
            ReportSection(title: t("Verdict under stress", "Verdict sous stress"), blocks: [
                .note(t("Stressed value (difference from the base on the same paths ± 1.96 standard errors).",
                        "Valeur stressée (différence avec la base sur les mêmes trajectoires ± 1,96 erreur type).")),
                .table(table),
            ]),
            ReportSection(title: t("Stresses", "Stress"), blocks: [.table(definitions)]),
        ], metadata: metadata(report.scenario, seed: report.seed, paths: report.paths))
    }

    /// Scenario A against B on common random numbers: the verdict and every metric both write.
    public func compare(_ report: CompareReport) -> ReportDocument {
        func table(_ rows: [CompareReport.Row]) -> ReportTable {
            ReportTable(columns: [.text(t("answer", "réponse")), .number(report.a), .number(report.b), .number(t("B − A ± 1.96 s.e.", "B − A ± 1,96 e.t."))],
                        rows: rows.map { r in
                            let id = r.line.metric.id, statistic = r.line.statistic
                            return [VerdictWording.label(r.line, language), value(r.a, id, statistic: statistic), value(r.b, id, statistic: statistic),
                                    difference(r.difference, r.standardError, id, statistic: statistic)]
                        })
        }
        var sections = [ReportSection(title: "Verdict", anchor: "verdict", blocks: [.table(table(report.verdict))]),
                        ReportSection(title: t("Metrics", "Indicateurs"), blocks: [.table(table(report.metrics))])]
        if !report.onlyInA.isEmpty || !report.onlyInB.isEmpty {
            sections.append(ReportSection(title: t("Metrics of one side only", "Indicateurs d’un seul côté"), blocks: [
                .paragraph("\(report.a): " + report.onlyInA.joined(separator: ", ")), .paragraph("\(report.b): " + report.onlyInB.joined(separator: ", ")),
            ]))
        }
        return ReportDocument(title: t("Comparison — ", "Comparaison — ") + "\(report.a) / \(report.b)", lang: language, sections: sections,
                              metadata: metadata("\(report.a) / \(report.b)", seed: report.seed, paths: report.paths))
    }

    /// `max: metric` / `min: metric` for a frontier axis.
    func direction(_ metric: String, maximize: Bool) -> String { (maximize ? "max: " : "min: ") + metric }

    /// The optimum (decisions, objective and constraints re-estimated on independent paths) and the
    /// Pareto frontier when the search traced one.
    public func optimize(_ report: OptimizeReport) -> ReportDocument {
        let o = report.objective
        var blocks: [ReportBlock] = [
            .verdict(report.feasibleOnCheck
                     ? t("Feasible: every constraint holds on the independent check.", "Réalisable\u{00A0}: chaque contrainte tient sur la vérification indépendante.")
                     : t("Not feasible on the independent check.", "Non réalisable sur la vérification indépendante.")),
            .paragraph(language.colon((o.direction == "minimize" ? t("minimize", "minimiser") : t("maximize", "maximiser")) + " " + o.metric,
                                      "\(value(o.check.mean, o.metric)) ± \(value(StandardNormal.z95 * o.check.standardError, o.metric))")),
            .table(ReportTable(columns: [.text(t("decision", "décision")), .number("min"), .number("max"), .number(t("chosen", "choisi"))],
                               rows: report.decisions.map { [$0.path, f.significant($0.min, digits: 4), f.significant($0.max, digits: 4), f.significant($0.value, digits: 4)] }, verbatim: [0])),
        ]
        if !report.constraints.isEmpty {
            blocks.append(.table(ReportTable(columns: [.text(t("constraint", "contrainte")), .number(t("estimate", "estimation")), .text(t("holds", "tient"))],
                                             rows: report.constraints.map { c in
                                                 [c.constraint, value(c.check.mean, c.metric),
                                                  c.holdsWith95 ? t("yes, at 95%", "oui, à 95\u{202F}%") : c.holds ? t("yes", "oui") : t("no", "non")]
                                             }, verbatim: [0])))
        }
        var sections = [ReportSection(title: t("Optimum", "Optimum"), blocks: blocks)]
        if let frontier = report.frontier, !frontier.points.isEmpty {
            let pareto = frontier.points.filter(\.paretoOptimal).sorted { $0.b < $1.b }
            let others = frontier.points.filter { !$0.paretoOptimal }
            let chart = LineChart(text: ChartText(title: t("Frontier", "Frontière"), description: t("Candidates evaluated by the search; the Pareto-optimal ones joined.",
                                                                                                     "Candidats évalués par la recherche\u{202F}; les optimaux de Pareto reliés."),
                                                  xLabel: direction(frontier.b, maximize: frontier.maximizeB), yLabel: direction(frontier.a, maximize: frontier.maximizeA)),
                                  xKind: chartKind(frontier.b), yKind: chartKind(frontier.a),
                                  series: [LineChart.Series(name: t("Pareto-optimal", "optimaux de Pareto"), points: pareto.map { LineChart.Point(x: $0.b, y: $0.a) }),
                                           LineChart.Series(name: t("other candidates", "autres candidats"), points: others.map { LineChart.Point(x: $0.b, y: $0.a) }, joined: false)])
            sections.append(ReportSection(title: t("Frontier", "Frontière"), blocks: [.chart(chart)]))
        }
        return ReportDocument(title: t("Optimisation — ", "Optimisation — ") + report.scenario, lang: language, sections: sections,
                              metadata: metadata(report.scenario, seed: report.seed, paths: report.paths)
                                + [(t("evaluations", "évaluations"), f.integer(report.evaluations)), (t("check seed", "graine de vérification"), String(report.checkSeed))])
    }
}

extension Double {
    /// ⌊log₁₀ |x|⌋ for a finite non-zero x.
    var log10Floor: Double { Foundation.log10(Swift.abs(self)).rounded(.down) }
}
