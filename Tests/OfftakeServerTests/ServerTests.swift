import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO
@testable import OfftakeServer
import Testing
import Yams

@Suite("offtake serve: the specification and the routes")
struct SpecificationTests {
    /// `(METHOD, /path/{param})` of every operation in openapi.yaml.
    static func specified() throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: OpenAPIDocumentText.yaml) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var routes = Set<String>()
        for (path, item) in paths {
            for method in ["get", "post", "put", "delete", "patch"] where (item as? [String: Any])?[method] != nil {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test("every route the server registers is in openapi.yaml, and every operation of it is served")
    func routesMatchSpecification() async throws {
        let fixture = try await ServerFixture.make()
        let router = try fixture.server.router()
        // Hummingbird writes a capture as `{id}` or `:id` depending on how it was registered: normalise.
        let served = Set(router.routes.map { route -> String in
            let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method) \(path.isEmpty ? "/" : path)"
        })
        let specified = try Self.specified()
        #expect(served == specified, "served only: \(served.subtracting(specified)); specified only: \(specified.subtracting(served))")
        #expect(specified.count == 19)
        await fixture.close()
    }

    @Test("the embedded document is openapi.yaml as it is in the repository (scripts/embed-openapi.py)")
    func embeddedCopyIsCurrent() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OfftakeServer/openapi.yaml")
        #expect(try String(contentsOf: file, encoding: .utf8) == OpenAPIDocumentText.yaml)
    }

    @Test("/openapi.json is the same document as JSON, version 3.1")
    func openAPIJSON() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.object["openapi"] as? String == "3.1.0")
            #expect((response.object["paths"] as? [String: Any])?.count == 17)
            let responses = ((((response.object["paths"] as? [String: Any])?["/api/runs"] as? [String: Any])?["post"] as? [String: Any])?["responses"] as? [String: Any])
            #expect(responses?["202"] != nil && responses?["429"] != nil)
        }
        await fixture.close()
    }
}

