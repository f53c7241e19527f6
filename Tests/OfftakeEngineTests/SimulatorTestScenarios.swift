import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport

// Shared by the Simulator* test suites: a seeded scenario generator for the accounting identities,
// small builders for the hand-computed scenarios, and helpers to read a path's parameters and ledger.

enum SimulatorTestScenarios {
    static let start = Month(year: 2026, month: 1)

    /// The month `t` months after January 2026.
    static func month(_ t: Int) -> Month { start.advanced(by: t) }

    // MARK: - Reading a simulated path

    /// A path's drawn parameter values by id path (`contracts.c0.take_or_pay`).
    struct Values {
        let index: [String: Int]
        let values: [Double]
        init(_ sim: PathSimulator) {
            index = sim.model.sampler.index
            values = sim.values
        }
        subscript(_ path: String) -> Double {
            guard let i = index[path] else { preconditionFailure("no parameter \(path)") }
            return values[i]
        }
        func optional(_ path: String) -> Double? { index[path].map { values[$0] } }
    }

    /// Every monthly grid of a ledger, named, for whole-ledger comparisons.
    static func grids(_ l: PathLedger) -> [(String, MonthGrid)] {
        BuyerSeries.allCases.map { ("buyers.\($0)", l.buyers[$0]) }
            + ContractSeries.allCases.map { ("contracts.\($0)", l.contracts[$0]) }
            + ProviderSeries.allCases.map { ("providers.\($0)", l.providers[$0]) }
    }

    /// Names of the grids in which two ledgers differ (bitwise; NaN equal to NaN).
    static func differingGrids(_ a: PathLedger, _ b: PathLedger) -> [String] {
        zip(grids(a), grids(b)).compactMap { x, y in
            let same = x.1.months == y.1.months && x.1.values.count == y.1.values.count
                && zip(x.1.values, y.1.values).allSatisfy { $0.bitPattern == $1.bitPattern }
            return same ? nil : x.0
        }
    }

    /// Simulates path `path` of `seed` of `scenario` with a fresh simulator.
    static func simulate(_ scenario: Scenario, seed: UInt64 = 42, path: UInt64 = 0, deterministic: Bool = false) throws -> PathSimulator {
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        sim.simulate(seed: seed, path: path, deterministic: deterministic)
        return sim
    }

    // MARK: - Building blocks of the hand-computed scenarios

    /// One regime `steady` with the given drift and volatility, price `P0·(1 − decline)^{t/12}·premium`.
    static func oneRegimeMarket(drift: Double = 0, vol: Double = 0, fundingSuccess: Double = 0.5, premium: Double = 1,
                                availability: Double = 1, creditSpread: Double = 0, price: Double = 1e6, decline: Double = 0,
                                elasticity: Double = 0) -> Market {
        Market(
            regimes: RegimeModel(
                regimes: [Regime(name: "steady", demandDrift: .constant(drift), demandVol: .constant(vol),
                                 fundingSuccess: .constant(fundingSuccess), spotPremium: .constant(premium),
                                 spotAvailability: .constant(availability), creditSpread: .constant(creditSpread))],
                initial: .named("steady"), transitions: [[1]]),
            computePrice: ComputePrice(initial: .constant(price), decline: .constant(decline), demandElasticity: .constant(elasticity)))
    }

    /// A training + inference accelerator of efficiency 1.
    static func gpu(capexPerMW: Double = 0, life: Double = 60) -> Accelerator {
        Accelerator(id: "gpu", workloads: [.training, .inference], inferenceEfficiency: .constant(1),
                    capexPerMW: .constant(capexPerMW), lifeMonths: .constant(life))
    }

