import ArgumentParser
import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeRandom
import OfftakeReport
import OfftakeScenarioIO

/// Terminal tables of the analyses (paired differences are shown as `Δ ± 1.96 s.e.`).
enum AnalysisText {
    static func value(_ x: Double, _ id: String, _ catalog: MetricCatalog, error: Bool = false) -> String {
        RunReport.format(x, kind: catalog.definition(of: id)?.kind ?? .money, id: id, error: error)
    }

    static func difference(_ d: Double, _ se: Double?, _ id: String, _ catalog: MetricCatalog) -> String {
        let sign = d > 0 ? "+" : ""
        let shown = sign + value(d, id, catalog)
        guard let se else { return shown }
        return shown + " ± " + value(1.959963984540054 * se, id, catalog, error: true)
    }

    /// A parameter value in its unit: `$20.0B`, `1,200 MW`, `35.0%`, `6`.
    static func parameter(_ x: Double, _ kind: QuantityKind) -> String {
        switch kind {
        case .money, .monthlyMoney: return RunReport.money(x) + (kind == .monthlyMoney ? "/mo" : "")
        case .capacity: return RunReport.grouped(Int(x.rounded())) + " MW"
        case .fraction, .annualRate: return RunReport.percent(x)
        case .months: return Distribution.display(x) + " mo"
        default: return Distribution.display(x)
        }
    }

    /// Runs an analysis job with a progress bar over its paths; a failure is printed against its
    /// scenario and becomes its exit status.
    static func execute(_ job: Job) throws -> JobDocument {
        let bar = ProgressBar(total: job.progressTotal)
        defer { bar?.finish() }
        do {
            return try job.execute(control: bar.control)
        } catch {
            throw fail(error, source: job.prepared.label)
        }
    }

    /// Maps an analysis failure to a message and exit status (65: the scenario or its variant is invalid).
    static func fail(_ error: any Error, source: String) -> ExitCode {
        switch error {
        case let status as ExitCode: return status
        case is RunCancelled:
            Diagnostics.printError("cancelled")
            return ExitCode.failure
        case let setup as RunRequest.SetupError:
            Diagnostics.printError("\(source): error: \(setup)")
            if case .stress(let issues) = setup, !issues.unknownPaths.isEmpty { return ExitStatus.usage }
            return ExitStatus.dataError
        default:
            Diagnostics.printError("\(source): error: \(error)")
            return ExitStatus.dataError
        }
    }
}

