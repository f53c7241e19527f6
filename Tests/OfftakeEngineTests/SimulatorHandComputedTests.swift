import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import _OfftakeTestSupport
import Testing

/// Small deterministic scenarios (one buyer, at most one provider and one contract, one regime, all
/// constants) whose every number is worked out by hand in the comments and written out as literals or
/// explicit arithmetic — not recomputed by a loop that mirrors the engine.
///
/// Money is in dollars; the comments work in $M. Tolerance: relative 1e-12 (absolute 1e-3 $, i.e.
/// 1e-12 of $1B, for amounts that are exactly zero by hand). The engine reaches the same numbers
/// through exp/log (e.g. R₀ = exp(log revenue0), escalators as exp(log1p(r)·m/12)), which differ
/// from the literal by a few ulps; sums run over at most 24 months.
@Suite struct SimulatorHandComputedTests {
    typealias S = SimulatorTestScenarios
    static let M = 1e6

    func money(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-3) }
    func mw(_ a: Double, _ b: Double) -> Bool { isApproximatelyEqual(a, b, relative: 1e-12, absolute: 1e-9) }

    // MARK: - Revenue path

    /// Growth decaying from 50 %/yr to 10 %/yr with a half-life of one month, demand drift 10 %/yr and
    /// vol 20 %/yr (deterministic: no shocks), demand beta ½, revenue per MW falling 19 %/yr.
    ///
    /// - g_t = 0.1 + 0.4·2^{−t}: g₀ = 0.5, g₁ = 0.3, g₂ = 0.2, g₃ = 0.15, g₄ = 0.125, g₅ = 0.1125, …
    /// - log D_t = (0.10 − 0.20²/2)/12 · t = 0.08·t/12, so (D_{t+1}/D_t)^½ = e^{0.04/12}.
    /// - R_t = 100·Π_{s<t}(1 + g_s)^{1/12} · e^{0.04·t/12}:
    ///   R₁ = 100·1.5^{1/12}·e^{0.04/12}; R₂ = 100·(1.5·1.3)^{1/12}·e^{0.08/12};
    ///   R₃ = 100·(1.5·1.3·1.2)^{1/12}·e^{0.01} = 100·2.34^{1/12}·e^{0.01}.
    /// - rev_per_mw_t = 1·0.81^{t/12}: 0.9 at t = 6, 0.81 at t = 12; I_t = R_t / rev_per_mw_t (MW).
    /// - P_t = 1·0.81^{t/12}·D_t^{0.5}: P₁₂ = 0.81·e^{0.04}.
    /// A free contract (price 0) of 10,000 MW serves all demand, so realised revenue = R_t and, with
    /// opex = 25 % of revenue, cash₂ = 500 + 0.75·(R₀ + R₁ + R₂).
    @Test func revenuePathWithGrowthDecayDemandDriftAndBeta() throws {
        let M = Self.M
        var buyer = S.buyer(cash0: 500 * M, revenue0: 100 * M, opexShare: 0.25)
        buyer.growth = RevenueGrowth(initial: .constant(0.5), longRun: .constant(0.1), halfLifeMonths: .constant(1), demandBeta: .constant(0.5))
        buyer.revenuePerMW = RevenuePerMW(initial: .constant(1 * M), trend: .constant(-0.19))
        let scenario = Scenario(
            name: "revenue", horizon: S.horizon(months: 24),
            market: S.oneRegimeMarket(drift: 0.10, vol: 0.20, price: 1 * M, decline: 0.19, elasticity: 0.5),
            accelerators: [S.gpu()], buyers: [buyer], providers: [Provider(id: "free")],
            contracts: [Contract(id: "free", buyer: "lab", provider: "free", accelerator: "gpu",
                                 tranches: [Tranche(start: S.month(0), mw: .constant(10_000))], term: .months(24),
                                 price: .perMWMonth(.constant(0)))])
        #expect(scenario.validate().isEmpty)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger

        #expect(money(sim.market.demand[12], exp(0.08)))
        #expect(money(sim.market.price[12], 0.81 * M * exp(0.04)))

        let R0 = 100 * M
        let R1 = 100 * M * pow(1.5, 1.0 / 12) * exp(0.04 / 12)
        let R2 = 100 * M * pow(1.5 * 1.3, 1.0 / 12) * exp(0.08 / 12)
        let R3 = 100 * M * pow(2.34, 1.0 / 12) * exp(0.01)
        let R6 = 100 * M * pow(1.5 * 1.3 * 1.2 * 1.15 * 1.125 * 1.1125, 1.0 / 12) * exp(0.02)
        // 1 + g_s for s = 0…11: 1.1 + 0.4/2^s.
        let factors = [1.5, 1.3, 1.2, 1.15, 1.125, 1.1125, 1.10625, 1.103125, 1.1015625, 1.10078125, 1.100390625, 1.1001953125]
        let R12 = 100 * M * pow(factors.reduce(1, *), 1.0 / 12) * exp(0.04)
        for (t, R) in [(0, R0), (1, R1), (2, R2), (3, R3), (6, R6), (12, R12)] {
            #expect(money(l.buyers[.revenuePotential][0, t], R), "R_\(t)")
            #expect(money(l.buyers[.revenue][0, t], R), "all demand served at t = \(t)")
        }
        #expect(mw(l.buyers[.inferenceDemand][0, 0], 100))
        #expect(mw(l.buyers[.inferenceDemand][0, 6], R6 / (0.9 * M)))
        #expect(mw(l.buyers[.inferenceDemand][0, 12], R12 / (0.81 * M)))
        #expect(mw(l.contracts[.usedMW][0, 12], R12 / (0.81 * M)))
        #expect(money(l.buyers[.opex][0, 1], 0.25 * R1))
        #expect(money(l.buyers[.cash][0, 2], 500 * M + 0.75 * (R0 + R1 + R2)))
    }

    // MARK: - Take-or-pay, idle capacity, prepayment; the provider's build-out

    /// 12 months (2026). One regime, demand index 1.
    /// Buyer: cash 700, revenue 40/month flat at 1 per MW ⇒ inference demand 40 MW; training 20 MW
    /// from January, 50 MW from July; opex 10 + 10 % of revenue; discount 10 %/yr, terminal multiple 2.
    /// Contract: 100 MW of GPUs from March (t = 2) to December (t = 11) at 1 per MW-month, take-or-pay
    /// 80 %, prepayment 150 in January.
    /// Provider: cash 1,000, debt 200 at 8 %/yr (interest-only), base EBITDA 5/month, facility 2 per MW
    /// built over 2 months, chips 3 per MW, half of capex borrowed, opex 0.1 per MW-month, WACC 12 %.
    static func takeOrPayScenario() -> Scenario {
        let M = Self.M
        let buyer = S.buyer(
            cash0: 700 * M, revenue0: 40 * M,
            training: Schedule(entries: [.init(month: S.month(0), value: .constant(20)), .init(month: S.month(6), value: .constant(50))], byYear: false),
            opexFixed: 10 * M, opexShare: 0.1, discountRate: 0.1, terminalMultiple: 2)
        let provider = Provider(id: "cloud", financials: ProviderFinancials(
            cash0: .constant(1000 * M), debt0: .constant(200 * M), baseEBITDA: .constant(5 * M), interestRate: .constant(0.08),
            wacc: .constant(0.12), facilityCapexPerMW: .constant(2 * M), buildMonths: .constant(2), debtFraction: .constant(0.5),
            opexPerMWMonth: .constant(0.1 * M), facilityLifeMonths: .constant(240)))
        let contract = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu", tranches: [Tranche(start: S.month(2), mw: .constant(100))],
            term: .end(S.month(11)), price: .perMWMonth(.constant(1 * M)), takeOrPay: .constant(0.8),
            prepayment: Prepayment(amount: .constant(150 * M), month: S.month(0)))
        return Scenario(name: "take-or-pay", horizon: S.horizon(months: 12), market: S.oneRegimeMarket(),
                        accelerators: [S.gpu(capexPerMW: 3 * M)], buyers: [buyer], providers: [provider], contracts: [contract])
    }

    /// Month by month ($M):
    ///
    /// | t | MW | used (train+inf) | charge = max(0.8·100, used) | credit used | paid | revenue | opex | operating | cash |
    /// |---|----|------|----|----|-----|----|----|------|-----|
    /// | 0 | 0 | 0 | 0 | 0 | 150 (prepayment) | 0 | 10 | −160 | 540 |
    /// | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 10 | −10 | 530 |
    /// | 2 | 100 | 60 (20+40) | 80 | 80 | 0 | 40 | 14 | +26 | 556 |
    /// | 3 | 100 | 60 | 80 | 70 | 10 | 40 | 14 | +16 | 572 |
    /// | 4, 5 | 100 | 60 | 80 | 0 | 80 | 40 | 14 | −54 | 518, 464 |
    /// | 6…11 | 100 | 90 (50+40) | 90 | 0 | 90 | 40 | 14 | −64 | 400, 336, 272, 208, 144, 80 |
    ///
    /// Unused commitment (paid for idle MW): (80 − 60)·1 = 20 in t = 2…5, 0 from July.
    /// Value = Σ charges = 4·80 + 6·90 = 860 = paid (150 + 10 + 2·80 + 6·90).
    @Test func takeOrPayIdleCapacityAndPrepayment() throws {
        let M = Self.M
        let sim = try S.simulate(Self.takeOrPayScenario(), deterministic: true)
        let l = sim.ledger
        let delivered: [Double] = [0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]
        let used: [Double] = [0, 0, 60, 60, 60, 60, 90, 90, 90, 90, 90, 90]
        let training: [Double] = [0, 0, 20, 20, 20, 20, 50, 50, 50, 50, 50, 50]
        let charge: [Double] = [0, 0, 80, 80, 80, 80, 90, 90, 90, 90, 90, 90]
        let paid: [Double] = [150, 0, 0, 10, 80, 80, 90, 90, 90, 90, 90, 90]
        let revenue: [Double] = [0, 0, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40]
        let opex: [Double] = [10, 10, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14]
        let unused: [Double] = [0, 0, 20, 20, 20, 20, 0, 0, 0, 0, 0, 0]
        let operating: [Double] = [-160, -10, 26, 16, -54, -54, -64, -64, -64, -64, -64, -64]
        let cash: [Double] = [540, 530, 556, 572, 518, 464, 400, 336, 272, 208, 144, 80]
        for t in 0..<12 {
            #expect(l.contracts[.deliveredMW][0, t] == delivered[t], "t = \(t)")
            #expect(mw(l.contracts[.usedMW][0, t], used[t]), "t = \(t)")
            #expect(mw(l.contracts[.trainingMW][0, t], training[t]), "t = \(t)")
            #expect(mw(l.contracts[.inferenceServed][0, t], used[t] - training[t]), "t = \(t)")
            #expect(money(l.contracts[.charge][0, t], charge[t] * M), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.contractPayments][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.buyers[.revenue][0, t], revenue[t] * M), "t = \(t)")
            #expect(money(l.buyers[.opex][0, t], opex[t] * M), "t = \(t)")
            #expect(money(l.buyers[.unusedCommitment][0, t], unused[t] * M), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(l.buyers[.spotMW][0, t] == 0 && l.buyers[.funding][0, t] == 0)
        }
        #expect(sim.summary.defaultMonth == [nil])
        #expect(money(sim.summary.contractValue[0], 860 * M))
        #expect(money(sim.summary.contractPaid[0], 860 * M))
        #expect(sim.summary.contractClaim[0] == 0)
    }

    /// Buyer NPV at 10 %/yr, end-of-month discounting (1.1)^{−(t+1)/12}, plus the terminal value
    /// 2 × final-year revenue (10 months × 40 = 400) discounted from month 11, i.e. by 1.1^{−1}:
    /// Σ_t operating_t·1.1^{−(t+1)/12} + 800/1.1 ≈ 140.074.
    @Test func buyerNPV() throws {
        let M = Self.M
        let sim = try S.simulate(Self.takeOrPayScenario(), deterministic: true)
        let operating: [Double] = [-160, -10, 26, 16, -54, -54, -64, -64, -64, -64, -64, -64]
        var npv = 800 / 1.1
        for (t, x) in operating.enumerated() { npv += x * pow(1.1, -Double(t + 1) / 12) }
        #expect(money(sim.summary.buyerNPV[0], npv * M))
        #expect(abs(npv - 140.074_447_890_68) < 1e-9)  // the same sum evaluated independently (Python)
    }

    /// The provider of ``takeOrPayScenario()`` ($M; i = 1.08^{1/12} − 1 per month):
    ///
    /// - Capex: facility 100 MW × 2 = 200 spread over the 2 months before the March delivery → 100 in
    ///   t = 0 and t = 1; chips 100 MW × 3 = 300 at delivery, t = 2.
    /// - Debt draws = 50 % of capex: 50, 50, 150. Balance (end of month): 250, 300, 450, then 450.
    /// - Interest on the opening balance: 200·i, 250·i, 300·i, then 450·i.
    /// - Opex 100 MW × 0.1 = 10 from t = 2. Receipts = the contract cash: 150, 0, 0, 10, 80, 80, 90…
    /// - Cash_t = cash_{t−1} + receipts + 5 + draw − capex − opex − interest:
    ///   t0: 1000 + 150 + 5 + 50 − 100 − 200i = 1105 − 200i
    ///   t1: + 0 + 5 + 50 − 100 − 250i → 1060 − 450i
    ///   t2: + 0 + 5 + 150 − 300 − 10 − 300i → 905 − 750i
    ///   t3: + 10 + 5 − 10 − 450i → 910 − 1200i
    ///   t4: + 80 + 5 − 10 − 450i → 985 − 1650i;  t5: 1060 − 2100i
    ///   t6…t11: + 85 − 450i a month → t11: 1060 + 6·85 − (2100 + 6·450)i = 1570 − 4800i.
    /// - EBITDA = base + revenue recognised − opex, on the accrual basis: the 150 prepaid in t = 0 is a
    ///   contract liability recognised as its credit pays the charges of 80 in t = 2 and 70 of t = 3, so
    ///   revenue is the charge: 0, 0, 80, 80, 80, 80, 90 × 6 and EBITDA 5, 5, 75, 75, 75, 75, 85 × 6
    ///   (Σ = 820, as on the cash basis once the credit is used) ⇒ leverage at t = 11 = 450 / 820.
    /// - Depreciation from March: chips 300/60 + facility 200/240 = 5 + 5/6 a month.
    /// - NPV at 12 %: flows (receipts − capex − opex) 50, −100, −310, 0, 70, 70, 80 × 6, discounted by
    ///   1.12^{−(t+1)/12}.
    @Test func providerBuildOutDebtAndNPV() throws {
        let M = Self.M
        let sim = try S.simulate(Self.takeOrPayScenario(), deterministic: true)
        let l = sim.ledger
        let i = pow(1.08, 1.0 / 12) - 1
        let capex: [Double] = [100, 100, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let draw: [Double] = [50, 50, 150, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let debt: [Double] = [250, 300, 450, 450, 450, 450, 450, 450, 450, 450, 450, 450]
        let opening: [Double] = [200, 250, 300, 450, 450, 450, 450, 450, 450, 450, 450, 450]
        let opex: [Double] = [0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
        let receipts: [Double] = [150, 0, 0, 10, 80, 80, 90, 90, 90, 90, 90, 90]
        let ebitda: [Double] = [5, 5, 75, 75, 75, 75, 85, 85, 85, 85, 85, 85]
        for t in 0..<12 {
            #expect(money(l.providers[.capex][0, t], capex[t] * M), "t = \(t)")
            #expect(money(l.providers[.debtDraw][0, t], draw[t] * M), "t = \(t)")
            #expect(money(l.providers[.debt][0, t], debt[t] * M), "t = \(t)")
            #expect(money(l.providers[.interest][0, t], opening[t] * i * M), "t = \(t)")
            #expect(l.providers[.repayment][0, t] == 0)
            #expect(money(l.providers[.opex][0, t], opex[t] * M), "t = \(t)")
            #expect(money(l.providers[.receipts][0, t], receipts[t] * M), "t = \(t)")
            #expect(money(l.providers[.baseEBITDA][0, t], 5 * M), "t = \(t)")
            #expect(money(l.providers[.ebitda][0, t], ebitda[t] * M), "t = \(t)")
            #expect(l.providers[.mwOnline][0, t] == (t >= 2 ? 100 : 0))
            #expect(mw(l.providers[.mwUsed][0, t], t < 2 ? 0 : (t < 6 ? 60 : 90)), "t = \(t)")
        }
        #expect(money(l.providers[.cash][0, 0], (1105 - 200 * i) * M))
        #expect(money(l.providers[.cash][0, 1], (1060 - 450 * i) * M))
        #expect(money(l.providers[.cash][0, 2], (905 - 750 * i) * M))
        #expect(money(l.providers[.cash][0, 3], (910 - 1200 * i) * M))
        #expect(money(l.providers[.cash][0, 4], (985 - 1650 * i) * M))
        #expect(money(l.providers[.cash][0, 5], (1060 - 2100 * i) * M))
        #expect(money(l.providers[.cash][0, 11], (1570 - 4800 * i) * M))
        #expect(isApproximatelyEqual(l.providers[.leverage][0, 11], 450.0 / 820, relative: 1e-12))
        #expect(money(l.providers[.depreciation][0, 5], (5 + 5.0 / 6) * M))
        #expect(l.providers[.depreciation][0, 1] == 0)
        #expect(sim.summary.providerSunkCapex[0] == 0)
        let flows: [Double] = [50, -100, -310, 0, 70, 70, 80, 80, 80, 80, 80, 80]
        var npv = 0.0
        for (t, x) in flows.enumerated() { npv += x * pow(1.12, -Double(t + 1) / 12) }
        #expect(money(sim.summary.providerNPV[0], npv * M))
        #expect(abs(npv - 221.843_550_625_046_6) < 1e-9)  // the same sum evaluated independently (Python)
    }

    // MARK: - A forced default

    /// 24 months (2026–2027). Price P_t = 1·0.81^{t/12} (19 %/yr decline), demand index 1.
    /// Buyer: cash 660, revenue 100/month at 1 per MW ⇒ 100 MW of inference, no training, opex 150/month.
    /// Contract: 100 MW from January 2026 plus 50 MW planned for July 2026 (t = 6), to December 2027
    /// (t = 23), 1 per MW-month, take-or-pay 80 %, prepayment 500 in January, recovery 40 %.
    /// Provider: no cash, no debt, facility 1 per MW built over 3 months, chips 4 per MW, 60 % borrowed
    /// and repaid over 1 year, 6 %/yr, opex 0.05 per MW-month, WACC 10 %, re-lease hazard 10 %/month at
    /// 70 % of the market price.
    static func defaultScenario(feeMonths: Double?, recoveryLag: Double) -> Scenario {
        let M = Self.M
        let buyer = S.buyer(cash0: 660 * M, revenue0: 100 * M, opexFixed: 150 * M, discountRate: 0.1, terminalMultiple: 3)
        let provider = Provider(id: "cloud", financials: ProviderFinancials(
            cash0: .constant(0), debt0: .constant(0), baseEBITDA: .constant(0), interestRate: .constant(0.06), wacc: .constant(0.1),
            facilityCapexPerMW: .constant(1 * M), buildMonths: .constant(3), debtFraction: .constant(0.6), amortizationYears: .constant(1),
            opexPerMWMonth: .constant(0.05 * M), facilityLifeMonths: .constant(240),
            release: Release(hazard: .constant(0.1), discount: .constant(0.7))))
        let contract = Contract(
            id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
            tranches: [Tranche(start: S.month(0), mw: .constant(100)), Tranche(start: S.month(6), mw: .constant(50))],
            term: .end(S.month(23)), price: .perMWMonth(.constant(1 * M)), takeOrPay: .constant(0.8),
            prepayment: Prepayment(amount: .constant(500 * M), month: S.month(0)),
            terminationFeeMonths: feeMonths.map { .constant($0) }, recoveryRate: .constant(0.4), recoveryLagMonths: .constant(recoveryLag))
        return Scenario(name: "default", horizon: S.horizon(months: 24), market: S.oneRegimeMarket(price: 1 * M, decline: 0.19),
                        accelerators: [S.gpu(capexPerMW: 4 * M)], buyers: [buyer], providers: [provider], contracts: [contract])
    }

    /// The buyer's months ($M): every month it uses all 100 MW, so the charge is max(80, 100) = 100.
    ///
    /// | t | paid | credit left | revenue − opex − paid | cash |
    /// |---|------|-------------|------|-----|
    /// | 0 | 500 prepaid + 100 − 100 credited = 500 | 400 | 100 − 150 − 500 = −550 | 110 |
    /// | 1 | 0 | 300 | −50 | 60 |
    /// | 2 | 0 | 200 | −50 | 10 |
    /// | 3 | 0 | 100 | −50 | −40 ⇒ default in April 2026 (t = 3) |
    ///
    /// Remaining value at take-or-pay, as delivered: t = 4, 5 at 0.8·100 = 80 and t = 6…23 (18 months)
    /// at 0.8·150 = 120 ⇒ 160 + 2,160 = 2,320. Contract value = 4·100 + 2,320 = 2,720.
    /// With a 6-month termination fee the claim is capped at 6 × (1 × 100 MW) = 600; the provider keeps
    /// the 100 of unused prepayment against it, files 500 and recovers 40 % = 200 five months later
    /// (t = 8). Paid = 500 + 200 = 700.
    ///
    /// Provider: 100 MW stranded from t = 4. The re-lease month is t + K, K the first k with
    /// 1 − 0.9^k ≥ u = ½ (deterministic): 0.9⁶ = 0.531 > ½ ≥ 0.9⁷ = 0.478 ⇒ K = 7, re-leased from t = 10 at
    /// 0.7·P₁₀ = 0.7·0.81^{10/12} per MW-month, fixed, until the horizon.
    /// Capex: the first tranche's facility (100) was built before the horizon (sunk); chips 400 at t = 0;
    /// the July tranche's facility 50 is spent over t = 3, 4, 5, but only t = 3's 50/3 is paid (the buyer
    /// defaults in t = 3); its chips are never bought. Draws 60 %: 240 at t = 0, 10 at t = 3, each repaid
    /// in 12 instalments from the next month (20 in t = 1…12; 10/12 in t = 4…15).
    /// Debt (end of month): 240, 220, 200, 200 − 20 + 10 = 190, 190 − 20 − 10/12, …, 2.5 at t = 12, 0 at t = 15.
    /// Opex 100 MW × 0.05 = 5 every month (online, then stranded, then re-leased).
    @Test func forcedDefaultWithCappedClaimRecoveryAndStrandedCapacity() throws {
        let M = Self.M
        let sim = try S.simulate(Self.defaultScenario(feeMonths: 6, recoveryLag: 5), deterministic: true)
        let l = sim.ledger, s = sim.summary
        // Buyer.
        let cash: [Double] = [110, 60, 10, -40]
        let paid: [Double] = [500, 0, 0, 0]
        for t in 0..<4 {
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.contracts[.cash][0, t], paid[t] * M), "t = \(t)")
            #expect(money(l.contracts[.charge][0, t], 100 * M), "t = \(t)")
        }
        #expect(s.defaultMonth == [3])
        for t in 4..<24 {
            #expect(l.buyers[.cash][0, t] == l.buyers[.cash][0, 3], "cash frozen at t = \(t)")
            #expect(l.contracts[.cash][0, t] == 0 && l.contracts[.deliveredMW][0, t] == 0 && l.buyers[.revenue][0, t] == 0 && l.buyers[.opex][0, t] == 0)
        }
        // Settlement.
        #expect(money(s.contractValue[0], 2720 * M))
        #expect(money(s.contractClaim[0], 500 * M))
        #expect(money(l.contracts[.recovery][0, 8], 200 * M))
        #expect(money(l.contracts[.recovery].sum(0, 0..<24), 200 * M))
        #expect(money(s.contractPaid[0], 700 * M))
        #expect(s.recoveryAfterHorizon[0] == 0)
        #expect(l.providers[.refunds].sum(0, 0..<24) == 0)
        // Buyer NPV: only the four operating months, no terminal value after default.
        let buyerNPV = -550 * pow(1.1, -1.0 / 12) - 50 * pow(1.1, -2.0 / 12) - 50 * pow(1.1, -3.0 / 12) - 50 * pow(1.1, -4.0 / 12)
        #expect(money(s.buyerNPV[0], buyerNPV * M))

        // Provider capacity.
        let P10 = 1 * M * pow(0.81, 10.0 / 12)
        for t in 0..<24 {
            #expect(l.providers[.mwOnline][0, t] == 100, "t = \(t)")
            #expect(l.providers[.strandedMW][0, t] == ((4...9).contains(t) ? 100 : 0), "t = \(t)")
            #expect(l.providers[.mwUsed][0, t] == ((4...9).contains(t) ? 0 : 100), "t = \(t)")
            #expect(money(l.providers[.releaseIncome][0, t], t >= 10 ? 100 * 0.7 * P10 : 0), "t = \(t)")
            #expect(money(l.providers[.opex][0, t], 5 * M), "t = \(t)")
        }
        // Capex, debt, interest.
        let r = pow(1.06, 1.0 / 12) - 1
        #expect(money(s.providerSunkCapex[0], 100 * M))
        #expect(money(l.providers[.capex][0, 0], 400 * M))
        #expect(money(l.providers[.capex][0, 3], 50.0 / 3 * M))
        #expect(l.providers[.capex][0, 1] == 0 && l.providers[.capex][0, 4] == 0 && l.providers[.capex][0, 6] == 0)
        #expect(money(l.providers[.capex].sum(0, 0..<24), (400 + 50.0 / 3) * M))
        #expect(money(l.providers[.debtDraw][0, 0], 240 * M) && money(l.providers[.debtDraw][0, 3], 10 * M))
        let debt: [(Int, Double)] = [(0, 240), (1, 220), (2, 200), (3, 190), (4, 190 - 20 - 10.0 / 12), (12, 2.5), (15, 0)]
        for (t, d) in debt { #expect(money(l.providers[.debt][0, t], d * M), "debt t = \(t)") }
        let repayment: [(Int, Double)] = [(0, 0), (1, 20), (3, 20), (4, 20 + 10.0 / 12), (12, 20 + 10.0 / 12), (13, 10.0 / 12), (16, 0)]
        for (t, x) in repayment { #expect(money(l.providers[.repayment][0, t], x * M), "repayment t = \(t)") }
        let interest: [(Int, Double)] = [(0, 0), (1, 240 * r), (2, 220 * r), (3, 200 * r), (4, 190 * r), (5, (190 - 20 - 10.0 / 12) * r)]
        for (t, x) in interest { #expect(money(l.providers[.interest][0, t], x * M), "interest t = \(t)") }
        // Cash, first months: cash_t = cash_{t−1} + receipts + draw − capex − opex − interest − repayment.
        #expect(money(l.providers[.cash][0, 0], (500 + 240 - 400 - 5) * M))  // 335
        #expect(money(l.providers[.cash][0, 1], (335 - 5 - 240 * r - 20) * M))
        #expect(money(l.providers[.cash][0, 2], (335 - 5 - 240 * r - 20 - 5 - 220 * r - 20) * M))
        #expect(money(l.providers[.cash][0, 3], (285 - 460 * r + 10 - 50.0 / 3 - 5 - 200 * r - 20) * M))
        // Depreciation after default: the delivered tranche only, chips 400/60 + facility 100/240.
        #expect(money(l.providers[.depreciation][0, 5], (400.0 / 60 + 100.0 / 240) * M))
        // NPV at 10 %: receipts + recoveries + re-lease − capex − opex.
        var flows = [Double](repeating: -5, count: 24)
        flows[0] = 500 - 400 - 5
        flows[3] = -50.0 / 3 - 5
        flows[8] = 200 - 5
        for t in 10..<24 { flows[t] = 100 * 0.7 * pow(0.81, 10.0 / 12) - 5 }
        var npv = 0.0
        for (t, x) in flows.enumerated() { npv += x * pow(1.1, -Double(t + 1) / 12) }
        #expect(money(s.providerNPV[0], npv * M))
    }

    /// Without a termination fee the claim is the whole take-or-pay remainder: 2,320 − 100 retained =
    /// 2,220; 40 % = 888 is recovered 30 months after April 2026, i.e. in month 33, after the horizon:
    /// it counts in `paid` (500 + 888 = 1,388) and in the provider's NPV discounted by 1.1^{−34/12}, not in cash.
    @Test func uncappedClaimRecoveredAfterTheHorizon() throws {
        let M = Self.M
        let sim = try S.simulate(Self.defaultScenario(feeMonths: nil, recoveryLag: 30), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.defaultMonth == [3])
        #expect(money(s.contractValue[0], 2720 * M))
        #expect(money(s.contractClaim[0], 2220 * M))
        #expect(money(s.recoveryAfterHorizon[0], 888 * M))
        #expect(l.contracts[.recovery].sum(0, 0..<24) == 0 && l.providers[.recoveries].sum(0, 0..<24) == 0)
        #expect(money(s.contractPaid[0], 1388 * M))
        var flows = [Double](repeating: -5, count: 24)
        flows[0] = 500 - 400 - 5
        flows[3] = -50.0 / 3 - 5
        for t in 10..<24 { flows[t] = 100 * 0.7 * pow(0.81, 10.0 / 12) - 5 }
        var npv = 888 * pow(1.1, -34.0 / 12)
        for (t, x) in flows.enumerated() { npv += x * pow(1.1, -Double(t + 1) / 12) }
        #expect(money(s.providerNPV[0], npv * M))
    }

    /// A half-month termination fee caps the claim at 0.5 × 100 = 50: the provider keeps 50 of the 100 of
    /// unused prepayment, returns the other 50 to the buyer's estate in the month of default (t = 3),
    /// and has nothing left to claim. Paid = 500 − 50 = 450; the refund is an outflow of the provider.
    @Test func smallTerminationFeeRefundsUnusedPrepayment() throws {
        let M = Self.M
        let sim = try S.simulate(Self.defaultScenario(feeMonths: 0.5, recoveryLag: 5), deterministic: true)
        let l = sim.ledger, s = sim.summary
        #expect(s.defaultMonth == [3])
        #expect(s.contractClaim[0] == 0)
        #expect(money(l.providers[.refunds][0, 3], 50 * M))
        #expect(l.providers[.refunds].sum(0, 0..<24) == l.providers[.refunds][0, 3])
        #expect(l.contracts[.recovery].sum(0, 0..<24) == 0 && s.recoveryAfterHorizon[0] == 0)
        #expect(money(s.contractPaid[0], 450 * M))
        #expect(money(s.contractValue[0], 2720 * M))
        // t = 3: cash = previous − 5 (opex) − 200·r (interest) − 20 (repayment) + 10 (draw) − 50/3 (capex) − 50 (refund).
        let r = pow(1.06, 1.0 / 12) - 1
        #expect(money(l.providers[.cash][0, 3], (285 - 460 * r + 10 - 50.0 / 3 - 5 - 200 * r - 20 - 50) * M))
    }

    // MARK: - Spot and austerity

    /// 12 months. Market price 2 × spot premium 1.25 = 2.5 per MW-month, spot availability 50 %.
    /// Buyer: cash 1,000; revenue 50/month at 1 per MW ⇒ 50 MW of inference; training 40 MW (2026);
    /// no opex; spot up to 40 MW × 50 % = 20 MW at 2.5 × 1.2 = 3 per MW-month, only while the runway at
    /// the start of the month exceeds 10.2 months; austerity halves training when it is below 9.1.
    /// Contract: 60 MW of GPUs all year at 1 per MW-month (charge 60 every month, all used).
    /// Runway at the start of month t = cash_{t−1} ÷ average net burn of months t−3 … t−1.
    ///
    /// | t | runway | spot? | cut? | training | inference on contract | spot MW | revenue | operating | cash |
    /// |---|--------|-------|------|----|----|----|----|-----|-----|
    /// | 0 | ∞ | yes | no | 40 | 20 | 20 | 40 | 40 − 60 − 60 = −80 | 920 |
    /// | 1 | 920/80 = 11.5 | yes | no | 40 | 20 | 20 | 40 | −80 | 840 |
    /// | 2 | 840/80 = 10.5 | yes | no | 40 | 20 | 20 | 40 | −80 | 760 |
    /// | 3 | 760/80 = 9.5 | no | no | 40 | 20 | 0 | 20 | −40 | 720 |
    /// | 4 | 720/66.67 = 10.8 | yes | no | 40 | 20 | 20 | 40 | −80 | 640 |
    /// | 5 | 640/66.67 = 9.6 | no | no | 40 | 20 | 0 | 20 | −40 | 600 |
    /// | 6 | 600/53.33 = 11.25 | yes | no | 40 | 20 | 20 | 40 | −80 | 520 |
    /// | 7 | 520/66.67 = 7.8 | no | yes | 20 | 40 | 0 | 40 | −20 | 500 |
    /// | 8 | 500/46.67 = 10.71 | yes | no | 40 | 20 | 20 | 40 | −80 | 420 |
    /// | 9 | 420/60 = 7.0 | no | yes | 20 | 40 | 0 | 40 | −20 | 400 |
    /// | 10 | 400/40 = 10.0 | no | no | 40 | 20 | 0 | 20 | −40 | 360 |
    /// | 11 | 360/46.67 = 7.71 | no | yes | 20 | 40 | 0 | 40 | −20 | 340 |
    @Test func spotAndAusterityFollowTheRunway() throws {
        let M = Self.M
        let buyer = S.buyer(
            cash0: 1000 * M, revenue0: 50 * M,
            training: Schedule(entries: [.init(month: S.month(0), value: .constant(40))], byYear: true),
            spot: SpotPolicy(maxMW: .constant(40), markup: .constant(1.2), minRunwayMonths: .constant(10.2)),
            austerity: Austerity(runwayMonths: .constant(9.1), trainingCut: .constant(0.5)))
        let scenario = Scenario(
            name: "spot", horizon: S.horizon(months: 12),
            market: S.oneRegimeMarket(premium: 1.25, availability: 0.5, price: 2 * M),
            accelerators: [S.gpu()], buyers: [buyer], providers: [Provider(id: "cloud")],
            contracts: [Contract(id: "deal", buyer: "lab", provider: "cloud", accelerator: "gpu",
                                 tranches: [Tranche(start: S.month(0), mw: .constant(60))], term: .months(12), price: .perMWMonth(.constant(1 * M)))])
        #expect(scenario.validate().isEmpty)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        let training: [Double] = [40, 40, 40, 40, 40, 40, 40, 20, 40, 20, 40, 20]
        let spot: [Double] = [20, 20, 20, 0, 20, 0, 20, 0, 20, 0, 0, 0]
        let revenue: [Double] = [40, 40, 40, 20, 40, 20, 40, 40, 40, 40, 20, 40]
        let operating: [Double] = [-80, -80, -80, -40, -80, -40, -80, -20, -80, -20, -40, -20]
        let cash: [Double] = [920, 840, 760, 720, 640, 600, 520, 500, 420, 400, 360, 340]
        for t in 0..<12 {
            #expect(mw(l.buyers[.trainingDemand][0, t], training[t]), "t = \(t)")
            #expect(mw(l.contracts[.trainingMW][0, t], training[t]), "t = \(t)")
            #expect(mw(l.contracts[.usedMW][0, t], 60), "t = \(t)")
            #expect(mw(l.buyers[.spotMW][0, t], spot[t]), "t = \(t)")
            #expect(money(l.buyers[.spotCost][0, t], spot[t] * 3 * M), "t = \(t)")
            #expect(mw(l.buyers[.inferenceServed][0, t], 60 - training[t] + spot[t]), "t = \(t)")
            #expect(money(l.buyers[.revenue][0, t], revenue[t] * M), "t = \(t)")
            #expect(money(l.contracts[.charge][0, t], 60 * M), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], operating[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(l.buyers[.unusedCommitment][0, t] == 0)
        }
    }

    // MARK: - Funding

    /// 12 months, no revenue, opex 10/month, cash 50. Scheduled rounds: 5 in March (t = 2) with
    /// probability 0.4 and 7 in April (t = 3) with probability 0.6; in the deterministic case a
    /// Bernoulli(p) event happens iff ½ < p, so the first fails and the second closes. Policy: raise 20
    /// when the runway after the month's flows (cash ÷ 3-month burn) is below 3.5 months, success
    /// probability 0.7 (> ½: succeeds), then wait 4 months.
    ///
    /// | t | cash after opex | runway | attempt? | funding | cash |
    /// |---|----|-----|-----|----|----|
    /// | 0 | 40 | 4.0 | no | 0 | 40 |
    /// | 1 | 30 | 3.0 | yes (next ≥ 5) | 20 | 50 |
    /// | 2 | 40 | | cooldown; scheduled 5 fails | 0 | 40 |
    /// | 3 | 30 | | cooldown; scheduled 7 closes | 7 | 37 |
    /// | 4 | 27 | | cooldown | 0 | 27 |
    /// | 5 | 17 | 1.7 | yes (next ≥ 9) | 20 | 37 |
    /// | 6, 7, 8 | 27, 17, 7 | | cooldown | 0 | 27, 17, 7 |
    /// | 9 | −3 | < 0 | yes (next ≥ 13): rescued | 20 | 17 |
    /// | 10 | 7 | | cooldown | 0 | 7 |
    /// | 11 | −3 | | cooldown | 0 | −3 ⇒ default in December 2026 |
    @Test func scheduledRoundsAndTheFundingPolicy() throws {
        let M = Self.M
        let buyer = S.buyer(
            cash0: 50 * M, revenue0: 0, opexFixed: 10 * M,
            funding: Funding(
                scheduled: [Funding.Round(month: S.month(2), amount: .constant(5 * M), probability: .constant(0.4)),
                            Funding.Round(month: S.month(3), amount: .constant(7 * M), probability: .constant(0.6))],
                raiseBelowRunwayMonths: .constant(3.5), roundSize: .constant(20 * M), cooldownMonths: .constant(4)))
        let scenario = Scenario(name: "funding", horizon: S.horizon(months: 12), market: S.oneRegimeMarket(fundingSuccess: 0.7), buyers: [buyer])
        #expect(scenario.validate().isEmpty)
        let sim = try S.simulate(scenario, deterministic: true)
        let l = sim.ledger
        let funding: [Double] = [0, 20, 0, 7, 0, 20, 0, 0, 0, 20, 0, 0]
        let cash: [Double] = [40, 50, 40, 37, 27, 37, 27, 17, 7, 17, 7, -3]
        for t in 0..<12 {
            #expect(money(l.buyers[.funding][0, t], funding[t] * M), "t = \(t)")
            #expect(money(l.buyers[.cash][0, t], cash[t] * M), "t = \(t)")
            #expect(money(l.buyers[.operatingCashFlow][0, t], -10 * M), "operating cash flow excludes funding, t = \(t)")
        }
        #expect(sim.summary.defaultMonth == [11])
        var npv = 0.0
        for t in 0..<12 { npv -= 10 * pow(1.1, -Double(t + 1) / 12) }
        #expect(money(sim.summary.buyerNPV[0], npv * M))
    }
}
