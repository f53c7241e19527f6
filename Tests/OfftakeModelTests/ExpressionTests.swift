import OfftakeModel
import OfftakeRandom
import Testing

@Suite struct ExpressionTests {
    func read(_ text: String, _ kind: QuantityKind = .unspecified) -> Distribution? {
        if case .success(let d) = DistributionExpression.read(text, as: kind) { return d }
        return nil
    }

    func problems(_ text: String, _ kind: QuantityKind = .unspecified) -> [ExpressionIssue] {
        if case .failure(let issues) = DistributionExpression.read(text, as: kind) { return issues.issues }
        return []
    }

    @Test(arguments: [
        ("normal(mean=5, sd=2)", Distribution.normal(mean: 5, sd: 2)),
        ("lognormal(mu=0.5, sigma=0.25)", .lognormal(mu: 0.5, sigma: 0.25)),
        ("uniform(min=6, max=18)", .uniform(min: 6, max: 18)),
        ("triangular(min=1, mode=2, max=4)", .triangular(min: 1, mode: 2, max: 4)),
        ("pert(min=25M, mode=33M, max=40M)", .pert(min: 25e6, mode: 33e6, max: 40e6)),
        ("beta(alpha=2, beta=5)", .beta(alpha: 2, beta: 5)),
        ("gamma(shape=2, scale=3)", .gamma(shape: 2, scale: 3)),
        ("student_t(df=4, loc=1, scale=2)", .studentT(df: 4, loc: 1, scale: 2)),
        ("student_t(df=4)", .studentT(df: 4, loc: 0, scale: 1)),
        ("bernoulli(p=30%)", .bernoulli(p: 0.3)),
        ("poisson(lambda=3)", .poisson(lambda: 3)),
        ("discrete(values=[0, 6, 12], weights=[0.5, 0.3, 0.2])", .discrete(values: [0, 6, 12], weights: [0.5, 0.3, 0.2])),
        ("discrete(values=[1, 2])", .discrete(values: [1, 2], weights: [1, 1])),
        ("mixture(normal(mean=0, sd=1), normal(mean=5, sd=1), weights=[0.7, 0.3])",
         .mixture(components: [.normal(mean: 0, sd: 1), .normal(mean: 5, sd: 1)], weights: [0.7, 0.3])),
        ("truncate(normal(mean=0, sd=1), min=0)", .truncated(.normal(mean: 0, sd: 1), min: 0, max: .infinity)),
        ("truncate(normal(mean=0, sd=1), min=-1, max=1)", .truncated(.normal(mean: 0, sd: 1), min: -1, max: 1)),
        ("  42  ", .constant(42)),
        ("4.5GW", .constant(4500)),
    ])
    func parsesEveryFamily(_ text: String, _ expected: Distribution) {
        #expect(read(text) == expected, "\(text)")
    }

    /// `lognormal(p10=a, p90=b)` has exactly a and b as its quantiles (to a few ulps: the fit divides by
    /// Φ⁻¹(0.9) and exponentiates).
    @Test(arguments: [("p10", 0.10, "p90", 0.90), ("p5", 0.05, "p95", 0.95), ("p2.5", 0.025, "p97.5", 0.975), ("p25", 0.25, "p50", 0.50)])
    func percentileForms(_ l1: String, _ q1: Double, _ l2: String, _ q2: Double) throws {
        for (family, a, b) in [("lognormal", 20e9, 80e9), ("normal", -3.0, 7.0), ("lognormal", 0.9, 1.8)] {
            let d = try #require(read("\(family)(\(l1)=\(a), \(l2)=\(b))"))
            #expect(abs(d.quantile(q1) - a) <= 1e-13 * abs(a), "\(family) \(l1)")
            #expect(abs(d.quantile(q2) - b) <= 1e-13 * abs(b), "\(family) \(l2)")
        }
        // Order of the arguments does not matter.
        #expect(read("lognormal(\(l2)=80B, \(l1)=20B)") == read("lognormal(\(l1)=20B, \(l2)=80B)"))
    }

    @Test func lognormalFromMoments() throws {
        let d = try #require(read("lognormal(mean=10, sd=3)"))
        #expect(abs(d.mean - 10) < 1e-12)
        #expect(abs(d.variance.squareRoot() - 3) < 1e-12)
    }

    @Test func mappingUnitsToKinds() {
        #expect(read("uniform(min=1GW, max=2GW)", .capacity) == .uniform(min: 1000, max: 2000))
        #expect(!problems("uniform(min=1GW, max=2GW)", .money).isEmpty)
        #expect(read("lognormal(p10=90%, p90=180%)", .annualRate) != nil)
        #expect(!problems("bernoulli(p=1.5GW)").isEmpty)
    }

