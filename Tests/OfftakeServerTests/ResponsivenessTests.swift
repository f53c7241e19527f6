import Foundation
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OfftakeServer

/// Submissions are parsed and checked off the threads that serve requests and outside the run queue,
/// so that a burst of large scenarios does not hold up other requests.
@Suite("requests never wait behind submissions being parsed")
struct ResponsivenessTests {
    /// The small deal grown to at least `bytes` bytes of YAML: a stress every tenth line (each read
    /// and checked), comments between them (each scanned).
    static func largeScenario(bytes: Int) -> String {
        var text = ServerFixture.smallDeal
        var lines: [String] = []
        var size = text.utf8.count
        var i = 0
        while size < bytes {
            let line = i % 10 == 0
                ? "  bulk-\(i): {set: {contracts.main.take_or_pay: \(50 + i % 50)%, market.regimes.steady.funding_success: 60%}}\n"
                : "  # \(i): " + String(repeating: "a comment the scanner reads to its end ", count: 2) + "\n"
            lines.append(line)
            size += line.utf8.count
            i += 1
        }
        let marker = "stresses:\n"
        guard let at = text.range(of: marker) else { return text }
        text.insert(contentsOf: lines.joined(), at: at.upperBound)
        return text
    }

    /// The `total` duration of a response's `Server-Timing`, in milliseconds.
    static func serverMilliseconds(_ response: TestResponse) -> Double? {
        guard let field = response.headers[HTTPField.Name("Server-Timing")!], let range = field.range(of: "dur=") else { return nil }
        return Double(field[range.upperBound...])
    }

    @Test("/healthz answers within 50 ms on the server's clock while 1.3 MB scenarios are being parsed")
    func healthWhileParsing() async throws {
        // A queue that does not fill: a full queue answers 429 before parsing.
        let fixture = try await ServerFixture.make {
            $0.requestTimeout = 600
            $0.queueCapacity = 1_000
        }
        let text = Self.largeScenario(bytes: 1_300_000)
        #expect(text.utf8.count >= 1_300_000)
        let body = ServerFixture.submission(scenario: text, options: ["paths": 1])
        try await fixture.application().test(.router) { client in
            // One submission at a time: wait until its parse has started (a check place is taken), then ask
            // for /healthz for as long as the parse lasts. Nothing depends on how a loaded machine (two
            // cores, the whole suite in parallel) interleaves several submitters with the checking task:
            // a parse that ends before it is seen is simply followed by the next submission.
            var during: [Double] = []
            var statuses: [HTTPResponse.Status] = []
            let deadline = Date().addingTimeInterval(600)  // a loaded CI machine: minutes per submission are possible
            while during.count < 10, statuses.count < 200, Date() < deadline {
                let finished = StopFlag()
                let submission = Task {
                    defer { finished.set() }
                    return try await client.submit(body).status
                }
                while fixture.server.checks.inFlight == 0 && !finished.isSet && Date() < deadline {
                    try await Task.sleep(for: .milliseconds(1))
                }
                while fixture.server.checks.inFlight > 0 && during.count < 10 {
                    let response = try await client.execute(uri: "/healthz", method: .get)
                    #expect(response.status == .ok)
                    let milliseconds = try #require(Self.serverMilliseconds(response))
                    // Counted when the parse was still going on after the answer: it overlapped the check.
                    if fixture.server.checks.inFlight > 0 { during.append(milliseconds) }
                }
                statuses.append(try await submission.value)
            }
            #expect(during.count >= 10, "health checks answered during a parse: \(during.count) over \(statuses.count) submissions")
            // 50 ms: a health check does no work of its own (microseconds); anything near the bound
            // means it waited for a parse.
            #expect(during.allSatisfy { $0 < 50 }, "server-side durations of /healthz: \(during)")
            #expect(statuses.allSatisfy { $0 == .accepted || $0 == .unprocessableContent || $0 == .tooManyRequests }, "\(statuses)")
        }
        await fixture.close()
    }

    @Test("every response says how long the server took (Server-Timing)")
    func serverTiming() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            for uri in ["/healthz", "/api/runs", "/no-such-route"] {
                let response = try await client.execute(uri: uri, method: .get)
                let milliseconds = try #require(Self.serverMilliseconds(response), "\(uri)")
                #expect(milliseconds >= 0)
            }
        }
        await fixture.close()
    }
}

/// A flag one task sets and another reads (``ResponsivenessTests``: a submission has finished).
final class StopFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
