import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Every response: a Content-Security-Policy that allows the page's own script and nothing else (no
/// inline or external scripts, no external anything), and the usual hardening headers. The HTML
/// report's inline style sheet is allowed (`style-src 'unsafe-inline'`): styles cannot run code.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // The generated layer writes header values percent-encoded (`%2Fapi%2Fruns…`); a Location is a
        // URI reference and is sent as one.
        if let location = response.headers[.location], let decoded = location.removingPercentEncoding {
            response.headers[.location] = decoded
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// `Server-Timing: total;dur=MS` on every response: the milliseconds from the moment the router had
/// the request to the moment its response left the handlers, on the server's own clock (whatever the
/// client's machine is doing meanwhile).
struct TimingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
        response.headers[HTTPField.Name("Server-Timing")!] = "total;dur=" + String(format: "%.3f", milliseconds)
        return response
    }
}

/// Turns every error into `{"error": {"code", "message", "details"}}` with a 4xx status for bad input.
/// Errors of the generated layer (a missing parameter, a body that does not match the schema, an
/// unacceptable `Accept`) are the client's: 400, 406 or 415. Anything else is a 500 with a generic
/// message (logged, never shown).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let api = Self.apiError(error)
            if api.status.kind == .serverError {
                context.logger.error("\(request.method) \(request.uri.path): \(String(reflecting: error))")
            }
            return Self.response(api)
        }
    }

    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let api as APIError: return api
        case let server as ServerError: return fromGenerated(server)
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, "payload_too_large", "the request body is too large")
        case let http as HTTPError:
            switch http.status {
            case .notFound: return APIError(.notFound, "not_found", "no such route")
            case .contentTooLarge: return APIError(.contentTooLarge, "payload_too_large", http.body ?? "the request body is too large")
            default:
                return APIError(http.status, http.status.kind == .clientError ? "bad_request" : "internal",
                                http.body ?? http.status.reasonPhrase, headers: http.headers)
            }
        case let response as any HTTPResponseError where response.status.kind == .clientError:
            return APIError(response.status, "bad_request", response.status.reasonPhrase)
        case is DecodingError:
            return APIError(.badRequest, "bad_request", "the request does not match the API: \(describe(error))")
        default:
            return APIError(.internalServerError, "internal", "the server failed to answer this request")
        }
    }

    /// An error of the generated layer (its cause is in `underlyingError`). Without a decoded input the
    /// request itself did not match the API (a missing or malformed parameter or body, an unacceptable
    /// `Accept`): the client's error. After it, the handler failed: an ``APIError`` keeps its status,
    /// anything else is the server's.
    static func fromGenerated(_ error: ServerError) -> APIError {
        let cause = error.underlyingError
        if let api = cause as? APIError { return api }
        if cause is NIOTooManyBytesError { return APIError(.contentTooLarge, "payload_too_large", "the request body is too large") }
        if let runtime = cause as? (any HTTPResponseConvertible), runtime.httpStatus.kind == .clientError {
            let code: String
            switch runtime.httpStatus {
            case .unsupportedMediaType: code = "unsupported_media_type"
            case .notAcceptable: code = "not_acceptable"
            default: code = "bad_request"
            }
            return APIError(runtime.httpStatus, code, "\(error.operationID): \(describe(cause))")
        }
        if error.operationInput == nil {
            return APIError(.badRequest, "bad_request", "\(error.operationID): \(describe(cause))")
        }
        return APIError(.internalServerError, "internal", "the server failed to answer this request")
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            return "\(path(c.codingPath)): \(c.debugDescription)"
        case DecodingError.keyNotFound(let key, let c):
            return "\(path(c.codingPath + [key])): required field missing"
        default:
            return String(describing: error)
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "body" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }

    static func response(_ error: APIError) -> Response {
        var object: [String: Any] = ["code": error.code, "message": error.message]
        if let details = error.details, let value = try? JSONSerialization.jsonObject(with: details) { object["details"] = value }
        let data = (try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys])) ?? Data("{\"error\":{\"code\":\"internal\",\"message\":\"\"}}".utf8)
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        if error.status == .unauthorized, headers[.wwwAuthenticate] == nil { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// With a token, every request needs `Authorization: Bearer <token>` — default deny — except the few
/// routes that hold no data and that the page needs in order to ask for the token: `GET` or `HEAD` of
/// `/healthz`, the four page shells and the page's two assets (``isPublic(_:_:)``).
///
/// The exception is decided on the request's path exactly as it arrived, byte for byte, not on the
/// route the router will pick after normalising it. A path that the router would serve as a public
/// one but that is not written in its one canonical form (`//healthz`, `/editor/`) therefore needs the
/// token too, and no spelling of a protected route (`//api/runs`, `/api//runs`, `/api/runs/`,
/// `/%2Fapi/runs`, `/./api/runs`, `/api/../api/runs`, `//metrics`) can pass for a public one. The token
/// is compared in constant time (the time does not depend on where the strings differ).
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token, !Self.isPublic(request.method, request.uri.path) else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.constantTimeEqual(Array(header.utf8.dropFirst(prefix.utf8.count)), Array(token.utf8)) else {
            throw APIError(.unauthorized, "unauthorized", header.isEmpty ? "this server needs a token: Authorization: Bearer <token>" : "the token is not valid")
        }
        return try await next(request, context)
    }

    /// Whether a request may go without the token: a `GET` or `HEAD` whose raw path is exactly
    /// `/healthz`, `/`, `/editor`, `/compare`, `/runs/ID` (ID of letters, digits, `-` and `_`, at most 64)
    /// or `/assets/FILE` for one of ``WebAssets/files``. Everything else is protected.
    static func isPublic(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        guard method == .get || method == .head else { return false }
        switch path {
        case "/healthz", "/", "/editor", "/compare": return true
        default: break
        }
        if path.hasPrefix("/assets/") { return WebAssets.files.contains(String(path.dropFirst("/assets/".count))) }
        if path.hasPrefix("/runs/") {
            let id = path.utf8.dropFirst("/runs/".utf8.count)
            return (1...64).contains(id.count) && id.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
        }
        return false
    }

    /// Equality whose running time depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}

/// Refuses bodies larger than `limit` bytes with 413 (from `Content-Length` before reading, or while
/// reading a body of unknown length), and keeps the collected body in ``RawBody/current``.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "payload_too_large", "the request body is \(length) bytes; this server takes at most \(limit)")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "payload_too_large", "the request body is larger than \(limit) bytes, the most this server takes")
        }
        return try await RawBody.$current.withValue(body) { try await next(request, context) }
    }
}

/// `HEAD` is `GET` without the body (RFC 9110 §9.3.2). The router picks a route by path and method
/// before any middleware runs, so this responder, in front of it, answers a `HEAD` with what the
/// `GET` of the same path answers — through the same middleware, the token check included — with its
/// headers and without the body (`Content-Length` is kept when the `GET` states it).
struct HeadResponder<Inner: HTTPResponder>: HTTPResponder {
    let inner: Inner

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        if response.headers[.contentLength] == nil, let length = response.body.contentLength {
            response.headers[.contentLength] = String(length)
        }
        response.body = ResponseBody()
        return response
    }
}
