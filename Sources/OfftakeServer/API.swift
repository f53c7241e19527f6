import Foundation
import HTTPTypes
import NIOCore
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO
import OpenAPIRuntime
import Synchronization

/// An error with its HTTP status, written as `{"error": {"code", "message", "details"}}` by
/// ``ErrorMiddleware``.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// JSON of `details`, when there are any.
    var details: Data?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: Data? = nil, headers: HTTPFields = [:]) {
        (self.status, self.code, self.message, self.details, self.headers) = (status, code, message, details, headers)
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", what) }
}

/// The request body as received, for routes that report line:column in it whatever its content type
/// (set by ``BodyLimitMiddleware``, which has collected the body anyway).
enum RawBody {
    @TaskLocal static var current: ByteBuffer?
}

/// The API's operations (the protocol is generated from `openapi.yaml`, so a route and its
/// specification cannot drift apart).
struct API: APIProtocol {
    let store: any RunStore
    let queue: RunQueue
    let metrics: ServerMetrics
    let configuration: ServerConfiguration
    let document: OpenAPIObjectContainer
    let checks: SubmissionChecks

    // MARK: Service

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let (queued, running) = queue.counts
        return .ok(.init(body: .json(.init(status: .ok, version: configuration.version, queued: queued, running: running,
                                           workers: queue.workers, capacity: queue.capacity))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(try metrics.exposition(store: store)))))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .json(document)))
    }

    // MARK: Scenarios

    func validateScenario(_ input: Operations.ValidateScenario.Input) async throws -> Operations.ValidateScenario.Output {
        let text: String
        switch input.body {
        case .yaml(let body), .plainText(let body): text = try await Self.text(of: body, limit: configuration.bodyLimit)
        case .json(let object):
            if let raw = RawBody.current { text = String(decoding: raw.readableBytesView, as: UTF8.self) } else {
                text = String(decoding: try JSONEncoder().encode(object), as: UTF8.self)
            }
        }
        let report: Components.Schemas.ValidationReport
        switch try await offThread({ Result { () throws(PreparedScenario.Failure) in try PreparedScenario.prepare(.text(text)) } }) {
        case .success(let prepared):
            report = .init(ok: true, scenario: prepared.scenario.name, issues: [],
                           warnings: RunJob.warnings(prepared.warnings, check: prepared.check).map(Components.Schemas.Issue.init), notChecked: [])
        case .failure(let failure):
            report = .init(ok: false, scenario: nil, issues: RunJob.issues(failure).map(Components.Schemas.Issue.init),
                           warnings: RunJob.warnings(failure.warnings, check: failure.check).map(Components.Schemas.Issue.init),
                           notChecked: failure.notChecked.map(\.rawValue))
        }
        return .ok(.init(body: .json(report)))
    }

    func listScenarios(_ input: Operations.ListScenarios.Input) async throws -> Operations.ListScenarios.Output {
        let list = BuiltInScenarios.all.map {
            Components.Schemas.ScenarioInfo(name: $0.name, summary: $0.summary, _default: $0.name == BuiltInScenarios.defaultName)
        }
        return .ok(.init(body: .json(.init(scenarios: list))))
    }

    func getScenario(_ input: Operations.GetScenario.Input) async throws -> Operations.GetScenario.Output {
        guard let entry = BuiltInScenarios.named(input.path.name) else {
            throw APIError(.notFound, "not_found", "no built-in scenario `\(input.path.name)`; "
                           + NameSuggestion.hint(for: input.path.name, candidates: BuiltInScenarios.all.map(\.name)))
        }
        return .ok(.init(body: .json(.init(name: entry.name, summary: entry.summary, text: entry.text))))
    }

    // MARK: Runs

    /// The document's bounds on a submission (lengths, list sizes, numbers).
    static let submissionBounds = (try? OpenAPIDocument.dictionary()).flatMap { SchemaBounds(document: $0, schema: "RunSubmission") }

    func createRun(_ input: Operations.CreateRun.Input) async throws -> Operations.CreateRun.Output {
        guard case .json(let body) = input.body else { throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the submission as application/json") }
        do {
            try queue.checkRoom()
            let (maximumPaths, threads) = (queue.maximumPaths, queue.threads)
            // The submission's bounds are checked and its scenario parsed on a thread of its own, within the
            // request timeout, by at most `checks.limit` submissions at once: never on the threads that serve
            // requests (a megabyte of JSON re-read against the document's bounds is seconds of work in a
            // debug build), nor inside the queue, so `/healthz` and every other request answer meanwhile.
            guard checks.enter() else { throw RunQueue.Full(retryAfter: 5) }
            defer { checks.leave() }
            let made = try await offThread {
                let beyond = Self.submissionBounds?.problems(try JSONSerialization.jsonObject(with: JSONEncoder().encode(body))) ?? []
                guard beyond.isEmpty else { throw APIError(.badRequest, "bad_request", beyond.joined(separator: "; ")) }
                let submission = Submission(body)
                return (RunJob.make(submission, maximumPaths: maximumPaths, threads: threads), submission)
            }
            let submission = made.1
            let run: StoredRun
            switch made.0 {
            case .success(let job): run = try await queue.submit(job, submission)
            case .failure(let rejected):
                let failure = Components.Schemas.ValidationFailure(error: .init(
                    code: "invalid_scenario", message: Self.summary(of: rejected.all),
                    details: .init(issues: rejected.all.map(Components.Schemas.Issue.init), warnings: rejected.warnings.map(Components.Schemas.Issue.init))))
                return .unprocessableContent(.init(body: .json(failure)))
            }
            let location = "/api/runs/\(run.id)"
            return .accepted(.init(headers: .init(location: location), body: .json(.init(id: run.id, status: .queued, location: location))))
        } catch let full as RunQueue.Full {
            return .tooManyRequests(.init(headers: .init(retryAfter: full.retryAfter), body: .json(.init(error: .init(
                code: "queue_full", message: "the run queue is full (\(queue.capacity) waiting); try again in \(full.retryAfter) s")))))
        }
    }

    func listRuns(_ input: Operations.ListRuns.Input) async throws -> Operations.ListRuns.Output {
        let limit = input.query.limit ?? 20, offset = input.query.offset ?? 0
        guard (1...100).contains(limit) else { throw APIError(.badRequest, "bad_request", "limit must be between 1 and 100, got \(limit)") }
        guard offset >= 0 else { throw APIError(.badRequest, "bad_request", "offset must be at least 0, got \(offset)") }
        let page = try store.page(offset: offset, limit: limit)
        return .ok(.init(body: .json(.init(runs: page.runs.map(Components.Schemas.RunSummary.init), total: page.total, offset: offset, limit: limit))))
    }

    func getRun(_ input: Operations.GetRun.Input) async throws -> Operations.GetRun.Output {
        let run = try stored(input.path.id)
        let submission = try run.decodedSubmission()
        var result: OpenAPIValueContainer?
        if run.status == .done, let data = try store.result(run.id) {
            result = try await offThread { try JSONDecoder().decode(OpenAPIValueContainer.self, from: data) }
        }
        return .ok(.init(body: .json(.init(value1: .init(run), value2: .init(
            options: .init(submission.options), submission: .init(submission), schema: run.resultSchema, result: result)))))
    }

    func cancelRun(_ input: Operations.CancelRun.Input) async throws -> Operations.CancelRun.Output {
        _ = try stored(input.path.id)
        guard let run = try await queue.cancel(input.path.id) else { throw APIError.notFound("no run `\(input.path.id)`") }
        return .ok(.init(body: .json(.init(run))))
    }

    /// Removes the run, its result and its kept exports and reports; a queued or running run is
    /// cancelled first (its worker stops at its next chunk of paths and finds no run to write to).
    func deleteRun(_ input: Operations.DeleteRun.Input) async throws -> Operations.DeleteRun.Output {
        let run = try stored(input.path.id)
        if !run.status.isFinished { _ = try await queue.cancel(run.id) }
        guard try store.delete(run.id) else { throw APIError.notFound("no run `\(input.path.id)`") }
        return .noContent(.init())
    }

    /// The result document as stored. ``DeliveryMiddleware`` serves it from the stored bytes first;
    /// this answers what it leaves (a run not done: 409) and any other spelling of the route.
    func getRunResult(_ input: Operations.GetRunResult.Input) async throws -> Operations.GetRunResult.Output {
        let (_, data) = try finished(input.path.id)
        return .ok(.init(body: .json(try await offThread { try JSONDecoder().decode(OpenAPIValueContainer.self, from: data) })))
    }

    /// The HTML report, rendered at the first request in each language and then kept in the store.
    func getRunReport(_ input: Operations.GetRunReport.Input) async throws -> Operations.GetRunReport.Output {
        let (run, data) = try finished(input.path.id)
        let language: ReportLanguage = input.query.lang == .fr ? .fr : .en
        let format = "report-\(language.rawValue)"
        if let kept = try store.export(run.id, format: format) { return .ok(.init(body: .html(HTTPBody(kept)))) }
        let version = configuration.version
        let html = try await offThread { () throws -> Data in
            Data(try DocumentRenderer.html(data, origin: Self.origin(of: run), language: language, version: version, seconds: run.seconds).utf8)
        }
        try store.saveExport(run.id, format: format, document: html)
        return .ok(.init(body: .html(HTTPBody(html))))
    }

    /// The FOCUS rows of the run's scenario and seed (as `offtake export focus` with its defaults),
    /// computed at the first request and kept in the store.
    func exportRunFocus(_ input: Operations.ExportRunFocus.Input) async throws -> Operations.ExportRunFocus.Output {
        let (run, _) = try finished(input.path.id)
        if let kept = try store.export(run.id, format: "focus") { return .ok(.init(body: .csv(HTTPBody(kept)))) }
        // The export simulates: it takes one of the queue's workers or is answered 429.
        do {
            try await queue.lend()
        } catch {
            throw APIError(.tooManyRequests, "queue_full", "every worker is busy; try again in \(error.retryAfter) s",
                           headers: [.retryAfter: String(error.retryAfter)])
        }
        let csv: Data
        do {
            csv = try await offThread { () throws -> Data in
                let submission = try run.decodedSubmission()
                var ignored: [SubmissionIssue] = []
                guard let source = RunJob.scenarioSource(submission.scenario, field: "", issues: &ignored),
                      let set = RunJob.overrides(submission.options.set ?? [], field: "", issues: &ignored),
                      let job = try? Job.resolve(JobRequest(scenario: source, overrides: set, kind: .export(), paths: FocusExport.defaultPaths,
                                                            seed: UInt64(bitPattern: run.seed))) else {
                    throw APIError(.conflict, "conflict", "the run's scenario no longer reads; submit it again")
                }
                return try job.execute().encoded()
            }
        } catch {
            await queue.giveBack()
            throw error
        }
        await queue.giveBack()
        try store.saveExport(run.id, format: "focus", document: csv)
        return .ok(.init(body: .csv(HTTPBody(csv))))
    }

    // MARK: Pages

    func getHomePage(_ input: Operations.GetHomePage.Input) async throws -> Operations.GetHomePage.Output {
        .ok(.init(body: .html(HTTPBody(WebPages.home.html()))))
    }

    func getEditorPage(_ input: Operations.GetEditorPage.Input) async throws -> Operations.GetEditorPage.Output {
        .ok(.init(body: .html(HTTPBody(WebPages.editor.html()))))
    }

    func getRunPage(_ input: Operations.GetRunPage.Input) async throws -> Operations.GetRunPage.Output {
        .ok(.init(body: .html(HTTPBody(WebPages.run.html()))))
    }

    func getComparePage(_ input: Operations.GetComparePage.Input) async throws -> Operations.GetComparePage.Output {
        .ok(.init(body: .html(HTTPBody(WebPages.compare.html()))))
    }

    func getAsset(_ input: Operations.GetAsset.Input) async throws -> Operations.GetAsset.Output {
        switch input.path.file {
        case WebAssets.scriptFile: return .ok(.init(body: .textJavascript(HTTPBody(WebAssets.script))))
        case WebAssets.styleSheetFile: return .ok(.init(body: .textCss(HTTPBody(WebAssets.styleSheet))))
        default: throw APIError.notFound("no asset `\(input.path.file)`")
        }
    }

    // MARK: Helpers

    func stored(_ id: String) throws -> StoredRun {
        guard let run = try store.run(id) else { throw APIError.notFound("no run `\(id)`") }
        return run
    }

    /// A run that is done and its result document; 409 otherwise.
    func finished(_ id: String) throws -> (StoredRun, Data) {
        let run = try stored(id)
        guard run.status == .done, let data = try store.result(id) else {
            throw APIError(.conflict, "conflict", "the run is \(run.status.rawValue); its result, report and exports exist once it is done")
        }
        return (run, data)
    }

    /// The scenario a run was of (its text and the scenario with its overrides), for the report.
    static func origin(of run: StoredRun) throws -> DocumentRenderer.Origin {
        let submission = try run.decodedSubmission()
        var ignored: [SubmissionIssue] = []
        guard let source = RunJob.scenarioSource(submission.scenario, field: "", issues: &ignored) else { return .init() }
        guard let set = RunJob.overrides(submission.options.set ?? [], field: "", issues: &ignored) else { return .init(assumptions: source.read().assumptions) }
        do {
            let prepared = try PreparedScenario.prepare(source, overrides: set)
            return .init(assumptions: prepared.assumptions, scenario: prepared.scenario)
        } catch {
            return .init(assumptions: error.check.assumptions)
        }
    }

    static func text(of body: HTTPBody, limit: Int) async throws -> String {
        let bytes = try await [UInt8](collecting: body, upTo: limit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.badRequest, "bad_request", "the body is not UTF-8 text")
        }
        return text
    }

    static func summary(of issues: [SubmissionIssue]) -> String {
        "\(issues.count) problem\(issues.count == 1 ? "" : "s"): " + issues.prefix(3).map { i in
            (i.path.isEmpty ? "" : i.path + (i.line.map { " (line \($0))" } ?? "") + ": ") + i.message
        }.joined(separator: "; ") + (issues.count > 3 ? "; …" : "")
    }

    /// CPU work (parsing, rendering, exports) off the threads that serve requests, within the request
    /// timeout (503 `timeout` beyond it).
    func offThread<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws -> T {
        do {
            return try await onDedicatedThread(timeout: configuration.requestTimeout) { try body() }
        } catch let timedOut as TimedOut {
            throw APIError(.serviceUnavailable, "timeout", "the request took longer than \(Int(timedOut.seconds)) s", headers: [.retryAfter: "5"])
        }
    }
}

/// Submissions being parsed and checked now: at most `limit` at once (each holds a thread of its own
/// for up to the request timeout); beyond, a submission is answered 429 at once.
final class SubmissionChecks: Sendable {
    let limit: Int
    private let count = Mutex(0)

    init(limit: Int) { self.limit = max(1, limit) }

    var inFlight: Int { count.withLock { $0 } }

    /// Takes a place; false when all are taken.
    func enter() -> Bool {
        count.withLock { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    func leave() { count.withLock { $0 -= 1 } }
}