    /// A buyer with constant growth `growth` (no decay), demand beta 1, revenue per MW `revenuePerMW`.
    static func buyer(id: String = "lab", cash0: Double, revenue0: Double, growth: Double = 0, revenuePerMW: Double = 1e6,
                      training: Schedule = Schedule(), opexFixed: Double = 0, opexShare: Double = 0,
                      funding: Funding = Funding(), spot: SpotPolicy = SpotPolicy(), austerity: Austerity = Austerity(),
                      discountRate: Double = 0.1, terminalMultiple: Double = 0) -> Buyer {
        Buyer(id: id, cash0: .constant(cash0), revenue0: .constant(revenue0),
              growth: RevenueGrowth(initial: .constant(growth), longRun: nil, halfLifeMonths: .constant(12), demandBeta: .constant(1)),
              revenuePerMW: RevenuePerMW(initial: .constant(revenuePerMW), trend: .constant(0)),
              trainingPlan: training, austerity: austerity,
              opex: OperatingCosts(fixed: .constant(opexFixed), growth: .constant(0), revenueShare: .constant(opexShare)),
              funding: funding, spot: spot, discountRate: .constant(discountRate), terminalMultiple: .constant(terminalMultiple))
    }

    static func horizon(months: Int) -> Horizon { Horizon(start: start, end: start.advanced(by: months - 1)) }

    // MARK: - Random scenarios for the identities

    /// A random scenario, reproducible from `index`: 1–3 buyers, 1–3 providers (some with a balance
    /// sheet, some without), 1–5 contracts with random tranches, prices (per MW-month or total value),
    /// take-or-pay, prepayment, termination fee, recovery, delivery delay; scheduled funding rounds and
    /// the funding policy; spot; austerity; 1–3 regimes with a random valid transition matrix; sometimes
    /// a correlation. Every value lies inside the domains `Scenario.validate()` accepts.
    static func random(index: Int) -> Scenario {
        var g = SplitMix64(seed: 0x0FF7_A4E5_0000_0000 &+ UInt64(index) &* 0x9E37_79B9)
        var builder = RandomScenarioBuilder(generator: g.next())
        return builder.build(name: "random-\(index)")
    }
}

/// Builds one random scenario (see ``SimulatorTestScenarios/random(index:)``).
struct RandomScenarioBuilder {
    var g: SplitMix64
    init(generator seed: UInt64) { g = SplitMix64(seed: seed) }

