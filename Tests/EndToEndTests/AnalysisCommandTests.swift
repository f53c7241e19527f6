import Foundation
import Testing

/// The analysis commands through the real binary, on a small deal (debug builds simulate slowly).
@Suite(.serialized) struct AnalysisCommandTests {
    static let deal = Fixtures.path("small-deal.yaml")

    static func json(_ run: OfftakeRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any], "\(run.stderr)")
    }

    @Test("stress: every stress on the same paths; a stress that changes nothing has Δ = 0; --only an unknown stress is 64")
    func stress() throws {
        let run = runOfftakeDetailed(["stress", Self.deal, "--paths", "200", "--json", "-"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try Self.json(run)
        #expect(doc["schema"] as? String == "offtake.stress/1")
        let rows = try #require(doc["rows"] as? [[String: Any]])
        for row in rows {
            let cells = try #require(row["stressed"] as? [[String: Any]])
            #expect(cells[0]["stress"] as? String == "same" && (cells[0]["difference"] as? Double) == 0, "\(row["id"] ?? "")")
        }
        let text = runOfftakeDetailed(["stress", Self.deal, "--paths", "100", "--only", "harsh"], timeout: 300)
        #expect(text.status == 0 && text.stdout.contains("STRESS harsh") && !text.stdout.contains("STRESS same"), "\(text.stdout)")
        let unknown = runOfftakeDetailed(["stress", Self.deal, "--only", "hrash"])
        #expect(unknown.status == 64 && unknown.stderr.contains("did you mean `harsh`?"), "\(unknown.stderr)")
        expectNoCrash(unknown, "stress --only hrash")
    }

    @Test("compare X X: exactly zero; compare with --set: a difference and its standard error")
    func compare() throws {
        let same = runOfftakeDetailed(["compare", Self.deal, Self.deal, "--paths", "100", "--json", "-"], timeout: 300)
        #expect(same.status == 0, "\(same.stderr)")
        let metrics = try #require(try Self.json(same)["metrics"] as? [[String: Any]])
        #expect(metrics.allSatisfy { ($0["difference"] as? Double) == 0 || ($0["difference"] as? String) == "NaN" })
        let changed = runOfftakeDetailed(["compare", Self.deal, "--set", "buyers.lab.cash0=4B", "--paths", "100"], timeout: 300)
        #expect(changed.status == 0 && changed.stdout.contains("B − A"), "\(changed.stderr)")
        let nothing = runOfftakeDetailed(["compare", Self.deal])
        #expect(nothing.status == 64 && nothing.stderr.contains("--set"))
    }

    @Test("sensitivity: tornado JSON; an unknown metric is 64 with a hint")
    func sensitivity() throws {
        let run = runOfftakeDetailed(["sensitivity", Self.deal, "--paths", "64", "--metric", "buyer.lab.default", "--json", "-"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try Self.json(run)
        #expect(doc["schema"] as? String == "offtake.sensitivity/1" && doc["method"] as? String == "tornado")
        let unknown = runOfftakeDetailed(["sensitivity", Self.deal, "--metric", "buyer.lab.defualt"])
        #expect(unknown.status == 64 && unknown.stderr.contains("did you mean `default`?"), "\(unknown.stderr)")
        expectNoCrash(unknown, "sensitivity --metric buyer.lab.defualt")
    }

    @Test("optimize: the file's problem solves and is checked on another seed; an impossible constraint says INFEASIBLE (exit 2); bad decisions are 64")
    func optimize() throws {
        let run = runOfftakeDetailed(["optimize", Self.deal, "--paths", "64", "--json", "-"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try Self.json(run)
        #expect(doc["schema"] as? String == "offtake.optimize/1" && doc["checkSeed"] as? Int == 8)
        let infeasible = runOfftakeDetailed(["optimize", Self.deal, "--paths", "32", "--constraint", "buyer.lab.default <= -1%"], timeout: 300)
        #expect(infeasible.status == 2 && infeasible.stdout.contains("INFEASIBLE"), "\(infeasible.stdout)\(infeasible.stderr)")
        let badPath = runOfftakeDetailed(["optimize", Self.deal, "--decision", "contracts.main.take_or_pya=0%..100%"])
        #expect(badPath.status == 64 && badPath.stderr.contains("did you mean"), "\(badPath.stderr)")
        let empty = runOfftakeDetailed(["optimize", Self.deal, "--decision", "contracts.main.take_or_pay=90%..10%"])
        #expect(empty.status == 64 && empty.stderr.contains("bounds are empty"), "\(empty.stderr)")
        for r in [badPath, empty] { expectNoCrash(r, "optimize") }
    }
}
