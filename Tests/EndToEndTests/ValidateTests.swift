// `offtake validate FILE...`: OK lines, diagnostics with path and line:column, exit codes 0 / 64 / 65.

import Foundation
import Testing

/// One problem as printed on stderr: `FILE:LINE:COL: error: PATH: message`, then indented detail lines.
struct PrintedDiagnostic: CustomStringConvertible {
    var line: Int?
    var column: Int?
    /// Everything after `error: `.
    var text: String
    /// The indented lines that follow (expected/found, excerpt, caret, hint), without the 4-space indent.
    var details: [String] = []

    /// The scenario path: the text before the first ": ".
    var path: String { text.components(separatedBy: ": ").first ?? "" }
    var message: String { String(text.dropFirst(path.count + 2)) }
    var hint: String? {
        details.first { $0.hasPrefix("hint: ") }.map { String($0.dropFirst("hint: ".count)) }
    }
    var description: String {
        "\(line.map(String.init) ?? "-"):\(column.map(String.init) ?? "-"): \(text)"
    }
}

/// The diagnostics `validate` printed for `file`, and the `N problems` count of its summary line.
func parseDiagnostics(_ stderr: String, file: String) -> (diagnostics: [PrintedDiagnostic], summaryCount: Int?) {
    var diagnostics: [PrintedDiagnostic] = []
    var summary: Int?
    for line in stderr.outputLines {
        if line.hasPrefix("    "), !diagnostics.isEmpty {
            diagnostics[diagnostics.count - 1].details.append(String(line.dropFirst(4)))
            continue
        }
        guard line.hasPrefix(file + ":") else { continue }
        let rest = String(line.dropFirst(file.count + 1))
        if let range = rest.range(of: "error: ") {
            let position = rest[..<range.lowerBound].split(separator: ":").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            diagnostics.append(PrintedDiagnostic(
                line: position.count == 2 ? position[0] : nil,
                column: position.count == 2 ? position[1] : nil,
                text: String(rest[range.upperBound...])))
        } else {
            let words = rest.split(separator: " ")
            if words.count == 2, words[1].hasPrefix("problem") { summary = Int(words[0]) }
        }
    }
    return (diagnostics, summary)
}

/// One problem planted in `many-errors.yaml`.
struct PlantedProblem: Sendable, CustomStringConvertible {
    var path: String
    /// Unique text of the broken line.
    var lineContaining: String
    var occurrence: Int = 1
    /// The text the caret must point at (first occurrence on that line).
    var at: String
    var messageContains: String
    var hint: String? = nil
    /// The detail line `expected …; found …` is printed.
    var expectedFound: Bool = true
    var description: String { path }
}

@Suite("offtake validate")
struct ValidateTests {
    static let planted: [PlantedProblem] = [
        PlantedProblem(
            path: "market.regimes.transitions.steady", lineContaining: "steady: {steady: 0.9, slump: 0.3}",
            at: "{steady", messageContains: "does not sum to 1"),
        PlantedProblem(
            path: "market.regimes.steady.funding_success", lineContaining: "funding_success: 130%",
            at: "130%", messageContains: "out of range"),
        PlantedProblem(
            path: "market.compute_price.initial", lineContaining: "initial: 1e400",
            at: "1e400", messageContains: "not a finite number"),
        // The message carries "found -1.0" itself; no separate `expected …; found …` line (see report).
        PlantedProblem(
            path: "accelerators[0].capex_per_mw", lineContaining: "sd=-1",
            at: "-1", messageContains: "`sd` must be > 0", expectedFound: false),
        PlantedProblem(
            path: "contracts[0].provider", lineContaining: "provider: cloudd",
            at: "cloudd", messageContains: "unknown provider `cloudd`", hint: "did you mean `cloud`?"),
        PlantedProblem(
            path: "contracts[0].tranches[0].mw", lineContaining: "mw: -500",
            at: "-500", messageContains: "out of range"),
        PlantedProblem(
            path: "contracts[0].tranches[1].start", lineContaining: "{start: 2030-06",
            at: "2030-06", messageContains: "after the contract ends"),
        PlantedProblem(
            path: "contracts[0].tkae_or_pay", lineContaining: "tkae_or_pay:",
            at: "tkae_or_pay", messageContains: "unknown key `tkae_or_pay`", hint: "did you mean `take_or_pay`?"),
        PlantedProblem(
            path: "contracts[1].id", lineContaining: "- id: main", occurrence: 2,
            at: "main", messageContains: "duplicate contract id"),
    ]

    // MARK: valid files