    mutating func u(_ a: Double, _ b: Double) -> Double { Double.random(in: a...b, using: &g) }
    mutating func int(_ a: Int, _ b: Int) -> Int { Int.random(in: a...b, using: &g) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &g) < p }

    /// A non-negative amount around [lo, hi]: a constant, uniform, triangular, PERT or lognormal.
    mutating func amount(_ lo: Double, _ hi: Double) -> Distribution {
        switch int(0, 4) {
        case 0: return .constant(u(lo, hi))
        case 1: return .uniform(min: lo, max: hi)
        case 2: return .triangular(min: lo, mode: u(lo, hi), max: hi)
        case 3: return .pert(min: lo, mode: u(lo, hi), max: hi)
        default:
            let mid = (lo + hi) / 2
            return .lognormal(mu: log(max(mid, 1e-9)), sigma: 0.3)
        }
    }

    /// A share inside [lo, hi] ⊂ [0, 1].
    mutating func share(_ lo: Double, _ hi: Double) -> Distribution {
        switch int(0, 3) {
        case 0: return .constant(u(lo, hi))
        case 1: return .uniform(min: lo, max: hi)
        case 2: return .pert(min: lo, mode: u(lo, hi), max: hi)
        default: return lo == 0 && hi == 1 ? .beta(alpha: u(1, 4), beta: u(1, 4)) : .uniform(min: lo, max: hi)
        }
    }

    /// A number of months in [0, hi]: a constant, uniform, Poisson (truncated to [0, hi]) or discrete.
    mutating func months(_ hi: Int) -> Distribution {
        switch int(0, 3) {
        case 0: return .constant(Double(int(0, hi)))
        case 1: return .uniform(min: 0, max: Double(hi))
        case 2: return .poisson(lambda: u(0.5, Double(hi) / 2))
        default: return .discrete(values: [0, Double(hi / 3), Double(hi)], weights: [0.5, 0.3, 0.2])
        }
    }

    mutating func build(name: String) -> Scenario {
        let T = int(12, 48)
        let horizon = SimulatorTestScenarios.horizon(months: T)
        let month = SimulatorTestScenarios.month

        // Market.
        let names = ["steady", "boom", "bust"]
        let nR = int(1, 3)
        var regimes: [Regime] = []
        for r in 0..<nR {
            let drift: Distribution = chance(0.5) ? .normal(mean: [0.1, 0.4, -0.3][r], sd: 0.05) : .constant([0.1, 0.4, -0.3][r])
            regimes.append(Regime(
                name: names[r], demandDrift: drift, demandVol: chance(0.5) ? .uniform(min: 0.1, max: 0.5) : .constant(u(0, 0.5)),
                fundingSuccess: share(0.1, 0.95), spotPremium: amount(0.7, 1.5), spotAvailability: share(0.2, 1),
                creditSpread: chance(0.5) ? .constant(u(0, 0.03)) : .uniform(min: 0, max: 0.05)))
        }
        var transitions: [[Double]] = []
        for i in 0..<nR {
            var row = (0..<nR).map { j in u(0.02, 1) + (i == j ? 10 : 0) }
            let total = row.reduce(0, +)
            row = row.map { $0 / total }
            row[nR - 1] = max(0, 1 - row[0..<(nR - 1)].reduce(0, +))
            transitions.append(row)
        }
        let initial: InitialRegime
        if nR > 1 && chance(0.5) {
            var w = (0..<nR).map { _ in u(0.1, 1) }
            let total = w.reduce(0, +)
            w = w.map { $0 / total }
            w[nR - 1] = max(0, 1 - w[0..<(nR - 1)].reduce(0, +))
            initial = .probabilities(Array(names[0..<nR]), w)
        } else {
            initial = .named(names[int(0, nR - 1)])
        }
        let market = Market(
            regimes: RegimeModel(regimes: regimes, initial: initial, transitions: transitions),
            computePrice: ComputePrice(initial: amount(0.8e6, 2e6), decline: .uniform(min: 0, max: 0.3), demandElasticity: .uniform(min: 0, max: 1)))

        // Accelerators: a GPU (training + inference), an inference ASIC, a more efficient trainer.
        let accelerators = [
            Accelerator(id: "gpu", workloads: [.training, .inference], inferenceEfficiency: .constant(1), capexPerMW: amount(5e6, 12e6),
                        lifeMonths: .uniform(min: 36, max: 72)),
            Accelerator(id: "asic", workloads: [.inference], inferenceEfficiency: .uniform(min: 1.1, max: 1.6), capexPerMW: amount(3e6, 8e6)),
            Accelerator(id: "tpu", workloads: [.training, .inference], inferenceEfficiency: .constant(1.2), capexPerMW: amount(4e6, 9e6)),
        ]

        // Buyers.
        let nB = int(1, 3)
        var buyers: [Buyer] = []
        for b in 0..<nB {
            var entries: [Schedule.Entry] = []
            let byYear = chance(0.5)
            if byYear {
                for year in SimulatorTestScenarios.start.year...horizon.end.year where chance(0.7) {
                    entries.append(.init(month: Month(year: year, month: 1), value: amount(0, 600)))
                }
            } else {
                var t = int(0, 6)
                while t < T {
                    entries.append(.init(month: month(t), value: amount(0, 600)))
                    t += int(3, 15)
                }
            }
            var scheduled: [Funding.Round] = []
            for _ in 0..<int(0, 2) {
                scheduled.append(.init(month: month(int(0, T - 1)), amount: amount(1e9, 8e9), probability: share(0.3, 1)))
            }
            let policy = chance(0.6)
            buyers.append(Buyer(
                id: "b\(b)", cash0: amount(5e9, 40e9), revenue0: amount(0.1e9, 1.5e9),
                growth: RevenueGrowth(initial: .uniform(min: 0.3, max: 2.0), longRun: chance(0.5) ? .uniform(min: 0.05, max: 0.3) : nil,
                                      halfLifeMonths: .uniform(min: 6, max: 36), demandBeta: chance(0.5) ? .normal(mean: 1, sd: 0.3) : .constant(1)),
                revenuePerMW: RevenuePerMW(initial: amount(1e6, 4e6), trend: .uniform(min: -0.3, max: 0.1)),
                trainingPlan: Schedule(entries: entries, byYear: byYear),
                austerity: Austerity(runwayMonths: .uniform(min: 0, max: 12), trainingCut: share(0, 0.9)),
                opex: OperatingCosts(fixed: amount(0.05e9, 0.5e9), growth: .uniform(min: 0, max: 0.3), revenueShare: share(0, 0.4)),
                funding: Funding(scheduled: scheduled, raiseBelowRunwayMonths: policy ? .uniform(min: 2, max: 12) : nil,
                                 roundSize: policy ? amount(1e9, 10e9) : .constant(0), cooldownMonths: months(12),
                                 growthSensitivity: chance(0.5) ? .normal(mean: 0.5, sd: 0.3) : .constant(0)),
                spot: SpotPolicy(maxMW: amount(0, 400), markup: .uniform(min: 1, max: 1.5), minRunwayMonths: .uniform(min: 0, max: 12)),
                discountRate: .uniform(min: 0.05, max: 0.2), terminalMultiple: .uniform(min: 0, max: 10)))
        }

        // Providers: the first has a balance sheet, the second never, the third at random.
        let nP = int(1, 3)
        var providers: [Provider] = []
        for p in 0..<nP {
            let financials = p == 0 || (p == 2 && chance(0.5))
            guard financials else { providers.append(Provider(id: "p\(p)")); continue }
            providers.append(Provider(id: "p\(p)", financials: ProviderFinancials(
                cash0: chance(0.5) ? .normal(mean: 2e9, sd: 1e9) : .constant(u(-1e9, 3e9)), debt0: .uniform(min: 0, max: 5e9),
                baseEBITDA: .normal(mean: 0.2e9, sd: 0.05e9), baseGrowth: .uniform(min: -0.05, max: 0.2),
                interestRate: .uniform(min: 0.04, max: 0.09), leverageCovenant: chance(0.5) ? .uniform(min: 3, max: 6) : nil,
                wacc: .uniform(min: 0.07, max: 0.12), facilityCapexPerMW: amount(2e6, 6e6), buildMonths: months(24),
                debtFraction: share(0, 1), amortizationYears: chance(0.5) ? .uniform(min: 1, max: 10) : nil,
                opexPerMWMonth: amount(0.02e6, 0.2e6), facilityLifeMonths: .uniform(min: 120, max: 300),
                release: Release(hazard: share(0, 0.3), discount: .uniform(min: 0.4, max: 1)))))
        }

        // Contracts.
        let nC = int(1, 5)
        var contracts: [Contract] = []
        for c in 0..<nC {
            var starts: [Int] = []
            for _ in 0..<int(1, 3) { starts.append(int(0, T - 1)) }
            starts.sort()
            let tranches = starts.map { Tranche(start: month($0), mw: amount(50, 800)) }
            let endIndex = int(starts.last!, T - 1)
            let term: ContractTerm = chance(0.5) ? .end(month(endIndex)) : .months(endIndex - starts[0] + 1)
            let price: ContractPrice
            if chance(0.5) {
                price = .perMWMonth(amount(0.8e6, 2.5e6))
            } else {
                // About 0.6–1.4 × 1.5M per planned MW-month (tranche sizes at their midpoint, 425 MW).
                var mwMonths = 0.0
                for t in starts[0]...endIndex { mwMonths += 425 * Double(starts.filter { $0 <= t }.count) }
                price = .totalValue(amount(0.6 * 1.5e6 * mwMonths, 1.4 * 1.5e6 * mwMonths))
            }
            let delay: Distribution
            switch int(0, 4) {
            case 0, 1: delay = .constant(0)
            case 2: delay = .poisson(lambda: u(1, 6))
            case 3: delay = .uniform(min: 0, max: 12)
            default: delay = .discrete(values: [0, 3, 6], weights: [0.5, 0.3, 0.2])
            }
            contracts.append(Contract(
                id: "c\(c)", buyer: "b\(int(0, nB - 1))", provider: "p\(int(0, nP - 1))", accelerator: ["gpu", "asic", "tpu"][int(0, 2)],
                tranches: tranches, term: term, price: price,
                escalator: chance(0.5) ? .constant(u(0, 0.05)) : .uniform(min: 0, max: 0.05),
                takeOrPay: chance(0.4) ? .constant(1) : share(0.5, 1),
                prepayment: chance(0.4) ? Prepayment(amount: amount(0.1e9, 3e9), month: month(int(0, endIndex))) : nil,
                terminationFeeMonths: chance(0.5) ? months(24) : nil,
                recoveryRate: share(0, 1), recoveryLagMonths: months(36), deliveryDelay: delay))
        }

        var scenario = Scenario(name: name, horizon: horizon, market: market, accelerators: accelerators, buyers: buyers,
                                providers: providers, contracts: contracts)
        // Sometimes a correlation between two uncertain parameters of the first buyer.
        if chance(0.5), case .uniform = scenario.buyers[0].growth.initial, !scenario.buyers[0].revenue0.isConstant {
            scenario.correlations = Correlations(parameters: ["buyers.b0.growth.initial", "buyers.b0.revenue0"],
                                                 matrix: [[1, 0.6], [0.6, 1]])
        }
        return scenario
    }
}

