import OfftakeEngine
import Testing

/// Hand-computed allocations, and the invariants MW used ≤ MW available and
/// served + unserved = demand.
@Suite struct CapacityAllocationTests {
    typealias Pool = CapacityAllocation.Pool
    let gpu = Pool(mw: 1000, training: true, inference: true, efficiency: 1.0)
    let asic = Pool(mw: 500, training: false, inference: true, efficiency: 1.3)

    func allocate(_ pools: [Pool], training: Double, inference: Double, spot: Double) -> (CapacityAllocation.Result, [Double]) {
        var used = [Double](repeating: 0, count: pools.count), order = [Int](repeating: 0, count: pools.count)
        let r = CapacityAllocation.allocate(pools: pools, trainingMW: training, inferenceDemand: inference, spotLimitMW: spot,
                                            used: &used, order: &order)
        return (r, used)
    }

    /// Training 600 MW on the GPUs; inference 1,000: the ASICs serve 650 (500 MW × 1.3), the GPUs the
    /// remaining 350 on 350 MW; 50 GPU MW stay idle; nothing for spot.
    @Test func efficientCapacityServesInferenceFirst() {
        let (r, used) = allocate([gpu, asic], training: 600, inference: 1000, spot: 300)
        #expect(r.trainingOnPools == 600 && r.inferenceOnPools == 1000 && r.spotMW == 0 && r.unservedInference == 0)
        #expect(used[0] == 950 && used[1] == 500)
    }

    /// Demand beyond capacity: spot serves inference first (up to its limit), the rest is lost.
    @Test func remainderGoesToSpotThenIsLost() {
        let (r, used) = allocate([gpu, asic], training: 900, inference: 1000, spot: 200)
        // GPUs: 900 training + 100 inference; ASICs: 650; spot 200; unserved 50.
        #expect(abs(r.inferenceOnPools - 750) < 1e-9 && r.spotInference == 200 && abs(r.unservedInference - 50) < 1e-9)
        #expect(used[0] == 1000 && used[1] == 500)
        #expect(r.servedInference + r.unservedInference == 1000)
    }

    /// Training cannot use inference-only capacity; unmet training takes leftover spot.
    @Test func trainingNeedsTrainingCapableCapacity() {
        let (r, used) = allocate([asic], training: 300, inference: 100, spot: 500)
        #expect(r.trainingOnPools == 0 && r.spotInference == 0 && r.spotTraining == 300 && r.unmetTraining == 0)
        #expect(abs(used[0] - 100 / 1.3) < 1e-12)
    }

    /// Invariants on a grid of cases.
    @Test func invariants() {
        let pools = [gpu, asic, Pool(mw: 250, training: true, inference: true, efficiency: 0.8)]
        for training in stride(from: 0.0, through: 2000, by: 250) {
            for inference in stride(from: 0.0, through: 3000, by: 375) {
                for spot in [0.0, 100, 1000] {
                    let (r, used) = allocate(pools, training: training, inference: inference, spot: spot)
                    for (u, p) in zip(used, pools) { #expect(u <= p.mw + 1e-9) }
                    #expect(abs(r.servedInference + r.unservedInference - inference) <= 1e-9 * max(1, inference))
                    #expect(abs(r.trainingOnPools + r.spotTraining + r.unmetTraining - training) <= 1e-9 * max(1, training))
                    #expect(r.spotMW <= spot + 1e-9)
                }
            }
        }
    }
}
