import Foundation
import OfftakeEngine
import ServiceLifecycle
import Synchronization

/// The run queue: at most `workers` runs at once, at most `capacity` waiting; each run simulates on a
/// thread of its own (the engine's worker threads under it) so that requests are always served.
///
/// The store is the truth: a run is queued in the store before it is queued here, and every change of
/// state is written there first. When the server stops gracefully, running runs are cancelled and
/// marked `interrupted`; queued runs stay queued and are taken up again at the next start.
actor RunQueue: Service {
    /// The queue is full; try again after `retryAfter` seconds.
    struct Full: Error { var retryAfter: Int }
    /// The submission cannot run; every problem.
    struct Rejected: Error { var issues: [SubmissionIssue] }

    nonisolated let store: any RunStore
    nonisolated let metrics: ServerMetrics
    nonisolated let workers: Int
    nonisolated let capacity: Int
    nonisolated let maximumPaths: Int
    /// Engine threads per run.
    nonisolated let threads: Int

    private var pending: [String] = []
    private var active: [String: RunControl] = [:]
    /// Workers lent to simulations outside a run (a FOCUS export), which count against `workers`.
    private var lent = 0
    private var stopped = false
    /// The lengths of `pending` and `active` as last published, readable without waiting for the
    /// actor (which `/healthz` and the check before a submission is parsed must never do).
    private nonisolated let published = Mutex((queued: 0, running: 0))

    init(store: any RunStore, metrics: ServerMetrics, workers: Int, capacity: Int, maximumPaths: Int, threads: Int) {
        self.store = store
        self.metrics = metrics
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        self.maximumPaths = maximumPaths
        self.threads = max(1, threads)
    }

    /// At start-up: runs left `running` by a process that stopped become `interrupted`; runs left
    /// `queued` are queued again, oldest first. Returns the interrupted ids.
    @discardableResult
    func resume() throws -> [String] {
        let interrupted = try store.interruptLeftovers(at: Date())
        pending = try store.queuedIDs()
        publish()
        pump()
        return interrupted
    }

    /// Runs waiting and running, as last published: never waits for the actor.
    nonisolated var counts: (queued: Int, running: Int) { published.withLock { $0 } }

    /// Throws ``Full`` when no place is free now, before a submission is parsed (the parse is wasted
    /// work when the queue cannot take the run anyway).
    nonisolated func checkRoom() throws(Full) {
        let (queued, running) = counts
        guard queued < capacity else { throw Full(retryAfter: Self.retryAfter(waiting: queued + running, workers: workers)) }
    }

    /// Queues a submission already checked (``RunJob/make(_:maximumPaths:threads:)``, run off the actor
    /// and off the threads that serve requests: parsing a large scenario must not hold either).
    func submit(_ job: RunJob, _ submission: Submission) throws -> StoredRun {
        if stopped { throw Full(retryAfter: 30) }
        guard pending.count < capacity else { throw Full(retryAfter: retryAfter) }
        let run = StoredRun(id: UUID().uuidString.lowercased(), name: job.name, scenario: job.prepared.scenario.name, kind: job.kind.rawValue,
                            status: .queued, progress: 0, paths: job.paths, seed: Int64(bitPattern: job.seed),
                            submission: try submission.stored(), createdAt: Date())
        try store.insert(run)
        pending.append(run.id)
        publish()
        pump()
        return run
    }

    /// A guess of when a place frees up: the queue's length times a minute, over the workers.
    private var retryAfter: Int { Self.retryAfter(waiting: pending.count + active.count, workers: workers) }

    private nonisolated static func retryAfter(waiting: Int, workers: Int) -> Int { max(5, min(600, 60 * waiting / workers)) }

    /// Cancels a queued or running run. Returns the run as it is afterwards (nil: no such run).
    func cancel(_ id: String) throws -> StoredRun? {
        if let i = pending.firstIndex(of: id) { pending.remove(at: i) }
        active[id]?.cancel()
        try store.end(id, as: .cancelled, reason: "cancelled", at: Date())
        publish()
        return try store.run(id)
    }

    /// Takes a worker's place for a simulation that is not a run (a FOCUS export of a finished run), so
    /// that at most `workers` simulations run at once whatever asks for them. Throws ``Full`` when
    /// every worker is busy or runs are waiting (they come first); ``giveBack()`` returns the place.
    func lend() throws(Full) {
        guard !stopped, pending.isEmpty, active.count + lent < workers else { throw Full(retryAfter: retryAfter) }
        lent += 1
    }

    /// Returns a place taken by ``lend()`` and starts a queued run in it, if any.
    func giveBack() {
        lent = max(0, lent - 1)
        pump()
    }

    /// Starts queued runs while workers are free.
    private func pump() {
        while !stopped, active.count + lent < workers, !pending.isEmpty {
            let id = pending.removeFirst()
            let control = makeControl(id)
            active[id] = control.control
            Task { await self.execute(id, control) }
        }
        publish()
    }

    private func publish() {
        published.withLock { $0 = (pending.count, active.count) }
        metrics.queueLength.set(Double(pending.count))
        metrics.running.set(Double(active.count))
    }

    /// A control whose progress is written to the store at most twice a second, and the job's
    /// progress in the units the job counts.
    fileprivate struct Control: Sendable {
        var control: RunControl
        var progress: Progress
    }

    fileprivate final class Progress: Sendable {
        struct State { var total = 1; var lastDone = 0; var fraction = 0.0; var written = Date.distantPast; var byCandidates = false }
        let state = Mutex(State())
        let id: String
        let store: any RunStore
        let metrics: ServerMetrics
        init(id: String, store: any RunStore, metrics: ServerMetrics) { (self.id, self.store, self.metrics) = (id, store, metrics) }

        /// Paths done by the engine (a count that restarts at each candidate of an optimisation).
        func paths(_ done: Int) {
            let (delta, write) = state.withLock { s -> (Int, Double?) in
                let delta = done >= s.lastDone ? done - s.lastDone : done
                s.lastDone = done
                guard !s.byCandidates else { return (delta, nil) }
                return (delta, s.update(min(1, Double(done) / Double(s.total))))
            }
            metrics.pathsCompleted.increment(by: Int64(delta))
            if let write { try? store.setProgress(id, write) }
        }

        func candidates(_ n: Int) {
            if let write = state.withLock({ s in s.update(min(0.95, Double(n) / Double(s.total))) }) { try? store.setProgress(id, write) }
        }
    }

    private func makeControl(_ id: String) -> Control {
        let progress = Progress(id: id, store: store, metrics: metrics)
        return Control(control: RunControl { done in progress.paths(done) }, progress: progress)
    }

    private func execute(_ id: String, _ control: Control) async {
        defer { finished(id) }
        let started = Date()
        do {
            guard let run = try store.run(id), run.status == .queued else { return }
            let submission = try run.decodedSubmission()
            let threads = threads
            let made = try await onDedicatedThread { RunJob.make(submission, maximumPaths: Int.max, threads: threads) }
            let job: RunJob
            switch made {
            case .success(let j): job = j
            case .failure(let issues):
                try store.end(id, as: .failed, reason: issues.all.map { "\($0.path): \($0.message)" }.joined(separator: "; "), at: Date())
                return
            }
            control.progress.state.withLock {
                $0.total = job.progressTotal
                if case .optimize = job.job.work { $0.byCandidates = true }
            }
            guard try store.start(id, at: started) else { return }
            metrics.queueWait.record(.milliseconds(Int64(max(0, started.timeIntervalSince(run.createdAt)) * 1000)))
            let progress = control.progress
            let output = try await onDedicatedThread {
                try job.execute(control: control.control, candidates: { progress.candidates($0) })
            }
            let seconds = Date().timeIntervalSince(started)
            if try store.finish(id, schema: output.schema, document: output.document, at: Date(), seconds: seconds) {
                metrics.finished(kind: job.kind.rawValue, seconds: seconds, paths: job.paths)
            }
        } catch is RunCancelled {
            // Already marked cancelled (DELETE) or interrupted (shutdown): the conditional update keeps that.
            _ = try? store.end(id, as: .cancelled, reason: "cancelled", at: Date())
        } catch {
            _ = try? store.end(id, as: .failed, reason: "\(error)", at: Date())
        }
    }

    private func finished(_ id: String) {
        active[id] = nil
        pump()
    }

    /// Waits for the graceful shutdown, then interrupts the running runs (marked `interrupted`) and
    /// leaves the queued ones queued for the next start.
    func run() async throws {
        try? await gracefulShutdown()
        stop()
    }

    func stop() {
        stopped = true
        for (id, control) in active {
            control.cancel()
            _ = try? store.end(id, as: .interrupted, reason: StoredRun.interruptedReason, at: Date())
        }
        publish()
    }
}

extension RunQueue.Progress.State {
    /// Records `fraction`; returns it when it is time to write it (half a second since the last write).
    mutating func update(_ fraction: Double) -> Double? {
        self.fraction = max(self.fraction, fraction)
        let now = Date()
        guard now.timeIntervalSince(written) >= 0.5 else { return nil }
        written = now
        return self.fraction
    }
}