// MARK: - Builders of the deal-term and workout scenarios

extension SimulatorTestScenarios {
    /// 8 months (t = 0…7), one regime, demand index 1, market price `marketPrice` $M per MW-month.
    /// Buyer `lab`: cash `cash0`, revenue potential 20/month at 1 per MW (inference demand 20 MW),
    /// opex 7/month, the given workout. Contract `deal` with `cloud`: tranche A 10 MW from t = 0,
    /// tranche B 10 MW from t = 3, to t = 7, 0.5 per MW-month, take-or-pay 1, recovery `recovery`.
    ///
    /// Before the workout: t = 0…2 revenue 10 (10 MW serve half the demand), charge 5, operating
    /// cash flow 10 − 7 − 5 = −2; from t = 3 revenue 20, charge 10, operating cash flow +3.
    /// `cloud` has no balance sheet unless `cloud` is given (then its capex is zero).
    static func twoTrancheScenario(cash0: Double, workout: Workout, recovery: Double = 0, marketPrice: Double = 1,
                                   cloud: ProviderFinancials? = nil, vendorPerMW: Double? = nil) -> Scenario {
        let M = 1e6
        var buyer = buyer(cash0: cash0 * M, revenue0: 20 * M, opexFixed: 7 * M)
        buyer.workout = workout
        let contract = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
            tranches: [Tranche(start: month(0), mw: .constant(10)), Tranche(start: month(3), mw: .constant(10))],
            term: .end(month(7)), price: .perMWMonth(.constant(0.5 * M)), recoveryRate: .constant(recovery),
            vendorFinancing: vendorPerMW.map { VendorFinancing(perMW: .constant($0 * M)) })
        return Scenario(name: "two-tranche", horizon: horizon(months: 8), market: oneRegimeMarket(price: marketPrice * M),
                        accelerators: [gpu()], buyers: [buyer], providers: [Provider(id: "cloud", financials: cloud)], contracts: [contract])
    }

    /// A provider balance sheet that builds nothing (no facility capex, no build months), cash 0, no
    /// debt, WACC `wacc`, re-lease discount `releaseDiscount`.
    static func idleBooks(wacc: Double, releaseDiscount: Double) -> ProviderFinancials {
        ProviderFinancials(cash0: .constant(0), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0),
                           wacc: .constant(wacc), facilityCapexPerMW: .constant(0), buildMonths: .constant(0),
                           release: Release(hazard: .constant(0), discount: .constant(releaseDiscount)))
    }
}