    @Test("a valid YAML scenario prints `OK  FILE` and exits 0")
    func validYAML() {
        let file = Fixtures.path("minimal.yaml")
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "OK  \(file)\n")
        #expect(run.stderr.isEmpty)
    }

    @Test("a warning is printed as FILE:L:C: warning: and exits 0; --strict makes it an error (65); a broken file names the checks that could not run")
    func warningsAndStrict() throws {
        let text = try String(contentsOfFile: Fixtures.path("minimal.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "wacc: 9%", with: "wacc: 4%")
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("wacc: 4%") }) + 1
        let warned = runOfftakeDetailed(["validate", "-"], stdin: Data(text.utf8))
        #expect(warned.status == 0 && warned.stdout == "OK  -\n", "stderr: \(warned.stderr)")
        let head = "-:\(line):11: warning: providers[0].wacc: the build's discount rate is below the provider's cost of debt (medians of `wacc` and `interest_rate`)"
        #expect(warned.stderr.hasPrefix(head + "\n"), "stderr: \(warned.stderr)")
        let strict = runOfftakeDetailed(["validate", "--strict", "-"], stdin: Data(text.utf8))
        #expect(strict.status == 65 && strict.stdout.isEmpty)
        #expect(strict.stderr.hasPrefix(head.replacingOccurrences(of: ": warning: ", with: ": error: ") + "\n"), "stderr: \(strict.stderr)")
        let broken = runOfftakeDetailed(["validate", "-"], stdin: Data(text.replacingOccurrences(of: "take_or_pay: 90%", with: "take_or_pay: 190%").utf8))
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("\n-: model: not checked until the problems above are fixed\n-: 1 problem\n"),
                "stderr: \(broken.stderr)")
    }

    static let repositoryExamplePath = Fixtures.packageRoot.appendingPathComponent("scenarios/examples/minimal.yaml").path

    @Test(
        "the repository's own example scenario validates (when the checkout has it)",
        .enabled(if: FileManager.default.fileExists(atPath: repositoryExamplePath)))
    func repositoryExample() {
        let file = Self.repositoryExamplePath
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "OK  \(file)\n")
    }

    @Test("a tab-indented JSON scenario validates")
    func validJSONWithTabs() throws {
        let file = Fixtures.path("minimal.json")
        #expect(try Fixtures.text("minimal.json").contains("\n\t\t\""), "the fixture must be indented with tabs")
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "OK  \(file)\n")
    }

    @Test("several valid files: one OK line each, in order")
    func severalValid() {
        let files = [Fixtures.path("minimal.yaml"), Fixtures.path("minimal.json"), Fixtures.path("minimal.yaml")]
        let run = runOfftakeDetailed(["validate"] + files)
        #expect(run.status == 0)
        #expect(run.stdout.outputLines == files.map { "OK  \($0)" })
    }

    @Test("relative paths are printed as given")
    func relativePath() {
        let run = runOfftakeDetailed(["validate", "minimal.yaml"], currentDirectory: Fixtures.directory)
        #expect(run.status == 0)
        #expect(run.stdout == "OK  minimal.yaml\n")
    }

    @Test("a scenario with Windows line endings or a UTF-8 byte-order mark validates")
    func lineEndingsAndBOM() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try Fixtures.text("minimal.yaml")
        let crlf = try dir.write("crlf.yaml", text.replacingOccurrences(of: "\n", with: "\r\n"))
        let bom = try dir.write("bom.yaml", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
        let run = runOfftakeDetailed(["validate", crlf, bom])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.outputLines == ["OK  \(crlf)", "OK  \(bom)"])
    }

    // MARK: every problem in one run

    @Test("every planted problem is reported in one run, with its path and line:column")
    func manyErrors() throws {
        let file = Fixtures.path("many-errors.yaml")
        let source = try Fixtures.text("many-errors.yaml")
        let sourceLines = source.lfLines
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty, "an invalid file must not print OK: \(run.stdout)")
        expectNoCrash(run, "validate many-errors.yaml")

        let (diagnostics, summary) = parseDiagnostics(run.stderr, file: file)
        #expect(summary == diagnostics.count, "summary line says \(summary.map(String.init) ?? "nothing")")
        #expect(run.stderr.hasSuffix("\(file): \(diagnostics.count) problems\n"))
        #expect(
            diagnostics.count == Self.planted.count,
            "expected exactly the planted problems; got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")

        for problem in Self.planted {
            let expected = try #require(
                location(of: problem.at, onLineContaining: problem.lineContaining, occurrence: problem.occurrence, in: source),
                "the fixture no longer contains `\(problem.lineContaining)` / `\(problem.at)`")
            let matches = diagnostics.filter { $0.path == problem.path }
            guard let found = matches.first else {
                Issue.record("not reported: \(problem.path) at \(expected.line):\(expected.column)")
                continue
            }
            #expect(matches.count == 1, "\(problem.path) reported \(matches.count) times")
            #expect(found.line == expected.line && found.column == expected.column,
                    "\(problem.path): reported at \(found.line ?? 0):\(found.column ?? 0), expected \(expected.line):\(expected.column)")
            #expect(found.message.contains(problem.messageContains), "\(problem.path): message `\(found.message)`")
            if let hint = problem.hint {
                #expect(found.hint == hint, "\(problem.path): hint \(found.hint ?? "none")")
            }
            if problem.expectedFound {
                #expect(found.details.first.map { $0.hasPrefix("expected ") && $0.contains("; found ") } == true,
                        "\(problem.path): no `expected …; found …` line in \(found.details)")
            }
            // The excerpt: `N | source line`, then a caret under the column.
            let number = "\(expected.line)"
            let excerpt = "\(number) | \(sourceLines[expected.line - 1])"
            let caret = String(repeating: " ", count: number.count) + " | " + String(repeating: " ", count: expected.column - 1) + "^"
            if let index = found.details.firstIndex(of: excerpt) {
                #expect(found.details.indices.contains(index + 1) && found.details[index + 1] == caret,
                        "\(problem.path): caret line is not `\(caret)`: \(found.details)")
            } else {
                Issue.record("\(problem.path): no excerpt `\(excerpt)` in \(found.details)")
            }
        }
    }

    @Test("valid and invalid files together: the valid ones still print OK, exit 65")
    func mixedFiles() {
        let valid = Fixtures.path("minimal.yaml")
        let invalid = Fixtures.path("many-errors.yaml")
        let json = Fixtures.path("minimal.json")
        let run = runOfftakeDetailed(["validate", valid, invalid, json])
        #expect(run.status == 65)
        #expect(run.stdout.outputLines == ["OK  \(valid)", "OK  \(json)"])
        #expect(run.stderr.contains("\(invalid): \(Self.planted.count) problems"))
        #expect(!run.stderr.contains("OK  "))
    }

    @Test("a missing file exits 65 with `no such file`, other files are still checked")
    func missingFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let missing = dir.url.appendingPathComponent("nope.yaml").path
        let valid = Fixtures.path("minimal.yaml")
        let run = runOfftakeDetailed(["validate", missing, valid])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(missing): error: no such file"))
        #expect(run.stderr.contains("\(missing): 1 problem"))
        #expect(run.stdout == "OK  \(valid)\n")
    }

    @Test("no file argument is a usage error (64)")
    func noArgument() {
        let run = runOfftakeDetailed(["validate"])
        #expect(run.status == 64)
        #expect(!run.stderr.isEmpty)
        #expect(run.stdout.isEmpty)
    }

    @Test("a directory is reported, not read")
    func directory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let run = runOfftakeDetailed(["validate", dir.url.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("directory"))
        expectNoCrash(run, "validate DIRECTORY")
    }

    // MARK: JSON

    @Test("a JSON syntax error is reported at its line:column")
    func jsonSyntaxError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = try Fixtures.text("minimal.json")
        let comma = "\"take_or_pay\": \"90%\","
        try #require(good.components(separatedBy: comma).count == 2)
        let bad = good.replacingOccurrences(of: comma, with: "\"take_or_pay\": \"90%\"")
        let file = try dir.write("syntax.json", bad)
        // The parser notices the missing comma at the next key.
        let expected = try #require(location(of: "\"recovery_rate\"", onLineContaining: "\"recovery_rate\"", in: bad))

        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 65)
        expectNoCrash(run, "validate syntax.json")
        let (diagnostics, summary) = parseDiagnostics(run.stderr, file: file)
        #expect(summary == 1)
        let first = try #require(diagnostics.first, "stderr: \(run.stderr)")
        #expect(first.line == expected.line && first.column == expected.column,
                "reported \(first.description); expected \(expected.line):\(expected.column)")
        // Tabs in the excerpt are shown as single spaces, so the caret still lines up.
        let number = "\(expected.line)"
        let caret = String(repeating: " ", count: number.count) + " | " + String(repeating: " ", count: expected.column - 1) + "^"
        #expect(first.details.contains(caret), "no caret line `\(caret)` in \(first.details)")
    }

    @Test("a value error in tab-indented JSON counts a tab as one column")
    func jsonValueErrorColumn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = try Fixtures.text("minimal.json")
        let bad = good.replacingOccurrences(of: "\"take_or_pay\": \"90%\"", with: "\"take_or_pay\": \"190%\"")
        try #require(bad != good)
        let file = try dir.write("range.json", bad)
        let expected = try #require(location(of: "\"190%\"", onLineContaining: "\"190%\"", in: bad))
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 65)
        let (diagnostics, _) = parseDiagnostics(run.stderr, file: file)
        #expect(diagnostics.count == 1, "stderr: \(run.stderr)")
        let first = try #require(diagnostics.first)
        #expect(first.path == "contracts[0].take_or_pay")
        #expect(first.line == expected.line && first.column == expected.column, "reported \(first.description)")
    }

    // MARK: known problems

    @Test("an error in a file with CRLF line endings still shows the source excerpt and caret")
    func crlfExcerpt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try Fixtures.text("minimal.yaml").replacingOccurrences(of: "take_or_pay:", with: "tkae_or_pay:")
        let expected = try #require(location(of: "tkae_or_pay", onLineContaining: "tkae_or_pay:", in: text))
        let file = try dir.write("crlf-bad.yaml", text.replacingOccurrences(of: "\n", with: "\r\n"))
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 65)
        let (diagnostics, _) = parseDiagnostics(run.stderr, file: file)
        let first = try #require(diagnostics.first, "stderr: \(run.stderr)")
        #expect(first.line == expected.line && first.column == expected.column)
        #expect(first.hint == "did you mean `take_or_pay`?")
        // Validate.swift splits the text with `split(separator: "\n")`, but "\r\n" is ONE Character in
        // Swift, so a CRLF file is one "line" and the excerpt is silently dropped.
        #expect(first.details.contains { $0.hasPrefix("\(expected.line) | ") }, "no excerpt in \(first.details)")
    }

    // MARK: hints that fix

    @Test("each kind of hint is printed at its line:column: a cut expression, a key's start, a range, an absent block")
    func hintsThatFix() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let minimal = try Fixtures.text("minimal.yaml")
        let text = minimal
            .replacingOccurrences(of: "growth: {initial: \"lognormal(p10=40%, p90=120%)\"", with: "growth: {initial: lognormal(p10=40%, p90=120%)")
            .replacingOccurrences(of: "recovery_lag_months: 12", with: "recovery_lag: 12")
            .replacingOccurrences(of: "take_or_pay: 90%", with: "take_or_pay: 80%-95%")
        let reading = try dir.write("reading.yaml", text)
        let stressText = minimal + "stresses:\n  busy: {set: {providers.cloud.other_customers.margin: 20%}}\n"
        let stress = try dir.write("stress.yaml", stressText)
        let run = runOfftakeDetailed(["validate", reading, stress])
        #expect(run.status == 65)
        expectNoCrash(run, "validate with hints")

        let (diagnostics, _) = parseDiagnostics(run.stderr, file: reading)
        #expect(diagnostics.count == 3, "stderr: \(run.stderr)")
        let expectations: [(path: String, at: String, line: String, message: String, hint: String)] = [
            ("buyers[0].growth.initial", "lognormal", "growth: {initial:",
             "the expression was cut at a comma: inside `{…}` a comma ends the value, so `p90=120%)` was read as a key",
             "quote the expression: `initial: \"lognormal(p10=40%, p90=120%)\"`, or use a block mapping"),
            ("contracts[0].recovery_lag", "recovery_lag", "recovery_lag:", "unknown key `recovery_lag`", "did you mean `recovery_lag_months`?"),
            ("contracts[0].take_or_pay", "-95%", "take_or_pay:", "unexpected text after the expression", "did you mean `uniform(min=80%, max=95%)`?"),
        ]
        for e in expectations {
            let at = try #require(location(of: e.at, onLineContaining: e.line, in: text))
            let found = try #require(diagnostics.first { $0.path == e.path }, "\(e.path) not reported: \(run.stderr)")
            #expect(found.line == at.line && found.column == at.column, "\(found.description)")
            #expect(found.message == e.message)
            #expect(found.hint == e.hint)
        }

        let (stressed, _) = parseDiagnostics(run.stderr, file: stress)
        let block = try #require(stressed.first, "stderr: \(run.stderr)")
        let at = try #require(location(of: "20%", onLineContaining: "busy:", in: stressText))
        #expect(stressed.count == 1)
        #expect(block.line == at.line && block.column == at.column, "\(block.description)")
        #expect(block.path == "stresses.busy.set.providers.cloud.other_customers.margin")
        #expect(block.message == "`providers.cloud` has no `other_customers` block; add the block first")
        #expect(block.hint == "add `other_customers: {revenue0: …, margin: …}` to `providers.cloud`")
    }
}
