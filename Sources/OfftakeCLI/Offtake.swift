import ArgumentParser

/// The `offtake` command tree.
public struct Offtake: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "offtake",
        abstract: "Model long-term AI compute supply deals from both sides, under uncertainty.",
        discussion: """
            With no arguments, runs the built-in scenario openai-oracle-2027 and prints the verdict. \
            Scenario files (YAML or JSON) declare a market, accelerators, buyers, providers and contracts; \
            any number may be a probability distribution. Exit codes: 0 success, 64 usage error, \
            65 invalid scenario or input data, 1 other failure.
            """,
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, Stress.self, Compare.self, Sensitivity.self, Optimize.self, Report.self, Export.self, Scenarios.self, Sample.self, Bench.self, Merge.self, Serve.self],
        defaultSubcommand: Run.self
    )

    public init() {}
}

/// Exit codes of sysexits.h used by every command.
enum ExitStatus {
    /// EX_USAGE: the command line is wrong.
    static let usage = ExitCode(64)
    /// EX_DATAERR: a scenario or other input is invalid.
    static let dataError = ExitCode(65)
}
