import OfftakeEngine
import OfftakeModel
import OfftakeRandom

/// What a run report shows besides the result: where the numbers come from and how the run went.
public struct RunReportContext: Sendable {
    /// The scenario, for the covenant and rating lines on the leverage charts (medians of their
    /// distributions); nil when only the result is known.
    public var scenario: Scenario?
    /// The scenario's assumptions with their sources (`ScenarioAssumptions`).
    public var assumptions: [ScenarioAssumptions.Row]
    /// Offtake's version.
    public var version: String
    /// Wall-clock seconds of the run, when known.
    public var seconds: Double?
    public var threads: Int?

    public init(scenario: Scenario? = nil, assumptions: [ScenarioAssumptions.Row] = [], version: String, seconds: Double? = nil, threads: Int? = nil) {
        self.scenario = scenario
        self.assumptions = assumptions
        self.version = version
        self.seconds = seconds
        self.threads = threads
    }
}

/// The HTML report of a run (`offtake run --report`, `offtake report RESULT.json --html`): the verdict in
/// plain words, fan charts of each buyer's cash, revenue and compute spend, each provider's leverage
/// (with its covenant or rating threshold) and utilisation, the market's demand and price; default
/// probability by year; histograms of each contract's paid fraction and each provider's NPV with
/// p5/p50/p95; per-contract FinOps measures; the assumptions with their sources; all metrics; run metadata.
public enum RunReportDocument {
    /// The provider's side of the headline: its default probability when it can default and does on
    /// 10 % of paths or more, else its most frequent leverage-test breach (rating threshold, lenders'
    /// test, covenant), from the verdict lines; with its expected funding gap and median lowest interest
    /// coverage.
    static func providerRisk(_ provider: String, _ result: RunResult) -> ProviderRisk? {
        func entry(_ m: ProviderMeasure) -> Double? { result.verdict.first { $0.metric == .provider(provider, m) }?.value }
        let strains: [ProviderMeasure] = [.ratingBreach, .lendersTestBreach, .covenantBreach]
        let chosen: (ProviderMeasure, Double)?
        if let q = entry(.defaulted), q >= 0.1 {
            chosen = (.defaulted, q)
        } else {
            chosen = strains.compactMap { m in entry(m).map { (m, $0) } }.max { $0.1 < $1.1 }
        }
        return chosen.map { ProviderRisk(provider: provider, measure: $0.0, probability: $0.1,
                                         fundingGap: entry(.fundingGap), interestCoverage: entry(.interestCoverageMin)) }
    }

