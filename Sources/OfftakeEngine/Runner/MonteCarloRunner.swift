import Dispatch
import Synchronization

/// Runs paths `0 ..< paths` of a seed on `threads` threads.
///
/// Paths are handed out in fixed chunks from a shared counter; each thread owns a `PathSimulator` and a
/// `RunAccumulator`; the per-thread accumulators are merged at the end. Because a path is a pure function
/// of (model, seed, path index) and the accumulators merge exactly in any order, the result is
/// bit-identical for any thread count.
public enum MonteCarloRunner {
    /// Paths per work item: small enough to balance two to a hundred threads, large enough that the
    /// shared counter is touched rarely.
    public static let chunkSize = 256

    /// Simulates and aggregates. `progress` (if any) is called from worker threads with the number of
    /// paths completed so far, after each chunk.
    public static func run(
        model: SimulationModel, seed: UInt64, paths: Int, threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> RunAccumulator {
        let paths = max(0, paths)
        let chunks = (paths + chunkSize - 1) / chunkSize
        let workers = max(1, min(threads, max(1, chunks)))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let results = Mutex<[RunAccumulator?]>([RunAccumulator?](repeating: nil, count: workers))
        let template = RunAccumulator(model: model)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var simulator = PathSimulator(model: model)
            var accumulator = template
            while true {
                let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { break }
                let lo = chunk * chunkSize, hi = min(paths, lo + chunkSize)
                for path in lo..<hi {
                    simulator.simulate(seed: seed, path: UInt64(path))
                    accumulator.add(simulator)
                }
                let completed = done.wrappingAdd(hi - lo, ordering: .relaxed).newValue
                progress?(completed)
            }
            accumulator.flush()
            let finished = accumulator
            results.withLock { $0[worker] = finished }
        }
        var total = template
        for partial in results.withLock({ $0 }) {
            if let partial { total.merge(partial) }
        }
        return total
    }

    /// The deterministic base case: one path, parameters at their medians, no shocks.
    public static func deterministic(model: SimulationModel) -> (simulator: PathSimulator, accumulator: RunAccumulator) {
        var simulator = PathSimulator(model: model)
        simulator.simulate(seed: 0, path: 0, deterministic: true)
        var accumulator = RunAccumulator(model: model)
        accumulator.add(simulator)
        accumulator.flush()
        return (simulator, accumulator)
    }
}
