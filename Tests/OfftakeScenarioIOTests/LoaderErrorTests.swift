import OfftakeModel
import OfftakeScenarioIO
import Testing

/// One test per kind of problem, checking the exact path and line:column reported.
@Suite struct LoaderErrorTests {
    @Test func baseIsValid() {
        let check = ScenarioLoader.check(text: baseText, source: "t.yaml")
        #expect(check.issues.isEmpty, "\(check.issues.map(\.description))")
        #expect(check.scenario?.contracts.first?.id == "main")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var line: Int
        var text: String
        var path: String
        var column: Int
        var fragment: String
        var hint: String? = nil
        /// The line reported, when it is not the line changed (e.g. a missing key is reported at its mapping).
        var reportedLine: Int? = nil
        var testDescription: String { "\(path): \(fragment)" }
    }

    @Test(arguments: [
        // unknown key with suggestion
        Case(line: 44, text: "    tkae_or_pay: 90%", path: "contracts[0].tkae_or_pay", column: 5, fragment: "unknown key", hint: "did you mean `take_or_pay`?"),
        // negative capacity
        Case(line: 41, text: "      - {start: 2028-06, mw: -500}", path: "contracts[0].tranches[1].mw", column: 30, fragment: "out of range"),
        // probability outside [0, 1]
        Case(line: 45, text: "    recovery_rate: 130%", path: "contracts[0].recovery_rate", column: 20, fragment: "out of range"),
        // transition row not summing to 1
        Case(line: 8, text: "      bust: {steady: 0.10, bust: 0.80}", path: "market.regimes.transitions.bust", column: 13, fragment: "does not sum to 1"),
        // date outside the horizon
        Case(line: 24, text: "      scheduled: [{month: 2031-06, amount: 5B, probability: 0.8}]", path: "buyers[0].funding.scheduled[0].month", column: 27, fragment: "outside the horizon"),
        // dates out of order
        Case(line: 41, text: "      - {start: 2027-01, mw: 500}", path: "contracts[0].tranches[1].start", column: 17, fragment: "out of order"),
        // tranche after the contract end
        Case(line: 42, text: "    end: 2028-01", path: "contracts[0].tranches[1].start", column: 17, fragment: "after the contract ends", reportedLine: 41),
        // distribution parameters out of domain, pointed at the parameter inside the quoted expression
        Case(line: 15, text: "    capex_per_mw: \"normal(mean=30M, sd=0)\"", path: "accelerators[0].capex_per_mw", column: 40, fragment: "`sd`"),
        Case(line: 20, text: "    growth: {initial: \"lognormal(p10=120%, p90=40%)\", long_run: 20%, half_life_months: 24}", path: "buyers[0].growth.initial", column: 48, fragment: "must be greater"),
        Case(line: 15, text: "    capex_per_mw: uniform(min=40M, max=25M)", path: "accelerators[0].capex_per_mw", column: 31, fragment: "min"),
        // NaN / Inf
        Case(line: 18, text: "    cash0: 1e400", path: "buyers[0].cash0", column: 12, fragment: "not a finite number"),
        Case(line: 18, text: "    cash0: .nan", path: "buyers[0].cash0", column: 12, fragment: "expected a number"),
        // unknown reference
        Case(line: 37, text: "    provider: clowd", path: "contracts[0].provider", column: 15, fragment: "unknown provider", hint: "did you mean `cloud`?"),
        // wrong unit
        Case(line: 18, text: "    cash0: 4.5GW", path: "buyers[0].cash0", column: 12, fragment: "is a capacity"),
        // wrong type
        Case(line: 40, text: "      - 2027-06", path: "contracts[0].tranches[0]", column: 9, fragment: "expected a mapping"),
        // bad month
        Case(line: 42, text: "    end: 2030-13", path: "contracts[0].end", column: 10, fragment: "expected a month"),
        // missing required key
        Case(line: 43, text: "    escalator: 3%/yr", path: "contracts[0].total_value", column: 5, fragment: "missing the contract's price", reportedLine: 35),
        // unknown regime
        Case(line: 5, text: "    initial: boom", path: "market.regimes.initial", column: 14, fragment: "unknown regime"),
        // correlation to an unknown parameter
        Case(line: 48, text: "  - [buyers.lab.growth.initail, accelerators.gpu.capex_per_mw, 0.3]", path: "correlations.buyers.lab.growth.initail", column: 6, fragment: "no parameter", hint: "did you mean `buyers.lab.growth.initial`?"),
        // correlation out of range
        Case(line: 48, text: "  - [buyers.lab.growth.initial, accelerators.gpu.capex_per_mw, 1.3]", path: "correlations", column: 3, fragment: "out of range"),
        // stress override that breaks the scenario
        Case(line: 51, text: "  delays: {set: {contracts.main.delivery_delay: \"uniform(min=18, max=6)\"}}", path: "stresses.delays.set.contracts.main.delivery_delay", column: 49, fragment: "with this stress"),
        Case(line: 51, text: "  delays: {set: {contracts.mian.delivery_delay: 6}}", path: "stresses.delays.set.contracts.mian.delivery_delay", column: 49, fragment: "no numeric parameter or month `contracts.mian.delivery_delay`", hint: "did you mean `contracts.main.delivery_delay`?"),
        // bad syntax in an expression
        Case(line: 46, text: "    delivery_delay: \"discrete(values=[0, 6], weights=[0.7, 0.3]\"", path: "contracts[0].delivery_delay", column: 64, fragment: "unclosed"),
    ])
    func reportsPathAndLocation(_ c: Case) throws {
        let found = issues(replacing(c.line, with: c.text))
        let issue = try #require(found.first { $0.path == c.path && $0.message.contains(c.fragment) },
                                 "no issue at \(c.path) with \(c.fragment); got \(found.map(\.description))")
        #expect(issue.location == SourceLocation(line: c.reportedLine ?? c.line, column: c.column), "\(issue.description)")
        if let hint = c.hint { #expect(issue.hint == hint) }
    }

