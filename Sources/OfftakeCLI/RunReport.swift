import Foundation
import OfftakeEngine
import OfftakeModel

/// Terminal and JSON renderings of a run.
enum RunReport {
    /// `offtake.result/1` as JSON: keys sorted (identical bytes for identical results); non-finite
    /// numbers (an infinite leverage when EBITDA is not positive) as the strings "Infinity", "-Infinity", "NaN".
    static func json(_ result: RunResult) throws -> Data {
        try encoder().encode(result)
    }

    /// The JSON policy of every document the tool writes.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    // MARK: - Monte Carlo report

    static func text(_ result: RunResult, model: SimulationModel, threads: Int, seconds: Double) -> String {
        var out: [String] = []
        out.append("\(result.scenario)\(result.title.map { " — \($0)" } ?? "")")
        let rate = seconds > 0 ? Double(result.paths * model.months) / seconds : .nan
        out.append("\(grouped(result.paths)) paths · seed \(result.seed) · \(result.horizon.start) … \(result.horizon.end) · "
                   + "\(threads) thread\(threads == 1 ? "" : "s") · \(String(format: "%.1f", seconds)) s"
                   + (rate.isFinite ? " (\(compact(rate)) path-months/s)" : ""))
        out.append("")
        out.append(verdictTable(result))
        out.append("")
        out.append(metricsTable(result))
        out.append("")
        out.append("Probabilities: share of paths, 95% Wilson interval. Means: ± 1.96 Monte Carlo standard errors.")
        out.append("Utilization and effective savings rate: the mean column is the ratio of sums over all paths (p5…p95: per path).")
        out.append("Quantiles: 95% order-statistic interval. Amounts in US dollars. `offtake run --json FILE` writes everything.")
        return out.joined(separator: "\n")
    }

    /// The verdict; a single path (the deterministic base case) has no Monte Carlo interval.
    static func verdictTable(_ result: RunResult) -> String {
        let intervals = !result.deterministic
        var rows: [[String]] = [intervals ? ["VERDICT", "estimate", "95% interval"] : ["VERDICT (one path)", "value"]]
        for entry in result.verdict {
            var row = [entry.label, format(entry.value, kind: entry.kind, id: entry.id)]
            if intervals {
                row.append("\(format(entry.ci95[0], kind: entry.kind, id: entry.id)) … \(format(entry.ci95[1], kind: entry.kind, id: entry.id))")
            }
            rows.append(row)
        }
        return table(rows, rightAligned: intervals ? [1, 2] : [1])
    }

    static func metricsTable(_ result: RunResult, title: String = "KEY METRICS") -> String {
        let inVerdict = Set(result.verdict.map(\.id))
        var rows: [[String]] = [[title, "mean", "± 1.96 s.e.", "p5", "p50", "p95"]]
        for id in result.metrics.keys.sorted(by: metricOrder) where !inVerdict.contains(id) {
            guard let m = result.metrics[id], !isPerYear(id) else { continue }
            if m.count == 0 { rows.append([id, "n/a", "", "", "", ""]); continue }
            rows.append([id, format(m.pooled ?? m.mean, kind: m.kind, id: id), format(1.959963984540054 * m.stderr, kind: m.kind, id: id, error: true),
                         format(m.p5, kind: m.kind, id: id), format(m.p50, kind: m.kind, id: id), format(m.p95, kind: m.kind, id: id)])
        }
        return table(rows, rightAligned: [1, 2, 3, 4, 5])
    }

    /// Per-year probabilities are in the verdict or the JSON; the key metrics table keeps one row per metric.
    static func isPerYear(_ id: String) -> Bool { id.contains(".default_by.") || id.contains(".cash_flow_positive_by.") }

