import OfftakeModel

/// A commented YAML skeleton of a scenario for one deal shape, from which a person writes a scenario of
/// their own (`offtake new`). Every number is a placeholder marked for replacement with a cited value;
/// each block is explained in a line, in the words of its field table (ScenarioFields.swift), so the
/// skeleton and the docs' field reference say the same thing.
///
/// ```swift
/// let text = ScenarioScaffold(buyer: .established, provider: .neocloud, contract: .capacity, name: "my-deal").text
/// ```
///
/// Every shape validates and runs as written. The provider's other business is written as its other
/// AI customers (`other_customers`, with the capex they need and the `financing` that pays for it), not
/// as `base_ebitda`: a flat EBITDA that no market regime touches and that needs no capex piles up cash,
/// so no stress can move the provider's verdict lines.
public struct ScenarioScaffold: Sendable, Hashable {
    /// Who pays for the capacity.
    public enum BuyerShape: String, CaseIterable, Sendable {
        /// An AI lab: burns cash, lives on funding rounds.
        case lab
        /// A company whose established business pays the bill from its cash flow.
        case established
    }

    /// Who sells it.
    public enum ProviderShape: String, CaseIterable, Sendable {
        /// A rated company: an existing business, a rating agency's leverage test.
        case rated
        /// A GPU cloud financed with debt: a lender's leverage covenant, leased halls.
        case neocloud
        /// A project company for one site: no other business, lenders' tests, leased halls.
        case spv
    }

    /// What the contract sells.
    public enum ContractShape: String, CaseIterable, Sendable {
        /// Capacity in the provider's data centres, paid per month.
        case capacity
        /// Chips the buyer buys from a vendor, hosted by the provider.
        case hardware
    }

    public var buyer: BuyerShape
    public var provider: ProviderShape
    public var contract: ContractShape
    /// The scenario's `name` (an id).
    public var name: String

    /// The comment every placeholder number carries.
    public static let placeholder = "PLACEHOLDER: replace with a cited value (source, date)"

    /// The ids the skeleton gives its entities; the stresses' paths use them.
    static let buyerID = "buyer", providerID = "provider", vendorID = "chip-vendor", contractID = "deal", acceleratorID = "gpu"

    public init(buyer: BuyerShape, provider: ProviderShape, contract: ContractShape, name: String) {
        self.buyer = buyer
        self.provider = provider
        self.contract = contract
        self.name = name
    }

    /// Every shape, in the order of the options.
    public static var allShapes: [ScenarioScaffold] {
        BuyerShape.allCases.flatMap { b in
            ProviderShape.allCases.flatMap { p in ContractShape.allCases.map { c in ScenarioScaffold(buyer: b, provider: p, contract: c, name: "my-deal") } }
        }
    }

