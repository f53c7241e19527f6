// `offtake sample EXPR [-n N] [--seed S] [--format text|csv|json]`.

import _OfftakeTestSupport
import Foundation
import Testing

/// The quantile keys of the summaries.
let quantileKeys = ["p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"]

/// Standard normal cdf Φ(z) = erfc(−z/√2)/2.
func standardNormalCDF(_ z: Double) -> Double {
    0.5 * erfc(-z / 2.0.squareRoot())
}

/// Φ⁻¹(0.9), for the lognormal fitted to p10 and p90.
let z90 = 1.2815515655446004

/// The parsed JSON summary of `offtake sample … --format json`.
func sampleJSON(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let run = runOfftakeDetailed(["sample"] + args + ["--format", "json"], sourceLocation: sourceLocation)
    #expect(run.status == 0, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    let object = try JSONSerialization.jsonObject(with: run.stdoutData)
    return try #require(object as? [String: Any], "not a JSON object: \(run.stdout.prefix(300))", sourceLocation: sourceLocation)
}

/// The draws of `offtake sample … --format csv`, checking that stdout is exactly one number per line.
func sampleCSV(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) -> [Double] {
    let run = runOfftakeDetailed(["sample"] + args + ["--format", "csv"], sourceLocation: sourceLocation)
    #expect(run.status == 0, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderr.isEmpty, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stdout.hasSuffix("\n"), sourceLocation: sourceLocation)
    var values: [Double] = []
    for line in run.stdout.outputLines {
        guard let value = Double(line), value.isFinite else {
            Issue.record("not a finite number: `\(line)`", sourceLocation: sourceLocation)
            continue
        }
        values.append(value)
    }
    return values
}

@Suite("offtake sample")
struct SampleTests {
    // MARK: csv

    @Test("csv: exactly N lines, each a number", arguments: [1, 7, 1_000, 100_000])
    func csvLineCount(n: Int) {
        let run = runOfftakeDetailed(["sample", "normal(mean=5, sd=2)", "-n", "\(n)", "--format", "csv"])
        #expect(run.status == 0)
        let lines = run.stdout.outputLines
        #expect(lines.count == n)
        #expect(run.stdout.hasSuffix("\n") && !run.stdout.hasSuffix("\n\n"))
        #expect(lines.allSatisfy { Double($0)?.isFinite == true }, "non-numeric line in stdout")
        #expect(run.stderr.isEmpty)
    }

    @Test("csv: the same seed gives identical bytes; another seed gives other draws")
    func csvReproducible() {
        let args = ["sample", "pert(min=25M, mode=33M, max=40M)", "-n", "5000", "--format", "csv"]
        let first = runOfftakeDetailed(args + ["--seed", "7"])
        let again = runOfftakeDetailed(args + ["--seed", "7"])
        let other = runOfftakeDetailed(args + ["--seed", "8"])
        #expect(first.status == 0 && again.status == 0 && other.status == 0)
        #expect(!first.stdoutData.isEmpty)
        #expect(first.stdoutData == again.stdoutData)
        #expect(first.stdoutData != other.stdoutData)
        let a = first.stdout.outputLines, b = other.stdout.outputLines
        #expect(a.count == b.count)
        #expect(zip(a, b).filter { $0 == $1 }.count < a.count / 100, "seeds 7 and 8 share many draws")
    }

    @Test("csv: the default seed is fixed, and the largest seed works")
    func csvSeeds() {
        let defaultSeed = runOfftakeDetailed(["sample", "normal(mean=0, sd=1)", "-n", "50", "--format", "csv"])
        let seed42 = runOfftakeDetailed(["sample", "normal(mean=0, sd=1)", "-n", "50", "--format", "csv", "--seed", "42"])
        #expect(defaultSeed.stdoutData == seed42.stdoutData)
        let largest = sampleCSV(["normal(mean=0, sd=1)", "-n", "50", "--seed", "18446744073709551615"])
        #expect(largest.count == 50)
    }

    @Test("csv: a prefix of a longer run is the shorter run")
    func csvPrefix() {
        let short = runOfftakeDetailed(["sample", "lognormal(p10=20B, p90=80B)", "-n", "100", "--format", "csv", "--seed", "3"])
        let long = runOfftakeDetailed(["sample", "lognormal(p10=20B, p90=80B)", "-n", "1000", "--format", "csv", "--seed", "3"])
        #expect(long.stdout.outputLines.prefix(100) == short.stdout.outputLines[...])
    }

