import OfftakeRandom
import Testing
@testable import OfftakeEngine

/// `MetricAccumulator.add(contentsOf:)` (the run's flush adds each cell's buffered paths as a batch)
/// must leave exactly the state of adding the same values one by one, whatever they are: ordinary
/// values, zeros of both signs, subnormals, values whose square overflows, ±∞.
@Suite struct BatchAddTests {
    static let awkward: [Double] = [0, -0.0, 1e-310, -1e-310, 1e200, -1e200, 1.7e308, .infinity, -.infinity, 3, -3]

    @Test(arguments: [0.0, 1e6, -2.5])
    func batchEqualsOneByOne(_ shift: Double) {
        var stream = RandomStream(seed: 3, path: 0, purpose: .sampling)
        for round in 0..<200 {
            let n = 1 + round % 128
            var values = (0..<n).map { _ in (stream.nextUniform() - 0.3) * 1e9 }
            if round % 5 == 0 { values[round % n] = BatchAddTests.awkward[round / 5 % BatchAddTests.awkward.count] }
            var single = MetricAccumulator(shift: shift), batch = MetricAccumulator(shift: shift)
            for x in values { single.add(x) }
            values.withUnsafeBufferPointer { batch.add(contentsOf: $0) }
            #expect(single == batch, "round \(round)")
            #expect(single.summary.mean.bitPattern == batch.summary.mean.bitPattern)
        }
    }
}
