import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
@testable import OfftakeReport
import OfftakeScenarioIO
import Testing

/// The analyses' terminal tables: the English text written out by hand (two spaces between columns,
/// numbers right-aligned), the French one with the verdict's French labels and French numbers.
@Suite struct AnalysisTablesTests {
    static func renderer(_ language: ReportLanguage) -> AnalysisReportDocument {
        AnalysisReportDocument(language: language) { AnalysisReportTests.kinds($0) ?? .money }
    }

    /// The cells of a table line (columns are two or more spaces apart).
    static func cells(_ text: String, row prefix: String) -> [String] {
        let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) } ?? ""
        return line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func scenario() throws -> Scenario {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        return try ScenarioLoader.load(text: entry.text)
    }

    @Test("stress in English: settings, one table per stress, the note; Δ ± 1.96 × 0.01 = 2.0 %")
    func stressEnglish() throws {
        let report = try ResultJSON.decode(StressReport.self, from: Data(AnalysisReportTests.stress.utf8))
        #expect(Self.renderer(.en).stressText(report) == """
            demo: stresses on the same 500 paths (seed 42)

              winter: regime bust

            STRESS winter        base  stressed  Δ ± 1.96 s.e.
            main: paid in full  48.0%     31.0%  −17.0% ± 2.0%

            Δ = stressed − base on the same paths; ± 1.96 paired standard errors (quantiles: 20 batches of paths).
            """)
    }

    @Test("stress in French: the verdict's French label, decimal comma and narrow spaces")
    func stressFrench() throws {
        let report = try ResultJSON.decode(StressReport.self, from: Data(AnalysisReportTests.stress.utf8))
        let text = Self.renderer(.fr).stressText(report)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "demo\u{00A0}: stress sur les mêmes 500 trajectoires (graine 42)")
        #expect(lines[1] == "  winter\u{00A0}: régime bust")
        let row = try #require(lines.first { $0.hasPrefix("main") })
        #expect(row.hasPrefix("main\u{00A0}: payé intégralement"))
        #expect(row.hasSuffix("48,0\u{202F}%   31,0\u{202F}%  −17,0\u{202F}% ± 2,0\u{202F}%"))
    }

    @Test("compare: the other side's metrics counted; optimize: a bound inside the interval is said so, in both languages")
    func compareAndOptimize() throws {
        let compare = try ResultJSON.decode(CompareReport.self, from: Data(AnalysisReportTests.compare.utf8))
        let english = Self.renderer(.en).compareText(compare, overrides: ["x=1"])
        #expect(english.hasPrefix("A = base\nB = bigger: x=1\nSame 500 paths (seed 42) for both.\n\n"))
        #expect(Self.cells(english, row: "cloud") == ["cloud: NPV of the AI build (expected)", "$1.00B", "$2.50B", "+$1.50B ± $392M"])
        #expect(english.hasSuffix("\n\nMetrics only in A: 0, only in B: 1 (listed in the JSON)."))
        let optimize = try ResultJSON.decode(OptimizeReport.self, from: Data(AnalysisReportTests.optimize.utf8))
        let scenario = try Self.scenario()
        let en = Self.renderer(.en).optimizeText(optimize, scenario: scenario)
        #expect(Self.cells(en, row: "buyer.lab") == ["buyer.lab.default <= 30.0%", "28.0%", "27.0%", "25.0% … 29.0%", "yes (bound inside the interval)"], "\(en)")
        #expect(Self.cells(en, row: "contracts.main") == ["contracts.main.tranches[0].mw", "450", "100 … 900"], "\(en)")
        let fr = Self.renderer(.fr).optimizeText(optimize, scenario: scenario)
        #expect(fr.contains("oui (borne dans l’intervalle)") && fr.contains("maximiser provider.cloud.npv") && fr.contains("2,90\u{202F}Md$"), "\(fr)")
        #expect(!fr.contains("INFEASIBLE") && !fr.contains("IRRÉALISABLE"))
    }

    @Test("a parameter's value by its kind: never the scenario's full precision (0.83447852133 → 0.834)")
    func parameterValues() {
        let en = Self.renderer(.en), fr = Self.renderer(.fr)
        #expect(en.parameter(0.83447852133, .ratio) == "0.834")
        #expect(en.parameter(1.4400509583, .ratio) == "1.44")
        #expect(fr.parameter(0.83447852133, .ratio) == "0,834")
        #expect(en.parameter(12_345.678, .number) == "12,346")
        #expect(en.parameter(12, .months) == "12 mo" && en.parameter(7.46, .months) == "7.5 mo")
        #expect(en.parameter(0.142, .annualRate) == "14.2%" && en.parameter(1_600_000, .monthlyMoney) == "$1.6M/mo")
    }
}
