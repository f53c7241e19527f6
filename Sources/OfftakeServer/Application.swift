import Foundation
public import Hummingbird
public import Logging
import OfftakeEngine
import OpenAPIHummingbird
import OpenAPIRuntime
import Yams

/// How `offtake serve` runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The SQLite run store.
    public var database = "offtake.sqlite"
    /// When set, every `/api/` call and `/metrics` needs `Authorization: Bearer <token>`.
    public var token: String?
    /// Paths a run may ask for at most.
    public var maximumPaths = 1_000_000
    /// Runs simulated at once.
    public var workers = 1
    /// Runs waiting at most (beyond: 429 with Retry-After).
    public var queueCapacity = 16
    /// Largest request body in bytes (beyond: 413).
    public var bodyLimit = 2 << 20
    /// Longest a request may take (beyond: 503).
    public var requestTimeout = 60.0
    /// Engine threads per run (default: every core).
    public var threads = RunRequest.activeCores
    /// The version reported by `/healthz` and in reports.
    public var version = "0.1.0"

    public init() {}

    /// Why the configuration cannot serve.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case tokenRequired(host: String)
        case invalid(String)

        public var description: String {
            switch self {
            case .tokenRequired(let host):
                return "refusing to listen on \(host) without a token: anyone who can reach it could run simulations and read every result. "
                    + "Give --token (or set OFFTAKE_TOKEN), or listen on 127.0.0.1"
            case .invalid(let message): return message
            }
        }
    }

    /// Whether `host` reaches this machine only, the one case served without a token. An address is
    /// read as one (IPv4 `127.0.0.0/8`, IPv6 `::1`, or an IPv4-mapped `::ffff:127.x.y.z`; IPv6 may be
    /// written in brackets); anything else is a name, resolved, and loopback only if every address it
    /// resolves to is (`localhost` is; `127.example.com` is whatever its DNS says, and a name that does
    /// not resolve is not).
    public static func isLoopback(_ host: String) -> Bool {
        var text = host
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let address = IPAddress(text) { return address.isLoopback }
        guard !text.isEmpty else { return false }
        let addresses = IPAddress.resolve(text)
        return !addresses.isEmpty && addresses.allSatisfy(\.isLoopback)
    }

    /// Every problem of the configuration (empty: it can serve).
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        if !Self.isLoopback(host) && (token ?? "").isEmpty { problems.append(.tokenRequired(host: host)) }
        if let token, token.count < 16 { problems.append(.invalid("the token must have at least 16 characters (it has \(token.count))")) }
        if !(0...65535).contains(port) { problems.append(.invalid("--port must be between 0 and 65535, got \(port)")) }
        if maximumPaths < 1 { problems.append(.invalid("--max-paths must be at least 1")) }
        if !(1...64).contains(workers) { problems.append(.invalid("--workers must be between 1 and 64, got \(workers)")) }
        if !(1...10_000).contains(queueCapacity) { problems.append(.invalid("--queue must be between 1 and 10000, got \(queueCapacity)")) }
        if bodyLimit < 1024 { problems.append(.invalid("--body-limit must be at least 1024 bytes")) }
        return problems
    }
}

/// The server: its run store, queue and metrics, and the application that serves them.
public struct OfftakeServer: Sendable {
    public let configuration: ServerConfiguration
    let store: any RunStore
    let queue: RunQueue
    let metrics: ServerMetrics
    /// Submissions being parsed and checked (at most two per core at once).
    let checks = SubmissionChecks(limit: 2 * RunRequest.activeCores)
    /// Documents that never change once served (a finished run's result, reports and exports; the
    /// page's assets), kept in memory with their ETag and gzip form.
    let kept = KeptDocuments()
    /// Runs found `running` at start (now `interrupted`).
    public let interrupted: [String]

    /// Opens the store (migrating it), marks runs left running as interrupted and queues the queued ones.
    public init(configuration: ServerConfiguration) async throws {
        try await self.init(configuration: configuration, store: SQLiteRunStore(path: configuration.database))
    }

    /// A server on `store` (``MemoryRunStore`` for tests that need no file).
    init(configuration: ServerConfiguration, store: any RunStore) async throws {
        self.configuration = configuration
        self.store = store
        metrics = ServerMetrics()
        queue = RunQueue(store: store, metrics: metrics, workers: configuration.workers, capacity: configuration.queueCapacity,
                         maximumPaths: configuration.maximumPaths, threads: configuration.threads)
        interrupted = try await queue.resume()
    }

    /// The router: the generated API routes behind the middleware (security headers, errors as JSON,
    /// token, body limit). Work that may take long (parsing, rendering, exports) runs off the request
    /// threads with the request timeout (``API/offThread(_:)``); a connection idle for the timeout is
    /// closed (the HTTP server's idle timeout).
    public func router() throws -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: TimingMiddleware())
        router.add(middleware: ServerMetrics.middleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: TokenMiddleware(token: configuration.token.flatMap { $0.isEmpty ? nil : $0 }))
        router.add(middleware: RouteRulesMiddleware(rules: RouteRules(document: try OpenAPIDocument.dictionary())))
        router.add(middleware: DeliveryMiddleware(store: store, kept: kept))
        router.add(middleware: BodyLimitMiddleware(limit: configuration.bodyLimit))
        let api = API(store: store, queue: queue, metrics: metrics, configuration: configuration, document: try OpenAPIDocument.object(),
                      checks: checks)
        try api.registerHandlers(on: router)
        return router
    }

    /// The router's responder behind ``HeadResponder`` (`HEAD` answered as `GET` without the body).
    public func responder() throws -> some HTTPResponder<BasicRequestContext> {
        HeadResponder(inner: try router().buildResponder())
    }

    /// The application, with the queue as a service (interrupting running runs on graceful shutdown).
    public func application(logger: Logger? = nil, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        Application(responder: try responder(),
                    server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.requestTimeout)))),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "offtake"),
                    services: [queue],
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                    logger: logger ?? Logger(label: "offtake.serve"))
    }

    /// The store's journal mode (`wal`; `memory` for a store in memory).
    public func journalMode() throws -> String { try (store as? SQLiteRunStore)?.journalMode() ?? "memory" }
}

/// The OpenAPI document this server implements, served at `/openapi.json`.
enum OpenAPIDocument {
    /// The document as JSON (converted from the YAML the routes are generated from).
    static func json() throws -> Data {
        guard let object = try Yams.load(yaml: OpenAPIDocumentText.yaml) else { return Data("{}".utf8) }
        return try JSONSerialization.data(withJSONObject: jsonCompatible(object), options: [.sortedKeys])
    }

    /// The document as JSON objects.
    static func dictionary() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: json()) as? [String: Any] ?? [:]
    }

    static func object() throws -> OpenAPIObjectContainer {
        try JSONDecoder().decode(OpenAPIObjectContainer.self, from: json())
    }

    /// YAML's values as JSON's: keys as strings (a status code `200` is the key "200").
    static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let d as [AnyHashable: Any]:
            return Dictionary(uniqueKeysWithValues: d.map { ("\($0.key.base)", jsonCompatible($0.value)) })
        case let a as [Any]: return a.map(jsonCompatible)
        default: return value
        }
    }
}
