import ArgumentParser
import Foundation
import OfftakeServer

extension Offtake {
    /// `offtake serve`: the HTTP API, the web page and the run store.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the HTTP API and the web page, with a SQLite run store that survives restarts.",
            discussion: """
                Open http://127.0.0.1:8080/ for the page (built-in scenarios, the scenario editor, runs with \
                live progress and their reports); the API is described at /openapi.json. Runs are kept in \
                the store (--db); a run that was running when the server stopped is marked interrupted at \
                the next start and can be submitted again. SIGINT or SIGTERM stop the server gracefully.
                The server listens on 127.0.0.1 only, unless given a token (--token, or better the \
                environment variable OFFTAKE_TOKEN, which other users cannot see in the process list): \
                then every API call needs `Authorization: Bearer <token>` and the page asks for it once.
                Examples:
                  offtake serve
                  OFFTAKE_TOKEN=$(openssl rand -hex 24) offtake serve --host 0.0.0.0 --port 8080 --workers 2
                """
        )

        @Option(help: "Address to listen on (other than loopback only with a token).")
        var host = "127.0.0.1"
        @Option(help: "Port (0: any free port, printed at start).")
        var port = 8080
        @Option(help: "The SQLite run store (created if missing).")
        var db = "offtake.sqlite"
        @Option(help: "Token every API call must carry (default: $OFFTAKE_TOKEN; at least 16 characters).")
        var token: String?
        @Option(name: .customLong("max-paths"), help: "Most paths a run may ask for.")
        var maxPaths = 1_000_000
        @Option(help: "Runs simulated at once.")
        var workers = 1
        @Option(help: "Runs that may wait for a worker (beyond: 429 with Retry-After).")
        var queue = 16
        @Option(name: .customLong("body-limit"), help: "Largest request body in bytes (beyond: 413).")
        var bodyLimit = 2 << 20
        @Option(help: "Longest a request may take, in seconds (beyond: 503).")
        var timeout = 60.0
        @Option(help: "Engine threads per run (default: every core). Results do not depend on it.")
        var threads: Int?

        func configuration() -> ServerConfiguration {
            var c = ServerConfiguration()
            c.host = host
            c.port = port
            c.database = db
            c.token = token ?? ProcessInfo.processInfo.environment["OFFTAKE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            c.maximumPaths = maxPaths
            c.workers = workers
            c.queueCapacity = queue
            c.bodyLimit = bodyLimit
            c.requestTimeout = timeout
            if let threads { c.threads = max(1, threads) }
            c.version = Offtake.configuration.version
            return c
        }

        func run() async throws {
            let configuration = configuration()
            let problems = configuration.problems()
            for problem in problems { Diagnostics.printError("error: \(problem)") }
            if !problems.isEmpty { throw ExitStatus.usage }
            let server: OfftakeServer
            do {
                server = try await OfftakeServer(configuration: configuration)
            } catch {
                Diagnostics.printError("error: cannot open the run store \(db): \(error)")
                throw ExitStatus.failure
            }
            if !server.interrupted.isEmpty {
                Diagnostics.printError("\(server.interrupted.count) run\(server.interrupted.count == 1 ? " was" : "s were") running when the server last stopped: marked interrupted")
            }
            let app = try server.application { port in
                let shown = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                let line = "offtake serve: listening on http://\(shown):\(port)/ (store \(configuration.database), \(configuration.workers) worker\(configuration.workers == 1 ? "" : "s")\(configuration.token == nil ? "" : ", token required"))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            try await app.runService()
        }
    }
}
