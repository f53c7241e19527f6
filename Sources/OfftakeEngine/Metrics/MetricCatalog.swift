import OfftakeModel

/// The metrics a run of a model writes, derived from the traversal that writes them
/// (`PathMetrics.visit`), so the catalogue cannot list a metric the engine does not write or miss one it
/// does. Objectives, constraints, `--metric` options and reports look ids up here.
public struct MetricCatalog: Sendable {
    /// Per-path metrics in the order a path writes them (the order of ``PathSimulator/metricValues(into:)``).
    public let definitions: [MetricDefinition]
    /// Monthly series ids (`buyer.openai.cash`, `market.demand`, …).
    public let seriesIDs: [String]
    /// The unit of each series, in `seriesIDs` order.
    public let seriesKinds: [MetricKind]
    /// Yearly aggregate ids.
    public let yearlyIDs: [String]
    let position: [String: Int]

    public init(model: SimulationModel) {
        var collector = DefinitionCollector()
        PathMetrics.visit(PathSimulator(model: model), &collector)
        definitions = collector.metrics
        seriesIDs = collector.series
        seriesKinds = collector.seriesKinds
        yearlyIDs = collector.yearly
        var position: [String: Int] = [:]
        for (i, d) in definitions.enumerated() where position[d.id] == nil { position[d.id] = i }
        self.position = position
    }

    /// Number of per-path metrics.
    public var count: Int { definitions.count }
    public var ids: [String] { definitions.map(\.id) }

    /// Position of metric `id` in a path's metric vector.
    public func index(of id: String) -> Int? { position[id] }

    public func definition(of id: String) -> MetricDefinition? { position[id].map { definitions[$0] } }

    /// Why `id` is not a per-path metric of this model (message and hint), or nil when it is one.
    public func problem(with id: String) -> (message: String, hint: String?)? {
        if position[id] != nil { return nil }
        if seriesIDs.contains(id) || yearlyIDs.contains(id) {
            return ("`\(id)` is a monthly series, not a per-path metric", "objectives, constraints and analyses use per-path metrics, e.g. \(definitions.first?.id ?? "buyer.<id>.default")")
        }
        let parts = id.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let scopes = ["buyer", "provider", "contract"]
        guard let scope = parts.first, scopes.contains(scope) else {
            return ("`\(id)` is not a metric id", "metric ids start with buyer., provider. or contract., e.g. \(definitions.first?.id ?? "buyer.<id>.default"); the `metrics` of `offtake run --json -` list every one")
        }
        let inScope = ids.filter { $0.hasPrefix(scope + ".") }
        let entities = Array(Set(inScope.map { $0.split(separator: ".")[1] }.map(String.init))).sorted()
        guard parts.count == 3, !parts[2].isEmpty else {
            return ("`\(id)` is incomplete", "write \(scope).<\(scope) id>.<metric>, e.g. \(inScope.first ?? "\(scope).<id>.<metric>")")
        }
        guard entities.contains(parts[1]) else {
            return ("no \(scope) `\(parts[1])` in this scenario", NameSuggestion.hint(for: parts[1], candidates: entities))
        }
        let prefix = "\(scope).\(parts[1])."
        let names = inScope.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        let elsewhere = inScope.filter { $0.hasSuffix("." + parts[2]) }.map { String($0.split(separator: ".")[1]) }
        if !elsewhere.isEmpty {
            return ("\(scope) `\(parts[1])` has no metric `\(parts[2])` in this scenario (\(Set(elsewhere).sorted().joined(separator: ", ")) \(elsewhere.count == 1 ? "has" : "have") one)",
                    parts[2].contains("leverage") || parts[2].contains("npv") || parts[2].contains("rating") || parts[2].contains("covenant")
                        ? "balance-sheet metrics need the provider's financials (and covenant_breach its leverage_covenant)" : nil)
        }
        return ("unknown \(scope) metric `\(parts[2])`", NameSuggestion.hint(for: parts[2], candidates: names))
    }

    /// The problems of the scenario's `objective` and `constraints` metric ids, with the paths of
    /// the fields that name them (`objective.maximize`, `constraints[1]`).
    public func issues(in scenario: Scenario) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        if let objective = scenario.objective, let problem = problem(with: objective.metric) {
            issues.append(ScenarioIssue(path: "objective.\(objective.direction.rawValue)", message: problem.message, found: objective.metric, hint: problem.hint))
        }
        for (i, constraint) in scenario.constraints.enumerated() {
            if let problem = problem(with: constraint.metric) {
                issues.append(ScenarioIssue(path: "constraints[\(i)]", message: problem.message, found: constraint.metric, hint: problem.hint))
            }
        }
        return issues
    }
}
