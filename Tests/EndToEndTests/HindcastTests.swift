import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// The hindcast `gpu-neocloud-2023` against the H100 rental prices observed after it starts
/// (docs/sources.md#h100-rental; docs/calibration.md): each observed price inside the model's 5–95 %
/// fan of the H100-class price, and the median within a factor 2 of it.
@Suite("the hindcast's price fan")
struct HindcastTests {
    /// Observed $/GPU-hour by month, converted at 511,000 GPU-hours per MW-month (sources.md#d-rental-per-mw-month).
    static let observed: [(month: String, dollarsPerHour: Double)] = [("2024-02", 2.85), ("2025-10", 1.70), ("2026-03", 2.35)]
    static let gpuHoursPerMWMonth = 511_000.0

    /// The series CSV's `market.generation_price.hopper` statistics by month.
    static func hopperFan(_ csv: String) -> [String: [String: Double]] {
        var fan: [String: [String: Double]] = [:]
        for line in csv.split(whereSeparator: \.isNewline) where line.hasPrefix("market.generation_price.hopper,") {
            let cells = line.split(separator: ",").map(String.init)
            guard cells.count == 4, let value = Double(cells[3]) else { continue }
            fan[cells[1], default: [:]][cells[2]] = value
        }
        return fan
    }

    @Test("observed H100 prices lie inside the 5–95 % fan at every observed date (4,000 paths)")
    func observedPricesInsideTheFan() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.url.appendingPathComponent("csv").path
        let run = runOfftakeDetailed(["run", "gpu-neocloud-2023", "--paths", "4000", "--csv", out], timeout: 300)
        #expect(run.status == 0, "\(run.stderr.prefix(800))")
        let fan = Self.hopperFan(try String(contentsOfFile: out + "/series.csv", encoding: .utf8))
        for (month, price) in Self.observed {
            let p = price * Self.gpuHoursPerMWMonth
            let stats = try #require(fan[month], "no fan at \(month)")
            let p5 = try #require(stats["p5"]), p95 = try #require(stats["p95"]), p50 = try #require(stats["p50"])
            #expect(p5 <= p && p <= p95, "\(month): observed $\(price)/h outside [$\(p5 / Self.gpuHoursPerMWMonth), $\(p95 / Self.gpuHoursPerMWMonth)]")
            #expect(p50 / p > 0.5 && p50 / p < 2, "\(month): median $\(p50 / Self.gpuHoursPerMWMonth)/h against $\(price)")
        }
    }

    /// Every numeric field of the supply side of the two scenarios that have one (the hindcast and
    /// gpu-neocloud, whose Rubin generation answers the price) at edge values: validate or run, never a trap.
    static let supplyCases: [String] = ["gpu-neocloud-2023", "gpu-neocloud"].flatMap { name -> [String] in
        guard let entry = BuiltInScenarios.named(name),
              let scenario = try? ScenarioLoader.load(text: entry.text, source: entry.name) else { return [] }
        let fields = scenario.parameterSlots.map(\.path).filter { $0.hasPrefix("market.supply.") }
        // The hindcast's every field; gpu-neocloud's fields the hindcast does not have.
        let own = name == "gpu-neocloud" ? fields.filter { $0.contains(".rubin.") || $0.contains("long_run") || $0.contains("half_life") } : fields
        return own.flatMap { field in ["1e308", "0", "5e-324", "-1"].map { "\(name) \(field)=\($0)" } }
    }

    @Test("the scenarios list their supply fields")
    func supplyFieldsAreListed() {
        #expect(Self.supplyCases.count >= 4 * 15)
        #expect(Self.supplyCases.contains { $0.contains(".response.elasticity=") })
    }

    @Test("run --set SUPPLY FIELD=edge value: no trap, bounded time, 0 or 65", arguments: supplyCases)
    func supplyFieldCampaign(testCase: String) {
        let parts = testCase.split(separator: " ", maxSplits: 1).map(String.init)
        let (name, assignment) = (parts[0], parts[1])
        let run = runOfftakeDetailed(["run", name, "--paths", "8", "--set", assignment], timeout: 120)
        expectNoCrash(run, "--set \(assignment)")
        #expect(run.status == 0 || run.status == 65, "--set \(assignment): exit \(run.status) \(run.stderr.prefix(500))")
    }
}
