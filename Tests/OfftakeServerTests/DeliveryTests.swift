import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import OfftakeServer

/// Serving: the stored bytes of a result, ETags and 304, gzip, reports kept, content-named assets with
/// long cache lifetimes, and the charset on every text type.
@Suite("offtake serve: serving documents")
struct DeliveryTests {
    static let gzipHeaders: HTTPFields = [.acceptEncoding: "gzip, deflate"]

    @Test("FNV-1a 64 known answers (the ETag and the assets' names)")
    func contentHash() {
        // Reference values of the FNV-1a 64-bit hash (Fowler–Noll–Vo test vectors).
        #expect(ContentHash.hex([UInt8]()) == "cbf29ce484222325")
        #expect(ContentHash.hex(Array("a".utf8)) == "af63dc4c8601ec8c")
        #expect(ContentHash.hex(Array("foobar".utf8)) == "85944171f73967e8")
        #expect(WebAssets.scriptFile == "app-\(ContentHash.hex(WebAssets.script.utf8)).js")
        #expect(WebAssets.styleSheetFile == "app-\(ContentHash.hex(WebAssets.styleSheet.utf8)).css")
    }

    @Test("a FOCUS export simulates in one of the queue's workers: 429 with Retry-After while every worker runs, computed once one is free")
    func exportTakesAWorker() async throws {
        let fixture = try await ServerFixture.make { $0.workers = 1 }
        try await fixture.application().test(.router) { client in
            let id = try #require(try await client.submit(ServerFixture.submission()).id)
            #expect(try await client.waitForEnd(id)["status"] as? String == "done")
            let busy = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000])).id)
            let deadline = Date().addingTimeInterval(600)
            while fixture.server.queue.counts.running == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            let refused = try await client.execute(uri: "/api/runs/\(id)/export/focus", method: .get)
            #expect(refused.status == .tooManyRequests && refused.errorCode == "queue_full")
            #expect(refused.headers[.retryAfter] != nil)
            _ = try await client.execute(uri: "/api/runs/\(busy)/cancel", method: .post)
            while fixture.server.queue.counts.running > 0, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            let computed = try await client.execute(uri: "/api/runs/\(id)/export/focus", method: .get)
            #expect(computed.status == .ok && computed.body.readableBytes > 0, "\(computed.status)")
            // The place is given back: a run submitted now starts.
            let next = try #require(try await client.submit(ServerFixture.submission()).id)
            #expect(try await client.waitForEnd(next)["status"] as? String == "done")
        }
        await fixture.close()
    }

    @Test("a finished run's result, report and FOCUS rows: stored bytes, ETag, 304, gzip; 409 before; gone with the run")
    func runDocuments() async throws {
        let fixture = try await ServerFixture.make { $0.workers = 1 }
        try await fixture.application().test(.router) { client in
            let waiting = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000])).id)
            let id = try #require(try await client.submit(ServerFixture.submission()).id)
            for uri in ["/api/runs/\(id)/result", "/api/runs/\(id)/report", "/api/runs/\(id)/export/focus"] {
                let early = try await client.execute(uri: uri, method: .get)
                #expect(early.status == .conflict && early.errorCode == "conflict", "\(uri)")
            }
            _ = try await client.execute(uri: "/api/runs/\(waiting)/cancel", method: .post)
            #expect(try await client.waitForEnd(id)["status"] as? String == "done")
            let stored = try #require(try fixture.server.store.result(id))

            let result = try await client.execute(uri: "/api/runs/\(id)/result", method: .get)
            #expect(result.status == .ok)
            #expect(Data(buffer: result.body) == stored)
            #expect(result.headers[.contentType] == "application/json; charset=utf-8")
            #expect(result.headers[.cacheControl] == "private, no-cache")
            let eTag = try #require(result.headers[.eTag])
            #expect(eTag == "\"\(ContentHash.hex(stored))\"")

            let again = try await client.execute(uri: "/api/runs/\(id)/result", method: .get, headers: [.ifNoneMatch: eTag])
            #expect(again.status == .notModified && again.body.readableBytes == 0 && again.headers[.eTag] == eTag)
            let other = try await client.execute(uri: "/api/runs/\(id)/result", method: .get, headers: [.ifNoneMatch: "\"0000\""])
            #expect(other.status == .ok && Data(buffer: other.body) == stored)

            let compressed = try await client.execute(uri: "/api/runs/\(id)/result", method: .get, headers: Self.gzipHeaders)
            #expect(compressed.headers[.contentEncoding] == "gzip" && compressed.headers[.vary] == "Accept-Encoding")
            var gzip = compressed.body
            #expect(gzip.readableBytes < stored.count)
            #expect(Data(buffer: try gzip.decompress(with: .gzip())) == stored)
            let refused = try await client.execute(uri: "/api/runs/\(id)/result", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil && Data(buffer: refused.body) == stored)

            // The report is rendered once per language and kept in the store.
            let report = try await client.execute(uri: "/api/runs/\(id)/report?lang=fr", method: .get)
            #expect(report.status == .ok && report.headers[.contentType] == "text/html; charset=utf-8")
            let kept = try #require(try fixture.server.store.export(id, format: "report-fr"))
            #expect(Data(buffer: report.body) == kept)
            let reportTag = try #require(report.headers[.eTag])
            #expect(try await client.execute(uri: "/api/runs/\(id)/report?lang=fr", method: .get, headers: [.ifNoneMatch: reportTag]).status == .notModified)
            let focus = try await client.execute(uri: "/api/runs/\(id)/export/focus", method: .get)
            #expect(focus.status == .ok && focus.headers[.contentType] == "text/csv; charset=utf-8" && focus.headers[.eTag] != nil)

            // Deleted: nothing kept is served any more.
            #expect(try await client.execute(uri: "/api/runs/\(id)", method: .delete).status == .noContent)
            for uri in ["/api/runs/\(id)/result", "/api/runs/\(id)/report?lang=fr", "/api/runs/\(id)/export/focus"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .notFound, "\(uri)")
            }
        }
        await fixture.close()
    }

    @Test("assets are named by their content and kept for a year; every text type says charset=utf-8")
    func assetsAndCharset() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            for file in [WebAssets.scriptFile, WebAssets.styleSheetFile] {
                let asset = try await client.execute(uri: "/assets/\(file)", method: .get, headers: Self.gzipHeaders)
                #expect(asset.status == .ok && asset.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(asset.headers[.contentEncoding] == "gzip")
                var body = asset.body
                let text = String(buffer: try body.decompress(with: .gzip()))
                #expect(file == "app-\(ContentHash.hex(text.utf8))." + (file.hasSuffix(".js") ? "js" : "css"))
                let tag = try #require(asset.headers[.eTag])
                #expect(try await client.execute(uri: "/assets/\(file)", method: .get, headers: [.ifNoneMatch: tag]).status == .notModified)
            }
            for uri in ["/", "/editor", "/compare", "/runs/x", "/assets/\(WebAssets.scriptFile)", "/assets/\(WebAssets.styleSheetFile)", "/openapi.json",
                        "/healthz", "/metrics", "/api/runs", "/api/scenarios", "/api/runs/none", "/no-such-route"] {
                let response = try await client.execute(uri: uri, method: .get)
                let type = response.headers[.contentType] ?? ""
                #expect(type.hasSuffix("; charset=utf-8"), "\(uri): \(type)")
            }
            // A page of the API, compressed when asked for and worth it (the document is > 1 KiB).
            let document = try await client.execute(uri: "/openapi.json", method: .get, headers: Self.gzipHeaders)
            #expect(document.headers[.contentEncoding] == "gzip")
            var body = document.body
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: try body.decompress(with: .gzip()))) as? [String: Any])?["openapi"] as? String == "3.1.0")
        }
        await fixture.close()
    }
}
