import Foundation
import Synchronization

/// The run store in memory: the same states and rules as ``SQLiteRunStore`` (a run ends only from
/// `queued` or `running`, a result is kept only by the change that finishes the run), without a file.
/// For tests of the handlers and the queue, and for a server that need not survive a restart.
final class MemoryRunStore: RunStore {
    private struct State {
        var runs: [String: StoredRun] = [:]
        /// Insertion order (SQLite's rowid): the tie-break of equal creation dates.
        var order: [String] = []
        var results: [String: Data] = [:]
        var exports: [String: Data] = [:]
    }

    private let state = Mutex(State())

    /// A run with this id exists already (SQLite's primary key constraint).
    struct DuplicateID: Error { var id: String }

    init() {}

    func insert(_ run: StoredRun) throws {
        try state.withLock { s in
            guard s.runs[run.id] == nil else { throw DuplicateID(id: run.id) }
            s.runs[run.id] = run
            s.order.append(run.id)
        }
    }

    func run(_ id: String) throws -> StoredRun? { state.withLock { $0.runs[id] } }

    func result(_ id: String) throws -> Data? { state.withLock { $0.results[id] } }

    func export(_ id: String, format: String) throws -> Data? { state.withLock { $0.exports[id + "\u{0}" + format] } }

    func saveExport(_ id: String, format: String, document: Data) throws {
        state.withLock { s in
            if s.runs[id] != nil { s.exports[id + "\u{0}" + format] = document }
        }
    }

    @discardableResult
    func delete(_ id: String) throws -> Bool {
        state.withLock { s in
            guard s.runs.removeValue(forKey: id) != nil else { return false }
            s.order.removeAll { $0 == id }
            s.results[id] = nil
            s.exports = s.exports.filter { !$0.key.hasPrefix(id + "\u{0}") }
            return true
        }
    }

    func page(offset: Int, limit: Int) throws -> (runs: [StoredRun], total: Int) {
        state.withLock { s in
            let newestFirst = s.order.enumerated().sorted { a, b in
                let (x, y) = (s.runs[a.element]!.createdAt, s.runs[b.element]!.createdAt)
                return x != y ? x > y : a.offset > b.offset
            }.map { s.runs[$0.element]! }
            return (Array(newestFirst.dropFirst(offset).prefix(limit)), s.runs.count)
        }
    }

    func queuedIDs() throws -> [String] {
        state.withLock { s in
            s.order.enumerated().filter { s.runs[$0.element]!.status == .queued }.sorted { a, b in
                let (x, y) = (s.runs[a.element]!.createdAt, s.runs[b.element]!.createdAt)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        }
    }

    func countsByStatus() throws -> [RunStatus: Int] {
        state.withLock { s in
            var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
            for run in s.runs.values { counts[run.status, default: 0] += 1 }
            return counts
        }
    }

    func start(_ id: String, at date: Date) throws -> Bool {
        state.withLock { s in
            guard var run = s.runs[id], run.status == .queued else { return false }
            (run.status, run.startedAt, run.progress) = (.running, date, 0)
            s.runs[id] = run
            return true
        }
    }

    func setProgress(_ id: String, _ progress: Double) throws {
        state.withLock { s in
            if s.runs[id]?.status == .running { s.runs[id]!.progress = progress }
        }
    }

    func finish(_ id: String, schema: String, document: Data, at date: Date, seconds: Double) throws -> Bool {
        state.withLock { s in
            guard var run = s.runs[id], run.status == .running else { return false }
            (run.status, run.progress, run.finishedAt, run.seconds, run.resultSchema, run.error) = (.done, 1, date, seconds, schema, nil)
            s.runs[id] = run
            s.results[id] = document
            return true
        }
    }

    @discardableResult
    func end(_ id: String, as status: RunStatus, reason: String?, at date: Date) throws -> Bool {
        state.withLock { s in
            guard var run = s.runs[id], !run.status.isFinished else { return false }
            (run.status, run.finishedAt, run.error) = (status, date, reason)
            run.seconds = run.startedAt.map { date.timeIntervalSince($0) }
            s.runs[id] = run
            return true
        }
    }

    func interruptLeftovers(at date: Date) throws -> [String] {
        state.withLock { s in
            let ids = s.order.filter { s.runs[$0]!.status == .running }
            for id in ids {
                s.runs[id]!.status = .interrupted
                s.runs[id]!.finishedAt = date
                s.runs[id]!.error = StoredRun.interruptedReason
            }
            return ids
        }
    }
}
