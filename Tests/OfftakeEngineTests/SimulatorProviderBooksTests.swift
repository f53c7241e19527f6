import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport
import Testing

/// The provider's books (`PathSimulator+Provider`): adjusted leverage with lease liabilities and the
/// rating tests at fiscal year ends, by hand; and a creditworthy buyer (a hyperscaler with a large
/// established business) whose default probability over Monte Carlo paths is below 1 %.
@Suite struct SimulatorProviderBooksTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    // MARK: - Adjusted leverage and rating tests

    /// 36 months from January 2026. Provider `neo` (no contract): debt 1,000 interest-free (stays
    /// 1,000), base EBITDA 50/month, existing leases with rent 10/month and liability 1,200 over a
    /// 120-month term at a 0 % discount rate, so the liability at the end of month t is
    /// 1,200 × (120 − (t + 1)) / 120 = 10 × (119 − t). EBITDA = 50 − 10 = 40, EBITDA + rent = 50 a month,
    /// 600 over any trailing 12 months (annualised before). Adjusted leverage
    /// = (1,000 + 10 × (119 − t)) / 600:
    ///
    /// | fiscal year end | t | adjusted leverage |
    /// |---|---|---|
    /// | June | 5, 17, 29 | 2,140/600 = 3.567, 2,020/600 = 3.367, 1,900/600 = 3.167 |
    /// | December | 11, 23, 35 | 2,080/600 = 3.467, 1,960/600 = 3.267, 1,840/600 = 3.067 |
    ///
    /// A buyer with a free contract from a provider without books keeps the scenario whole.
    static func ratingScenario(_ rating: RatingPolicy, interestRate: Double = 0) -> Scenario {
        let M = Self.M
        let neo = ProviderFinancials(
            cash0: .constant(0), debt0: .constant(1000 * M), baseEBITDA: .constant(50 * M), interestRate: .constant(interestRate),
            wacc: .constant(0.1), facilityCapexPerMW: .constant(0), buildMonths: .constant(0),
            leases: Leases(share: .constant(0), rentPerMWMonth: .constant(0), termMonths: .constant(120), discountRate: .constant(0),
                           liability0: .constant(1200 * M), rent0: .constant(10 * M)),
            rating: rating)
        let buyer = S.buyer(cash0: 100 * M, revenue0: 1 * M)
        let free = Contract(id: "free", buyer: "lab", provider: "free", accelerator: "gpu",
                            tranches: [Tranche(start: S.month(0), mw: .constant(1))], term: .months(36), price: .perMWMonth(.constant(0)))
        return Scenario(name: "rating", horizon: S.horizon(months: 36), market: S.oneRegimeMarket(), accelerators: [S.gpu()],
                        buyers: [buyer], providers: [Provider(id: "neo", financials: neo), Provider(id: "free")], contracts: [free])
    }

    /// Relative 1e-12: (debt + liability) and the trailing sums are exact in binary up to a few ulps.
    @Test func adjustedLeverageIsDebtPlusLeasesOverEBITDAR() throws {
        let M = Self.M
        let sim = try S.simulate(Self.ratingScenario(RatingPolicy(threshold: .constant(10), downgradeThreshold: .constant(10))),
                                 deterministic: true)
        let l = sim.ledger
        for t in [0, 5, 11, 12, 23, 35] {
            #expect(isApproximatelyEqual(l.providers[.leaseLiability][0, t], 10 * Double(119 - t) * M, relative: 1e-12), "t = \(t)")
            #expect(isApproximatelyEqual(l.providers[.rent][0, t], 10 * M, relative: 1e-12), "t = \(t)")
            #expect(isApproximatelyEqual(l.providers[.ebitda][0, t], 40 * M, relative: 1e-12), "t = \(t)")
            #expect(isApproximatelyEqual(l.providers[.debt][0, t], 1000 * M, relative: 1e-12), "t = \(t)")
            #expect(isApproximatelyEqual(l.providers[.adjustedLeverage][0, t], (1000 + 10 * Double(119 - t)) / 600, relative: 1e-12), "t = \(t)")
            // Unadjusted leverage: 1,000 / (12 × 40).
            #expect(isApproximatelyEqual(l.providers[.leverage][0, t], 1000.0 / 480, relative: 1e-12), "t = \(t)")
        }
        #expect(sim.summary.ratingBreach == [false, false] && sim.summary.downgrade == [false, false])
    }

    /// June year ends (3.567, 3.367, 3.167), threshold 3.3 for 2 consecutive years, downgrade above 3.5
    /// for 1 year: without grace, above 3.3 at t = 5 and 17 → breach; above 3.5 at t = 5 → downgrade.
    /// With grace until June 2026 (t = 5 not counted): above 3.3 at t = 17 only → no breach; never
    /// above 3.5 → no downgrade.
    @Test func ratingBreachNeedsConsecutiveYearEndsAfterTheGrace() throws {
        func run(grace: Month?) throws -> PathSummary {
            let rating = RatingPolicy(fiscalYearEnd: 6, threshold: .constant(3.3), consecutiveYears: 2, graceUntil: grace,
                                      downgradeThreshold: .constant(3.5), downgradeYears: 1)
            return try S.simulate(Self.ratingScenario(rating), deterministic: true).summary
        }
        let noGrace = try run(grace: nil)
        #expect(noGrace.ratingBreach[0] == true)
        #expect(noGrace.downgrade[0] == true)
        let grace = try run(grace: Month(year: 2026, month: 6))
        #expect(grace.ratingBreach[0] == false)
        #expect(grace.downgrade[0] == false)
    }

    /// December year ends (3.467, 3.267, 3.067): threshold 3.3 for 2 years is never met twice in a row
    /// (no breach); for 1 year it is met at t = 11 (breach). Threshold 3.47 for 1 year: 3.467 is not
    /// above it (no breach), though June's 3.567 would have been.
    @Test func ratingReadsOnlyTheFiscalYearEnd() throws {
        func breach(threshold: Double, years: Int) throws -> Bool {
            let rating = RatingPolicy(fiscalYearEnd: 12, threshold: .constant(threshold), consecutiveYears: years,
                                      downgradeThreshold: .constant(100), downgradeYears: 1)
            return try S.simulate(Self.ratingScenario(rating), deterministic: true).summary.ratingBreach[0]
        }
        #expect(try breach(threshold: 3.3, years: 2) == false)
        #expect(try breach(threshold: 3.3, years: 1) == true)
        #expect(try breach(threshold: 3.47, years: 1) == false)
        #expect(try breach(threshold: 3.46, years: 1) == true)
    }

    /// `interest_coverage_min` on the rating scenario at 6 %/yr: interest is 1,000 × (1.06^{1/12} − 1)
    /// = 4.8676 a month on a debt that stays 1,000 (interest-only; a negative cash is the funding gap),
    /// EBITDA 40 a month, so every full trailing year covers 480 ÷ 58.411 = 8.2176×. June year ends: t = 5
    /// has six months of history and does not count, t = 17 and 29 do. Interest-free: no year end has
    /// interest, the coverage is +∞. Relative 1e-12: sums of twelve equal terms.
    @Test func interestCoverageIsTrailingEBITDAOverTrailingInterest() throws {
        func coverage(rate: Double) throws -> Double {
            let rating = RatingPolicy(fiscalYearEnd: 6, threshold: .constant(10), downgradeThreshold: .constant(10))
            let sim = try S.simulate(Self.ratingScenario(rating, interestRate: rate), deterministic: true)
            let catalog = MetricCatalog(model: sim.model)
            var values = [Double](repeating: .nan, count: catalog.count)
            sim.metricValues(into: &values)
            return values[try #require(catalog.index(of: "provider.neo.interest_coverage_min"))]
        }
        let monthly = 1000 * (pow(1.06, 1.0 / 12) - 1)
        #expect(isApproximatelyEqual(try coverage(rate: 0.06), 480 / (12 * monthly), relative: 1e-12))
        #expect(abs(480 / (12 * monthly) - 8.2176) < 1e-4)
        #expect(try coverage(rate: 0) == .infinity)
    }

    // MARK: - A creditworthy buyer

    /// A hyperscaler buying 3 GW from a neocloud over five years: established business of ~$20B/month
    /// (uniform 17–23B) growing ~10 %/yr with a 20–30 % cash margin, a modest AI business (~$1B/month),
    /// $40–80B of cash, 3 × 1 GW tranches (t = 0, 12, 24) at $0.7–1.1M per MW-month (up to $3.3B/month).
    /// Two regimes (boom, bust) with demand volatility 30 %/yr.
    static func hyperscalerScenario(established: Bool = true) -> Scenario {
        let B = 1e9, M = Self.M
        let market = Market(
            regimes: RegimeModel(
                regimes: [
                    Regime(name: "boom", demandDrift: .constant(0.2), demandVol: .constant(0.3), fundingSuccess: .constant(0.8),
                           spotPremium: .constant(1), spotAvailability: .constant(1), creditSpread: .constant(0.01)),
                    Regime(name: "bust", demandDrift: .constant(-0.3), demandVol: .constant(0.3), fundingSuccess: .constant(0.2),
                           spotPremium: .constant(1), spotAvailability: .constant(1), creditSpread: .constant(0.04)),
                ],
                initial: .named("boom"), transitions: [[0.97, 0.03], [0.08, 0.92]]),
            computePrice: ComputePrice(initial: .constant(1 * M), decline: .uniform(min: 0.05, max: 0.25), demandElasticity: .constant(0.5)))
        var buyer = Buyer(
            id: "hyper", cash0: .uniform(min: 40 * B, max: 80 * B), revenue0: .lognormal(mu: log(1 * B), sigma: 0.3),
            growth: RevenueGrowth(initial: .uniform(min: 0.3, max: 1.0), longRun: .constant(0.1), halfLifeMonths: .uniform(min: 12, max: 36),
                                  demandBeta: .constant(1)),
            revenuePerMW: RevenuePerMW(initial: .uniform(min: 1 * M, max: 2 * M), trend: .uniform(min: -0.2, max: 0)),
            opex: OperatingCosts(fixed: .constant(0.3 * B), growth: .constant(0.05), revenueShare: .uniform(min: 0.2, max: 0.4)))
        if established {
            buyer.established = EstablishedBusiness(revenue0: .uniform(min: 17 * B, max: 23 * B), growth: .normal(mean: 0.1, sd: 0.05),
                                                    demandBeta: .constant(0.2), cashMargin: .uniform(min: 0.2, max: 0.3))
        }
        let neo = ProviderFinancials(
            cash0: .constant(2 * B), debt0: .constant(5 * B), baseEBITDA: .constant(0.1 * B), interestRate: .constant(0.08),
            wacc: .constant(0.1), facilityCapexPerMW: .constant(10 * M), buildMonths: .constant(12), debtFraction: .constant(0.7),
            amortizationYears: .constant(6), opexPerMWMonth: .constant(0.1 * M))
        let deal = Contract(
            id: "gw", buyer: "hyper", provider: "neo", accelerator: "gpu",
            tranches: [0, 12, 24].map { Tranche(start: S.month($0), mw: .constant(1000)) }, term: .months(60),
            price: .perMWMonth(.uniform(min: 0.7 * M, max: 1.1 * M)), recoveryRate: .uniform(min: 0.2, max: 0.6))
        return Scenario(name: "hyperscaler", horizon: S.horizon(months: 60), market: market,
                        accelerators: [S.gpu(capexPerMW: 25 * M)], buyers: [buyer], providers: [Provider(id: "neo", financials: neo)],
                        contracts: [deal])
    }

    /// Over 2,000 paths the hyperscaler defaults on fewer than 0.5 % of them (10 paths): were its true
    /// default probability 1 %, 10 or fewer defaults would lie 2.2 binomial standard errors
    /// (√(0.01 · 0.99 / 2000) = 0.22 %) below it. Without the established business the same AI business
    /// cannot carry 3 GW: over 400 paths more than half default (the test has teeth).
    @Test func creditworthyBuyerRarelyDefaults() throws {
        let scenario = Self.hyperscalerScenario()
        #expect(scenario.validate().isEmpty, "\(scenario.validate().map(\.description))")
        var sim = PathSimulator(model: try SimulationModel(scenario: scenario))
        var defaults = 0
        for path in 0..<UInt64(2000) {
            sim.simulate(seed: 2026, path: path)
            if sim.summary.defaultMonth[0] != nil { defaults += 1 }
        }
        #expect(defaults <= 10, "\(defaults) defaults in 2,000 paths")

        var weak = PathSimulator(model: try SimulationModel(scenario: Self.hyperscalerScenario(established: false)))
        var weakDefaults = 0
        for path in 0..<UInt64(400) {
            weak.simulate(seed: 2026, path: path)
            if weak.summary.defaultMonth[0] != nil { weakDefaults += 1 }
        }
        #expect(weakDefaults > 200, "\(weakDefaults) defaults in 400 paths without the established business")
    }

    // MARK: - Accounts as agencies read them

    /// A neocloud that borrows its whole build (no cash, no equity: `financing` with equity share 0)
    /// rents 100 MW from July 2026 for 30 months to a buyer that always pays, at a price and an opex that
    /// vary by path; the lenders test debt ÷ EBITDA (adjusted leverage, no leases) at 5.5× at each June
    /// year end after the first (nothing is built by June 2026). With a prepayment of 20 % of the contract's value (≈ 300M) in January 2026 the neocloud
    /// borrows less for the chips it buys in July. On the agencies' accrual basis the prepayment is
    /// revenue only as its credit pays the charges, so the test can only be easier: on every path
    /// adjusted leverage at each year end is at most the one without the prepayment, and so is the
    /// breach. (On the cash basis the prepayment counted as EBITDA in the year it was received, before
    /// any service, and the next year's credited invoices as nothing: that breached the test on paths
    /// that pass without the prepayment — the check fails on the cash basis.)
    @Test func aPrepaymentNeverRaisesTheLeverageTest() throws {
        let M = Self.M
        func scenario(prepaid: Bool) -> Scenario {
            let neo = ProviderFinancials(
                cash0: .constant(0), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0.06), wacc: .constant(0.1),
                facilityCapexPerMW: .constant(10 * M), buildMonths: .constant(0), opexPerMWMonth: .uniform(min: 0.05 * M, max: 0.2 * M),
                financing: FinancingMix(equityShare: .constant(0), minCash: .constant(0)),
                rating: RatingPolicy(fiscalYearEnd: 6, threshold: .constant(5.5), consecutiveYears: 1, graceUntil: S.month(5), downgradeThreshold: .constant(8), downgradeYears: 1))
            // Value ≈ 30 × 100 MW × 0.5M = 1,500M; 20 % ≈ 300M.
            let contract = Contract(id: "c", buyer: "lab", provider: "neo", accelerator: "gpu", tranches: [Tranche(start: S.month(6), mw: .constant(100))],
                                    term: .months(30), price: .perMWMonth(.uniform(min: 0.4 * M, max: 0.6 * M)),
                                    prepayment: prepaid ? Prepayment(amount: .constant(300 * M), month: S.month(0)) : nil)
            return Scenario(name: "prepaid", horizon: S.horizon(months: 36), market: S.oneRegimeMarket(), accelerators: [S.gpu(capexPerMW: 10 * M)],
                            buyers: [S.buyer(cash0: 1e12, revenue0: 1 * M)], providers: [Provider(id: "neo", financials: neo)], contracts: [contract])
        }
        var with = PathSimulator(model: try SimulationModel(scenario: scenario(prepaid: true)))
        var without = PathSimulator(model: try SimulationModel(scenario: scenario(prepaid: false)))
        var breaches = (with: 0, without: 0), lower = 0
        for path in 0..<UInt64(200) {
            with.simulate(seed: 7, path: path)
            without.simulate(seed: 7, path: path)
            for t in [17, 29] {
                let a = with.ledger.providers[.adjustedLeverage][0, t], b = without.ledger.providers[.adjustedLeverage][0, t]
                #expect(a <= b * (1 + 1e-12), "path \(path) t = \(t): \(a) with the prepayment, \(b) without")
                if a < b * (1 - 1e-6) { lower += 1 }
            }
            if with.summary.ratingBreach[0] { breaches.with += 1 }
            if without.summary.ratingBreach[0] { breaches.without += 1 }
            #expect(!with.summary.ratingBreach[0] || without.summary.ratingBreach[0], "path \(path): breach only with the prepayment")
        }
        // The test has teeth: the test binds on some paths, and the prepayment lowers leverage.
        #expect(breaches.without > 0 && breaches.without < 200, "\(breaches)")
        #expect(lower > 0)
    }
}
