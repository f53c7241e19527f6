import Foundation
import OfftakeModel
import OfftakeRandom
@testable import OfftakeScenarioIO
import Testing

/// The field tables (OfftakeModel/ScenarioFields.swift) drive the reader, the writer and the parameter
/// catalogue: every row must be reachable through all three (docs/model.md's side: `DocsDriftTests`).
@Suite("field tables")
struct FieldTableTests {
    /// The built-in scenarios and random scenarios that switch on every optional block (RandomScenario).
    static func scenarios(random: Int = 200) throws -> [Scenario] {
        var scenarios: [Scenario] = []
        for entry in BuiltInScenarios.all {
            scenarios.append(try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario))
        }
        for seed in 0..<random { scenarios.append(RandomScenario.make(seed: UInt64(seed), base: scenarios[0])) }
        return scenarios
    }

    @Test("decode → encode → decode is the identity on every built-in scenario, and the encoding is stable")
    func builtInRoundTrip() throws {
        for entry in BuiltInScenarios.all {
            let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
            let text = try ScenarioEncoder.yaml(scenario)
            let (decoded, problems) = RandomScenario.decode(text)
            #expect(problems.isEmpty, "\(entry.file): \(problems.map(\.description))")
            #expect(decoded == scenario, "\(entry.file)")
            if let decoded { #expect(try ScenarioEncoder.yaml(decoded) == text, "\(entry.file)") }
        }
    }

    /// A distinct value inside every domain: (i + 1)/1024 for i < 1000 (in (0, 1) and exact in binary).
    static func mark(_ i: Int) -> Double { Double(i + 1) / 1024 }

    /// Each parameter set to its own value survives encode → decode: the writer writes every number of
    /// every table and the reader reads it back into the same key path (a row the writer skips or the
    /// reader does not read comes back as its default).
    @Test("every number is written by the encoder and read back by the decoder at its key path")
    func everyNumberIsWrittenAndRead() throws {
        for scenario in try Self.scenarios(random: 60) {
            let slots = scenario.parameterSlots
            try #require(slots.count < 1000)
            var marked = scenario
            for (i, slot) in slots.enumerated() { marked[keyPath: slot.keyPath] = .constant(Self.mark(i)) }
            let text = try ScenarioEncoder.yaml(marked)
            let (read, problems) = RandomScenario.decode(text)
            #expect(problems.isEmpty, "\(scenario.name): \(problems.map(\.description))")
            let decoded = try #require(read)
            // A parameter of an optional field that did not come back has no value to read (its key path unwraps it).
            let lost = Set(slots.map(\.path)).subtracting(decoded.parameterSlots.map(\.path))
            guard lost.isEmpty else {
                Issue.record("\(scenario.name): \(lost.sorted().map { "`\($0)`" }.joined(separator: ", ")) not written or not read back")
                continue
            }
            for (i, slot) in slots.enumerated() {
                #expect(decoded[keyPath: slot.keyPath] == .constant(Self.mark(i)), "\(scenario.name): `\(slot.path)` was not written or not read back")
            }
        }
    }

    /// The numeric rows of the tables, as field patterns (`buyers[].growth.initial`), are exactly the
    /// parameters the catalogue lists for scenarios that switch on every block.
    @Test("every numeric table row is a parameter of parameterSlots, and every parameter a numeric row")
    func numericRowsAreParameters() throws {
        let rows = Scenario.fields.describe("").filter(\.isNumber)
        var seen: [String: ParameterSlot] = [:]
        for scenario in try Self.scenarios() {
            for slot in scenario.parameterSlots { seen[DocsDriftTests.field(slot.filePath)] = slot }
        }
        for row in rows {
            guard let slot = seen[row.pattern] else {
                Issue.record("`\(row.pattern)` is a numeric row of the field tables but no scenario has it as a parameter")
                continue
            }
            #expect(slot.kind == row.kind && slot.domain == row.domain, "`\(row.pattern)`: the catalogue's kind and domain are not the table's")
        }
        let patterns = Set(rows.map(\.pattern))
        for field in seen.keys.sorted() { #expect(patterns.contains(field), "parameter `\(field)` has no numeric row in the field tables") }
    }

    /// The id and file paths, kinds, domains and order of every built-in scenario's parameters, as listed
    /// in Tests/Fixtures/parameter-slots.txt. Draws are keyed by the id path and the sampler's values and the
    /// sensitivity groups follow the order, so a change here changes results: regenerate the file with
    /// `OFFTAKE_WRITE_SLOTS=1` only for a new field, and review the diff.
    @Test("the catalogue's paths, kinds, domains and order are the recorded ones")
    func catalogueSnapshot() throws {
        var lines: [String] = []
        for entry in BuiltInScenarios.all {
            let scenario = try #require(ScenarioLoader.check(text: entry.text, source: entry.file).scenario)
            lines.append("# \(scenario.name)")
            for slot in scenario.parameterSlots {
                lines.append("\(slot.path) \(slot.filePath) \(Field<Scenario>.unitName(slot.kind)) \(slot.domain)")
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        let file = BuiltInScenarioTests.root.appendingPathComponent("Tests/Fixtures/parameter-slots.txt")
        if ProcessInfo.processInfo.environment["OFFTAKE_WRITE_SLOTS"] != nil {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: file, encoding: .utf8)
        let (a, b) = (recorded.split(separator: "\n"), text.split(separator: "\n"))
        if let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) {
            Issue.record("line \(i + 1): recorded `\(a[i])`, the catalogue now gives `\(b[i])`")
        }
        #expect(a.count == b.count, "recorded \(a.count) lines, the catalogue now gives \(b.count)")
    }

    @Test("the reader's known keys are the tables' keys, without duplicates")
    func keysAreUnique() {
        for keys in [Scenario.fields.keys, Buyer.fields.keys, Funding.fields.keys, Provider.fields.keys, Contract.fields.keys, Tranche.fields.keys,
                     Workout.fields.keys, Regime.fields.keys, Accelerator.fields.keys] {
            #expect(Set(keys).count == keys.count, "\(keys)")
        }
        #expect(Provider.fields.keys == ["id", "name"] + ProviderFinancials.fields.keys)
    }
}
