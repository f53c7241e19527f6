import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing

@Suite("built-in scenarios")
struct BuiltInScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The copy compiled into the binary is the repository file (the generator drops only the final
    /// newline). If this fails, run `python3 scripts/embed-scenarios.py`.
    @Test("the embedded text equals its file", arguments: BuiltInScenarios.all.map(\.name))
    func embeddedEqualsFile(name: String) throws {
        let entry = try #require(BuiltInScenarios.named(name))
        let file = try String(contentsOf: Self.root.appendingPathComponent(entry.file), encoding: .utf8)
        #expect(entry.text + "\n" == file, "stale embedded copy of \(entry.file): run python3 scripts/embed-scenarios.py")
    }

    @Test("the default scenario is valid and has the fixed ids")
    func defaultScenario() throws {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        let check = ScenarioLoader.check(text: entry.text, source: entry.file)
        #expect(check.issues.isEmpty, "\(check.issues)")
        let scenario = try #require(check.scenario)
        #expect(scenario.name == "openai-oracle-2027")
        #expect(scenario.buyers.contains { $0.id == "openai" })
        #expect(scenario.providers.contains { $0.id == "oracle" && $0.financials != nil })
        let contract = try #require(scenario.contracts.first { $0.id == "oracle-2027" })
        #expect(contract.buyer == "openai" && contract.provider == "oracle")
    }
}

@Suite("the scenario library")
struct ScenarioLibraryTests {
    /// Every built-in scenario, including every stress variant (the loader applies each), is valid.
    @Test("every built-in scenario and each of its stresses is valid", arguments: BuiltInScenarios.all.map(\.name))
    func valid(name: String) throws {
        let entry = try #require(BuiltInScenarios.named(name))
        let check = ScenarioLoader.check(text: entry.text, source: entry.file)
        #expect(check.isValid, "\(check.issues)")
        let scenario = try #require(check.scenario)
        #expect(scenario.name == name, "the file's name: must be its file name")
        #expect(!entry.summary.isEmpty)
    }

    @Test("the library holds the scenarios the README lists, the default first")
    func library() {
        #expect(BuiltInScenarios.all.first?.name == BuiltInScenarios.defaultName)
        let names = Set(BuiltInScenarios.all.map(\.name))
        for expected in ["openai-oracle-2027", "openai-portfolio", "oracle-ai-book", "abilene-project-finance", "gpu-neocloud", "gpu-neocloud-2023"] {
            #expect(names.contains(expected), "missing built-in scenario \(expected)")
        }
    }

    @Test("the default scenario carries the named stresses")
    func defaultStresses() throws {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
        let names = Set(scenario.stresses.map(\.name))
        for stress in ["ai_winter_2028", "funding_freeze", "build_delays", "gpu_price_collapse", "revenue_miss_30"] {
            #expect(names.contains(stress), "missing stress \(stress)")
        }
    }

    /// Every line that writes a number carries a citation: `sources.md#<id>`, a `[D]` derivation or an
    /// `assumption:` (docs/sources.md, "How scenarios cite this page"). Text, ids, months and the name a
    /// scenario extends are not numbers.
    @Test("every number in a built-in scenario cites a source, a derivation or an assumption", arguments: BuiltInScenarios.all.map(\.name))
    func citations(name: String) throws {
        let entry = try #require(BuiltInScenarios.named(name))
        let uncited = Self.uncitedLines(entry.text)
        #expect(uncited.isEmpty, "\(entry.file): lines without a citation:\n\(uncited.joined(separator: "\n"))")
    }

    static func uncitedLines(_ text: String) -> [String] {
        let textKeys: Set<String> = ["extends", "name", "title", "description", "id", "- id", "buyer", "provider", "host", "accelerator", "site", "regime"]
        let monthOnly = /^\s*"?\d{4}-\d{2}"?\s*$/
        let marker = /sources\.md#[a-z0-9-]+|\[D\]|assumption|not used|counterparty/
        var uncited: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = line.split(separator: " #", maxSplits: 1, omittingEmptySubsequences: false)
            let code = String(parts[0]), comment = parts.count > 1 ? String(parts[1]) : ""
            guard let colon = code.firstIndex(of: ":") else { continue }
            let key = code[..<colon].trimmingCharacters(in: .whitespaces)
            let value = String(code[code.index(after: colon)...])
            if textKeys.contains(key) || value.wholeMatch(of: monthOnly) != nil { continue }
            guard value.contains(where: \.isNumber) else { continue }
            if comment.firstMatch(of: marker) == nil { uncited.append("\(number + 1): \(trimmed)") }
        }
        return uncited
    }

    @Test("every sources.md#id a built-in scenario cites is an entry of docs/sources.md", arguments: BuiltInScenarios.all.map(\.name))
    func citedEntriesExist(name: String) throws {
        let sources = try String(contentsOf: BuiltInScenarioTests.root.appendingPathComponent("docs/sources.md"), encoding: .utf8)
        let entries = Set(sources.matches(of: /(?m)^### ([a-z0-9-]+)$/).map { String($0.1) })
        #expect(entries.count > 50)
        let entry = try #require(BuiltInScenarios.named(name))
        let cited = Set(entry.text.matches(of: /sources\.md#([a-z0-9-]+)/).map { String($0.1) })
        #expect(cited.subtracting(entries).isEmpty, "\(entry.file) cites ids without an entry in docs/sources.md: \(cited.subtracting(entries).sorted())")
    }

    @Test("the citation check finds an uncited number")
    func citationCheckFails() {
        #expect(Self.uncitedLines("cash0: 30B\nmonth: 2026-03\nrevenue0: 20B/yr   # sources.md#openai-run-rate-2025").count == 1)
        #expect(Self.uncitedLines("take_or_pay: 90%   # assumption: terms undisclosed").isEmpty)
    }
}
