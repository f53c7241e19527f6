import Foundation
import OfftakeModel
import OfftakeRandom
import PropertyBased
import Testing

/// The expression parser and builder on arbitrary input: no crash, no hang, located errors, and every
/// accepted expression has a canonical text that reads back identically and finite summary numbers
/// where the distribution has them.
@Suite struct ExpressionFuzzTests {
    static let count = ProcessInfo.processInfo.environment["OFFTAKE_FUZZ_COUNT"].flatMap(Int.init) ?? 1_000

    static let tokens = [
        "normal(", "lognormal(", "uniform(", "triangular(", "pert(", "beta(", "gamma(", "student_t(", "bernoulli(",
        "poisson(", "discrete(", "mixture(", "truncate(", "mean=", "sd=", "mu=", "sigma=", "p10=", "p90=", "p2.5=", "min=",
        "max=", "mode=", "alpha=", "beta=", "shape=", "scale=", "df=", "loc=", "p=", "lambda=", "values=", "weights=",
        "[", "]", "(", ")", ",", " ", "1", "0", "-3", "2.5", "1e400", "1e-300", "40%", "25%/yr", "4.5GW", "300B", "8x",
        "$", "=", "é", "\n",
    ]

    @Test func arbitraryExpressions() async {
        await propertyCheck(count: ExpressionFuzzTests.count, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var stream = RandomStream(seed: seed, path: 1, purpose: StreamPurpose(rawValue: 0xFFF1))
            let length = Int(stream.nextUInt64() % 24)
            let text = (0..<length).map { _ in ExpressionFuzzTests.tokens[Int(stream.nextUInt64() % UInt64(ExpressionFuzzTests.tokens.count))] }.joined()
            switch DistributionExpression.read(text, as: .unspecified) {
            case .failure(let problems):
                #expect(!problems.issues.isEmpty)
                for issue in problems.issues {
                    #expect(issue.location.line >= 1 && issue.location.column >= 1, "\(text)")
                }
            case .success(let d):
                #expect(DistributionExpression.read(d.expression, as: .unspecified) == .success(d), "\(text) → \(d.expression)")
                let median = d.quantile(0.5)
                #expect(!median.isNaN, "\(text): median is NaN")
                #expect(d.cdf(median) >= 0 && d.cdf(median) <= 1, "\(text)")
            }
        }
    }

    static let rangeTokens = ["8", "11", "0.08", "-5", "−", "1e3", "1e400", "$", "%", "B", "GW", "/yr", "x", "-", "–", " to ", "to", " ", ".", "e", "_", "(", ")", "uniform("]

    /// Text made of the pieces of ranges: the range hint never crashes, comes only with a failure, and
    /// when it comes, its suggestion is a call of `uniform` that parses.
    @Test func rangeHintsOnArbitraryText() async {
        await propertyCheck(count: ExpressionFuzzTests.count, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var stream = RandomStream(seed: seed, path: 3, purpose: StreamPurpose(rawValue: 0xFFF1))
            let length = Int(stream.nextUInt64() % 8)
            let text = (0..<length).map { _ in ExpressionFuzzTests.rangeTokens[Int(stream.nextUInt64() % UInt64(ExpressionFuzzTests.rangeTokens.count))] }.joined()
            let suggestion = DistributionExpression.rangeSuggestion(text)
            switch DistributionExpression.read(text, as: .unspecified) {
            case .success: #expect(suggestion == nil, "\(text) reads, yet a range is suggested")
            case .failure(let problems):
                let hints = problems.issues.compactMap(\.hint).filter { $0.hasPrefix("did you mean `uniform(min=") }
                #expect(hints.count <= 1, "\(text)")
                if let hint = hints.first { #expect(hint == "did you mean `\(suggestion ?? "")`?", "\(text)") }
            }
            if let suggestion {
                guard case .success(.call(let name, _, let arguments)) = DistributionExpression.parse(suggestion), name == "uniform" else {
                    Issue.record("\(text) → \(suggestion) does not parse as a uniform")
                    return
                }
                #expect(arguments.map(\.label) == ["min", "max"], "\(suggestion)")
            }
        }
    }

    static let words = ["recovery", "lag", "months", "rate", "take", "or", "pay", "", "_", "-", ".", "x", "é", "RATE", "1", "__"]

    /// Did-you-mean on arbitrary names and candidates: no crash, and a suggestion is one of the candidates.
    @Test func suggestionsOnArbitraryNames() async {
        await propertyCheck(count: ExpressionFuzzTests.count, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var stream = RandomStream(seed: seed, path: 4, purpose: StreamPurpose(rawValue: 0xFFF1))
            func name() -> String {
                (0..<Int(stream.nextUInt64() % 6)).map { _ in ExpressionFuzzTests.words[Int(stream.nextUInt64() % UInt64(ExpressionFuzzTests.words.count))] }.joined(separator: stream.nextUInt64() % 2 == 0 ? "_" : "")
            }
            let candidates = (0..<Int(stream.nextUInt64() % 6)).map { _ in name() }
            let typed = name()
            if let suggestion = NameSuggestion.closest(to: typed, in: candidates) {
                #expect(candidates.contains(suggestion), "\(typed) → \(suggestion)")
                #expect(NameSuggestion.closest(to: typed, in: candidates.reversed()) == suggestion, "\(typed) in \(candidates): order matters")
            }
        }
    }

    /// Well-formed expressions with random parameters, including extreme ones.
    @Test func wellFormedExpressionsWithRandomParameters() async {
        let families = ["normal(mean=A, sd=B)", "lognormal(p10=A, p90=B)", "uniform(min=A, max=B)", "gamma(shape=A, scale=B)",
                        "beta(alpha=A, beta=B)", "student_t(df=A, loc=0, scale=B)", "poisson(lambda=A)", "pert(min=-A, mode=0, max=B)",
                        "truncate(normal(mean=A, sd=B), min=0)", "mixture(normal(mean=A, sd=1), gamma(shape=B, scale=1))"]
        let numbers = ["0", "1e-300", "1e-8", "0.5", "1", "3", "1e3", "1e7", "1e8", "1e300", "-2", "1e308"]
        await propertyCheck(count: ExpressionFuzzTests.count, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var stream = RandomStream(seed: seed, path: 2, purpose: StreamPurpose(rawValue: 0xFFF1))
            func pick(_ items: [String]) -> String { items[Int(stream.nextUInt64() % UInt64(items.count))] }
            let text = pick(families).replacingOccurrences(of: "A", with: pick(numbers)).replacingOccurrences(of: "B", with: pick(numbers))
            if case .success(let d) = DistributionExpression.read(text, as: .unspecified) {
                for p in [1e-9, 0.01, 0.5, 0.99, 1 - 1e-9] {
                    let x = d.quantile(p)
                    #expect(!x.isNaN, "\(text): quantile(\(p)) is NaN")
                }
            }
        }
    }
}
