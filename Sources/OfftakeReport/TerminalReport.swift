import OfftakeEngine
import OfftakeModel
import OfftakeRandom

/// The terminal rendering of a run: the verdict, the key metrics and, for the deterministic base case,
/// each party's yearly cash-flow table. Numbers follow `language` (`NumberFormat`).
public struct TerminalReport: Sendable {
    public var language: ReportLanguage
    public var colour: Bool

    public init(language: ReportLanguage = .en, colour: Bool = false) {
        self.language = language
        self.colour = colour
    }

    var format: NumberFormat { NumberFormat(language) }
    func t(_ en: String, _ fr: String) -> String { language.pick(en, fr) }

    /// The Monte Carlo report: heading, run line, verdict, key metrics and the notes on what the
    /// intervals mean. `threads` and `seconds` describe the run (not part of the result).
    public func text(_ result: RunResult, threads: Int, seconds: Double) -> String {
        var out: [String] = []
        out.append(heading(result))
        let monthsPerPath = Month(parsing: result.horizon.start).flatMap { s in Month(parsing: result.horizon.end).map { s.months(to: $0) + 1 } } ?? 0
        let rate = seconds > 0 ? Double(result.paths * monthsPerPath) / seconds : .nan
        out.append("\(format.integer(result.paths)) \(t("paths", "trajectoires")) · \(t("seed", "graine")) \(result.seed) · "
                   + "\(result.horizon.start) … \(result.horizon.end) · \(threads) thread\(threads == 1 ? "" : "s") · \(format.decimal(seconds, digits: 1)) s"
                   + (rate.isFinite ? " (\(format.compact(rate)) \(t("path-months/s", "trajectoires-mois/s")))" : ""))
        out.append("")
        out.append(verdictTable(result))
        out.append("")
        if let checks = marketCheckTable(result) {
            out.append(checks)
            out.append("")
        }
        out.append(metricsTable(result))
        out.append("")
        out.append(t("Probabilities: share of paths, 95% Wilson interval. Means: ± 1.96 Monte Carlo standard errors.",
                     "Probabilités\u{00A0}: part des trajectoires, intervalle de Wilson à 95\u{202F}%. Moyennes\u{00A0}: ± 1,96 erreur type Monte Carlo."))
        out.append(t("Utilization and effective savings rate: the mean column is the ratio of sums over all paths (p5…p95: per path).",
                     "Utilisation et taux d’économie effectif\u{00A0}: la colonne moyenne est le rapport des sommes sur toutes les trajectoires (p5…p95\u{00A0}: par trajectoire)."))
        out.append(t("Quantiles: 95% order-statistic interval. Amounts in US dollars. `offtake run --json FILE` writes everything.",
                     "Quantiles\u{00A0}: intervalle à 95\u{202F}% des statistiques d’ordre. Montants en dollars US. `offtake run --json FICHIER` écrit tout."))
        return out.joined(separator: "\n")
    }

    /// `scenario — title`.
    public func heading(_ result: RunResult) -> String {
        "\(result.scenario)\(result.title.map { " — \($0)" } ?? "")"
    }

    /// The verdict; a single path (the deterministic base case) has no Monte Carlo interval.
    public func verdictTable(_ result: RunResult) -> String {
        let intervals = !result.deterministic
        let header = intervals ? ["VERDICT", t("estimate", "estimation"), t("95% interval", "intervalle à 95\u{202F}%")]
            : [t("VERDICT (one path)", "VERDICT (une trajectoire)"), t("value", "valeur")]
        let rows = result.verdict.map { entry -> [String] in
            var row = [VerdictWording.label(entry, language), format.value(entry.value, kind: entry.kind)]
            if intervals, entry.ci95.count == 2 {
                row.append("\(format.value(entry.ci95[0], kind: entry.kind)) … \(format.value(entry.ci95[1], kind: entry.kind))")
            }
            return row
        }
        return TextTable(header: header, rows: rows, rightAligned: intervals ? [1, 2] : [1]).render(colour: colour)
    }

    /// The market's price of each buyer beside the model's value of it at the same date, when the file
    /// gives a last priced round inside the horizon.
    public func marketCheckTable(_ result: RunResult) -> String? {
        guard let checks = result.marketChecks, !checks.isEmpty else { return nil }
        let intervals = !result.deterministic
        let header = [t("MARKET CHECK", "CONTRÔLE PAR LE MARCHÉ"), t("post-money", "post-money"), t("model, median", "modèle, médiane")]
            + (intervals ? [t("95% interval", "intervalle à 95\u{202F}%"), "p5", "p95"] : []) + [t("model ÷ market", "modèle ÷ marché")]
        let rows = checks.map { c -> [String] in
            var row = [t("\(c.buyer): equity value at the \(c.month) round", "\(c.buyer)\u{00A0}: valeur des fonds propres au tour de \(c.month)"),
                       format.money(c.postMoney), format.money(c.model.value)]
            if intervals {
                row += [c.model.ci95.count == 2 ? "\(format.money(c.model.ci95[0])) … \(format.money(c.model.ci95[1]))" : "",
                        format.money(c.p5), format.money(c.p95)]
            }
            return row + [c.postMoney > 0 ? format.decimal(c.model.value / c.postMoney, digits: 2) : format.notAvailable]
        }
        return TextTable(header: header, rows: rows, rightAligned: Set(1..<header.count)).render(colour: colour)
    }

    /// Every metric not in the verdict and not per year: mean (the pooled ratio where there is one),
    /// 1.96 standard errors, p5, p50, p95.
    public func metricsTable(_ result: RunResult, title: String? = nil) -> String {
        let inVerdict = Set(result.verdict.map(\.metric.id))
        var rows: [[String]] = []
        for id in result.metrics.keys.sorted(by: MetricOrder.precedes) where !inVerdict.contains(id) && !MetricOrder.isPerYear(id) {
            guard let m = result.metrics[id] else { continue }
            if m.count == 0 { rows.append([id, format.notAvailable, "", "", "", ""]); continue }
            rows.append([id, format.value(m.pooled ?? m.mean, kind: m.kind), format.value(StandardNormal.z95 * m.stderr, kind: m.kind),
                         format.value(m.p5, kind: m.kind), format.value(m.p50, kind: m.kind), format.value(m.p95, kind: m.kind)])
        }
        let header = [title ?? t("KEY METRICS", "INDICATEURS CLÉS"), t("mean", "moyenne"), "± 1.96 s.e.".replacingOccurrences(of: "1.96", with: format.decimal(1.96, digits: 2)),
                      "p5", "p50", "p95"]
        return TextTable(header: header, rows: rows, rightAligned: [1, 2, 3, 4, 5]).render(colour: colour)
    }
}

/// The order metrics are listed in: buyers, then contracts, then providers (then anything else),
/// alphabetical inside.
public enum MetricOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        func rank(_ id: String) -> Int { id.hasPrefix("buyer.") ? 0 : id.hasPrefix("contract.") ? 1 : id.hasPrefix("provider.") ? 2 : 3 }
        return rank(a) != rank(b) ? rank(a) < rank(b) : a < b
    }

    /// Per-year probabilities (`default_by.Y`, `cash_flow_positive_by.Y`), shown in the verdict and the
    /// JSON rather than as one key-metrics row each.
    public static func isPerYear(_ id: String) -> Bool { id.contains(".default_by.") || id.contains(".cash_flow_positive_by.") }
}
