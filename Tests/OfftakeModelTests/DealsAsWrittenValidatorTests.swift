import OfftakeModel
import OfftakeRandom
import Testing

/// Semantic checks of deals as written on scenarios built in code.
@Suite struct DealsAsWrittenValidatorTests {
    static let hardware = HardwareTerms(host: "cloud", hostingPricePerMWMonth: .constant(4e5))

    func paths(_ s: Scenario) -> [String] { s.validate().map(\.path) }

    @Test func aHardwareDealWithItsHostIsValid() {
        var s = ValidatorTests.base()
        s.providers.append(Provider(id: "chips"))
        s.contracts[0].provider = "chips"
        s.contracts[0].kind = .hardware(Self.hardware)
        s.contracts[0].price = .perMW(.constant(3e7))
        s.contracts[0].vendorFinancing = VendorFinancing(perMW: .constant(5e6))
        #expect(s.validate().isEmpty, "\(s.validate().map(\.description))")
    }

    @Test func theHostMustBeAProvider() throws {
        var s = ValidatorTests.base()
        s.contracts[0].kind = .hardware(HardwareTerms(host: "clowd", hostingPricePerMWMonth: .constant(4e5)))
        let issue = try #require(s.validate().first)
        #expect(issue.path == "contracts[0].hardware.host")
        #expect(issue.hint == "did you mean `cloud`?")
    }

    @Test func thePriceSuitsTheKind() {
        var s = ValidatorTests.base()
        s.contracts[0].price = .perMW(.constant(3e7))
        #expect(paths(s) == ["contracts[0].chip_price_per_mw"])
        s.contracts[0].kind = .hardware(Self.hardware)
        #expect(paths(s).isEmpty)
        s.contracts[0].price = .perMWMonth(.constant(1e6))
        #expect(paths(s) == ["contracts[0].price_per_mw_month"])
        s.contracts[0].price = .totalValue(.constant(1e10))
        #expect(paths(s).isEmpty)
    }

    @Test func anOptionIsNotDecidedBeforeTheHorizon() {
        var s = ValidatorTests.base()  // horizon from 2026-01; the tranche starts 2027-06, 17 months later
        s.contracts[0].tranches[0].option = TrancheOption(decisionLeadMonths: .constant(17))
        #expect(paths(s).isEmpty)
        s.contracts[0].tranches[0].option = TrancheOption(decisionLeadMonths: .constant(18))
        #expect(paths(s) == ["contracts[0].tranches[0].option.decision_lead_months"])
        // An uncertain lead is not checked.
        s.contracts[0].tranches[0].option = TrancheOption(decisionLeadMonths: .uniform(min: 12, max: 36))
        #expect(paths(s).isEmpty)
    }

    @Test func fundingPlanAndIPODates() throws {
        var s = ValidatorTests.base()
        s.buyers[0].funding.plan = Schedule(entries: [Schedule.Entry(month: Month(year: 2025, month: 1), value: .constant(1e10)),
                                                      Schedule.Entry(month: Month(year: 2027, month: 1), value: .constant(3e10))])
        s.buyers[0].funding.ipo = IPO(from: Month(year: 2029, month: 1), to: Month(year: 2031, month: 6),
                                      probabilityPerYear: .constant(0.4), size: .constant(6e10))
        #expect(Set(paths(s)) == ["buyers[0].funding.plan.2025", "buyers[0].funding.ipo.to"])
        let ipo = try #require(s.validate().first { $0.path == "buyers[0].funding.ipo.to" })
        #expect(ipo.expected == "a month from 2026-01 to 2030-12")
        s.buyers[0].funding.plan = nil
        s.buyers[0].funding.ipo = IPO(from: Month(year: 2029, month: 1), to: Month(year: 2028, month: 6),
                                      probabilityPerYear: .constant(0.4), size: .constant(6e10))
        #expect(paths(s) == ["buyers[0].funding.ipo.to"])
    }

    @Test func theRevenueMultipleSizesPolicyRounds() {
        var s = ValidatorTests.base()
        s.buyers[0].funding.raiseBelowRunwayMonths = .constant(12)
        #expect(paths(s) == ["buyers[0].funding.round_size"])
        s.buyers[0].funding.roundRevenueMultiple = .constant(3)
        #expect(paths(s).isEmpty)
    }

    @Test func ratingNumbersAndGrace() {
        var s = ValidatorTests.base()
        s.providers[0] = Provider(id: "cloud", financials: ProviderFinancials(
            cash0: .constant(5e9), debt0: .constant(0), baseEBITDA: .constant(2e9), interestRate: .constant(0.05), wacc: .constant(0.09),
            facilityCapexPerMW: .constant(1.2e7), buildMonths: .constant(18),
            rating: RatingPolicy(fiscalYearEnd: 13, threshold: .constant(4), consecutiveYears: 0, graceUntil: Month(year: 2031, month: 1),
                                 downgradeThreshold: .constant(5), downgradeYears: 0)))
        #expect(Set(paths(s)) == ["providers[0].rating.fiscal_year_end", "providers[0].rating.consecutive_years",
                                  "providers[0].rating.downgrade_years", "providers[0].rating.grace_until"])
        s.providers[0].financials?.rating = RatingPolicy(fiscalYearEnd: 5, threshold: .constant(4), graceUntil: Month(year: 2025, month: 5),
                                                         downgradeThreshold: .constant(5))
        #expect(paths(s).isEmpty, "a grace period that ended before the horizon is fine")
    }
}
