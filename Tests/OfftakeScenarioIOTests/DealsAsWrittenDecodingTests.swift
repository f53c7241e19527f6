import OfftakeModel
import OfftakeRandom
@testable import OfftakeScenarioIO
import Testing

typealias Location = OfftakeModel.SourceLocation

/// A valid scenario using every block of deals as written; tests break one line at a time.
let dealsLines: [String] = [
    "name: deals",                                                                                     // 1
    "horizon: {start: 2026-01, end: 2030-12}",                                                         // 2
    "market:",                                                                                         // 3
    "  regimes:",                                                                                      // 4
    "    steady: {demand_drift: 10%/yr, demand_vol: 20%, funding_success: 70%}",                       // 5
    "  compute_price: {initial: 1.2M, decline: 20%/yr}",                                               // 6
    "accelerators:",                                                                                   // 7
    "  - id: gpu",                                                                                     // 8
    "    workloads: [training, inference]",                                                            // 9
    "    capex_per_mw: 30M",                                                                           // 10
    "buyers:",                                                                                         // 11
    "  - id: lab",                                                                                     // 12
    "    cash0: 10B",                                                                                  // 13
    "    revenue0: 500M",                                                                              // 14
    "    growth: {initial: 60%, long_run: 20%}",                                                       // 15
    "    revenue_per_mw: {initial: 2M}",                                                               // 16
    "    funding:",                                                                                    // 17
    "      raise_below_runway_months: 12",                                                             // 18
    "      round_revenue_multiple: 3x",                                                                // 19
    "      plan: {2026: 30B, 2027: 62B}",                                                              // 20
    "      plan_sensitivity: 1",                                                                       // 21
    "      ipo: {from: 2027-01, to: 2029-12, probability_per_year: 40%, size: 60B}",                   // 22
    "    established: {revenue0: 20B/mo, growth: 10%/yr, cash_margin: 25%}",                           // 23
    "    workout:",                                                                                    // 24
    "      min_cash: 5B",                                                                              // 25
    "      facility: {revenue_multiple: 1x, max: 20B, interest_rate: 8%}",                             // 26
    "      cancel_undelivered: true",                                                                  // 27
    "      deferral: {share: 50%, months: 6, interest_rate: 10%, provider_default_belief: 30%, cap_months: 3}", // 28
    "      sublet: {discount: 70%}",                                                                   // 29
    "providers:",                                                                                      // 30
    "  - id: cloud",                                                                                   // 31
    "    cash0: 5B",                                                                                   // 32
    "    base_ebitda: 24B/yr",                                                                         // 33
    "    interest_rate: 5.5%",                                                                         // 34
    "    wacc: 9%",                                                                                    // 35
    "    facility_capex_per_mw: 12M",                                                                  // 36
    "    build_months: 18",                                                                            // 37
    "    leases: {share: 70%, rent_per_mw_month: 150K, term_months: 180, discount_rate: 6%, liability0: 100B, rent0: 500M/mo}", // 38
    "    financing: {equity_share: 50%, min_cash: 10B}",                                               // 39
    "    sweep: {share: 100%, min_cash: 20B}",                                                         // 40
    "    other_customers: {revenue0: 2B/mo, growth: 40%/yr, demand_beta: 1, margin: 30%, capex_share: 100%}", // 41
    "    rating: {fiscal_year_end: 5, threshold: 4x, consecutive_years: 2, grace_until: 2027-05, downgrade_threshold: 5x, downgrade_years: 2}", // 42
    "  - id: chips",                                                                                   // 43
    "contracts:",                                                                                      // 44
    "  - id: rent",                                                                                    // 45
    "    buyer: lab",                                                                                  // 46
    "    provider: cloud",                                                                             // 47
    "    accelerator: gpu",                                                                            // 48
    "    tranches:",                                                                                   // 49
    "      - {start: 2027-06, mw: 500}",                                                               // 50
    "      - {start: 2028-06, mw: 500, option: {decision_lead_months: 12, demand_margin: 10%, min_runway_months: 12, fee: 1B}}", // 51
    "    end: 2030-12",                                                                                // 52
    "    price_per_mw_month: 1.5M",                                                                    // 53
    "  - id: buy",                                                                                     // 54
    "    kind: hardware",                                                                              // 55
    "    buyer: lab",                                                                                  // 56
    "    provider: chips",                                                                             // 57
    "    accelerator: gpu",                                                                            // 58
    "    tranches: [{start: 2027-01, mw: 1GW}]",                                                       // 59
    "    term_months: 48",                                                                             // 60
    "    chip_price_per_mw: 30M",                                                                      // 61
    "    hardware: {host: cloud, hosting_price_per_mw_month: 400K, financing_months: 24, financing_rate: 8%}", // 62
    "    vendor_financing: {per_mw: 5M}",                                                              // 63
]

