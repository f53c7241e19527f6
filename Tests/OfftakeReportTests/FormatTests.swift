import Foundation
import OfftakeEngine
@testable import OfftakeReport
import Testing

/// Numbers for people in English and French (CLDR separators: U+202F groups, decimal comma).
@Suite struct FormatTests {
    let en = NumberFormat(.en), fr = NumberFormat(.fr)
    /// U+202F, the French group separator and the space before units.
    let nbsp = "\u{202F}"

    @Test("grouped decimals: 1,234.5 / 1 234,5; a true minus sign; no negative zero")
    func decimals() {
        #expect(en.decimal(1234.5, digits: 1) == "1,234.5")
        #expect(fr.decimal(1234.5, digits: 1) == "1\(nbsp)234,5")
        #expect(en.decimal(-1234567.891, digits: 2) == "−1,234,567.89")
        #expect(fr.decimal(-1234567.891, digits: 2) == "−1\(nbsp)234\(nbsp)567,89")
        #expect(en.decimal(999.96, digits: 1) == "1,000.0")
        #expect(en.decimal(-0.04, digits: 1) == "0.0")
        #expect(en.integer(100_000) == "100,000")
        #expect(fr.integer(100_000) == "100\(nbsp)000")
        #expect(en.decimal(.nan, digits: 1) == "n/a")
        #expect(fr.decimal(.nan, digits: 1) == "n.d.")
        #expect(en.decimal(-.infinity, digits: 1) == "−∞")
    }

    @Test("percentages: one decimal, three below 0.1 %; French puts a narrow space before %")
    func percentages() {
        #expect(en.percent(0.476) == "47.6%")
        #expect(fr.percent(0.476) == "47,6\(nbsp)%")
        #expect(en.percent(0.00011) == "0.011%")
        #expect(en.percent(0) == "0.0%")
        #expect(fr.percent(-0.25) == "−25,0\(nbsp)%")
    }

    @Test("money: magnitude suffixes with at most three significant digits; French milliards")
    func money() {
        #expect(en.money(4.8e9) == "$4.80B")
        #expect(en.money(-25.1e9) == "−$25.1B")
        #expect(en.money(675e9) == "$675B")
        #expect(en.money(1.26e12) == "$1.26T")
        #expect(en.money(439e6) == "$439M")
        #expect(en.money(69.1e6) == "$69.1M")
        #expect(en.money(12_345) == "$12K")
        #expect(en.money(950) == "$950")
        #expect(fr.money(4.8e9) == "4,80\(nbsp)Md$")
        #expect(fr.money(-25.1e9) == "−25,1\(nbsp)Md$")
        #expect(fr.money(1.26e12) == "1\(nbsp)260\(nbsp)Md$")
        #expect(fr.money(439e6) == "439\(nbsp)M$")
        #expect(fr.money(12_345) == "12\(nbsp)k$")
    }

    @Test("values by metric kind")
    func kinds() {
        #expect(en.value(0.5, kind: .probability) == "50.0%")
        #expect(en.value(0.5, kind: .share) == "50.0%")
        #expect(en.value(4.2, kind: .multiple) == "4.20×")
        #expect(fr.value(4.2, kind: .multiple) == "4,20×")
        #expect(en.value(1396.4, kind: .mw) == "1,396")
        #expect(en.value(219_600, kind: .mwMonths) == "219,600")
        #expect(en.value(0.2931, kind: .index) == "0.293")
        #expect(en.value(1.366e6, kind: .moneyPerMWMonth) == "$1.4M")
        #expect(en.value(.infinity, kind: .multiple) == "∞")
        #expect(en.count(1e20) == "1e+20")
    }

