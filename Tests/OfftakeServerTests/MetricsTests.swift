import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OfftakeServer

@Suite("offtake serve: Prometheus metrics")
struct MetricsTests {
    /// The families docs/server.md lists: `| `name` | type | …` rows of its metrics table.
    static func documented() throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/server.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        let row = try Regex(#"^\| `([a-z_]+)` \| (counter|gauge|histogram) \|"#)
        return Set(text.split(separator: "\n").compactMap { line in
            (try? row.firstMatch(in: String(line))).map { "\($0.output[1].substring ?? "") \($0.output[2].substring ?? "")" }
        })
    }

    /// The families a scrape exposes: its `# TYPE name type` lines.
    static func exposed(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.dropFirst("# TYPE ".count)) })
    }

    @Test("a scrape exposes exactly the families docs/server.md lists, with their labels and values")
    func familiesAsDocumented() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let id = try #require(try await client.submit(ServerFixture.submission(options: ["paths": 40])).id)
            #expect(try await client.waitForEnd(id)["status"] as? String == "done")
            _ = try await client.execute(uri: "/api/runs/none", method: .get)
            let scrape = try await client.execute(uri: "/metrics", method: .get).text
            let documented = try Self.documented()
            #expect(!documented.isEmpty)
            #expect(Self.exposed(scrape) == documented,
                    "exposed only: \(Self.exposed(scrape).subtracting(documented)); documented only: \(documented.subtracting(Self.exposed(scrape)))")
            // Requests by route and status class (the route as the router matched it).
            #expect(scrape.contains(#"offtake_http_requests_total{route="/api/runs/{id}",method="GET",status_class="4xx"}"#))
            #expect(scrape.contains(#"offtake_http_request_duration_seconds_bucket{route="/api/runs",method="POST",status_class="2xx",le="#))
            // The run: its duration and paths per second by kind, and its wait in the queue.
            #expect(scrape.contains(#"offtake_run_duration_seconds_count{kind="run"} 1"#))
            #expect(scrape.contains(#"offtake_run_paths_per_second_count{kind="run"} 1"#))
            #expect(scrape.contains("offtake_queue_wait_seconds_count 1"))
            // The process: its resident memory (more than a mebibyte) and open files (at least standard input, output, error).
            let value = { (name: String) -> Double in
                scrape.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? -1
            }
            #expect(value("process_resident_memory_bytes") > 1_048_576)
            #expect(value("process_open_fds") >= 3)
            #expect(value("process_cpu_seconds_total") > 0)
        }
        await fixture.close()
    }
}
