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
        if let report { try OutputFile.checkWritable(report, option: "--report") }
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
        case .json: FileHandle.standardOutput.write(try OutputFile.json(result) + Data("\n".utf8))
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
            for file in CSVExport.files(result) { try OutputFile.write(Data(file.text.utf8), into: csv, name: file.name) }
        }
    }
}

extension OutputFile {
    /// Usage error (64) unless `directory` is a writable directory or can be created in an existing one.
    static func checkDirectory(_ directory: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError("\(option) \(directory): is a file; give a directory") }
            guard FileManager.default.isWritableFile(atPath: directory) else { throw ValidationError("\(option) \(directory): the directory is not writable") }
            return
        }
        try checkWritable(directory, option: option)
    }

    /// Writes `data` atomically to `path` inside a directory that is created if missing (`--csv DIR`,
    /// `export focus --out DIR`).
    static func write(_ data: Data, into directory: String, name: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            Diagnostics.printError("error: cannot create \(directory): \(error.localizedDescription)")
            throw ExitStatus.failure
        }
        try write(data, to: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
    }
}