    @Test("the French terminal verdict: French words and numbers, aligned columns")
    func frenchVerdict() throws {
        let result = try Fixture.result()
        let text = TerminalReport(language: .fr).verdictTable(result)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("VERDICT"))
        #expect(lines[0].contains("intervalle à 95\(nbsp)%"))
        #expect(lines[1].hasPrefix("main\u{00A0}: payé intégralement"))
        #expect(lines[1].hasSuffix("37,0\(nbsp)% … 43,0\(nbsp)%"))
        #expect(text.contains("lab\u{00A0}: défaut avant fin 2027"))
        #expect(text.contains("−45,0\(nbsp)Md$"))
        // Right-aligned numbers: every row has the same length (characters, not bytes).
        #expect(Set(lines.map(\.count)).count == 1)
        #expect(!text.contains("\u{1B}["))
        #expect(TerminalReport(language: .fr, colour: true).verdictTable(result).hasPrefix("\u{1B}[1mVERDICT"))
    }

    @Test("colour only on a terminal, never with NO_COLOR or TERM=dumb")
    func colour() {
        #expect(Terminal.colourEnabled(isTerminal: true, environment: [:]))
        #expect(!Terminal.colourEnabled(isTerminal: false, environment: [:]))
        #expect(!Terminal.colourEnabled(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!Terminal.colourEnabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!Terminal.colourEnabled(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    @Test("the verdict in plain words, in both languages")
    func plainWords() throws {
        let result = try Fixture.result()
        #expect(VerdictWording.sentences(result, .en) == [
            "main is paid in full on 40.0% of paths (95% interval 37.0% … 43.0%); on average 76.0% of its value is paid.",
            "lab defaults by the end of 2027 on 25.0% of paths (95% interval 22.0% … 28.0%).",
            "cloud’s NPV of the AI build: median $0, 5th percentile −$45.0B.",
        ])
        var renegotiated = result
        var estimate = try #require(result.verdict.first { $0.statistic == .probability }).values
        (estimate.value, estimate.ci95) = (0.2, [0.18, 0.22])
        renegotiated.verdict.append(RunResult.VerdictEntry(MetricLine(.buyer("lab", .restructuringAgreed), .probability), estimate))
        #expect(VerdictWording.sentences(renegotiated, .en).contains { $0.hasPrefix(
            "lab renegotiates with its providers before any default on 20.0% of paths (95% interval 18.0% … 22.0%): longer deferrals") })
        #expect(VerdictWording.headline(paidInFull: 0.4, contract: "main", .fr)
                == "Aventure imprudente\u{00A0}: main a plus de chances de ne pas être payé intégralement que de l’être.")
        #expect(VerdictWording.headline(paidInFull: 0.95, contract: "main", .en) == "Bold alliance: main is very likely paid in full.")
        #expect(VerdictWording.headline(paidInFull: 0.7, contract: "main", .en).hasPrefix("A close call"))
        // Both sides: a provider that defaults, or one under strain, is named after the buyer's side; under 10 % it is not.
        #expect(VerdictWording.headline(paidInFull: 0.95, contract: "main", providerRisk: ProviderRisk(provider: "neo", measure: .defaulted, probability: 0.25), .en)
                == "Bold alliance: main is very likely paid in full. But the provider, neo, defaults on 25.0% of paths: the buyer pays, the builder may not last.")
        #expect(VerdictWording.headline(paidInFull: 0.95, contract: "main", providerRisk: ProviderRisk(provider: "neo", measure: .lendersTestBreach, probability: 0.17), .en)
                == "Bold alliance: main is very likely paid in full. But the provider, neo, is under strain on 17.0% of paths (adjusted leverage above the lenders' test).")
        // Its funding gap and interest coverage follow when they say something (a gap; a finite coverage).
        let strained = ProviderRisk(provider: "neo", measure: .lendersTestBreach, probability: 0.17, fundingGap: 7.9e9, interestCoverage: 1.52)
        #expect(VerdictWording.headline(paidInFull: 0.95, contract: "main", providerRisk: strained, .en)
                == "Bold alliance: main is very likely paid in full. But the provider, neo, is under strain on 17.0% of paths (adjusted leverage above the lenders' test). Expected funding gap $7.90B; lowest year-end interest coverage 1.52× (median).")
        var unlevered = strained
        (unlevered.fundingGap, unlevered.interestCoverage) = (0, .infinity)
        #expect(VerdictWording.headline(paidInFull: 0.95, contract: "main", providerRisk: unlevered, .en).hasSuffix("(adjusted leverage above the lenders' test)."))
        #expect(VerdictWording.headline(paidInFull: 0.95, contract: "main", providerRisk: ProviderRisk(provider: "neo", measure: .ratingBreach, probability: 0.09, fundingGap: 7.9e9, interestCoverage: 1.5), .en)
                == "Bold alliance: main is very likely paid in full.")
    }

    @Test("parameter values of unknown unit: three significant digits, grouped, suffixed from a million")
    func significant() {
        #expect(en.significant(1_459_083_081.0294) == "1.46B")
        #expect(fr.significant(1_459_083_081.0294) == "1,46\(nbsp)Md")
        #expect(en.significant(2_500_000) == "2.50M")
        #expect(en.significant(12_345.6) == "12,346")
        #expect(en.significant(0.45678) == "0.457")
        #expect(en.significant(-12.34) == "−12.3")
        #expect(en.significant(0) == "0")
        #expect(fr.significant(Double.nan) == "n.d.")
    }
}

/// The small result of `Fixtures/small-result.json`: one buyer `lab`, one contract `main`, one
/// provider `cloud`, 24 months; a scenario name and title with markup to check escaping.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func result() throws -> RunResult {
        try ResultJSON.decodeResult(Data(contentsOf: directory.appendingPathComponent("small-result.json")))
    }
}
