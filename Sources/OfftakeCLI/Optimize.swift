import ArgumentParser
import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport

extension Offtake {
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
                  offtake optimize --decision contracts.oracle-2027.prepayment.amount=0..30B/1B \\
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
        @OptionGroup var language: LanguageOption
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
                throw AnalysisJob.fail(error, source: job.prepared.label)
            }
            guard case .optimize(let report) = document else { throw ExitStatus.failure }
            try AnalysisJob.show(report, json: json) {
                AnalysisReportDocument.terminal(language.lang, catalog: job.prepared.catalog).optimizeText(report, scenario: job.prepared.scenario, scenarioConstraints: constraint.isEmpty)
            }
            if !report.feasible { throw ExitStatus.infeasible }
        }

        /// `max:ID`, `min:ID` or `ID`.
        static func frontierMetric(_ text: String) -> (id: String, maximize: Bool?) {
            if text.hasPrefix("max:") { return (String(text.dropFirst(4)), true) }
            if text.hasPrefix("min:") { return (String(text.dropFirst(4)), false) }
            return (text, nil)
        }
    }
}
