import OfftakeRandom

/// A rule that flags a valid scenario which is probably not what its author meant: a key that is read
/// but has no effect, or a combination a credit analyst would question. A warning never stops a run
/// (`--strict` makes it an error).
///
/// Each rule is one value: its id, its message (the same for every entity it flags; the warning's path
/// says which) and its line in docs/scenario-format.md (a test compares the list with ``ScenarioWarnings/rules``).
public struct ScenarioWarningRule: Sendable {
    public let id: String
    /// What is wrong, in one sentence, as printed after the flagged key's path.
    public let message: String
    /// The rule's line in the docs' list of warnings (without the leading `- `).
    public let doc: String
    /// Whether the flagged key has no effect (an override that sets it is itself worth a warning).
    public let isIneffective: Bool
    /// The paths this rule flags in a scenario.
    let paths: @Sendable (Scenario) -> [String]

    /// The warnings of this rule in `scenario`, unlocated.
    public func warnings(in scenario: Scenario) -> [ScenarioIssue] {
        paths(scenario).map { ScenarioIssue(path: $0, message: message) }
    }
}

/// The warning rules, and the warnings of overrides (`--set`, a stress's `set:`).
public enum ScenarioWarnings {
    /// Every rule, in the order the docs list them.
    public static let rules: [ScenarioWarningRule] = [
        ScenarioWarningRule(
            id: "debt-fraction-with-financing",
            message: "has no effect: with `financing:`, capex is paid from cash above `min_cash`, then `equity_share` new equity and new debt for the rest",
            doc: "`debt-fraction-with-financing`: a provider's `debt_fraction` beside `financing:` (only read without `financing:`).",
            isIneffective: true,
            paths: { scenario in
                providers(scenario) { $1.financing != nil && $1.debtFraction != .constant(0) ? "debt_fraction" : nil }
            }),
        ScenarioWarningRule(
            id: "amortization-without-debt",
            message: "has no effect: the provider never has debt to repay (`debt0` is 0 and no capex is borrowed)",
            doc: "`amortization-without-debt`: a provider's `amortization_years` when it never borrows (`debt0` 0, `debt_fraction` 0, no `financing:`).",
            isIneffective: true,
            paths: { scenario in providers(scenario) { neverBorrows($1) && $1.amortizationYears != nil ? "amortization_years" : nil } }),
        ScenarioWarningRule(
            id: "sweep-without-debt",
            message: "has no effect: the provider never has debt for the sweep to repay (`debt0` is 0 and no capex is borrowed)",
            doc: "`sweep-without-debt`: a provider's `sweep:` when it never borrows.",
            isIneffective: true,
            paths: { scenario in providers(scenario) { neverBorrows($1) && $1.sweep != nil ? "sweep" : nil } }),
        ScenarioWarningRule(
            id: "covenant-without-debt",
            message: "has no effect: with no debt, leverage never exceeds the covenant (`debt0` is 0 and no capex is borrowed)",
            doc: "`covenant-without-debt`: a provider's `leverage_covenant` when it never borrows.",
            isIneffective: true,
            paths: { scenario in providers(scenario) { neverBorrows($1) && $1.leverageCovenant != nil ? "leverage_covenant" : nil } }),
        ScenarioWarningRule(
            id: "growth-without-capex",
            message: "the existing business grows without capex: nothing spends on the capacity `base_growth` adds (no `other_customers.capex_share`)",
            doc: "`growth-without-capex`: a provider whose existing business grows (`base_growth` median above 0) while no capex is spent outside the file's contracts (no `other_customers:`, or its `capex_share` is 0): EBITDA grows for free, which flatters cover and leverage.",
            isIneffective: false,
            paths: { scenario in
                providers(scenario) { _, f in
                    f.baseGrowth.median > 0 && (f.otherCustomers.map { $0.capexShare == .constant(0) } ?? true) ? "base_growth" : nil
                }
            }),
        ScenarioWarningRule(
            id: "wacc-below-interest",
            message: "the build's discount rate is below the provider's cost of debt (medians of `wacc` and `interest_rate`)",
            doc: "`wacc-below-interest`: a provider whose `wacc` median is below its `interest_rate` median: equity is dearer than debt, so a cost of capital below the cost of debt overstates the build's NPV.",
            isIneffective: false,
            paths: { scenario in providers(scenario) { $1.wacc.median < $1.interestRate.median ? "wacc" : nil } }),
        ScenarioWarningRule(
            id: "binary-round-keys-with-valuation",
            message: "has no effect: with `funding.valuation`, a policy round is sized by need and price and may be tried every month",
            doc: "`binary-round-keys-with-valuation`: a buyer's `round_size`, `round_revenue_multiple`, `cooldown_months` or `growth_sensitivity` beside `funding.valuation` (read only by rounds that raise a fixed amount or nothing).",
            isIneffective: true,
            paths: { scenario in
                buyers(scenario) { b in
                    let f = b.funding
                    guard f.valuation != nil else { return [] }
                    return [("funding.round_size", f.roundSize != .constant(0)), ("funding.round_revenue_multiple", f.roundRevenueMultiple != nil),
                            ("funding.cooldown_months", f.cooldownMonths != Funding().cooldownMonths),
                            ("funding.growth_sensitivity", f.growthSensitivity != .constant(0))].filter(\.1).map(\.0)
                }
            }),
        ScenarioWarningRule(
            id: "terminal-multiple-with-valuation",
            message: "has no effect: with `funding.valuation`, the NPV's terminal value is the enterprise value at the horizon",
            doc: "`terminal-multiple-with-valuation`: a buyer's `terminal_multiple` beside `funding.valuation`.",
            isIneffective: true,
            paths: { scenario in
                buyers(scenario) { $0.funding.valuation != nil && $0.terminalMultiple != .constant(0) ? ["terminal_multiple"] : [] }
            }),
    ]

