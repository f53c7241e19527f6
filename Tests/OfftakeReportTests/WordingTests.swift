import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
@testable import OfftakeReport
import OfftakeScenarioIO
import Testing

/// The one wording table: every metric the engine writes has words in English and French, and the
/// documents' English labels come from it with the bytes the results have always had.
@Suite struct WordingTests {
    static func catalog(_ name: String) throws -> (SimulationModel, MetricCatalog) {
        let entry = try #require(BuiltInScenarios.named(name))
        let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
        let model = try SimulationModel(scenario: scenario)
        return (model, MetricCatalog(model: model))
    }

    @Test("every metric, series and yearly aggregate of a built-in scenario reads back from its id and is worded in both languages", arguments: BuiltInScenarios.all.map(\.name))
    func everyMetricWorded(name: String) throws {
        let (model, catalog) = try Self.catalog(name)
        // Every id the run writes reads back as the typed id that wrote it.
        for d in catalog.definitions { #expect(MetricID(parsing: d.id) == d.metric, "\(d.id)") }
        let ids = catalog.definitions.map(\.metric) + (catalog.seriesIDs + catalog.yearlyIDs).compactMap(MetricID.init(parsing:))
        #expect(ids.count == catalog.count + catalog.seriesIDs.count + catalog.yearlyIDs.count)
        var lines = ids.map { MetricLine($0, .mean) }
        lines += RunResult.verdictLines(model: model).map(\.line)
        for line in lines {
            let en = VerdictWording.label(line, .en), fr = VerdictWording.label(line, .fr)
            let id = line.metric.id
            // Words, not the id: neither the id nor a snake_case measure name survives in them.
            for text in [en, fr] {
                #expect(!text.contains(id) && !text.contains("_") && !text.contains("\(line.metric.party ?? "market")."), "\(id): \(text)")
            }
            let words = VerdictWording.words(line.metric, counterparty: line.counterparty)
            #expect(words.en != words.fr, "\(id): the same words in both languages: \(words.en)")
        }
    }

    /// Labels of `offtake.result/1` documents as the engine wrote them before the table moved to the
    /// report (from the results of openai-oracle-2027 and gpu-neocloud, seed 42).
    static let documented: [(String, Statistic, String, String?)] = [
        ("contract.oracle-2027.paid_in_full", .probability, "oracle-2027: paid in full", "oracle"),
        ("contract.oracle-2027.paid_fraction", .mean, "oracle-2027: expected share paid", "oracle"),
        ("contract.oracle-2027.deferred", .mean, "oracle-2027: charges deferred (expected)", "oracle"),
        ("contract.oracle-2027.deferral_refused", .probability, "oracle-2027: deferral refused by oracle", "oracle"),
        ("contract.amd-6gw.cancelled_mw", .mean, "amd-6gw: MW cancelled (expected)", "amd"),
        ("contract.amd-6gw.options_exercised_mw", .mean, "amd-6gw: option MW exercised (expected)", "amd"),
        ("buyer.openai.default_by.2026", .probability, "openai: default by end of 2026", nil),
        ("buyer.openai.cash_flow_positive_by.2030", .probability, "openai: operating cash flow positive in 2030", nil),
        ("buyer.openai.workout.facility_drawn", .probability, "openai: draws its credit facility", nil),
        ("buyer.openai.workout.cancelled", .probability, "openai: cancels undelivered tranches", nil),
        ("buyer.openai.workout.deferred", .probability, "openai: asks for and gets deferrals", nil),
        ("buyer.openai.workout.sublet", .probability, "openai: sublets idle capacity", nil),
        ("buyer.openai.ipo", .probability, "openai: IPO within the horizon", nil),
        ("provider.oracle.npv", .p50, "oracle: NPV of the AI build, median", nil),
        ("provider.oracle.npv", .p5, "oracle: NPV of the AI build, 5th percentile", nil),
        ("provider.oracle.npv_with_residual", .p50, "oracle: NPV with residual value, median", nil),
        ("provider.oracle.rating_breach", .probability, "oracle: adjusted leverage above the rating threshold", nil),
        ("provider.oracle.downgrade_below_ig", .probability, "oracle: downgraded below investment grade", nil),
        ("provider.oracle.customer_share.openai", .mean, "oracle: share of AI revenue from openai", nil),
        ("provider.neocloud.covenant_breach", .probability, "neocloud: leverage covenant breached", nil),
    ]

    @Test("the documents' labels keep their text, written by the JSON policy from the wording table")
    func documentLabels() throws {
        for (id, statistic, label, counterparty) in Self.documented {
            let metric = try #require(MetricID(parsing: id))
            let line = MetricLine(metric, statistic, counterparty: counterparty)
            let json = try #require(try JSONSerialization.jsonObject(with: ResultJSON.encode([line])) as? [[String: String]])
            #expect(json == [["id": id, "statistic": statistic.rawValue, "label": label]])
        }
    }

    @Test("the verdict lines of a built-in scenario name the contract's provider when a deferral is refused")
    func counterparty() throws {
        let (model, _) = try Self.catalog("openai-oracle-2027")
        let line = try #require(RunResult.verdictLines(model: model).first { $0.line.metric == .contract("oracle-2027", .deferralRefused) })
        #expect(VerdictWording.label(line.line, .en) == "oracle-2027: deferral refused by oracle")
        #expect(VerdictWording.label(line.line, .fr) == "oracle-2027\u{00A0}: report refusé par oracle")
        // Read back from a document, the line has no provider: the wording says which party in general.
        #expect(VerdictWording.label(MetricLine(.contract("c", .deferralRefused), .probability), .en) == "c: deferral refused by the provider")
    }

    @Test("stress and compare rows read back from their documents are worded in the report's language")
    func analysisRowsInFrench() throws {
        let stress = try ResultJSON.decode(StressReport.self, from: Data("""
            {"schema": "offtake.stress/1", "scenario": "s", "seed": 1, "paths": 10, "stresses": [{"name": "x", "set": []}],
             "rows": [{"id": "contract.main.paid_in_full", "statistic": "probability", "label": "main: paid in full", "base": 0.5,
                       "stressed": [{"stress": "x", "value": 0.25, "difference": -0.25, "standardError": 0.01}]}]}
            """.utf8))
        let html = AnalysisReportDocument(language: .fr).stress(stress).html()
        #expect(html.contains("main\u{00A0}: payé intégralement"))
        #expect(!html.contains("paid in full"))
        let compare = try ResultJSON.decode(CompareReport.self, from: Data("""
            {"schema": "offtake.compare/1", "a": "A", "b": "B", "seed": 1, "paths": 10, "onlyInA": [], "onlyInB": [],
             "verdict": [{"id": "provider.cloud.npv", "statistic": "p5", "label": "cloud: NPV of the AI build, 5th percentile", "a": 1, "b": 2, "difference": 1}],
             "metrics": [{"id": "buyer.lab.cash_min", "statistic": "mean", "label": "buyer.lab.cash_min", "a": 1, "b": 2, "difference": 1}]}
            """.utf8))
        let page = AnalysisReportDocument(language: .fr).compare(compare).html()
        #expect(page.contains("cloud\u{00A0}: VAN de l’investissement IA, 5e centile"))
        #expect(page.contains("lab\u{00A0}: trésorerie la plus basse (espérance)"))
        #expect(!page.contains("buyer.lab.cash_min"))
    }
}