    @Test("csv: units are converted (GW → MW)")
    func csvUnits() {
        let values = sampleCSV(["uniform(min=1GW, max=2GW)", "-n", "20000"])
        #expect(values.count == 20_000)
        #expect(values.allSatisfy { $0 >= 1_000 && $0 <= 2_000 }, "outside [1000, 2000]: \(values.filter { $0 < 1_000 || $0 > 2_000 }.prefix(5))")
        // Uniform on [1000, 2000]: both halves are used.
        #expect(values.contains { $0 < 1_100 } && values.contains { $0 > 1_900 })
    }

    @Test("csv: discrete values appear with their weights")
    func csvDiscrete() {
        let n = 20_000
        let values = sampleCSV(["discrete(values=[0, 6, 12], weights=[0.5, 0.3, 0.2])", "-n", "\(n)"])
        #expect(values.count == n)
        #expect(Set(values).isSubset(of: [0, 6, 12]))
        for (value, weight) in [(0.0, 0.5), (6.0, 0.3), (12.0, 0.2)] {
            let count = Double(values.filter { $0 == value }.count)
            let band = 4 * (Double(n) * weight * (1 - weight)).squareRoot()
            #expect(abs(count - Double(n) * weight) <= band, "\(value): \(count) of \(n)")
        }
    }

