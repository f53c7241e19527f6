import Foundation
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport
import OfftakeScenarioIO
import Testing

@Suite struct PreparedScenarioTests {
    @Test func keepsTheTextItWasReadFrom() throws {
        let entry = try #require(BuiltInScenarios.named(BuiltInScenarios.defaultName))
        let builtIn = try PreparedScenario.prepare(.builtIn(entry.name))
        #expect(builtIn.text == entry.text)
        #expect(builtIn.label == "\(entry.name) (built in)")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("offtake-jobs-\(UUID().uuidString).yaml")
        try Data(entry.text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let read = try PreparedScenario.prepare(.file(file.path))
        #expect(read.text == entry.text && read.scenario == builtIn.scenario)

        let piped = try PreparedScenario.prepare(.standardInput(Data(entry.text.utf8)))
        #expect(piped.text == entry.text && piped.label == "-")
    }

    @Test func standardInputOverTheLimitIsTooLarge() {
        let data = Data(repeating: UInt8(ascii: "#"), count: ScenarioLoader.maximumBytes + 1)
        #expect(throws: PreparedScenario.Failure.self) { try PreparedScenario.prepare(.standardInput(data)) }
        do {
            _ = try PreparedScenario.prepare(.standardInput(data))
        } catch {
            #expect(error.issues.first?.message == "the file is too large for a scenario")
        }
    }

    @Test func anUnknownOverridePathIsAUsageProblemWithTheTextKept() {
        do {
            _ = try PreparedScenario.prepare(.builtIn(BuiltInScenarios.defaultName), overrides: [Override(path: "contracts.nope.take_or_pay", value: "80%")])
            Issue.record("prepared")
        } catch {
            #expect(error.isUsage)
            #expect(error.check.text == BuiltInScenarios.named(BuiltInScenarios.defaultName)?.text)
        }
    }

    @Test func anUnknownBuiltInNameSuggestsOne() {
        let check = ScenarioSource.builtIn("openai-oracle-2072").read()
        #expect(check.scenario == nil && check.issues.first?.hint?.contains("openai-oracle-2027") == true, "\(check.issues)")
    }
}

@Suite struct JobResolutionTests {
    let scenario = ScenarioSource.builtIn(BuiltInScenarios.defaultName)

    func problems(_ request: JobRequest) -> [JobProblem] {
        do {
            _ = try Job.resolve(request)
            return []
        } catch {
            return error.all
        }
    }

    @Test func defaultsAreResolvedOnce() throws {
        let prepared = try PreparedScenario.prepare(scenario)
        let contract = try #require(prepared.scenario.contracts.first)
        let tornado = try Job.resolve(JobRequest(scenario: scenario, kind: .sensitivity()))
        #expect(tornado.metrics == ["contract.\(contract.id).paid_in_full", "buyer.\(contract.buyer).default"])
        #expect(tornado.paths == 2_000 && tornado.seed == prepared.scenario.run.seed)
        let sobol = try Job.resolve(JobRequest(scenario: scenario, kind: .sensitivity(method: .sobol)))
        #expect(sobol.paths == 1_000)
        let stress = try Job.resolve(JobRequest(scenario: scenario, kind: .stress()))
        guard case .stress(let names) = stress.work else { Issue.record("\(stress.work)"); return }
        #expect(names == prepared.scenario.stresses.map(\.name) && !names.isEmpty)
        let capped = try Job.resolve(JobRequest(scenario: scenario, kind: .run(), maximumPaths: 100))
        #expect(capped.paths == 100)
        let optimize = try Job.resolve(JobRequest(scenario: scenario, kind: .optimize(decisions: ["contracts.oracle-2027.prepayment.amount=0..30B/10B"],
                                                                                        minimize: "contract.oracle-2027.paid"), seed: 7))
        guard case .optimize(_, _, _, _, let checkSeed) = optimize.work else { Issue.record("\(optimize.work)"); return }
        #expect(checkSeed == 8)
    }