    /// Each hint alone, word for word, at its line and column.
    struct Hint: Sendable, CustomTestStringConvertible {
        var line: Int
        var text: String
        var path: String
        var location: OfftakeModel.SourceLocation
        var message: String
        var hint: String
        var testDescription: String { path }
    }

    @Test(arguments: [
        // An expression cut at its comma by a flow mapping: one problem at the value, the fix in the hint.
        Hint(line: 20, text: "    growth: {initial: \"lognormal(p10=40%, p90=120%)\", long_run: uniform(min=10%, max=30%), half_life_months: 24}",
             path: "buyers[0].growth.long_run", location: SourceLocation(line: 20, column: 65),
             message: "the expression was cut at a comma: inside `{…}` a comma ends the value, so `max=30%)` was read as a key",
             hint: "quote the expression: `long_run: \"uniform(min=10%, max=30%)\"`, or use a block mapping"),
        Hint(line: 40, text: "      - {start: 2027-06, mw: triangular(min=400, mode=500, max=600)}",
             path: "contracts[0].tranches[0].mw", location: SourceLocation(line: 40, column: 30),
             message: "the expression was cut at a comma: inside `{…}` a comma ends the value, so `mode=500`, `max=600)` were read as keys",
             hint: "quote the expression: `mw: \"triangular(min=400, mode=500, max=600)\"`, or use a block mapping"),
        Hint(line: 9, text: "    steady: {demand_drift: 10%/yr, demand_vol: truncate(normal(mean=20%, sd=5%), min=0), funding_success: 70%}",
             path: "market.regimes.steady.demand_vol", location: SourceLocation(line: 9, column: 48),
             message: "the expression was cut at a comma: inside `{…}` a comma ends the value, so `sd=5%)`, `min=0)` were read as keys",
             hint: "quote the expression: `demand_vol: \"truncate(normal(mean=20%, sd=5%), min=0)\"`, or use a block mapping"),
        // A key that starts a known key.
        Hint(line: 45, text: "    recovery_rate: 30%\n    recovery_lag: 12", path: "contracts[0].recovery_lag", location: SourceLocation(line: 46, column: 5),
             message: "unknown key `recovery_lag`", hint: "did you mean `recovery_lag_months`?"),
        // A range written as text.
        Hint(line: 44, text: "    take_or_pay: 80%-95%", path: "contracts[0].take_or_pay", location: SourceLocation(line: 44, column: 21),
             message: "unexpected text after the expression", hint: "did you mean `uniform(min=80%, max=95%)`?"),
        // A stress that sets a parameter of an optional block the scenario leaves out.
        Hint(line: 51, text: "  delays: {set: {providers.cloud.other_customers.margin: 20%}}",
             path: "stresses.delays.set.providers.cloud.other_customers.margin", location: SourceLocation(line: 51, column: 58),
             message: "`providers.cloud` has no `other_customers` block; add the block first",
             hint: "add `other_customers: {revenue0: …, margin: …}` to `providers.cloud`"),
    ])
    func hintsThatFix(_ c: Hint) throws {
        let found = issues(replacing(c.line, with: c.text))
        #expect(found.count == 1, "\(found.map(\.description))")
        let issue = try #require(found.first)
        #expect(issue.path == c.path)
        #expect(issue.location == c.location)
        #expect(issue.message == c.message)
        #expect(issue.hint == c.hint)
    }

    @Test func expressionsWithCommasOutsideFlowMappingsAreRead() {
        // In a block mapping, or quoted, the comma is part of the expression.
        #expect(issues(replacing(15, with: "    capex_per_mw: pert(min=25M, mode=33M, max=40M)")).isEmpty)
        #expect(issues(replacing(20, with: "    growth: {initial: 'lognormal(p10=40%, p90=120%)', long_run: 20%, half_life_months: 24}")).isEmpty)
        // An unclosed '(' followed by a key with its own value is the expression's own problem.
        let unclosed = issues(replacing(20, with: "    growth: {initial: \"lognormal(p10=40%, p90=120%)\", long_run: uniform(min=10%, half_life_months: 24}"))
        #expect(unclosed.count == 1 && unclosed.first?.message.hasPrefix("unclosed '('") == true, "\(unclosed.map(\.description))")
    }

