import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import OfftakeServer
import Testing

@Suite("offtake serve: the run stores and the stored submission")
struct StoreTests {
    @Test("both stores keep the same rules: one start, one ending, a result only with the change that finishes the run",
          arguments: [ServerFixture.StoreKind.file, .memory])
    func rules(_ kind: ServerFixture.StoreKind) async throws {
        let fixture = try await ServerFixture.make(store: kind)
        let store = fixture.server.store
        #expect(try fixture.server.journalMode() == (kind == .file ? "wal" : "memory"))
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func run(_ id: String, _ created: Date) -> StoredRun {
            StoredRun(id: id, name: id, scenario: "s", kind: "run", status: .queued, progress: 0, paths: 10, seed: 1,
                      submission: Data("{}".utf8), createdAt: created)
        }
        try store.insert(run("r1", t0))
        try store.insert(run("r2", t0))
        try store.insert(run("r3", t0.addingTimeInterval(-60)))
        #expect(throws: (any Error).self) { try store.insert(run("r1", t0)) }
        #expect(try store.queuedIDs() == ["r3", "r1", "r2"])
        #expect(try store.page(offset: 0, limit: 2).runs.map(\.id) == ["r2", "r1"])
        #expect(try store.page(offset: 2, limit: 5).runs.map(\.id) == ["r3"] && store.page(offset: 2, limit: 5).total == 3)

        #expect(try store.start("r1", at: t0))
        #expect(try !store.start("r1", at: t0))
        try store.setProgress("r1", 0.5)
        try store.setProgress("r2", 0.5)
        #expect(try store.run("r1")?.progress == 0.5 && store.run("r2")?.progress == 0)
        #expect(try store.finish("r1", schema: "offtake.result/1", document: Data("{\"a\":1}".utf8), at: t0.addingTimeInterval(2), seconds: 1))
        // Ended runs do not change again: a late cancellation or a second result is refused.
        #expect(try !store.finish("r1", schema: "x", document: Data(), at: t0, seconds: 2))
        #expect(try !store.end("r1", as: .cancelled, reason: "late", at: t0))
        let done = try #require(try store.run("r1"))
        #expect(done.status == .done && done.resultSchema == "offtake.result/1" && done.seconds == 1 && done.progress == 1)
        #expect(try store.result("r1") == Data("{\"a\":1}".utf8))
        // A queued run cannot finish; cancelled while queued it has no seconds.
        #expect(try !store.finish("r2", schema: "x", document: Data(), at: t0, seconds: 1))
        #expect(try store.end("r2", as: .cancelled, reason: "cancelled", at: t0))
        #expect(try store.run("r2")?.seconds == nil && store.result("r2") == nil)
        // A running run left by a stopped process is interrupted with the reason, its seconds from its start.
        #expect(try store.start("r3", at: t0))
        #expect(try store.interruptLeftovers(at: t0.addingTimeInterval(10)) == ["r3"])
        let interrupted = try #require(try store.run("r3"))
        #expect(interrupted.status == .interrupted && interrupted.error == StoredRun.interruptedReason)
        #expect(try store.countsByStatus() == [.queued: 0, .running: 0, .done: 1, .failed: 0, .cancelled: 1, .interrupted: 1])
        try store.saveExport("r1", format: "focus", document: Data("csv".utf8))
        #expect(try store.export("r1", format: "focus") == Data("csv".utf8) && store.export("r1", format: "other") == nil)
        await fixture.close()
    }

    /// A row as the first servers wrote it: the submission is the API's JSON, every option present.
    static let storedToday = #"""
        {"builtin":"openai-oracle-2027","name":"written before","options":{"kind":"compare","paths":20,"seed":7,\#
        "set":["contracts.oracle-2027.take_or_pay=80%"],"compare_to":{"builtin":"openai-oracle-2027"},\#
        "compare_set":["contracts.oracle-2027.take_or_pay=90%"],"stress":null}}
        """#

    @Test("a run stored in the first servers' format still reads, is shown as submitted and runs after a restart")
    func storedFormat() async throws {
        let submission = try Submission.stored(Data(Self.storedToday.utf8))
        #expect(submission == Submission(scenario: .init(builtin: "openai-oracle-2027"), name: "written before", options: .init(
            kind: .compare, paths: 20, seed: 7, set: ["contracts.oracle-2027.take_or_pay=80%"], compareTo: .init(builtin: "openai-oracle-2027"),
            compareSet: ["contracts.oracle-2027.take_or_pay=90%"])))
        // What the API's own type writes reads back the same, and the stored form round-trips.
        let generated = try JSONEncoder().encode(Components.Schemas.RunSubmission(submission))
        #expect(try Submission.stored(generated) == submission)
        #expect(try Submission.stored(submission.stored()) == submission)
        #expect(try Submission.stored(Data(#"{"scenario":"x: 1","later_field":{"a":1},"options":{"kind":"run","later_option":2}}"#.utf8))
                == Submission(scenario: .init(text: "x: 1"), options: .init(kind: .run)))

        let first = try await ServerFixture.make(store: .file)
        try first.server.store.insert(StoredRun(id: "stored-before", name: "written before", scenario: "openai-oracle-2027", kind: "compare",
                                                status: .queued, progress: 0, paths: 20, seed: 7, submission: Data(Self.storedToday.utf8),
                                                createdAt: Date()))
        let second = try await OfftakeServer(configuration: first.server.configuration)
        try await Application(router: try second.router()).test(.router) { client in
            let detail = try await client.waitForEnd("stored-before")
            #expect(detail["status"] as? String == "done", "\(detail["status"] ?? "no status") \(detail["error"] ?? "")")
            #expect(detail["schema"] as? String == "offtake.compare/1")
            let shown = try #require(detail["submission"] as? [String: Any])
            #expect(shown["builtin"] as? String == "openai-oracle-2027" && (shown["options"] as? [String: Any])?["compare_set"] as? [String] == ["contracts.oracle-2027.take_or_pay=90%"])
        }
        await second.queue.stop()
        await first.close()
    }
}
