import Foundation
import GRDB

/// Where a run is in its life.
///
/// `queued → running → done | failed | cancelled`; `queued → cancelled`; `running → interrupted` when
/// the server stopped (or died) while it ran. Only `queued` and `running` runs can change again.
enum RunStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, done, failed, cancelled, interrupted

    var isFinished: Bool { self != .queued && self != .running }
}

/// One run as stored: what was asked (the submission, verbatim), where it is, and — once done — its
/// result document in the `run_result` table.
struct StoredRun: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run"

    var id: String
    var name: String
    /// The scenario's own name.
    var scenario: String
    var kind: String
    var status: RunStatus
    /// Fraction of the work done, 0 … 1.
    var progress: Double
    var paths: Int
    var seed: Int64
    /// The submission as received (JSON), enough to run it again after a restart.
    var submission: Data
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var seconds: Double?
    var error: String?
    /// The result document's schema (`offtake.result/1`, `offtake.stress/1`, …) once done.
    var resultSchema: String?
}

extension StoredRun {
    /// The submission as received, decoded (to run it, report on it or submit it again).
    func decodedSubmission() throws -> Submission { try Submission.stored(submission) }

    /// Why a run that was running when the server stopped is `interrupted`.
    static let interruptedReason = "the server stopped while this run was running; submit it again"
}

/// A run's result document, kept apart from the run row so that listing runs reads no results.
struct StoredResult: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run_result"
    var runID: String
    var document: Data
}

/// Where runs are kept: their rows, result documents and exports, and the changes of state.
///
/// The changes that end a run only apply to a run that is still `running` (or `queued`), so a
/// cancellation and a finishing worker cannot overwrite each other: whichever comes first wins. Two
/// stores: ``SQLiteRunStore`` (the server's) and ``MemoryRunStore`` (its twin in memory).
protocol RunStore: Sendable {
    func insert(_ run: StoredRun) throws
    func run(_ id: String) throws -> StoredRun?
    func result(_ id: String) throws -> Data?
    /// An export of a run kept once computed (`focus`), or nil.
    func export(_ id: String, format: String) throws -> Data?
    func saveExport(_ id: String, format: String, document: Data) throws
    /// Runs newest first (creation date, then insertion order).
    func page(offset: Int, limit: Int) throws -> (runs: [StoredRun], total: Int)
    /// Ids of the queued runs, oldest first (the order they are taken up again after a restart).
    func queuedIDs() throws -> [String]
    /// Runs per status (every status present, zero when none).
    func countsByStatus() throws -> [RunStatus: Int]
    /// `queued → running`. False when the run is no longer queued (cancelled meanwhile).
    func start(_ id: String, at date: Date) throws -> Bool
    /// The fraction done of a `running` run.
    func setProgress(_ id: String, _ progress: Double) throws
    /// `running → done` with the result document, at once. False when the run was cancelled or
    /// interrupted meanwhile (the result is then dropped).
    func finish(_ id: String, schema: String, document: Data, at date: Date, seconds: Double) throws -> Bool
    /// Ends a queued or running run as `failed`, `cancelled` or `interrupted` with its reason. False when
    /// it had already ended.
    @discardableResult
    func end(_ id: String, as status: RunStatus, reason: String?, at date: Date) throws -> Bool
    /// At start-up: every run still marked `running` was running when the process stopped. They become
    /// `interrupted` (they can be submitted again); returns their ids.
    func interruptLeftovers(at date: Date) throws -> [String]
    /// Removes a run with its result and exports, whatever its status (cancel a live run first, or its
    /// worker's later changes find no run and are dropped). False when there was no such run.
    @discardableResult
    func delete(_ id: String) throws -> Bool
}

