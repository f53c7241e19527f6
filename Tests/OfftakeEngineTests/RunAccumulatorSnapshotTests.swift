import Foundation
import OfftakeEngine
import OfftakeModel
import Testing

/// Partial results carry `RunAccumulator.Snapshot`s: after a JSON round trip, the accumulators of
/// disjoint path ranges must merge into exactly the accumulator of the whole range (any split, any
/// order), and a snapshot of another model is refused.
@Suite struct RunAccumulatorSnapshotTests {
    static let scenario = SimulatorTestScenarios.random(index: 3)

    static func roundTrip(_ snapshot: RunAccumulator.Snapshot) throws -> RunAccumulator.Snapshot {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunAccumulator.Snapshot.self, from: encoder.encode(snapshot))
    }

    @Test(arguments: [[0, 300], [0, 1, 299, 300], [0, 100, 200, 300], [0, 7, 7, 180, 300]])
    func rangesMergeToTheWhole(_ cuts: [Int]) throws {
        let model = try SimulationModel(scenario: Self.scenario)
        let whole = try MonteCarloRunner.run(model: model, seed: 4, paths: 0..<300, threads: 2)
        var merged = RunAccumulator(model: model)
        for (lower, upper) in zip(cuts, cuts.dropFirst()).reversed() {
            let part = try MonteCarloRunner.run(model: model, seed: 4, paths: lower..<upper, threads: 2)
            merged.merge(try RunAccumulator(model: model, snapshot: Self.roundTrip(part.snapshot)))
        }
        #expect(merged.snapshot == whole.snapshot)
        #expect(merged.paths == 300)
    }

    @Test func snapshotOfAnotherModelIsRefused() throws {
        let model = try SimulationModel(scenario: Self.scenario)
        let other = try SimulationModel(scenario: SimulatorTestScenarios.random(index: 5))
        let snapshot = try MonteCarloRunner.run(model: other, seed: 1, paths: 0..<10, threads: 1).snapshot
        #expect(throws: RunAccumulator.SnapshotMismatch.self) { try RunAccumulator(model: model, snapshot: snapshot) }
    }
}