    @Test func duplicateIDs() throws {
        let text = baseText.replacingOccurrences(of: "correlations:", with: """
              - id: main
                buyer: lab
                provider: cloud
                accelerator: gpu
                tranches: [{start: 2027-06, mw: 1}]
                end: 2030-12
                price_per_mw_month: 1M
            correlations:
            """)
        let issue = try #require(issues(text).first { $0.message.contains("duplicate contract id") })
        #expect(issue.path == "contracts[1].id")
        #expect(issue.location == SourceLocation(line: 47, column: 9))
    }

    @Test func everyProblemAtOnce() {
        var lines = baseLines
        lines[43] = "    tkae_or_pay: 90%"
        lines[40] = "      - {start: 2028-06, mw: -500}"
        lines[36] = "    provider: clowd"
        lines[17] = "    cash0: 1e400"
        lines[7] = "      bust: {steady: 0.10, bust: 0.80}"
        let found = issues(lines.joined(separator: "\n"))
        let paths = Set(found.map(\.path))
        for expected in ["contracts[0].tkae_or_pay", "contracts[0].tranches[1].mw", "contracts[0].provider", "buyers[0].cash0", "market.regimes.transitions.bust"] {
            #expect(paths.contains(expected), "\(expected) missing from \(paths)")
        }
        // Sorted by position in the file.
        let locations = found.compactMap(\.location)
        #expect(locations == locations.sorted())
    }

    @Test func placeholdersDoNotCascade() {
        // An unreadable value is reported once, not again by the semantic checks.
        let found = issues(replacing(18, with: "    cash0: lots"))
        #expect(found.count == 1, "\(found.map(\.description))")
    }

    @Test func yamlSyntaxErrorsAreLocated() throws {
        let issue = try #require(issues(replacing(14, with: "    workloads: [training, inference")).first)
        #expect(issue.location != nil)
        #expect(issue.message.hasPrefix("invalid YAML"))
    }

    @Test func jsonIsAccepted() throws {
        let json = """
        {
        \t"name": "j",
        \t"horizon": {"start": "2026-01", "end": "2027-12"},
        \t"market": {"regimes": {"steady": {"demand_drift": "10%/yr", "demand_vol": 0.2, "funding_success": 0.7}},
        \t           "compute_price": {"initial": "1.2M"}},
        \t"buyers": [{"id": "b", "cash0": "1B", "revenue0": 1e8, "growth": {"initial": 0.5}, "revenue_per_mw": {"initial": "2M"}}],
        \t"bogus": 1
        }
        """
        let found = issues(json, format: .json)
        #expect(found.count == 1)
        #expect(found.first?.path == "bogus")
        #expect(found.first?.location == SourceLocation(line: 7, column: 2))
    }

    @Test func hostileInputIsRefusedQuickly() {
        let deepFlow = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(issues(deepFlow).first?.message.contains("nested too deeply") == true)
        let deepBlock = (0..<10_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        #expect(!issues(deepBlock).isEmpty)
        let dashes = String(repeating: "- ", count: 5_000) + "x"
        #expect(issues(dashes).first?.message.contains("nested too deeply") == true)
        var bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(issues(bomb).first?.message.contains("too many values") == true)
        #expect(issues(bomb + "? *i\n: 1\n").first?.message.contains("complex mapping keys") == true)
        #expect(issues(bomb + "[*i]: 1\n").first?.message.contains("complex mapping keys") == true)
        #expect(issues("").first?.message == "the file is empty")
        #expect(issues("# only a comment\n").first?.message == "the file is empty")
        #expect(issues("[1, 2]").first?.message.contains("expected a scenario") == true)
    }

    @Test func bytesAreChecked() {
        let binary = ScenarioLoader.check(data: Data([0x00, 0xFF, 0x13, 0x37]), source: "b")
        #expect(binary.issues.first?.message.contains("UTF-8") == true || binary.issues.first?.message.contains("control") == true)
        let utf16 = ScenarioLoader.check(data: Data([0xFF, 0xFE, 0x6E, 0x00]), source: "u")
        #expect(utf16.issues.first?.message.contains("UTF-16") == true)
        let nul = ScenarioLoader.check(data: Data("name: x\n\u{0}".utf8), source: "n")
        #expect(nul.issues.first?.location == SourceLocation(line: 2, column: 1))
        let big = ScenarioLoader.check(data: Data(count: 9 * 1024 * 1024), source: "big")
        #expect(big.issues.first?.message.contains("too large") == true)
    }
}

import Foundation
