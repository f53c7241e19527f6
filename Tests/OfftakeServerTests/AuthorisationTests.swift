import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import OfftakeServer
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("offtake serve: the token covers every path the router serves")
struct AuthorisationTests {
    static let token = "s3cret-token-0123456789"

    /// Spellings of protected routes that a router normalises to a served route, or might.
    static let disguised = [
        "//api/runs", "///api/runs", "/api//runs", "/api/runs/", "//metrics", "/metrics/", "/%2Fapi/runs", "/./api/runs", "/api/../api/runs",
    ]

    @Test("raw requests for every spelling of a protected route, GET and POST, get 401 without the token")
    func disguisedPaths() async throws {
        let fixture = try await ServerFixture.make { $0.token = Self.token }
        let app = try fixture.server.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = #"{"builtin":"gpu-neocloud","options":{"paths":20}}"#
            for path in Self.disguised {
                for method in ["GET", "POST"] {
                    let status = try await RawHTTP.status(port: port, method: method, path: path, body: method == "POST" ? body : nil)
                    #expect(status == 401, "\(method) \(path) → \(status)")
                }
            }
            // The same raw client reaches the routes: with the token, and on the public ones without it.
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/api/runs", authorization: "Bearer \(Self.token)") == 200)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/api/runs") == 401)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/healthz") == 200)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/editor") == 200)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "//healthz") == 401)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/assets/\(WebAssets.scriptFile)") == 200)
            #expect(try await RawHTTP.status(port: port, method: "DELETE", path: "//api/runs/0123") == 401)
        }
        // Nothing was submitted through a disguised path.
        #expect(try fixture.server.store.page(offset: 0, limit: 10).total == 0)
        await fixture.close()
    }

    @Test("without a token nothing needs one (the disguised paths route as before)")
    func noToken() async throws {
        let fixture = try await ServerFixture.make()
        let app = try fixture.server.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/api/runs") == 200)
            #expect(try await RawHTTP.status(port: port, method: "GET", path: "/metrics") == 200)
        }
        await fixture.close()
    }

    @Test("public: GET or HEAD of the health check, the four page shells and the two assets, written canonically; default deny")
    func publicRoutes() {
        typealias Token = TokenMiddleware<BasicRequestContext>
        for path in ["/healthz", "/", "/editor", "/compare", "/runs/0f8c5a2e-1b7d-4c3e-9a6f-2d4b8e1c7a90", "/runs/a_b-C", "/assets/\(WebAssets.scriptFile)", "/assets/\(WebAssets.styleSheetFile)"] {
            #expect(Token.isPublic(.get, path), "\(path)")
            #expect(Token.isPublic(.head, path), "\(path)")
            #expect(!Token.isPublic(.post, path), "\(path)")
            #expect(!Token.isPublic(.delete, path), "\(path)")
        }
        let protected = Self.disguised + [
            "/api/runs", "/api", "/api/", "/metrics", "/openapi.json", "/healthz/", "//healthz", "/editor/", "/Editor", "/runs/", "/runs/a/b",
            "/runs/..", "/runs/%2e%2e", "/runs/" + String(repeating: "a", count: 65), "/assets/", "/assets/\(WebAssets.scriptFile)/", "/assets/../api/runs",
            "/assets/other.js", "/favicon.ico", "", "*", "/%68ealthz",
        ]
        for path in protected {
            #expect(!Token.isPublic(.get, path), "\(path)")
        }
    }

    @Test("loopback is read as an address (127.0.0.0/8, ::1, ::ffff:127.x.y.z) or resolved, never matched by prefix")
    func loopback() {
        for host in ["127.0.0.1", "127.1.2.3", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "[::ffff:127.9.8.7]", "localhost"] {
            #expect(ServerConfiguration.isLoopback(host), "\(host)")
        }
        for host in ["127.example.com", "127.0.0.1.invalid", "0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "::ffff:10.0.0.1", "::2", "[::1", "", "1.2.3.4"] {
            #expect(!ServerConfiguration.isLoopback(host), "\(host)")
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.example.com"
        #expect(configuration.problems() == [.tokenRequired(host: "127.example.com")])
        configuration.host = "::ffff:127.0.0.1"
        #expect(configuration.problems().isEmpty)
    }
}

/// A client that sends the request line exactly as written (no normalisation of the path), reads the
/// answer's status line and closes.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The status of the answer, from a thread of its own: the socket blocks, and a blocked thread of
    /// the concurrency pool (two on a two-core machine) could starve the server under test.
    static func status(port: Int, method: String, path: String, body: String? = nil, authorization: String? = nil) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingStatus(port: port, method: method, path: path, body: body, authorization: authorization) })
            }
            thread.start()
        }
    }

    static func blockingStatus(port: Int, method: String, path: String, body: String?, authorization: String?) throws -> Int {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let authorization { request += "Authorization: \(authorization)\r\n" }
        if let body {
            request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        #if canImport(Darwin)
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "send: \(errno)") }
            sent += n
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !answer.contains(UInt8(ascii: "\n")) {
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            answer += buffer[0..<n]
        }
        let line = String(decoding: answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw Failure(description: "no status line in answer to \(method) \(path): \(line)")
        }
        return status
    }
}
