import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import OfftakeServer

/// What openapi.yaml says that the generated layer does not check: methods, parameter bounds, a
/// required body.
@Suite("offtake serve: the document's methods, bounds and required bodies")
struct RouteRulesTests {
    @Test("an undeclared method on a served path is 405 with Allow listing the document's methods")
    func methodNotAllowed() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            for (uri, method, allow) in [("/healthz", HTTPRequest.Method.trace, "GET"), ("/api/runs", .put, "GET, POST"),
                                         ("/api/runs/some-id", .patch, "DELETE, GET"), ("/api/runs/some-id/cancel", .get, "POST")] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .methodNotAllowed && response.errorCode == "method_not_allowed", "\(method) \(uri)")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
            }
            // A path the document does not have stays 404.
            #expect(try await client.execute(uri: "/nowhere", method: .trace).status == .notFound)
        }
        await fixture.close()
    }

    @Test("HEAD of a GET route: its status and headers without the body; the token still asked")
    func head() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            for uri in ["/healthz", "/", "/editor", "/api/scenarios", "/openapi.json", "/assets/\(WebAssets.styleSheetFile)"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(get.status == .ok && head.status == .ok, "\(uri): \(head.status)")
                #expect(head.body.readableBytes == 0, "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
            }
            // A path HEAD does not serve answers as its GET would: 404, 405 with Allow.
            #expect(try await client.execute(uri: "/api/runs/none", method: .head).status == .notFound)
            let post = try await client.execute(uri: "/api/runs/some-id/cancel", method: .head)
            #expect(post.status == .methodNotAllowed && post.headers[.allow] == "POST")
        }
        await fixture.close()
        let guarded = try await ServerFixture.make { $0.token = "secret" }
        try await guarded.application().test(.router) { client in
            let refused = try await client.execute(uri: "/api/runs", method: .head)
            let allowed = try await client.execute(uri: "/api/runs", method: .head, headers: [.authorization: "Bearer secret"])
            let health = try await client.execute(uri: "/healthz", method: .head)
            #expect(refused.status == .unauthorized)
            #expect(allowed.status == .ok)
            #expect(health.status == .ok)
        }
        await guarded.close()
    }

    @Test("parameters beyond the document's bounds are 400; at the bounds they pass")
    func bounds() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let id64 = String(repeating: "a", count: 64), id65 = String(repeating: "a", count: 65)
            for uri in ["/api/runs?offset=1000000001", "/api/runs?limit=0", "/api/runs?limit=101", "/api/runs/\(id65)", "/compare?b=\(id65)",
                        "/runs/\(id65)", "/api/runs/\(id65)/report"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest && response.errorCode == "bad_request", "\(uri): \(response.status)")
            }
            #expect(try await client.execute(uri: "/api/runs?offset=1000000000&limit=100", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/runs/\(id64)", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/compare?b=\(id64)", method: .get).status == .ok)
        }
        await fixture.close()
    }

    @Test("characters are counted as JSON Schema counts them (code points); a submission's lengths, list sizes and numbers are the document's")
    func codePointsAndBodyBounds() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            // 40 letters each with a combining mark: 40 grapheme clusters, 80 code points.
            let marked = String(repeating: "a\u{0301}", count: 40).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            for uri in ["/runs/\(marked)", "/api/runs/\(marked)"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .badRequest, "\(uri)")
            }
            for (options, name) in [([:], String(repeating: "0", count: 201)), ([:], String(repeating: "e\u{0301}", count: 101)),
                                    (["stress": String(repeating: "s", count: 201)], "ok"), (["set": Array(repeating: "a=1", count: 201)], "ok"),
                                    (["paths": 0], "ok")] as [([String: Any], String)] {
                let response = try await client.execute(uri: "/api/runs", method: .post, headers: jsonHeaders,
                                                        body: ServerFixture.submission(builtin: "gpu-neocloud", name: name, options: options))
                #expect(response.status == .badRequest && response.errorCode == "bad_request", "\(options) \(name.count): \(response.status) \(response.text)")
            }
            let atTheBound = try await client.submit(ServerFixture.submission(name: String(repeating: "0", count: 200)))
            #expect(atTheBound.status == .accepted)
            if let id = atTheBound.id { _ = try await client.execute(uri: "/api/runs/\(id)/cancel", method: .post) }
        }
        await fixture.close()
    }

    @Test("a required body: none at all is 400; an empty text is a body")
    func requiredBody() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let none = try await client.execute(uri: "/api/validate", method: .post)
            #expect(none.status == .badRequest && none.errorCode == "bad_request")
            let empty = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer())
            #expect(empty.status == .ok && empty.object["ok"] as? Bool == false)
        }
        await fixture.close()
    }
}
