import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO

extension ReportLanguage: ExpressibleByArgument {}

/// How a command prints its results on standard output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned tables for people (colour on a terminal unless `NO_COLOR` is set).
    case table
    /// The JSON document.
    case json
    /// CSV (RFC 4180) for spreadsheets.
    case csv
}

/// The presentation options of `offtake run` and `offtake report`: the report and export files, the
/// language and the format of what is printed.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts, verdict, assumptions) to this file.", valueName: "OUT.html"))
    var report: String?

    @Option(help: ArgumentHelp("Write metrics.csv, series.csv and yearly.csv into this directory (created if missing).", valueName: "DIR"))
    var csv: String?

    @Option(help: "Language of the report and the printed verdict: en or fr.")
    var lang: ReportLanguage = .en

    @Option(help: "What is printed: table (for people), json (the result document) or csv (metrics.csv).")
    var format: OutputFormat = .table

    func validate() throws {
        if let report { try OutputFile.checkParent(of: report, option: "--report") }
        if let csv { try OutputFile.checkDirectory(csv, option: "--csv") }
    }

    /// Colour for tables: on a terminal, without `NO_COLOR`.
    var terminal: TerminalReport {
        TerminalReport(language: lang, colour: Terminal.colourEnabled(isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment))
    }

    /// Prints the result in `format`: `table` prints `table()` (the caller's rendering), `json` the
    /// result document, `csv` metrics.csv.
    func show(_ result: RunResult, table: () -> String) throws {
        switch format {
        case .table: print(table())
        case .json: FileHandle.standardOutput.write(try OutputFile.encode(result) + Data("\n".utf8))
        case .csv: FileHandle.standardOutput.write(Data(CSVExport.metrics(result).utf8))
        }
    }

    /// Writes the files asked for: the HTML report and the CSV directory.
    func writeFiles(_ result: RunResult, context: @autoclosure () -> RunReportContext) throws {
        if let report {
            let document = RunReportDocument.make(result, context: context(), language: lang)
            try OutputFile.write(Data(document.html().utf8), to: report)
        }
        if let csv {
            for file in CSVExport.files(result) {
                try OutputFile.write(Data(file.text.utf8), to: URL(fileURLWithPath: csv).appendingPathComponent(file.name).path)
            }
        }
    }
}

/// Files written by the commands: checked before the work starts, written atomically.
enum OutputFile {
    /// Usage error (64) unless the directory that will hold `path` exists and is writable.
    static func checkParent(of path: String, option: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(option) \(path): the directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ValidationError("\(option) \(path): the directory \(directory) is not writable")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("\(option) \(path): is a directory; give a file name")
        }
    }

    /// Usage error (64) unless `directory` is a writable directory or can be created in an existing one.
    static func checkDirectory(_ directory: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError("\(option) \(directory): is a file; give a directory") }
            guard FileManager.default.isWritableFile(atPath: directory) else { throw ValidationError("\(option) \(directory): the directory is not writable") }
            return
        }
        try checkParent(of: directory, option: option)
    }

    /// The result document under the JSON policy; an encoding failure is an internal error (exit 1).
    static func encode(_ result: RunResult) throws -> Data {
        do {
            return try ResultJSON.encode(result)
        } catch {
            Diagnostics.printError("error: cannot encode the result: \(error)")
            throw ExitCode.failure
        }
    }

    /// Writes `data` to a temporary file beside `path` and renames it over `path` (creating the
    /// directory if needed), so a reader never sees half a file; reports `wrote PATH` on standard error.
    static func write(_ data: Data, to path: String) throws {
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            Diagnostics.printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        Diagnostics.printError("wrote \(path)")
    }
}

/// A scenario named on the command line: a file, `-` (standard input), or the built-in default.
enum ScenarioInput {
    /// The scenario with `--set` applied, the name used in messages, and the YAML text when known (for
    /// the assumptions table; standard input is read once by the loader).
    static func load(file: String?, overrides: [Override]) -> (check: ScenarioCheck, source: String, text: String?) {
        if let file {
            let text = file == "-" ? nil : try? String(contentsOfFile: file, encoding: .utf8)
            return (ScenarioLoader.check(path: file, overrides: overrides), file, text)
        }
        let entry = BuiltInScenarios.named(BuiltInScenarios.defaultName)!
        let source = "\(entry.name) (built in)"
        return (ScenarioLoader.check(text: entry.text, source: source, overrides: overrides), source, entry.text)
    }

    /// The valid scenario, or every problem printed on standard error and exit 65 (64 when a `--set`
    /// assignment itself is wrong).
    static func scenario(_ check: ScenarioCheck, source: String, file: String?, overrides: [String]) throws -> Scenario {
        guard let scenario = check.scenario, check.isValid else {
            let lines = file.map { Diagnostics.sourceLines(of: $0, for: check.issues) } ?? nil
            for issue in check.issues { Diagnostics.printError(Diagnostics.format(issue, source: check.overridesFailed ? "--set" : source, lines: lines)) }
            let count = check.issues.count
            Diagnostics.printError("\(source): \(count) problem\(count == 1 ? "" : "s")"
                + (overrides.isEmpty || check.overridesFailed ? "" : " (values given with --set are reported at the field they replace)"))
            throw check.overridesFailed ? ExitStatus.usage : ExitStatus.dataError
        }
        return scenario
    }

    /// The simulation model of a valid scenario; a setup error (an unresolvable reference) exits 65.
    static func model(_ scenario: Scenario, source: String) throws -> SimulationModel {
        do {
            return try SimulationModel(scenario: scenario)
        } catch {
            Diagnostics.printError("\(source): error: \(error)")
            throw ExitStatus.dataError
        }
    }
}