extension Offtake {
    /// `offtake stress [FILE]`: the base and every named stress on the same random numbers.
    struct Stress: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the base scenario and its named stresses on the same random numbers; show what each stress changes.",
            discussion: """
                For every verdict line: the base value, the stressed value, and the paired difference with \
                ± 1.96 standard errors (for medians and other quantiles, from 20 batches of paths). \
                Paths default to 10,000 (or $OFFTAKE_PATHS).
                Examples:
                  offtake stress                                  every stress of the built-in scenario
                  offtake stress my-deal.yaml --only funding-freeze --only demand-winter --json stress.json
                """
        )
        @OptionGroup var input: ScenarioOptions
        @OptionGroup var simulation: SimulationOptions
        @Option(help: "Run only this stress (repeatable).")
        var only: [String] = []
        @Option(help: "Write the offtake.stress/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let job = try input.job(.stress(only: only.isEmpty ? nil : only), simulation: simulation)
            guard case .stress(let report) = try AnalysisText.execute(job) else { throw ExitCode.failure }
            if json != "-" { print(text(report, catalog: job.prepared.catalog)) }
            if let json { try OutputFile.write(try OutputFile.json(report), to: json) }
        }

        func text(_ report: StressReport, catalog: MetricCatalog) -> String {
            var out = ["\(report.scenario): stresses on the same \(RunReport.grouped(report.paths)) paths (seed \(report.seed))", ""]
            for stress in report.stresses {
                out.append("  \(stress.name): " + ([stress.forceRegime.map { "regime \($0)" }].compactMap { $0 } + stress.set).joined(separator: "; "))
            }
            out.append("")
            for (k, stress) in report.stresses.enumerated() {
                var rows: [[String]] = [["STRESS \(stress.name)", "base", "stressed", "Δ ± 1.96 s.e."]]
                for row in report.rows {
                    let cell = row.stressed[k]
                    let id = row.line.metric.id
                    rows.append([VerdictWording.label(row.line, .en), AnalysisText.value(row.base, id, catalog), AnalysisText.value(cell.value, id, catalog),
                                 AnalysisText.difference(cell.difference, cell.standardError, id, catalog)])
                }
                out.append(RunReport.table(rows, rightAligned: [1, 2, 3]))
                out.append("")
            }
            out.append("Δ = stressed − base on the same paths; ± 1.96 paired standard errors (quantiles: 20 batches of paths).")
            return out.joined(separator: "\n")
        }
    }

    /// `offtake compare A [B]`: two scenarios side by side on the same random numbers.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two scenarios (two files, or one file and --set overrides) on the same random numbers.",
            discussion: """
                Shows both values and the paired difference B − A with ± 1.96 standard errors for every verdict \
                line; the JSON has every metric both scenarios write. Paths default to 10,000 (or $OFFTAKE_PATHS).
                Examples:
                  offtake compare deal.yaml deal-v2.yaml
                  offtake compare deal.yaml --set contracts.oracle-2027.take_or_pay=80%
                  offtake compare deal.yaml deal.yaml            (exactly zero difference)
                """
        )
        @Argument(help: "Scenario A (file or built-in name).")
        var a: String
        @Argument(help: "Scenario B (default: A with the --set overrides).")
        var b: String?
        @Option(name: .customLong("set"), help: ArgumentHelp("Override a numeric parameter of B: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
        var overrides: [String] = []
        @OptionGroup var simulation: SimulationOptions
        @Option(help: "Write the offtake.compare/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            for assignment in overrides where ScenarioOverrides.parse(assignment) == nil {
                throw ValidationError("--set expects PATH=VALUE, e.g. --set contracts.oracle-2027.take_or_pay=80%; got `\(assignment)`")
            }
            if b == nil && overrides.isEmpty { throw ValidationError("give a second scenario B, or --set overrides that make B from A") }
            try ScenarioInput.checkFileArgument(a)
            if let b { try ScenarioInput.checkFileArgument(b) }
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let set = overrides.compactMap(ScenarioOverrides.parse)
            let labels = (a, b.map { $0 == a ? "\($0) (again)" : $0 } ?? "\(a) with --set")
            let job = try ScenarioInput.resolve(JobRequest(
                scenario: try ScenarioInput.source(a), kind: .compare(with: try b.map(ScenarioInput.source), overrides: set, labels: labels),
                paths: simulation.requestedPaths, seed: simulation.seed, threads: simulation.threads))
            guard case .compare(let report) = try AnalysisText.execute(job) else { throw ExitCode.failure }
            let catalog = job.prepared.catalog
            if json != "-" {
                var rows: [[String]] = [["COMPARE", "A", "B", "B − A ± 1.96 s.e."]]
                for row in report.verdict {
                    let id = row.line.metric.id
                    rows.append([VerdictWording.label(row.line, .en), AnalysisText.value(row.a, id, catalog), AnalysisText.value(row.b, id, catalog),
                                 AnalysisText.difference(row.difference, row.standardError, id, catalog)])
                }
                print("A = \(report.a)\nB = \(report.b)" + (set.isEmpty ? "" : ": " + set.map { "\($0.path)=\($0.value)" }.joined(separator: ", ")))
                print("Same \(RunReport.grouped(report.paths)) paths (seed \(report.seed)) for both.\n")
                print(RunReport.table(rows, rightAligned: [1, 2, 3]))
                if !report.onlyInA.isEmpty || !report.onlyInB.isEmpty {
                    print("\nMetrics only in A: \(report.onlyInA.count), only in B: \(report.onlyInB.count) (listed in the JSON).")
                }
            }
            if let json { try OutputFile.write(try OutputFile.json(report), to: json) }
        }
    }

    /// `offtake sensitivity [FILE] --metric ID...`: which inputs drive a metric.
    struct Sensitivity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which uncertain inputs drive a metric: tornado swings or Sobol indices.",
            discussion: """
                tornado: each uncertain parameter at its 10th and 90th percentile, the others drawn as usual, on \
                the same paths; bars sorted by |swing| with ± 1.96 paired standard errors (default 2,000 paths).
                sobol: first-order and total-effect indices (Saltelli 2010 / Jansen) of every uncertain parameter \
                and of the path's other randomness (market shocks, regimes, events), with bootstrap 95 % \
                intervals; correlated parameters form one group (default N = 1,000 rows; cost N × (groups + 2) paths).
                Examples:
                  offtake sensitivity --metric contract.oracle-2027.paid_in_full
                  offtake sensitivity --method sobol --metric buyer.openai.default --group market='market.*'
                """
        )
        @OptionGroup var input: ScenarioOptions
        @OptionGroup var simulation: SimulationOptions
        @Option(help: "Metric id to explain (repeatable). Default: the first contract's paid_in_full and its buyer's default.")
        var metric: [String] = []
        @Option(help: "tornado or sobol.")
        var method: JobRequest.SensitivityMethod = .tornado
        @Option(help: ArgumentHelp("Gather parameters into one input group: NAME=PATTERN[,PATTERN…], * matches any text (repeatable).", valueName: "NAME=PATTERNS"))
        var group: [String] = []
        @Option(help: "Bars shown per metric in the terminal (the JSON has all).")
        var top = 15
        @Option(help: "Write the offtake.sensitivity/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            for g in group where !g.contains("=") || g.hasPrefix("=") || g.hasSuffix("=") {
                throw ValidationError("--group expects NAME=PATTERN[,PATTERN…], e.g. --group market='market.*'; got `\(g)`")
            }
            if top < 1 { throw ValidationError("--top must be at least 1") }
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let patterns = group.map { g -> (name: String, patterns: [String]) in
                let eq = g.firstIndex(of: "=")!
                return (String(g[..<eq]), g[g.index(after: eq)...].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
            }
            let job = try input.job(.sensitivity(method: method, metrics: metric, groups: patterns), simulation: simulation)
            for (name, list) in job.unmatchedGroups {
                Diagnostics.printError("warning: --group \(name): no uncertain parameter matches \(list.joined(separator: ", "))")
            }
            guard case .sensitivity(let report) = try AnalysisText.execute(job) else { throw ExitCode.failure }
            if json != "-" { print(text(report, catalog: job.prepared.catalog, scenario: job.prepared.scenario)) }
            if let json { try OutputFile.write(try OutputFile.json(report), to: json) }
        }

        func text(_ report: SensitivityReport, catalog: MetricCatalog, scenario: Scenario) -> String {
            var out: [String] = []
            for result in report.metrics {
                let id = result.metric
                if let bars = result.tornado {
                    out.append("TORNADO \(id) (mean \(AnalysisText.value(result.mean, id, catalog)); \(RunReport.grouped(report.paths)) paths per bar end, seed \(report.seed))")
                    let shown = bars.prefix(top)
                    let widest = shown.map { abs($0.swing) }.max() ?? 0
                    let kinds = Dictionary(scenario.parameterSlots.map { ($0.path, $0.kind) }, uniquingKeysWith: { a, _ in a })
                    var rows: [[String]] = [["parameter (p10 → p90)", "at p10", "at p90", "swing ± 1.96 s.e.", ""]]
                    for bar in shown {
                        let length = widest > 0 ? Int((abs(bar.swing) / widest * 20).rounded()) : 0
                        let drawn = String(repeating: bar.swing >= 0 ? "█" : "▒", count: length)
                        let kind = kinds[bar.parameter] ?? .number
                        rows.append(["\(bar.parameter) (\(AnalysisText.parameter(bar.low, kind)) → \(AnalysisText.parameter(bar.high, kind)))",
                                     AnalysisText.value(bar.atLow, id, catalog), AnalysisText.value(bar.atHigh, id, catalog),
                                     AnalysisText.difference(bar.swing, bar.standardError, id, catalog), drawn])
                    }
                    out.append(RunReport.table(rows, rightAligned: [1, 2, 3]))
                    if bars.count > shown.count { out.append("… \(bars.count - shown.count) more in the JSON") }
                    out.append("█ raises the metric as the parameter goes from p10 to p90, ▒ lowers it.")
                }
                if let sobol = result.sobol {
                    out.append("SOBOL \(id) (mean \(AnalysisText.value(result.mean, id, catalog)), variance explained over \(RunReport.grouped(sobol.rows)) rows, seed \(report.seed))")
                    var rows: [[String]] = [["input group", "first order [95%]", "total effect [95%]", ""]]
                    func cell(_ x: Double, _ ci: [Double]) -> String { "\(fixed(x)) [\(fixed(ci[0])), \(fixed(ci[1]))]" }
                    for bar in sobol.groups.prefix(top) {
                        let length = bar.total.isFinite ? Int((max(0, min(1, bar.total)) * 20).rounded()) : 0
                        rows.append([bar.group, cell(bar.firstOrder, bar.firstOrder95), cell(bar.total, bar.total95), String(repeating: "█", count: length)])
                    }
                    out.append(RunReport.table(rows, rightAligned: [1, 2]))
                    if sobol.groups.count > top { out.append("… \(sobol.groups.count - top) more in the JSON") }
                    out.append("First order: share of the variance the input explains alone; total: with all its interactions.")
                }
                out.append("")
            }
            return out.joined(separator: "\n")
        }

        func fixed(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "n/a" }
    }

    /// `offtake optimize [FILE]`: the best decisions under chance constraints.
    struct Optimize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the scenario's decisions for the best objective under chance constraints, on common random numbers.",
            discussion: """
                Decisions, objective and constraints come from the scenario's `decisions:`, `objective:` and \
                `constraints:`, or from the options below (which replace them). The search runs on one set of \
                paths (default 1,000, or $OFFTAKE_PATHS); the answer is re-evaluated on an independent seed \
                and reported with 95 % intervals and whether each constraint holds there. When no candidate \
                meets every constraint the report says INFEASIBLE, shows the least-violating point and exits with 2.
                Examples:
                  offtake optimize my-deal.yaml
                  offtake optimize --decision contracts.oracle-2027.prepayment=0..30B/1B \\
                      --minimize contract.oracle-2027.paid --constraint 'contract.oracle-2027.paid_in_full >= 90%'
                  offtake optimize my-deal.yaml --frontier buyer.openai.npv buyer.openai.default
                """
        )
        @OptionGroup var input: ScenarioOptions
        @OptionGroup var simulation: SimulationOptions
        @Option(help: ArgumentHelp("A decision: PATH=MIN..MAX or PATH=MIN..MAX/STEP, values in the field's units (repeatable).", valueName: "PATH=RANGE"))
        var decision: [String] = []
        @Option(help: "Maximise the mean of this metric.")
        var maximize: String?
        @Option(help: "Minimise the mean of this metric.")
        var minimize: String?
        @Option(help: ArgumentHelp("A chance constraint METRIC OP VALUE, e.g. 'buyer.openai.default <= 5%' (repeatable).", valueName: "CONSTRAINT"))
        var constraint: [String] = []
        @Option(parsing: .upToNextOption, help: ArgumentHelp("Trace the Pareto front of two metrics, each written max:ID or min:ID (default: A maximised, B minimised).", valueName: "A B"))
        var frontier: [String] = []
        @Option(help: "Seed of the independent check (default: the search seed + 1).")
        var checkSeed: UInt64?
        @Option(help: "Write the offtake.optimize/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            if maximize != nil && minimize != nil { throw ValidationError("give --maximize or --minimize, not both") }
            if !frontier.isEmpty && frontier.count != 2 { throw ValidationError("--frontier takes two metric ids: A (maximised) and B (minimised)") }
            for c in constraint {
                if case .failure(let e) = Constraint.parse(c) { throw ValidationError("--constraint `\(c)`: \(e.message), e.g. 'buyer.openai.default <= 5%'") }
            }
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let front = frontier.count == 2 ? (a: Self.frontierMetric(frontier[0]).id, maximizeA: Self.frontierMetric(frontier[0]).maximize ?? true,
                                               b: Self.frontierMetric(frontier[1]).id, maximizeB: Self.frontierMetric(frontier[1]).maximize ?? false) : nil
            let job = try input.job(.optimize(decisions: decision.isEmpty ? nil : decision, maximize: maximize, minimize: minimize,
                                              constraints: constraint.isEmpty ? nil : constraint, frontier: front, checkSeed: checkSeed),
                                    simulation: simulation)
            let document: JobDocument
            do {
                document = try job.execute { n in
                    if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r  \(n) candidates evaluated".utf8)) }
                }
                if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            } catch {
                throw AnalysisText.fail(error, source: job.prepared.label)
            }
            guard case .optimize(let report) = document else { throw ExitCode.failure }
            if json != "-" { print(text(report, catalog: job.prepared.catalog, scenario: job.prepared.scenario)) }
            if let json { try OutputFile.write(try OutputFile.json(report), to: json) }
            if !report.feasible { throw ExitCode(2) }
        }

        /// `max:ID`, `min:ID` or `ID`.
        static func frontierMetric(_ text: String) -> (id: String, maximize: Bool?) {
            if text.hasPrefix("max:") { return (String(text.dropFirst(4)), true) }
            if text.hasPrefix("min:") { return (String(text.dropFirst(4)), false) }
            return (text, nil)
        }

        func text(_ report: OptimizeReport, catalog: MetricCatalog, scenario: Scenario) -> String {
            var out: [String] = []
            let kinds = Dictionary(scenario.parameterSlots.map { ($0.path, $0.kind) }, uniquingKeysWith: { a, _ in a })
            out.append("\(report.scenario): \(report.objective.direction) \(report.objective.metric) over \(report.decisions.count) decision\(report.decisions.count == 1 ? "" : "s"), \(report.evaluations) candidate\(report.evaluations == 1 ? "" : "s") on \(RunReport.grouped(report.paths)) common paths (seed \(report.seed))")
            out.append(report.feasible ? "" : "\nINFEASIBLE: no candidate meets every constraint on the search paths; the least-violating point is shown.\n")
            var rows: [[String]] = [["DECISION", "best", "range"]]
            for d in report.decisions {
                let unit = kinds[d.path] ?? .number
                rows.append([d.path, AnalysisText.parameter(d.value, unit),
                             "\(AnalysisText.parameter(d.min, unit)) … \(AnalysisText.parameter(d.max, unit))" + (d.step.map { " step \(AnalysisText.parameter($0, unit))" } ?? "")])
            }
            out.append(RunReport.table(rows, rightAligned: [1]))
            out.append("")
            let o = report.objective
            var checks: [[String]] = [["CHECK on seed \(report.checkSeed)", "search", "check", "95% interval", "holds"]]
            checks.append(["\(o.direction) \(o.metric)", AnalysisText.value(o.search, o.metric, catalog), AnalysisText.value(o.check.mean, o.metric, catalog),
                           "\(AnalysisText.value(o.check.ci95[0], o.metric, catalog)) … \(AnalysisText.value(o.check.ci95[1], o.metric, catalog))", ""])
            for c in report.constraints {
                checks.append(["\(c.metric) \(c.comparison) \(AnalysisText.value(c.bound, c.metric, catalog))", AnalysisText.value(c.search, c.metric, catalog),
                               AnalysisText.value(c.check.mean, c.metric, catalog),
                               "\(AnalysisText.value(c.check.ci95[0], c.metric, catalog)) … \(AnalysisText.value(c.check.ci95[1], c.metric, catalog))",
                               c.holds ? (c.holdsWith95 ? "yes" : "yes (bound inside the interval)") : "NO"])
            }
            out.append(RunReport.table(checks, rightAligned: [1, 2, 3]))
            if let f = report.frontier {
                out.append("")
                var rows: [[String]] = [["FRONTIER " + report.decisions.map(\.path).joined(separator: ", "),
                                         "\(f.maximizeA ? "max" : "min") \(f.a)", "\(f.maximizeB ? "max" : "min") \(f.b)", "Pareto"]]
                for p in f.points {
                    rows.append([p.x.enumerated().map { AnalysisText.parameter($1, kinds[report.decisions[$0].path] ?? .number) }.joined(separator: ", "),
                                 AnalysisText.value(p.a, f.a, catalog), AnalysisText.value(p.b, f.b, catalog),
                                 (p.paretoOptimal ? "●" : "") + (p.feasible ? "" : " (violates a constraint)")])
                }
                out.append(RunReport.table(rows, rightAligned: [1, 2]))
            }
            out.append("\nThe search value is optimistic (the best of many estimates on the same paths); the check is unbiased.")
            return out.joined(separator: "\n")
        }
    }
}

extension JobRequest.SensitivityMethod: ExpressibleByArgument {}