    @Test func everyProblemAtOnce() {
        let found = problems(JobRequest(scenario: scenario, kind: .optimize(decisions: ["contracts.nope.prepayment=0..1B", "contracts.oracle-2027.nope=0..1"],
                                                                              maximize: "buyer.openai.npv", minimize: "buyer.openai.defualt",
                                                                              constraints: ["buyer.openai.default <= 5%", "nonsense"]),
                                        paths: 0))
        let kinds = found.map { problem -> String in
            switch problem {
            case .paths: return "paths"
            case .decision(let i, _, _): return "decision \(i)"
            case .bothObjectives: return "both"
            case .constraint(let i, _, _): return "constraint \(i)"
            case .unknownMetric(let id, _, _, _): return "metric \(id)"
            default: return "\(problem)"
            }
        }
        #expect(kinds == ["paths", "decision 0", "decision 1", "both", "constraint 1", "metric buyer.openai.defualt"], "\(kinds)")
        #expect(found.allSatisfy { $0.isUsage })
    }

    @Test func unknownStressesAreNamedWithAHint() {
        let found = problems(JobRequest(scenario: scenario, kind: .stress(only: ["funding_freez"])))
        guard case .unknownStress(let name, let index, _, _)? = found.first, found.count == 1 else { Issue.record("\(found)"); return }
        #expect(name == "funding_freez" && index == 0)
        #expect(found[0].hint?.contains("funding_freeze") == true, "\(found[0].hint ?? "")")
        let run = problems(JobRequest(scenario: scenario, kind: .run(stress: "funding_freez")))
        guard case .unknownStress(_, nil, _, let issue)? = run.first else { Issue.record("\(run)"); return }
        #expect(issue.path == "stresses")
    }

    @Test func aComparisonsSecondScenarioProblemsAreItsOwn() {
        let found = problems(JobRequest(scenario: scenario, kind: .compare(overrides: [Override(path: "contracts.nope.take_or_pay", value: "1")])))
        guard case .scenario(.b, let failure)? = found.first else { Issue.record("\(found)"); return }
        #expect(failure.isUsage)
        #expect(problems(JobRequest(scenario: scenario, kind: .compare())).count == 1)
    }

    @Test func aComparisonsOverrideIntoAnAbsentBlockSaysToAddTheBlock() throws {
        let found = problems(JobRequest(scenario: scenario, kind: .compare(overrides: [Override(path: "contracts.azure-250b.prepayment.amount", value: "1B")])))
        guard case .scenario(.b, let failure)? = found.first, found.count == 1 else { Issue.record("\(found)"); return }
        #expect(failure.isUsage)
        let issue = try #require(failure.issues.first)
        #expect(issue.message == "`contracts.azure-250b` has no `prepayment` block; add the block first")
        #expect(issue.hint == "add `prepayment: {amount: …, month: …}` to `contracts.azure-250b`")
    }

    @Test func theScenariosOwnProblemsComeAlone() {
        let found = problems(JobRequest(scenario: .text("name: x\n"), kind: .stress(only: ["a"]), paths: 0))
        guard case .scenario(.a, let failure)? = found.first, found.count == 1 else { Issue.record("\(found)"); return }
        #expect(!failure.isUsage && !failure.issues.isEmpty)
    }

    @Test func aJobRunsToItsDocument() throws {
        let job = try Job.resolve(JobRequest(scenario: scenario, kind: .stress(), paths: 40, threads: 2))
        let document = try job.execute()
        #expect(document.schema == "offtake.stress/1")
        let again = try Job.resolve(JobRequest(scenario: scenario, kind: .stress(), paths: 40, threads: 1)).execute()
        #expect(try document.encoded() == again.encoded())
    }
}

/// Scenarios that extend others, prepared from every source.
@Suite struct ExtendingScenarioTests {
    @Test func submittedTextExtendsBuiltInsOnly() throws {
        let prepared = try PreparedScenario.prepare(.text("extends: openai-oracle-2027\nname: mine\n"))
        #expect(prepared.scenario.contracts.map(\.id) == (try PreparedScenario.prepare(.builtIn("openai-oracle-2027"))).scenario.contracts.map(\.id))
        for source in [ScenarioSource.text("name: x\nextends: scenarios/oracle-ai-book.yaml\n"), .standardInput(Data("name: x\nextends: scenarios/oracle-ai-book.yaml\n".utf8))] {
            do {
                _ = try PreparedScenario.prepare(source)
                Issue.record("a file was read for \(source.label)")
            } catch {
                #expect(!error.isUsage)
                #expect(error.issues.map(\.location) == [SourceLocation(line: 2, column: 10)])
                #expect(error.issues.first?.message == "this scenario may extend built-in scenarios only, by name")
            }
        }
    }

