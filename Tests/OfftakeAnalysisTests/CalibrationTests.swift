import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import OfftakeScenarioIO
import Testing

extension Fixtures {
    /// `Tests/Fixtures/provider-credit.yaml`: a provider whose 5-year default probability is
    /// `−base_ebitda ÷ 2M` (see the file's header).
    static func providerCredit() throws -> Scenario {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/provider-credit.yaml")
        return try ScenarioLoader.load(text: try String(contentsOf: url, encoding: .utf8), source: "provider-credit")
    }
}

@Suite struct CalibrationTests {
    /// The market's 5-year probability for 147 bp at 40 % recovery.
    static let market = 1 - exp(-5 * 0.0147 / 0.6)

    @Test("closed form: P(default_5y) = −E ÷ 2M, so E* = −2M × 11.53 %; the value found is within 3 s.e. of it, its interval holds it, and a run with --set at the value gives the same probability")
    func closedForm() throws {
        let scenario = try Fixtures.providerCredit()
        let model = try SimulationModel(scenario: scenario)
        let n = 120
        let calibration = try DefaultCalibration(model: model, party: "neo", parameter: "providers.neo.base_ebitda", range: "-2M/mo:0")
        let report = try calibration.run(seed: 7, paths: n, threads: 2)
        #expect(report.matched && report.unique, "\(report.crossings)")
        let c = try #require(report.crossings.first)
        let exact = -2e6 * Self.market
        // p̂ moves by 1/2M per unit of E: the s.e. of the root is 2M × √(m(1 − m)/n).
        let rootSE = 2e6 * (Self.market * (1 - Self.market) / Double(n)).squareRoot()
        #expect(abs(c.value - exact) <= 3 * rootSE, "found \(c.value), exact \(exact), s.e. \(rootSE)")
        #expect(c.interval[0] <= exact && exact <= c.interval[1], "\(c.interval) should hold \(exact)")
        #expect(!c.rising, "a larger EBITDA lowers the default probability")
        // The interval is about ± 1.96 root s.e. wide, and the bisection resolves it finely.
        let width = c.interval[1] - c.interval[0]
        #expect(width > 2 * rootSE && width < 8 * rootSE, "width \(width), root s.e. \(rootSE)")
        #expect(report.tolerance <= width / DefaultCalibration.intervalShare + 1e-9)
        #expect(abs(report.market - Self.market) < 1e-12 && report.marketStandardError == 0)
        #expect(abs(c.probability - c.market) <= StandardNormal.z95 * c.standardError)

        // The same paths with the value written into the scenario (not fixed on the path) give the same probability.
        let atValue = try scenario.setting([("providers.neo.base_ebitda", c.value)]).get()
        let rerun = try RunRequest(scenario: atValue, seed: 7, paths: 0..<n, threads: 1).run().result
        let line = try #require(rerun.metrics["provider.neo.default_5y"])
        #expect(line.mean == c.probability, "\(line.mean) vs \(c.probability)")
    }

    @Test("no value in the range matches: no crossing, the market lies above the model over the range")
    func noMatch() throws {
        let model = try SimulationModel(scenario: try Fixtures.providerCredit())
        let report = try DefaultCalibration(model: model, party: "neo", parameter: "providers.neo.base_ebitda", range: "-100K/mo:0")
            .run(seed: 7, paths: 40, threads: 2)
        #expect(!report.matched && report.crossings.isEmpty && report.marketSide == .above)
        #expect(report.evaluations == DefaultCalibration.gridPoints, "nothing to bisect")
        #expect(report.grid.first?.value == -100_000 && report.grid.last?.value == 0)
    }

    /// A synthetic gap with a known curve and standard error.
    static func points(_ values: [Double], _ probability: (Double) -> Double, se: Double, market: Double) -> [CalibrationReport.Point] {
        values.map { CalibrationReport.Point(value: $0, probability: probability($0), standardError: se, market: market, marketStandardError: 0) }
    }

    @Test("a linear curve: the root and the interval θ* ± 1.96·s.e./slope are found to the tolerance")
    func linear() throws {
        // p(θ) = 0.02·θ, market 0.1: θ* = 5; s.e. 0.004 ⇒ interval 5 ± 1.96 × 0.2.
        let search = try DefaultCalibration.search(0...8) { Self.points($0, { 0.02 * $0 }, se: 0.004, market: 0.1) }
        let c = try #require(search.crossings.first)
        #expect(search.crossings.count == 1 && c.rising)
        #expect(abs(c.value - 5) <= search.tolerance)
        let half = StandardNormal.z95 * 0.004 / 0.02
        #expect(abs(c.interval[0] - (5 - half)) <= search.tolerance && abs(c.interval[1] - (5 + half)) <= search.tolerance, "\(c.interval)")
        #expect(search.tolerance <= 2 * half / DefaultCalibration.intervalShare)
        #expect(c.intervalReachesRange == [false, false])
    }