    @Test("csv: lognormal(p10=20B, p90=80B) order statistics bracket 20e9 and 80e9")
    func csvLognormalQuantiles() {
        let n = 100_000
        let values = sampleCSV(["lognormal(p10=20B, p90=80B)", "-n", "\(n)", "--seed", "11"]).sorted()
        #expect(values.count == n)
        guard values.count == n else { return }
        for (p, target) in [(0.1, 20e9), (0.9, 80e9)] {
            let band = binomialQuantileBand(p: p, n: n)
            #expect(values[band.lowerBound] <= target && target <= values[band.upperBound],
                    "p\(Int(p * 100)): [\(values[band.lowerBound]), \(values[band.upperBound])] misses \(target)")
        }
    }

    // MARK: json

    @Test("json: the summary has mean, sd, quantiles, exact, n, seed and expression")
    func jsonShape() throws {
        let json = try sampleJSON(["normal(mean=5, sd=2)", "-n", "1000", "--seed", "9"])
        for key in ["mean", "sd", "quantiles", "exact", "n", "seed", "expression"] {
            #expect(json[key] != nil, "missing key \(key)")
        }
        #expect(json["n"] as? Int == 1_000)
        #expect(json["seed"] as? Int == 9)
        #expect(json["expression"] as? String == "normal(mean=5, sd=2)")
        let quantiles = try #require(json["quantiles"] as? [String: Double])
        #expect(Set(quantiles.keys) == Set(quantileKeys))
        let ordered = quantileKeys.compactMap { quantiles[$0] }
        #expect(ordered == ordered.sorted(), "quantiles not increasing: \(ordered)")
        let exact = try #require(json["exact"] as? [String: Any])
        #expect(exact["mean"] as? Double == 5)
        #expect(exact["sd"] as? Double == 2)
        let exactQuantiles = try #require(exact["quantiles"] as? [String: Double])
        #expect(exactQuantiles["p50"] == 5)
        // The histogram, when present, accounts for every draw.
        if let histogram = json["histogram"] as? [String: Any], let counts = histogram["counts"] as? [Int] {
            let tails = (histogram["below"] as? Int ?? 0) + (histogram["above"] as? Int ?? 0)
            #expect(counts.reduce(0, +) + tails == 1_000)
        }
    }

    @Test("json: the sample mean of normal(mean=5, sd=2) is within 4 standard errors")
    func jsonMean() throws {
        let n = 100_000
        for seed in [1, 42, 2_026] {
            let json = try sampleJSON(["normal(mean=5, sd=2)", "-n", "\(n)", "--seed", "\(seed)"])
            let mean = try #require(json["mean"] as? Double)
            let sd = try #require(json["sd"] as? Double)
            #expect(abs(mean - 5) <= 4 * (2 / Double(n).squareRoot()), "seed \(seed): mean \(mean)")
            #expect(abs(sd - 2) <= 0.05, "seed \(seed): sd \(sd)")
        }
    }

    @Test("json: lognormal(p10=20B, p90=80B) has p10 ≈ 20e9 and p90 ≈ 80e9 within the binomial band")
    func jsonLognormalQuantiles() throws {
        let n = 100_000
        let json = try sampleJSON(["lognormal(p10=20B, p90=80B)", "-n", "\(n)"])
        let quantiles = try #require(json["quantiles"] as? [String: Double])
        // The fitted lognormal: ln X ~ N(μ, σ) with μ ± z90·σ = ln 20e9, ln 80e9.
        let mu = (log(20e9) + log(80e9)) / 2
        let sigma = (log(80e9) - log(20e9)) / (2 * z90)
        func cdf(_ x: Double) -> Double { standardNormalCDF((log(x) - mu) / sigma) }
        for (key, p, target) in [("p10", 0.1, 20e9), ("p90", 0.9, 80e9)] {
            let estimate = try #require(quantiles[key])
            // The sample p-quantile's cdf value is within 4 binomial standard deviations of p.
            let band = 4 * (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(cdf(estimate) - p) <= band, "\(key) = \(estimate), F = \(cdf(estimate))")
            #expect(abs(estimate / target - 1) < 0.05, "\(key) = \(estimate)")
        }
        let exact = try #require((json["exact"] as? [String: Any])?["quantiles"] as? [String: Double])
        #expect(isApproximatelyEqual(exact["p10"] ?? 0, 20e9, relative: 1e-9))
        #expect(isApproximatelyEqual(exact["p90"] ?? 0, 80e9, relative: 1e-9))
    }

    @Test("json: same seed gives identical output")
    func jsonReproducible() {
        let args = ["sample", "gamma(shape=3, scale=1)", "-n", "2000", "--format", "json", "--seed", "5"]
        let a = runOfftakeDetailed(args)
        let b = runOfftakeDetailed(args)
        #expect(a.status == 0)
        #expect(a.stdoutData == b.stdoutData)
    }

    // MARK: text

    @Test("text: mean, sd, p1 … p99 rows and a histogram")
    func textSummary() {
        let run = runOfftakeDetailed(["sample", "normal(mean=5, sd=2)", "-n", "5000"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let lines = run.stdout.outputLines
        #expect(lines.first == "normal(mean=5, sd=2)")
        #expect(run.stdout.contains("n = 5000"))
        for row in ["mean", "sd"] + quantileKeys {
            let matches = lines.filter { $0.split(separator: " ").first.map(String.init) == row }
            #expect(matches.count == 1, "no single `\(row)` row")
            if let line = matches.first {
                let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
                #expect(!numbers.isEmpty, "`\(row)` row has no number: \(line)")
            }
        }
        let histogram = lines.filter { $0.contains("│") }
        #expect(histogram.count >= 5, "histogram rows: \(histogram.count)")
        // Each histogram row ends with its count; with the tail lines (`< x  N draws`, `> x  N draws`)
        // the counts add up to n.
        let bars = histogram.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
        let tails = lines.filter { ($0.hasPrefix("< ") || $0.hasPrefix("> ")) && $0.hasSuffix(" draws") }
            .compactMap { line in line.split(separator: " ").dropLast().last.flatMap { Int($0) } }
            .reduce(0, +)
        #expect(bars + tails == 5_000, "bars \(bars) + tails \(tails)")
    }

    // MARK: invalid expressions

    /// The caret column (0-based, in the expression) printed under the echoed expression.
    static func caretColumn(in stderr: String, expression: String) -> Int? {
        let lines = stderr.outputLines
        guard let index = lines.firstIndex(of: "  " + expression), lines.indices.contains(index + 1) else { return nil }
        let caretLine = lines[index + 1]
        guard let caret = caretLine.firstIndex(of: "^") else { return nil }
        let prefix = caretLine[..<caret]
        guard prefix.allSatisfy({ $0 == " " }), prefix.count >= 2 else { return nil }
        return prefix.count - 2
    }

    struct BadExpression: Sendable, CustomStringConvertible {
        var expression: String
        /// 0-based offset the caret must point at, if asserted.
        var caret: Int?
        var stderrContains: String? = nil
        var description: String { expression.isEmpty ? "<empty>" : expression }
    }

    static let badExpressions: [BadExpression] = [
        // The caret points at the `)` where a value is missing.
        BadExpression(expression: "lognormal(p10=90%, p90=)", caret: 23, stderrContains: "value after '='"),
        BadExpression(expression: "normall(mean=1, sd=2)", caret: 0, stderrContains: "hint: did you mean `normal`?"),
        BadExpression(expression: "normal(mean=1)", caret: 0, stderrContains: "`sd`"),
        // The caret points at `min`'s value.
        BadExpression(expression: "uniform(min=2, max=1)", caret: 12, stderrContains: "min"),
        // Unbalanced parentheses: the caret is just past the end, or on the extra `)`.
        BadExpression(expression: "normal(mean=1, sd=2", caret: 19, stderrContains: "unclosed"),
        BadExpression(expression: "normal(mean=1, sd=2))", caret: 20),
        BadExpression(expression: "", caret: 0),
        BadExpression(expression: "normal(mean=1, sd=-2)", caret: nil, stderrContains: "sd"),
        BadExpression(expression: "normal(mean=1e400, sd=1)", caret: 12, stderrContains: "finite"),
        BadExpression(expression: "lognormal(p10=90%, p90=10%)", caret: nil, stderrContains: "p90"),
        BadExpression(expression: "normal(mean=€1, sd=2)", caret: 12),
        BadExpression(expression: "pert(min=1, mode=5, max=3)", caret: nil),
        BadExpression(expression: "discrete(values=[0, 6], weights=[0.7])", caret: nil),
        BadExpression(expression: "mixture(", caret: 8),
    ]

    @Test("an invalid expression exits 65 and shows a caret", arguments: badExpressions)
    func invalidExpression(_ bad: BadExpression) {
        let run = runOfftakeDetailed(["sample", bad.expression, "-n", "10"])
        #expect(run.status == 65, "exit \(run.status); stderr: \(run.stderr)")
        expectNoCrash(run, bad.description)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("invalid distribution expression"))
        #expect(run.stderr.contains("  " + bad.expression + "\n"), "the expression is not echoed")
        let column = Self.caretColumn(in: run.stderr, expression: bad.expression)
        #expect(column != nil, "no caret line under the expression: \(run.stderr)")
        if let expected = bad.caret {
            #expect(column == expected, "caret at \(column ?? -1), expected \(expected): \(run.stderr)")
        }
        if let text = bad.stderrContains {
            #expect(run.stderr.contains(text), "stderr lacks “\(text)”: \(run.stderr)")
        }
    }

    @Test("an invalid expression exits 65 in every format", arguments: ["csv", "json", "text"])
    func invalidExpressionAnyFormat(format: String) {
        let run = runOfftakeDetailed(["sample", "normal(mean=1)", "--format", format])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
    }

    @Test("100,000 nested `mixture(` calls: exit 65 with a caret, no stack overflow")
    func deeplyNestedMixture() throws {
        // Linux limits one argument to 128 KiB (MAX_ARG_STRLEN), which 100,000 × "mixture(" (800 kB)
        // exceeds, so the process cannot even be started there; then the deepest nesting that fits is used.
        var depth = 100_000
        var run: OfftakeRun
        do {
            run = try launchOfftake(["sample", String(repeating: "mixture(", count: depth)])
        } catch {
            depth = 16_000
            run = try launchOfftake(["sample", String(repeating: "mixture(", count: depth)])
        }
        #expect(run.status == 65, "depth \(depth): exit \(run.status)")
        expectNoCrash(run, "mixture( × \(depth)")
        #expect(run.stderr.contains("nested"), "depth \(depth): \(run.stderr.suffix(300))")
        #expect(run.stderr.contains("^"))
        // Balanced nesting too.
        let balanced = try launchOfftake(["sample", String(repeating: "mixture(", count: 8_000) + String(repeating: ")", count: 8_000)])
        #expect(balanced.status == 65)
        expectNoCrash(balanced, "balanced mixture nesting")
        let parentheses = try launchOfftake(["sample", String(repeating: "(", count: 60_000) + "1" + String(repeating: ")", count: 60_000)])
        #expect(parentheses.status == 65)
        expectNoCrash(parentheses, "nested parentheses")
    }
}