    public static func make(_ result: RunResult, context: RunReportContext, language: ReportLanguage) -> ReportDocument {
        let l = language, f = NumberFormat(language)
        var sections: [ReportSection] = []

        // Verdict.
        var verdict: [ReportBlock] = []
        if let (contract, p, provider) = result.verdict.lazy.compactMap({ e -> (String, Double, String?)? in
            if case .contract(let c, .paidInFull) = e.metric { return (c, e.value, e.line.counterparty) } else { return nil }
        }).first {
            verdict.append(.verdict(VerdictWording.headline(paidInFull: p, contract: contract, providerRisk: provider.flatMap { providerRisk($0, result) }, l)))
        }
        verdict += VerdictWording.sentences(result, l).map(ReportBlock.paragraph)
        let intervals = !result.deterministic
        verdict.append(.table(ReportTable(
            columns: [.text(l.pick("answer", "réponse")), .number(l.pick("estimate", "estimation"))] + (intervals ? [.number(l.pick("95% interval", "intervalle à 95\u{202F}%"))] : []),
            rows: result.verdict.map { e in
                [VerdictWording.label(e, l), f.value(e.value, kind: e.kind)]
                    + (intervals && e.ci95.count == 2 ? ["\(f.value(e.ci95[0], kind: e.kind)) … \(f.value(e.ci95[1], kind: e.kind))"] : [])
            })))
        verdict.append(.note(l.pick("Probabilities are shares of the simulated paths with a 95% Wilson interval; means carry ± 1.96 Monte Carlo standard errors; quantiles a 95% order-statistic interval.",
                                    "Les probabilités sont des parts des trajectoires simulées, avec un intervalle de Wilson à 95\u{202F}%\u{202F}; les moyennes ± 1,96 erreur type Monte Carlo\u{202F}; les quantiles un intervalle à 95\u{202F}% des statistiques d’ordre.")))
        for c in result.marketChecks ?? [] {
            let ratio = c.postMoney > 0 ? f.decimal(c.model.value / c.postMoney, digits: 2) : f.notAvailable
            verdict.append(.paragraph(l.pick(
                "Market check: the \(c.month) round priced \(c.buyer) at \(f.money(c.postMoney)) post-money; the model values its equity at that date at \(f.money(c.model.value)) (median; p5 \(f.money(c.p5)), p95 \(f.money(c.p95))), \(ratio) times the market's price.",
                "Contrôle par le marché\u{00A0}: le tour de \(c.month) a valorisé \(c.buyer) à \(f.money(c.postMoney)) post-money\u{202F}; le modèle estime ses fonds propres à cette date à \(f.money(c.model.value)) (médiane\u{202F}; p5 \(f.money(c.p5)), p95 \(f.money(c.p95))), soit \(ratio) fois le prix du marché.")))
        }
        sections.append(ReportSection(title: l.pick("Verdict", "Verdict"), anchor: "verdict", blocks: verdict))

        let legend = (outer: l.pick("p5–p95", "p5–p95"), inner: l.pick("p25–p75", "p25–p75"), median: l.pick("median", "médiane"))
        func fan(_ metric: MetricID, _ title: String, _ yLabel: String, reference: FanChart.Reference? = nil, limit: Double? = nil, colour: String = Palette.blue) -> FanChart? {
            let id = metric.id
            guard let s = result.series[id], s.p50.contains(where: \.isFinite) || s.p95.contains(where: \.isFinite) else { return nil }
            return FanChart(text: ChartText(title: title, description: l.pick("Monthly percentiles across paths of \(id).", "Centiles mensuels sur les trajectoires de \(id)."),
                                            yLabel: yLabel),
                            kind: s.kind ?? .money, series: s, reference: reference, yLimit: limit, legend: legend, colour: colour)
        }

        // Buyers.
        let buyers = entities(result, "buyer")
        var buyerBlocks: [ReportBlock] = []
        for b in buyers {
            let charts = [fan(.buyer(b, .cash), l.colon(b, l.pick("cash balance", "trésorerie")), l.pick("cash", "trésorerie")),
                          fan(.buyer(b, .revenue), l.colon(b, l.pick("revenue per month", "chiffre d’affaires mensuel")), l.pick("revenue", "chiffre d’affaires"), colour: Palette.green),
                          fan(.buyer(b, .computeSpend), l.colon(b, l.pick("compute spend per month", "dépenses de calcul mensuelles")), l.pick("spend", "dépenses"), colour: Palette.orange)]
                .compactMap { $0 }
            if !charts.isEmpty { buyerBlocks.append(.subheading(b)); buyerBlocks.append(.charts(charts)) }
            let years = result.metrics.keys.compactMap { id -> Int? in
                if case .buyer(b, .defaultBy(let year))? = MetricID(parsing: id) { return year } else { return nil }
            }.sorted()
            if !years.isEmpty {
                let rows = years.compactMap { year -> BarChart.Row? in
                    guard let m = result.metrics[MetricID.buyer(b, .defaultBy(year)).id] else { return nil }
                    let interval = m.ci95.flatMap { $0.count == 2 && !result.deterministic ? $0[0]...$0[1] : nil }
                    return BarChart.Row(label: String(year), bars: [BarChart.Bar(to: m.mean, interval: interval, label: f.percent(m.mean))])
                }
                buyerBlocks.append(.chart(BarChart(text: ChartText(title: l.colon(b, l.pick("probability of default by the end of each year", "probabilité de défaut avant la fin de chaque année")),
                                                                   description: l.pick("Share of paths on which the buyer has defaulted by the end of the year, with its 95% interval.",
                                                                                       "Part des trajectoires où l’acheteur a fait défaut avant la fin de l’année, avec son intervalle à 95\u{202F}%."),
                                                                   xLabel: l.pick("probability", "probabilité")),
                                                   kind: .probability, rows: rows),
                                          caption: l.pick("Whiskers: 95% Wilson interval.", "Moustaches\u{00A0}: intervalle de Wilson à 95\u{202F}%.")))
            }
        }
        if !buyerBlocks.isEmpty { sections.append(ReportSection(title: l.pick("Buyers", "Acheteurs"), anchor: "buyers", blocks: buyerBlocks)) }

        // Providers.
        var providerBlocks: [ReportBlock] = []
        for p in entities(result, "provider") {
            let provider = context.scenario?.providers.first { $0.id == p }
            var charts: [FanChart] = []
            if let covenant = provider?.financials?.leverageCovenant?.median {
                let reference = FanChart.Reference(value: covenant, label: l.pick("covenant \(f.multiple(covenant))", "covenant \(f.multiple(covenant))"))
                charts += [fan(.provider(p, .leverage), l.colon(p, l.pick("leverage (debt ÷ EBITDA)", "levier (dette ÷ EBITDA)")), l.pick("leverage", "levier"),
                               reference: reference, limit: max(covenant * 2.5, 10))].compactMap { $0 }
            } else {
                charts += [fan(.provider(p, .leverage), l.colon(p, l.pick("leverage (debt ÷ EBITDA)", "levier (dette ÷ EBITDA)")), l.pick("leverage", "levier"), limit: 10)].compactMap { $0 }
            }
            if let threshold = provider?.financials?.rating?.threshold.median {
                let reference = FanChart.Reference(value: threshold, label: l.pick("rating threshold \(f.multiple(threshold))", "seuil de notation \(f.multiple(threshold))"))
                charts += [fan(.provider(p, .adjustedLeverage), l.colon(p, l.pick("adjusted leverage (rating agencies)", "levier ajusté (agences de notation)")),
                               l.pick("leverage", "levier"), reference: reference, limit: max(threshold * 2.5, 10), colour: Palette.purple)].compactMap { $0 }
            }
            charts += [fan(.provider(p, .utilization), l.colon(p, l.pick("utilisation of capacity online", "utilisation de la capacité en service")),
                           l.pick("utilisation", "utilisation"), colour: Palette.green)].compactMap { $0 }
            if !charts.isEmpty { providerBlocks.append(.subheading(p)); providerBlocks.append(.charts(charts)) }
        }
        if !providerBlocks.isEmpty {
            providerBlocks.append(.note(l.pick("Leverage above the chart’s top (including an infinite leverage when EBITDA is not positive) is drawn at the top.",
                                               "Un levier au-dessus du haut du graphique (y compris infini quand l’EBITDA n’est pas positif) est tracé en haut.")))
            sections.append(ReportSection(title: l.pick("Providers", "Fournisseurs"), anchor: "providers", blocks: providerBlocks))
        }

        // Market.
        var market = [fan(.market(.demand), l.pick("AI demand index (1 at the start)", "indice de demande IA (1 au départ)"), l.pick("demand", "demande"), colour: Palette.sky),
                      fan(.market(.price), l.pick("compute price", "prix du calcul"), l.pick("price", "prix"), colour: Palette.vermillion)].compactMap { $0 }
        // With a supply side: each generation's price and the capacity of it online, by generation id.
        let generations = result.series.keys.compactMap { id -> String? in
            if case .market(.generationPrice(let g)) = MetricID(parsing: id) { return g }
            return nil
        }.sorted()
        func title(_ metric: MetricID) -> String {
            let w = VerdictWording.words(metric, counterparty: nil)
            return l.pick(w.en, w.fr)
        }
        for g in generations {
            market += [fan(.market(.generationPrice(g)), title(.market(.generationPrice(g))), l.pick("price", "prix"), colour: Palette.vermillion),
                       fan(.market(.supplyMW(g)), title(.market(.supplyMW(g))), "MW", colour: Palette.sky)].compactMap { $0 }
        }
        if !market.isEmpty { sections.append(ReportSection(title: l.pick("Market", "Marché"), anchor: "market", blocks: [.charts(market)])) }

        // Distributions.
        var histograms: [Histogram] = []
        func histogram(_ metric: MetricID, _ title: String, _ xLabel: String, colour: String) {
            let id = metric.id
            guard let m = result.metrics[id], let values = m.percentiles, values.count == RunResult.percentileLevels.count, m.count > 1 else { return }
            histograms.append(Histogram(text: ChartText(title: title, description: l.pick("Distribution across paths of \(id), from its percentiles.",
                                                                                             "Distribution sur les trajectoires de \(id), d’après ses centiles."),
                                                        xLabel: xLabel, yLabel: l.pick("share of paths", "part des trajectoires")),
                                        kind: m.kind, distribution: QuantileDistribution(levels: RunResult.percentileLevels, values: values),
                                        markers: [("p5", m.p5), ("p50", m.p50), ("p95", m.p95)], colour: colour))
        }
        for c in entities(result, "contract") {
            histogram(.contract(c, .paidFraction), l.colon(c, l.pick("share of the contract paid", "part du contrat payée")), l.pick("paid fraction", "part payée"), colour: Palette.blue)
        }
        for p in entities(result, "provider") {
            histogram(.provider(p, .npv), l.colon(p, l.pick("NPV of the AI build", "VAN de l’investissement IA")), l.pick("NPV", "VAN"), colour: Palette.orange)
        }
        if !histograms.isEmpty {
            sections.append(ReportSection(title: l.pick("Distributions", "Distributions"), anchor: "distributions", blocks: [
                .charts(histograms),
                .note(l.pick("Histograms are drawn from each metric’s percentiles at 2% steps; the lines mark p5, p50 and p95.",
                             "Les histogrammes sont tracés d’après les centiles de chaque indicateur, par pas de 2\u{202F}%\u{202F}; les traits marquent p5, p50 et p95.")),
            ]))
        }

        // FinOps.
        var finops: [[String]] = []
        for c in entities(result, "contract") {
            func m(_ measure: ContractMeasure) -> RunResult.Metric? { result.metrics[MetricID.contract(c, measure).id] }
            guard m(.charges) != nil || m(.coverage) != nil else { continue }
            let buyer = context.scenario?.contracts.first { $0.id == c }?.buyer
            let unused = buyer.flatMap { result.metrics[MetricID.buyer($0, .unusedCommitment).id] }
            finops.append([c, m(.coverage).map { f.percent($0.mean) } ?? f.notAvailable,
                           m(.utilization).map { f.percent($0.pooled ?? $0.mean) } ?? f.notAvailable,
                           m(.effectiveSavingsRate).map { f.percent($0.pooled ?? $0.mean) } ?? f.notAvailable,
                           m(.charges).map { f.money($0.mean) } ?? f.notAvailable,
                           unused.map { f.money($0.mean) } ?? f.notAvailable])
        }
        if !finops.isEmpty {
            sections.append(ReportSection(title: l.pick("FinOps measures", "Indicateurs FinOps"), anchor: "finops", blocks: [
                .table(ReportTable(columns: [.text(l.pick("contract", "contrat")), .number(l.pick("coverage", "couverture")), .number(l.pick("utilisation", "utilisation")),
                                             .number(l.pick("effective savings rate", "taux d’économie effectif")), .number(l.pick("charges (mean)", "charges (moyenne)")),
                                             .number(l.pick("buyer’s unused commitment (mean)", "engagement inutilisé de l’acheteur (moyenne)"))],
                                   rows: finops)),
                .note(l.pick("Coverage: demand served on the contract ÷ the buyer’s demand. Utilisation: MW used ÷ MW delivered, and the effective savings rate: 1 − charges ÷ the same compute at spot prices, both as ratios of sums over all paths. Unused commitment: what the buyer pays for idle committed capacity, over all its contracts.",
                             "Couverture\u{00A0}: demande servie par le contrat ÷ demande de l’acheteur. Utilisation\u{00A0}: MW utilisés ÷ MW livrés, et taux d’économie effectif\u{00A0}: 1 − charges ÷ le même calcul au prix comptant, tous deux en rapport de sommes sur toutes les trajectoires. Engagement inutilisé\u{00A0}: ce que l’acheteur paie pour la capacité engagée inutilisée, sur tous ses contrats.")),
            ]))
        }

        // Assumptions.
        if !context.assumptions.isEmpty {
            sections.append(ReportSection(title: l.pick("Assumptions and sources", "Hypothèses et sources"), anchor: "assumptions", blocks: [
                .note(l.pick("Every value of the scenario file that carries a source or a reasoning, as written.",
                             "Chaque valeur du fichier de scénario qui porte une source ou un raisonnement, telle qu’écrite.")),
                .table(ReportTable(columns: [.text(l.pick("parameter", "paramètre")), .text(l.pick("value", "valeur")), .text(l.pick("source or reasoning", "source ou raisonnement"))],
                                   rows: context.assumptions.map { [$0.path, $0.value, $0.source] }, verbatim: [0, 1, 2])),
            ]))
        }

        // All metrics.
        let metricRows = result.metrics.keys.sorted(by: MetricOrder.precedes).compactMap { id -> [String]? in
            guard let m = result.metrics[id] else { return nil }
            guard m.count > 0 else { return [id, f.notAvailable, "", "", ""] }
            return [id, f.value(m.pooled ?? m.mean, kind: m.kind), f.value(m.p5, kind: m.kind), f.value(m.p50, kind: m.kind), f.value(m.p95, kind: m.kind)]
        }
        sections.append(ReportSection(title: l.pick("All metrics", "Tous les indicateurs"), anchor: "metrics", blocks: [
            .table(ReportTable(columns: [.text(l.pick("metric", "indicateur")), .number(l.pick("mean", "moyenne")), .number("p5"), .number("p50"), .number("p95")], rows: metricRows, verbatim: [0])),
        ]))

        var metadata: [(String, String)] = [(l.pick("scenario", "scénario"), result.scenario)]
        if let title = result.title { metadata.append((l.pick("title", "titre"), title)) }
        if let stress = result.stress { metadata.append(("stress", stress)) }
        metadata += [(l.pick("seed", "graine"), String(result.seed)), (l.pick("paths", "trajectoires"), f.integer(result.paths)),
                     ("horizon", "\(result.horizon.start) … \(result.horizon.end)"), ("version", "offtake \(context.version)")]
        if result.deterministic { metadata.append((l.pick("mode", "mode"), l.pick("deterministic base case", "cas de base déterministe"))) }
        if let seconds = context.seconds { metadata.append((l.pick("duration", "durée"), "\(f.decimal(seconds, digits: 1)) s")) }
        if let threads = context.threads { metadata.append(("threads", String(threads))) }
        let title = l.pick("Offtake report — ", "Rapport Offtake — ") + result.scenario
        return ReportDocument(title: title, subtitle: result.title ?? "", lang: language, sections: sections, metadata: metadata)
    }

    /// The entity ids of `scope` (`buyer`, `contract`, `provider`) that appear in the metrics and series,
    /// in order of first appearance in the verdict, then alphabetically.
    static func entities(_ result: RunResult, _ scope: String) -> [String] {
        var seen: [String] = []
        func add(_ id: String) {
            let parts = id.split(separator: ".")
            guard parts.count >= 3, parts[0] == scope else { return }
            let e = String(parts[1])
            if !seen.contains(e) { seen.append(e) }
        }
        for entry in result.verdict { add(entry.metric.id) }
        for id in (Array(result.metrics.keys) + Array(result.series.keys)).sorted() { add(id) }
        return seen
    }
}
