import Foundation
import OfftakeModel
@testable import OfftakeScenarioIO
import PropertyBased
import Testing
import Yams

/// A directory of scenario files for one test, removed when the test ends.
final class ScenarioDirectory {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("offtake-compose-\(UUID().uuidString)")

    init(_ files: [String: String]) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func check(_ name: String) -> ScenarioCheck { ScenarioLoader.check(path: path(name)) }
}

/// `extends:`: what a scenario inherits from its base, and every problem located in its file.
@Suite struct CompositionTests {
    // MARK: - The merge

    @Test func anExtensionThatOnlyRenamesIsItsBase() throws {
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": "extends: base.yaml\nname: renamed\n"])
        let check = dir.check("x.yaml")
        #expect(check.issues.isEmpty, "\(check.issues)")
        var expected = try #require(ScenarioLoader.check(text: baseText).scenario)
        expected.name = "renamed"
        #expect(check.scenario == expected)
        #expect(check.bases == [ScenarioCheck.Base(label: dir.path("base.yaml"), text: baseText, extendedAt: SourceLocation(line: 1, column: 10))])
    }

    @Test func mappingsMergeByKeyEntitiesByIdListsAndDistributionsAreReplaced() throws {
        let over = """
        extends: base.yaml
        market:
          compute_price: {decline: 30%/yr}
        accelerators:
          - id: gpu
            capex_per_mw: {uniform: {min: 20M, max: 30M}}
          - id: asic
            workloads: [inference]
            capex_per_mw: 20M
        contracts:
          - id: main
            tranches:
              - {start: 2027-06, mw: 800}
            recovery_rate: ~
        correlations: ~
        """
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": over])
        let check = dir.check("x.yaml")
        #expect(check.issues.isEmpty, "\(check.issues)")
        let scenario = try #require(check.scenario)
        let base = try #require(ScenarioLoader.check(text: baseText).scenario)
        // A key of a mapping: the base's other keys stay.
        #expect(scenario.market.computePrice.decline == .constant(0.30))
        #expect(scenario.market.computePrice.initial == base.market.computePrice.initial)
        // An entity by id: merged in place; a new id at the end.
        #expect(scenario.accelerators.map(\.id) == ["gpu", "asic"])
        #expect(scenario.accelerators[0].capexPerMW == ScenarioLoader.check(text: replacing(15, with: "    capex_per_mw: \"uniform(min=20M, max=30M)\"")).scenario?.accelerators[0].capexPerMW)
        #expect(scenario.accelerators[0].workloads == base.accelerators[0].workloads)
        // A list replaced whole; `~` removes a key (its default applies).
        #expect(scenario.contracts[0].tranches.map(\.mw) == [.constant(800)])
        #expect(scenario.contracts[0].recoveryRate == ScenarioLoader.check(text: replacing(45, with: "")).scenario?.contracts[0].recoveryRate)
        #expect(scenario.contracts[0].takeOrPay == base.contracts[0].takeOrPay)
        #expect(scenario.correlations == Correlations())
    }

    @Test func aNewKeyGoesBeforeTheNextKeyTheExtensionAlsoWrites() throws {
        let over = """
        extends: base.yaml
        stresses:
          early: {force_regime: {regime: bust, from: 2027-01, to: 2027-12}}
          delays: {}
          late: {force_regime: {regime: bust, from: 2030-01, to: 2030-12}}
        """
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": over])
        let scenario = try #require(dir.check("x.yaml").scenario)
        #expect(scenario.stresses.map(\.name) == ["winter", "early", "delays", "late"])
    }

    @Test func aChainOfBasesAppliesInOrderAndEachFileResolvesItsOwnPaths() throws {
        let dir = try ScenarioDirectory([
            "lib/base.yaml": baseText,
            "lib/middle.yaml": "extends: base.yaml\nbuyers:\n  - id: lab\n    cash0: 11B\n",
            "top.yaml": "extends: lib/middle.yaml\nbuyers:\n  - id: lab\n    revenue0: 600M\n",
        ])
        let check = dir.check("top.yaml")
        var lines = baseLines
        lines[17] = "    cash0: 11B"
        lines[18] = "    revenue0: 600M"
        let expected = ScenarioLoader.check(text: lines.joined(separator: "\n")).scenario?.buyers.first
        #expect(check.scenario?.buyers.first == expected && expected != nil, "\(check.issues)")
        #expect(check.bases.map(\.label) == [dir.path("lib/base.yaml"), dir.path("lib/middle.yaml")])
        #expect(check.bases.map(\.extendedAt) == [SourceLocation(line: 1, column: 10, file: dir.path("lib/middle.yaml")), SourceLocation(line: 1, column: 10)])
    }