// MARK: - Random scenarios with the deal terms and the workout

extension SimulatorTestScenarios {
    /// ``random(index:)`` with, at random, the terms of deals as written added on top (drawn from a
    /// generator of their own, so the base scenario is the same as `random(index:)`'s): established
    /// business, workout (facility, cancellation, deferral, sublet), revenue plan with its sensitivity,
    /// revenue-sized policy rounds, IPO; hardware contracts with a host, option tranches, vendor
    /// financing; provider leases, financing mix, debt sweep, other customers, rating tests.
    static func randomWithDeals(index: Int) -> Scenario {
        var scenario = random(index: index)
        var g = SplitMix64(seed: 0xDEA1_5000_0000_0000 &+ UInt64(index) &* 0x9E37_79B9)
        var builder = RandomScenarioBuilder(generator: g.next())
        builder.addDealTerms(to: &scenario)
        return scenario
    }
}

extension SimulatorTestScenarios {
    /// ``randomWithDeals(index:)`` with a restructuring (`workout.restructuring`, drawn from a generator of
    /// its own) on every buyer, a workout added where there was none: a short or long forward window,
    /// deferral and extension offered on half the buyers, any belief, a price cut up to a half.
    static func randomWithRestructuring(index: Int) -> Scenario {
        var scenario = randomWithDeals(index: index)
        var g = SplitMix64(seed: 0x5E57_2000_0000_0000 &+ UInt64(index) &* 0x9E37_79B9)
        var r = RandomScenarioBuilder(generator: g.next())
        for b in scenario.buyers.indices {
            // Without a deferral or an extension on offer (half the buyers), the costlier concessions are
            // asked for, over short windows (a price cut then keeps the term's tail) and low beliefs.
            let stretch = r.chance(0.5)
            scenario.buyers[b].workout.restructuring = Restructuring(
                forwardMonths: .constant(Double(stretch ? r.int(3, 24) : r.int(3, 9))), providerDefaultBelief: stretch ? r.share(0, 0.9) : r.share(0, 0.3),
                deferralShare: stretch ? r.share(0, 0.6) : .constant(0), deferralMonths: .constant(Double(r.int(1, 36))),
                deferralInterestRate: .uniform(min: 0, max: 0.2),
                extensionShare: stretch ? r.share(0, 0.6) : .constant(0), extensionMonths: .constant(Double(r.int(1, 24))),
                maxPriceCut: r.chance(0.2) ? .constant(0) : r.share(0, 0.5),
                optionMargin: .uniform(min: 0, max: 0.3), optionMinRunway: .constant(Double(r.int(0, 12))))
        }
        return scenario
    }
}

