import ArgumentParser
import OfftakeModel
import OfftakeScenarioIO

extension Offtake {
    /// `offtake scenarios [list|show NAME]`: the scenarios compiled into the binary.
    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in scenarios, or print one.",
            discussion: """
                Examples:
                  offtake scenarios                        every built-in scenario with a one-line description
                  offtake scenarios show gpu-neocloud      the scenario file, with its source comments
                  offtake run gpu-neocloud --paths 2000    run a built-in scenario by name
                """,
            subcommands: [List.self, Show.self],
            defaultSubcommand: List.self
        )

        /// `offtake scenarios list`: one line per built-in scenario.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the built-in scenarios with a one-line description.")

            func run() throws {
                let width = BuiltInScenarios.all.map(\.name.count).max() ?? 0
                for entry in BuiltInScenarios.all {
                    let marker = entry.name == BuiltInScenarios.defaultName ? " (default)" : ""
                    print(entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + entry.summary + marker)
                }
            }
        }

        /// `offtake scenarios show NAME`: the scenario's text, as in its file.
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a built-in scenario (YAML, with its source comments).")

            @Argument(help: "The scenario's name (see offtake scenarios).")
            var name: String

            func validate() throws {
                guard BuiltInScenarios.named(name) == nil else { return }
                let names = BuiltInScenarios.all.map(\.name)
                let hint = NameSuggestion.didYouMean(name, in: names).map { " (\($0))" } ?? ""
                throw ValidationError("no built-in scenario `\(name)`\(hint); built-in: \(names.joined(separator: ", "))")
            }

            func run() throws {
                print(BuiltInScenarios.named(name)!.text)
            }
        }
    }
}
