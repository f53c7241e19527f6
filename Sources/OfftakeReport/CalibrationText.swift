import OfftakeAnalysis
import OfftakeModel
import OfftakeRandom

extension AnalysisReportDocument {
    /// `offtake calibrate`: the value found (or why none is), its 95 % interval, the model's and the
    /// market's probability there, and the coarse grid, whose first and last rows are the range's ends.
    public func calibrateText(_ report: CalibrationReport, kind: QuantityKind) -> String {
        let id = report.metric
        func p(_ x: Double) -> String { value(x, id, statistic: .probability) }
        func pm(_ x: Double, _ se: Double) -> String { p(x) + " ± " + p(StandardNormal.z95 * se) }
        func v(_ x: Double) -> String { parameter(x, kind) }
        let rule = switch report.rangeRule {
        case .given: t("--range", "--range")
        case .distribution: t("the parameter's 1st to 99th percentile", "1er au 99e centile du paramètre")
        case .bounds: t("the field's valid bounds", "bornes valides du champ")
        }
        var out = [t("\(report.scenario): \(report.parameter) such that \(report.party)'s 5-year default probability (model) equals its CDS's (market)",
                     "\(report.scenario)\u{00A0}: \(report.parameter) tel que la probabilité de défaut à 5 ans de \(report.party) (modèle) égale celle de son CDS (marché)"),
                   t("\(f.integer(report.evaluations)) values on the same \(f.integer(report.paths)) paths (seed \(report.seed)); range \(v(report.range[0])) … \(v(report.range[1])) (\(rule))",
                     "\(f.integer(report.evaluations)) valeurs sur les mêmes \(f.integer(report.paths)) trajectoires (graine \(report.seed))\u{00A0}; plage \(v(report.range[0])) … \(v(report.range[1])) (\(rule))"),
                   ""]
        let market = report.marketStandardError > 0 ? pm(report.market, report.marketStandardError) : p(report.market)
        if let side = report.marketSide {
            let ends = "\(p(report.grid[0].probability)) \(t("at", "à")) \(v(report.range[0])) … \(p(report.grid[report.grid.count - 1].probability)) \(t("at", "à")) \(v(report.range[1]))"
            out.append(side == .above
                ? t("NO MATCH: the market's \(p(report.market)) lies above the model's probability over the whole range (\(ends)).",
                    "AUCUNE VALEUR\u{00A0}: les \(p(report.market)) du marché sont au-dessus de la probabilité du modèle sur toute la plage (\(ends)).")
                : t("NO MATCH: the market's \(p(report.market)) lies below the model's probability over the whole range (\(ends)).",
                    "AUCUNE VALEUR\u{00A0}: les \(p(report.market)) du marché sont au-dessous de la probabilité du modèle sur toute la plage (\(ends))."))
            out.append(t("Widen --range, or calibrate a parameter that moves the default further.",
                         "Élargir --range, ou calibrer un paramètre qui déplace davantage le défaut."))
        } else {
            if !report.unique {
                out.append(t("NOT UNIQUE: the model's probability crosses the market's \(report.crossings.count) times in the range; every crossing is listed.",
                             "NON UNIQUE\u{00A0}: la probabilité du modèle croise celle du marché \(report.crossings.count) fois dans la plage\u{00A0}; chaque croisement est listé."))
            }
            var rows: [[String]] = [[t("MATCH \(report.parameter)", "VALEUR \(report.parameter)"), t("95% interval", "intervalle à 95\u{202F}%"),
                                     t("model ± 1.96 s.e.", "modèle ± 1,96 e.t."), t("market", "marché")]]
            for c in report.crossings {
                let low = (c.intervalReachesRange[0] ? "≤ " : "") + v(c.interval[0]), high = (c.intervalReachesRange[1] ? "≥ " : "") + v(c.interval[1])
                rows.append([v(c.value), "\(low) … \(high)", pm(c.probability, c.standardError), p(c.market)])
            }
            out.append(table(rows, rightAligned: [0, 1, 2, 3]))
        }
        out.append("")
        var grid: [[String]] = [[report.parameter, t("model ± 1.96 s.e.", "modèle ± 1,96 e.t."), t("market", "marché")]]
        for point in report.grid { grid.append([v(point.value), pm(point.probability, point.standardError), market]) }
        out.append(table(grid, rightAligned: [0, 1, 2]))
        out.append(t("""

            Model: \(report.metric); market: \(report.marketMetric) = 1 − e^(−5·s/(1−R)) from cds_5y s and cds_recovery R (risk-neutral).
            The 95% interval holds the values whose model probability is within ± 1.96 standard errors of the market's; \
            "≤"/"≥": it reaches the range's end.
            """, """

            Modèle\u{00A0}: \(report.metric)\u{00A0}; marché\u{00A0}: \(report.marketMetric) = 1 − e^(−5·s/(1−R)) avec cds_5y s et cds_recovery R (risque neutre).
            L’intervalle à 95\u{202F}% contient les valeurs dont la probabilité du modèle est à ± 1,96 erreur type de celle du marché\u{00A0}; \
            «\u{00A0}≤\u{00A0}»/«\u{00A0}≥\u{00A0}»\u{00A0}: il atteint le bout de la plage.
            """))
        return out.joined(separator: "\n")
    }
}