extension RandomScenarioBuilder {
    mutating func addDealTerms(to scenario: inout Scenario) {
        let T = scenario.horizon.monthCount
        let month = SimulatorTestScenarios.month
        for b in scenario.buyers.indices {
            if chance(0.4) {
                scenario.buyers[b].established = EstablishedBusiness(
                    revenue0: amount(0.2e9, 2e9), growth: .uniform(min: 0, max: 0.2),
                    demandBeta: chance(0.5) ? .constant(0) : .uniform(min: 0, max: 1), cashMargin: share(0.1, 0.4))
            }
            if chance(0.8) {
                var w = Workout(minCash: chance(0.3) ? .constant(0) : amount(0.1e9, 3e9))
                if chance(0.8) {
                    w.facility = CreditFacility(revenueMultiple: .uniform(min: 0.1, max: 1), max: chance(0.5) ? amount(1e9, 10e9) : nil,
                                                interestRate: .uniform(min: 0.05, max: 0.15))
                }
                w.cancelUndelivered = chance(0.5)
                if chance(0.7) {
                    w.deferral = Deferral(share: share(0.2, 0.9), months: .constant(Double(int(1, 12))), interestRate: .uniform(min: 0, max: 0.2),
                                          providerDefaultBelief: share(0, 0.9), capMonths: .uniform(min: 0.5, max: 6))
                }
                if chance(0.5) { w.sublet = Sublet(discount: .uniform(min: 0.3, max: 1)) }
                scenario.buyers[b].workout = w
            }
            if chance(0.4) {
                var entries: [Schedule.Entry] = []
                for year in scenario.horizon.start.year...scenario.horizon.end.year {
                    entries.append(.init(month: Month(year: year, month: 1), value: amount(2e9, 30e9)))
                }
                scenario.buyers[b].funding.plan = Schedule(entries: entries, byYear: true)
                scenario.buyers[b].funding.planSensitivity = .uniform(min: 0, max: 2)
            }
            if scenario.buyers[b].funding.raiseBelowRunwayMonths != nil && chance(0.4) {
                scenario.buyers[b].funding.roundRevenueMultiple = .uniform(min: 0.5, max: 3)
            }
            if chance(0.3) {
                let from = int(0, max(0, T / 2))
                scenario.buyers[b].funding.ipo = IPO(from: month(from), to: month(int(from, T - 1)), probabilityPerYear: share(0.2, 0.9),
                                                     size: amount(5e9, 30e9))
            }
        }
        for p in scenario.providers.indices where scenario.providers[p].financials != nil {
            if chance(0.4) {
                scenario.providers[p].financials!.leases = Leases(
                    share: share(0, 1), rentPerMWMonth: amount(0.01e6, 0.1e6), termMonths: .uniform(min: 6, max: 240),
                    discountRate: .uniform(min: 0, max: 0.1), liability0: amount(0, 3e9), rent0: amount(0, 30e6))
            }
            if chance(0.4) { scenario.providers[p].financials!.financing = FinancingMix(equityShare: share(0, 1), minCash: .uniform(min: 0, max: 2e9)) }
            if chance(0.4) { scenario.providers[p].financials!.sweep = DebtSweep(share: share(0, 1), minCash: .uniform(min: 0, max: 3e9)) }
            if chance(0.4) {
                scenario.providers[p].financials!.otherCustomers = OtherCustomers(
                    revenue0: amount(0.05e9, 0.5e9), growth: .uniform(min: 0, max: 0.3), demandBeta: chance(0.5) ? .constant(1) : .uniform(min: 0, max: 1.5),
                    margin: share(0.1, 0.5), capexShare: .uniform(min: 0, max: 0.5))
            }
            if chance(0.4) {
                scenario.providers[p].financials!.rating = RatingPolicy(
                    fiscalYearEnd: int(1, 12), threshold: .uniform(min: 0.3, max: 4), consecutiveYears: int(1, 2),
                    graceUntil: chance(0.5) ? month(int(0, T - 1)) : nil, downgradeThreshold: .uniform(min: 0.5, max: 6), downgradeYears: int(1, 2))
            }
        }
        let providerIDs = scenario.providers.map(\.id)
        for c in scenario.contracts.indices {
            if providerIDs.count > 1 && chance(0.3) {
                let others = providerIDs.filter { $0 != scenario.contracts[c].provider }
                let host = others[int(0, others.count - 1)]
                scenario.contracts[c].kind = .hardware(HardwareTerms(
                    host: host, hostingPricePerMWMonth: amount(0.1e6, 0.5e6), financingMonths: .constant(Double(int(0, 24))),
                    financingRate: .uniform(min: 0, max: 0.12), collateralHaircut: share(0, 1)))
                // A hardware deal is priced per MW of chips or by its total (validation refuses a monthly price).
                let perMW = amount(5e6, 15e6)
                if case .perMWMonth = scenario.contracts[c].price { scenario.contracts[c].price = .perMW(perMW) }
            }
            // Options on every tranche but the first.
            for j in scenario.contracts[c].tranches.indices.dropFirst() where chance(0.5) {
                // Decided inside the horizon: the lead is at most the months from its start to the tranche's.
                let lead = min(int(0, 12), max(0, SimulatorTestScenarios.start.months(to: scenario.contracts[c].tranches[j].start)))
                scenario.contracts[c].tranches[j].option = TrancheOption(
                    decisionLeadMonths: .constant(Double(lead)), demandMargin: .uniform(min: -0.2, max: 0.5),
                    minRunwayMonths: .uniform(min: 0, max: 24), fee: amount(0, 0.5e9))
            }
            if chance(0.3) { scenario.contracts[c].vendorFinancing = VendorFinancing(perMW: amount(0.1e6, 2e6)) }
            // A high recovery makes a provider more likely to refuse a deferral (it would rather claim now).
            if scenario.buyers.first(where: { $0.id == scenario.contracts[c].buyer })?.workout.deferral != nil && chance(0.5) {
                scenario.contracts[c].recoveryRate = .uniform(min: 0.7, max: 1)
            }
        }
        addFundingMarket(to: &scenario)
    }