/// `offtake sample --by-component`: the composition method for mixtures, opt-in.
@Suite struct SampleByComponentTests {
    static let mixture = "mixture(0, 1, lognormal(p5=1, p95=10), lognormal(p5=100, p95=10000), weights=[0.6, 0.2, 0.1, 0.1])"

    @Test("draws the atoms with their weights and differs from the default inversion; same seed, same bytes")
    func atomsAndDeterminism() {
        let a = runOfftake(["sample", SampleByComponentTests.mixture, "-n", "20000", "--by-component", "--format", "csv"])
        let b = runOfftake(["sample", SampleByComponentTests.mixture, "-n", "20000", "--by-component", "--format", "csv"])
        let inverted = runOfftake(["sample", SampleByComponentTests.mixture, "-n", "20000", "--format", "csv"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != inverted.stdout)
        let draws = a.stdout.split(separator: "\n").compactMap { Double($0) }
        #expect(draws.count == 20_000)
        // Shares of the atoms 0 (60 %) and 1 (20 %): within 5 binomial standard errors (≤ 0.018).
        let zeros = Double(draws.count { $0 == 0 }) / 20_000, ones = Double(draws.count { $0 == 1 }) / 20_000
        #expect(abs(zeros - 0.6) < 5 * (0.6 * 0.4 / 20_000).squareRoot())
        #expect(abs(ones - 0.2) < 5 * (0.2 * 0.8 / 20_000).squareRoot())
    }
}