    @Test func theAssumptionsOfAnExtendingScenarioComeFromEveryFile() throws {
        let book = try PreparedScenario.prepare(.builtIn("oracle-ai-book"))
        let rows = Dictionary(book.assumptions.rows.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        // Its own line, a line of the default it keeps, and none of the default's lines it replaced.
        #expect(rows["providers.oracle.leases.rent0"]?.value == "770M/mo")
        #expect(rows["providers.oracle.leases.share"]?.source.hasPrefix("assumption") == true)
        #expect(rows["providers.oracle.other_customers.capex_share"]?.value == "42%")
        #expect(rows["run"]?.value == "{paths: 20000, seed: 42}")
        #expect(book.assumptions.rows.filter { $0.path == "providers.oracle.other_customers.capex_share" }.count == 1)
        // The default's prepayment, removed with `~`, is not an assumption of the book.
        #expect(!book.assumptions.rows.contains { $0.path.hasPrefix("contracts.oracle-2027.prepayment") })
        // A scenario without extends keeps the rows of its text as they were.
        let standalone = try PreparedScenario.prepare(.builtIn("openai-oracle-2027"))
        #expect(standalone.assumptions == ScenarioAssumptions(yaml: standalone.text))
        #expect(standalone.assumptions.rows.contains { $0.path == "contracts.oracle-2027.prepayment" })
    }

    /// `offtake report` and the server's report route read a stored run's scenario without preparing a
    /// job: the loader's check alone gives the same table, base files included.
    @Test func aReportOfAStoredRunFindsTheSameAssumptionsAsTheRun() throws {
        let book = try PreparedScenario.prepare(.builtIn("oracle-ai-book"))
        let read = ScenarioSource.builtIn("oracle-ai-book").read()
        #expect(read.assumptions == book.assumptions)
        #expect(read.assumptions?.rows.contains { $0.path == "providers.oracle.other_customers.capex_share" } == true)
        #expect(ScenarioSource.text("not: [a scenario").read().assumptions?.rows.isEmpty == true)
    }
}

/// Every layer of checks that can run does, in one pass; what cannot is named; warnings are located
/// and become problems with `strict`.
@Suite struct OnePassCheckTests {
    static let minimal = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/examples/minimal.yaml"), encoding: .utf8)

    func failed(_ text: String, overrides: [Override] = [], strict: Bool = false) -> PreparedScenario.Failure? {
        do {
            _ = try PreparedScenario.prepare(.text(text), overrides: overrides, strict: strict)
            return nil
        } catch {
            return error
        }
    }

    @Test func theMinimalExampleIsCleanAndHasNoWarning() throws {
        let prepared = try PreparedScenario.prepare(.text(Self.minimal))
        #expect(prepared.warnings.isEmpty)
    }

    @Test func aStressProblemAndAnUnknownMetricComeTogether() throws {
        let text = Self.minimal + """

            stresses:
              bad: {set: {contracts.main.take_or_pay: 150%}}
            constraints: ["buyer.lbb.default <= 5%"]
            """
        let failure = try #require(failed(text))
        #expect(failure.notChecked.isEmpty)
        #expect(failure.issues.map(\.path) == ["stresses.bad.set.contracts.main.take_or_pay", "constraints[0]"], "\(failure.issues)")
        #expect(failure.issues.allSatisfy { $0.location != nil })
    }