    /// Funding as a market on some buyers (drawn after every other term, so those stay as they were):
    /// a valuation with a 1–3 point multiple's table (buyers without deferral terms), sometimes a last round; the policy switched on when
    /// absent; 0–2 backers of each condition; sometimes a priced IPO.
    mutating func addFundingMarket(to scenario: inout Scenario) {
        let month = SimulatorTestScenarios.month
        let T = scenario.horizon.monthCount
        let providerIDs = scenario.providers.map(\.id)
        // Not on buyers that ask for deferrals: priced rounds keep them solvent, and refusals would become too rare to check.
        for b in scenario.buyers.indices where chance(0.5) && scenario.buyers[b].workout.deferral == nil {
            var growth = -0.1
            var points: [Valuation.Point] = []
            for _ in 0..<int(1, 3) {
                growth += u(0.05, 0.6)
                points.append(.init(growth: .constant(growth), multiple: .uniform(min: 1, max: 15)))
            }
            var valuation = Valuation(multiples: points, maxDilution: share(0.05, 0.4), targetRunwayMonths: .uniform(min: 6, max: 36),
                                      accessElasticity: .uniform(min: 0, max: 3))
            if chance(0.5) { valuation.lastRound = LastRound(month: month(int(0, T - 1)), postMoney: amount(1e9, 200e9)) }
            var funding = scenario.buyers[b].funding
            funding.valuation = valuation
            funding.roundSize = .constant(0)
            funding.roundRevenueMultiple = nil
            funding.cooldownMonths = Funding().cooldownMonths
            funding.growthSensitivity = .constant(0)
            if funding.raiseBelowRunwayMonths == nil { funding.raiseBelowRunwayMonths = .uniform(min: 2, max: 12) }
            for k in 0..<int(0, 2) {
                let conditions = BackerCondition.allCases
                let condition = conditions[int(0, conditions.count - 1)]
                let provider = condition == .whilePurchasing || chance(0.5) ? providerIDs[int(0, providerIDs.count - 1)] : nil
                funding.backers.append(Backer(id: "backer\(k)", capacity: amount(0.5e9, 20e9), condition: condition, provider: provider))
            }
            if funding.ipo != nil && chance(0.5) {
                funding.ipo?.size = nil
                funding.ipo?.floatShare = share(0.02, 0.3)
            }
            scenario.buyers[b].funding = funding
            scenario.buyers[b].terminalMultiple = .constant(0)
        }
        // Scheduled rounds paid by a provider (vendor financing), on any buyer.
        for b in scenario.buyers.indices {
            for j in scenario.buyers[b].funding.scheduled.indices where chance(0.3) {
                scenario.buyers[b].funding.scheduled[j].provider = providerIDs[int(0, providerIDs.count - 1)]
            }
        }
    }
}
