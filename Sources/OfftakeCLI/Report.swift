import ArgumentParser
import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension Offtake {
    /// `offtake report RESULT.json --html OUT`: renders a saved result.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a saved result (offtake run --json) or analysis (stress, compare, sensitivity, optimize --json) as an HTML report, CSV files or the verdict.",
            discussion: """
                Examples:
                  offtake report result.json --html report.html
                  offtake report result.json --html rapport.html --lang fr
                  offtake report result.json --csv out/ --format csv
                  offtake report sensitivity.json --html sensitivity.html
                The assumptions table needs the scenario file: --scenario FILE, or the built-in scenario
                when the result is of it.
                """
        )

        @Argument(help: "An offtake.result/1 document (offtake run --json) or an analysis document (offtake.sensitivity/1, offtake.stress/1, offtake.compare/1, offtake.optimize/1); - reads standard input.")
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
            if let schema = ResultJSON.schema(of: data), DocumentRenderer.analysisSchemas.contains(schema) {
                try renderAnalysis(data, schema: schema)
                return
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

        /// An analysis document as HTML (`--html` or `--report`), in the run report's style; metric units
        /// from the scenario's metric catalogue when the scenario is known (`--scenario`, or built in).
        func renderAnalysis(_ data: Data, schema: String) throws {
            guard let html = html ?? output.report else {
                Diagnostics.printError("\(result): error: an analysis document (\(schema)) renders to HTML only: give --html OUT.html")
                throw ExitStatus.usage
            }
            if output.csv != nil {
                Diagnostics.printError("\(result): error: --csv writes a run result's tables; an analysis document renders with --html")
                throw ExitStatus.usage
            }
            // A comparison names its two sides by label, not by scenario name: no name check.
            let origin = try scenario(named: DocumentRenderer.scenarioName(of: data) ?? "", check: schema != CompareReport.schemaID)
            let page: String
            do {
                page = try DocumentRenderer.html(data, origin: .init(assumptions: origin.assumptions, scenario: origin.scenario), language: output.lang,
                                                 version: Offtake.configuration.version)
            } catch {
                Diagnostics.printError("\(result): error: \(error.message)")
                throw ExitStatus.dataError
            }
            try OutputFile.write(Data(page.utf8), to: html)
        }

        /// The assumptions and the parsed scenario of `--scenario FILE`, else of the built-in scenario `name`
        /// (nil for a scenario that is neither); an unreadable `--scenario` file exits 65. With `check`, a
        /// warning when the file's scenario is not the document's.
        func scenario(named name: String, check: Bool = true) throws -> (assumptions: ScenarioAssumptions?, scenario: Scenario?) {
            let read: ScenarioCheck?
            if let scenario {
                read = ScenarioSource.file(scenario).read()
                if read?.text == nil {
                    Diagnostics.printError("\(scenario): error: cannot read the scenario file")
                    throw ExitStatus.dataError
                }
            } else {
                read = BuiltInScenarios.named(name).map { _ in ScenarioSource.builtIn(name).read() }
            }
            let parsed = read?.scenario
            if check, let parsed, parsed.name != name {
                Diagnostics.printError("warning: the scenario file is `\(parsed.name)`, the document is of `\(name)`")
            }
            return (read?.assumptions, parsed)
        }

        /// The scenario of the result (given, or built in when the names match) for the assumptions.
        func context(for document: RunResult) throws -> RunReportContext {
            let (assumptions, parsed) = try scenario(named: document.scenario)
            return RunReportContext(scenario: parsed, assumptions: assumptions?.rows ?? [],
                                    version: Offtake.configuration.version)
        }
    }
}
