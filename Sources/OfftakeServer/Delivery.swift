import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// How responses leave the server: `charset=utf-8` on every text type; gzip for a client that accepts
/// it; and the documents that never change once written — a finished run's result (served from the
/// bytes stored when it finished, without the generated layer decoding and encoding them again), its
/// reports and exports, the page's content-named assets — kept in memory with an `ETag`, answered `304`
/// to `If-None-Match`, compressed once. A deleted run's documents are forgotten with it.
///
/// It sits behind the token: nothing kept is served to a request that has not passed it.
struct DeliveryMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: any RunStore
    let kept: KeptDocuments

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let target = DeliveryTarget(path)
        if request.method == .delete {
            let response = try await next(request, context)
            if response.status == .noContent, case .runDocument(let id)? = DeliveryTarget(path + "/result") { kept.forget(run: id) }
            return response
        }
        guard request.method == .get, let target else { return try await Self.encoded(next(request, context), for: request) }
        let key = path + "?" + (request.uri.query ?? "")
        if let entry = kept.entry(key) { return entry.response(to: request) }
        // A finished run's result: its stored bytes, as they are.
        if case .runDocument(let id) = target, path.hasSuffix("/result"), let run = try store.run(id), run.status == .done,
           let data = try store.result(id) {
            return kept.keep(key, run: id, KeptDocument(ByteBuffer(data: data), contentType: "application/json; charset=utf-8",
                                                        cacheControl: target.cacheControl)).response(to: request)
        }
        let response = try await next(request, context)
        guard response.status == .ok else { return try await Self.encoded(response, for: request) }
        let body = try await response.body.collected()
        let document = KeptDocument(body, contentType: Self.withCharset(response.headers[.contentType] ?? "application/octet-stream"),
                                    cacheControl: target.cacheControl)
        if case .runDocument(let id) = target { return kept.keep(key, run: id, document).response(to: request) }
        return kept.keep(key, run: nil, document).response(to: request)
    }

    /// A response that is not kept: its text type with the charset, gzip-compressed when the client
    /// accepts it and it is worth it.
    static func encoded(_ response: Response, for request: Request) async throws -> Response {
        var response = response
        if let type = response.headers[.contentType] { response.headers[.contentType] = withCharset(type) }
        guard accepts(gzip: request), response.headers[.contentEncoding] == nil, isCompressible(response.headers[.contentType]),
              response.body.contentLength.map({ $0 >= KeptDocument.smallest }) ?? false else { return response }
        var body = try await response.body.collected()
        guard let compressed = try? body.compress(with: .gzip()) else { return response }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.vary] = "Accept-Encoding"
        response.headers[.contentLength] = nil
        response.body = ResponseBody(byteBuffer: compressed)
        return response
    }

    /// `type; charset=utf-8` for a text type without a charset.
    static func withCharset(_ type: String) -> String {
        guard isText(type), !type.lowercased().contains("charset=") else { return type }
        return type + "; charset=utf-8"
    }

    static func isText(_ type: String) -> Bool {
        let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media.hasPrefix("text/") || ["application/json", "application/yaml", "application/javascript", "image/svg+xml"].contains(media)
    }

    static func isCompressible(_ type: String?) -> Bool { type.map(isText) ?? false }

    /// Whether `Accept-Encoding` names gzip (or `*`) without `q=0`.
    static func accepts(gzip request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding] else { return false }
        return header.split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = pieces.first, coding == "gzip" || coding == "*" else { return false }
            return !pieces.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "").range(of: #"^q=0(\.0*)?$"#, options: .regularExpression) != nil }
        }
    }
}

/// The requests whose answers never change once given: a run's result, report and FOCUS rows (served
/// only once it is done), and the page's assets (named by their content).
enum DeliveryTarget {
    case runDocument(id: String)
    case asset

    init?(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[1] == "assets", WebAssets.files.contains(String(parts[2])) { self = .asset; return }
        guard parts.count >= 5, parts[0].isEmpty, parts[1] == "api", parts[2] == "runs", !parts[3].isEmpty else { return nil }
        switch parts.dropFirst(4).joined(separator: "/") {
        case "result", "report", "export/focus": self = .runDocument(id: String(parts[3]))
        default: return nil
        }
    }

    /// A run's documents may be cached but are checked again (the run may be deleted); an asset's name
    /// changes with its content, so it is kept for a year.
    var cacheControl: String {
        switch self {
        case .runDocument: return "private, no-cache"
        case .asset: return "public, max-age=31536000, immutable"
        }
    }
}

/// One kept answer: its bytes, their gzip form (when worth it), its `ETag` (of the bytes) and headers.
struct KeptDocument: Sendable {
    /// Below this size, gzip saves less than it costs.
    static let smallest = 1024

    let body: ByteBuffer
    let gzip: ByteBuffer?
    let eTag: String
    let contentType: String
    let cacheControl: String

    init(_ body: ByteBuffer, contentType: String, cacheControl: String) {
        self.body = body
        self.contentType = contentType
        self.cacheControl = cacheControl
        eTag = "\"" + ContentHash.hex(body.readableBytesView) + "\""
        var source = body
        gzip = body.readableBytes >= Self.smallest && DeliveryMiddleware<BasicRequestContext>.isCompressible(contentType)
            ? try? source.compress(with: .gzip()) : nil
    }

    var bytes: Int { body.readableBytes + (gzip?.readableBytes ?? 0) }

    /// `304` when `If-None-Match` names this version; else the bytes, compressed if the client accepts it.
    func response(to request: Request) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .eTag: eTag, .cacheControl: cacheControl, .vary: "Accept-Encoding"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            let tag = $0.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == eTag || tag == "W/" + eTag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        if let gzip, DeliveryMiddleware<BasicRequestContext>.accepts(gzip: request) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: gzip))
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}

/// The kept documents, least recently used first out beyond `capacity` bytes.
final class KeptDocuments: Sendable {
    private struct State {
        var entries: [String: (document: KeptDocument, run: String?, used: UInt64)] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 64 << 20) { self.capacity = capacity }

    func entry(_ key: String) -> KeptDocument? {
        state.withLock { s in
            guard let found = s.entries[key] else { return nil }
            s.clock += 1
            s.entries[key]?.used = s.clock
            return found.document
        }
    }

    /// Keeps `document` under `key` (of run `run`, forgotten with it) and returns it.
    @discardableResult
    func keep(_ key: String, run: String?, _ document: KeptDocument) -> KeptDocument {
        state.withLock { s in
            guard document.bytes <= capacity else { return }
            if let old = s.entries[key] { s.bytes -= old.document.bytes }
            s.clock += 1
            s.entries[key] = (document, run, s.clock)
            s.bytes += document.bytes
            while s.bytes > capacity, let oldest = s.entries.min(by: { $0.value.used < $1.value.used }) {
                s.bytes -= oldest.value.document.bytes
                s.entries[oldest.key] = nil
            }
        }
        return document
    }

    func forget(run id: String) {
        state.withLock { s in
            for (key, entry) in s.entries where entry.run == id {
                s.bytes -= entry.document.bytes
                s.entries[key] = nil
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// A 64-bit FNV-1a hash of bytes as 16 hexadecimal digits: the `ETag` of a kept document and the
/// content part of an asset's name (stable across processes and builds, unlike `Hasher`).
enum ContentHash {
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension ResponseBody {
    /// The whole body in one buffer.
    consuming func collected() async throws -> ByteBuffer {
        let box = CollectedBody()
        try await write(CollectingWriter(box: box))
        return box.buffer
    }
}

private final class CollectedBody: @unchecked Sendable {
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let box: CollectedBody
    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
