import Foundation
import OfftakeEngine
import OfftakeModel
@testable import OfftakeReport
import OfftakeScenarioIO
import SwiftCSV
import Testing

/// CSV read back with SwiftCSV (a standard RFC 4180 reader), the result JSON policy, the FOCUS rows'
/// accounting, and the assumptions table.
@Suite struct ExportTests {
    @Test("metrics.csv: one row per metric with every statistic, read back by a CSV reader")
    func metricsCSV() throws {
        let result = try Fixture.result()
        let text = CSVExport.metrics(result)
        #expect(text.hasSuffix("\r\n"))
        let csv = try CSV<Named>(string: text)
        #expect(csv.header == CSVExport.metricsHeader)
        #expect(csv.rows.count == result.metrics.count)
        let row = try #require(csv.rows.first { $0["metric"] == "contract.main.utilization" })
        #expect(row["kind"] == "share")
        #expect(Double(row["pooled"] ?? "") == 0.88)
        #expect(Double(row["p50"] ?? "") == result.metrics["contract.main.utilization"]!.p50)
        let probability = try #require(csv.rows.first { $0["metric"] == "contract.main.paid_in_full" })
        #expect(probability["ci95_low"] == "0.37")
        #expect(probability["pooled"] == "")
    }

    @Test("series.csv: long format (metric, month, statistic, value), six statistics a month; non-finite as in the JSON")
    func seriesCSV() throws {
        let result = try Fixture.result()
        let csv = try CSV<Named>(string: CSVExport.series(result))
        #expect(csv.header == ["metric", "month", "statistic", "value"])
        #expect(csv.rows.count == result.series.count * 24 * 6)
        let cell = try #require(csv.rows.first { $0["metric"] == "buyer.lab.cash" && $0["month"] == "2026-03" && $0["statistic"] == "p50" })
        #expect(Double(cell["value"] ?? "") == 9e9)
        #expect(csv.rows.contains { $0["metric"] == "provider.cloud.leverage" && $0["statistic"] == "p95" && $0["value"] == "Infinity" })
        #expect(csv.rows.contains { $0["metric"] == "provider.cloud.utilization" && $0["value"] == "NaN" })
        let yearly = try CSV<Named>(string: CSVExport.yearly(result))
        #expect(yearly.rows.count == 2 * 4)
    }

    @Test("fields with commas, quotes and line breaks are quoted (RFC 4180 §2.6–2.7) and read back whole")
    func quoting() throws {
        let rows = [["a", "b"], ["x,y", "say \"hi\""], ["line\nbreak", "plain"]]
        let text = CSVExport.document(rows)
        #expect(text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",plain\r\n")
        let csv = try CSV<Enumerated>(string: text)
        #expect(csv.rows == [["x,y", "say \"hi\""], ["line\nbreak", "plain"]])
    }