    @Test("a curve that crosses three times: every crossing is found, alternately falling and rising; an interval that reaches the range says so")
    func severalCrossings() throws {
        // p(θ) = 0.1 + 0.05·sin θ on [0.5, 10]: crossings at π, 2π, 3π.
        let search = try DefaultCalibration.search(0.5...10) { Self.points($0, { 0.1 + 0.05 * sin($0) }, se: 0.001, market: 0.1) }
        #expect(search.crossings.map(\.rising) == [false, true, false])
        for (c, k) in zip(search.crossings, [1.0, 2, 3]) { #expect(abs(c.value - k * .pi) <= search.tolerance, "\(c.value)") }
        // Everything within the noise: the interval is the whole range.
        let flat = try DefaultCalibration.search(0...1) { Self.points($0, { 0.1 + 0.01 * ($0 - 0.5) }, se: 0.05, market: 0.1) }
        #expect(flat.crossings.first?.intervalReachesRange == [true, true] && flat.crossings.first?.interval == [0, 1])
    }

    @Test("the range: given, the distribution's 1st to 99th percentile, the field's bounds")
    func ranges() throws {
        let model = try SimulationModel(scenario: try Fixtures.providerCredit())
        let cash = try DefaultCalibration(model: model, party: "neo", parameter: "providers.neo.cash0")
        #expect(cash.rangeRule == .distribution && abs(cash.range.lowerBound - 1.2e6) < 1e-3 && abs(cash.range.upperBound - 118.8e6) < 1e-3)
        let recovery = try DefaultCalibration(model: model, party: "neo", parameter: "providers.neo.credit.recovery")
        #expect(recovery.rangeRule == .bounds && recovery.range == 0...1)
        let given = try DefaultCalibration(model: model, party: "neo", parameter: "providers[1].base_ebitda", range: "-24M/yr:12M/yr")
        #expect(given.rangeRule == .given && given.range == -2e6...1e6 && given.parameter == "providers.neo.base_ebitda")
    }

    @Test("every problem at once, each naming what is valid")
    func problems() throws {
        let model = try SimulationModel(scenario: try Fixtures.providerCredit())
        func problems(_ party: String, _ path: String, _ range: String? = nil) -> [CalibrationProblem] {
            do {
                _ = try DefaultCalibration(model: model, party: party, parameter: path, range: range)
                return []
            } catch {
                return error.all
            }
        }
        let both = problems("noe", "providers.neo.base_ebitdda")
        #expect(both.count == 2 && both.allSatisfy(\.isUsage))
        #expect(both[0].description.contains("parties that can be matched: neo") && both[0].hint == "did you mean `neo`?", "\(both[0])")
        #expect(both[1].hint?.contains("providers.neo.base_ebitda") == true, "\(both[1])")
        let buyer = problems("lab", "providers.neo.cash0")
        #expect(buyer.count == 1 && buyer[0].description.contains("buyers carry no market credit") && buyer[0].description.contains("neo"))
        let noCDS = problems("cloud", "providers.neo.cash0")
        #expect(noCDS.count == 1 && noCDS[0].description.contains("cds_5y") && noCDS[0].description.contains("can be matched: neo"))
        let constant = problems("neo", "providers.neo.base_ebitda")
        #expect(constant.count == 1 && constant[0].option == "range" && constant[0].description.contains("--range LO:HI"))
        for (path, range, words) in [("cash0", "5:1", "LO must be below HI"), ("cash0", "1", "LO:HI"), ("cash0", "1x:2", "`1x`"),
                                     ("credit.recovery", "50%:150%", "a value in [0, 1]")] {
            let found = problems("neo", "providers.neo." + path, range)
            #expect(found.count == 1 && found[0].option == "range" && found[0].description.contains(words), "\(range): \(found)")
        }
        var short = try Fixtures.providerCredit()
        short.horizon.end = Month(year: 2029, month: 12)
        let tooShort = try #require(throws: CalibrationProblems.self) {
            try DefaultCalibration(model: try SimulationModel(scenario: short), party: "neo", parameter: "providers.neo.cash0")
        }
        #expect(tooShort.all.count == 1 && !tooShort.isUsage && tooShort.all[0].description.contains("48 months"))
    }
}
