// Distribution parameters at the edges of the doubles. Every numeric path terminates: a correct
// answer, or a clear error naming the parameter and its supported range (exit 65), never a trap or a
// hang. Reproducers of past traps and hangs, then a grammar-aware fuzz campaign.

import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing
import _OfftakeTestSupport

/// The run ended by itself, promptly (CPU seconds), with 0 or a clear usage (64) / data (65) error.
func expectCleanExit(_ run: OfftakeRun, _ what: String, within seconds: Double, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    expectNoCrash(run, what, sourceLocation: sourceLocation)
    #expect([0, 64, 65].contains(run.status), "\(what): exit \(run.status); stderr: \(run.stderr.prefix(1_000))", sourceLocation: sourceLocation)
    #expect(run.cpuSeconds < seconds, "\(what): took \(run.cpuSeconds) s of CPU", sourceLocation: sourceLocation)
    if run.status != 0 {
        #expect(run.stderr.contains("error"), "\(what): exit \(run.status) without a message", sourceLocation: sourceLocation)
    }
}

/// The built-in scenario's numeric fields (id paths), from its parameter catalogue: the list follows the
/// scenario as it changes.
let builtInFields: [String] = {
    guard let entry = BuiltInScenarios.named(BuiltInScenarios.defaultName),
          let scenario = try? ScenarioLoader.load(text: entry.text, source: entry.name) else { return [] }
    return scenario.parameterSlots.map(\.path)
}()

@Suite("extreme parameters terminate")
struct ExtremeParameterRegressionTests {
    @Test("normal(p53=1, p6=-1e308): exit 65 naming sd and its supported range (it trapped)", arguments: ["json", "text", "csv"])
    func normalFromExtremePercentiles(format: String) {
        let run = runOfftakeDetailed(["sample", "normal(p53=1, p6=-1e308)", "-n", "500", "--format", format], timeout: 30)
        expectCleanExit(run, "normal(p53=1, p6=-1e308)", within: 10)
        #expect(run.status == 65)
        #expect(run.stderr.contains("`sd`") && run.stderr.contains("supported") && run.stderr.contains("1.8e308"), "\(run.stderr)")
        #expect(run.stderr.contains("percentiles"), "no hint that sd follows from the percentiles: \(run.stderr)")
    }

    @Test("gamma(shape=5e-324): sample answers (it hung); every draw is 0", arguments: ["json", "text", "csv"])
    func subnormalGammaShape(format: String) throws {
        let run = runOfftakeDetailed(["sample", "gamma(shape=5e-324, scale=2)", "-n", "500", "--format", format], timeout: 60)
        expectCleanExit(run, "gamma(shape=5e-324)", within: 10)
        #expect(run.status == 0)
        if format == "csv" {
            #expect(run.stdout.outputLines.allSatisfy { Double($0) == 0 }, "\(run.stdout.prefix(200))")
        }
    }

