import ArgumentParser
import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeReport

extension Offtake {
    /// `offtake calibrate [FILE] --match PARTY --parameter PATH`: the parameter value at which the
    /// model's 5-year default probability of a provider equals its CDS's.
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve for the value of one parameter at which a provider's 5-year default probability matches its CDS.",
            discussion: """
                The model's probability (provider.<id>.default_5y) is matched to the market's \
                (provider.<id>.market_default_5y, from the provider's credit.cds_5y and cds_recovery). Every trial \
                value is fixed on every path of the same seed (common random numbers, default 2,000 paths): a grid \
                of 9 values over the range, then bisection of each crossing on the same paths. The range is \
                --range LO:HI (in the parameter's unit), else the parameter's 1st to 99th percentile when it is a \
                distribution, else its field's bounds when both are finite. The 95 % interval holds the values \
                whose model probability is within ± 1.96 standard errors of the market's. Every crossing is \
                reported; more than one means the answer is not unique. When no value in the range matches, the \
                report says NO MATCH with the probability at both ends and exits with 2.
                Examples:
                  offtake calibrate oracle-ai-book --match oracle --parameter providers.oracle.base_ebitda --range 5B/yr:30B/yr --paths 500
                  offtake calibrate oracle-ai-book --match oracle --parameter providers.oracle.base_ebitda --paths 200   the 1st to 99th percentile
                  offtake calibrate oracle-ai-book --match oracle --parameter providers.oracle.financing.equity_share --paths 200 --json -
                """
        )
        @OptionGroup var input: ScenarioOptions
        @OptionGroup var simulation: SimulationOptions
        @Option(help: ArgumentHelp("The provider whose 5-year default probability is matched to its CDS (it needs credit.cds_5y).", valueName: "PARTY"))
        var match: String
        @Option(help: ArgumentHelp("The numeric parameter solved for, as --set names it (e.g. providers.oracle.base_ebitda).", valueName: "PATH"))
        var parameter: String
        @Option(help: ArgumentHelp("Values searched, LO:HI in the parameter's unit (e.g. 5B/yr:30B/yr, 10%:60%).", valueName: "LO:HI"))
        var range: String?
        @OptionGroup var language: LanguageOption
        @Option(help: "Write the offtake.calibrate/1 JSON document to this file, or - for standard output.")
        var json: String?

        func validate() throws {
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            let prepared = try ScenarioInput.load(file: input.file, overrides: input.parsed, strict: input.strictness.strict)
            let calibration: DefaultCalibration
            do {
                calibration = try DefaultCalibration(model: prepared.model, party: match, parameter: parameter, range: range)
            } catch {
                let given = ["match": match, "parameter": parameter, "range": range]
                for problem in error.all {
                    let head = problem.option.map { option in "error: --\(option)" + ((given[option] ?? nil).map { " \($0)" } ?? "") + ": " }
                        ?? "\(prepared.label): error: "
                    Diagnostics.printError(head + "\(problem)" + (problem.hint.map { "\n    hint: \($0)" } ?? ""))
                }
                throw error.isUsage ? ExitStatus.usage : ExitStatus.dataError
            }
            let tty = isatty(STDERR_FILENO) != 0
            let paths = simulation.requestedPaths ?? DefaultCalibration.defaultPaths
            let report: CalibrationReport
            do {
                report = try calibration.run(seed: simulation.seed ?? prepared.scenario.run.seed, paths: paths,
                                             threads: max(1, simulation.threads ?? RunRequest.activeCores)) { n in
                    if tty { FileHandle.standardError.write(Data("\r  \(n) values evaluated on \(paths) paths".utf8)) }
                }
                if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            } catch {
                throw AnalysisJob.fail(error, source: prepared.label)
            }
            try AnalysisJob.show(report, json: json) {
                AnalysisReportDocument.terminal(language.lang, catalog: prepared.catalog).calibrateText(report, kind: calibration.kind)
            }
            if !report.matched { throw ExitStatus.infeasible }
        }
    }
}
