import Foundation
import OfftakeAnalysis
import OfftakeEngine
@testable import OfftakeReport
import SnapshotTesting
import Testing

/// The analysis documents render in the report style: tornado and Sobol bars, stress and compare
/// tables, the optimiser's frontier; units from the metric catalogue when known.
@Suite struct AnalysisReportTests {
    static let sensitivity = """
        {"schema": "offtake.sensitivity/1", "method": "tornado+sobol", "scenario": "demo <b>", "seed": 42, "paths": 500,
         "metrics": [{"metric": "contract.main.paid_in_full", "mean": 0.48,
           "tornado": [{"parameter": "buyers.lab.growth.initial", "low": 0.4, "high": 1.2, "atLow": 0.21, "atHigh": 0.71, "swing": 0.5, "standardError": 0.02},
                       {"parameter": "contracts.main.take_or_pay", "low": 0.8, "high": 1.0, "atLow": 0.52, "atHigh": 0.44, "swing": -0.08, "standardError": 0.01}],
           "sobol": {"variance": 0.25, "rows": 1000, "groups": [
             {"group": "growth", "parameters": ["buyers.lab.growth.initial"], "firstOrder": 0.55, "firstOrder95": [0.5, 0.6], "total": 0.62, "total95": [0.57, 0.68]}]}}]}
        """
    static let stress = """
        {"schema": "offtake.stress/1", "scenario": "demo", "seed": 42, "paths": 500,
         "stresses": [{"name": "winter", "forceRegime": "bust", "set": []}],
         "rows": [{"id": "contract.main.paid_in_full", "statistic": "probability", "label": "main: paid in full", "base": 0.48,
                   "stressed": [{"stress": "winter", "value": 0.31, "difference": -0.17, "standardError": 0.01}]}]}
        """
    static let compare = """
        {"schema": "offtake.compare/1", "a": "base", "b": "bigger", "seed": 42, "paths": 500,
         "verdict": [{"id": "provider.cloud.npv", "statistic": "mean", "label": "cloud: NPV", "a": 1e9, "b": 2.5e9, "difference": 1.5e9, "standardError": 2e8}],
         "metrics": [], "onlyInA": [], "onlyInB": ["contract.extra.paid"]}
        """
    static let optimize = """
        {"schema": "offtake.optimize/1", "scenario": "demo", "seed": 42, "checkSeed": 43, "paths": 500,
         "decisions": [{"path": "contracts.main.tranches[0].mw", "min": 100, "max": 900, "value": 450}],
         "objective": {"direction": "maximize", "metric": "provider.cloud.npv", "search": 3e9, "check": {"mean": 2.9e9, "standardError": 1e8, "ci95": [2.7e9, 3.1e9], "paths": 500}},
         "constraints": [{"constraint": "buyer.lab.default <= 30%", "metric": "buyer.lab.default", "comparison": "<=", "bound": 0.3, "search": 0.28,
                          "check": {"mean": 0.27, "standardError": 0.01, "ci95": [0.25, 0.29], "paths": 500}, "holds": true, "holdsWith95": false}],
         "feasible": true, "feasibleOnCheck": true, "evaluations": 40,
         "frontier": {"a": "provider.cloud.npv", "maximizeA": true, "b": "buyer.lab.default", "maximizeB": false, "points": [
           {"x": [200], "a": 1e9, "aStandardError": 1e8, "b": 0.1, "bStandardError": 0.01, "feasible": true, "paretoOptimal": true},
           {"x": [450], "a": 2.9e9, "aStandardError": 1e8, "b": 0.27, "bStandardError": 0.01, "feasible": true, "paretoOptimal": true},
           {"x": [600], "a": 2e9, "aStandardError": 1e8, "b": 0.35, "bStandardError": 0.01, "feasible": false, "paretoOptimal": false}]}}
        """

    static func kinds(_ id: String) -> MetricKind? {
        id.hasSuffix(".npv") ? .money : id.hasSuffix(".paid_in_full") || id.hasSuffix(".default") ? .probability : nil
    }

    @Test("sensitivity: a tornado around the mean and Sobol S1/ST with intervals (snapshot)")
    func sensitivity() throws {
        let report = try ResultJSON.decode(SensitivityReport.self, from: Data(Self.sensitivity.utf8))
        let html = AnalysisReportDocument(language: .en, kind: Self.kinds).sensitivity(report).html()
        #expect(html.contains("Tornado: contract.main.paid_in_full"))
        #expect(html.contains("Sobol indices: contract.main.paid_in_full"))
        #expect(html.contains("demo &lt;b&gt;"))
        #expect(html.contains("+50.0% ± 3.9%"))     // swing 0.5 ± 1.96 × 0.02
        assertSnapshot(of: html, as: .lines)
    }