    @Test("gamma(shape=5e-324) as an accelerator's capex_per_mw: validate and run both finish (run hung)")
    func subnormalGammaShapeInAScenario() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try Fixtures.text("minimal.yaml")
        let edited = text.replacingOccurrences(of: #"capex_per_mw: "pert(min=25M, mode=33M, max=40M)""#,
                                               with: #"capex_per_mw: "gamma(shape=5e-324, scale=2)""#)
        try #require(edited != text)
        let file = try dir.write("gamma.yaml", edited)
        let validate = runOfftakeDetailed(["validate", file], timeout: 60)
        expectCleanExit(validate, "validate", within: 10)
        #expect(validate.status == 0, "\(validate.stderr)")
        let run = runOfftakeDetailed(["run", file, "--paths", "64"], timeout: 120)
        expectCleanExit(run, "run", within: 30)
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test("run --set tranches[…].mw=1e308: the tables and the JSON format any double (it trapped)", arguments: ["text", "json"])
    func hugeTranche(format: String) throws {
        let path = builtInFields.first { $0 == "contracts.oracle-2027.tranches[3].mw" }
            ?? builtInFields.first { $0.contains(".tranches[") && $0.hasSuffix(".mw") }
        let field = try #require(path)
        let run = runOfftakeDetailed(["run", "--paths", "64", "--set", "\(field)=1e308"] + (format == "json" ? ["--json", "-"] : []), timeout: 120)
        expectCleanExit(run, "--set \(field)=1e308", within: 60)
        #expect(run.status == 0, "\(run.stderr.prefix(1_000))")
        if format == "json" {
            #expect((try? JSONSerialization.jsonObject(with: run.stdoutData)) != nil, "not JSON")
        }
    }

    @Test("a discrete distribution truncated to a huge upper bound answers (it hung)", arguments: [
        ("truncate(poisson(lambda=7), min=5e-324, max=1e308)", 1.0),
        ("truncate(mixture(poisson(lambda=2), weights=[1e308]), min=7, max=1e308)", 7.0),
    ])
    func discreteTruncatedToHugeBound(expression: String, lowest: Double) throws {
        for format in ["csv", "json", "text"] {
            let run = runOfftakeDetailed(["sample", expression, "-n", "500", "--format", format], timeout: 60)
            expectCleanExit(run, "\(expression) --format \(format)", within: 10)
            #expect(run.status == 0, "\(run.stderr)")
            if format == "csv" {
                let draws = run.stdout.outputLines.compactMap(Double.init)
                #expect(draws.count == 500)
                #expect(draws.allSatisfy { $0 >= lowest && $0 == $0.rounded() && $0 < 100 }, "\(draws.prefix(20))")
            }
        }
    }
}

// MARK: - Fuzz

/// Random expressions built from the real grammar (every family, nested mixtures and truncations) with
/// parameters drawn from edge values, through `sample`, and through `validate` and a short `run` of a
/// scenario that carries them; and every numeric field of the built-in scenario at edge values.
/// `swift test` runs a short campaign; `OFFTAKE_FUZZ_COUNT=100000 swift test --filter Fuzz` a long one.
@Suite struct ExtremeParameterFuzzTests {
    static let fuzzCount = ProcessInfo.processInfo.environment["OFFTAKE_FUZZ_COUNT"].flatMap(Int.init)
    /// Expressions per campaign: 24 in `swift test`; OFFTAKE_FUZZ_COUNT / 50 (each costs three processes).
    static let expressionCount = fuzzCount.map { max(24, $0 / 50) } ?? 24

    static let edgeNumbers = [
        "0", "-0", "5e-324", "-5e-324", "1e-310", "1e-308", "-1e-308", "1e-300", "1e308", "-1e308",
        "1.7976931348623157e308", "-1.7976931348623157e308", "1", "-1", "0.5", "7", "1e7", "10000001", "50%", "0.04",
    ]
    static let percentileLabels = ["p0.0001", "p1", "p6", "p50", "p53", "p99", "p99.9999"]

    /// A random expression of the grammar, nested at most `depth` more levels.
    struct Generator {
        var random: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        mutating func number() -> String { pick(ExtremeParameterFuzzTests.edgeNumbers) }
        mutating func list(_ count: Int) -> String { "[" + (0..<count).map { _ in number() }.joined(separator: ", ") + "]" }

        mutating func expression(depth: Int) -> String {
            let families = depth > 0
                ? ["normal", "lognormal", "uniform", "triangular", "pert", "beta", "gamma", "student_t", "bernoulli",
                   "poisson", "discrete", "number", "mixture", "mixture", "truncate", "truncate", "truncate"]
                : ["normal", "lognormal", "uniform", "triangular", "pert", "beta", "gamma", "student_t", "bernoulli",
                   "poisson", "discrete", "number"]
            switch pick(families) {
            case "number": return number()
            case "normal", "lognormal":
                let name = random.next() % 2 == 0 ? "normal" : "lognormal"
                switch random.next() % 3 {
                case 0: return "\(name)(mean=\(number()), sd=\(number()))"
                case 1 where name == "lognormal": return "lognormal(mu=\(number()), sigma=\(number()))"
                default:
                    let a = pick(ExtremeParameterFuzzTests.percentileLabels), b = pick(ExtremeParameterFuzzTests.percentileLabels)
                    return "\(name)(\(a)=\(number()), \(b)=\(number()))"
                }
            case "uniform": return "uniform(min=\(number()), max=\(number()))"
            case "triangular", "pert":
                let name = random.next() % 2 == 0 ? "triangular" : "pert"
                return "\(name)(min=\(number()), mode=\(number()), max=\(number()))"
            case "beta": return "beta(alpha=\(number()), beta=\(number()))"
            case "gamma": return "gamma(shape=\(number()), scale=\(number()))"
            case "student_t": return "student_t(df=\(number()), loc=\(number()), scale=\(number()))"
            case "bernoulli": return "bernoulli(p=\(number()))"
            case "poisson": return "poisson(lambda=\(number()))"
            case "discrete":
                let count = 1 + Int(random.next() % 3)
                return "discrete(values=\(list(count)), weights=\(list(count)))"
            case "mixture":
                let count = 1 + Int(random.next() % 3)
                let components = (0..<count).map { _ in expression(depth: depth - 1) }
                return "mixture(" + components.joined(separator: ", ") + (random.next() % 2 == 0 ? ", weights=\(list(count)))" : ")")
            default:
                let inner = expression(depth: depth - 1)
                switch random.next() % 4 {
                case 0: return "truncate(\(inner), min=\(number()))"
                case 1: return "truncate(\(inner), max=\(number()))"
                case 2:
                    let bound = number()
                    return "truncate(\(inner), min=\(bound), max=\(bound))"   // equal bounds
                default: return "truncate(\(inner), min=\(number()), max=\(number()))"
                }
            }
        }
    }