@Suite struct DealsAsWrittenDecodingTests {
    static func text(replacing number: Int? = nil, with line: String = "") -> String {
        var lines = dealsLines
        if let number { lines[number - 1] = line }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func validExampleDecodesToTheWrittenValues() throws {
        let check = ScenarioLoader.check(text: Self.text(), source: "deals.yaml")
        let s = try #require(check.scenario, "\(check.issues.map(\.description))")

        let funding = s.buyers[0].funding
        #expect(funding.roundRevenueMultiple == .constant(3))
        #expect(funding.roundSize == .constant(0), "round_size is not required with round_revenue_multiple")
        #expect(funding.plan == Schedule(entries: [Schedule.Entry(month: Month(year: 2026, month: 1), value: .constant(30e9)),
                                                   Schedule.Entry(month: Month(year: 2027, month: 1), value: .constant(62e9))]))
        #expect(funding.planSensitivity == .constant(1))
        #expect(funding.ipo == IPO(from: Month(year: 2027, month: 1), to: Month(year: 2029, month: 12), probabilityPerYear: .constant(0.4), size: .constant(60e9)))
        #expect(s.buyers[0].established == EstablishedBusiness(revenue0: .constant(20e9), growth: .constant(0.1), demandBeta: .constant(0), cashMargin: .constant(0.25)))
        #expect(s.buyers[0].workout == Workout(
            minCash: .constant(5e9), facility: CreditFacility(revenueMultiple: .constant(1), max: .constant(20e9), interestRate: .constant(0.08)),
            cancelUndelivered: true,
            deferral: Deferral(share: .constant(0.5), months: .constant(6), interestRate: .constant(0.1), providerDefaultBelief: .constant(0.3), capMonths: .constant(3)),
            sublet: Sublet(discount: .constant(0.7))))

        let cloud = try #require(s.providers[0].financials)
        #expect(cloud.leases == Leases(share: .constant(0.7), rentPerMWMonth: .constant(150e3), termMonths: .constant(180), discountRate: .constant(0.06),
                                       liability0: .constant(100e9), rent0: .constant(500e6)))
        #expect(cloud.financing == FinancingMix(equityShare: .constant(0.5), minCash: .constant(10e9)))
        #expect(cloud.sweep == DebtSweep(share: .constant(1), minCash: .constant(20e9)))
        #expect(cloud.otherCustomers == OtherCustomers(revenue0: .constant(2e9), growth: .constant(0.4), demandBeta: .constant(1), margin: .constant(0.3),
                                                       capexShare: .constant(1)))
        #expect(cloud.rating == RatingPolicy(fiscalYearEnd: 5, threshold: .constant(4), consecutiveYears: 2, graceUntil: Month(year: 2027, month: 5),
                                             downgradeThreshold: .constant(5), downgradeYears: 2))
        #expect(s.providers[1].financials == nil)

        let rent = s.contracts[0]
        #expect(rent.kind == .capacity)
        #expect(rent.price == .perMWMonth(.constant(1.5e6)))
        #expect(rent.tranches[0].option == nil)
        #expect(rent.tranches[1].option == TrancheOption(decisionLeadMonths: .constant(12), demandMargin: .constant(0.1), minRunwayMonths: .constant(12), fee: .constant(1e9)))
        let buy = s.contracts[1]
        #expect(buy.kind == .hardware(HardwareTerms(host: "cloud", hostingPricePerMWMonth: .constant(400e3), financingMonths: .constant(24),
                                                    financingRate: .constant(0.08), collateralHaircut: .constant(0.5))))
        #expect(buy.price == .perMW(.constant(30e6)))
        #expect(buy.vendorFinancing == VendorFinancing(perMW: .constant(5e6)))
        #expect(buy.tranches[0].mw == .constant(1000))

        let again = ScenarioLoader.check(text: try ScenarioEncoder.yaml(s), source: "encoded")
        #expect(again.scenario == s, "\(again.issues.map(\.description))")
    }

    @Test func defaultsOfOptionalBlocks() throws {
        let text = Self.text(replacing: 51, with: "      - {start: 2028-06, mw: 500, option: {}}")
            .replacingOccurrences(of: dealsLines[28 - 1], with: "      deferral: {}")
            .replacingOccurrences(of: dealsLines[62 - 1], with: "    hardware: {host: cloud, hosting_price_per_mw_month: 400K}")
            .replacingOccurrences(of: dealsLines[42 - 1], with: "    rating: {threshold: 4x, downgrade_threshold: 5x}")
        let check = ScenarioLoader.check(text: text, source: "deals.yaml")
        let s = try #require(check.scenario, "\(check.issues.map(\.description))")
        #expect(s.contracts[0].tranches[1].option == TrancheOption())
        #expect(s.buyers[0].workout.deferral == Deferral())
        #expect(s.contracts[1].hardware == HardwareTerms(host: "cloud", hostingPricePerMWMonth: .constant(400e3)))
        #expect(s.providers[0].financials?.rating == RatingPolicy(threshold: .constant(4), downgradeThreshold: .constant(5)))
        // Without the blocks: the types' defaults.
        let plain = ScenarioLoader.check(text: baseText).scenario
        #expect(plain?.contracts[0].kind == .capacity)
        #expect(plain?.buyers[0].workout == Workout())
        #expect(plain?.buyers[0].established == nil)
        #expect(plain?.providers[0].financials?.leases == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var line: Int
        var text: String
        var path: String
        /// The issue points at the first occurrence of this text in the changed line…
        var at: String
        var fragment: String
        var hint: String? = nil
        /// … unless it is reported elsewhere (e.g. a missing key at its mapping).
        var reported: Location? = nil
        var testDescription: String { "\(path): \(fragment)" }
    }

    static let cases: [Case] = [
        // unknown keys with a suggestion
        Case(line: 62, text: "    hardware: {host: cloud, hosting_price_per_mw_mnth: 400K}", path: "contracts[1].hardware.hosting_price_per_mw_mnth",
             at: "hosting_price_per_mw_mnth", fragment: "unknown key", hint: "did you mean `hosting_price_per_mw_month`?"),
        Case(line: 23, text: "    establised: {revenue0: 20B/mo, cash_margin: 25%}", path: "buyers[0].establised", at: "establised",
             fragment: "unknown key", hint: "did you mean `established`?"),
        Case(line: 27, text: "      cancel_undelivred: true", path: "buyers[0].workout.cancel_undelivred", at: "cancel", fragment: "unknown key",
             hint: "did you mean `cancel_undelivered`?"),
        Case(line: 40, text: "    sweep: {share: 100%, mincash: 20B}", path: "providers[0].sweep.mincash", at: "mincash", fragment: "unknown key",
             hint: "did you mean `min_cash`?"),
        Case(line: 51, text: "      - {start: 2028-06, mw: 500, option: {fees: 1B}}", path: "contracts[0].tranches[1].option.fees", at: "fees",
             fragment: "unknown key", hint: "did you mean `fee`?"),
        Case(line: 55, text: "    kind: hardwrae", path: "contracts[1].kind", at: "hardwrae", fragment: "unknown contract kind", hint: "did you mean `hardware`?"),
        // hosting terms on a capacity contract (no `kind`)
        Case(line: 55, text: "    name: no kind", path: "contracts[1].hardware", at: "", fragment: "`hardware` block on a capacity contract",
             reported: Location(line: 62, column: 5)),
        // the price key that does not suit the kind
        Case(line: 53, text: "    chip_price_per_mw: 30M", path: "contracts[0].chip_price_per_mw", at: "30M", fragment: "prices a hardware deal"),
        Case(line: 61, text: "    price_per_mw_month: 1M", path: "contracts[1].price_per_mw_month", at: "1M", fragment: "prices a capacity contract",
             hint: "the host's monthly charge is `hardware.hosting_price_per_mw_month`"),
        Case(line: 61, text: "    name: no price", path: "contracts[1].total_value", at: "", fragment: "missing the contract's price",
             reported: Location(line: 54, column: 5)),
        // hardware deal without its terms, without a host, with an unknown host
        Case(line: 62, text: "    name: no terms", path: "contracts[1].hardware", at: "", fragment: "missing `hardware`", reported: Location(line: 54, column: 5)),
        Case(line: 62, text: "    hardware: {hosting_price_per_mw_month: 400K}", path: "contracts[1].hardware.host", at: "{", fragment: "missing `host`"),
        Case(line: 62, text: "    hardware: {host: clowd, hosting_price_per_mw_month: 400K}", path: "contracts[1].hardware.host", at: "clowd",
             fragment: "unknown provider `clowd`", hint: "did you mean `cloud`?"),
        // units
        Case(line: 62, text: "    hardware: {host: cloud, hosting_price_per_mw_month: 40%}", path: "contracts[1].hardware.hosting_price_per_mw_month",
             at: "40%", fragment: "%"),
        Case(line: 26, text: "      facility: {revenue_multiple: 1x, max: 2GW, interest_rate: 8%}", path: "buyers[0].workout.facility.max", at: "2GW",
             fragment: "is a capacity"),
        // dates against the horizon
        Case(line: 22, text: "      ipo: {from: 2027-01, to: 2031-06, probability_per_year: 40%, size: 60B}", path: "buyers[0].funding.ipo.to",
             at: "2031-06", fragment: "outside the horizon"),
        Case(line: 22, text: "      ipo: {from: 2029-01, to: 2028-06, probability_per_year: 40%, size: 60B}", path: "buyers[0].funding.ipo.to",
             at: "2028-06", fragment: "ends before it starts"),
        Case(line: 20, text: "      plan: {2026: 30B, 2032: 62B}", path: "buyers[0].funding.plan.2032", at: "62B", fragment: "funding plan date outside the horizon"),
        Case(line: 42, text: "    rating: {threshold: 4x, grace_until: 2031-05, downgrade_threshold: 5x}", path: "providers[0].rating.grace_until",
             at: "2031-05", fragment: "outlasts the horizon"),
        Case(line: 51, text: "      - {start: 2028-06, mw: 500, option: {decision_lead_months: 36}}", path: "contracts[0].tranches[1].option.decision_lead_months",
             at: "36", fragment: "decided before the horizon starts"),
        // fixed whole numbers of the rating
        Case(line: 42, text: "    rating: {fiscal_year_end: 13, threshold: 4x, downgrade_threshold: 5x}", path: "providers[0].rating.fiscal_year_end",
             at: "13", fragment: "month number"),
        Case(line: 42, text: "    rating: {consecutive_years: 0, threshold: 4x, downgrade_threshold: 5x}", path: "providers[0].rating.consecutive_years",
             at: "0,", fragment: "at least one"),
        Case(line: 42, text: "    rating: {downgrade_years: 1.5, threshold: 4x, downgrade_threshold: 5x}", path: "providers[0].rating.downgrade_years",
             at: "1.5", fragment: "whole number"),
        Case(line: 42, text: "    rating: {fiscal_year_end: \"uniform(min=1, max=12)\", threshold: 4x, downgrade_threshold: 5x}",
             path: "providers[0].rating.fiscal_year_end", at: "\"", fragment: "fixed number"),
        // a required key of a block
        Case(line: 23, text: "    established: {revenue0: 20B/mo}", path: "buyers[0].established.cash_margin", at: "{", fragment: "missing `cash_margin`"),
    ]

    @Test(arguments: cases)
    func reportsPathAndLocation(_ c: Case) throws {
        let found = ScenarioLoader.check(text: Self.text(replacing: c.line, with: c.text), source: "deals.yaml").issues
        let issue = try #require(found.first { $0.path == c.path && $0.message.contains(c.fragment) },
                                 "no issue at \(c.path) with \(c.fragment); got \(found.map(\.description))")
        let column = c.text.range(of: c.at).map { c.text.unicodeScalars.distance(from: c.text.startIndex, to: $0.lowerBound) + 1 }
        #expect(issue.location == (c.reported ?? Location(line: c.line, column: column ?? 0)), "\(issue.description)")
        if let hint = c.hint { #expect(issue.hint == hint) }
    }

    @Test func outsideTheHorizonNamesTheHorizon() throws {
        let found = ScenarioLoader.check(text: Self.text(replacing: 22, with: "      ipo: {from: 2025-06, to: 2029-12, probability_per_year: 40%, size: 60B}")).issues
        let issue = try #require(found.first { $0.path == "buyers[0].funding.ipo.from" })
        #expect(issue.expected == "a month from 2026-01 to 2030-12")
    }

    @Test func roundSizeIsRequiredWithoutTheRevenueMultiple() throws {
        let found = ScenarioLoader.check(text: Self.text(replacing: 19, with: "      cooldown_months: 6")).issues
        let issue = try #require(found.first { $0.path == "buyers[0].funding.round_size" }, "\(found.map(\.description))")
        #expect(issue.message.contains("missing `round_size`"))
        #expect(issue.location == Location(line: 18, column: 7))
    }
}
