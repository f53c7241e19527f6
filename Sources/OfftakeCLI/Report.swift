import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension Offtake {
    /// `offtake report RESULT.json --html OUT`: renders a saved result.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a saved result (offtake run --json) as an HTML report, CSV files or the verdict.",
            discussion: """
                Examples:
                  offtake report result.json --html report.html
                  offtake report result.json --html rapport.html --lang fr
                  offtake report result.json --csv out/ --format csv
                The assumptions table needs the scenario file: --scenario FILE, or the built-in scenario
                when the result is of it.
                """
        )

        @Argument(help: "An offtake.result/1 JSON document (written by offtake run --json); - reads standard input.")
        var result: String

        @Option(help: ArgumentHelp("Write the HTML report to this file (same as --report).", valueName: "OUT.html"))
        var html: String?

        @Option(help: ArgumentHelp("The scenario file the result was run from, for the assumptions table and the covenant lines.", valueName: "FILE"))
        var scenario: String?

        @OptionGroup var output: ReportOptions

        func validate() throws {
            if let html { try OutputFile.checkWritable(html, option: "--html") }
            if html != nil && output.report != nil { throw ValidationError("give the HTML file once: --html or --report") }
        }

        func run() throws {
            let data: Data
            do {
                data = result == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: result))
            } catch {
                Diagnostics.printError("\(result): error: cannot read: \((error as NSError).localizedDescription)")
                throw ExitStatus.dataError
            }
            let document: RunResult
            do {
                document = try ResultJSON.decodeResult(data)
            } catch {
                Diagnostics.printError("\(result): error: \(error.message)")
                throw ExitStatus.dataError
            }
            var options = output
            if let html { options.report = html }
            try options.show(document) {
                let t = options.terminal
                return [t.heading(document), "", t.verdictTable(document), "", t.metricsTable(document)].joined(separator: "\n")
            }
            let context = try context(for: document)
            try options.writeFiles(document, context: context)
        }

        /// The scenario of the result (given, or built in when the names match) for the assumptions.
        func context(for document: RunResult) throws -> RunReportContext {
            var text: String?
            if let scenario {
                guard let contents = try? String(contentsOfFile: scenario, encoding: .utf8) else {
                    Diagnostics.printError("\(scenario): error: cannot read the scenario file")
                    throw ExitStatus.dataError
                }
                text = contents
            } else if let entry = BuiltInScenarios.named(document.scenario) {
                text = entry.text
            }
            let parsed = text.flatMap { ScenarioLoader.check(text: $0, source: scenario ?? document.scenario, overrides: []).scenario }
            if let parsed, parsed.name != document.scenario {
                Diagnostics.printError("warning: the scenario file is `\(parsed.name)`, the result is of `\(document.scenario)`")
            }
            return RunReportContext(scenario: parsed, assumptions: text.map { ScenarioAssumptions(yaml: $0).rows } ?? [],
                                    version: Offtake.configuration.version)
        }
    }
}
