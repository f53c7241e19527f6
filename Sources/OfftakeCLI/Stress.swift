import ArgumentParser
import OfftakeJobs
import OfftakeReport

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
                  offtake stress --only funding_freeze --only ai_winter_2028 --json stress.json
                  offtake stress --lang fr                        the tables in French
                """
        )
        @OptionGroup var input: ScenarioOptions
        @OptionGroup var simulation: SimulationOptions
        @Option(help: "Run only this stress (repeatable).")
        var only: [String] = []
        @OptionGroup var language: LanguageOption
        @Option(help: "Write the offtake.stress/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let job = try input.job(.stress(only: only.isEmpty ? nil : only), simulation: simulation)
            guard case .stress(let report) = try AnalysisJob.execute(job) else { throw ExitStatus.failure }
            try AnalysisJob.show(report, json: json) { AnalysisReportDocument.terminal(language.lang, catalog: job.prepared.catalog).stressText(report) }
        }
    }
}
