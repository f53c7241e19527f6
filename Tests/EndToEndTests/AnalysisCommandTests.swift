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

    /// A number printed with more than four decimals or in exponent notation: a raw `Double` that was
    /// not formatted by its kind (`0.83447852133`, `1e-05`). Grouped thousands (`10,000`) are not one.
    static func rawNumbers(in text: String) -> [String] {
        text.matches(of: #/\d[.,]\d{5,}|\d[eE][+-]?\d/#).map { String(text[$0.range]) }
    }

    @Test("the analyses' terminal text: every number formatted by its kind; the rows left out say where they are; the scenario's own constraints are named")
    func terminalText() throws {
        // The pert ratio's p10 and p90 (≈ 0.86 and ≈ 1.6) have many decimals: the tornado's and the
        // frontier's parameter columns must round them.
        let ratio = ["--set", "accelerators.gpu.inference_efficiency=pert(min=0.7, mode=1.0, max=2.0)"]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let json = directory.url.appendingPathComponent("tornado.json").path
        let runs: [[String]] = [
            ["stress", Self.deal, "--paths", "50"],
            ["compare", Self.deal, "--set", "buyers.lab.cash0=4B", "--paths", "50"],
            ["sensitivity", Self.deal, "--paths", "32", "--metric", "buyer.lab.default", "--top", "50"] + ratio,
            ["sensitivity", Self.deal, "--paths", "32", "--metric", "buyer.lab.default", "--top", "1", "--json", json] + ratio,
            ["sensitivity", Self.deal, "--method", "sobol", "--paths", "16", "--metric", "buyer.lab.default", "--top", "1"] + ratio,
            ["optimize", Self.deal, "--paths", "32", "--frontier", "max:provider.cloud.npv", "min:buyer.lab.default"] + ratio,
            ["optimize", Self.deal, "--paths", "32", "--constraint", "buyer.lab.default <= 60%", "--lang", "fr"] + ratio,
        ]
        var texts: [String] = []
        for args in runs {
            let run = runOfftakeDetailed(args, timeout: 300)
            #expect(run.status == 0, "offtake \(shown(args)): \(run.stderr)")
            let raw = Self.rawNumbers(in: run.stdout.replacingOccurrences(of: json, with: "FILE"))   // a UUID is no number
            #expect(raw.isEmpty, "offtake \(shown(args)) prints unformatted numbers \(raw):\n\(run.stdout)")
            texts.append(run.stdout)
        }
        #expect(texts[2].contains(#/inference_efficiency \(0\.\d{3} → 1\.\d{2}\)/#), "the ratio's p10 and p90 with three significant digits:\n\(texts[2])")
        #expect(texts[3].contains(#/\n… \d+ more in /#) && texts[3].contains(json), "the rows left out are in the file written:\n\(texts[3])")
        #expect(texts[4].contains(#/\n… \d+ more: --top \d+ shows them, --json FILE writes them all\n/#), "no file written: how to see them:\n\(texts[4])")
        #expect(!texts.joined().contains("in the JSON"), "no table points to a JSON that was not asked for")
        #expect(texts[5].contains("Constraints of the scenario (`constraints:`; --constraint replaces them): buyer.lab.default <= 50.0%"), "\(texts[5])")
        #expect(!texts[6].contains("Contraintes du scénario"), "--constraint replaced the scenario's constraints:\n\(texts[6])")
    }
}
