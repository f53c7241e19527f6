import Foundation
import OfftakeEngine
import OfftakeModel

/// Projected contract charges in the FinOps Open Cost and Usage Specification (FOCUS) 1.2, cost-and-usage
/// dataset (FOCUS 1.2 has no contract-commitment dataset; it arrives in 1.3).
///
/// Each contract is a usage commitment: the buyer commits to capacity (MW) and pays
/// `charge = price × max(take_or_pay × delivered MW, used MW)` a month. Per contract and month with a
/// charge, the rows are, as FOCUS writes a commitment paid monthly:
/// - **Purchase**, `ChargeFrequency = Recurring`: `BilledCost` = the charge, `EffectiveCost` = 0 (it is
///   spread over the usage rows), `PricingQuantity` Q = charge ÷ price MW-months committed.
/// - **Usage, CommitmentDiscountStatus = Used**: the U MW-months used, `BilledCost` 0, `EffectiveCost` =
///   `ContractedCost` = price × U, `ListCost` = spot price × U (the market price × the buyer's spot markup:
///   what the same compute costs without the contract).
/// - **Usage, CommitmentDiscountStatus = Unused** (when Q > U): the Q − U MW-months paid but idle,
///   `EffectiveCost` = price × (Q − U), `ListCost` 0.
///
/// So Σ BilledCost = Σ EffectiveCost = Σ charges; coverage, utilisation (Used ÷ (Used + Unused)), unused
/// commitment and the effective savings rate (1 − Σ EffectiveCost ÷ Σ ListCost of used capacity) follow
/// from the columns as FinOps tools compute them. Charges are billed amounts: deferrals, defaults and
/// recoveries change what is paid, not what is billed, and are not rows. Amounts in USD.
///
/// Extension columns (`x_`): `x_Projection` (`base` = the deterministic base case, `p5`/`p50`/`p95` = the
/// simulated path at that percentile of total contract charges), `x_PathIndex`, `x_Scenario`,
/// `x_DeliveredMW`, `x_ContractKind`.
public enum FocusExport {
    public static let version = "1.2"
    public static let fileName = "focus-cost-and-usage.csv"
    /// Paths simulated to find the percentile paths, and the percentiles exported, when not asked for.
    public static let defaultPaths = 1_000
    public static let defaultPercentiles = [0.05, 0.5, 0.95]

    public static let columns = [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
        "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountQuantity",
        "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
        "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingCurrency",
        "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingQuantity",
        "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter",
        "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType",
        "x_Projection", "x_PathIndex", "x_Scenario", "x_DeliveredMW", "x_ContractKind",
    ]

    /// A projection: which path, under which name.
    public struct Projection: Sendable, Equatable {
        /// `base`, `p5`, `p50`…
        public var name: String
        /// The simulated path, nil for the deterministic base case.
        public var path: Int?
    }

    /// The base case and, for each percentile q (0 < q < 1), the path whose total contract charges is
    /// the q-quantile of `paths` simulated paths (nearest rank: the ⌈q·n⌉-th smallest; ties by path index).
    public static func projections(model: SimulationModel, seed: UInt64, paths: Int, percentiles: [Double]) -> [Projection] {
        var result = [Projection(name: "base", path: nil)]
        guard paths > 0, !percentiles.isEmpty else { return result }
        var sim = PathSimulator(model: model)
        var totals: [(total: Double, path: Int)] = []
        totals.reserveCapacity(paths)
        for p in 0..<paths {
            sim.simulate(seed: seed, path: UInt64(p))
            totals.append((sim.ledger.contracts[.charge].values.reduce(0, +), p))
        }
        totals.sort { $0.total != $1.total ? $0.total < $1.total : $0.path < $1.path }
        for q in percentiles {
            let rank = max(1, min(paths, Int((q * Double(paths)).rounded(.up))))
            result.append(Projection(name: "p" + percentName(q), path: totals[rank - 1].path))
        }
        return result
    }

    /// `0.05` → `5`, `0.5` → `50`, `0.025` → `2.5`.
    static func percentName(_ q: Double) -> String {
        let v = q * 100
        return v == v.rounded() ? String(Int(v)) : String(format: "%g", v)
    }

