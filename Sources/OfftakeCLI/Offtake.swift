import ArgumentParser

/// The `offtake` command tree.
public struct Offtake: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "offtake",
        abstract: "Model long-term AI compute supply deals from both sides, under uncertainty.",
        discussion: """
            With no arguments, runs the built-in scenario openai-oracle-2027 and prints the verdict. \
            Scenario files (YAML or JSON) declare a market, accelerators, buyers, providers and contracts; \
            any number may be a probability distribution.
            Examples:
              offtake                                            the built-in scenario's verdict
              offtake new --buyer established --provider neocloud --output my-new-deal.yaml   a skeleton of your own deal
              offtake validate my-new-deal.yaml                  every problem of a file, with line:column
            Exit statuses:
            \(ExitStatus.help)
            """,
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, New.self, Stress.self, Compare.self, Diversify.self, Sensitivity.self, Optimize.self, Calibrate.self, Report.self, Export.self, Scenarios.self, Sample.self, Bench.self, Merge.self, Serve.self],
        defaultSubcommand: Run.self
    )

    public init() {}

    /// Ends the process for an error a command threw: an ``ExitStatus`` exits with its code, anything
    /// else as ArgumentParser reports it (usage errors 64, help 0, other failures 1).
    public static func exit(from error: any Error) -> Never {
        if let status = error as? ExitStatus { exit(withError: ExitCode(status.rawValue)) }
        exit(withError: error)
    }
}

/// Every exit status of `offtake` (the codes of sysexits.h for usage and data errors), thrown by the
/// commands and listed in `offtake --help`.
public enum ExitStatus: Int32, Error, CaseIterable, Sendable {
    /// Success.
    case success = 0
    /// Anything else: cancelled, a file that cannot be written, a child process that failed.
    case failure = 1
    /// `offtake optimize`: no candidate meets every constraint on the search paths; `offtake calibrate`:
    /// no value in the range matches the market.
    case infeasible = 2
    /// EX_USAGE: the command line is wrong.
    case usage = 64
    /// EX_DATAERR: a scenario or other input is invalid.
    case dataError = 65

    /// What the status means, for `offtake --help`.
    var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "other failure"
        case .infeasible: "optimize found no feasible decision; calibrate found no value matching the market"
        case .usage: "usage error"
        case .dataError: "invalid scenario or input data"
        }
    }

    /// One line per status: `  64  usage error`.
    static var help: String {
        allCases.map { "  " + String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0) + $0.meaning }.joined(separator: "\n")
    }
}
