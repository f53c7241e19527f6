import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import OfftakeServer

/// A server on a fresh store (in memory, or SQLite in a temporary directory).
struct ServerFixture {
    let directory: URL
    let server: OfftakeServer

    /// The store under the server: SQLite in the temporary directory, or in memory (the handler tests,
    /// which do not test the store).
    enum StoreKind: Sendable, CustomStringConvertible {
        case file, memory
        var description: String { self == .file ? "file" : "memory" }
    }

    static func make(store: StoreKind = .memory, _ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> ServerFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offtake-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = ServerConfiguration()
        configuration.database = directory.appendingPathComponent("runs.sqlite").path
        configuration.port = 0
        configuration.threads = 1
        configure(&configuration)
        let server = store == .file ? try await OfftakeServer(configuration: configuration)
            : try await OfftakeServer(configuration: configuration, store: MemoryRunStore())
        return ServerFixture(directory: directory, server: server)
    }

    /// The server's responder in an application, for `.router` tests (no sockets).
    func application() throws -> some ApplicationProtocol {
        Application(responder: try server.responder())
    }

    /// Stops the queue (cancelling running runs) and removes the store.
    func close() async {
        await server.queue.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The small three-year deal of the test fixtures (fast to simulate).
    static var smallDeal: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/small-deal.yaml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    static func submission(scenario: String? = smallDeal, builtin: String? = nil, name: String? = nil, options: [String: Any] = ["paths": 40]) -> ByteBuffer {
        var object: [String: Any] = ["options": options]
        if let scenario { object["scenario"] = scenario }
        if let builtin { object["builtin"] = builtin }
        if let name { object["name"] = name }
        return ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    var text: String { String(buffer: body) }
    /// `error.code` of an error body.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

extension TestClientProtocol {
    /// Submits and returns the new run's id (the test fails through `#require` in the caller when nil).
    func submit(_ body: ByteBuffer, headers: HTTPFields = jsonHeaders) async throws -> (status: HTTPResponse.Status, id: String?, response: TestResponse) {
        let response = try await execute(uri: "/api/runs", method: .post, headers: headers, body: body)
        return (response.status, response.object["id"] as? String, response)
    }

    /// Polls a run until it has ended (or `seconds` pass); its detail.
    /// The deadline only guards against a hang: under `swift test` on two cores every suite runs at once
    /// and a 20-path run can wait minutes for a thread (CI once saw more than 120 s), so it is generous.
    func waitForEnd(_ id: String, headers: HTTPFields = [:], seconds: Double = 600) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let detail = try await execute(uri: "/api/runs/\(id)", method: .get, headers: headers).object
            let status = detail["status"] as? String ?? ""
            if !["queued", "running"].contains(status) || Date() > deadline { return detail }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
