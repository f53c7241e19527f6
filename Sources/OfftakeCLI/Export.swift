import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension Offtake {
    /// `offtake export`: data for other tools.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a scenario's projections for other tools.",
            subcommands: [Focus.self]
        )
    }
}

extension Offtake.Export {
    /// `offtake export focus [FILE] --out DIR`: projected contract charges as FinOps FOCUS 1.2.
    struct Focus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the scenario's projected contract charges in the FinOps FOCUS 1.2 format.",
            discussion: """
                Writes DIR/\(FocusExport.fileName): per contract and month, the recurring purchase (the month's
                take-or-pay charge) and the committed capacity used and unused, for the deterministic base case
                (x_Projection = base) and for the simulated paths at chosen percentiles of total contract charges
                (x_Projection = p5, p50, p95). FOCUS 1.2 has no contract-commitment dataset.
                Examples:
                  offtake export focus --out focus/
                  offtake export focus my-deal.yaml --out focus/ --percentiles 10,50,90 --paths 5000
                """
        )

        @OptionGroup var input: ScenarioOptions

        @Option(help: ArgumentHelp("Directory to write \(FocusExport.fileName) into (created if missing).", valueName: "DIR"))
        var out: String

        @Option(help: "Percentiles of total contract charges to export besides the base case, e.g. 5,50,95; none: base case only.")
        var percentiles: String = "5,50,95"

        @Option(help: "Paths simulated to find the percentile paths (default: $OFFTAKE_PATHS, else \(FocusExport.defaultPaths)).")
        var paths: Int?

        /// `--paths`, else `OFFTAKE_PATHS`; nil: the export's default.
        var requestedPaths: Int? { paths ?? SimulationOptions.environmentPaths() }

        @Option(help: "Random seed (default: the scenario's run.seed).")
        var seed: UInt64?

        @Option(help: "What is printed: table, json or csv (a summary of the rows written).")
        var format: OutputFormat = .table

        /// The percentiles as fractions in (0, 1).
        func levels() throws -> [Double] {
            let text = percentiles.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text == "none" { return [] }
            return try text.split(separator: ",").map { part in
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v < 100 else {
                    throw ValidationError("--percentiles expects numbers between 0 and 100 separated by commas, e.g. 5,50,95; got `\(part)`")
                }
                return v / 100
            }
        }

        func validate() throws {
            _ = try levels()
            if let paths, paths < 1 || paths > 1_000_000 { throw ValidationError("--paths must be between 1 and 1000000, got \(paths)") }
            try OutputFile.checkDirectory(out, option: "--out")
        }

        func run() throws {
            let job = try ScenarioInput.resolve(input.strictness.applied(to: JobRequest(scenario: try ScenarioInput.source(input.file), overrides: input.parsed,
                                                                                      kind: .export(percentiles: try levels()), paths: requestedPaths, seed: seed)))
            guard case .focus(let projections, let rows) = try job.execute() else { throw ExitStatus.failure }
            try OutputFile.write(Data(FocusExport.csv(rows).utf8), into: out, name: FocusExport.fileName)
            try summarise(rows, projections: projections)
        }

        /// Rows and billed cost per projection, in the chosen format.
        func summarise(_ dataset: [[String]], projections: [FocusExport.Projection]) throws {
            let summary = FocusExport.Summary(dataset, projections: projections)
            switch format {
            case .table: print(summary.table())
            case .json: FileHandle.standardOutput.write(try summary.json() + Data("\n".utf8))
            case .csv: print(summary.csv(), terminator: "")
            }
        }
    }
}