    @Test("an analysis document that decodes but was not written by offtake is refused with the JSON path of the bad field")
    func hostileDocuments() {
        func refusal(_ text: String, _ type: (some Decodable).Type) -> String? {
            do {
                _ = try ResultJSON.decode(type, from: Data(text.utf8))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(refusal(Self.stress, StressReport.self) == nil)
        #expect(refusal(Self.compare, CompareReport.self) == nil)
        #expect(refusal(Self.sensitivity, SensitivityReport.self) == nil)
        #expect(refusal(Self.optimize, OptimizeReport.self) == nil)
        for paths in ["-1", "0", "9223372036854775807"] {
            #expect(refusal(Self.stress.replacingOccurrences(of: "\"paths\": 500", with: "\"paths\": \(paths)"), StressReport.self)?.hasPrefix("paths: ") == true)
            #expect(refusal(Self.compare.replacingOccurrences(of: "\"paths\": 500", with: "\"paths\": \(paths)"), CompareReport.self)?.hasPrefix("paths: ") == true)
            #expect(refusal(Self.sensitivity.replacingOccurrences(of: "\"paths\": 500", with: "\"paths\": \(paths)"), SensitivityReport.self)?.hasPrefix("paths: ") == true)
        }
        #expect(refusal(Self.stress.replacingOccurrences(of: "\"stressed\": [{", with: "\"stressed\": [], \"x\": [{"), StressReport.self)?.hasPrefix("rows[0].stressed: ") == true)
        #expect(refusal(Self.sensitivity.replacingOccurrences(of: "\"firstOrder95\": [0.5, 0.6]", with: "\"firstOrder95\": []"), SensitivityReport.self)
            == "metrics[0].sobol.groups[0].firstOrder95: an interval has 2 values, found 0")
        #expect(refusal(Self.optimize.replacingOccurrences(of: "\"ci95\": [2.7e9, 3.1e9], \"paths\": 500", with: "\"ci95\": [2.7e9], \"paths\": 500"), OptimizeReport.self)
            == "objective.check.ci95: an interval has 2 values, found 1")
        #expect(refusal(Self.optimize.replacingOccurrences(of: "\"x\": [450]", with: "\"x\": []"), OptimizeReport.self)
            == "frontier.points[1].x: one value per decision (1) expected, found 0")
        #expect(refusal(Self.optimize.replacingOccurrences(of: "\"min\": 100", with: "\"min\": 1000"), OptimizeReport.self)
            == "decisions[0]: min 1000.0 is not at most max 900.0")
        #expect(refusal(Self.optimize.replacingOccurrences(of: "\"ci95\": [2.7e9, 3.1e9], \"paths\": 500", with: "\"ci95\": [2.7e9, 3.1e9], \"paths\": -5"), OptimizeReport.self)?
            .hasPrefix("objective.check.paths: ") == true)
    }

    @Test("stress, compare and optimize documents render their tables and the frontier")
    func others() throws {
        let stress = AnalysisReportDocument(language: .fr, kind: Self.kinds).stress(try ResultJSON.decode(StressReport.self, from: Data(Self.stress.utf8))).html()
        #expect(stress.contains("<html lang=\"fr\">"))
        #expect(stress.contains("31,0\u{202F}% (−17,0\u{202F}% ± 2,0\u{202F}%)"))
        let compare = AnalysisReportDocument(language: .en, kind: Self.kinds).compare(try ResultJSON.decode(CompareReport.self, from: Data(Self.compare.utf8))).html()
        #expect(compare.contains("+$1.50B ± $392M"))
        #expect(compare.contains("contract.extra.paid"))
        let optimize = AnalysisReportDocument(language: .en, kind: Self.kinds).optimize(try ResultJSON.decode(OptimizeReport.self, from: Data(Self.optimize.utf8))).html()
        #expect(optimize.contains("Feasible: every constraint holds"))
        #expect(optimize.contains("maximize provider.cloud.npv: $2.90B ± $196M"))
        #expect(optimize.contains("aria-label=\"Frontier\""))
        #expect(optimize.components(separatedBy: "<circle").count - 1 == 3)
    }

    @Test("without a catalogue, values are plain numbers with four significant digits; probabilities stay percentages")
    func unknownKinds() {
        let doc = AnalysisReportDocument(language: .en)
        #expect(doc.value(1234.5678, "x.y.z") == "1,235")
        #expect(doc.value(0.012346, "x.y.z") == "0.01235")
        #expect(doc.value(0.25, "x.y.z", statistic: .probability) == "25.0%")
    }
}
