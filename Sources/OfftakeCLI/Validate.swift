import ArgumentParser
import Foundation
import OfftakeModel
import OfftakeScenarioIO

extension Offtake {
    /// `offtake validate FILE...`: checks scenario files and reports every problem.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenario files and report every problem with its path and line:column.",
            discussion: "Prints `OK  FILE` for a valid file. Exit code 0 when all files are valid, 65 when any is not."
        )

        @Argument(help: "Scenario files (YAML or JSON); - reads standard input.")
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one scenario file, e.g. offtake validate scenarios/openai-oracle-2027.yaml") }
        }

        func run() throws {
            var invalid = 0
            for file in files {
                let check = ScenarioLoader.check(path: file)
                if check.isValid {
                    print("OK  \(file)")
                    continue
                }
                invalid += 1
                let lines = Diagnostics.sourceLines(of: file, for: check.issues)
                for issue in check.issues {
                    Diagnostics.printError(Diagnostics.format(issue, source: file, lines: lines))
                }
                let count = check.issues.count
                Diagnostics.printError("\(file): \(count) problem\(count == 1 ? "" : "s")")
            }
            if invalid > 0 { throw ExitStatus.dataError }
        }
    }
}
