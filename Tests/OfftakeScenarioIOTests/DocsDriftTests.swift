import Foundation
import OfftakeModel
@testable import OfftakeScenarioIO
import Testing

/// docs/model.md's field reference is checked against the code, so it cannot drift: a field or key that the
/// code has and the page does not fails here (docs/metrics.md: `MetricsDocTests` in OfftakeAnalysisTests).
@Suite("docs match the code")
struct DocsDriftTests {
    static let root = BuiltInScenarioTests.root

    static func page(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
    }

    /// `contracts[3].tranches[1].option.fee` → `contracts[].tranches[].option.fee`,
    /// `market.regimes.boom.demand_vol` → `market.regimes.<regime>.demand_vol`,
    /// `buyers[0].training_mw.2027` → `buyers[].training_mw.<date>`.
    static func field(_ filePath: String) -> String {
        filePath
            .replacing(/\[\d+\]/, with: "[]")
            .replacing(/^market\.regimes\.[^.]+\./, with: "market.regimes.<regime>.")
            .replacing(/\.\d{4}(-\d{2})?$/, with: ".<date>")
    }

    /// Every numeric field the code knows, with its unit: the parameters of every built-in scenario and
    /// of random scenarios that switch on every optional block (RandomScenario).
    static func codeFields() throws -> [String: String] {
        var fields: [String: String] = [:]
        var scenarios: [Scenario] = []
        for entry in BuiltInScenarios.all {
            scenarios.append(try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario))
        }
        for seed in 0..<200 { scenarios.append(RandomScenario.make(seed: UInt64(seed), base: scenarios[0])) }
        for scenario in scenarios {
            for slot in scenario.parameterSlots { fields[field(slot.filePath)] = Field<Scenario>.unitName(slot.kind) }
        }
        return fields
    }

    /// The rows of the tables of `text` whose first cell is one backticked name: name → the other cells.
    static func tableRows(_ text: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 2, let name = cells[1].firstMatch(of: /^`([^`]+)`$/)?.1 else { continue }
            rows[String(name)] = Array(cells[2..<(cells.count - 1)])   // the last cell is after the closing `|`
        }
        return rows
    }

    @Test("every numeric field is in docs/model.md's field reference with its unit")
    func modelReference() throws {
        let code = try Self.codeFields()
        #expect(code.count > 100, "the random scenarios should switch on every optional block")
        let documented = Self.tableRows(try Self.page("model.md"))
        for (field, unit) in code.sorted(by: { $0.key < $1.key }) {
            guard let cells = documented[field] else {
                Issue.record("docs/model.md: field `\(field)` (\(unit)) is not documented in the field reference")
                continue
            }
            #expect(cells.first == unit, "docs/model.md: `\(field)` is documented as \(cells.first ?? "?"), the code reads it as \(unit)")
            #expect(cells.count >= 4 && cells.allSatisfy { !$0.isEmpty }, "docs/model.md: `\(field)` needs unit, default, meaning and formula")
        }
        let numericUnits = Set(["money", "monthly money", "capacity", "fraction", "annual rate", "months", "ratio", "number"])
        for (field, cells) in documented where numericUnits.contains(cells.first ?? "") && field.contains(".") {
            #expect(code[field] != nil, "docs/model.md documents `\(field)`, which is not a numeric field of the code")
        }
    }

    /// The keys the reader accepts at the top level and in a regime, buyer, provider and contract (its
    /// "unknown key" lists), each documented by a row for the key itself or for a field inside it.
    @Test("every key the reader accepts is in docs/model.md's field reference")
    func readerKeys() throws {
        let documented = Array(Self.tableRows(try Self.page("model.md")).keys)
        let levels: [(prefix: String, keys: [String])] = [
            ("", NodeReader.topLevelKeys), ("market.regimes.<regime>.", NodeReader.regimeKeys),
            ("buyers[].", NodeReader.buyerKeys), ("providers[].", ["id"] + NodeReader.financialKeys),
            ("contracts[].", NodeReader.contractKeys),
        ]
        for (prefix, keys) in levels {
            for key in keys where !(key == "name" && !prefix.isEmpty) {
                let field = prefix + key
                let found = documented.contains { $0 == field || $0.hasPrefix(field + ".") || $0.hasPrefix(field + "[") }
                #expect(found, "docs/model.md: key `\(field)` is not documented in the field reference")
            }
        }
    }

    /// docs/model.md's "Field reference" section (up to the next `## ` heading).
    static func fieldReference() throws -> String {
        let page = try page("model.md")
        let start = try #require(page.range(of: "\n## Field reference\n"))
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// Whether a docs default cell says what the table's default is: `required…`, `none…`, the number
    /// (`10%`, `0.7`, `240`; words after it are a comment), or the reader's rule as worded in the table.
    static func documents(_ cell: String, _ value: FieldDefault) -> Bool {
        switch value {
        case .required: return cell.hasPrefix("required")
        case .absent: return cell.hasPrefix("none")
        case .rule(let text): return cell.hasPrefix(text)
        case .value(let x):
            let token = cell.split(separator: " ").first.map(String.init) ?? ""
            if token.hasSuffix("%"), let percent = Double(token.dropLast()) { return abs(percent / 100 - x) <= 1e-12 * max(1, abs(x)) }
            return Double(token) == x
        }
    }

    /// Both tables of the field reference against the field tables (OfftakeModel/ScenarioFields.swift): every
    /// field has a row with the table's unit, default and meaning; every row names a field. Blocks and
    /// lists (`buyers[].growth`, `contracts[].tranches`) need no row of their own.
    @Test("docs/model.md's field reference and the field tables have the same fields, units, defaults and meanings")
    func fieldTables() throws {
        let documented = Self.tableRows(try Self.fieldReference())
        let rows = Scenario.fields.describe("")
        #expect(rows.count > 150, "the tables should describe every field")
        for row in rows where !row.isGroup {
            guard let cells = documented[row.pattern] else {
                Issue.record("docs/model.md: field `\(row.pattern)` of the field tables has no row in the field reference")
                continue
            }
            guard cells.count >= 4 else {
                Issue.record("docs/model.md: `\(row.pattern)` needs unit, default, meaning and formula")
                continue
            }
            #expect(cells[0] == row.unit, "docs/model.md: `\(row.pattern)` has unit `\(cells[0])`, the field table `\(row.unit)`")
            #expect(Self.documents(cells[1], row.default),
                    "docs/model.md: `\(row.pattern)` has default `\(cells[1])`, the field table \(row.default)")
            #expect(cells[2] == row.meaning, "docs/model.md: `\(row.pattern)` means `\(cells[2])`, the field table `\(row.meaning)`")
            #expect(!cells[3].isEmpty, "docs/model.md: `\(row.pattern)` needs a formula (or —)")
        }
        let patterns = Set(rows.map(\.pattern))
        for field in documented.keys.sorted() {
            #expect(patterns.contains(field), "docs/model.md documents `\(field)`, which is not a field of the field tables")
        }
    }

    @Test("docs/scenario-format.md lists every warning rule, in order, with its docs line")
    func warningRules() throws {
        let page = try Self.page("scenario-format.md")
        let section = try #require(page.components(separatedBy: "### Warnings\n").dropFirst().first?.components(separatedBy: "\n### ").first)
        let listed = section.split(separator: "\n").filter { $0.hasPrefix("- `") }.map { String($0.dropFirst(2)) }
        #expect(listed == ScenarioWarnings.rules.map(\.doc))
        for rule in ScenarioWarnings.rules {
            #expect(rule.doc.hasPrefix("`\(rule.id)`: "), "the docs line of `\(rule.id)` starts with its id")
        }
    }
}