    /// Errors point at the offending character (1-based columns).
    @Test(arguments: [
        ("lognormal(p10=90%, p90=)", 24, "expected a value after '='"),
        ("normall(mean=1, sd=2)", 1, "unknown distribution `normall`"),
        ("normal(mean=1, sd=-2)", 19, "`sd`"),
        ("uniform(min=2, max=1)", 13, "min"),
        ("normal(mean=1, sdd=2)", 16, "has no parameter `sdd`"),
        ("normal(mean=1)", 1, "needs both"),
        ("normal(mean=1, sd=2", 20, "unclosed"),
        ("normal(mean=1, sd=2) x", 22, "unexpected text"),
        ("normal(mean=1, mean=2, sd=1)", 16, "given twice"),
        ("discrete(values=[1, 2], weights=[1])", 33, "weights"),
        ("lognormal(p10=80, p90=20)", 23, "must be greater"),
        ("lognormal(p10=-1, p90=20)", 15, "must be > 0"),
        ("normal(mean=1, sd=2, p10=3)", 1, "mixes"),
        ("", 1, "expected a number"),
        ("12Q", 3, "unknown unit"),
    ])
    func locatesProblems(_ text: String, _ column: Int, _ fragment: String) throws {
        let found = problems(text)
        let first = try #require(found.first, "\(text) should fail")
        #expect(first.location.column == column, "\(text): \(first.message)")
        #expect(found.contains { $0.message.contains(fragment) }, "\(text): \(found.map(\.message))")
    }

    /// A range written as text gets the uniform distribution it stands for, with the numbers and units
    /// as written, at the first character after the first number.
    @Test(arguments: [
        ("8%-11%", 3, "uniform(min=8%, max=11%)"),
        ("8-11%", 2, "uniform(min=8%, max=11%)"),
        ("8 % - 11 %", 3, "uniform(min=8%, max=11%)"),
        ("0.08-0.11", 5, "uniform(min=0.08, max=0.11)"),
        ("$1B-$2B", 4, "uniform(min=$1B, max=$2B)"),
        ("$1-2B", 3, "uniform(min=$1B, max=$2B)"),
        ("10 to 12", 4, "uniform(min=10, max=12)"),
        ("-5%-3%", 4, "uniform(min=-5%, max=3%)"),
        ("25%/yr – 40%/yr", 8, "uniform(min=25%/yr, max=40%/yr)"),
        (" 1.5GW-2GW ", 7, "uniform(min=1.5GW, max=2GW)"),
    ])
    func suggestsAUniformForARange(_ text: String, _ column: Int, _ suggestion: String) throws {
        let found = problems(text)
        let issue = try #require(found.first, "\(text) should fail")
        #expect(found.count == 1)
        #expect(issue.message == "unexpected text after the expression")
        #expect(issue.location == SourceLocation(line: 1, column: column), "\(text)")
        #expect(issue.hint == "did you mean `\(suggestion)`?", "\(text)")
        #expect(DistributionExpression.rangeSuggestion(text) == suggestion)
        // The suggestion reads as the uniform distribution of the two numbers.
        #expect(read(suggestion) != nil, "\(suggestion)")
    }

    /// A negative number alone, or text that is not a range of two numbers, gets no range hint.
    @Test(arguments: ["-5%", "−5%", "8% x", "8%-", "8%-11%-12%", "8 to", "8 too 9", "normal(mean=1, sd=2) - 3", "8%-normal(mean=1, sd=1)", "8 - 11 x", "- 5", "$-$", "8%/yr-", "-5. -5.8", "1e4008 to -5."])
    func noRangeHintForOtherText(_ text: String) {
        #expect(DistributionExpression.rangeSuggestion(text) == nil, "\(text)")
        #expect(problems(text).allSatisfy { $0.hint == nil }, "\(text): \(problems(text).map { $0.hint ?? "" })")
    }

    @Test func suggestsFamilies() throws {
        let issue = try #require(problems("normall(mean=1, sd=2)").first)
        #expect(issue.hint == "did you mean `normal`?")
        let label = try #require(problems("normal(mean=1, sdd=2)").first)
        #expect(label.hint == "did you mean `sd`?")
    }

    @Test func refusesDeepNestingWithoutRecursingForever() {
        let deep = String(repeating: "mixture(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(!problems(deep).isEmpty)
        let ok = String(repeating: "truncate(", count: 5) + "normal(mean=0, sd=1)" + String(repeating: ", min=-10)", count: 5)
        #expect(read(ok) != nil)
    }

    /// The canonical text of a distribution reads back as exactly the same distribution.
    @Test(arguments: [
        Distribution.constant(0.1), .constant(-0.0), .constant(3e11), .constant(1.0 / 3.0),
        .normal(mean: 0.1 + 0.2, sd: 1e-7), .lognormal(mu: 24.412145291060348, sigma: 0.5408656188293052),
        .uniform(min: -1, max: 1), .pert(min: 25e6, mode: 33e6, max: 40e6), .beta(alpha: 0.5, beta: 0.5),
        .gamma(shape: 0.3, scale: 1e9), .studentT(df: 2.5, loc: -3, scale: 0.01), .bernoulli(p: 0.123456789),
        .poisson(lambda: 12.5), .discrete(values: [0, 6, 12], weights: [0.5, 0.3, 0.2]),
        .mixture(components: [.normal(mean: 0, sd: 1), .uniform(min: 2, max: 3)], weights: [1, 3]),
        .truncated(.lognormal(mu: 0, sigma: 1), min: 0.5, max: .infinity),
        .truncated(.mixture(components: [.constant(1), .normal(mean: 0, sd: 1)], weights: [0.2, 0.8]), min: -2, max: 2),
    ])
    func canonicalTextRoundTrips(_ d: Distribution) {
        #expect(read(d.expression) == d, "\(d.expression)")
    }
}
