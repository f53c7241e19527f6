import ArgumentParser
import Foundation
import OfftakeJobs
import OfftakeReport

extension Offtake {
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
                  offtake sensitivity --lang fr                   the tables in French
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
        @OptionGroup var language: LanguageOption
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
            guard case .sensitivity(let report) = try AnalysisJob.execute(job) else { throw ExitStatus.failure }
            try AnalysisJob.show(report, json: json) {
                AnalysisReportDocument.terminal(language.lang, catalog: job.prepared.catalog).sensitivityText(report, scenario: job.prepared.scenario, top: top, json: json)
            }
        }
    }
}