    /// The scenario's YAML text.
    public var text: String {
        var w = Writer()
        w.comment("\(name) — buyer: \(buyer.rawValue), provider: \(provider.rawValue), contract: \(contract.rawValue) (offtake new).")
        w.comment("Replace every PLACEHOLDER with a cited value: `# publication, date` or `# assumption: why`. The comment next to a")
        w.comment("value becomes its row in the report's assumptions table. Check: offtake validate FILE; offtake run FILE --deterministic.")
        w.blank()
        w.plain(Scenario.fields, "name", name)
        w.plain(Scenario.fields, "title", "\"\(buyer.title) buys \(contract.title) from \(provider.title)\"")
        w.block(Scenario.fields, "horizon") { w in
            w.plain(Horizon.fields, "start", "2026-01")
            w.plain(Horizon.fields, "end", "2031-12")
        }
        w.block(Scenario.fields, "run") { w in
            w.plain(RunSettings.fields, "paths", "10000", note: "probabilities to about ±1 point")
            w.plain(RunSettings.fields, "seed", "42")
        }
        w.blank()
        market(&w)
        w.blank()
        w.list(Scenario.fields, "accelerators") { w in
            w.item(Accelerator.fields, "id", Self.acceleratorID) { w in
                w.plain(Accelerator.fields, "workloads", "[training, inference]")
                w.value(Accelerator.fields, "capex_per_mw", "30M")
                w.value(Accelerator.fields, "life_months", "72")
            }
        }
        w.blank()
        w.list(Scenario.fields, "buyers") { buyerBlock(&$0) }
        w.blank()
        w.list(Scenario.fields, "providers") { providerBlock(&$0) }
        w.blank()
        w.list(Scenario.fields, "contracts") { contractBlock(&$0) }
        w.blank()
        stresses(&w)
        return w.lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Blocks

    private func market(_ w: inout Writer) {
        w.block(Scenario.fields, "market") { w in
            w.block(Market.fields, "regimes") { w in
                w.comment("Two regimes: the stresses force `bust`; a regime's settings move the buyer's revenue, its funding and the spread.")
                w.plain(RegimeModel.fields, "initial", "steady")
                w.plainBlock(RegimeModel.fields, "transitions", note: "monthly chances of moving; each row sums to 1") { w in
                    w.value(RegimeModel.fields, "steady", "{steady: 0.98, bust: 0.02}", key: "steady")
                    w.value(RegimeModel.fields, "bust", "{steady: 0.05, bust: 0.95}", key: "bust")
                }
                for (regime, values) in [("steady", ["2%/yr", "20%", "70%", "0%"]), ("bust", ["-30%/yr", "35%", "20%", "2%"])] {
                    w.entry(regime) { w in
                        w.value(Regime.fields, "demand_drift", values[0])
                        w.value(Regime.fields, "demand_vol", values[1])
                        w.value(Regime.fields, "funding_success", values[2])
                        w.value(Regime.fields, "credit_spread", values[3])
                    }
                }
            }
            w.block(Market.fields, "compute_price") { w in
                w.value(ComputePrice.fields, "initial", "1.2M")
                w.value(ComputePrice.fields, "decline", "20%/yr")
                w.value(ComputePrice.fields, "demand_elasticity", "0.5")
            }
        }
    }

    private func buyerBlock(_ w: inout Writer) {
        w.item(Buyer.fields, "id", Self.buyerID) { w in
            w.plain(Buyer.fields, "name", "\"\(buyer.title)\"")
            let lab = buyer == .lab
            w.comment(lab ? "An AI lab: revenue grows fast from a small base, costs run ahead of it, funding rounds close the gap."
                          : "A company whose established business pays the bill: its AI revenue is the part the contract's capacity serves.")
            w.value(Buyer.fields, "cash0", lab ? "10B" : "50B")
            w.value(Buyer.fields, "revenue0", lab ? "1B/mo" : "500M/mo")
            w.block(Buyer.fields, "growth") { w in
                w.value(RevenueGrowth.fields, "initial", lab ? "60%" : "20%")
                if lab {
                    w.value(RevenueGrowth.fields, "long_run", "20%")
                    w.value(RevenueGrowth.fields, "half_life_months", "24")
                }
            }
            w.block(Buyer.fields, "revenue_per_mw") { w in
                w.value(RevenuePerMW.fields, "initial", "2M")
                if lab { w.value(RevenuePerMW.fields, "trend", "-8%/yr") }
            }
            if lab {
                w.block(Buyer.fields, "training_mw") { w in w.value(Buyer.fields, "training_mw", "200", key: "2026") }
                w.block(Buyer.fields, "opex") { w in
                    w.value(OperatingCosts.fields, "fixed", "300M")
                    w.value(OperatingCosts.fields, "revenue_share", "20%")
                }
                w.block(Buyer.fields, "funding") { w in
                    w.value(Funding.fields, "raise_below_runway_months", "12")
                    w.value(Funding.fields, "round_size", "5B")
                    w.value(Funding.fields, "cooldown_months", "6")
                }
                w.block(Buyer.fields, "workout") { w in
                    w.value(Workout.fields, "min_cash", "500M")
                    w.block(Workout.fields, "sublet") { w in w.value(Sublet.fields, "discount", "70%") }
                    w.block(Workout.fields, "restructuring") { w in
                        w.value(Restructuring.fields, "forward_months", "12")
                        w.value(Restructuring.fields, "max_price_cut", "20%")
                    }
                }
            } else {
                w.block(Buyer.fields, "established") { w in
                    w.value(EstablishedBusiness.fields, "revenue0", "10B/mo")
                    w.value(EstablishedBusiness.fields, "growth", "10%/yr")
                    w.value(EstablishedBusiness.fields, "cash_margin", "30%")
                }
            }
            w.value(Buyer.fields, "discount_rate", lab ? "15%" : "10%")
        }
    }

    private func providerBlock(_ w: inout Writer) {
        w.item(Provider.fields, "id", Self.providerID) { w in
            w.plain(Provider.fields, "name", "\"\(provider.title)\"")
            let f = ProviderFinancials.fields
            w.comment(provider.by(
                "base_ebitda: only a business AI demand does not move and that needs no new halls; other AI customers go in other_customers.",
                "No business beyond AI capacity: base_ebitda is 0; every other customer is in other_customers below.",
                "A project company for one site: no other business (base_ebitda 0), chips bought with a loan and equity."))
            // The provider's own numbers by shape (rated, neocloud, spv); nil: the key is left out.
            let rows: [(key: String, values: [String?])] = [
                ("cash0", ["10B", "2B", "300M"]), ("debt0", ["50B", "8B", "0"]), ("base_ebitda", ["2B/mo", "0", "0"]),
                ("base_growth", ["5%", nil, nil]), ("interest_rate", ["5.5%", "9%", "6.5%"]), ("leverage_covenant", [nil, "4x", nil]),
                ("wacc", ["9%", "12%", "12%"]), ("facility_capex_per_mw", ["15M", "20M", "12M"]), ("build_months", ["18", "6", "12"]),
                ("amortization_years", [nil, "4", "5"]),
            ]
            for row in rows {
                if let value = provider.by(row.values[0], row.values[1], row.values[2]) { w.value(f, row.key, value) }
            }
            w.value(f, "opex_per_mw_month", "350K")
            w.block(f, "financing") { w in
                w.value(FinancingMix.fields, "equity_share", provider.by("50%", "20%", "30%"))
                w.value(FinancingMix.fields, "min_cash", provider.by("5B", "1B", "300M"))
            }
            if provider != .rated {
                w.block(f, "leases") { w in
                    w.value(Leases.fields, "share", "100%")
                    w.value(Leases.fields, "rent_per_mw_month", "170K")
                    w.value(Leases.fields, "term_months", provider == .spv ? "180" : "120")
                }
            }
            if provider != .spv {
                w.comment("Revenue from its other AI customers moves with AI demand (demand_beta), earns a margin and needs capex")
                w.comment("(capex_share of it each month, paid as `financing` says): this is what the stresses bite on.")
                w.block(f, "other_customers") { w in
                    w.value(OtherCustomers.fields, "revenue0", provider == .rated ? "1B/mo" : "400M/mo")
                    w.value(OtherCustomers.fields, "growth", "30%")
                    w.value(OtherCustomers.fields, "demand_beta", "1")
                    w.value(OtherCustomers.fields, "margin", provider == .rated ? "35%" : "60%")
                    w.value(OtherCustomers.fields, "capex_share", provider == .rated ? "80%" : "150%")
                }
            }
            if provider != .neocloud {
                w.block(f, "rating") { w in
                    if provider == .spv { w.plain(RatingPolicy.fields, "rated", "false", note: "a project company: its lenders' test, not a rating") }
                    if provider == .spv { w.plain(RatingPolicy.fields, "grace_until", "2026-12", note: "no test before the site earns") }
                    w.value(RatingPolicy.fields, "threshold", provider == .spv ? "3x" : "4x")
                    w.value(RatingPolicy.fields, "downgrade_threshold", provider == .spv ? "4x" : "5x")
                }
            }
            w.block(f, "release") { w in
                w.value(Release.fields, "hazard", "5%")
                w.value(Release.fields, "discount", "80%")
            }
        }
        if contract == .hardware {
            w.item(Provider.fields, "id", Self.vendorID, note: "the chip vendor: a counterparty without a balance sheet") { _ in }
        }
    }

    private func contractBlock(_ w: inout Writer) {
        w.item(Contract.fields, "id", Self.contractID) { w in
            let f = Contract.fields
            w.plain(f, "buyer", Self.buyerID)
            w.plain(f, "provider", contract == .hardware ? Self.vendorID : Self.providerID)
            w.plain(f, "accelerator", Self.acceleratorID)
            if contract == .hardware {
                w.plain(f, "kind", "hardware")
                w.value(f, "chip_price_per_mw", "30M")
                w.block(f, "hardware") { w in
                    w.plain(HardwareTerms.fields, "host", Self.providerID)
                    w.value(HardwareTerms.fields, "hosting_price_per_mw_month", "550K")
                    w.value(HardwareTerms.fields, "financing_months", "36")
                    w.value(HardwareTerms.fields, "financing_rate", "8%")
                    w.value(HardwareTerms.fields, "collateral_haircut", "50%")
                }
            }
            w.list(f, "tranches") { w in
                w.value(f, "tranches", "{start: 2026-07, mw: 200}", key: "-", separator: " ", note: "a firm tranche: its start and MW")
                w.value(f, "tranches", "{start: 2027-07, mw: 200, option: {decision_lead_months: 12, demand_margin: 10%}}", key: "-", separator: " ",
                        note: "an option the buyer takes if demand shows")
            }
            w.plain(f, "end", "2030-12")
            if contract == .capacity { w.value(f, "total_value", "10B") }
            w.value(f, "take_or_pay", "100%")
            w.value(f, "recovery_rate", "30%")
            w.value(f, "recovery_lag_months", "18")
            w.value(f, "delivery_delay", "\"discrete(values=[0, 6], weights=[0.7, 0.3])\"")
        }
    }

    /// The stresses that move this shape's verdict lines (docs/your-own-deal.md has the table).
    private func stresses(_ w: inout Writer) {
        let p = Self.providerID, b = Self.buyerID, c = Self.contractID
        w.block(Scenario.fields, "stresses") { w in
            w.comment("Each runs on the base's random numbers: offtake stress FILE. Set its values from a cited event, or say `assumption:`.")
            w.entry("demand_bust", note: "moves default, paid in full, NPV and leverage") { w in
                w.plain(Stress.fields, "description", "\"AI demand falls: the market is forced into bust for two years\"")
                w.plain(Stress.fields, "force_regime", "{regime: bust, from: 2028-01, to: 2029-12}")
            }
            w.entry("price_collapse", note: "moves NPV with residual value and re-leasing") { w in
                w.plain(Stress.fields, "description", "\"GPU rental prices fall faster\"")
                w.block(Stress.fields, "set") { w in w.value(Stress.fields, "set", "36%", key: "market.compute_price.decline", note: "") }
            }
            switch buyer {
            case .lab:
                w.entry("funding_freeze", note: "moves the buyer's default and paid in full") { w in
                    w.plain(Stress.fields, "description", "\"no funding round succeeds in any regime\"")
                    w.block(Stress.fields, "set") { w in
                        w.value(Stress.fields, "set", "0%", key: "market.regimes.steady.funding_success", note: "")
                        w.value(Stress.fields, "set", "0%", key: "market.regimes.bust.funding_success", note: "")
                    }
                }
            case .established:
                w.entry("core_business_slump", note: "moves the buyer's default and paid in full") { w in
                    w.plain(Stress.fields, "description", "\"the buyer's established business shrinks\"")
                    w.block(Stress.fields, "set") { w in w.value(Stress.fields, "set", "-10%/yr", key: "buyers.\(b).established.growth", note: "") }
                }
            }
            w.entry("rate_shock", note: "moves the provider's leverage lines and NPV") { w in
                w.plain(Stress.fields, "description", "\"the provider borrows at a higher rate\"")
                w.block(Stress.fields, "set") { w in w.value(Stress.fields, "set", provider == .neocloud ? "13%" : "9%", key: "providers.\(p).interest_rate", note: "") }
            }
            switch provider {
            case .rated, .neocloud:
                w.entry("other_customers_slowdown", note: "moves the provider's leverage lines") { w in
                    w.plain(Stress.fields, "description", "\"the provider's other AI customers stop growing\"")
                    w.block(Stress.fields, "set") { w in w.value(Stress.fields, "set", "0%", key: "providers.\(p).other_customers.growth", note: "") }
                }
            case .spv:
                w.entry("late_site", note: "moves paid in full and the project's tests") { w in
                    w.plain(Stress.fields, "description", "\"the site is a year late\"")
                    w.block(Stress.fields, "set") { w in w.value(Stress.fields, "set", "12", key: "contracts.\(c).delivery_delay", note: "") }
                }
            }
        }
    }
}

extension ScenarioScaffold.BuyerShape {
    var title: String { self == .lab ? "An AI lab" : "An established company" }
}

extension ScenarioScaffold.ProviderShape {
    /// The value for this shape.
    func by<T>(_ rated: T, _ neocloud: T, _ spv: T) -> T {
        switch self {
        case .rated: rated
        case .neocloud: neocloud
        case .spv: spv
        }
    }

