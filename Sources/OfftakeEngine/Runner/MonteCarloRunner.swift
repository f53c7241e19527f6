import Dispatch
import Synchronization

/// Progress and cancellation of a run, shared between the caller and the workers.
///
/// `progress` is called from worker threads with the number of paths completed so far (after each
/// chunk); `cancel()` makes the workers stop after their current chunk and the run throw
/// ``RunCancelled``. One control may serve several runs in sequence (an analysis), each reporting its
/// own count.
public final class RunControl: Sendable {
    let cancelled = Atomic<Bool>(false)
    public let progress: (@Sendable (Int) -> Void)?

    public init(progress: (@Sendable (Int) -> Void)? = nil) {
        self.progress = progress
    }

    /// Asks every run using this control to stop as soon as possible.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// A run was cancelled through its ``RunControl``.
public struct RunCancelled: Error, Sendable, Equatable {
    public init() {}
}

/// Runs paths of a seed on several threads.
///
/// Paths are handed out in fixed chunks from a shared counter; each worker owns its state (a
/// `PathSimulator` and the accumulators it feeds); the per-worker states are merged at the end. Because
/// a path is a pure function of (model, seed, path index) and the accumulators merge exactly in any
/// order, the result is bit-identical for any thread count.
public enum MonteCarloRunner {
    /// Paths per work item: small enough to balance two to a hundred threads, large enough that the
    /// shared counter is touched rarely.
    public static let chunkSize = 256

    /// Workers used for `paths` paths on at most `threads` threads (never more than there are chunks).
    public static func workers(paths: Int, threads: Int) -> Int {
        let chunks = (max(0, paths) + chunkSize - 1) / chunkSize
        return max(1, min(threads, max(1, chunks)))
    }

    /// Calls `body(&state, path)` for every path of `paths`, each worker on its own state from
    /// `makeState`, and returns the workers' states (to be merged by the caller; order-independent
    /// merges make the result thread-independent). Throws ``RunCancelled`` when `control` is cancelled.
    public static func forEachPath<State>(
        _ paths: Range<Int>, threads: Int, control: RunControl? = nil,
        makeState: @Sendable () -> State, body: @Sendable (inout State, Int) -> Void
    ) throws(RunCancelled) -> [State] {
        let count = paths.count
        let chunks = (count + chunkSize - 1) / chunkSize
        let workers = workers(paths: count, threads: threads)
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let results = Mutex<[Int: Box<State>]>([:])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var state = makeState()
            while control?.isCancelled != true {
                let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { break }
                let lo = paths.lowerBound + chunk * chunkSize, hi = min(paths.upperBound, lo + chunkSize)
                for path in lo..<hi { body(&state, path) }
                let completed = done.wrappingAdd(hi - lo, ordering: .relaxed).newValue
                control?.progress?(completed)
            }
            let finished = Box(state)
            results.withLock { $0[worker] = finished }
        }
        if control?.isCancelled == true { throw RunCancelled() }
        let boxes = results.withLock { $0 }
        return (0..<workers).compactMap { boxes[$0]?.value }
    }

    /// Simulates and aggregates paths `0 ..< paths`. `progress` (if any) is called from worker threads
    /// with the number of paths completed so far, after each chunk.
    public static func run(
        model: SimulationModel, seed: UInt64, paths: Int, threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> RunAccumulator {
        // Without a cancellable control the run cannot be cancelled.
        (try? run(model: model, seed: seed, paths: 0..<max(0, paths), threads: threads, control: RunControl(progress: progress))) ?? RunAccumulator(model: model)
    }

    /// Simulates and aggregates the paths of `paths` (a shard of a run is a range of its paths).
    public static func run(
        model: SimulationModel, seed: UInt64, paths: Range<Int>, threads: Int = 1, control: RunControl? = nil
    ) throws(RunCancelled) -> RunAccumulator {
        let template = RunAccumulator(model: model)
        let states = try forEachPath(paths, threads: threads, control: control, makeState: { (PathSimulator(model: model), template) }) { state, path in
            state.0.simulate(seed: seed, path: UInt64(path))
            state.1.add(state.0)
        }
        var total = template
        for (_, partial) in states { total.merge(partial) }
        total.flush()
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

/// Moves a worker's state out of `concurrentPerform` (the states are not required to be `Sendable`;
/// each is handed over once, after its worker has finished).
final class Box<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