    @Test("the result JSON: sorted keys, non-finite numbers as strings, round trip; clear errors for other documents")
    func json() throws {
        let result = try Fixture.result()
        let data = try ResultJSON.encode(result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"Infinity\""))
        #expect(text.contains("\"NaN\""))
        // NaN ≠ NaN, so the round trip is checked on the bytes.
        #expect(try ResultJSON.encode(ResultJSON.decodeResult(data)) == data)
        func message(_ text: String) -> String? {
            do { _ = try ResultJSON.decodeResult(Data(text.utf8)); return nil } catch { return error.message }
        }
        #expect(message("{") == message("{")!)           // not JSON: a message, no crash
        #expect(message("{")!.hasPrefix("not JSON"))
        #expect(message("[1, 2]")!.contains("expected a JSON object"))
        #expect(message("{\"name\": \"x\"}")!.contains("no \"schema\" key"))
        #expect(message("{\"schema\": \"offtake.sample/1\"}")!.contains("schema is \"offtake.sample/1\""))
        #expect(message("{\"schema\": \"offtake.result/1\", \"scenario\": \"x\"}")!.hasSuffix(": missing"))
        // A kind from before kinds had units reads as its unit.
        let legacy = text.replacingOccurrences(of: "\"kind\" : \"money\"", with: "\"kind\" : \"amount\"")
        #expect(try ResultJSON.decodeResult(Data(legacy.utf8)).metrics["contract.main.charges"]?.kind == .money)
        let unknown = text.replacingOccurrences(of: "\"kind\" : \"money\"", with: "\"kind\" : \"furlongs\"")
        #expect(message(unknown)!.contains("unknown metric kind `furlongs`"))
    }

    @Test("FOCUS rows of a path add up: Σ billed = Σ effective = Σ charges; used + unused = committed; dates and columns")
    func focusRows() throws {
        let url = Fixture.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/minimal.yaml")
        let scenario = try #require(ScenarioLoader.check(path: url.path).scenario)
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        sim.simulate(seed: 42, path: 3)
        let rows = FocusExport.rows(sim, projection: FocusExport.Projection(name: "p50", path: 3))
        #expect(!rows.isEmpty)
        func column(_ name: String) -> Int { FocusExport.columns.firstIndex(of: name)! }
        func sum(_ name: String, where predicate: ([String]) -> Bool = { _ in true }) -> Double {
            rows.filter(predicate).map { Double($0[column(name)])! }.reduce(0, +)
        }
        let charges = sim.ledger.contracts[.charge].values.reduce(0, +)
        // Tolerance: each amount is written with six decimals (≤ 5e-7 per row) on totals of ~10¹¹.
        #expect(abs(sum("BilledCost") - charges) <= 1e-9 * charges)
        #expect(abs(sum("EffectiveCost") - charges) <= 1e-9 * charges)
        let purchase = { (row: [String]) in row[column("ChargeCategory")] == "Purchase" }
        let usage = { (row: [String]) in row[column("ChargeCategory")] == "Usage" }
        #expect(abs(sum("PricingQuantity", where: purchase) - sum("PricingQuantity", where: usage)) <= 1e-6 * sum("PricingQuantity", where: purchase))
        let used = sim.ledger.contracts[.usedMW].values.reduce(0, +)
        #expect(abs(sum("ConsumedQuantity", where: { $0[column("CommitmentDiscountStatus")] == "Used" }) - used) <= 1e-6 * max(1, used))
        for row in rows {
            #expect(row.count == FocusExport.columns.count)
            #expect(row[column("ChargePeriodStart")].hasSuffix("-01T00:00:00Z"))
            #expect(row[column("BillingCurrency")] == "USD")
            #expect(row[column("x_Projection")] == "p50")
            #expect(Double(row[column("BilledCost")])! >= 0)
        }
        let first = rows[0]
        #expect(first[column("ChargePeriodStart")] < first[column("ChargePeriodEnd")])
        // The CSV reads back with a standard reader; SkuPriceDetails (JSON with quotes) survives.
        let csv = try CSV<Named>(string: FocusExport.csv(rows))
        #expect(csv.header == FocusExport.columns)
        #expect(csv.rows.count == rows.count)
        #expect(csv.rows[0]["SkuPriceDetails"] == "{\"ContractKind\": \"capacity\"}")
    }

    @Test("FOCUS projections: the base case and the paths at the percentiles of total charges, by nearest rank")
    func focusProjections() throws {
        let url = Fixture.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/minimal.yaml")
        let model = try SimulationModel(scenario: try #require(ScenarioLoader.check(path: url.path).scenario))
        let projections = FocusExport.projections(model: model, seed: 42, paths: 40, percentiles: [0.05, 0.5, 0.95])
        #expect(projections.map(\.name) == ["base", "p5", "p50", "p95"])
        #expect(projections[0].path == nil)
        var sim = PathSimulator(model: model)
        var totals: [Double] = []
        for p in 0..<40 {
            sim.simulate(seed: 42, path: UInt64(p))
            totals.append(sim.ledger.contracts[.charge].values.reduce(0, +))
        }
        let sorted = totals.sorted()
        // Nearest rank ⌈q·n⌉: 2nd, 20th and 38th smallest of 40.
        #expect(totals[projections[1].path!] == sorted[1])
        #expect(totals[projections[2].path!] == sorted[19])
        #expect(totals[projections[3].path!] == sorted[37])
        #expect(FocusExport.decimal(1366000) == "1366000.0")
        #expect(FocusExport.decimal(0.1234567) == "0.123457")
        #expect(FocusExport.decimal(-0.0000001) == "0.0")
    }

    @Test("assumptions: each commented value line with its key path, value and source")
    func assumptions() {
        let yaml = """
            name: demo   # not a source, but a comment all the same
            horizon: {start: 2026-01, end: 2030-12}    # assumption: five years
            market:
              compute_price:
                initial: 1.2M            # sources.md#h100-rental
                decline: "uniform(min=10%, max=30%)"   # [D] derived: 2023–2025 # twice
              note: "a # inside quotes"
            buyers:
              - id: lab
                cash0: 10B               # sources.md#cash
              - revenue0: 500M           # second item without id
            """
        let rows = ScenarioAssumptions(yaml: yaml).rows
        #expect(rows.map(\.path) == ["name", "horizon", "market.compute_price.initial", "market.compute_price.decline", "buyers.lab.cash0", "buyers[1].revenue0"])
        #expect(rows[1].value == "{start: 2026-01, end: 2030-12}")
        #expect(rows[1].source == "assumption: five years")
        #expect(rows[2].value == "1.2M")
        #expect(rows[3].value == "\"uniform(min=10%, max=30%)\"")
        #expect(rows[3].source == "[D] derived: 2023–2025 # twice")
        #expect(ScenarioAssumptions(yaml: "{\"name\": \"json\"}").rows.isEmpty)
        #expect(ScenarioAssumptions(yaml: "not: [valid").rows.isEmpty)
    }

    @Test("the built-in scenario's assumptions: every line with a source comment becomes a row")
    func builtInAssumptions() throws {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        let rows = ScenarioAssumptions(yaml: entry.text).rows
        #expect(rows.count > 50)
        #expect(rows.contains { $0.path == "horizon" && $0.source.contains("sources.md#openai-run-rate-2025") })
        #expect(rows.allSatisfy { !$0.path.isEmpty && !$0.source.isEmpty })
    }
}
