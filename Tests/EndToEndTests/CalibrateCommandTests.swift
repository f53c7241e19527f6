import Foundation
import Testing

/// `offtake calibrate` through the real binary, on a provider whose default probability is known in
/// closed form (`provider-credit.yaml`: P(default_5y) = −base_ebitda ÷ 2M).
@Suite(.serialized) struct CalibrateCommandTests {
    static let file = Fixtures.path("provider-credit.yaml")
    static let solve = ["calibrate", file, "--match", "neo", "--parameter", "providers.neo.base_ebitda"]

    @Test("the value found, run again with --set, gives a probability within its standard error of the market's")
    func rerunWithSet() throws {
        let run = runOfftakeDetailed(Self.solve + ["--range=-2M/mo:0", "--paths", "40", "--json", "-"], timeout: 600)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any], "\(run.stderr)")
        #expect(doc["schema"] as? String == "offtake.calibrate/1" && doc["matched"] as? Bool == true && doc["unique"] as? Bool == true)
        let crossing = try #require((doc["crossings"] as? [[String: Any]])?.first)
        let value = try #require(crossing["value"] as? Double), interval = try #require(crossing["interval"] as? [Double])
        let market = try #require(doc["market"] as? Double)
        #expect(interval[0] <= value && value <= interval[1], "\(value) outside \(interval)")
        // Written into the scenario with --set (not fixed on the paths), on the same 40 paths.
        let check = runOfftakeDetailed(["run", Self.file, "--set", "providers.neo.base_ebitda=\(value)", "--paths", "40", "--json", "-"], timeout: 300)
        #expect(check.status == 0, "\(check.stderr)")
        let metrics = try #require((try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any])?["metrics"] as? [String: Any])
        let line = try #require(metrics["provider.neo.default_5y"] as? [String: Any])
        let p = try #require(line["mean"] as? Double), se = try #require(line["stderr"] as? Double)
        #expect(p == crossing["probability"] as? Double)
        #expect(abs(p - market) <= 1.96 * se, "model \(p) ± \(se), market \(market)")
        let text = runOfftakeDetailed(Self.solve + ["--range=-2M/mo:0", "--paths", "20"], timeout: 600)
        #expect(text.status == 0 && text.stdout.contains("MATCH providers.neo.base_ebitda") && text.stdout.contains("95% interval"), "\(text.stdout)")
    }

    @Test("no value in the range matches: NO MATCH with the probability at both ends and the market's side, exit 2")
    func noMatch() throws {
        let run = runOfftakeDetailed(Self.solve + ["--range=-100K/mo:0", "--paths", "20"], timeout: 600)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stdout.contains("NO MATCH: the market's 11.5% lies above the model's probability over the whole range"), "\(run.stdout)")
        #expect(run.stdout.contains("at −$100K/mo") && run.stdout.contains("at $0/mo"), "\(run.stdout)")
        expectNoCrash(run, "calibrate with no match")
    }

    @Test("a party, parameter or range that cannot be used is 64, listing what can")
    func usage() throws {
        let cases: [([String], [String])] = [
            (["--match", "lab", "--parameter", "providers.neo.cash0"], ["--match lab", "buyers carry no market credit", "can be matched: neo"]),
            (["--match", "cloud", "--parameter", "providers.neo.cash0"], ["cds_5y", "can be matched: neo"]),
            (["--match", "noe", "--parameter", "providers.neo.base_ebitdda"], ["did you mean `neo`?", "did you mean `providers.neo.base_ebitda`?"]),
            (["--match", "neo", "--parameter", "providers.neo.base_ebitda"], ["--range LO:HI"]),
            (["--match", "neo", "--parameter", "providers.neo.cash0", "--range", "5M:1M"], ["LO must be below HI"]),
        ]
        for (arguments, words) in cases {
            let run = runOfftakeDetailed(["calibrate", Self.file] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            for word in words { #expect(run.stderr.contains(word), "\(arguments): \(run.stderr)") }
            expectNoCrash(run, "calibrate \(arguments)")
        }
    }
}
