import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeJobs
import OfftakeReport

/// The language of an analysis command's tables (`--lang`, as for `offtake run`).
struct LanguageOption: ParsableArguments {
    @Option(help: "Language of the printed tables: en or fr.")
    var lang: ReportLanguage = .en
}

/// Running an analysis job for the command line.
enum AnalysisJob {
    /// Prints `text()` unless the document goes to standard output, then writes the document to `json`.
    static func show<Document: Encodable>(_ document: Document, json: String?, text: () -> String) throws {
        if json != "-" { print(text()) }
        if let json { try OutputFile.write(try OutputFile.json(document), to: json) }
    }

    /// Runs `job` with a progress bar over its paths; a failure is printed against its scenario and
    /// becomes its exit status.
    static func execute(_ job: Job) throws -> JobDocument {
        let bar = ProgressBar(total: job.progressTotal)
        defer { bar?.finish() }
        do {
            return try job.execute(control: bar.control)
        } catch {
            throw fail(error, source: job.prepared.label)
        }
    }

    /// Maps an analysis failure to a message and exit status (65: the scenario or its variant is invalid).
    static func fail(_ error: any Error, source: String) -> ExitStatus {
        switch error {
        case let status as ExitStatus: return status
        case is RunCancelled:
            Diagnostics.printError("cancelled")
            return .failure
        case let setup as RunRequest.SetupError:
            Diagnostics.printError("\(source): error: \(setup)")
            if case .stress(let issues) = setup, !issues.unknownPaths.isEmpty { return .usage }
            return .dataError
        default:
            Diagnostics.printError("\(source): error: \(error)")
            return .dataError
        }
    }
}

extension JobRequest.SensitivityMethod: ExpressibleByArgument {}
