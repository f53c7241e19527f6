import Foundation
import OfftakeModel
import OfftakeRandom
@testable import OfftakeScenarioIO
import PropertyBased
import Testing

/// Property-based tests of the reader: round trip, and "never crashes" on arbitrary and mutated input.
@Suite struct PropertyTests {
    /// Cases per fuzz property; `OFFTAKE_FUZZ_COUNT=100000 swift test --filter PropertyTests` runs a longer campaign.
    static let fuzzCount = ProcessInfo.processInfo.environment["OFFTAKE_FUZZ_COUNT"].flatMap(Int.init) ?? 400

    static let base: Scenario = {
        guard let scenario = ScenarioLoader.check(text: baseText).scenario else { fatalError("base scenario invalid") }
        return scenario
    }()

    /// decode → encode → decode is the identity, on random scenarios.
    @Test func roundTrip() async throws {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = RandomScenario.make(seed: seed, base: PropertyTests.base)
            guard let text = try? ScenarioEncoder.yaml(scenario) else {
                Issue.record("encoding failed for seed \(seed)")
                return
            }
            let (decoded, problems) = RandomScenario.decode(text)
            #expect(problems.isEmpty, "seed \(seed): \(problems.map(\.description))\n\(text)")
            #expect(decoded == scenario, "seed \(seed)\n\(text)")
            // And once more: the encoding is stable.
            if let decoded { #expect((try? ScenarioEncoder.yaml(decoded)) == text) }
        }
    }

    static let flowPieces = ["lognormal(", "p10=30%", "p90=60%)", ", ", ")", "(", "=", "mean: ", "sd", ": ", "\"", "'", "{", "}", "[", "1", "x: 2", "#", " "]

    /// Flow mappings of expression pieces in a field that takes a distribution: the reader never crashes,
    /// and every problem is located.
    @Test func expressionsCutByFlowMappings() async {
        await propertyCheck(count: PropertyTests.fuzzCount, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var stream = RandomStream(seed: seed, path: 7, purpose: StreamPurpose(rawValue: 0xFFF2))
            let body = (0..<Int(stream.nextUInt64() % 10)).map { _ in PropertyTests.flowPieces[Int(stream.nextUInt64() % UInt64(PropertyTests.flowPieces.count))] }.joined()
            let text = replacing(20, with: "    growth: {initial: \(body), long_run: 20%, half_life_months: 24}")
            for issue in ScenarioLoader.check(text: text, source: "t.yaml").issues {
                #expect(issue.location != nil, "\(body): \(issue.description)")
            }
        }
    }

    @Test func roundTripOfRepositoryScenarios() throws {
        for file in ["scenarios/examples/minimal.yaml", "scenarios/openai-oracle-2027.yaml"] {
            let check = ScenarioLoader.check(path: packageRoot.appendingPathComponent(file).path)
            let scenario = try #require(check.scenario, "\(file): \(check.issues.map(\.description))")
            let text = try ScenarioEncoder.yaml(scenario)
            let again = ScenarioLoader.check(text: text, source: "encoded")
            #expect(again.scenario == scenario, "\(again.issues.map(\.description))")
        }
    }

    /// Arbitrary text built from YAML's significant characters never crashes the loader; an invalid
    /// text always gets at least one issue, each located inside the text.
    @Test func neverCrashesOnArbitraryText() async {
        let alphabet = Array("abcz019 \n\n\t:-[]{},#&*!|>'\"%@`?.=()\\é\u{0}")
        await propertyCheck(count: PropertyTests.fuzzCount, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var r = TestRandom(seed)
            let text = String((0..<r.int(0...300)).map { _ in r.element(alphabet) })
            PropertyTests.checkWellBehaved(text)
        }
    }

    /// Mutations of a valid file (deleted, inserted, duplicated, swapped or replaced pieces) never crash it.
    @Test func neverCrashesOnMutatedFiles() async {
        let tokens = ["-", ":", "[", "]", "{", "}", "&a", "*a", "1e400", "-5", "NaN", "\"", "'", "#", "normal(", ")", "2027-13", "  ", "\n", "\t", "~", "null", "%", "GW"]
        await propertyCheck(count: PropertyTests.fuzzCount, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var r = TestRandom(seed)
            var chars = Array(baseText)
            for _ in 0..<r.int(1...4) {
                switch r.int(0...4) {
                case 0 where !chars.isEmpty:
                    let at = r.int(0...(chars.count - 1))
                    chars.removeSubrange(at..<min(chars.count, at + r.int(1...20)))
                case 1:
                    chars.insert(contentsOf: Array(r.element(tokens)), at: r.int(0...chars.count))
                case 2:
                    var lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
                    let k = r.int(0...(lines.count - 1))
                    lines.insert(lines[k], at: r.int(0...lines.count))
                    chars = Array(lines.joined(separator: "\n"))
                case 3:
                    var lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
                    let a = r.int(0...(lines.count - 1)), b = r.int(0...(lines.count - 1))
                    lines.swapAt(a, b)
                    chars = Array(lines.joined(separator: "\n"))
                default:
                    if let digit = chars.indices.filter({ chars[$0].isNumber }).randomElementUsing(&r) {
                        chars.replaceSubrange(digit...digit, with: Array(r.element(tokens)))
                    }
                }
            }
            PropertyTests.checkWellBehaved(String(chars))
        }
    }

    static func checkWellBehaved(_ text: String) {
        let check = ScenarioLoader.check(text: text, source: "fuzz")
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        if check.scenario == nil {
            #expect(!check.issues.isEmpty, "no scenario and no issue for:\n\(text)")
        }
        for issue in check.issues {
            #expect(!issue.message.isEmpty)
            if let location = issue.location {
                #expect(location.line >= 1 && location.line <= lineCount + 1, "\(issue.description) in:\n\(text)")
                #expect(location.column >= 1)
            }
        }
    }
}

extension Array where Element == Int {
    func randomElementUsing(_ r: inout TestRandom) -> Int? {
        isEmpty ? nil : self[r.int(0...(count - 1))]
    }
}
