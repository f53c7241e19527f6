import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OfftakeRandom
@testable import OfftakeServer
import PropertyBased
import Testing

@Suite("offtake serve: the run store, restarts, a live server, arbitrary input")
struct LifecycleTests {
    @Test("restart: a run left running becomes interrupted (with the reason), a queued run is taken up again")
    func restart() async throws {
        let first = try await ServerFixture.make(store: .file)
        let database = first.server.configuration.database
        let submission = try JSONEncoder().encode(Components.Schemas.RunSubmission(scenario: ServerFixture.smallDeal, options: .init(paths: 20)))
        try first.server.store.insert(StoredRun(id: "was-running", name: "a", scenario: "small", kind: "run", status: .running, progress: 0.4,
                                                paths: 20, seed: 7, submission: submission, createdAt: Date(), startedAt: Date()))
        try first.server.store.insert(StoredRun(id: "was-queued", name: "b", scenario: "small", kind: "run", status: .queued, progress: 0,
                                                paths: 20, seed: 7, submission: submission, createdAt: Date()))
        // The process "dies": nothing is closed; a new server opens the same file.
        var configuration = first.server.configuration
        configuration.database = database
        let second = try await OfftakeServer(configuration: configuration)
        #expect(second.interrupted == ["was-running"])
        let interrupted = try #require(try second.store.run("was-running"))
        #expect(interrupted.status == .interrupted && interrupted.error?.contains("submit it again") == true && interrupted.finishedAt != nil)
        try await Application(router: try second.router()).test(.router) { client in
            let detail = try await client.waitForEnd("was-queued")
            #expect(detail["status"] as? String == "done", "was-queued: \(detail["status"] ?? "no status") \(detail["error"] ?? "")")
            // The interrupted run is submitted again from its stored submission.
            let again = try await client.execute(uri: "/api/runs/was-running", method: .get).object
            let resubmission = try JSONSerialization.data(withJSONObject: try #require(again["submission"]))
            let (status, id, _) = try await client.submit(ByteBuffer(data: resubmission))
            #expect(status == .accepted)
            let resubmitted = try await client.waitForEnd(try #require(id))
            #expect(resubmitted["status"] as? String == "done", "resubmitted: \(resubmitted["status"] ?? "no status") \(resubmitted["error"] ?? "")")
        }
        await second.queue.stop()
        await first.close()
    }

    @Test("graceful stop: running runs are marked interrupted, queued runs stay queued for the next start")
    func gracefulStop() async throws {
        let fixture = try await ServerFixture.make { $0.workers = 1 }
        try await fixture.application().test(.router) { client in
            let running = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000])).id)
            let waiting = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 20])).id)
            try await Task.sleep(for: .milliseconds(300))
            await fixture.server.queue.stop()
            #expect(try fixture.server.store.run(running)?.status == .interrupted)
            #expect(try fixture.server.store.run(waiting)?.status == .queued)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try fixture.server.store.run(running)?.status == .interrupted)
        }
        try? FileManager.default.removeItem(at: fixture.directory)
    }

    @Test("live: a real socket — submit, poll to done, fetch the report")
    func live() async throws {
        let fixture = try await ServerFixture.make(store: .file)
        let app = try fixture.server.application()
        try await app.test(.live) { client in
            let (status, id, _) = try await client.submit(ServerFixture.submission(options: ["paths": 30]))
            #expect(status == .accepted)
            let run = try #require(id)
            let detail = try await client.waitForEnd(run)
            #expect(detail["status"] as? String == "done")
            let report = try await client.execute(uri: "/api/runs/\(run)/report", method: .get)
            #expect(report.status == .ok && report.text.contains("</html>"))
            let page = try await client.execute(uri: "/runs/\(run)", method: .get)
            #expect(page.status == .ok)
        }
        await fixture.close()
    }

    /// Every route of the specification, with a method it serves.
    static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/healthz"), (.get, "/metrics"), (.get, "/openapi.json"), (.post, "/api/validate"), (.post, "/api/runs"), (.get, "/api/runs"),
        (.get, "/api/runs/{id}"), (.delete, "/api/runs/{id}"), (.post, "/api/runs/{id}/cancel"), (.get, "/api/runs/{id}/result"), (.get, "/api/runs/{id}/report"), (.get, "/api/runs/{id}/export/focus"),
        (.get, "/api/scenarios"), (.get, "/api/scenarios/{id}"), (.get, "/"), (.get, "/editor"), (.get, "/runs/{id}"), (.get, "/compare"),
        (.get, "/assets/{id}"), (.put, "/api/runs"), (.patch, "/api/runs/{id}"),
    ]

    static let fragments = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e309", "-1", "0", "99999999999999999999", "\"paths\"", "\"options\"",
        "\"kind\"", "\"sobol\"", "\"scenario\"", "\"builtin\"", "\"seed\"", "name: x\n", "horizon: {start: 2026-01, end: 2026-02}\n",
        "- ", "&a ", "*a ", "!!binary ", "\u{0}", "\u{FEFF}", "é", "<script>", "%00", "\\u0000", "\n", "  ", "'",
    ]
    static let contentTypes = ["application/json", "application/yaml", "text/plain", "text/html", "multipart/form-data", "", "application/json; charset=utf-16", "*/*"]
    static let ids = ["x", "%2e%2e", "..", "app.js", "openai-oracle-2027", String(repeating: "a", count: 300), "%FF", "a%20b", "😀"]

    @Test("arbitrary bodies, content types, ids and queries on every route never give a 5xx")
    func noServerErrors() async throws {
        let fixture = try await ServerFixture.make { $0.maximumPaths = 50; $0.queueCapacity = 4 }
        try await fixture.application().test(.router) { client in
            await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
                var stream = RandomStream(seed: seed, path: 3, purpose: StreamPurpose(rawValue: 0xFFF2))
                func pick<T>(_ items: [T]) -> T { items[Int(stream.nextUInt64() % UInt64(items.count))] }
                let (method, template) = pick(Self.routes)
                let query = stream.nextUInt64() % 3 == 0 ? "?" + pick(["limit=-1", "offset=abc", "lang=xx", "limit=100&offset=5", "a=&b=", "lang=fr"]) : ""
                let uri = template.replacingOccurrences(of: "{id}", with: pick(Self.ids)) + query
                let length = Int(stream.nextUInt64() % 20)
                let body = (0..<length).map { _ in pick(Self.fragments) }.joined()
                var headers: HTTPFields = [:]
                let type = pick(Self.contentTypes)
                if !type.isEmpty { headers[.contentType] = type }
                if stream.nextUInt64() % 4 == 0 { headers[.accept] = pick(["text/csv", "application/xml", "*/*", "text/html", "application/json"]) }
                let response = try? await client.execute(uri: uri, method: method, headers: headers, body: body.isEmpty && stream.nextUInt64() % 2 == 0 ? nil : ByteBuffer(string: body))
                guard let response else {
                    Issue.record("no response to \(method) \(uri)")
                    return
                }
                #expect(response.status.kind != .serverError, "\(method) \(uri) [\(type)] \(body.debugDescription) → \(response.status) \(response.text)")
                if response.status.kind == .clientError {
                    #expect(response.errorCode != nil, "\(method) \(uri) → \(response.status): not an error document: \(response.text)")
                }
            }
        }
        await fixture.close()
    }
}
