import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// `training_share` by hand: training follows the training-capable capacity each path has delivered.
/// Tolerance: relative 1e-12 (a product of two doubles and a sum).
@Suite struct SimulatorTrainingShareTests {
    typealias S = SimulatorTestScenarios

    func near(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-9) }

    /// A lab with no inference demand, 20 MW of GPUs from month 0 and 20 MW more from month 2 (both
    /// train), and 10 MW of inference-only ASICs; `training_share` 50 % from month 0 and 25 % from
    /// month 4, optionally with `training_mw` 2 from month 0.
    ///
    /// | t | trainable MW | share | training wanted (without / with training_mw 2) |
    /// |---|----|------|--------|
    /// | 0, 1 | 20 | 50 % | 10 / 12 |
    /// | 2, 3 | 40 | 50 % | 20 / 22 |
    /// | 4, 5 | 40 | 25 % | 10 / 12 |
    ///
    /// The ASICs are never counted, and the training MW sit on the GPU contract.
    static func scenario(trainingMW: Double? = nil) -> Scenario {
        var buyer = S.buyer(cash0: 1e12, revenue0: 0)
        buyer.trainingShare = Schedule(entries: [.init(month: S.month(0), value: .constant(0.5)), .init(month: S.month(4), value: .constant(0.25))],
                                       byYear: false)
        if let trainingMW { buyer.trainingPlan = Schedule(entries: [.init(month: S.month(0), value: .constant(trainingMW))], byYear: false) }
        let asic = Accelerator(id: "asic", workloads: [.inference], inferenceEfficiency: .constant(1), capexPerMW: .constant(0), lifeMonths: .constant(60))
        let gpus = Contract(id: "gpus", buyer: "lab", provider: "cloud", accelerator: "gpu",
                            tranches: [Tranche(start: S.month(0), mw: .constant(20)), Tranche(start: S.month(2), mw: .constant(20))],
                            term: .end(S.month(5)), price: .perMWMonth(.constant(1)), recoveryRate: .constant(0))
        let asics = Contract(id: "asics", buyer: "lab", provider: "cloud", accelerator: "asic",
                             tranches: [Tranche(start: S.month(0), mw: .constant(10))],
                             term: .end(S.month(5)), price: .perMWMonth(.constant(1)), recoveryRate: .constant(0))
        return Scenario(name: "training-share", horizon: S.horizon(months: 6), market: S.oneRegimeMarket(),
                        accelerators: [S.gpu(), asic], buyers: [buyer], providers: [Provider(id: "cloud")], contracts: [gpus, asics])
    }

    @Test func trainingFollowsTheTrainingCapableCapacity() throws {
        let wanted: [Double] = [10, 10, 20, 20, 10, 10]
        for extra in [nil, 2.0] {
            let sim = try S.simulate(Self.scenario(trainingMW: extra), deterministic: true)
            let l = sim.ledger
            for t in 0..<6 {
                let expected = wanted[t] + (extra ?? 0)
                #expect(near(l.buyers[.trainingDemand][0, t], expected), "t = \(t), training_mw \(extra ?? 0)")
                #expect(near(l.contracts[.trainingMW][0, t], expected), "t = \(t): training on the GPUs")
                #expect(l.contracts[.trainingMW][1, t] == 0, "t = \(t): never on the ASICs")
            }
        }
    }

    @Test func trainingShareValidatesItsDates() {
        var scenario = Self.scenario()
        scenario.buyers[0].trainingShare = Schedule(entries: [.init(month: S.month(3), value: .constant(0.5)), .init(month: S.month(1), value: .constant(0.2))],
                                                    byYear: false)
        let issues = scenario.validate()
        #expect(issues.contains { $0.path.hasPrefix("buyers[0].training_share") && $0.message.contains("out of order") },
                "\(issues.map(\.description))")
    }
}