@Suite("offtake serve: routes and errors")
struct RouteTests {
    @Test("health, scenarios, a scenario, pages and assets")
    func readOnlyRoutes() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok && health.object["status"] as? String == "ok")
            let list = try await client.execute(uri: "/api/scenarios", method: .get)
            let scenarios = try #require(list.object["scenarios"] as? [[String: Any]])
            #expect(scenarios.count == BuiltInScenarios.all.count)
            #expect(scenarios.filter { $0["default"] as? Bool == true }.count == 1)
            let one = try await client.execute(uri: "/api/scenarios/\(BuiltInScenarios.defaultName)", method: .get)
            #expect(one.object["text"] as? String == BuiltInScenarios.named(BuiltInScenarios.defaultName)?.text)
            let unknown = try await client.execute(uri: "/api/scenarios/openai-orcale-2027", method: .get)
            #expect(unknown.status == .notFound && unknown.errorCode == "not_found")
            #expect((unknown.object["error"] as? [String: Any])?["message"] as? String ?? "" != "")
            for page in ["/", "/editor", "/runs/abc", "/compare?a=1&b=2"] {
                let response = try await client.execute(uri: page, method: .get)
                #expect(response.status == .ok, "\(page)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                // No inline script: every <script> element loads the page's own script.
                let scripts = response.text.components(separatedBy: "<script").dropFirst()
                #expect(!scripts.isEmpty && scripts.allSatisfy { $0.hasPrefix(" src=\"/assets/\(WebAssets.scriptFile)\"") }, "\(page)")
            }
            let script = try await client.execute(uri: "/assets/\(WebAssets.scriptFile)", method: .get)
            #expect(script.status == .ok && script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(!script.text.contains("innerHTML"))
            let css = try await client.execute(uri: "/assets/\(WebAssets.styleSheetFile)", method: .get)
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
            let missing = try await client.execute(uri: "/assets/../openapi.yaml", method: .get)
            #expect(missing.status == .notFound)
            let noRoute = try await client.execute(uri: "/api/nothing", method: .get)
            #expect(noRoute.status == .notFound && noRoute.errorCode == "not_found")
        }
        await fixture.close()
    }

    @Test("validate: the warnings, and the checks that could not run; a refused run carries the warnings too")
    func validateWarnings() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let ineffective = ServerFixture.smallDeal.replacingOccurrences(of: "wacc: 9%", with: "wacc: 5%")
            let warned = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"],
                                                  body: ByteBuffer(string: ineffective))
            #expect(warned.status == .ok && warned.object["ok"] as? Bool == true)
            let warnings = try #require(warned.object["warnings"] as? [[String: Any]])
            #expect(warnings.count == 1)
            #expect(warnings.first?["path"] as? String == "providers[0].wacc")
            #expect(warnings.first?["message"] as? String
                    == "the build's discount rate is below the provider's cost of debt (medians of `wacc` and `interest_rate`)")
            #expect(warnings.first?["line"] as? Int == 22)
            #expect((warned.object["not_checked"] as? [String]) == [])

            let broken = ServerFixture.smallDeal.replacingOccurrences(of: "cash0: 2B", with: "cash0: lots")
            let refused = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: broken))
            #expect(refused.object["ok"] as? Bool == false)
            #expect((refused.object["not_checked"] as? [String]) == ["stresses", "model", "metrics"])

            let run = try await client.execute(uri: "/api/runs", method: .post, headers: jsonHeaders,
                                               body: ServerFixture.submission(scenario: ineffective.replacingOccurrences(of: "take_or_pay: 90%}", with: "take_or_pay: 150%}")))
            #expect(run.status == .unprocessableContent)
            let details = (run.object["error"] as? [String: Any])?["details"] as? [String: Any]
            #expect((details?["warnings"] as? [[String: Any]])?.map { $0["path"] as? String } == ["providers[0].wacc"], "\(run.object)")
        }
        await fixture.close()
    }

    @Test("validate: every problem with its line and column, for YAML and for JSON bodies")
    func validate() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let good = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"],
                                                body: ByteBuffer(string: ServerFixture.smallDeal))
            #expect(good.status == .ok && good.object["ok"] as? Bool == true && good.object["scenario"] as? String == "small")
            let bad = ServerFixture.smallDeal.replacingOccurrences(of: "cash0: 2B", with: "cash0: lots")
                .replacingOccurrences(of: "life_months: 72", with: "life_months: -3")
            let response = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: bad))
            #expect(response.object["ok"] as? Bool == false)
            let issues = try #require(response.object["issues"] as? [[String: Any]])
            #expect(issues.count >= 2)
            let lines = Set(issues.compactMap { $0["line"] as? Int })
            #expect(lines.contains(11) && lines.contains(14), "\(issues)")
            // JSON: the issue is located in the text as sent (line 3 of a pretty-printed body).
            let json = "{\n  \"name\": \"x\",\n  \"horizon\": 5\n}"
            let located = try await client.execute(uri: "/api/validate", method: .post, headers: jsonHeaders, body: ByteBuffer(string: json))
            let first = try #require((located.object["issues"] as? [[String: Any]])?.first { $0["path"] as? String == "horizon" })
            #expect(first["line"] as? Int == 3)
            let notJSON = try await client.execute(uri: "/api/validate", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{nope"))
            #expect(notJSON.status == .badRequest && notJSON.errorCode == "bad_request")
            let wrongType = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(string: "x"))
            #expect(wrongType.status.kind == .clientError)
            let notUTF8 = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(bytes: [0xff, 0xfe, 0x00]))
            #expect(notUTF8.status == .badRequest)
        }
        await fixture.close()
    }

    @Test("a run from submission to report: 202 with Location, progress, result, HTML report (en, fr), FOCUS CSV, list, metrics")
    func runLifecycle() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let (status, id, response) = try await client.submit(ServerFixture.submission(name: "small deal"))
            #expect(status == .accepted)
            let run = try #require(id)
            #expect(response.headers[.location] == "/api/runs/\(run)")
            let early = try await client.execute(uri: "/api/runs/\(run)/report", method: .get)
            #expect(early.status == .conflict || early.status == .ok)
            let detail = try await client.waitForEnd(run)
            #expect(detail["status"] as? String == "done", "\(detail)")
            #expect(detail["progress"] as? Double == 1)
            #expect(detail["schema"] as? String == "offtake.result/1")
            #expect((detail["result"] as? [String: Any])?["paths"] as? Int == 40)
            #expect((detail["submission"] as? [String: Any])?["name"] as? String == "small deal")
            let report = try await client.execute(uri: "/api/runs/\(run)/report", method: .get)
            #expect(report.status == .ok && report.text.hasPrefix("<!DOCTYPE html>") && report.text.contains("<html lang=\"en\""))
            let french = try await client.execute(uri: "/api/runs/\(run)/report?lang=fr", method: .get)
            #expect(french.text.contains("<html lang=\"fr\""))
            let badLang = try await client.execute(uri: "/api/runs/\(run)/report?lang=de", method: .get)
            #expect(badLang.status == .badRequest)
            let focus = try await client.execute(uri: "/api/runs/\(run)/export/focus", method: .get)
            #expect(focus.status == .ok && focus.text.hasPrefix("BilledCost,"))
            let list = try await client.execute(uri: "/api/runs?limit=5", method: .get)
            #expect(list.object["total"] as? Int == 1)
            #expect((list.object["runs"] as? [[String: Any]])?.first?["id"] as? String == run)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("offtake_runs{status=\"done\"} 1"))
            #expect(metrics.text.contains("offtake_paths_completed_total 40"))
            #expect(metrics.text.contains("offtake_queue_length 0"))
            // A finished run cannot be cancelled any more: cancel leaves it done.
            let cancel = try await client.execute(uri: "/api/runs/\(run)/cancel", method: .post)
            #expect(cancel.status == .ok && cancel.object["status"] as? String == "done")
            // DELETE removes the run, its result and its kept FOCUS rows.
            #expect(try fixture.server.store.export(run, format: "focus") != nil)
            let delete = try await client.execute(uri: "/api/runs/\(run)", method: .delete)
            #expect(delete.status == .noContent && delete.body.readableBytes == 0)
            #expect(try fixture.server.store.run(run) == nil && fixture.server.store.result(run) == nil)
            #expect(try fixture.server.store.export(run, format: "focus") == nil)
            for uri in ["/api/runs/\(run)", "/api/runs/\(run)/report", "/api/runs/\(run)/export/focus"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .notFound, "\(uri)")
            }
            #expect(try await client.execute(uri: "/api/runs/\(run)", method: .delete).status == .notFound)
            #expect(try await client.execute(uri: "/api/runs?limit=5", method: .get).object["total"] as? Int == 0)
        }
        await fixture.close()
    }

    @Test("the result equals offtake run's: same scenario, seed and paths give the same verdict values")
    func sameResultAsTheLibrary() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let (_, id, _) = try await client.submit(ServerFixture.submission(options: ["paths": 30, "seed": 11]))
            let run = try #require(id)
            _ = try await client.waitForEnd(run)
            // Decoded with JSONDecoder, which reads doubles exactly (JSONSerialization may not).
            struct Detail: Decodable {
                struct Result: Decodable { var verdict: [Line] }
                struct Line: Decodable { var id: String; var statistic: String; var value: Double }
                var result: Result
            }
            let response = try await client.execute(uri: "/api/runs/\(run)", method: .get)
            let verdict = try JSONDecoder().decode(Detail.self, from: Data(buffer: response.body)).result.verdict
            let scenario = try ScenarioLoader.load(text: ServerFixture.smallDeal)
            let outcome = try RunRequestProbe.run(scenario: scenario, seed: 11, paths: 30)
            #expect(verdict.count == outcome.count && !verdict.isEmpty)
            for line in verdict {
                let expected = try #require(outcome[line.id + "/" + line.statistic])
                #expect(line.value == expected, "\(line.id) \(line.statistic)")
            }
        }
        await fixture.close()
    }

    @Test("bad submissions: 422 with every problem located; 400 for a body that is not the API's; 415 for another media type")
    func badSubmissions() async throws {
        let fixture = try await ServerFixture.make { $0.maximumPaths = 1000 }
        try await fixture.application().test(.router) { client in
            let broken = ServerFixture.smallDeal.replacingOccurrences(of: "cash0: 2B", with: "cash0: lots")
            let (status, _, response) = try await client.submit(ServerFixture.submission(scenario: broken, options: ["paths": 5000, "kind": "run", "metrics": ["x"]]))
            #expect(status == .unprocessableContent && response.errorCode == "invalid_scenario")
            let issues = try #require(((response.object["error"] as? [String: Any])?["details"] as? [String: Any])?["issues"] as? [[String: Any]])
            #expect(issues.contains { $0["line"] as? Int == 14 })
            let tooMany = try await client.submit(ServerFixture.submission(options: ["paths": 5000, "metrics": ["x"]]))
            let paths = ((tooMany.response.object["error"] as? [String: Any])?["details"] as? [String: Any])?["issues"] as? [[String: Any]] ?? []
            #expect(Set(paths.compactMap { $0["path"] as? String }) == ["options.paths", "options.metrics"])
            let unknown = try await client.submit(ServerFixture.submission(scenario: nil, builtin: "gpu-neocluod"))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.response.text.contains("gpu-neocloud"))
            let stress = try await client.submit(ServerFixture.submission(options: ["kind": "stress", "stresses": ["nope"]]))
            #expect(stress.status == .unprocessableContent)
            let malformed = try await client.execute(uri: "/api/runs", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{\"options\": {\"paths\": \"many\"}}"))
            #expect(malformed.status == .badRequest && malformed.errorCode == "bad_request")
            #expect((malformed.object["error"] as? [String: Any])?["message"] as? String ?? "" != "")
            let extra = try await client.execute(uri: "/api/runs", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{\"colour\": 1}"))
            #expect(extra.status == .badRequest)
            let yaml = try await client.execute(uri: "/api/runs", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: "a: 1"))
            #expect(yaml.status.kind == .clientError)
            let list = try await client.execute(uri: "/api/runs?limit=0", method: .get)
            #expect(list.status == .badRequest)
            for (uri, method) in [("/api/runs/none", HTTPRequest.Method.get), ("/api/runs/none", .delete), ("/api/runs/none/cancel", .post), ("/api/runs/none/report", .get), ("/api/runs/none/export/focus", .get)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .notFound && response.errorCode == "not_found", "\(method) \(uri)")
            }
        }
        await fixture.close()
    }

    @Test("cancellation: a running run stops and stays cancelled; a queued one never starts")
    func cancellation() async throws {
        let fixture = try await ServerFixture.make { $0.workers = 1 }
        try await fixture.application().test(.router) { client in
            let first = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000])).id)
            let second = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000])).id)
            try await Task.sleep(for: .milliseconds(300))
            for id in [second, first] {
                let response = try await client.execute(uri: "/api/runs/\(id)/cancel", method: .post)
                #expect(response.status == .ok && response.object["status"] as? String == "cancelled")
            }
            try await Task.sleep(for: .seconds(1))
            for id in [first, second] {
                let detail = try await client.execute(uri: "/api/runs/\(id)", method: .get).object
                #expect(detail["status"] as? String == "cancelled")
                #expect(detail["result"] == nil)
            }
            #expect(try fixture.server.store.run(second)?.startedAt == nil)
            // The engine notices the cancellation at its next chunk of paths (slow in a debug build).
            let deadline = Date().addingTimeInterval(600)
            while fixture.server.queue.counts != (0, 0), Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
            let (queued, running) = fixture.server.queue.counts
            #expect(queued == 0 && running == 0)
            #expect(try await client.execute(uri: "/api/runs/\(first)", method: .get).object["status"] as? String == "cancelled")
        }
        await fixture.close()
    }

    @Test("DELETE of a running run cancels it and removes it for good, in both stores", arguments: [ServerFixture.StoreKind.file, .memory])
    func deleteRunning(store: ServerFixture.StoreKind) async throws {
        let fixture = try await ServerFixture.make(store: store) { $0.workers = 1 }
        try await fixture.application().test(.router) { client in
            let id = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000])).id)
            let deadline = Date().addingTimeInterval(600)
            while try fixture.server.store.run(id)?.status != .running, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let delete = try await client.execute(uri: "/api/runs/\(id)", method: .delete)
            #expect(delete.status == .noContent)
            #expect(try fixture.server.store.run(id) == nil)
            // The worker stops at its next chunk of paths and finds no run to write to: it stays gone.
            while fixture.server.queue.counts != (0, 0), Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(fixture.server.queue.counts == (0, 0))
            #expect(try fixture.server.store.run(id) == nil && fixture.server.store.result(id) == nil)
            try fixture.server.store.saveExport(id, format: "focus", document: Data("late".utf8))
            #expect(try fixture.server.store.export(id, format: "focus") == nil)
            #expect(try await client.execute(uri: "/api/runs/\(id)", method: .get).status == .notFound)
        }
        await fixture.close()
    }

    @Test("a full queue answers 429 with Retry-After; a body over the limit 413")
    func limits() async throws {
        let fixture = try await ServerFixture.make { $0.workers = 1; $0.queueCapacity = 1; $0.bodyLimit = 64 * 1024 }
        try await fixture.application().test(.router) { client in
            var ids: [String] = []
            for _ in 0..<2 {
                let (status, id, _) = try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000]))
                #expect(status == .accepted)
                ids.append(try #require(id))
                try await Task.sleep(for: .milliseconds(200))
            }
            let (status, _, response) = try await client.submit(ServerFixture.submission(options: ["paths": 1_000_000]))
            #expect(status == .tooManyRequests && response.errorCode == "queue_full")
            #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            for id in ids { _ = try await client.execute(uri: "/api/runs/\(id)/cancel", method: .post) }

            let big = ByteBuffer(string: "{\"scenario\": \"" + String(repeating: "x", count: 70 * 1024) + "\"}")
            let tooLarge = try await client.execute(uri: "/api/runs", method: .post, headers: jsonHeaders, body: big)
            #expect(tooLarge.status == .contentTooLarge && tooLarge.errorCode == "payload_too_large")
            let validate = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"], body: big)
            #expect(validate.status == .contentTooLarge)
        }
        await fixture.close()
    }

    @Test("with a token: the API, /metrics and /openapi.json need it (401 otherwise), the page shells, assets and /healthz do not")
    func token() async throws {
        let token = "s3cret-token-0123456789"
        let fixture = try await ServerFixture.make { $0.token = token }
        try await fixture.application().test(.router) { client in
            let none = try await client.execute(uri: "/api/runs", method: .get)
            #expect(none.status == .unauthorized && none.errorCode == "unauthorized" && none.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer s3cret-token-0123456780"])
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(right.status == .ok)
            let post = try await client.execute(uri: "/api/validate", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: "a: 1"))
            #expect(post.status == .unauthorized)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .unauthorized)
            for open in ["/", "/editor", "/compare", "/runs/some-run", "/healthz", "/assets/\(WebAssets.scriptFile)", "/assets/\(WebAssets.styleSheetFile)"] {
                #expect(try await client.execute(uri: open, method: .get).status == .ok, "\(open)")
            }
            #expect(try await client.execute(uri: "/openapi.json", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/nowhere", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/openapi.json", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .ok)
        }
        await fixture.close()
        #expect(TokenMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!TokenMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!TokenMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!TokenMiddleware<BasicRequestContext>.constantTimeEqual([], Array("a".utf8)))
    }

    @Test("binding to anything but loopback needs a token")
    func bindingRule() {
        var c = ServerConfiguration()
        #expect(c.problems().isEmpty)
        c.host = "0.0.0.0"
        #expect(c.problems() == [.tokenRequired(host: "0.0.0.0")])
        c.token = "short"
        #expect(c.problems().count == 1)
        c.token = "a-long-enough-token"
        #expect(c.problems().isEmpty)
        c.host = "::1"
        c.token = nil
        #expect(c.problems().isEmpty)
    }

    @Test("user-provided strings stay text: a scenario and a run named <script>alert(1)</script>")
    func escaping() async throws {
        let fixture = try await ServerFixture.make()
        let hostile = "<script>alert(1)</script>"
        // A scenario's name is an id (letters, digits, - and _); its title is free text.
        let scenario = ServerFixture.smallDeal.replacingOccurrences(of: "name: small\n", with: "name: small\ntitle: \"\(hostile)\"\n")
        try await fixture.application().test(.router) { client in
            let (status, id, _) = try await client.submit(ServerFixture.submission(scenario: scenario, name: hostile, options: ["paths": 20]))
            #expect(status == .accepted)
            let run = try #require(id)
            let detail = try await client.waitForEnd(run)
            #expect(detail["name"] as? String == hostile)
            let report = try await client.execute(uri: "/api/runs/\(run)/report", method: .get)
            #expect(report.status == .ok)
            #expect(!report.text.contains(hostile))
            #expect(report.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!report.text.contains("<script"))
        }
        await fixture.close()
    }
}

/// The library's own result for a scenario (what `offtake run` prints), by metric id.
enum RunRequestProbe {
    static func run(scenario: Scenario, seed: UInt64, paths: Int) throws -> [String: Double] {
        let outcome = try RunRequest(scenario: scenario, seed: seed, paths: 0..<paths, threads: 1).run()
        return Dictionary(outcome.result.verdict.map { ($0.metric.id + "/" + $0.statistic.rawValue, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}
