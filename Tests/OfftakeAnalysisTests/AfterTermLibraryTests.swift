import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// Contracts that outlive their term, on the library's own deals: on every path of every built-in
/// scenario, a provider that pays rent on the build's leased sites has capacity online or income from
/// re-letting in that month (docs/model.md, "After the term") — the rent is never paid on sites that
/// stand empty and unlet, as it was when capacity left the model at a contract's end.
@Suite("after the term, on the built-in scenarios")
struct AfterTermLibraryTests {
    static let paths: UInt64 = 16

    @Test("no month pays the build's rent with nothing online and nothing re-let", arguments: BuiltInScenarios.all.map(\.name))
    func noRentOnEmptySites(name: String) throws {
        let entry = try #require(BuiltInScenarios.all.first { $0.name == name })
        let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        for path in 0..<Self.paths {
            sim.simulate(seed: 42, path: path)
            let l = sim.ledger
            for p in scenario.providers.indices where scenario.providers[p].financials?.leases != nil {
                // A provider's books stop at its default (no rent after it).
                for t in 0..<model.months where l.providers[.buildRent][p, t] > 0 {
                    let online = l.providers[.mwOnline][p, t], relet = l.providers[.releaseIncome][p, t]
                    #expect(online > 0 || relet > 0, "\(name) path \(path) \(scenario.providers[p].id) month \(t): rent \(l.providers[.buildRent][p, t]) with nothing online or re-let")
                }
            }
        }
    }
}
