import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing
import Yams

/// The skeletons of `offtake new` and the worked example of docs/your-own-deal.md.
@Suite("scenario skeletons")
struct ScenarioScaffoldTests {
    static let shapes = ScenarioScaffold.allShapes

    /// Every key a skeleton writes, as a field-reference pattern (`buyers[].growth.initial`), that the
    /// field tables do not have. Keys of fields the tables leave to the reader (`transitions`,
    /// `stresses`, …) are not walked: the loader checks those.
    static func unknownKeys(_ text: String) throws -> [String] {
        let rows = Dictionary(Scenario.fields.describe("").map { ($0.pattern, $0) }, uniquingKeysWith: { a, _ in a })
        var unknown: [String] = []
        func join(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
        func walk(_ node: Node, _ prefix: String) {
            guard let mapping = node.mapping else { return }
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                if let row = rows[join(prefix, key)] {
                    if row.isGroup { walk(value, join(prefix, key)) }
                } else if let row = rows[join(prefix, key) + "[]"], row.isGroup {
                    for item in value.sequence ?? [] { walk(item, row.pattern) }
                } else if rows[join(prefix, key) + ".<date>"] != nil {
                    continue
                } else if let row = rows[join(prefix, "<regime>")], value.mapping != nil {
                    walk(value, row.pattern)
                } else {
                    unknown.append(join(prefix, key))
                }
            }
        }
        walk(try #require(try Yams.compose(yaml: text)), "")
        return unknown
    }

    /// Lines that write a number without the placeholder comment (run settings, months and texts aside).
    static func numbersWithoutPlaceholder(_ text: String) -> [String] {
        let exempt: Set<String> = ["name", "title", "description", "paths", "seed", "start", "end", "grace_until", "force_regime"]
        let month = /^\s*\d{4}-\d{2}\s*$/
        return text.split(separator: "\n").compactMap { line -> String? in
            let code = String(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            guard !code.trimmingCharacters(in: .whitespaces).isEmpty, code.contains(where: \.isNumber) else { return nil }
            let parts = code.split(separator: ":", maxSplits: 1)
            let key = parts[0].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "")
            if exempt.contains(key) || (parts.count == 2 && parts[1].wholeMatch(of: month) != nil) { return nil }
            return line.contains(ScenarioScaffold.placeholder) ? nil : String(line)
        }
    }

    @Test("every shape is a valid scenario as written", arguments: shapes)
    func valid(shape: ScenarioScaffold) throws {
        let check = ScenarioLoader.check(text: shape.text, source: "new.yaml")
        #expect(check.isValid, "\(shape): \(check.issues.map { "\($0.path): \($0.message)" })")
    }

    @Test("every key of every shape is a field of the field tables", arguments: shapes)
    func keysAreFields(shape: ScenarioScaffold) throws {
        #expect(try Self.unknownKeys(shape.text).isEmpty, "\(shape)")
    }

    @Test("the key check finds a key the tables do not have")
    func keyCheckFails() throws {
        #expect(try Self.unknownKeys("buyers:\n  - id: b\n    cash_0: 1B\n") == ["buyers[].cash_0"])
        #expect(try Self.unknownKeys("market: {regimes: {steady: {demand_drift: 1%, demnd_vol: 2%}}}") == ["market.regimes.<regime>.demnd_vol"])
        #expect(try Self.unknownKeys("buyers:\n  - id: b\n    training_mw: {2027: 5}\n").isEmpty)
    }

    @Test("every number of every shape is marked as a placeholder", arguments: shapes)
    func placeholders(shape: ScenarioScaffold) {
        let text = shape.text
        #expect(Self.numbersWithoutPlaceholder(text).isEmpty, "\(shape): \(Self.numbersWithoutPlaceholder(text))")
        #expect(!Self.numbersWithoutPlaceholder("cash0: 10B\n").isEmpty)
        #expect(text.hasPrefix("# \(shape.name) — buyer: \(shape.buyer.rawValue), provider: \(shape.provider.rawValue)"))
    }

    @Test("the provider's other business is other customers with capex and financing; stresses for each shape", arguments: shapes)
    func shapeParts(shape: ScenarioScaffold) throws {
        let scenario = try #require(ScenarioLoader.check(text: shape.text, source: "new.yaml").scenario)
        let provider = try #require(scenario.providers.first { $0.financials != nil }?.financials)
        #expect(provider.financing != nil)
        if shape.provider == .spv {
            #expect(provider.otherCustomers == nil)
        } else {
            let other = try #require(provider.otherCustomers)
            #expect(other.capexShare.median > 0)
            #expect(other.demandBeta.median > 0)
        }
        #expect((provider.rating != nil) == (shape.provider != .neocloud))
        #expect((provider.leverageCovenant != nil) == (shape.provider == .neocloud))
        #expect((scenario.buyers[0].established != nil) == (shape.buyer == .established))
        #expect((scenario.buyers[0].funding.roundSize.median > 0) == (shape.buyer == .lab))
        #expect(scenario.contracts.allSatisfy { ($0.hardware != nil) == (shape.contract == .hardware) })
        let stresses = Set(scenario.stresses.map(\.name))
        #expect(stresses.isSuperset(of: ["demand_bust", "price_collapse", "rate_shock"]), "\(stresses)")
        #expect(stresses.contains(shape.buyer == .lab ? "funding_freeze" : "core_business_slump"))
        #expect(stresses.contains(shape.provider == .spv ? "late_site" : "other_customers_slowdown"))
    }

    /// The worked example cites every number, and every id it cites is an entry of docs/sources.md.
    @Test("the worked example meta-coreweave cites every number and is valid")
    func workedExample() throws {
        let file = BuiltInScenarioTests.root.appendingPathComponent("scenarios/examples/meta-coreweave.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(ScenarioLibraryTests.uncitedLines(text).isEmpty, "\(ScenarioLibraryTests.uncitedLines(text))")
        let sources = try String(contentsOf: BuiltInScenarioTests.root.appendingPathComponent("docs/sources.md"), encoding: .utf8)
        let entries = Set(sources.matches(of: /(?m)^### ([a-z0-9-]+)$/).map { String($0.1) })
        let cited = Set(text.matches(of: /sources\.md#([a-z0-9-]+)/).map { String($0.1) })
        #expect(cited.subtracting(entries).isEmpty, "\(cited.subtracting(entries).sorted())")
        let check = ScenarioLoader.check(path: file.path)
        #expect(check.isValid, "\(check.issues.map { "\($0.path): \($0.message)" })")
        #expect(try Self.unknownKeys(text).isEmpty)
    }
}

extension ScenarioScaffold: CustomTestStringConvertible {
    public var testDescription: String { "\(buyer.rawValue)/\(provider.rawValue)/\(contract.rawValue)" }
}