    @Test func aStructureProblemNamesTheChecksThatCouldNotRun() throws {
        let text = Self.minimal.replacingOccurrences(of: "take_or_pay: 90%", with: "take_or_pay: 150%") + "\nconstraints: [\"buyer.lbb.default <= 5%\"]\n"
        let failure = try #require(failed(text))
        #expect(failure.issues.map(\.path) == ["contracts[0].take_or_pay"])
        // The minimal example has no stresses: there is nothing of theirs to check.
        #expect(failure.notChecked == [.model, .metrics])
        #expect(self.failed(text, overrides: [Override(path: "contracts.main.take_or_pay", value: "80%")])?.notChecked
                == [.overrides, .model, .metrics])
        let stressed = text + "stresses:\n  harsh: {set: {contracts.main.take_or_pay: 80%}}\n"
        #expect(self.failed(stressed)?.notChecked == [.stresses, .model, .metrics])
        let neither = Self.minimal.replacingOccurrences(of: "take_or_pay: 90%", with: "take_or_pay: 150%")
        #expect(self.failed(neither)?.notChecked == [.model])
    }

    @Test func anOverrideThatNamesNothingStopsTheModelOnly() throws {
        let text = Self.minimal + "\nstresses:\n  bad: {set: {contracts.main.take_or_pay: 150%}}\n"
        let failure = try #require(failed(text, overrides: [Override(path: "contracts.nope.take_or_pay", value: "80%")]))
        #expect(failure.isUsage)
        #expect(failure.notChecked == [.model])  // no objective, no constraints: no metric ids to check
        #expect(Set(failure.issues.map(\.path)) == ["stresses.bad.set.contracts.main.take_or_pay", "contracts.nope.take_or_pay"], "\(failure.issues)")
    }

    @Test func warningsAreLocatedAndStrictMakesThemProblems() throws {
        let text = Self.minimal.replacingOccurrences(of: "    debt_fraction: 70%\n", with: "    debt_fraction: 70%\n    financing: {equity_share: 30%}\n")
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("debt_fraction: 70%") }) + 1
        let prepared = try PreparedScenario.prepare(.text(text))
        let warning = try #require(prepared.warnings.first)
        #expect(prepared.warnings.count == 1)
        #expect(warning.path == "providers[0].debt_fraction")
        #expect(warning.location == SourceLocation(line: line, column: 20))
        let strict = try #require(failed(text, strict: true))
        #expect(strict.issues == [warning] && strict.warnings.isEmpty && strict.notChecked.isEmpty)
    }

    @Test func overridesAndStressesSetAKeyWithoutEffect() throws {
        let text = Self.minimal.replacingOccurrences(of: "    debt_fraction: 70%\n", with: "    financing: {equity_share: 30%}\n")
            + "\nstresses:\n  more_debt: {set: {providers.cloud.debt_fraction: 90%}}\n"
        let prepared = try PreparedScenario.prepare(.text(text), overrides: [Override(path: "providers.cloud.debt_fraction", value: "50%"),
                                                                            Override(path: "providers.cloud.debt_fraction", value: "60%")])
        #expect(prepared.warnings.count == 4)
        #expect(Set(prepared.warnings.map { "\($0.path): \($0.message)" }) == [
            "providers[0].debt_fraction: has no effect: with `financing:`, capex is paid from cash above `min_cash`, then `equity_share` new equity and new debt for the rest",
            "providers.cloud.debt_fraction: set 2 times by --set; only the last value, 60%, is used",
            "providers.cloud.debt_fraction: the value given with --set has no effect: with `financing:`, capex is paid from cash above `min_cash`, then `equity_share` new equity and new debt for the rest",
            "stresses.more_debt.set.providers.cloud.debt_fraction: the value given with stress `more_debt` has no effect: with `financing:`, capex is paid from cash above `min_cash`, then `equity_share` new equity and new debt for the rest",
        ])
    }
}
