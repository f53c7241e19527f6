// `offtake run` and `offtake` without arguments, through the executable. Path counts are small:
// these tests run against the debug build, which is 10–50× slower than release.

import Foundation
import Testing

@Suite("offtake run")
struct RunTests {
    static let quick = ["OFFTAKE_PATHS": "300"]

    static func json(_ run: OfftakeRun) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: run.stdoutData)
        return try #require(object as? [String: Any])
    }

    @Test("`offtake` with no arguments runs the built-in scenario and prints the verdict first")
    func noArguments() {
        let run = runOfftakeDetailed([], timeout: 300, environment: Self.quick)
        #expect(run.status == 0, "\(run.stderr)")
        expectNoCrash(run, "offtake")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("openai-oracle-2027") == true)
        #expect(run.stdout.contains("300 paths · seed 42 · 2026-01 … 2032-12"))
        let verdict = lines.firstIndex { $0.hasPrefix("VERDICT") }
        let metrics = lines.firstIndex { $0.hasPrefix("KEY METRICS") }
        #expect(verdict != nil && metrics != nil && verdict! < metrics!)
        for label in ["oracle-2027: paid in full", "oracle-2027: expected share paid", "openai: default by end of 2028",
                      "openai: operating cash flow positive in 2031", "openai: operating cash flow positive in 2032",
                      "oracle: NPV of the AI build, median", "oracle: NPV of the AI build, 5th percentile",
                      "oracle: NPV with residual value, median", "oracle: adjusted leverage above the rating threshold",
                      "oracle: downgraded below investment grade", "oracle: share of AI revenue from openai"] {
            #expect(run.stdout.contains(label), "missing verdict line \(label)")
        }
        // Not a terminal: no progress bar in the captured standard error.
        #expect(!run.stderr.contains("ETA"))
    }

    @Test("--json - writes the offtake.result/1 document with every metric of model.md")
    func jsonDocument() throws {
        let run = runOfftakeDetailed(["run", "--paths", "200", "--json", "-"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try Self.json(run)
        #expect(document["schema"] as? String == "offtake.result/1")
        #expect(document["scenario"] as? String == "openai-oracle-2027")
        #expect(document["paths"] as? Int == 200)
        #expect(document["seed"] as? Int == 42)
        let horizon = try #require(document["horizon"] as? [String: String])
        #expect(horizon == ["start": "2026-01", "end": "2032-12"])
        let metrics = try #require(document["metrics"] as? [String: [String: Any]])
        var expected = ["buyer.openai.default", "buyer.openai.cash_min", "buyer.openai.funding_raised", "buyer.openai.revenue_total",
                        "buyer.openai.revenue_lost", "buyer.openai.compute_spend", "buyer.openai.unused_commitment", "buyer.openai.npv",
                        "buyer.openai.supplier_share.oracle", "buyer.openai.supplier_hhi",
                        "contract.oracle-2027.paid", "contract.oracle-2027.paid_fraction", "contract.oracle-2027.paid_in_full",
                        "contract.oracle-2027.coverage", "contract.oracle-2027.utilization", "contract.oracle-2027.effective_savings_rate",
                        "provider.oracle.npv", "provider.oracle.leverage_max", "provider.oracle.rating_breach",
                        "provider.oracle.downgrade_below_ig", "provider.oracle.npv_with_residual", "provider.oracle.residual_value",
                        "provider.oracle.adjusted_leverage_max", "buyer.openai.workout.deferred", "contract.oracle-2027.deferred",
                        "contract.amd-6gw.options_exercised_mw", "buyer.openai.vendor_financing",
                        "provider.oracle.stranded_mw_months", "provider.oracle.cash_min", "provider.oracle.funding_gap",
                        "provider.oracle.customer_share.openai"]
        for year in 2026...2032 {
            expected += ["buyer.openai.default_by.\(year)", "buyer.openai.cash_flow_positive_by.\(year)"]
        }
        for id in expected {
            let metric = try #require(metrics[id], "missing metric \(id)")
            for field in ["kind", "mean", "stderr", "p5", "p25", "p50", "p75", "p95", "min", "max"] {
                #expect(metric[field] != nil, "\(id) lacks \(field)")
            }
        }
        // Ratios of sums carry their pooled headline: Σ used ÷ Σ delivered over all paths.
        let utilization = try #require(metrics["contract.oracle-2027.utilization"])
        let used = try #require(metrics["contract.oracle-2027.used_mw_months"]?["mean"] as? Double)
        let delivered = try #require(metrics["contract.oracle-2027.delivered_mw_months"]?["mean"] as? Double)
        let pooled = try #require(utilization["pooled"] as? Double)
        #expect(abs(pooled - used / delivered) <= 1e-12 * max(1, pooled))
        let paidInFull = try #require(metrics["contract.oracle-2027.paid_in_full"])
        #expect(paidInFull["kind"] as? String == "probability")
        let ci = try #require(paidInFull["ci95"] as? [Double])
        let mean = try #require(paidInFull["mean"] as? Double)
        #expect(ci.count == 2 && ci[0] <= mean && mean <= ci[1])
        let series = try #require(document["series"] as? [String: [String: Any]])
        for id in ["buyer.openai.cash", "buyer.openai.revenue", "buyer.openai.compute_spend", "provider.oracle.leverage",
                   "provider.oracle.utilization", "market.demand", "market.price"] {
            let s = try #require(series[id], "missing series \(id)")
            #expect((s["months"] as? [String])?.count == 84)
            for field in ["mean", "p5", "p25", "p50", "p75", "p95"] {
                #expect((s[field] as? [Any])?.count == 84, "\(id).\(field)")
            }
        }
        let yearly = try #require(document["yearly"] as? [String: [String: [String: Any]]])
        for id in ["buyer.openai.net_cash_flow", "buyer.openai.compute_spend", "provider.oracle.capex", "provider.oracle.ai_revenue"] {
            let cells = try #require(yearly[id], "missing yearly \(id)")
            #expect(Set(cells.keys) == Set((2026...2032).map(String.init)))
        }
        let verdict = try #require(document["verdict"] as? [[String: Any]])
        #expect(verdict.first?["id"] as? String == "contract.oracle-2027.paid_in_full")
    }

    @Test("same seed: identical JSON for --threads 1 and 2; another seed differs")
    func threadIndependence() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func result(threads: Int, seed: Int) throws -> Data {
            let out = directory.url.appendingPathComponent("t\(threads)-s\(seed).json").path
            // 700 paths = three chunks of 256, so two threads really split the work.
            let run = runOfftakeDetailed(["run", "--paths", "700", "--threads", "\(threads)", "--seed", "\(seed)", "--json", out], timeout: 300)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("wrote \(out)"))
            return try Data(contentsOf: URL(fileURLWithPath: out))
        }
        let one = try result(threads: 1, seed: 7)
        let two = try result(threads: 2, seed: 7)
        #expect(one == two)
        let other = try result(threads: 2, seed: 8)
        #expect(one != other)
    }

    @Test("--deterministic prints each party's yearly cash-flow table")
    func deterministic() {
        let run = runOfftakeDetailed(["run", "--deterministic"], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        for heading in ["deterministic base case", "BUYER openai", "PROVIDER oracle", "CONTRACT CHARGES", "operating cash flow",
                        "contract receipts", "leverage, year end"] {
            #expect(run.stdout.contains(heading), "missing \(heading)")
        }
        #expect(run.stdout.contains("2026") && run.stdout.contains("2032"))
    }

    @Test("--set overrides a field and changes the result")
    func setOverride() throws {
        let base = runOfftakeDetailed(["run", "--deterministic", "--json", "-"], timeout: 120)
        let changed = runOfftakeDetailed(["run", "--deterministic", "--json", "-", "--set", "contracts.oracle-2027.take_or_pay=50%",
                                          "--set", "buyers.openai.cash0=1T"], timeout: 120)
        #expect(base.status == 0 && changed.status == 0, "\(changed.stderr)")
        let a = try #require(try Self.json(base)["metrics"] as? [String: [String: Any]])
        let b = try #require(try Self.json(changed)["metrics"] as? [String: [String: Any]])
        let cashA = try #require(a["buyer.openai.cash_min"]?["mean"] as? Double)
        let cashB = try #require(b["buyer.openai.cash_min"]?["mean"] as? Double)
        #expect(cashB > cashA)
        // Distributions are accepted too.
        let distribution = runOfftakeDetailed(["run", "--paths", "50", "--set", "contracts.oracle-2027.delivery_delay=uniform(min=6, max=18)"], timeout: 120)
        #expect(distribution.status == 0, "\(distribution.stderr)")
    }

    @Test("bad --set: unknown path → 64, invalid value → 65, no '=' → 64; each with a clear message")
    func badSet() {
        let unknown = runOfftakeDetailed(["run", "--deterministic", "--set", "contracts.oracle-2072.take_or_pay=80%"])
        #expect(unknown.status == 64, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("contracts.oracle-2072.take_or_pay"))
        #expect(unknown.stderr.contains("oracle-2027"), "a did-you-mean hint")
        let value = runOfftakeDetailed(["run", "--deterministic", "--set", "contracts.oracle-2027.take_or_pay=150%"])
        #expect(value.status == 65, "\(value.stderr)")
        #expect(value.stderr.contains("take_or_pay"))
        let malformed = runOfftakeDetailed(["run", "--set", "contracts.oracle-2027.take_or_pay"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("PATH=VALUE"))
        for run in [unknown, value, malformed] { expectNoCrash(run, "bad --set") }
    }

    @Test("usage errors exit 64 before any simulation", arguments: [
        ["run", "--paths", "0"], ["run", "--threads", "0"], ["run", "--paths", "many"], ["run", "--json", "/nonexistent-dir/out.json"],
        ["run", "--seed", "-1"],
    ])
    func usageErrors(args: [String]) {
        let run = runOfftakeDetailed(args)
        #expect(run.status == 64, "\(shown(args)): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
        expectNoCrash(run, shown(args))
    }

    @Test("an invalid scenario file exits 65 with every problem located")
    func invalidFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try Fixtures.text("minimal.yaml")
            .replacingOccurrences(of: "take_or_pay: 90%", with: "take_or_pay: 190%")
            .replacingOccurrences(of: "cash0: 10B", with: "cash0: ten")
        let file = try directory.write("bad.yaml", text)
        let run = runOfftakeDetailed(["run", file, "--paths", "10"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("take_or_pay"))
        #expect(run.stderr.contains("cash0"))
        #expect(run.stderr.contains("bad.yaml:"))
    }

    @Test("a scenario file runs, and --json replaces an existing file whole")
    func fileRun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = try directory.write("out.json", String(repeating: "old content ", count: 100_000))
        let run = runOfftakeDetailed(["run", Fixtures.path("minimal.yaml"), "--paths", "300", "--json", out], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("minimal"))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["scenario"] as? String == "minimal")
        #expect(object["paths"] as? Int == 300)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(leftovers == ["out.json"], "no temporary file left behind")
    }

    @Test("offtake bench measures each configuration in a child process and compares the JSON")
    func bench() {
        let run = runOfftakeDetailed(["bench", "--paths", "40", "--threads", "1,2"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("path-months/s"))
        #expect(run.stdout.contains("peak RSS"))
        #expect(run.stdout.contains("identical"))
        #expect(!run.stdout.contains("DIFFERENT"))
        let bad = runOfftakeDetailed(["bench", "--threads", "0"])
        #expect(bad.status == 64)
    }

    @Test("a mistyped command is a usage error, not a missing file")
    func mistypedCommand() {
        let run = runOfftakeDetailed(["rnu"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("neither a command, a built-in scenario nor a scenario file"))
    }
}
