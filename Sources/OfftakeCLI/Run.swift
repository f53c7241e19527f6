import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension Offtake {
    /// `offtake run [FILE]`: simulates a scenario and prints the verdict.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a scenario (default: the built-in openai-oracle-2027) and print the verdict.",
            discussion: """
                Examples:
                  offtake run                                   the built-in OpenAI–Oracle scenario
                  offtake run my-deal.yaml --paths 1000000 --json result.json
                  offtake run --deterministic                   the base case, yearly cash-flow tables
                  offtake run --stress funding_freeze           a named stress of the scenario
                  offtake run --set contracts.oracle-2027.take_or_pay=80%
                  offtake run --set 'buyers.openai.growth.initial=lognormal(p10=40%, p90=150%)'
                  offtake run --report report.html --lang fr     an HTML report in French
                  offtake run --csv out/ --format csv            CSV files, and metrics.csv on standard output
                The same scenario, seed and number of paths give identical results on any number of threads.
                """
        )

        @OptionGroup var input: ScenarioOptions
        @OptionGroup var simulation: SimulationOptions
        @OptionGroup var sharding: ShardOptions
        @OptionGroup var output: ReportOptions

        @Option(help: "Write the offtake.result/1 JSON document to this file (atomically), or - for standard output.")
        var json: String?

        @Option(help: "Run a named stress of the scenario (its `stresses:`).")
        var stress: String?

        @Flag(help: "Run the deterministic base case (medians, no shocks) and print yearly cash-flow tables.")
        var deterministic = false

        func validate() throws {
            if let json { try OutputFile.checkWritable(json, option: "--json") }
            if sharding.shard != nil && (deterministic || json != nil || output.report != nil || output.csv != nil) {
                throw ValidationError("--shard writes a partial result for offtake merge: use it without --deterministic, --json, --report and --csv")
            }
        }

        func run() throws {
            let job = try input.job(.run(stress: stress, deterministic: deterministic, shard: sharding.requested.map { ($0.k, $0.n) }),
                                    simulation: simulation)
            guard case .run(let request) = job.work else { throw ExitStatus.failure }
            let bar = deterministic ? nil : ProgressBar(total: request.paths.count)
            let outcome = try request.run(control: bar.control)
            bar?.finish()
            if let shard = sharding.requested {
                return try ShardOptions.write(outcome, request: request, totalPaths: job.paths, k: shard.k, n: shard.n, to: shard.file)
            }
            if json != "-" {
                try output.show(outcome.result) {
                    outcome.baseCase.map { output.terminal.baseCase($0, result: outcome.result) }
                        ?? output.terminal.text(outcome.result, threads: outcome.workers, seconds: outcome.seconds)
                }
            }
            if let json { try OutputFile.write(try OutputFile.json(outcome.result), to: json) }
            try output.writeFiles(outcome.result, context: RunReportContext(
                scenario: job.prepared.scenario, assumptions: job.prepared.assumptions.rows,
                version: Offtake.configuration.version, seconds: outcome.seconds, threads: outcome.workers))
        }
    }
}