    /// Buyers, then contracts, then providers; alphabetical inside.
    static func metricOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ id: String) -> Int { id.hasPrefix("buyer.") ? 0 : id.hasPrefix("contract.") ? 1 : 2 }
        return rank(a) != rank(b) ? rank(a) < rank(b) : a < b
    }

    // MARK: - Deterministic base case

    static func deterministic(_ sim: PathSimulator, result: RunResult) -> String {
        let model = sim.model
        let ledger = sim.ledger
        let ranges = model.yearRanges
        let header = ["$ billions"] + model.years.map(String.init)
        func sums(_ grid: MonthGrid, _ e: Int, sign: Double = 1) -> [String] { ranges.map { billions(sign * grid.sum(e, $0)) } }
        func ends(_ grid: MonthGrid, _ e: Int) -> [String] { ranges.map { billions(grid[e, $0.upperBound - 1]) } }
        var out: [String] = []
        out.append("\(result.scenario) — deterministic base case: every parameter at its median, no shocks, regime fixed.")
        out.append("Horizon \(result.horizon.start) … \(result.horizon.end). Flows are yearly sums; balances are at year end.")
        for (b, buyer) in model.scenario.buyers.enumerated() {
            out.append("")
            let defaulted = sim.summary.defaultMonth[b].map { "  — DEFAULTS in \(model.monthLabels[$0])" } ?? ""
            out.append("BUYER \(buyer.id)\(defaulted)")
            var rows = [header]
            rows.append(["revenue potential"] + sums(ledger.buyerRevenuePotential, b))
            rows.append(["revenue (served)"] + sums(ledger.buyerRevenue, b))
            rows.append(["− opex"] + sums(ledger.buyerOpex, b))
            rows.append(["− contract payments"] + sums(ledger.buyerContractPayments, b))
            rows.append(["− spot compute"] + sums(ledger.buyerSpotCost, b))
            rows.append(["+ established business"] + sums(ledger.buyerEstablishedCashFlow, b))
            rows.append(["+ sublet income"] + sums(ledger.buyerSubletIncome, b))
            rows.append(["= operating cash flow"] + sums(ledger.buyerOperatingCashFlow, b))
            rows.append(["+ funding"] + sums(ledger.buyerFunding, b))
            rows.append(["+ vendor financing"] + sums(ledger.buyerVendorFinancing, b))
            rows.append(["+ facility drawn"] + sums(ledger.buyerFacilityDraw, b))
            rows.append(["− facility repaid"] + sums(ledger.buyerFacilityRepayment, b))
            rows.append(["− facility interest"] + sums(ledger.buyerFacilityInterest, b))
            rows.append(["cash, year end"] + ends(ledger.buyerCash, b))
            rows.append(["facility, year end"] + ends(ledger.buyerFacilityBalance, b))
            rows.append(["idle commitment paid"] + sums(ledger.buyerUnusedCommitment, b))
            out.append(table(rows, rightAligned: Array(1..<header.count)))
        }
        for (p, provider) in model.scenario.providers.enumerated() where model.providerHasFinancials(p) {
            out.append("")
            out.append("PROVIDER \(provider.id)")
            var rows = [header]
            rows.append(["contract receipts"] + sums(ledger.providerReceipts, p))
            rows.append(["recoveries"] + sums(ledger.providerRecoveries, p))
            rows.append(["re-lease income"] + sums(ledger.providerReleaseIncome, p))
            rows.append(["base EBITDA"] + sums(ledger.providerBaseEBITDA, p))
            rows.append(["other AI customers EBITDA"] + sums(ledger.providerOtherEBITDA, p))
            rows.append(["− AI opex"] + sums(ledger.providerOpex, p))
            rows.append(["− rent"] + sums(ledger.providerRent, p))
            rows.append(["= EBITDA"] + sums(ledger.providerEBITDA, p))
            rows.append(["− capex (build)"] + sums(ledger.providerCapex, p))
            rows.append(["− capex (other customers)"] + sums(ledger.providerOtherCapex, p))
            rows.append(["− interest"] + sums(ledger.providerInterest, p))
            rows.append(["− debt repaid"] + sums(ledger.providerRepayment, p))
            rows.append(["− debt swept"] + sums(ledger.providerSweep, p))
            rows.append(["+ debt drawn"] + sums(ledger.providerDebtDraw, p))
            rows.append(["+ equity raised"] + sums(ledger.providerEquity, p))
            rows.append(["depreciation (AI build)"] + sums(ledger.providerDepreciation, p))
            rows.append(["cash, year end"] + ends(ledger.providerCash, p))
            rows.append(["debt, year end"] + ends(ledger.providerDebt, p))
            rows.append(["lease liability, year end"] + ends(ledger.providerLeaseLiability, p))
            rows.append(["leverage, year end (×)"] + ranges.map { multiple(ledger.providerLeverage[p, $0.upperBound - 1]) })
            rows.append(["adjusted leverage, year end (×)"] + ranges.map { multiple(ledger.providerAdjustedLeverage[p, $0.upperBound - 1]) })
            rows.append(["MW online, year end"] + ranges.map { count(ledger.providerMWOnline[p, $0.upperBound - 1]) })
            out.append(table(rows, rightAligned: Array(1..<header.count)))
        }
        out.append("")
        out.append("CONTRACT CHARGES ($ billions)")
        var rows = [header + ["total", "paid"]]
        for (c, contract) in model.scenario.contracts.enumerated() {
            rows.append([contract.id] + sums(ledger.contractCharge, c) + [billions(sim.summary.contractValue[c]), percent(sim.summary.contractPaid[c] / sim.summary.contractValue[c])])
        }
        out.append(table(rows, rightAligned: Array(1..<(header.count + 2))))
        out.append("")
        out.append(verdictTable(result))
        out.append("")
        out.append(metricsTable(result, title: "METRICS (one path)"))
        return out.joined(separator: "\n")
    }

    // MARK: - Formatting

    static func format(_ x: Double, kind: MetricKind, id: String, error: Bool = false) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞") }
        switch kind {
        case .probability: return percent(x)
        case .amount: return money(x)
        case .count: return count(x)
        case .ratio: return id.hasSuffix("leverage_max") || id.hasSuffix("supplier_hhi") ? String(format: "%.3f", x) : percent(x)
        }
    }

    static func percent(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        return String(format: abs(x) < 0.001 && x != 0 ? "%.3f%%" : "%.1f%%", x * 100).replacingOccurrences(of: "-", with: "−")
    }

    static func money(_ x: Double) -> String {
        let a = abs(x), sign = x < 0 ? "−" : ""
        switch a {
        case 1e12...: return "\(sign)$\(String(format: "%.2f", a / 1e12))T"
        case 1e9...: return "\(sign)$\(String(format: a >= 1e11 ? "%.0f" : a >= 1e10 ? "%.1f" : "%.2f", a / 1e9))B"
        case 1e6...: return "\(sign)$\(String(format: a >= 1e8 ? "%.0f" : "%.1f", a / 1e6))M"
        case 1e3...: return "\(sign)$\(String(format: "%.0f", a / 1e3))K"
        default: return "\(sign)$\(String(format: "%.0f", a))"
        }
    }

    static func billions(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let v = x / 1e9
        return abs(v) < 0.005 ? "0" : String(format: "%.2f", v).replacingOccurrences(of: "-", with: "−")
    }

    static func multiple(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "∞" }

    static func compact(_ x: Double) -> String {
        x >= 1e9 ? String(format: "%.2fG", x / 1e9) : x >= 1e6 ? String(format: "%.2fM", x / 1e6) : x >= 1e3 ? String(format: "%.1fk", x / 1e3) : String(format: "%.0f", x)
    }

    /// A count rounded to an integer with thousands separators. Any double: beyond ±9·10¹⁵ (where
    /// doubles stop being exact integers, and `Int(x)` would trap past 2⁶³) in scientific notation,
    /// ±∞ as "∞", NaN as "n/a".
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞") }
        let r = x.rounded()
        guard abs(r) < 9e15 else { return String(format: "%.3g", r).replacingOccurrences(of: "-", with: "−") }
        return grouped(Int(r))
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// Columns padded to their widest cell; the first row is the header.
    static func table(_ rows: [[String]], rightAligned: [Int]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let right = Set(rightAligned)
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return right.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}