    @Test func submittedTextExtendsABuiltInByName() throws {
        let check = ScenarioLoader.check(text: "extends: openai-oracle-2027\nname: mine\nrun: {paths: 10}\n", source: "scenario")
        #expect(check.issues.isEmpty, "\(check.issues)")
        #expect(check.scenario?.run.paths == 10 && check.scenario?.contracts.count == 6)
        #expect(check.bases.map(\.label) == ["openai-oracle-2027 (built in)"])
    }

    // MARK: - Every problem, in its file

    /// The one problem of `check`, or a failure.
    func only(_ check: ScenarioCheck) throws -> ScenarioIssue {
        #expect(check.issues.count == 1, "\(check.issues.map(\.description))")
        return try #require(check.issues.first)
    }

    @Test func aMissingFileIsReportedAtTheExtends() throws {
        let dir = try ScenarioDirectory(["x.yaml": "name: x\nextends: nowhere.yaml\n"])
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.path == "extends" && issue.location == SourceLocation(line: 2, column: 10))
        #expect(issue.message == "`\(dir.path("nowhere.yaml"))`: no such file")
    }

    @Test func anUnknownBuiltInNameHasADidYouMean() throws {
        let issue = try only(ScenarioLoader.check(text: "extends: openai-oracle-2072\n"))
        #expect(issue.location == SourceLocation(line: 1, column: 10))
        #expect(issue.message == "no built-in scenario `openai-oracle-2072`" && issue.hint?.contains("openai-oracle-2027") == true)
    }

    @Test func aCycleIsReportedWhereItCloses() throws {
        let dir = try ScenarioDirectory(["a.yaml": "extends: b.yaml\n", "b.yaml": "# b\nextends: a.yaml\n"])
        let issue = try only(dir.check("a.yaml"))
        #expect(issue.location == SourceLocation(line: 2, column: 10, file: dir.path("b.yaml")))
        #expect(issue.message == "`extends` goes round in a cycle")
        let a = URL(fileURLWithPath: dir.path("a.yaml")).resolvingSymlinksInPath().path
        let b = URL(fileURLWithPath: dir.path("b.yaml")).resolvingSymlinksInPath().path
        #expect(issue.found == "\(a) → \(b) → \(a)")
    }

    @Test func aFileExtendingItselfIsACycle() throws {
        let dir = try ScenarioDirectory(["a.yaml": "extends: ./a.yaml\n"])
        #expect(try only(dir.check("a.yaml")).message == "`extends` goes round in a cycle")
    }

    @Test func aChainLongerThanTheLimitIsRefusedAtTheLinkThatBreaksIt() throws {
        let n = ScenarioComposition.maximumChain
        var files = ["f\(n).yaml": baseText]
        for i in 0..<n { files["f\(i).yaml"] = "extends: f\(i + 1).yaml\n" }
        let dir = try ScenarioDirectory(files)
        let issue = try only(dir.check("f0.yaml"))
        #expect(issue.message == "too many scenarios extend one another")
        #expect(issue.location == SourceLocation(line: 1, column: 10, file: dir.path("f\(n - 1).yaml")))
        // One file fewer is accepted.
        try dir.write("f\(n - 1).yaml", baseText)
        #expect(dir.check("f0.yaml").isValid)
    }

    @Test func theFilesTogetherHaveTheSizeLimitOfOne() throws {
        let half = String(repeating: "# padding\n", count: SourceText.maximumBytes / 20 + 1)
        let dir = try ScenarioDirectory(["a.yaml": half + baseText, "b.yaml": "extends: a.yaml\n" + half])
        let issue = try only(dir.check("b.yaml"))
        #expect(issue.message == "the scenario and the scenarios it extends are too large together")
        #expect(issue.location == SourceLocation(line: 1, column: 10))
    }

    @Test func aPipeOrADirectoryIsRefusedAsABaseWithoutWaiting() throws {
        let dir = try ScenarioDirectory(["x.yaml": "extends: fifo.yaml\n", "y.yaml": "extends: sub.yaml/\n", "sub.yaml/keep": ""])
        #expect(mkfifo(dir.path("fifo.yaml"), 0o600) == 0)
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.message == "`\(dir.path("fifo.yaml"))`: is not a regular file" && issue.location == SourceLocation(line: 1, column: 10))
        #expect(try only(dir.check("y.yaml")).message.hasSuffix("is a directory, not a scenario file"))
    }

    @Test func textMayNotNameAFile() throws {
        for bases in [ScenarioBases.builtInsOnly] {
            let check = ScenarioLoader.check(text: "name: x\nextends: ../secret.yaml\n", source: "scenario", bases: bases)
            let issue = try only(check)
            #expect(issue.message == "this scenario may extend built-in scenarios only, by name")
            #expect(issue.location == SourceLocation(line: 2, column: 10))
        }
        #expect(try only(ScenarioLoader.check(text: "extends: /etc/passwd\n")).message == "this scenario may extend built-in scenarios only, by name")
    }

    @Test func extendsNamesOneScenario() throws {
        let issue = try only(ScenarioLoader.check(text: "extends: [a, b]\n"))
        #expect(issue.path == "extends" && issue.location == SourceLocation(line: 1, column: 10) && issue.message == "`extends` names one scenario")
    }

    @Test func aListMergedWithAMappingIsReportedWithBothPlaces() throws {
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": "extends: base.yaml\ncontracts:\n  main: {take_or_pay: 80%}\n"])
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.path == "contracts" && issue.location == SourceLocation(line: 3, column: 3))
        #expect(issue.message == "cannot merge with the base scenario's `contracts`, which is a list")
        #expect(issue.expected == "a list, as in the base at \(dir.path("base.yaml")):35:3")
    }

    @Test func aProblemInTheBasePointsIntoTheBase() throws {
        let dir = try ScenarioDirectory(["base.yaml": replacing(44, with: "    take_or_pay: 190%"), "x.yaml": "extends: base.yaml\nname: x\n"])
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.path == "contracts[0].take_or_pay")
        #expect(issue.location == SourceLocation(line: 44, column: 18, file: dir.path("base.yaml")))
        #expect(issue.hint == "\(dir.path("base.yaml")) is extended at \(dir.path("x.yaml")):1:10")
    }

    @Test func aProblemInTheExtensionPointsIntoTheExtension() throws {
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": "extends: base.yaml\ncontracts:\n  - id: main\n    tkae_or_pay: 80%\n"])
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.path == "contracts[0].tkae_or_pay" && issue.location == SourceLocation(line: 4, column: 5))
        #expect(issue.hint == "did you mean `take_or_pay`?")
    }

    @Test func aKeyRemovedThatIsRequiredIsMissingAtTheMappingThatLostIt() throws {
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": "extends: base.yaml\nbuyers:\n  - id: lab\n    cash0: ~\n"])
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.path == "buyers[0].cash0" && issue.message == "missing `cash0`", "\(issue)")
        #expect(issue.location == SourceLocation(line: 3, column: 5))
    }

    @Test func invalidYAMLInTheBaseIsLocatedInTheBase() throws {
        let dir = try ScenarioDirectory(["base.yaml": "name: [unclosed\n", "x.yaml": "extends: base.yaml\n"])
        let issue = try only(dir.check("x.yaml"))
        #expect(issue.location?.file == dir.path("base.yaml") && issue.message.hasPrefix("invalid YAML"))
    }

    @Test func everyProblemOfBothFilesAtOnce() throws {
        let dir = try ScenarioDirectory([
            "base.yaml": replacing(18, with: "    cash0: 4.5GW"),
            "x.yaml": "extends: base.yaml\nproviders:\n  - id: cloud\n    wcac: 9%\n",
        ])
        let issues = dir.check("x.yaml").issues
        #expect(issues.count == 2, "\(issues.map(\.description))")
        #expect(Set(issues.compactMap(\.location)) == [SourceLocation(line: 4, column: 5), SourceLocation(line: 18, column: 12, file: dir.path("base.yaml"))])
        // The scenario's own problems first.
        #expect(issues.first?.location?.file == nil)
    }

    @Test func theLocationsOfFieldsNameTheirFile() throws {
        let dir = try ScenarioDirectory(["base.yaml": baseText, "x.yaml": "extends: base.yaml\nobjective: {maximize: provider.cloud.npv}\n"])
        let check = dir.check("x.yaml")
        #expect(check.location(of: "objective") == SourceLocation(line: 2, column: 12))
        #expect(check.location(of: "contracts[0].take_or_pay") == SourceLocation(line: 44, column: 18, file: dir.path("base.yaml")))
        #expect(check.text(of: dir.path("base.yaml")) == baseText && check.text(of: nil) == check.text)
    }

    // MARK: - The library

    @Test("every built-in's bases are built-ins", arguments: BuiltInScenarios.all.map(\.name))
    func builtInsExtendBuiltIns(name: String) throws {
        let check = ScenarioLoader.check(text: try #require(BuiltInScenarios.named(name)).text)
        #expect(check.bases.allSatisfy { $0.label.hasSuffix(" (built in)") })
    }

    @Test func theProviderBookSharesTheDefaultsBlocks() throws {
        let check = ScenarioLoader.check(text: try #require(BuiltInScenarios.named("oracle-ai-book")).text)
        #expect(check.bases.map(\.label) == ["openai-oracle-2027 (built in)"])
        // Values of the default's text (the buyer; Oracle's lease book and credit, written once there), and one of its own.
        #expect(check.location(of: "buyers[0].cash0")?.file == "openai-oracle-2027 (built in)")
        #expect(check.location(of: "providers[0].leases.rent0")?.file == "openai-oracle-2027 (built in)")
        #expect(check.location(of: "providers[0].credit.cds_5y")?.file == "openai-oracle-2027 (built in)")
        #expect(check.location(of: "contracts[0].delivery.service_credit")?.file == nil)
    }
}

/// The merge against an independent reference: a scenario's keys dealt at random between a base and
/// an extension compose back to the scenario.
@Suite struct CompositionPropertyTests {
    static let base = PropertyTests.base

    /// Deals the keys of the root and of each entity of `node` between two trees; each entity keeps its
    /// `id` on both sides. Values go whole to one side.
    static func deal(_ node: Node, _ random: inout TestRandom) -> (base: Node, over: Node) {
        guard case .mapping(let root) = node else { return (node, [:]) }
        var base: [(Node, Node)] = [], over: [(Node, Node)] = []
        for (key, value) in root {
            if let name = key.string, ScenarioComposition.entityLists.contains(name), case .sequence(let items) = value {
                var b: [Node] = [], o: [Node] = []
                for item in items {
                    guard case .mapping(let entity) = item else { b.append(item); continue }
                    var eb: [(Node, Node)] = [], eo: [(Node, Node)] = []
                    for (k, v) in entity {
                        if k.string == "id" { eb.append((k, v)); eo.append((k, v)) } else if random.bool() { eb.append((k, v)) } else { eo.append((k, v)) }
                    }
                    b.append(.mapping(Node.Mapping(eb)))
                    if eo.count > 1 || random.bool() { o.append(.mapping(Node.Mapping(eo))) }
                }
                base.append((key, .sequence(Node.Sequence(b))))
                if !o.isEmpty { over.append((key, .sequence(Node.Sequence(o)))) }
            } else if random.bool() {
                base.append((key, value))
            } else {
                over.append((key, value))
            }
        }
        return (.mapping(Node.Mapping(base)), .mapping(Node.Mapping(over)))
    }

    @Test func aScenarioDealtBetweenABaseAndAnExtensionComposesBack() async throws {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = RandomScenario.make(seed: seed, base: Self.base)
            guard let text = try? ScenarioEncoder.yaml(scenario), let tree = try? Yams.compose(yaml: text) else {
                Issue.record("seed \(seed): cannot encode")
                return
            }
            var random = TestRandom(seed ^ 0x9E37_79B9_7F4A_7C15)
            let (base, over) = Self.deal(tree, &random)
            var merger = ScenarioComposition.Merger(owners: ["": "base"], over: "")
            let merged = merger.merge(base, over, at: "")
            #expect(merger.issues.isEmpty)
            let decoded = ScenarioLoader.decodeAndValidate(merged)
            #expect(decoded.scenario == scenario, "seed \(seed)")
        }
    }

    @Test func mergingNothingOverATreeKeepsItAndItsFile() async throws {
        await propertyCheck(count: 50, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = RandomScenario.make(seed: seed, base: Self.base)
            guard let text = try? ScenarioEncoder.yaml(scenario), let tree = try? Yams.compose(yaml: text) else { return }
            var merger = ScenarioComposition.Merger(owners: ["": "base"], over: "x")
            let merged = merger.merge(tree, [:], at: "")
            #expect(ScenarioLoader.decodeAndValidate(merged).scenario == scenario)
            // Every value is still the base's; only the (empty) root mapping is the extension's.
            #expect(merger.owners.filter { $0.key != "" }.values.allSatisfy { $0 == "base" })
        }
    }

    @Test func mergingArbitraryTreesNeverCrashesAndEveryProblemIsInOneOfTheFiles() async throws {
        let texts = BuiltInScenarios.all.map(\.text) + [baseText]
        await propertyCheck(count: PropertyTests.fuzzCount, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var random = TestRandom(seed)
            let a = texts[random.int(0...(texts.count - 1))], b = texts[random.int(0...(texts.count - 1))]
            guard let ta = try? Yams.compose(yaml: a), let tb = try? Yams.compose(yaml: b) else { return }
            let (_, overA) = Self.deal(ta, &random)
            var merger = ScenarioComposition.Merger(owners: ["": "a"], over: "")
            let merged = merger.merge(tb, overA, at: "")
            // Every problem is attributed to one of the two files.
            let composition = ScenarioComposition(root: merged, bases: [ScenarioCheck.Base(label: "a", text: a)], owners: merger.owners)
            let files = ScenarioLoader.decodeAndValidate(merged).issues.compactMap { composition.attributed($0, source: "b").location }.map(\.file)
            #expect(files.allSatisfy { $0 == nil || $0 == "a" })
        }
    }
}
