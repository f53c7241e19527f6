import ArgumentParser
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension Offtake {
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
                  offtake compare openai-oracle-2027 --set contracts.oracle-2027.take_or_pay=80% --lang fr
                """
        )
        @Argument(help: "Scenario A (file or built-in name).")
        var a: String
        @Argument(help: "Scenario B (default: A with the --set overrides).")
        var b: String?
        @Option(name: .customLong("set"), help: ArgumentHelp("Override a numeric parameter of B: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
        var overrides: [String] = []
        @OptionGroup var simulation: SimulationOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "Write the offtake.compare/1 JSON document to this file, or - for standard output.")
        var json: String?

        @OptionGroup var strictness: StrictOption

        func validate() throws {
            try ScenarioOptions.checkOverrides(overrides)
            if b == nil && overrides.isEmpty { throw ValidationError("give a second scenario B, or --set overrides that make B from A") }
            try ScenarioInput.checkFileArgument(a)
            if let b { try ScenarioInput.checkFileArgument(b) }
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let set = overrides.compactMap(ScenarioOverrides.parse)
            let labels = (a, b.map { $0 == a ? "\($0) (again)" : $0 } ?? "\(a) with --set")
            let job = try ScenarioInput.resolve(strictness.applied(to: JobRequest(
                scenario: try ScenarioInput.source(a), kind: .compare(with: try b.map(ScenarioInput.source), overrides: set, labels: labels),
                paths: simulation.requestedPaths, seed: simulation.seed, threads: simulation.threads)))
            guard case .compare(let report) = try AnalysisJob.execute(job) else { throw ExitStatus.failure }
            try AnalysisJob.show(report, json: json) {
                AnalysisReportDocument.terminal(language.lang, catalog: job.prepared.catalog).compareText(report, overrides: set.map { "\($0.path)=\($0.value)" })
            }
        }
    }
}