    var title: String { by("a rated provider", "a GPU cloud", "a project company") }
}

extension ScenarioScaffold.ContractShape {
    var title: String { self == .capacity ? "capacity" : "chips hosted" }
}

/// Lines of YAML with their comments, indented by the blocks they sit in.
private struct Writer {
    var lines: [String] = []
    var indent = 0
    /// The column trailing comments start at.
    static let commentColumn = 44

    var pad: String { String(repeating: " ", count: indent) }

    mutating func blank() { lines.append("") }
    mutating func comment(_ text: String) { lines.append(pad + "# " + text) }

    private mutating func line(_ code: String, _ comment: String?) {
        let text = pad + code
        guard let comment else { lines.append(text); return }
        let gap = max(2, Self.commentColumn - text.count)
        lines.append(text + String(repeating: " ", count: gap) + "# " + comment)
    }

    /// The meaning of `key` in its field table (empty for a key the table does not have: ScenarioScaffoldTests
    /// pins every key of every skeleton to the tables).
    static func meaning<R>(_ table: FieldTable<R>, _ key: String) -> String { table[key]?.meaning ?? "" }

    /// A number to replace: `key: value   # PLACEHOLDER …; meaning`. `key` is the written key when it
    /// is not the field's own (a regime's row, a schedule's date, a stress's path).
    mutating func value<R>(_ table: FieldTable<R>, _ field: String, _ value: String, key: String? = nil, separator: String = ": ", note: String? = nil) {
        let meaning = note ?? Self.meaning(table, field)
        line((key ?? field) + separator + value, ScenarioScaffold.placeholder + (meaning.isEmpty ? "" : "; " + meaning))
    }

