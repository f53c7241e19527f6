import Foundation
import Testing

/// `offtake diversify` through the real binary: the buyer's mix against one builder, paired.
@Suite struct DiversifyCommandTests {
    /// With Oracle crippled (its existing business losing money, no cash) it fails on many paths; placing
    /// every OpenAI contract with it raises OpenAI's capacity shortfall on the same paths.
    @Test("a fragile supplier: concentrating on it raises the buyer's shortfall (paired difference > 0)")
    func concentrationOnAFragileSupplier() throws {
        let run = runOfftakeDetailed(["diversify", "oracle-ai-book", "--buyer", "openai", "--supplier", "oracle", "--paths", "60",
                                      "--set", "providers.oracle.base_ebitda=5B/yr", "--set", "providers.oracle.cash0=0",
                                      "--json", "-"], timeout: 600)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any], "\(run.stderr)")
        #expect(doc["schema"] as? String == "offtake.compare/1")
        #expect(doc["b"] as? String == "all built by oracle")
        let rows = try #require(doc["metrics"] as? [[String: Any]])
        let shortfall = try #require(rows.first { $0["id"] as? String == "buyer.openai.capacity_shortfall_mw_months" })
        let d = try #require(shortfall["difference"] as? Double), se = try #require(shortfall["standardError"] as? Double)
        #expect(d > 2 * se, "Δ shortfall \(d) ± \(se)")
    }

    @Test("an unknown buyer or a supplier that builds nothing for it: 64 with the choices")
    func badChoices() {
        let buyer = runOfftakeDetailed(["diversify", "--buyer", "nobody", "--paths", "10"])
        #expect(buyer.status == 64 && buyer.stderr.contains("--buyer") && buyer.stderr.contains("openai"), "\(buyer.stderr)")
        let supplier = runOfftakeDetailed(["diversify", "--buyer", "openai", "--supplier", "amd", "--paths", "10"])
        #expect(supplier.status == 64 && supplier.stderr.contains("--supplier") && supplier.stderr.contains("oracle"), "\(supplier.stderr)")
    }

    @Test("a supplier that cannot fail: a note says so, and nothing the buyer receives changes")
    func aSupplierThatCannotFail() throws {
        let run = runOfftakeDetailed(["diversify", "--buyer", "openai", "--paths", "20", "--json", "-"], timeout: 600)
        #expect(run.status == 0 && run.stderr.contains("no `credit:` block"), "\(run.stderr)")
    }
}
