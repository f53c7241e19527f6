/// The monthly allocation of a buyer's workloads to the capacity it has (docs/model.md, "One month",
/// step 4): training goes to training-capable capacity; inference goes to inference-capable capacity,
/// most efficient first; what remains goes to the spot market up to what can be bought; what is still
/// left is unserved (lost revenue for inference). Idle committed MW stay idle (and are still paid
/// under take-or-pay, which the payment step handles).
///
/// Choices where docs/model.md is silent (recorded in docs/model.md):
/// - training takes the training-capable pools with the *lowest* inference efficiency first, so the
///   most efficient inference capacity stays free for inference;
/// - demand is in MW of efficiency-1.0 capacity: a pool of `mw` MW with efficiency e serves up to
///   `e · mw` of inference demand, and serving demand d uses `d / e` MW of it;
/// - spot capacity (efficiency 1.0) serves remaining inference first, then remaining training.
public enum CapacityAllocation {
    /// A pool of delivered capacity of one accelerator class.
    public struct Pool: Sendable, Equatable {
        public var mw: Double
        public var training: Bool
        public var inference: Bool
        /// Served inference per MW relative to 1.0.
        public var efficiency: Double
        public init(mw: Double, training: Bool, inference: Bool, efficiency: Double) {
            self.mw = mw
            self.training = training
            self.inference = inference
            self.efficiency = efficiency
        }
    }

    /// The allocation of one month.
    public struct Result: Sendable, Equatable {
        /// Training demand (MW) placed on pools.
        public var trainingOnPools = 0.0
        /// Inference demand (efficiency-1.0 MW) served by pools.
        public var inferenceOnPools = 0.0
        /// MW bought on the spot market (for inference, then training).
        public var spotMW = 0.0
        public var spotInference = 0.0
        public var spotTraining = 0.0
        /// Inference demand not served (lost revenue).
        public var unservedInference = 0.0
        /// Training demand not placed.
        public var unmetTraining = 0.0
        public init() {}
        /// Served inference in total, `served_t` of docs/model.md.
        public var servedInference: Double { inferenceOnPools + spotInference }
    }

    /// Allocates one month. `used[i]` receives the MW of pool i in use (training plus inference);
    /// `order` is scratch space of the pools' count. Nothing is allocated.
    /// - Parameters:
    ///   - spotLimitMW: MW that can be bought this month (`spot.max_mw × spot_availability`, 0 when
    ///     the runway rule forbids spot purchases).
    public static func allocate(pools: [Pool], trainingMW: Double, inferenceDemand: Double, spotLimitMW: Double,
                                used: inout [Double], order: inout [Int]) -> Result {
        var training = [Double](repeating: 0, count: pools.count)
        return allocate(pools: pools, count: pools.count, trainingMW: trainingMW, inferenceDemand: inferenceDemand,
                        spotLimitMW: spotLimitMW, used: &used, training: &training, order: &order)
    }

    /// The allocation over the first `count` pools; `training[i]` receives the training MW placed on
    /// pool i (the rest of `used[i]` is inference). Allocation-free: the buffers hold ≥ `count` elements.
    public static func allocate(pools: [Pool], count n: Int, trainingMW: Double, inferenceDemand: Double, spotLimitMW: Double,
                                used: inout [Double], training trainingUsed: inout [Double], order: inout [Int]) -> Result {
        var result = Result()
        for i in 0..<n { used[i] = 0; trainingUsed[i] = 0; order[i] = i }
        // Training: training-capable pools, least inference-efficient first (insertion sort: n is small).
        sort(&order, n) { a, b in pools[a].efficiency < pools[b].efficiency }
        var training = max(0, trainingMW)
        for k in 0..<n where training > 0 {
            let i = order[k]
            guard pools[i].training else { continue }
            let take = min(training, max(0, pools[i].mw))
            used[i] += take
            trainingUsed[i] += take
            training -= take
            result.trainingOnPools += take
        }
        // Inference: inference-capable pools, most efficient first.
        sort(&order, n) { a, b in pools[a].efficiency > pools[b].efficiency }
        var inference = max(0, inferenceDemand)
        for k in 0..<n where inference > 0 {
            let i = order[k]
            let pool = pools[i]
            guard pool.inference, pool.efficiency > 0 else { continue }
            let free = max(0, pool.mw - used[i])
            let served = min(inference, free * pool.efficiency)
            used[i] += served / pool.efficiency
            inference -= served
            result.inferenceOnPools += served
        }
        // Spot: remaining inference first, then training.
        var spot = max(0, spotLimitMW)
        result.spotInference = min(inference, spot)
        spot -= result.spotInference
        inference -= result.spotInference
        result.spotTraining = min(training, spot)
        training -= result.spotTraining
        result.spotMW = result.spotInference + result.spotTraining
        result.unservedInference = inference
        result.unmetTraining = training
        return result
    }

    /// Stable insertion sort of the first `n` entries of `order` (no allocation).
    static func sort(_ order: inout [Int], _ n: Int, by before: (Int, Int) -> Bool) {
        guard n > 1 else { return }
        for i in 1..<n {
            let item = order[i]
            var j = i - 1
            while j >= 0 && before(item, order[j]) {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = item
        }
    }
}