    /// A value that is not a number to cite: an id, a month, a text.
    mutating func plain<R>(_ table: FieldTable<R>, _ key: String, _ value: String, note: String? = nil) {
        line(key + ": " + value, note)
    }

    /// A mapping under `key`, its meaning in a line above it.
    mutating func block<R>(_ table: FieldTable<R>, _ key: String, _ body: (inout Writer) -> Void) {
        let meaning = Self.meaning(table, key)
        if !meaning.isEmpty { comment(meaning) }
        plainBlock(table, key, note: nil, body)
    }

    mutating func plainBlock<R>(_ table: FieldTable<R>, _ key: String, note: String?, _ body: (inout Writer) -> Void) {
        line(key + ":", note)
        indent += 2
        body(&self)
        indent -= 2
    }

    /// A named entry of a mapping (a regime, a stress).
    mutating func entry(_ name: String, note: String? = nil, _ body: (inout Writer) -> Void) {
        line(name + ":", note)
        indent += 2
        body(&self)
        indent -= 2
    }

    /// A list under `key`, its meaning in a line above it.
    mutating func list<R>(_ table: FieldTable<R>, _ key: String, _ body: (inout Writer) -> Void) {
        block(table, key, body)
    }

    /// An item of a list, opened by its first key (`- id: buyer`).
    mutating func item<R>(_ table: FieldTable<R>, _ key: String, _ value: String, note: String? = nil, _ body: (inout Writer) -> Void) {
        line("- " + key + ": " + value, note)
        indent += 2
        body(&self)
        indent -= 2
    }
}