/// The run store: SQLite through GRDB, write-ahead logging (a `DatabasePool`), versioned migrations.
///
/// Every state change is one statement or one transaction, and the changes that end a run only apply
/// to a run that is still `running` (or `queued`), so a cancellation and a finishing worker cannot
/// overwrite each other: whichever commits first wins.
final class SQLiteRunStore: RunStore {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path` and migrates it.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        writer = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(writer)
    }

    /// The schema, one migration per version; a store written by an older version is upgraded in place.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-runs") { db in
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("scenario", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull().indexed()
                t.column("progress", .double).notNull().defaults(to: 0)
                t.column("paths", .integer).notNull()
                t.column("seed", .integer).notNull()
                t.column("submission", .blob).notNull()
                t.column("createdAt", .datetime).notNull().indexed()
                t.column("startedAt", .datetime)
                t.column("finishedAt", .datetime)
                t.column("seconds", .double)
                t.column("error", .text)
                t.column("resultSchema", .text)
            }
            try db.create(table: "run_result") { t in
                t.primaryKey("runID", .text).references("run", onDelete: .cascade)
                t.column("document", .blob).notNull()
            }
        }
        migrator.registerMigration("2-exports") { db in
            try db.create(table: "run_export") { t in
                t.column("runID", .text).notNull().references("run", onDelete: .cascade)
                t.column("format", .text).notNull()
                t.column("document", .blob).notNull()
                t.primaryKey(["runID", "format"])
            }
        }
        return migrator
    }

    /// The journal mode SQLite reports (`wal` for a file store).
    func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    func insert(_ run: StoredRun) throws {
        try writer.write { db in try run.insert(db) }
    }

    func run(_ id: String) throws -> StoredRun? {
        try writer.read { db in try StoredRun.fetchOne(db, key: id) }
    }

    func result(_ id: String) throws -> Data? {
        try writer.read { db in try StoredResult.fetchOne(db, key: id)?.document }
    }

    /// An export of a run kept once computed (`focus`), or nil.
    func export(_ id: String, format: String) throws -> Data? {
        try writer.read { db in
            try Data.fetchOne(db, sql: "SELECT document FROM run_export WHERE runID = ? AND format = ?", arguments: [id, format])
        }
    }

    /// Keeps an export of a run; nothing when the run is gone (deleted while the export was computed).
    func saveExport(_ id: String, format: String, document: Data) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO run_export (runID, format, document) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM run WHERE id = ?)
                """, arguments: [id, format, document, id])
        }
    }

    /// Removes the run; its result and exports go with it (`ON DELETE CASCADE`).
    @discardableResult
    func delete(_ id: String) throws -> Bool {
        try writer.write { db in try StoredRun.deleteOne(db, key: id) }
    }

    /// Runs newest first.
    func page(offset: Int, limit: Int) throws -> (runs: [StoredRun], total: Int) {
        try writer.read { db in
            let runs = try StoredRun.order(Column("createdAt").desc, Column("rowid").desc).limit(limit, offset: offset).fetchAll(db)
            return (runs, try StoredRun.fetchCount(db))
        }
    }

    /// Ids of the queued runs, oldest first (the order they are taken up again after a restart).
    func queuedIDs() throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM run WHERE status = 'queued' ORDER BY createdAt, rowid")
        }
    }

    /// Runs per status (every status present, zero when none).
    func countsByStatus() throws -> [RunStatus: Int] {
        try writer.read { db in
            var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM run GROUP BY status") {
                if let status = RunStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    /// `queued → running`. False when the run is no longer queued (cancelled meanwhile).
    func start(_ id: String, at date: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE run SET status = 'running', startedAt = ?, progress = 0 WHERE id = ? AND status = 'queued'", arguments: [date, id])
            return db.changesCount == 1
        }
    }

    func setProgress(_ id: String, _ progress: Double) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE run SET progress = ? WHERE id = ? AND status = 'running'", arguments: [progress, id])
        }
    }

    /// `running → done` with the result document, in one transaction. False when the run was
    /// cancelled or interrupted meanwhile (the result is then dropped).
    func finish(_ id: String, schema: String, document: Data, at date: Date, seconds: Double) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE run SET status = 'done', progress = 1, finishedAt = ?, seconds = ?, resultSchema = ?, error = NULL
                WHERE id = ? AND status = 'running'
                """, arguments: [date, seconds, schema, id])
            guard db.changesCount == 1 else { return false }
            try StoredResult(runID: id, document: document).insert(db)
            return true
        }
    }

    /// Ends a queued or running run as `failed`, `cancelled` or `interrupted` with its reason. False when
    /// it had already ended.
    @discardableResult
    func end(_ id: String, as status: RunStatus, reason: String?, at date: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE run SET status = ?, finishedAt = ?, error = ?,
                    seconds = CASE WHEN startedAt IS NULL THEN NULL ELSE (julianday(?) - julianday(startedAt)) * 86400.0 END
                WHERE id = ? AND status IN ('queued', 'running')
                """, arguments: [status.rawValue, date, reason, date, id])
            return db.changesCount == 1
        }
    }

    /// At start-up: every run still marked `running` was running when the process stopped. They become
    /// `interrupted` (they can be submitted again); returns their ids.
    func interruptLeftovers(at date: Date) throws -> [String] {
        try writer.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM run WHERE status = 'running'")
            try db.execute(sql: """
                UPDATE run SET status = 'interrupted', finishedAt = ?, error = ?
                WHERE status = 'running'
                """, arguments: [date, StoredRun.interruptedReason])
            return ids
        }
    }
}
