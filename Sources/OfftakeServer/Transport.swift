import Foundation

// The one place where the API's generated transport types (`Generated/`, from openapi.yaml) and the
// server's own types meet. Handlers convert at the edge; the queue, the jobs and the store never see a
// generated type.

extension Submission {
    init(_ body: Components.Schemas.RunSubmission) {
        self.init(scenario: Scenario(text: body.scenario, builtin: body.builtin), name: body.name, options: Options(body.options ?? .init()))
    }
}

extension Submission.Options {
    init(_ o: Components.Schemas.RunOptions) {
        self.init(kind: o.kind.map { Submission.Kind(rawValue: $0.rawValue)! }, paths: o.paths, seed: o.seed, set: o.set,
                  stress: o.stress, stresses: o.stresses, method: o.method.map { Submission.Method(rawValue: $0.rawValue)! },
                  metrics: o.metrics, compareTo: o.compareTo.map { .init(text: $0.scenario, builtin: $0.builtin) },
                  compareSet: o.compareSet, decisions: o.decisions, maximize: o.maximize, minimize: o.minimize, constraints: o.constraints)
    }
}

extension Components.Schemas.RunSubmission {
    init(_ s: Submission) {
        self.init(scenario: s.scenario.text, builtin: s.scenario.builtin, name: s.name, options: .init(s.options))
    }
}

extension Components.Schemas.RunOptions {
    init(_ o: Submission.Options) {
        self.init(kind: o.kind.map { Components.Schemas.RunKind(rawValue: $0.rawValue)! }, paths: o.paths, seed: o.seed, set: o.set,
                  stress: o.stress, stresses: o.stresses, method: o.method.map { MethodPayload(rawValue: $0.rawValue)! },
                  metrics: o.metrics, compareTo: o.compareTo.map { .init(scenario: $0.text, builtin: $0.builtin) },
                  compareSet: o.compareSet, decisions: o.decisions, maximize: o.maximize, minimize: o.minimize, constraints: o.constraints)
    }
}

extension Components.Schemas.RunSummary {
    init(_ run: StoredRun) {
        self.init(id: run.id, name: run.name, scenario: run.scenario, kind: Components.Schemas.RunKind(rawValue: run.kind) ?? .run,
                  status: Components.Schemas.RunStatus(rawValue: run.status.rawValue) ?? .failed, progress: min(1, max(0, run.progress)),
                  paths: run.paths, seed: run.seed, createdAt: run.createdAt, startedAt: run.startedAt, finishedAt: run.finishedAt,
                  seconds: run.seconds, error: run.error)
    }
}

extension Components.Schemas.Issue {
    init(_ i: SubmissionIssue) {
        self.init(path: i.path, line: i.line, column: i.column, message: i.message, hint: i.hint)
    }
}
