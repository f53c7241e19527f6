import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// Funding as a market (`PathSimulator+Funding`, `PricedRound`) on a small deterministic buyer whose
/// numbers are worked out by hand in the comments ($M).
///
/// The buyer: no AI revenue (no contracts), an established business of 10/month at 20 % cash margin,
/// opex 7/month: operating cash flow −5 every month, burn 5. Growth 0, so the forward growth is 0 and
/// the multiple m(0) = 2 + (8 − 2) × (0 − (−10 %)) ÷ (20 % − (−10 %)) = 4 on the table
/// {(−10 %, 2), (20 %, 8)}; forward revenue 12 × 10 = 120; EV = 480 every month. Policy: a round when
/// runway < 6 months, aiming at 12 months of burn. One regime with `funding_success` 1; the base case
/// draws u = ½, so a round closes in the first month its accumulated hazard Σ −log(1 − p) reaches
/// log 2 — at once when p ≥ ½.
///
/// Tolerance: relative 1e-12 (the engine reaches the same arithmetic in another order; discount
/// factors through exp/log, a few ulps from the closed form).
@Suite struct FundingMarketTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    func near(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-3) }

    static func scenario(
        cash0: Double = 20, months: Int = 12, maxDilution: Double = 0.2, elasticity: Double = 1, lastPost: Double? = 600,
        backers: [Backer] = [], ipo: IPO? = nil, providers: [Provider] = [], minCash: Double = 0
    ) -> Scenario {
        let M = Self.M
        var buyer = S.buyer(cash0: cash0 * M, revenue0: 0, opexFixed: 7 * M)
        buyer.established = EstablishedBusiness(revenue0: .constant(10 * M), growth: .constant(0), demandBeta: .constant(0),
                                                cashMargin: .constant(0.2))
        let valuation = Valuation(
            multiples: [.init(growth: .constant(-0.1), multiple: .constant(2)), .init(growth: .constant(0.2), multiple: .constant(8))],
            maxDilution: .constant(maxDilution), targetRunwayMonths: .constant(12), accessElasticity: .constant(elasticity),
            lastRound: lastPost.map { LastRound(month: S.month(0), postMoney: .constant($0 * M)) })
        buyer.funding = Funding(raiseBelowRunwayMonths: .constant(6), ipo: ipo, valuation: valuation, backers: backers)
        buyer.workout = Workout(minCash: .constant(minCash * M))
        return Scenario(name: "priced", horizon: S.horizon(months: months), market: S.oneRegimeMarket(fundingSuccess: 1),
                        accelerators: [S.gpu()], buyers: [buyer], providers: providers, contracts: [])
    }

    // MARK: - Closed forms

    @Test func multipleInterpolatesLinearlyAndIsFlatBeyondTheEnds() {
        let table: [(growth: Double, multiple: Double)] = [(-0.1, 2), (0.2, 8), (0.5, 14)]
        #expect(PricedRound.multiple(growth: 0, table: table) == 4)
        #expect(near(PricedRound.multiple(growth: 0.35, table: table), 11))
        #expect(PricedRound.multiple(growth: -0.5, table: table) == 2)
        #expect(PricedRound.multiple(growth: 3, table: table) == 14)
        #expect(PricedRound.multiple(growth: 0.2, table: table) == 8)
        #expect(PricedRound.multiple(growth: 0.1, table: []) == 0)
    }

    /// size = min(need, d/(1 − d) × pre): the round sells at most d of the post-money company.
    @Test func roundSizeIsCappedByTheDilutionLimit() {
        #expect(PricedRound.size(need: 50, preMoney: 100, maxDilution: 0.2) == 25)
        #expect(PricedRound.size(need: 10, preMoney: 100, maxDilution: 0.2) == 10)
        #expect(PricedRound.size(need: 10, preMoney: -5, maxDilution: 0.2) == 0)
        let raised = PricedRound.size(need: 1e9, preMoney: 300, maxDilution: 0.15)
        #expect(near(raised / (300 + raised), 0.15))
        #expect(near(PricedRound.listing(floatShare: 0.1, preMoney: 495), 55))
        #expect(near(PricedRound.retainedShare(amount: 45, preMoney: 495), 495.0 / 540))
        #expect(PricedRound.retainedShare(amount: 1, preMoney: 0) == 0)
    }

    /// p = success × min(1, pre ÷ last post)^a: an up round keeps the regime's odds.
    @Test func accessFallsWithTheValuationAgainstTheLastRound() {
        #expect(near(PricedRound.accessProbability(success: 0.7, preMoney: 50, lastPostMoney: 100, elasticity: 1), 0.35))
        #expect(near(PricedRound.accessProbability(success: 0.7, preMoney: 50, lastPostMoney: 100, elasticity: 2), 0.175))
        #expect(PricedRound.accessProbability(success: 0.7, preMoney: 150, lastPostMoney: 100, elasticity: 2) == 0.7)
        #expect(PricedRound.accessProbability(success: 0.7, preMoney: 50, lastPostMoney: .nan, elasticity: 2) == 0.7)
        #expect(PricedRound.accessProbability(success: 0.7, preMoney: 50, lastPostMoney: 100, elasticity: 0) == 0.7)
        #expect(PricedRound.accessProbability(success: 0.7, preMoney: 0, lastPostMoney: 100, elasticity: 1) == 0)
    }

    // MARK: - Month by month

    /// | t | cash before funding | runway | need | pre-money | p | raised | cash |
    /// |---|----|----|----|----|----|----|----|
    /// | 0 | 15 | 3 | 12 × 5 − 15 = 45 | 480 + 15 = 495 | 495/600 = 0.825 | 45 (cap 0.25 × 495) | 60 |
    /// | 1…6 | 55 … 30 | 11 … 6 | — | | | 0 | 55 … 30 |
    /// | 7 | 25 | 5 | 35 | 505 | 505/540 = 0.935 | 35 | 60 |
    /// | 8…11 | | | | | | 0 | 55, 50, 45, 40 |
    ///
    /// Both raises are below the last post-money (600, then 540): down rounds. Ownership of the
    /// starting holders = 495/540 × 505/540. Implied equity at the last round's month (t = 0) = 480 + 60
    /// = 540; equity at the horizon = 480 + 40 = 520; NPV = Σ −5 × 1.1^{−(t+1)/12} + 480 × 1.1^{−1}.
    @Test func aDownRoundRaisesWhatTheRunwayNeedsAtThePathsValue() throws {
        let M = Self.M
        let sim = try S.simulate(Self.scenario(), deterministic: true)
        let l = sim.ledger, s = sim.summary
        var funding = [Double](repeating: 0, count: 12)
        funding[0] = 45
        funding[7] = 35
        let cash: [Double] = [60, 55, 50, 45, 40, 35, 30, 60, 55, 50, 45, 40]
        for t in 0..<12 {
            #expect(near(l.buyers[.operatingCashFlow][0, t], -5 * M), "t = \(t)")
            #expect(near(l.buyers[.funding][0, t], funding[t] * M), "t = \(t)")
            #expect(near(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
        }
        #expect(s.defaultMonth == [nil])
        #expect(s.downRound == [true])
        #expect(near(s.ownership[0], 495.0 / 540 * 505.0 / 540))
        #expect(near(try #require(s.impliedEquity[0]), 540 * M))
        #expect(near(s.equityAtHorizon[0], 520 * M))
        var npv = 480 * M / 1.1
        for t in 0..<12 { npv -= 5 * M * pow(1.1, -Double(t + 1) / 12) }
        #expect(near(s.buyerNPV[0], npv))
    }

    /// With `max_dilution` 5 % the round at t = 0 raises 0.05/0.95 × 495 = 26.052631…; cash 41.05… is
    /// still below `min_cash` 50, so the backer (capacity 10, `always`) covers 10 of the 18.947… left, at
    /// the pre-money after the round, 521.052631…: ownership = 495/521.05… × 521.05…/531.05… =
    /// 495/531.052631…; cash = 15 + 36.052631…. With `min_cash` 0 the backer keeps its money.
    @Test func aBackerCoversWhatTheRoundLeftShortWithinItsCapacity() throws {
        let M = Self.M
        let backer = Backer(id: "anchor", capacity: .constant(10 * M))
        let idle = try S.simulate(Self.scenario(months: 1, maxDilution: 0.05, backers: [backer]), deterministic: true)
        #expect(idle.summary.backerFunding == [0])
        let sim = try S.simulate(Self.scenario(months: 1, maxDilution: 0.05, backers: [backer], minCash: 50), deterministic: true)
        let round = 0.05 / 0.95 * 495
        #expect(near(sim.ledger.buyers[.funding][0, 0], (round + 10) * M))
        #expect(near(sim.ledger.buyers[.backerFunding][0, 0], 10 * M))
        #expect(near(sim.ledger.buyers[.cash][0, 0], (15 + round + 10) * M))
        #expect(near(sim.summary.backerFunding[0], 10 * M))
        #expect(near(sim.summary.ownership[0], 495 / (495 + round + 10)))
    }

    /// With access elasticity 5 the round's odds are 0.825⁵ = 0.3817: its hazard −log(0.6183) = 0.481
    /// stays below log 2, so it does not close in its first month; cash 15 is below `min_cash` 20. Backers in order:
    /// `after_ipo` (no IPO: skipped), `while_purchasing` the provider `chips` (the buyer has no contract
    /// with it: skipped), then `always` with capacity 30 covers 30 of the 45 needed at pre-money 495.
    /// As a provider, that backer's money is vendor financing, not equity raised.
    @Test(arguments: [false, true])
    func backersStepInWhenTheRoundFailsAndOnlyWhenTheirConditionHolds(alwaysIsProvider: Bool) throws {
        let M = Self.M
        let backers = [
            Backer(id: "listed", capacity: .constant(100 * M), condition: .afterIPO),
            Backer(id: "supplier", capacity: .constant(100 * M), condition: .whilePurchasing, provider: "chips"),
            Backer(id: "holder", capacity: .constant(30 * M), condition: .always, provider: alwaysIsProvider ? "chips" : nil),
        ]
        let sim = try S.simulate(Self.scenario(months: 1, elasticity: 5, backers: backers, providers: [Provider(id: "chips")],
                                               minCash: 20), deterministic: true)
        let l = sim.ledger
        #expect(near(l.buyers[.funding][0, 0], alwaysIsProvider ? 0 : 30 * M))
        #expect(near(l.buyers[.vendorFinancing][0, 0], alwaysIsProvider ? 30 * M : 0))
        #expect(near(l.buyers[.cash][0, 0], 45 * M))
        #expect(sim.summary.backerFunding == [0, 0, 30 * M])
        #expect(near(sim.summary.ownership[0], 495.0 / 525))
    }

    /// A priced IPO in month 0 (window of one month, yearly chance 100 %): it sells 10 % of the company
    /// at pre-money 495, raising 0.1/0.9 × 495 = 55; runway is then 70/5 = 14 ≥ 6, so no round.
    @Test func aPricedIPOSellsItsFloatAtTheEquityValue() throws {
        let M = Self.M
        let ipo = IPO(from: S.month(0), to: S.month(0), probabilityPerYear: .constant(1), floatShare: .constant(0.1))
        let sim = try S.simulate(Self.scenario(months: 1, ipo: ipo), deterministic: true)
        #expect(sim.summary.ipo == [true])
        #expect(near(sim.ledger.buyers[.funding][0, 0], 55 * M))
        #expect(near(sim.summary.ownership[0], 0.9))
        #expect(sim.summary.downRound == [true])
    }

    /// Without a last round the first raise sets the reference: no down round, odds = the regime's.
    @Test func theFirstRaiseWithoutALastRoundIsNotADownRound() throws {
        let sim = try S.simulate(Self.scenario(lastPost: nil), deterministic: true)
        #expect(near(sim.ledger.buyers[.funding][0, 0], 45 * Self.M))
        // t = 7: pre-money 505 < the first post-money 540: a down round.
        #expect(sim.summary.downRound == [true])
        #expect(sim.summary.impliedEquity[0] == nil)
    }

    /// A round whose monthly odds are below ½ closes in the base case once its hazard adds up to log 2:
    /// with elasticity 5, p = 0.3817 at t = 0 (hazard 0.481); at t = 1 cash 10 and pre-money 490,
    /// p = (490/600)⁵ = 0.3631, hazard 0.481 + 0.451 = 0.932 ≥ 0.693: it closes, raising 12 × 5 − 10 = 50.
    @Test func aSlowRoundClosesWhenItsHazardAddsUp() throws {
        let sim = try S.simulate(Self.scenario(months: 2, elasticity: 5), deterministic: true)
        #expect(sim.ledger.buyers[.funding][0, 0] == 0)
        #expect(near(sim.ledger.buyers[.funding][0, 1], 50 * Self.M))
        #expect(near(sim.summary.ownership[0], 490.0 / 540))
    }

    /// A weaker path (the multiple halved) raises the same need at a lower price: more dilution.
    @Test func aWeakerValuationSellsMoreOfTheCompanyForTheSameCash() throws {
        var weak = Self.scenario(months: 1, lastPost: nil)
        weak.buyers[0].funding.valuation!.multiples = [.init(growth: .constant(-0.1), multiple: .constant(1)),
                                                        .init(growth: .constant(0.2), multiple: .constant(4))]
        let strong = try S.simulate(Self.scenario(months: 1, lastPost: nil), deterministic: true)
        let weaker = try S.simulate(weak, deterministic: true)
        #expect(near(strong.ledger.buyers[.funding][0, 0], weaker.ledger.buyers[.funding][0, 0]))
        // EV 240: pre-money 255; ownership 255/300 against 495/540.
        #expect(near(weaker.summary.ownership[0], 255.0 / 300))
        #expect(weaker.summary.ownership[0] < strong.summary.ownership[0])
    }

    // MARK: - Validation

    @Test func validationNamesEveryMisuse() {
        var scenario = Self.scenario(backers: [Backer(id: "b", capacity: .constant(1), condition: .whilePurchasing),
                                               Backer(id: "b", capacity: .constant(1), provider: "nobody")])
        scenario.buyers[0].funding.valuation!.multiples = [.init(growth: .constant(0.2), multiple: .constant(8)),
                                                           .init(growth: .uniform(min: 0, max: 0.1), multiple: .constant(2)),
                                                           .init(growth: .constant(0.1), multiple: .constant(2))]
        scenario.buyers[0].funding.ipo = IPO(from: S.month(0), to: S.month(1), probabilityPerYear: .constant(0.5),
                                             size: .constant(1), floatShare: .constant(0.1))
        let messages = scenario.validate().map { "\($0.path): \($0.message)" }
        let expected = [
            "buyers[0].funding.ipo: an IPO has both `size` and `float_share`",
            "buyers[0].funding.valuation.multiples[1].growth: a growth of the multiple's table must be a fixed number",
            "buyers[0].funding.valuation.multiples[2].growth: the multiple's table is not in increasing order of growth",
            "buyers[0].funding.backers[1].id: duplicate backer id `b`",
            "buyers[0].funding.backers[0].provider: a backer that invests while purchases continue needs the provider it sells as",
            "buyers[0].funding.backers[1].provider: unknown provider `nobody`",
        ]
        for line in expected { #expect(messages.contains(line), "missing: \(line)\n\(messages.joined(separator: "\n"))") }

        var noValuation = Self.scenario(backers: [Backer(id: "b", capacity: .constant(1))])
        noValuation.buyers[0].funding.valuation = nil
        noValuation.buyers[0].funding.roundSize = .constant(1)
        noValuation.buyers[0].funding.ipo = IPO(from: S.month(0), to: S.month(1), probabilityPerYear: .constant(0.5), floatShare: .constant(0.1))
        let other = noValuation.validate().map { "\($0.path): \($0.message)" }
        #expect(other.contains("buyers[0].funding.backers: backers invest only beside a priced round"), "\(other)")
        #expect(other.contains("buyers[0].funding.ipo.float_share: a priced IPO needs the buyer's valuation"), "\(other)")
    }

    @Test func keysWithoutEffectUnderAValuationAreWarned() {
        var scenario = Self.scenario()
        scenario.buyers[0].funding.cooldownMonths = .constant(2)
        scenario.buyers[0].funding.roundSize = .constant(1e9)
        scenario.buyers[0].terminalMultiple = .constant(5)
        let paths = ScenarioWarnings.check(scenario).map(\.path)
        #expect(paths.contains("buyers[0].funding.cooldown_months"))
        #expect(paths.contains("buyers[0].funding.round_size"))
        #expect(paths.contains("buyers[0].terminal_multiple"))
        #expect(!paths.contains("buyers[0].funding.growth_sensitivity"))
        scenario.buyers[0].funding.valuation = nil
        #expect(ScenarioWarnings.check(scenario).isEmpty)
    }
}