    /// The FOCUS rows of one simulated path (`sim` has just run it).
    public static func rows(_ sim: PathSimulator, projection: Projection) -> [[String]] {
        let model = sim.model, ledger = sim.ledger, scenario = model.scenario
        let slots = model.sampler.index
        var rows: [[String]] = []
        for (c, contract) in scenario.contracts.enumerated() {
            let markup = slots["buyers.\(contract.buyer).spot.markup"].map { sim.values[$0] } ?? 1
            let kind = contract.hardware == nil ? "capacity" : "hardware"
            for t in 0..<model.months {
                let charge = ledger.contracts[.charge][c, t], price = ledger.contracts[.price][c, t]
                guard charge > 0, price > 0 else { continue }
                let used = ledger.contracts[.usedMW][c, t], delivered = ledger.contracts[.deliveredMW][c, t]
                let committed = charge / price
                let spot = sim.market.price[t] * markup
                let start = timestamp(model.monthLabels[t]), end = timestamp(nextMonth(model.monthLabels[t]))
                func row(category: String, frequency: String, description: String, status: String, quantity: Double, billed: Double,
                         effective: Double, list: Double, consumed: Bool) -> [String] {
                    let values: [String: String] = [
                        "BilledCost": decimal(billed), "BillingAccountId": contract.buyer, "BillingAccountName": contract.buyer,
                        "BillingAccountType": "Customer", "BillingCurrency": "USD", "BillingPeriodEnd": end, "BillingPeriodStart": start,
                        "ChargeCategory": category, "ChargeClass": "", "ChargeDescription": description, "ChargeFrequency": frequency,
                        "ChargePeriodEnd": end, "ChargePeriodStart": start, "CommitmentDiscountCategory": "Usage",
                        "CommitmentDiscountId": contract.id, "CommitmentDiscountName": contract.id, "CommitmentDiscountQuantity": decimal(quantity),
                        "CommitmentDiscountStatus": status, "CommitmentDiscountType": "Take-or-pay capacity contract",
                        "CommitmentDiscountUnit": "MW-Months", "ConsumedQuantity": consumed ? decimal(quantity) : "",
                        "ConsumedUnit": consumed ? "MW-Months" : "", "ContractedCost": decimal(price * quantity),
                        "ContractedUnitPrice": decimal(price), "EffectiveCost": decimal(effective), "InvoiceIssuerName": contract.provider,
                        "ListCost": decimal(list), "ListUnitPrice": decimal(spot), "PricingCategory": "Committed", "PricingCurrency": "USD",
                        "PricingCurrencyContractedUnitPrice": decimal(price), "PricingCurrencyEffectiveCost": decimal(effective),
                        "PricingCurrencyListUnitPrice": decimal(spot), "PricingQuantity": decimal(quantity), "PricingUnit": "MW-Months",
                        "ProviderName": contract.provider, "PublisherName": contract.provider, "ServiceCategory": "Compute",
                        "ServiceName": contract.hardware == nil ? "AI compute capacity" : "AI accelerators, bought and hosted",
                        "ServiceSubcategory": "Other (Compute)", "SkuId": "\(contract.id)-capacity", "SkuMeter": "Capacity",
                        "SkuPriceDetails": "{\"ContractKind\": \"\(kind)\"}", "SkuPriceId": "\(contract.id)-price",
                        "SubAccountId": contract.id, "SubAccountName": contract.id, "SubAccountType": "Contract",
                        "x_Projection": projection.name, "x_PathIndex": projection.path.map(String.init) ?? "",
                        "x_Scenario": scenario.name, "x_DeliveredMW": decimal(delivered), "x_ContractKind": kind,
                    ]
                    return columns.map { values[$0] ?? "" }
                }
                rows.append(row(category: "Purchase", frequency: "Recurring", description: "Monthly take-or-pay charge", status: "",
                                quantity: committed, billed: charge, effective: 0, list: spot * committed, consumed: false))
                let usedQuantity = min(used, committed)
                if usedQuantity > 0 {
                    rows.append(row(category: "Usage", frequency: "Usage-Based", description: "Committed capacity used", status: "Used",
                                    quantity: usedQuantity, billed: 0, effective: price * usedQuantity, list: spot * usedQuantity, consumed: true))
                }
                let unused = committed - usedQuantity
                if unused > 1e-9 * committed {
                    rows.append(row(category: "Usage", frequency: "Usage-Based", description: "Committed capacity unused", status: "Unused",
                                    quantity: unused, billed: 0, effective: price * unused, list: 0, consumed: false))
                }
            }
        }
        return rows
    }

    /// The rows of every projection, in `columns` order.
    public static func dataset(model: SimulationModel, seed: UInt64, projections: [Projection]) -> [[String]] {
        var sim = PathSimulator(model: model)
        var rows: [[String]] = []
        for projection in projections {
            if let path = projection.path { sim.simulate(seed: seed, path: UInt64(path)) } else { sim.simulate(seed: seed, path: 0, deterministic: true) }
            rows += self.rows(sim, projection: projection)
        }
        return rows
    }

    /// The dataset as RFC 4180 CSV with its header.
    public static func csv(_ rows: [[String]]) -> String { CSVExport.document([columns] + rows) }

    /// `2027-01` → `2027-01-01T00:00:00Z` (FOCUS date-times are ISO 8601 in UTC).
    static func timestamp(_ month: String) -> String { "\(month)-01T00:00:00Z" }

    static func nextMonth(_ label: String) -> String {
        guard let m = Month(parsing: label) else { return label }
        return m.advanced(by: 1).description
    }

    /// A decimal without exponent (FOCUS NumericFormat): up to six decimals, trailing zeros dropped
    /// but one kept (`1366000.0`), so every column reads as a decimal.
    static func decimal(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        var text = String(format: "%.6f", x)
        while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
        return text == "-0.0" ? "0.0" : text
    }
}
