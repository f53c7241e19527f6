import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// Renewal terms (`contracts[].renewal`) at edge values, on the built-in scenario that writes one
/// (gpu-neocloud's enterprise contract): every field at 1e308, 0, the smallest subnormal and −1 either
/// runs or is refused with its path (exit 65), never a trap or a hang.
@Suite("renewal fields at edge values")
struct RenewalFieldTests {
    static let cases: [String] = {
        guard let entry = BuiltInScenarios.named("gpu-neocloud"),
              let scenario = try? ScenarioLoader.load(text: entry.text, source: entry.name) else { return [] }
        let fields = scenario.parameterSlots.map(\.path).filter { $0.contains(".renewal.") }
        return fields.flatMap { field in ["1e308", "0", "5e-324", "-1"].map { "\(field)=\($0)" } }
    }()

    @Test("gpu-neocloud lists its three renewal fields")
    func renewalFieldsAreListed() {
        #expect(Self.cases.count == 3 * 4)
    }

    @Test("run --set RENEWAL FIELD=edge value: no trap, bounded time, 0 or 65", arguments: cases)
    func renewalFieldCampaign(assignment: String) {
        let run = runOfftakeDetailed(["run", "gpu-neocloud", "--paths", "8", "--set", assignment], timeout: 120)
        expectNoCrash(run, "--set \(assignment)")
        #expect(run.status == 0 || run.status == 65, "--set \(assignment): exit \(run.status) \(run.stderr.prefix(500))")
        if run.status == 65 {
            // Reported at the field the value replaces, by its file path (`contracts[1].renewal.probability`).
            let field = String(assignment.prefix { $0 != "=" }).split(separator: ".").suffix(2).joined(separator: ".")
            #expect(run.stderr.contains(field) && run.stderr.contains("out of range"), "\(assignment): \(run.stderr.prefix(500))")
        }
    }
}
