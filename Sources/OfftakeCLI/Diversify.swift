import ArgumentParser
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension Offtake {
    /// `offtake diversify [SCENARIO] --buyer B`: the buyer's supplier mix against the same commitments
    /// with one builder, on the same random numbers.
    struct Diversify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The value of a buyer's supplier mix: its contracts as written against the same contracts built by one supplier.",
            discussion: """
                Builds scenario B from the scenario: every contract of the buyer is built by one supplier (default: \
                the builder with the most MW committed; a capacity contract's provider, a hardware deal's host), prices \
                and terms unchanged, and compares the two on the same random numbers, as offtake compare does: the \
                buyer's capacity shortfall and revenue lost, its default, what each contract is paid, the supplier's \
                own risk. A supplier without a `credit:` block can neither fail nor stop building, so placing more \
                with it changes nothing the buyer receives: give it one to measure the dependence. Paths default to \
                10,000 (or $OFFTAKE_PATHS).
                Examples:
                  offtake diversify oracle-ai-book --buyer openai --paths 400
                  offtake diversify oracle-ai-book --buyer openai --supplier oracle --paths 400 --json -
                """
        )
        /// The scenario and its `--set` overrides (both sides), `--strict`.
        @OptionGroup var scenario: ScenarioOptions
        @Option(help: "The buyer whose contracts are placed with one supplier.")
        var buyer: String
        @Option(help: "The supplier that builds them all (default: the buyer's largest builder by MW).")
        var supplier: String?
        @OptionGroup var simulation: SimulationOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "Write the offtake.compare/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let set = scenario.parsed
            let actual = try ScenarioInput.load(file: scenario.file, overrides: set, strict: scenario.strictness.strict)
            let single: Scenario
            do {
                single = try actual.scenario.concentrated(buyer: buyer, on: supplier)
            } catch {
                Diagnostics.printError("error: \(supplier != nil && !isUnknownBuyer(error) ? "--supplier" : "--buyer"): \(error)")
                throw ExitStatus.usage
            }
            let builder = supplier ?? actual.scenario.builders(of: buyer)[0].id
            if actual.scenario.providers.first(where: { $0.id == builder })?.financials?.credit == nil {
                Diagnostics.printError("note: \(builder) has no `credit:` block: it cannot fail or stop building here, so what the buyer receives "
                                         + "does not depend on how much it builds")
            }
            let labels = ("\(buyer)'s mix as written", "all built by \(builder)")
            // The source as read once (standard input cannot be read twice).
            let job = try ScenarioInput.resolve(scenario.strictness.applied(to: JobRequest(
                scenario: actual.source, overrides: set, kind: .compare(with: .text(try ScenarioEncoder.yaml(single)), labels: labels),
                paths: simulation.requestedPaths, seed: simulation.seed, threads: simulation.threads)))
            guard case .compare(let report) = try AnalysisJob.execute(job) else { throw ExitStatus.failure }
            try AnalysisJob.show(report, json: json) {
                AnalysisReportDocument.terminal(language.lang, catalog: job.prepared.catalog).compareText(report, overrides: [])
            }
        }

        private func isUnknownBuyer(_ error: Scenario.ConcentrationError) -> Bool {
            if case .unknownBuyer = error { return true }
            return false
        }
    }
}