    static func expression(seed: Int) -> String {
        var generator = Generator(random: SplitMix64(seed: 0x13_0000 + UInt64(seed)))
        return generator.expression(depth: 3)
    }

    @Test("sample, validate and run of a random edge-valued expression: no trap, bounded time, 0/64/65",
          arguments: 0..<expressionCount)
    func expressionCampaign(seed: Int) throws {
        let expression = ExtremeParameterFuzzTests.expression(seed: seed)
        let sample = runOfftakeDetailed(["sample", expression, "-n", "50", "--format", "json"], timeout: 60)
        expectCleanExit(sample, "sample \(expression)", within: 20)
        if sample.status == 0 {
            #expect((try? JSONSerialization.jsonObject(with: sample.stdoutData)) != nil, "\(expression): not JSON")
        }

        // The expression in a scenario, on a field that takes any real value, so that most expressions
        // get past the field's domain check; a file that validates must also run.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try Fixtures.text("minimal.yaml")
        let edited = text.replacingOccurrences(of: "demand_elasticity: 0.5", with: "demand_elasticity: \"\(expression)\"")
        try #require(edited != text)
        let file = try dir.write("fuzz.yaml", edited)
        let validate = runOfftakeDetailed(["validate", file], timeout: 60)
        expectCleanExit(validate, "validate with \(expression)", within: 20)
        #expect(validate.status == 0 || validate.status == 65, "\(expression): validate exit \(validate.status)")
        if validate.status == 0 {
            let run = runOfftakeDetailed(["run", file, "--paths", "8"], timeout: 120)
            expectCleanExit(run, "run with \(expression)", within: 60)
            #expect(run.status == 0, "\(expression) validates but does not run: \(run.stderr.prefix(1_000))")
        }
    }

    static let fieldValues = ["1e308", "0", "5e-324", "-1"]

    /// (field, value) pairs: all of them with the fuzz switch, else 24 drawn with a fixed seed.
    static let fieldCases: [String] = {
        let all = builtInFields.flatMap { field in fieldValues.map { "\(field)=\($0)" } }
        if fuzzCount != nil { return all }
        var random = SplitMix64(seed: 13)
        var chosen: [String] = []
        var remaining = all
        while chosen.count < 24 && !remaining.isEmpty {
            chosen.append(remaining.remove(at: Int(random.next() % UInt64(remaining.count))))
        }
        return chosen
    }()

    @Test("the built-in scenario's catalogue lists its numeric fields")
    func fieldsAreListed() {
        #expect(builtInFields.count > 20)
    }

    @Test("run --set FIELD=edge value on the built-in scenario: no trap, bounded time, 0 or 65", arguments: fieldCases)
    func fieldCampaign(assignment: String) {
        let run = runOfftakeDetailed(["run", "--paths", "8", "--set", assignment], timeout: 120)
        expectCleanExit(run, "--set \(assignment)", within: 60)
        #expect(run.status == 0 || run.status == 65, "--set \(assignment): exit \(run.status) \(run.stderr.prefix(500))")
        if run.status == 65 {
            let field = String(assignment.prefix { $0 != "=" })
            #expect(run.stderr.contains(field) || run.stderr.contains("error"), "\(assignment): \(run.stderr.prefix(500))")
        }
    }
}
