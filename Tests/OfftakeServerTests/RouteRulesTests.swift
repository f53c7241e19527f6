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
