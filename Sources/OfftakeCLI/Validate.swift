import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO

extension Offtake {
    /// `offtake validate FILE...`: checks scenario files and reports every problem.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenario files and report every problem with its path and line:column.",
            discussion: """
                Every check runs in one pass: the file's structure, its stresses, the model it compiles to, \
                and the metric ids of its objective and constraints; a check that needs an earlier one to \
                pass is named as not checked. Warnings (keys without effect, suspicious combinations) are \
                printed as FILE:L:C: warning: and do not fail the file unless --strict is given.
                Prints `OK  FILE` for a valid file. Exit code 0 when all files are valid, 65 when any is not.
                """
        )

        @Argument(help: "Scenario files (YAML or JSON); - reads standard input.")
        var files: [String]

        @OptionGroup var strictness: StrictOption

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one scenario file, e.g. offtake validate scenarios/openai-oracle-2027.yaml") }
        }

        func run() throws {
            var invalid = 0
            for file in files {
                do {
                    _ = try ScenarioInput.load(file: file, overrides: [], strict: strictness.strict)
                    print("OK  \(file)")
                } catch let status as ExitStatus where status == .dataError || status == .usage {
                    invalid += 1
                }
            }
            if invalid > 0 { throw ExitStatus.dataError }
        }
    }
}