    /// Every rule's warnings in `scenario`, unlocated, in rule order then entity order.
    public static func check(_ scenario: Scenario) -> [ScenarioIssue] {
        rules.flatMap { $0.warnings(in: scenario) }
    }

    /// The warnings of overrides given together (`origin`: `--set`, or a stress's `set:`): a path set
    /// more than once, and a path whose key has no effect in `result`, the scenario they make. Each is
    /// at the override's own path (`providers.ID.KEY`).
    public static func check(overrides: [Override], origin: String, result: Scenario) -> [ScenarioIssue] {
        var warnings: [ScenarioIssue] = []
        var seen: [String] = []
        for (i, override) in overrides.enumerated() where !seen.contains(override.path) {
            seen.append(override.path)
            let later = overrides[(i + 1)...].filter { $0.path == override.path }
            if let last = later.last {
                warnings.append(ScenarioIssue(path: override.path, message: repeatedMessage(origin: origin, times: later.count + 1, last: last.value)))
            }
        }
        let ineffective = rules.filter(\.isIneffective).flatMap { $0.warnings(in: result) }
        for path in seen {
            let written = written(path, in: result)
            for issue in ineffective where issue.path == written {
                warnings.append(ScenarioIssue(path: path, message: "the value given with \(origin) " + issue.message))
            }
        }
        return warnings
    }

    /// An override's path (`providers.ID.KEY`) as the file writes it (`providers[i].KEY`), as the
    /// validator and the warnings name fields.
    public static func written(_ path: String, in scenario: Scenario) -> String {
        let parts = path.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return path }
        let ids: [String]
        switch parts[0] {
        case "providers": ids = scenario.providers.map(\.id)
        case "buyers": ids = scenario.buyers.map(\.id)
        case "contracts": ids = scenario.contracts.map(\.id)
        case "accelerators": ids = scenario.accelerators.map(\.id)
        default: return path
        }
        guard let i = ids.firstIndex(of: parts[1]) else { return path }
        return "\(parts[0])[\(i)].\(parts[2])"
    }

    /// The message of a path set `times` times by `origin`.
    public static func repeatedMessage(origin: String, times: Int, last: String) -> String {
        "set \(times) times by \(origin); only the last value, \(last), is used"
    }

    /// `providers[i].KEY` for each provider with financials for which `key` returns a key.
    static func providers(_ scenario: Scenario, _ key: (Provider, ProviderFinancials) -> String?) -> [String] {
        scenario.providers.enumerated().compactMap { i, provider in
            provider.financials.flatMap { key(provider, $0) }.map { "providers[\(i)].\($0)" }
        }
    }

    /// `buyers[i].KEY` for each key `keys` returns for buyer i.
    static func buyers(_ scenario: Scenario, _ keys: (Buyer) -> [String]) -> [String] {
        scenario.buyers.enumerated().flatMap { i, buyer in keys(buyer).map { "buyers[\(i)].\($0)" } }
    }

    /// A provider that starts without debt and never draws any.
    static func neverBorrows(_ f: ProviderFinancials) -> Bool {
        f.debt0 == .constant(0) && f.financing == nil && f.debtFraction == .constant(0)
    }
}
