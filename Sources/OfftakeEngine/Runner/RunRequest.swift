import OfftakeModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One Monte Carlo run, as the command line, the analyses and the server ask for it: the single entry
/// point from a scenario to a result.
///
/// ```swift
/// let request = try RunRequest(scenario: scenario, stress: "funding-freeze", seed: 42, paths: 0..<100_000)
/// let outcome = try request.run(control: RunControl { done in print(done) })
/// outcome.result   // offtake.result/1
/// ```
public struct RunRequest: Sendable {
    /// The scenario as given (before the stress).
    public let scenario: Scenario
    /// A stress of the scenario (its `set:` applied, its regime forced), or nil for the base.
    public let stress: String?
    public let seed: UInt64
    /// The paths to simulate: `0 ..< n` for a whole run, a sub-range for one shard.
    public let paths: Range<Int>
    /// Worker threads (at most; fewer when there are fewer chunks of paths).
    public let threads: Int
    /// The deterministic base case (one path, medians, no shocks) instead of Monte Carlo paths.
    public let deterministic: Bool
    /// The compiled model (stress applied).
    public let model: SimulationModel

    /// Why a request cannot run.
    public enum SetupError: Error, Sendable, CustomStringConvertible {
        /// The stress is unknown or leaves an invalid scenario.
        case stress(Scenario.OverrideIssues)
        /// The scenario cannot be compiled (correlation matrix, unresolved reference).
        case model(SimulationSetupError)

        public var description: String {
            switch self {
            case .stress(let issues): return issues.all.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
            case .model(let error): return error.description
            }
        }
    }

    /// Compiles the request. `threads` defaults to every active core.
    public init(scenario: Scenario, stress: String? = nil, seed: UInt64? = nil, paths: Range<Int>? = nil,
                threads: Int? = nil, deterministic: Bool = false) throws(SetupError) {
        self.scenario = scenario
        self.stress = stress
        self.seed = seed ?? scenario.run.seed
        self.paths = paths ?? 0..<scenario.run.paths
        self.threads = max(1, threads ?? RunRequest.activeCores)
        self.deterministic = deterministic
        var simulated = scenario
        var forced: ForcedRegime?
        if let stress {
            switch scenario.stressed(stress) {
            case .success(let variant): (simulated, forced) = (variant.scenario, variant.forcedRegime)
            case .failure(let issues): throw .stress(issues)
            }
        }
        do {
            model = try SimulationModel(scenario: simulated, forcedRegime: forced)
        } catch {
            throw .model(error)
        }
    }

    /// Workers the run will use.
    public var workers: Int { deterministic ? 1 : MonteCarloRunner.workers(paths: paths.count, threads: threads) }

    /// Simulates and summarises. Throws ``RunCancelled`` if `control` is cancelled before the end.
    public func run(control: RunControl? = nil) throws(RunCancelled) -> RunOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        if deterministic {
            let (simulator, accumulator) = MonteCarloRunner.deterministic(model: model)
            let result = RunResult(model: model, accumulator: accumulator, seed: seed, stress: stress, deterministic: true)
            return RunOutcome(result: result, accumulator: accumulator, baseCase: simulator, workers: 1, seconds: seconds(since: started, clock))
        }
        let accumulator = try MonteCarloRunner.run(model: model, seed: seed, paths: paths, threads: threads, control: control)
        let result = RunResult(model: model, accumulator: accumulator, seed: seed, stress: stress)
        return RunOutcome(result: result, accumulator: accumulator, baseCase: nil, workers: workers, seconds: seconds(since: started, clock))
    }

    func seconds(since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Active cores of this machine.
    public static var activeCores: Int {
        #if canImport(Glibc) || canImport(Darwin)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }
}

/// What a run produced.
public struct RunOutcome: Sendable {
    /// The summary document (`offtake.result/1`).
    public var result: RunResult
    /// The exact accumulators behind it (mergeable with other shards of the same run).
    public var accumulator: RunAccumulator
    /// The base-case path, for a deterministic run (its monthly ledger feeds the yearly tables).
    public var baseCase: PathSimulator?
    /// Workers used.
    public var workers: Int
    /// Wall-clock seconds of the simulation.
    public var seconds: Double
}
