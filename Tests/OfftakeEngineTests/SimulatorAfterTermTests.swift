import Foundation
import OfftakeEngine
import OfftakeModel
import _OfftakeTestSupport
import Testing

/// Contracts that outlive their term (`PathSimulator+AfterTerm`), by hand on one small deal: a renewal
/// at the market price, capacity re-let after the term, chips that wear out leaving a hall re-let at
/// the lease rent, and the value at the horizon with the lease liability, month by month.
@Suite struct SimulatorAfterTermTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    /// Provider `neo` (cash 1,000, nothing to build, WACC 10 %, opex `opex`/MW-month, facility life
    /// `facilityLife`, re-lease hazard `hazard` and discount 0.5, leases `leases`); buyer `lab` with
    /// demand 5 MW; contract `c`: 2 MW from month 0 to month 11 at 1/MW-month, take-or-pay 100 %, with
    /// `renewal`; a 24-month horizon; market price 2/MW-month, flat; chips live `chipLife` months.
    static func scenario(renewal: Renewal? = nil, hazard: Double = 1, opex: Double = 0, facilityLife: Double = 240,
                         chipLife: Double = 60, leases: Leases? = nil) -> Scenario {
        let M = Self.M
        let neo = ProviderFinancials(
            cash0: .constant(1000 * M), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0),
            wacc: .constant(0.1), facilityCapexPerMW: .constant(0), buildMonths: .constant(0), opexPerMWMonth: .constant(opex * M),
            facilityLifeMonths: .constant(facilityLife), release: Release(hazard: .constant(hazard), discount: .constant(0.5)), leases: leases)
        let contract = Contract(id: "c", buyer: "lab", provider: "neo", accelerator: "gpu",
                                tranches: [Tranche(start: S.month(0), mw: .constant(2))], term: .end(S.month(11)),
                                price: .perMWMonth(.constant(1 * M)), renewal: renewal)
        return Scenario(name: "after-term", horizon: S.horizon(months: 24), market: S.oneRegimeMarket(price: 2 * M),
                        accelerators: [S.gpu(life: chipLife)], buyers: [S.buyer(cash0: 1000 * M, revenue0: 5 * M)],
                        providers: [Provider(id: "neo", financials: neo)], contracts: [contract])
    }

    static func renewedMetric(_ scenario: Scenario) throws -> Double {
        let outcome = try RunRequest(scenario: scenario, seed: 42, paths: 0..<1, threads: 1).run()
        return outcome.result.metrics["contract.c.renewed"]!.mean
    }

    /// Renewal with probability 0.9 for 6 months at 0.75 × the market price: the base case's u = ½
    /// renews at month 11 and again at month 17, so months 12–23 bill 2 MW × 0.75 × 2 = 3 a month; the
    /// buyer keeps its 2 MW and the provider has nothing back to re-let.
    @Test func aRenewalBillsTheMarketPriceForItsTerm() throws {
        let M = Self.M
        let scenario = Self.scenario(renewal: Renewal(probability: .constant(0.9), termMonths: .constant(6), priceFactor: .constant(0.75)))
        let l = try S.simulate(scenario, deterministic: true).ledger
        for t in 0..<24 {
            #expect(abs(l.contracts[.charge][0, t] - (t <= 11 ? 2 : 3) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.contracts[.deliveredMW][0, t] - 2) < 1e-12, "t = \(t)")
            #expect(l.providers[.releaseIncome][0, t] == 0, "t = \(t)")
            #expect(abs(l.providers[.mwOnline][0, t] - 2) < 1e-12, "t = \(t)")
        }
        // u ∈ (0, 1): probability 1 always renews, 0 never.
        #expect(try Self.renewedMetric(Self.scenario(renewal: Renewal(probability: .constant(1), termMonths: .constant(6)))) == 1)
        #expect(try Self.renewedMetric(Self.scenario(renewal: Renewal(probability: .constant(0), termMonths: .constant(6)))) == 0)
    }

    /// Without renewal the 2 MW come back to `neo` after month 11. The end is known in advance, so they
    /// are re-let from month 12 without the wait a default's stranded capacity takes (hazard 0.25 would
    /// give K = ⌈ln ½ ÷ ln 0.75⌉ = 3 months), at the market price 2 × discount 0.5 = 1 per MW-month,
    /// online (and paying opex 0.1) throughout.
    @Test func capacityIsReletAfterTheTerm() throws {
        let M = Self.M
        let l = try S.simulate(Self.scenario(hazard: 0.25, opex: 0.1), deterministic: true).ledger
        for t in 0..<24 {
            #expect(abs(l.contracts[.charge][0, t] - (t <= 11 ? 2 : 0) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.providers[.mwOnline][0, t] - 2) < 1e-12, "t = \(t)")
            #expect(l.providers[.strandedMW][0, t] == 0, "t = \(t)")
            #expect(abs(l.providers[.releaseIncome][0, t] - (t >= 12 ? 2 : 0) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.providers[.opex][0, t] - 0.2 * M) < 1e-6, "t = \(t)")
        }
    }

    /// Chips that live 15 months on a fully leased site (rent 0.3/MW-month): after the term the 2 MW are
    /// re-let at once (hazard 1) at 1 per MW-month (more than opex 0 + the hall's 0.3) until the chips
    /// die at age 15; from month 15 the hall is let empty at the rent, 0.3 per MW-month, and is not
    /// online. The rent runs on (0.6 a month) and is never paid on a site that is neither online nor let.
    @Test func wornOutChipsLeaveAHallReletAtTheRent() throws {
        let M = Self.M
        let leases = Leases(share: .constant(1), rentPerMWMonth: .constant(0.3 * M))
        let l = try S.simulate(Self.scenario(chipLife: 15, leases: leases), deterministic: true).ledger
        for t in 0..<24 {
            let release: Double = t <= 11 ? 0 : t < 15 ? 2 : 0.6
            #expect(abs(l.providers[.releaseIncome][0, t] - release * M) < 1e-6, "t = \(t)")
            #expect(abs(l.providers[.mwOnline][0, t] - (t < 15 ? 2 : 0)) < 1e-12, "t = \(t)")
            #expect(abs(l.providers[.buildRent][0, t] - 0.6 * M) < 1e-6, "t = \(t)")
            #expect(l.providers[.mwOnline][0, t] > 0 || l.providers[.releaseIncome][0, t] > 0, "t = \(t)")
        }
    }

    /// Chips that would not pay after the term are switched off and the hall let at once: opex 0.8 on a
    /// fully leased site (rent 0.3), re-let rate 2 × 0.5 = 1, so 1 − 0.8 ≤ 0.3. From month 12 the 2 MW
    /// earn the rent, 0.6 a month, are not online and pay no opex.
    @Test func chipsThatDoNotPaySwitchOffAndTheHallIsLetAtOnce() throws {
        let M = Self.M
        let leases = Leases(share: .constant(1), rentPerMWMonth: .constant(0.3 * M))
        let l = try S.simulate(Self.scenario(hazard: 0.25, opex: 0.8, leases: leases), deterministic: true).ledger
        for t in 0..<24 {
            #expect(abs(l.providers[.releaseIncome][0, t] - (t >= 12 ? 0.6 : 0) * M) < 1e-6, "t = \(t)")
            #expect(abs(l.providers[.mwOnline][0, t] - (t >= 12 ? 0 : 2)) < 1e-12, "t = \(t)")
            #expect(abs(l.providers[.opex][0, t] - (t >= 12 ? 0 : 1.6) * M) < 1e-6, "t = \(t)")
            #expect(l.providers[.strandedMW][0, t] == 0, "t = \(t)")
        }
    }

    /// The value at the horizon (T − 1 = 23), month by month. The 2 MW, delivered at month 0, are re-let
    /// at 1 per MW-month (already re-let: certain) less opex 0.2, in a facility of life 36 months (it
    /// runs at ages 0–35, months 0–35: 12 months after T − 1). Half the site is leased for 30 months at 0.3/MW-month (rate
    /// 6 %): the leased half earns 6 more months; its rent for months 24–29 is the liability at T − 1,
    /// 1 MW × 0.3 × a(6) with a(n) = Σ_{i=1}^{n} (1 + i_m)^{−i}, i_m = 1.06^{1/12} − 1. Each month k after
    /// T − 1 is discounted by 1.1^{−k/12}; the NPV with the value adds it × 1.1^{−24/12}.
    @Test func valueAtTheHorizonByHand() throws {
        let M = Self.M
        let leases = Leases(share: .constant(0.5), rentPerMWMonth: .constant(0.3 * M), termMonths: .constant(30))
        let scenario = Self.scenario(opex: 0.2, facilityLife: 36, leases: leases)
        let sim = try S.simulate(scenario, deterministic: true)
        var operating = 0.0
        for k in 1...12 {
            let share = 0.5 + (k <= 6 ? 0.5 : 0)
            operating += (1 - 0.2) * M * 2 * share * pow(1.1, -Double(k) / 12)
        }
        let im = pow(1.06, 1.0 / 12) - 1
        let liability = 1 * 0.3 * M * (1...6).reduce(0.0) { $0 + pow(1 + im, -Double($1)) }
        let expected = operating - liability
        let value = sim.summary.providerResidual[0]
        #expect(abs(value - expected) < 1e-9 * M, "value \(value) vs \(expected)")
        let gap = sim.summary.providerNPVWithResidual[0] - sim.summary.providerNPV[0]
        #expect(abs(gap - expected * pow(1.1, -24.0 / 12)) < 1e-9 * M)
        #expect(abs(sim.ledger.providers[.leaseLiability][0, 23] - liability) < 1e-9 * M)
    }

    /// A contract still serving a live buyer after the horizon earns its price to its end, then is
    /// re-let: the deal renews at month 11 for 18 months (to month 29) at 0.75 × 2 = 1.5 per MW-month.
    /// In a facility of 36 months (months 0–35), months 24–29 earn 2 MW × 1.5 (flat: a renewal does
    /// not escalate), months 30–35 are re-let at 2 × 0.5 = 1 (hazard 1: let in the first month after
    /// the term), no opex.
    @Test func aRenewalRunningPastTheHorizonIsValuedAtItsPriceThenRelet() throws {
        let M = Self.M
        let renewal = Renewal(probability: .constant(1), termMonths: .constant(18), priceFactor: .constant(0.75))
        let sim = try S.simulate(Self.scenario(renewal: renewal, facilityLife: 36), deterministic: true)
        var expected = 0.0
        for k in 1...12 { expected += (k <= 6 ? 1.5 : 1) * M * 2 * pow(1.1, -Double(k) / 12) }
        #expect(abs(sim.summary.providerResidual[0] - expected) < 1e-9 * M, "\(sim.summary.providerResidual[0]) vs \(expected)")
    }
}
