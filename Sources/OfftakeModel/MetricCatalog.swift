/// The stable metric ids of model.md ("Metrics"), and a check that an id names a metric of a scenario.
public enum MetricCatalog {
    /// Per-buyer metrics, `buyer.<b>.<name>`; names ending in `.` take a year (`default_by.2028`)
    /// or a provider id (`supplier_share.oracle`).
    public static let buyerMetrics = [
        "default", "default_by.", "cash_min", "funding_raised", "revenue_total", "revenue_lost", "compute_spend",
        "unused_commitment", "cash_flow_positive_by.", "npv", "supplier_share.", "supplier_hhi",
        "vendor_financing", "ipo", "fees_paid", "workout.facility_drawn", "workout.facility_peak", "workout.cancelled",
        "workout.cancelled_mw", "workout.deferred", "workout.deferred_amount", "workout.deferral_refused", "workout.sublet",
        "workout.sublet_income",
    ]
    public static let contractMetrics = [
        "value", "paid", "paid_fraction", "paid_in_full", "coverage", "utilization", "effective_savings_rate", "used_mw_months",
        "delivered_mw_months", "charges", "spot_equivalent_cost", "deferred", "deferred_repaid", "deferred_recovered",
        "deferred_written_off", "deferral_refused", "cancelled_mw", "options_exercised_mw", "options_lapsed_mw",
    ]
    public static let providerMetrics = [
        "npv", "leverage_max", "covenant_breach", "stranded_mw_months", "cash_min", "funding_gap", "customer_share.",
        "npv_with_residual", "residual_value", "adjusted_leverage_max", "equity_raised", "debt_end", "rating_breach", "downgrade_below_ig",
    ]
    /// Market quantities are monthly series (`market.demand`, `market.price`), not per-path metrics.
    public static let marketSeries = ["demand", "price"]
    /// Provider metrics that need the provider's balance sheet (`ProviderFinancials`).
    public static let balanceSheetMetrics = [
        "npv", "leverage_max", "covenant_breach", "stranded_mw_months", "cash_min", "funding_gap", "npv_with_residual", "residual_value",
        "adjusted_leverage_max", "equity_raised", "debt_end", "rating_breach", "downgrade_below_ig",
    ]

    /// Why `id` is not a metric of `scenario` (message and hint), or nil when it is one.
    public static func problem(with id: String, in scenario: Scenario) -> (message: String, hint: String?)? {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let scope = parts.first else { return ("empty metric id", nil) }
        let years = scenario.horizon.start.year...scenario.horizon.end.year
        func entityMetric(_ kind: String, ids: [String], names: [String], argument: (String, String) -> (String, String?)?) -> (String, String?)? {
            guard parts.count >= 3 else {
                return ("`\(id)` is incomplete", "write \(scope).<\(kind) id>.<metric>, e.g. \(scope).\(ids.first ?? "id").\(names[0])")
            }
            let entity = parts[1]
            guard ids.contains(entity) else {
                return ("no \(kind) `\(entity)` in this scenario", NameSuggestion.hint(for: entity, candidates: ids))
            }
            let name = parts[2]
            if names.contains(parts[2...].joined(separator: ".")) { return nil }
            if parts.count == 4, names.contains(name + ".") { return argument(name, parts[3]) }
            let written = parts[2...].joined(separator: ".")
            let shown = names.map { $0.hasSuffix(".") ? $0 + "…" : $0 }
            return ("unknown \(kind) metric `\(written)`", NameSuggestion.hint(for: written, candidates: shown))
        }
        func year(_ name: String, _ text: String) -> (String, String?)? {
            guard let y = Int(text), years.contains(y) else {
                return ("`\(name).\(text)`: expected a year of the horizon (\(years.lowerBound)…\(years.upperBound))", nil)
            }
            return nil
        }
        func entity(_ kind: String, _ ids: [String]) -> (String, String) -> (String, String?)? {
            return { name, text in
                ids.contains(text) ? nil : ("`\(name).\(text)`: no \(kind) `\(text)`", NameSuggestion.hint(for: text, candidates: ids))
            }
        }
        let buyerIDs = scenario.buyers.map(\.id), providerIDs = scenario.providers.map(\.id)
        switch scope {
        case "buyer":
            return entityMetric("buyer", ids: buyerIDs, names: buyerMetrics) { name, text in
                name == "supplier_share" ? entity("provider", providerIDs)(name, text) : year(name, text)
            }
        case "provider":
            if let problem = entityMetric("provider", ids: providerIDs, names: providerMetrics, argument: entity("buyer", buyerIDs)) { return problem }
            let provider = scenario.providers.first { $0.id == parts[1] }
            if balanceSheetMetrics.contains(parts[2]), provider?.financials == nil {
                return ("provider `\(parts[1])` has no balance sheet, so it has no `\(parts[2])`", "give the provider its financials (cash0, debt0, …)")
            }
            if parts[2] == "covenant_breach", provider?.financials?.leverageCovenant == nil {
                return ("provider `\(parts[1])` has no leverage covenant, so it has no `covenant_breach`", "set `leverage_covenant`")
            }
            return nil
        case "contract":
            return entityMetric("contract", ids: scenario.contracts.map(\.id), names: contractMetrics) { _, _ in nil }
        case "market":
            return ("`\(id)` is a monthly series, not a metric", "objectives and constraints use buyer., provider. and contract. metrics")
        default:
            return ("`\(id)` is not a metric id", "metric ids start with buyer., provider., contract. or market.")
        }
    }
}
