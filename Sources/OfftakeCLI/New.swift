import ArgumentParser
import Foundation
import OfftakeModel
import OfftakeScenarioIO

extension ScenarioScaffold.BuyerShape: ExpressibleByArgument {}
extension ScenarioScaffold.ProviderShape: ExpressibleByArgument {}
extension ScenarioScaffold.ContractShape: ExpressibleByArgument {}

extension Offtake {
    /// `offtake new`: a commented scenario skeleton for a deal's shape (the text is `ScenarioScaffold`'s).
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a commented scenario skeleton for a deal's shape; every number is a placeholder to replace with a cited value.",
            discussion: """
                The skeleton validates and runs as written; replace each PLACEHOLDER with a cited value \
                (docs/your-own-deal.md walks through it). The provider's other AI business is written as \
                other_customers with its capex and financing, and the stresses that move the verdict are included.
                Examples:
                  offtake new --buyer established --provider neocloud --output acme-deal.yaml
                  offtake new --buyer lab --provider spv --contract hardware --name lab-chips   to standard output
                """
        )

        @Option(help: "Who pays: lab (funding rounds, cash burn) or established (an established business's cash flow).")
        var buyer: ScenarioScaffold.BuyerShape = .lab
        @Option(help: "Who sells: rated (rating agency's test), neocloud (debt-financed GPU cloud) or spv (a project company).")
        var provider: ScenarioScaffold.ProviderShape = .rated
        @Option(help: "What is sold: capacity (per month) or hardware (chips the buyer buys, hosted by the provider).")
        var contract: ScenarioScaffold.ContractShape = .capacity
        @Option(help: "The scenario's name (letters, digits, - and _).")
        var name = "my-deal"
        @Option(help: ArgumentHelp("Write the skeleton to this file (atomically) instead of standard output.", valueName: "FILE"))
        var output: String?
        @Flag(help: "Replace the --output file if it exists.")
        var force = false

        func validate() throws {
            guard Scenario.isValidID(name) else {
                throw ValidationError("--name \(name): a name is letters, digits, - and _ (at most 64), starting with a letter or digit")
            }
            guard let output, output != "-" else { return }
            if FileManager.default.fileExists(atPath: output) && !force {
                throw ValidationError("--output \(output): the file exists; give --force to replace it")
            }
            try OutputFile.checkWritable(output, option: "--output")
        }

        func run() throws {
            let text = ScenarioScaffold(buyer: buyer, provider: provider, contract: contract, name: name).text
            guard let output, output != "-" else {
                print(text, terminator: "")
                return
            }
            try OutputFile.write(Data(text.utf8), to: output)
        }
    }
}
