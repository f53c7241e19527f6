import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import OfftakeReport

extension Offtake {
    /// `offtake sample EXPR`: draws from one distribution expression.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw samples from one distribution expression.",
            discussion: """
                Examples:
                  offtake sample "lognormal(p10=20B, p90=80B)"
                  offtake sample "pert(min=25M, mode=33M, max=40M)" -n 100000 --format json
                  offtake sample "discrete(values=[0, 6, 12], weights=[0.5, 0.3, 0.2])" --format csv
                Units are converted to base units: dollars, MW (4.5GW = 4500), fractions (35% = 0.35).
                The same seed always gives the same samples.
                """
        )

        /// `table` is `text` under the name every other command uses for its tables.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, table, csv, json
        }

        /// Largest sample kept in memory for the text and JSON summaries (exact quantiles need all draws).
        static let maximumSummarized = 20_000_000
        /// Largest sample streamed as CSV.
        static let maximumStreamed = 1_000_000_000

        @Argument(help: "A distribution expression, e.g. \"normal(mean=5, sd=2)\".")
        var expression: String

        @Option(name: .short, help: "Number of samples.")
        var n: Int = 10_000

        @Option(help: "Random seed (0 … 2^64−1).")
        var seed: UInt64 = 42

        @Flag(help: "Draw a mixture's component first, then that component by inversion: much faster for mixtures, other draws than the default inversion of the mixture (not monotone in the uniform).")
        var byComponent = false

        @Option(help: "Output: text or table (summary and histogram), csv (one sample per line), json (summary).")
        var format: Format = .text

        @Option(help: "Threads drawing the samples for text and JSON (default: all cores). The samples do not depend on it.")
        var threads: Int?

        func validate() throws {
            guard n >= 1 else { throw ValidationError("-n must be at least 1, found \(n)") }
            let limit = format == .csv ? Sample.maximumStreamed : Sample.maximumSummarized
            guard n <= limit else {
                throw ValidationError("-n must be at most \(limit) for --format \(format.rawValue), found \(n)")
            }
            if let threads, threads < 1 || threads > 1024 {
                throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
            }
        }

        func run() throws {
            let distribution: Distribution
            switch DistributionExpression.read(expression, as: .unspecified) {
            case .success(let d): distribution = d
            case .failure(let issues):
                Diagnostics.printError(Sample.describe(issues.issues, in: expression))
                throw ExitStatus.dataError
            }
            var stream = RandomStream(seed: seed, path: 0, purpose: .sampling)
            do {
                if format == .csv {
                    try Sample.streamCSV(distribution, count: n, byComponent: byComponent, stream: &stream)
                    return
                }
                let workers = threads ?? RunRequest.activeCores
                let draws: [Double]
                if byComponent {
                    let sampler = ComponentwiseSampler(distribution)
                    draws = try SampleDraws.draws(count: n, from: stream, threads: workers) { u throws(NumericFailure) in try sampler.checkedSample(u) }
                } else {
                    draws = try SampleDraws.draws(count: n, from: stream, threads: workers) { u throws(NumericFailure) in try distribution.checkedQuantile(u) }
                }
                let summary = SampleSummary(draws: draws, distribution: distribution)
                switch format {
                case .json: print(try summary.json(expression: distribution.expression, seed: seed))
                default: print(summary.text(expression: distribution.expression, seed: seed))
                }
            } catch let failure as NumericFailure {
                Diagnostics.printError("""
                    offtake: error: cannot sample \(distribution.expression): its quantile at u = \(failure.probability) \
                    did not converge within its iteration bound (docs/distributions.md, "Iteration bounds")
                    """)
                throw ExitStatus.dataError
            }
        }

        /// One sample per line, buffered.
        static func streamCSV(_ distribution: Distribution, count: Int, byComponent: Bool, stream: inout RandomStream) throws {
            var buffer = ""
            buffer.reserveCapacity(1 << 16)
            let out = FileHandle.standardOutput
            let sampler = ComponentwiseSampler(distribution)
            for _ in 0..<count {
                let u = stream.nextUniform()
                buffer += "\(try byComponent ? sampler.checkedSample(u) : distribution.checkedQuantile(u))\n"
                if buffer.utf8.count >= 1 << 16 {
                    try out.write(contentsOf: Data(buffer.utf8))
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try out.write(contentsOf: Data(buffer.utf8))
        }

        /// The expression with a caret under each problem.
        static func describe(_ issues: [ExpressionIssue], in expression: String) -> String {
            var lines = ["offtake: error: invalid distribution expression"]
            let expressionLines = expression.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            for issue in issues {
                let line = issue.location.line - 1
                lines.append("  " + (line < expressionLines.count ? String(expressionLines[line]) : expression))
                let column = max(0, issue.location.column - 1)
                var message = issue.message
                var detail: [String] = []
                if let expected = issue.expected { detail.append("expected \(expected)") }
                if let found = issue.found { detail.append("found \(found)") }
                if !detail.isEmpty { message += " (" + detail.joined(separator: "; ") + ")" }
                lines.append("  " + String(repeating: " ", count: column) + "^ " + message)
                if let hint = issue.hint { lines.append("  hint: \(hint)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}
