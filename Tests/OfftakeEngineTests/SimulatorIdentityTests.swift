import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import Testing

/// Accounting identities of one simulated path, checked month by month for every party on many random
/// scenarios (``SimulatorTestScenarios/random(index:)``): cash changes equal the recorded flows, flows
/// between parties match, capacity used never exceeds capacity available, a contract never pays more
/// than it is worth, default happens exactly when cash first goes negative, and the settlement of a
/// default (value, claim, retained prepayment, refund, recovery, stranded MW) follows the contract.
///
/// Tolerances. Every identity is an equality of sums of at most a few hundred IEEE-754 doubles
/// (≤ 48 months × ≤ 5 contracts, a handful of operations per term). The rounding error of such a sum is
/// at most n·ε·Σ|terms| with ε = 2.2e-16, n ≤ 250, i.e. below 6e-14 of the largest magnitude
/// involved; the checks allow 1e-12 of that magnitude (`rel`). `paid ≤ value` allows 1e-9 relative.
/// Exact equalities are used where the engine copies a value (frozen cash after default,
/// zero flows of a defaulted buyer).
@Suite struct SimulatorIdentityTests {
    static let scenarioCount = 60
    static let pathsPerScenario: UInt64 = 8

    /// The generator's scenarios are valid: `Scenario.validate()` reports no issue.
    @Test func randomScenariosValidate() {
        for i in 0..<Self.scenarioCount {
            let issues = SimulatorTestScenarios.random(index: i).validate()
            #expect(issues.isEmpty, "scenario \(i): \(issues.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test(arguments: 0..<scenarioCount)
    func identitiesHold(index: Int) throws {
        let scenario = SimulatorTestScenarios.random(index: index)
        try #require(scenario.validate().isEmpty)
        try Self.expectIdentities(scenario, index: index, paths: Self.pathsPerScenario) { sim in
            var checker = IdentityChecker(sim)
            checker.run()
            return checker.violations
        }
    }

    /// Runs `paths` Monte Carlo paths and the deterministic base case of `scenario` and expects `check`
    /// to find no violation on any of them.
    static func expectIdentities(_ scenario: Scenario, index: Int, paths: UInt64, check: (PathSimulator) -> [String]) throws {
        let model = try SimulationModel(scenario: scenario)
        var sim = PathSimulator(model: model)
        for path in 0..<paths {
            sim.simulate(seed: 42, path: path, deterministic: false)
            let violations = check(sim)
            #expect(violations.isEmpty,
                    "scenario \(index) path \(path): \(violations.count) violations\n\(violations.prefix(12).joined(separator: "\n"))")
        }
        // The deterministic base case obeys the same identities.
        sim.simulate(seed: 42, path: 0, deterministic: true)
        let violations = check(sim)
        #expect(violations.isEmpty, "scenario \(index) deterministic: \(violations.prefix(12).joined(separator: "\n"))")
    }

    /// The random scenarios reach every branch the identities are about: defaults (with claims,
    /// retained prepayments, refunds, recoveries inside and after the horizon), stranded and re-leased
    /// capacity, spot purchases, austerity, both kinds of funding, idle take-or-pay capacity, and paths
    /// on which the contract's full value is checked against its price.
    @Test func randomScenariosExerciseEveryBranch() throws {
        var coverage = IdentityChecker.Coverage()
        for index in 0..<Self.scenarioCount {
            let scenario = SimulatorTestScenarios.random(index: index)
            let model = try SimulationModel(scenario: scenario)
            var sim = PathSimulator(model: model)
            for path in 0..<Self.pathsPerScenario {
                sim.simulate(seed: 42, path: path, deterministic: false)
                var checker = IdentityChecker(sim)
                checker.collectCoverage()
                coverage.add(checker.coverage)
            }
        }
        for name in IdentityChecker.Coverage.names {
            #expect(coverage.counts[name, default: 0] >= 3, "fewer than 3 paths of the random scenarios have \(name)")
        }
    }
}

/// A path is a pure function of (model, seed, path): the same pair gives the same ledger, summary and
/// market bit for bit — whether the simulator is fresh or has run other paths before (its buffers are
/// reused) — and another path index gives a different one.
@Suite struct SimulatorReproducibilityTests {
    @Test(arguments: [3, 17, 29])
    func samePathSameLedgerDifferentPathDifferentLedger(index: Int) throws {
        let scenario = SimulatorTestScenarios.random(index: index)
        let model = try SimulationModel(scenario: scenario)
        var fresh = PathSimulator(model: model)
        fresh.simulate(seed: 42, path: 7)
        var reused = PathSimulator(model: model)
        for path: UInt64 in [0, 1, 2, 8] { reused.simulate(seed: 42, path: path) }
        let eight = reused.ledger
        let eightSummary = reused.summary
        let eightValues = reused.values
        reused.simulate(seed: 42, path: 7)
        #expect(SimulatorTestScenarios.differingGrids(fresh.ledger, reused.ledger).isEmpty)
        #expect(fresh.summary == reused.summary)
        #expect(fresh.market.demand == reused.market.demand && fresh.market.price == reused.market.price
                && fresh.market.regime == reused.market.regime)
        #expect(fresh.values == reused.values)
        // Another path: other parameters, other market, other ledger.
        #expect(fresh.values != eightValues)
        #expect(!SimulatorTestScenarios.differingGrids(fresh.ledger, eight).isEmpty)
        #expect(fresh.summary != eightSummary)
        // Another seed, same path: different as well.
        var other = PathSimulator(model: model)
        other.simulate(seed: 43, path: 7)
        #expect(SimulatorTestScenarios.differingGrids(fresh.ledger, other.ledger).contains("buyers.revenuePotential"))
    }

    /// The deterministic base case does not depend on the seed or the path.
    @Test func deterministicCaseIgnoresSeedAndPath() throws {
        let model = try SimulationModel(scenario: SimulatorTestScenarios.random(index: 5))
        var a = PathSimulator(model: model), b = PathSimulator(model: model)
        a.simulate(seed: 1, path: 0, deterministic: true)
        b.simulate(seed: 99, path: 12, deterministic: false)
        b.simulate(seed: 99, path: 12, deterministic: true)
        #expect(SimulatorTestScenarios.differingGrids(a.ledger, b.ledger).isEmpty)
        #expect(a.summary == b.summary)
    }
}

/// Checks the identities of one simulated path and records which branches it went through.
struct IdentityChecker {
    /// Relative tolerance of an identity: see the suite's comment (rounding of ≤ 250-term sums).
    static let rel = 1e-12

    let sim: PathSimulator
    let scenario: Scenario
    let v: SimulatorTestScenarios.Values
    let l: PathLedger
    let s: PathSummary
    let T: Int
    var violations: [String] = []
    var coverage = Coverage()

    /// Per contract, derived from the scenario and the path's parameters (not from the engine).
    struct ContractFacts {
        var buyer = 0, provider = 0, first = 0, last = 0, delay = 0
        var starts: [Int] = []
        var mw: [Double] = []
        var takeOrPay = 1.0, escalator = 0.0, price = 0.0, efficiency = 1.0
        var isTotal = false
        var prepayment: Double?
        var feeMonths: Double?
        var recoveryRate = 0.0, recoveryLag = 0
        /// Filled by the default checks: refund to the estate and the month it is paid.
        var refund = 0.0
        /// MW stranded at the buyer's default (0 if none).
        var stranded = 0.0
        /// MW delivered in month t if the buyer never defaults.
        func delivered(_ t: Int) -> Double {
            guard t <= last else { return 0 }
            var total = 0.0
            for (s, m) in zip(starts, mw) where s + delay <= t { total += m }
            return total
        }
        /// MW of the planned schedule (no delay) in month t.
        func planned(_ t: Int) -> Double {
            guard t >= first && t <= last else { return 0 }
            var total = 0.0
            for (s, m) in zip(starts, mw) where s <= t { total += m }
            return total
        }
    }
    var contracts: [ContractFacts] = []

    init(_ sim: PathSimulator) {
        self.sim = sim
        scenario = sim.model.scenario
        v = SimulatorTestScenarios.Values(sim)
        l = sim.ledger
        s = sim.summary
        T = sim.model.months
        let start = scenario.horizon.start
        let buyerIndex = Dictionary(uniqueKeysWithValues: scenario.buyers.enumerated().map { ($0.element.id, $0.offset) })
        let providerIndex = Dictionary(uniqueKeysWithValues: scenario.providers.enumerated().map { ($0.element.id, $0.offset) })
        for c in scenario.contracts {
            let p = "contracts.\(c.id)"
            var f = ContractFacts()
            f.buyer = buyerIndex[c.buyer]!
            f.provider = providerIndex[c.provider]!
            f.starts = c.tranches.map { start.months(to: $0.start) }
            f.first = f.starts.min()!
            f.last = start.months(to: c.endMonth!)
            f.mw = c.tranches.indices.map { v["\(p).tranches[\($0)].mw"] }
            f.delay = IdentityChecker.wholeMonths(v["\(p).delivery_delay"])
            f.takeOrPay = v["\(p).take_or_pay"]
            f.escalator = v["\(p).escalator"]
            switch c.price {
            case .perMWMonth: f.price = v["\(p).price_per_mw_month"]
            case .perMW: f.price = v["\(p).chip_price_per_mw"]
            case .totalValue: f.price = v["\(p).total_value"]; f.isTotal = true
            }
            f.efficiency = v["accelerators.\(c.accelerator).inference_efficiency"]
            f.prepayment = c.prepayment == nil ? nil : v["\(p).prepayment.amount"]
            f.feeMonths = v.optional("\(p).termination_fee_months")
            f.recoveryRate = v["\(p).recovery_rate"]
            f.recoveryLag = IdentityChecker.wholeMonths(v["\(p).recovery_lag_months"])
            contracts.append(f)
        }
    }

    /// A month count drawn as a real number is used in whole months, rounded to the nearest (the
    /// engine's rule for delivery delays and recovery lags; negative or non-finite → 0).
    static func wholeMonths(_ x: Double) -> Int { x.isFinite && x > 0 ? Int(x.rounded()) : 0 }

    mutating func fail(_ message: String) { violations.append(message) }

    /// |a − b| ≤ rel · max(|a|, |b|, scale…).
    static func near(_ a: Double, _ b: Double, _ scales: Double..., rel: Double = IdentityChecker.rel) -> Bool {
        var m = max(abs(a), abs(b))
        for x in scales { m = max(m, abs(x)) }
        return abs(a - b) <= rel * m
    }

    mutating func expectNear(_ a: Double, _ b: Double, _ what: @autoclosure () -> String, scale: Double = 0, rel: Double = IdentityChecker.rel) {
        if !IdentityChecker.near(a, b, scale, rel: rel) { fail("\(what()): \(a) ≠ \(b) (diff \(a - b))") }
    }

    /// a ≤ b up to `rel` of the magnitudes.
    mutating func expectAtMost(_ a: Double, _ b: Double, _ what: @autoclosure () -> String, scale: Double = 0, rel: Double = IdentityChecker.rel) {
        if !(a <= b + rel * max(abs(a), abs(b), abs(scale))) { fail("\(what()): \(a) > \(b)") }
    }

    func alive(_ b: Int, _ t: Int) -> Bool { s.defaultMonth[b].map { t <= $0 } ?? true }

    /// Price of contract c in month t from its definition: p₀·(1 + escalator)^{(t − t₀)/12}, with p₀
    /// derived from the total value when the contract is priced that way.
    func expectedPrice(_ c: Int, _ t: Int) -> Double {
        let f = contracts[c]
        let factor = { (t: Int) in pow(1 + f.escalator, Double(t - f.first) / 12) }
        if !f.isTotal { return f.price * factor(t) }
        var weight = 0.0
        for s in f.first...f.last { weight += factor(s) * f.planned(s) }
        return weight > 0 ? f.price / weight * factor(t) : 0
    }

    mutating func run() {
        checkContracts()
        checkBuyers()
        checkProviders()
    }

    // MARK: - Buyers

    mutating func checkBuyers() {
        for (b, buyer) in scenario.buyers.enumerated() {
            let id = "buyer \(buyer.id)"
            let p = "buyers.\(buyer.id)"
            let d = s.defaultMonth[b]
            let mine = contracts.indices.filter { contracts[$0].buyer == b }
            // Parameters of this path.
            let cash0 = v["\(p).cash0"], fixed = v["\(p).opex.fixed"], opexGrowth = v["\(p).opex.growth"]
            let share = v["\(p).opex.revenue_share"], maxMW = v["\(p).spot.max_mw"], markup = v["\(p).spot.markup"]
            let austerityRunway = v["\(p).austerity.runway_months"], cut = v["\(p).austerity.training_cut"]
            let minRunway = v["\(p).spot.min_runway_months"]
            let rpm0 = v["\(p).revenue_per_mw.initial"], rpmTrend = v["\(p).revenue_per_mw.trend"]
            expectNear(s.buyerCash0[b], cash0, "\(id) cash0")
            for t in 0..<T {
                let at = "\(id) t=\(t)"
                let cash = l.buyers[.cash][b, t]
                let previous = t == 0 ? cash0 : l.buyers[.cash][b, t - 1]
                // Inference demand I_t = R_t / (rev_per_mw₀ · (1 + k)^{t/12}).
                let rpm = rpm0 * pow(1 + rpmTrend, Double(t) / 12)
                expectNear(l.buyers[.inferenceDemand][b, t], l.buyers[.revenuePotential][b, t] / rpm, "\(at) inference demand = R/rev_per_mw")
                guard alive(b, t) else {
                    // A defaulted buyer earns and pays nothing; its cash stays at the default month's balance.
                    if cash != l.buyers[.cash][b, d!] { fail("\(at) cash after default \(cash) ≠ frozen \(l.buyers[.cash][b, d!])") }
                    for (name, grid) in [("revenue", l.buyers[.revenue]), ("opex", l.buyers[.opex]), ("contract payments", l.buyers[.contractPayments]),
                                         ("spot cost", l.buyers[.spotCost]), ("spot MW", l.buyers[.spotMW]), ("funding", l.buyers[.funding]),
                                         ("operating cash flow", l.buyers[.operatingCashFlow]), ("served", l.buyers[.inferenceServed]),
                                         ("training demand", l.buyers[.trainingDemand]), ("unused commitment", l.buyers[.unusedCommitment])]
                    where grid[b, t] != 0 {
                        fail("\(at) \(name) after default = \(grid[b, t])")
                    }
                    continue
                }
                let revenue = l.buyers[.revenue][b, t], funding = l.buyers[.funding][b, t], opex = l.buyers[.opex][b, t]
                let payments = l.buyers[.contractPayments][b, t], spotCost = l.buyers[.spotCost][b, t]
                // Cash: Δcash = inflows − outflows.
                let scale = [abs(previous), abs(cash), revenue, funding, opex, abs(payments), spotCost].max()!
                expectNear(cash - previous, sim.ledger.buyerInflows(b, t) - sim.ledger.buyerOutflows(b, t), "\(at) Δcash = in − out", scale: scale)
                expectNear(l.buyers[.operatingCashFlow][b, t], revenue - opex - payments - spotCost, "\(at) operating cash flow", scale: scale)
                // Default iff cash < 0: non-negative before the default month, negative in it.
                if t == d {
                    if !(cash < 0) { fail("\(at) default month with cash \(cash) ≥ 0") }
                } else if cash < 0 {
                    fail("\(at) cash \(cash) < 0 without default (default month \(d.map(String.init) ?? "none"))")
                }
                // Payments are the sum of the buyer's contract cash.
                var contractCash = 0.0, contractCashScale = 0.0, trainingOnContracts = 0.0, servedOnContracts = 0.0, unused = 0.0
                for c in mine {
                    contractCash += l.contracts[.cash][c, t]
                    contractCashScale += abs(l.contracts[.cash][c, t])
                    trainingOnContracts += l.contracts[.trainingMW][c, t]
                    servedOnContracts += l.contracts[.inferenceServed][c, t]
                    if l.contracts[.deliveredMW][c, t] > 0 {
                        unused += l.contracts[.price][c, t] * max(0, contracts[c].takeOrPay * l.contracts[.deliveredMW][c, t] - l.contracts[.usedMW][c, t])
                    }
                }
                expectNear(payments, contractCash, "\(at) payments = Σ contract cash", scale: contractCashScale)
                expectNear(l.buyers[.unusedCommitment][b, t], unused, "\(at) unused commitment = Σ price·(top·delivered − used)⁺",
                           scale: contractCashScale)
                // Allocation: served ≤ demand; served = on contracts + on spot (≤ spot MW); training placed ≤ wanted.
                let demand = l.buyers[.inferenceDemand][b, t], served = l.buyers[.inferenceServed][b, t], spotMW = l.buyers[.spotMW][b, t]
                expectAtMost(served, demand, "\(at) served ≤ inference demand")
                expectAtMost(servedOnContracts, served, "\(at) served on contracts ≤ served", scale: demand)
                expectAtMost(served - servedOnContracts, spotMW, "\(at) served on spot ≤ spot MW", scale: demand)
                expectAtMost(trainingOnContracts, l.buyers[.trainingDemand][b, t], "\(at) training placed ≤ training wanted")
                // Spot: at most max_mw × the regime's availability, paid P_t × markup.
                let regime = scenario.market.regimes.regimes[sim.market.regime[t]].name
                let availability = v["market.regimes.\(regime).spot_availability"]
                expectAtMost(spotMW, maxMW * availability, "\(at) spot MW ≤ max_mw × availability")
                expectNear(spotCost, spotMW * sim.market.price[t] * markup, "\(at) spot cost = MW × P × markup")
                // Revenue = R × served / I (≤ R); opex = fixed·(1 + g)^{t/12} + share × revenue.
                let potential = l.buyers[.revenuePotential][b, t]
                expectNear(revenue, demand > 0 ? potential * min(1, served / demand) : 0, "\(at) revenue = R·served/I", scale: potential)
                expectNear(opex, fixed * pow(1 + opexGrowth, Double(t) / 12) + share * revenue, "\(at) opex")
                // Runway at the start of the month (cash ÷ trailing 3-month net burn) decides austerity and spot.
                // (0 when cash is not positive, +∞ in month 0 or when not burning.)
                var runway = Double.infinity
                if t > 0 && previous <= 0 {
                    runway = 0
                } else if t > 0 {
                    let from = max(0, t - 3)
                    var burn = 0.0
                    for s in from..<t { burn -= l.buyers[.operatingCashFlow][b, s] }
                    burn /= Double(t - from)
                    if burn > 0 { runway = previous / burn }
                }
                let planned = plannedTraining(buyer, t)
                let wanted = runway < austerityRunway ? planned * (1 - cut) : planned
                expectNear(l.buyers[.trainingDemand][b, t], wanted, "\(at) training after austerity (runway \(runway))")
                if !(runway > minRunway) && spotMW != 0 { fail("\(at) spot \(spotMW) MW bought with runway \(runway) ≤ \(minRunway)") }
                // Funding only from a scheduled round of this month or the policy.
                if funding < 0 { fail("\(at) negative funding \(funding)") }
                let scheduled = buyer.funding.scheduled.contains { scenario.horizon.start.months(to: $0.month) == t }
                if funding > 0 && !scheduled && buyer.funding.raiseBelowRunwayMonths == nil { fail("\(at) funding \(funding) from nowhere") }
            }
            if let d, !(d >= 0 && d < T) { fail("\(id) default month \(d) outside the horizon") }
            // NPV: Σ operating_t·(1 + r)^{−(t+1)/12} + terminal multiple × final-year revenue (none after default).
            let r = v["\(p).discount_rate"]
            var npv = 0.0, npvScale = 0.0
            for t in 0..<T {
                let term = l.buyers[.operatingCashFlow][b, t] * pow(1 + r, -Double(t + 1) / 12)
                npv += term
                npvScale += abs(term)
            }
            if d == nil {
                var lastYear = 0.0
                for t in max(0, T - 12)..<T { lastYear += l.buyers[.revenue][b, t] }
                let terminal = v["\(p).terminal_multiple"] * lastYear * 12 / Double(min(12, T)) * pow(1 + r, -Double(T) / 12)
                npv += terminal
                npvScale += abs(terminal)
            }
            expectNear(s.buyerNPV[b], npv, "\(id) NPV", scale: npvScale)
        }
    }

    /// The training plan's value in force at month t (0 before the first entry).
    func plannedTraining(_ buyer: Buyer, _ t: Int) -> Double {
        let plan = buyer.trainingPlan
        var value = 0.0
        for entry in plan.entries {
            let from = plan.byYear ? Month(year: entry.month.year, month: 1) : entry.month
            if scenario.horizon.start.months(to: from) <= t { value = v["buyers.\(buyer.id).training_mw.\(plan.key(of: entry.month))"] }
        }
        return value
    }

    // MARK: - Contracts

    mutating func checkContracts() {
        for c in contracts.indices {
            let f = contracts[c]
            let id = "contract \(scenario.contracts[c].id)"
            let d = s.defaultMonth[f.buyer]
            var charges = 0.0, cashPaid = 0.0, chargeScale = 0.0
            for t in 0..<T {
                let at = "\(id) t=\(t)"
                let price = l.contracts[.price][c, t]
                if t >= f.first { expectNear(price, expectedPrice(c, t), "\(at) price p₀·(1+esc)^{(t−t₀)/12}") }
                let delivered = l.contracts[.deliveredMW][c, t], used = l.contracts[.usedMW][c, t], training = l.contracts[.trainingMW][c, t]
                if alive(f.buyer, t) {
                    // Delivered = tranches whose start + delay ≤ t, within the term.
                    expectNear(delivered, f.delivered(t), "\(at) delivered MW")
                    expectAtMost(used, delivered, "\(at) used ≤ delivered")
                    expectAtMost(training, used, "\(at) training ≤ used")
                    if training < 0 || used < 0 { fail("\(at) negative use") }
                    expectNear(l.contracts[.inferenceServed][c, t], (used - training) * f.efficiency, "\(at) served = (used − training)·efficiency",
                               scale: delivered * f.efficiency)
                    let charge = delivered > 0 ? price * max(f.takeOrPay * delivered, used) : 0
                    expectNear(l.contracts[.charge][c, t], charge, "\(at) charge = price × max(top × delivered, used)")
                } else {
                    for (name, grid) in [("delivered", l.contracts[.deliveredMW]), ("used", l.contracts[.usedMW]), ("training", l.contracts[.trainingMW]),
                                         ("served", l.contracts[.inferenceServed]), ("charge", l.contracts[.charge]), ("cash", l.contracts[.cash])]
                    where grid[c, t] != 0 {
                        fail("\(at) \(name) after the buyer's default = \(grid[c, t])")
                    }
                }
                charges += l.contracts[.charge][c, t]
                chargeScale += abs(l.contracts[.charge][c, t]) + abs(l.contracts[.cash][c, t])
                cashPaid += l.contracts[.cash][c, t]
            }
            if f.isTotal {
                // With total_value, the planned schedule at the derived price is worth exactly the total.
                var planned = 0.0
                for t in f.first...f.last { planned += l.contracts[.price][c, t] * f.planned(t) }
                if planned > 0 || f.price > 0 { expectNear(planned, f.price, "\(id) Σ price × planned MW = total_value") }
            }
            let value = s.contractValue[c], paid = s.contractPaid[c]
            var recoveries = 0.0
            for t in 0..<T { recoveries += l.contracts[.recovery][c, t] }
            let prepaid = f.prepayment ?? 0
            if let d, d < f.last {
                // Default inside the term: value = charges so far + take-or-pay value of the rest as delivered.
                var remaining = 0.0
                for t in (d + 1)...f.last { remaining += f.takeOrPay * l.contracts[.price][c, t] * f.delivered(t) }
                expectNear(value, charges + remaining, "\(id) value at default = charges + top × remaining", scale: chargeScale)
                // Unused prepayment credit at default = cash paid − charges so far.
                var cashToD = 0.0, chargesToD = 0.0
                for t in 0...d { cashToD += l.contracts[.cash][c, t]; chargesToD += l.contracts[.charge][c, t] }
                let credit = max(0, cashToD - chargesToD)
                if cashToD - chargesToD < -Self.rel * (chargeScale + prepaid) { fail("\(id) negative credit \(cashToD - chargesToD)") }
                var claim = remaining
                if let fee = f.feeMonths {
                    // The current monthly charge: price × MW delivered at default (the first MW to be delivered
                    // when nothing is online yet — the engine's choice, see the report).
                    var current = l.contracts[.deliveredMW][c, d]
                    if current <= 0 { current = (0..<T).lazy.map { f.delivered($0) }.first { $0 > 0 } ?? 0 }
                    claim = min(claim, fee * l.contracts[.price][c, d] * current)
                }
                let retained = min(credit, claim)
                contracts[c].refund = credit - retained
                contracts[c].stranded = l.contracts[.deliveredMW][c, d]
                let claimScale = remaining + credit + prepaid
                expectNear(s.contractClaim[c], claim - retained, "\(id) claim = min(top·remaining, fee cap) − retained credit", scale: claimScale)
                let recovery = f.recoveryRate * s.contractClaim[c]
                let when = d + f.recoveryLag
                if when < T {
                    expectNear(l.contracts[.recovery][c, when], recovery, "\(id) recovery rate × claim at t=\(when)", scale: claimScale)
                    expectNear(recoveries, recovery, "\(id) total recovery", scale: claimScale)
                    if s.recoveryAfterHorizon[c] != 0 { fail("\(id) recovery after horizon \(s.recoveryAfterHorizon[c]) but due at t=\(when)") }
                } else {
                    if recoveries != 0 { fail("\(id) recovery \(recoveries) inside the horizon, due at t=\(when)") }
                    expectNear(s.recoveryAfterHorizon[c], recovery, "\(id) recovery after the horizon", scale: claimScale)
                }
                expectNear(paid, cashPaid - contracts[c].refund + recoveries + s.recoveryAfterHorizon[c],
                           "\(id) paid = cash − refund + recoveries", scale: chargeScale + claimScale)
            } else {
                // No default inside the term: value = charges, paid = cash = value (prepayment fully credited or refunded).
                expectNear(value, charges, "\(id) value = Σ charges", scale: chargeScale)
                if s.contractClaim[c] != 0 || recoveries != 0 || s.recoveryAfterHorizon[c] != 0 {
                    fail("\(id) claim/recovery without a default in the term")
                }
                expectNear(paid, cashPaid, "\(id) paid = Σ cash", scale: chargeScale + 2 * prepaid)
                expectNear(paid, value, "\(id) paid = value without default", scale: chargeScale + 2 * prepaid)
            }
            // Never more than the contract is worth (relative 1e-9).
            if !(paid <= value + 1e-9 * max(abs(value), prepaid)) { fail("\(id) paid \(paid) > value \(value)") }
            // The full value: no default, no delay, full take-or-pay, no prepayment → Σ charges = Σ price × planned MW
            // (= total_value when priced that way), to relative 1e-12.
            if d == nil && f.delay == 0 && f.takeOrPay == 1 && f.prepayment == nil {
                var full = 0.0
                for t in f.first...f.last { full += expectedPrice(c, t) * f.planned(t) }
                expectNear(charges, full, "\(id) Σ charges = Σ price × planned MW")
                expectNear(charges, value, "\(id) Σ charges = value")
                if f.isTotal { expectNear(charges, f.price, "\(id) Σ charges = total_value") }
            }
        }
    }

    // MARK: - Providers

    mutating func checkProviders() {
        for (p, provider) in scenario.providers.enumerated() {
            let id = "provider \(provider.id)"
            let mine = contracts.indices.filter { contracts[$0].provider == p }
            let key = "providers.\(provider.id)"
            let hasFinancials = provider.financials != nil
            var previousCash = hasFinancials ? v["\(key).cash0"] : 0
            var previousDebt = hasFinancials ? v["\(key).debt0"] : 0
            if hasFinancials {
                expectNear(s.providerCash0[p], previousCash, "\(id) cash0")
                expectNear(s.providerDebt0[p], previousDebt, "\(id) debt0")
            }
            var npv = 0.0, npvScale = 0.0
            let wacc = v.optional("\(key).wacc") ?? 0
            for t in 0..<T {
                let at = "\(id) t=\(t)"
                var receipts = 0.0, recoveries = 0.0, refunds = 0.0, scale = 0.0, recognised = 0.0
                var liveOnline = 0.0, usedLive = 0.0, back = 0.0, anyLive = false
                for c in mine {
                    let f = contracts[c]
                    receipts += l.contracts[.cash][c, t]
                    recognised += l.contracts[.charge][c, t] + l.contracts[.fees][c, t]
                    recoveries += l.contracts[.recovery][c, t]
                    scale += abs(l.contracts[.cash][c, t]) + l.contracts[.recovery][c, t]
                    if alive(f.buyer, t) && t <= f.last {
                        liveOnline += l.contracts[.deliveredMW][c, t]
                        usedLive += l.contracts[.usedMW][c, t]
                        anyLive = true
                    } else if t <= f.last || hasFinancials {
                        // Back with the builder (docs/model.md, "After the term"): what a default stranded, or
                        // what was delivered in the term's last month; a builder without a balance sheet keeps
                        // stranded MW to the term's end only. Chips and halls that wear out, and chips switched
                        // off after the term, make it at most this.
                        let defaultedInTerm = s.defaultMonth[f.buyer].map { $0 < f.last } ?? false
                        back += defaultedInTerm ? f.stranded : l.contracts[.deliveredMW][c, f.last]
                    }
                    if let d = s.defaultMonth[f.buyer], d == t { refunds += f.refund }
                }
                expectNear(l.providers[.receipts][p, t], receipts, "\(at) receipts = Σ contract cash", scale: scale)
                expectNear(l.providers[.recoveries][p, t], recoveries, "\(at) recoveries = Σ contract recoveries", scale: scale)
                expectNear(l.providers[.refunds][p, t], refunds, "\(at) refunds of unused prepayment at default", scale: scale)
                // Capacity: online = delivered under live contracts + at most what came back to the builder.
                let online = l.providers[.mwOnline][p, t]
                expectAtMost(liveOnline, online + Self.rel * max(1, online), "\(at) MW online ≥ delivered under live contracts")
                expectAtMost(online, liveOnline + back + Self.rel * max(1, liveOnline + back), "\(at) MW online ≤ live + back with the builder")
                let released = l.providers[.mwUsed][p, t] - usedLive
                expectAtMost(l.providers[.strandedMW][p, t] + released, back + Self.rel * max(1, online),
                             "\(at) stranded + re-leased ≤ MW back with the builder")
                if l.providers[.strandedMW][p, t] < 0 || released < -Self.rel * max(1, online) { fail("\(at) negative stranded/re-leased MW") }
                // Without leases there is no empty hall to let: re-lease income needs re-leased MW.
                if provider.financials?.leases == nil && released <= Self.rel * max(1, online) && l.providers[.releaseIncome][p, t] != 0 {
                    fail("\(at) re-lease income without re-leased MW")
                }
                expectAtMost(l.providers[.mwUsed][p, t], l.providers[.mwOnline][p, t], "\(at) MW used ≤ online")
                guard hasFinancials else {
                    if !released.isZero && abs(released) > Self.rel * max(1, online) { fail("\(at) re-leased MW without a balance sheet") }
                    continue
                }
                let capex = l.providers[.capex][p, t], opex = l.providers[.opex][p, t], interest = l.providers[.interest][p, t]
                let repayment = l.providers[.repayment][p, t], draw = l.providers[.debtDraw][p, t], base = l.providers[.baseEBITDA][p, t]
                let release = l.providers[.releaseIncome][p, t], cash = l.providers[.cash][p, t], debt = l.providers[.debt][p, t]
                // Cash: Δcash = inflows − outflows.
                let cashScale = [abs(previousCash), abs(cash), abs(receipts), recoveries, release, abs(base), draw, capex, opex, interest, repayment,
                                 l.providers[.refunds][p, t]].max()!
                expectNear(cash - previousCash, sim.ledger.providerInflows(p, t) - sim.ledger.providerOutflows(p, t), "\(at) Δcash = in − out",
                           scale: cashScale)
                // Debt: balance moves by draws and repayments; interest on the opening balance at (1 + r + spread)^{1/12} − 1.
                expectNear(debt, previousDebt + draw - repayment, "\(at) debt = previous + draw − repayment", scale: previousDebt + draw)
                let regime = scenario.market.regimes.regimes[sim.market.regime[t]].name
                let annual = v["\(key).interest_rate"] + v["market.regimes.\(regime).credit_spread"]
                expectNear(interest, previousDebt * (pow(1 + annual, 1.0 / 12) - 1), "\(at) interest on opening debt", scale: previousDebt)
                expectAtMost(repayment, previousDebt, "\(at) repayment ≤ opening debt")
                expectNear(draw, v["\(key).debt_fraction"] * capex, "\(at) draw = debt_fraction × capex")
                if !anyLive && capex != 0 { fail("\(at) capex \(capex) with no live contract") }
                if capex < 0 || opex < 0 || interest < 0 && annual >= 0 { fail("\(at) negative outflow") }
                // Opex on MW online; base EBITDA growing at base_growth; EBITDA = base + receipts + re-lease − opex.
                expectNear(opex, v["\(key).opex_per_mw_month"] * online, "\(at) opex = opex/MW × online")
                expectNear(base, v["\(key).base_ebitda"] * pow(1 + v["\(key).base_growth"], Double(t) / 12), "\(at) base EBITDA")
                // EBITDA on the accrual basis: the charges billed, not the cash received.
                expectNear(l.providers[.ebitda][p, t], base + recognised + release - opex, "\(at) EBITDA", scale: cashScale)
                // Leverage = debt ÷ trailing-12-month EBITDA (annualised before 12 months exist; +∞ if not positive).
                var trailing = 0.0, trailingScale = 0.0
                for s in max(0, t - 11)...t { trailing += l.providers[.ebitda][p, s]; trailingScale += abs(l.providers[.ebitda][p, s]) }
                let annualEBITDA = trailing * 12 / Double(t - max(0, t - 11) + 1)
                let leverage = l.providers[.leverage][p, t]
                if annualEBITDA > Self.rel * trailingScale * 12 {
                    expectNear(leverage, debt / annualEBITDA, "\(at) leverage = debt / trailing EBITDA", scale: debt / annualEBITDA * (trailingScale * 12 / annualEBITDA))
                } else if annualEBITDA < -Self.rel * trailingScale * 12 && leverage != .infinity {
                    fail("\(at) leverage \(leverage) with non-positive trailing EBITDA \(annualEBITDA)")
                }
                // NPV of the build: receipts + recoveries + re-lease − refunds − capex − opex at wacc, end of month.
                let flow = receipts + recoveries + release - l.providers[.refunds][p, t] - capex - opex
                let discount = pow(1 + wacc, -Double(t + 1) / 12)
                npv += flow * discount
                npvScale += (abs(receipts) + recoveries + release + l.providers[.refunds][p, t] + capex + opex) * discount
                previousCash = cash
                previousDebt = debt
            }
            guard hasFinancials else {
                if s.providerNPV[p] != 0 { fail("\(id) NPV \(s.providerNPV[p]) without a balance sheet") }
                continue
            }
            for c in mine where s.recoveryAfterHorizon[c] > 0 {
                let when = s.defaultMonth[contracts[c].buyer]! + contracts[c].recoveryLag
                let term = s.recoveryAfterHorizon[c] * pow(1 + wacc, -Double(when + 1) / 12)
                npv += term
                npvScale += term
            }
            expectNear(s.providerNPV[p], npv, "\(id) NPV at wacc", scale: npvScale)
            // When every buyer pays to the end: Σ capex + sunk = Σ over tranches built of (facility + chips) × MW.
            if mine.allSatisfy({ s.defaultMonth[contracts[$0].buyer] == nil }) {
                var capex = 0.0, expected = 0.0
                for t in 0..<T { capex += l.providers[.capex][p, t] }
                for c in mine {
                    let f = contracts[c]
                    let chips = v["accelerators.\(scenario.contracts[c].accelerator).capex_per_mw"]
                    // The facility is built for the planned date; chips only for a delivery inside the term.
                    for (start, mw) in zip(f.starts, f.mw) where start <= f.last {
                        expected += v["\(key).facility_capex_per_mw"] * mw + (start + f.delay <= f.last ? chips * mw : 0)
                    }
                }
                expectNear(capex + s.providerSunkCapex[p], expected, "\(id) total capex of the tranches built")
            }
        }
    }

    // MARK: - Coverage

    struct Coverage {
        static let names = [
            "a default", "a default inside a term", "a positive claim", "a retained prepayment credit", "a refund to the estate",
            "a recovery inside the horizon", "a recovery after the horizon", "stranded MW", "re-leased MW", "spot purchases",
            "austerity", "a policy funding round", "a scheduled funding round", "idle take-or-pay capacity",
            "a prepayment credited", "a full-value check (per MW-month)", "a full-value check (total value)",
            "a delivery delay", "a provider without financials holding a contract", "a path without default",
        ]
        var counts: [String: Int] = [:]
        mutating func mark(_ name: String, _ condition: Bool) {
            precondition(Coverage.names.contains(name), name)
            if condition { counts[name, default: 0] += 1 }
        }
        mutating func add(_ other: Coverage) { for (k, n) in other.counts { counts[k, default: 0] += n } }
    }

    /// Records which branches this path went through (no checks).
    mutating func collectCoverage() {
        var c = Coverage()
        let anyDefault = s.defaultMonth.contains { $0 != nil }
        c.mark("a default", anyDefault)
        c.mark("a path without default", !anyDefault)
        for (k, f) in contracts.enumerated() {
            let d = s.defaultMonth[f.buyer]
            c.mark("a default inside a term", d.map { $0 < f.last } ?? false)
            c.mark("a positive claim", s.contractClaim[k] > 0)
            c.mark("a recovery inside the horizon", l.contracts[.recovery].sum(k, 0..<T) > 0)
            c.mark("a recovery after the horizon", s.recoveryAfterHorizon[k] > 0)
            c.mark("a delivery delay", f.delay > 0 && (0..<T).contains { l.contracts[.deliveredMW][k, $0] > 0 })
            c.mark("a provider without financials holding a contract", scenario.providers[f.provider].financials == nil)
            if let d, d < f.last, f.prepayment != nil {
                var cashToD = 0.0, chargesToD = 0.0
                for t in 0...d { cashToD += l.contracts[.cash][k, t]; chargesToD += l.contracts[.charge][k, t] }
                // Credit left and something to claim: part of the claim is kept from the credit.
                c.mark("a retained prepayment credit", cashToD - chargesToD > 1 && s.contractValue[k] - chargesToD > 1 && (f.feeMonths ?? 1) > 0)
            }
            if f.prepayment != nil {
                c.mark("a prepayment credited", (0..<T).contains { l.contracts[.charge][k, $0] > 0 && l.contracts[.cash][k, $0] < l.contracts[.charge][k, $0] })
            }
            if d == nil && f.delay == 0 && f.takeOrPay == 1 && f.prepayment == nil {
                c.mark(f.isTotal ? "a full-value check (total value)" : "a full-value check (per MW-month)", true)
            }
        }
        for b in scenario.buyers.indices {
            for t in 0..<T where alive(b, t) {
                c.mark("spot purchases", l.buyers[.spotMW][b, t] > 0)
                c.mark("idle take-or-pay capacity", l.buyers[.unusedCommitment][b, t] > 0)
                let scheduled = scenario.buyers[b].funding.scheduled.contains { scenario.horizon.start.months(to: $0.month) == t }
                c.mark("a scheduled funding round", scheduled && l.buyers[.funding][b, t] > 0)
                c.mark("a policy funding round", !scheduled && l.buyers[.funding][b, t] > 0)
                c.mark("austerity", l.buyers[.trainingDemand][b, t] < plannedTraining(scenario.buyers[b], t) * (1 - 1e-9))
            }
        }
        for p in scenario.providers.indices {
            for t in 0..<T {
                c.mark("a refund to the estate", l.providers[.refunds][p, t] > 0)
                c.mark("stranded MW", l.providers[.strandedMW][p, t] > 0)
                c.mark("re-leased MW", l.providers[.releaseIncome][p, t] > 0)
            }
        }
        coverage = c
    }
}

/// The accounting identities of the deal terms and the workout, on random scenarios with those terms
/// (``SimulatorTestScenarios/randomWithDeals(index:)``), checked by ``DealIdentityChecker`` every month
/// for every party. Tolerances as in ``SimulatorIdentityTests`` (relative 1e-12 of the largest
/// magnitude in the identity; sums of at most a few hundred doubles).
@Suite struct SimulatorDealIdentityTests {
    static let scenarioCount = 40
    /// 10 paths: a cancellation happens only when a tranche's fee is below the charges it would bring,
    /// which 6 paths of these scenarios reach fewer than 3 times.
    static let pathsPerScenario: UInt64 = 10

    @Test func randomScenariosWithDealsValidate() {
        Self.expectValid(SimulatorTestScenarios.randomWithDeals, count: Self.scenarioCount)
    }

    @Test(arguments: 0..<scenarioCount)
    func dealIdentitiesHold(index: Int) throws {
        try Self.expectDealIdentities(SimulatorTestScenarios.randomWithDeals(index: index), index: index, paths: Self.pathsPerScenario)
    }

    /// The random scenarios go through every new branch on at least 3 paths.
    @Test func randomScenariosWithDealsExerciseEveryBranch() throws {
        try Self.expectCoverage(SimulatorTestScenarios.randomWithDeals, count: Self.scenarioCount, paths: Self.pathsPerScenario,
                                names: DealIdentityChecker.coverageNames, coverage: DealIdentityChecker.coverage)
    }

    /// Every scenario `make(0 ..< count)` validates.
    static func expectValid(_ make: (Int) -> Scenario, count: Int) {
        for i in 0..<count {
            let issues = make(i).validate()
            #expect(issues.isEmpty, "scenario \(i): \(issues.map(\.description).joined(separator: "\n"))")
        }
    }

    /// ``DealIdentityChecker`` finds no violation on `paths` paths of `scenario`.
    static func expectDealIdentities(_ scenario: Scenario, index: Int, paths: UInt64) throws {
        try SimulatorIdentityTests.expectIdentities(scenario, index: index, paths: paths) { sim in
            var checker = DealIdentityChecker(sim)
            checker.run()
            return checker.violations
        }
    }

    /// Each of `names` is among the `coverage` of at least 3 of the paths of scenarios `make(0 ..< count)`.
    static func expectCoverage(_ make: (Int) -> Scenario, count: Int, paths: UInt64, names: [String],
                               coverage: (PathSimulator) -> Set<String>) throws {
        var counts: [String: Int] = [:]
        for index in 0..<count {
            var sim = PathSimulator(model: try SimulationModel(scenario: make(index)))
            for path in 0..<paths {
                sim.simulate(seed: 42, path: path, deterministic: false)
                for name in coverage(sim) { counts[name, default: 0] += 1 }
            }
        }
        for name in names {
            #expect(counts[name, default: 0] >= 3, "fewer than 3 paths have \(name) (\(counts[name, default: 0]))")
        }
    }
}

/// The same identities with a restructuring on every buyer
/// (``SimulatorTestScenarios/randomWithRestructuring(index:)``): concessions change prices, tranches and
/// the deferred balances, and money still adds up.
@Suite struct SimulatorRestructuringIdentityTests {
    static let scenarioCount = 60
    static let pathsPerScenario: UInt64 = 10
    typealias Deals = SimulatorDealIdentityTests

    @Test func randomScenariosWithRestructuringValidate() {
        Deals.expectValid(SimulatorTestScenarios.randomWithRestructuring, count: Self.scenarioCount)
    }

    @Test(arguments: 0..<scenarioCount)
    func identitiesHoldWithConcessions(index: Int) throws {
        try Deals.expectDealIdentities(SimulatorTestScenarios.randomWithRestructuring(index: index), index: index, paths: Self.pathsPerScenario)
    }

    /// Every concession is granted, a restructuring refused and a default after one, on at least 3 paths.
    @Test func randomScenariosExerciseEveryConcession() throws {
        try Deals.expectCoverage(SimulatorTestScenarios.randomWithRestructuring, count: Self.scenarioCount, paths: Self.pathsPerScenario,
                                 names: DealIdentityChecker.restructuringCoverageNames, coverage: DealIdentityChecker.restructuringCoverage)
    }
}

/// Checks the flows of the deal terms and the workout on one path, from the scenario and the path's
/// parameters (not from the engine's helpers: `PathLedger.buyerInflows` and friends are not used).
struct DealIdentityChecker {
    static let rel = 1e-12
    let sim: PathSimulator
    let scenario: Scenario
    let v: SimulatorTestScenarios.Values
    let l: PathLedger
    let s: PathSummary
    let T: Int
    var violations: [String] = []
    /// Per contract: buyer, provider and host positions, last month.
    var buyerOf: [Int] = [], providerOf: [Int] = [], hostOf: [Int] = [], last: [Int] = []

    init(_ sim: PathSimulator) {
        self.sim = sim
        scenario = sim.model.scenario
        v = SimulatorTestScenarios.Values(sim)
        l = sim.ledger
        s = sim.summary
        T = sim.model.months
        let buyers = scenario.buyers.map(\.id), providers = scenario.providers.map(\.id)
        for c in scenario.contracts {
            buyerOf.append(buyers.firstIndex(of: c.buyer)!)
            providerOf.append(providers.firstIndex(of: c.provider)!)
            hostOf.append(providers.firstIndex(of: c.hardware?.host ?? c.provider)!)
            last.append(scenario.horizon.start.months(to: c.endMonth!))
        }
    }

    mutating func fail(_ message: String) { violations.append(message) }

    mutating func expectNear(_ a: Double, _ b: Double, _ what: @autoclosure () -> String, scale: Double = 0) {
        let m = max(abs(a), abs(b), abs(scale))
        if !(abs(a - b) <= Self.rel * m) { fail("\(what()): \(a) ≠ \(b) (diff \(a - b))") }
    }

    func alive(_ b: Int, _ t: Int) -> Bool { s.defaultMonth[b].map { t <= $0 } ?? true }
    static func monthly(_ annual: Double) -> Double { pow(1 + annual, 1.0 / 12) - 1 }
    static func whole(_ x: Double) -> Int { x.isFinite && x > 0 ? Int(x.rounded()) : 0 }
    /// (1 − (1 + i)^{−n}) / i; n when i = 0; 0 when n ≤ 0.
    static func annuity(_ i: Double, _ n: Double) -> Double { n <= 0 ? 0 : abs(i) < 1e-12 ? n : (1 - pow(1 + i, -n)) / i }
    /// MW the contract's own builder delivered in month t: billed MW less capacity it replaced from elsewhere.
    func ownMW(_ c: Int, _ t: Int) -> Double { l.contracts[.deliveredMW][c, t] - l.contracts[.replacementMW][c, t] }
    /// The rise of `ownMW` since t − 1; a rise within rounding of the subtraction above (1e-12 of the MW) is none.
    func newMW(_ c: Int, _ t: Int) -> Double {
        let rise = ownMW(c, t) - (t > 0 ? ownMW(c, t - 1) : 0)
        return rise > 1e-12 * max(1, l.contracts[.deliveredMW][c, t]) ? rise : 0
    }

    mutating func run() {
        checkBuyers()
        checkContracts()
        checkProviders()
    }

    mutating func checkBuyers() {
        for (b, buyer) in scenario.buyers.enumerated() {
            let key = "buyers.\(buyer.id)", id = "buyer \(buyer.id)"
            let mine = scenario.contracts.indices.filter { buyerOf[$0] == b }
            let w = buyer.workout
            let minCash = v["\(key).workout.min_cash"]
            var previousBalance = 0.0
            for t in 0..<T where alive(b, t) {
                let at = "\(id) t=\(t)"
                let previous = t == 0 ? v["\(key).cash0"] : l.buyers[.cash][b, t - 1]
                let revenue = l.buyers[.revenue][b, t], est = l.buyers[.establishedCashFlow][b, t], sublet = l.buyers[.subletIncome][b, t]
                let funding = l.buyers[.funding][b, t], vendor = l.buyers[.vendorFinancing][b, t], draw = l.buyers[.facilityDraw][b, t]
                let opex = l.buyers[.opex][b, t], payments = l.buyers[.contractPayments][b, t], spot = l.buyers[.spotCost][b, t]
                let interest = l.buyers[.facilityInterest][b, t], repaid = l.buyers[.facilityRepayment][b, t]
                let inflows = revenue + est + sublet + funding + vendor + draw
                let outflows = opex + payments + spot + interest + repaid
                let scale = max(abs(previous), inflows, abs(outflows))
                // Cash: Δcash = inflows − outflows.
                expectNear(l.buyers[.cash][b, t] - previous, inflows - outflows, "\(at) Δcash = in − out", scale: scale)
                expectNear(l.buyers[.operatingCashFlow][b, t], revenue + est + sublet - opex - payments - spot, "\(at) operating cash flow", scale: scale)
                var contractCash = 0.0, idle = 0.0, vendorExpected = 0.0, cashScale = 0.0
                for c in mine {
                    contractCash += l.contracts[.cash][c, t]
                    cashScale += abs(l.contracts[.cash][c, t])
                    idle += max(0, l.contracts[.deliveredMW][c, t] - l.contracts[.usedMW][c, t])
                    if scenario.contracts[c].vendorFinancing != nil {
                        vendorExpected += v["contracts.\(scenario.contracts[c].id).vendor_financing.per_mw"] * newMW(c, t)
                    }
                }
                expectNear(payments, contractCash, "\(at) payments = Σ contract cash (fees, deferrals, repayments with interest)", scale: cashScale)
                // Vendor financing: per_mw × MW newly delivered, plus scheduled rounds paid by a provider and
                // what backers that are providers invested.
                let backers = l.buyers[.backerFunding][b, t]
                var providerRounds = 0.0
                for (j, round) in buyer.funding.scheduled.enumerated() where round.provider != nil && scenario.horizon.start.months(to: round.month) == t {
                    providerRounds += v["\(key).funding.scheduled[\(j)].amount"]
                }
                if buyer.funding.backers.contains(where: { $0.provider != nil }) || providerRounds > 0 {
                    let extra = vendor - vendorExpected
                    if extra < -Self.rel * max(vendor, vendorExpected) || extra > (backers + providerRounds) * (1 + Self.rel) + 1e-6 {
                        fail("\(at) vendor financing \(vendor) not per_mw × MW (\(vendorExpected)) + provider rounds (≤ \(providerRounds)) + backers (≤ \(backers))")
                    }
                } else {
                    expectNear(vendor, vendorExpected, "\(at) vendor financing = per_mw × MW delivered this month")
                }
                if backers < 0 || (buyer.funding.backers.isEmpty && backers != 0) { fail("\(at) backer funding \(backers)") }
                if backers > funding + vendor - vendorExpected + Self.rel * scale + 1e-6 { fail("\(at) backer funding above funding received") }
                // Established business: revenue0·(1 + g)^{t/12}·D_t^β, cash flow = margin × revenue.
                if buyer.established != nil {
                    let e = "\(key).established"
                    let revenue = v["\(e).revenue0"] * pow(1 + v["\(e).growth"], Double(t) / 12) * pow(sim.market.demand[t], v["\(e).demand_beta"])
                    expectNear(l.buyers[.establishedRevenue][b, t], revenue, "\(at) established revenue")
                    expectNear(est, v["\(e).cash_margin"] * revenue, "\(at) established cash flow")
                } else if l.buyers[.establishedRevenue][b, t] != 0 || est != 0 {
                    fail("\(at) established business without one")
                }
                // Credit facility: balance, interest on the opening balance, draws within the limit, repayment.
                if w.facility != nil {
                    let f = "\(key).workout.facility"
                    let balance = l.buyers[.facilityBalance][b, t]
                    expectNear(balance, previousBalance + draw - repaid, "\(at) facility balance = previous + draw − repaid", scale: previousBalance)
                    expectNear(interest, previousBalance * Self.monthly(v["\(f).interest_rate"]), "\(at) facility interest on the opening balance")
                    if draw > 0 {
                        let from = max(0, t - 11)
                        var trailing = 0.0
                        for u in from...t { trailing += l.buyers[.revenue][b, u] + l.buyers[.establishedRevenue][b, u] }
                        var limit = v["\(f).revenue_multiple"] * trailing * 12 / Double(t + 1 - from)
                        if let cap = v.optional("\(f).max") { limit = min(limit, cap) }
                        if !(balance <= limit * (1 + Self.rel) + 1e-6) { fail("\(at) facility balance \(balance) above its limit \(limit)") }
                        if repaid != 0 { fail("\(at) facility drawn and repaid in one month") }
                    }
                    if repaid > 0 {
                        if !(l.buyers[.operatingCashFlow][b, t] > 0) { fail("\(at) facility repaid in a month of negative operating cash flow") }
                        if l.buyers[.cash][b, t] < minCash - Self.rel * scale { fail("\(at) facility repaid below min_cash") }
                    }
                    previousBalance = balance
                } else if draw != 0 || repaid != 0 || interest != 0 {
                    fail("\(at) facility flows without a facility")
                }
                // Sublet: idle MW × P_t × discount.
                if w.sublet != nil {
                    expectNear(sublet, l.buyers[.subletMW][b, t] * sim.market.price[t] * v["\(key).workout.sublet.discount"], "\(at) sublet income")
                    if l.buyers[.subletMW][b, t] > idle * (1 + Self.rel) + 1e-9 { fail("\(at) sublet MW above idle MW") }
                } else if sublet != 0 {
                    fail("\(at) sublet without a sublet term")
                }
                // Funding as a market: no policy round without a valuation is sized by need; backers within capacity.
                if t == T - 1 || s.defaultMonth[b] == t {
                    var total = 0.0
                    for u in 0...t { total += l.buyers[.backerFunding][b, u] }
                    var byBacker = 0.0
                    for (k, backer) in buyer.funding.backers.enumerated() {
                        let invested = s.backerFunding[sim.model.backerColumn(buyer: b, backer: k)]
                        byBacker += invested
                        if invested > v["\(key).funding.backers.\(backer.id).capacity"] * (1 + Self.rel) + 1e-6 {
                            fail("\(at) backer \(backer.id) invested \(invested) above its capacity")
                        }
                    }
                    expectNear(total, byBacker, "\(at) Σ monthly backer funding = Σ per backer")
                    if !(s.ownership[b] >= 0 && s.ownership[b] <= 1) { fail("\(at) ownership \(s.ownership[b]) outside [0, 1]") }
                    if buyer.funding.valuation == nil && (s.ownership[b] != 1 || s.downRound[b]) { fail("\(at) dilution without a valuation") }
                }
                // Default exactly when cash ends below zero.
                if (l.buyers[.cash][b, t] < 0) != (s.defaultMonth[b] == t) { fail("\(at) default month vs cash \(l.buyers[.cash][b, t])") }
            }
        }
    }

    mutating func checkContracts() {
        for (c, contract) in scenario.contracts.enumerated() {
            let id = "contract \(contract.id)", b = buyerOf[c]
            let buyer = scenario.buyers[b]
            var dueRepaid = [Double](repeating: 0, count: T), dueInterest = [Double](repeating: 0, count: T)
            var deferred = 0.0, repaid = 0.0, outstanding = 0.0, afterHorizon = 0.0, scale = 0.0
            // The repayment schedule: n = months instalments at the deferral's rate; a buyer without a
            // deferral block defers only cancellation fees, in termination_fee_months instalments without interest.
            var n = 0, rate = 0.0
            if buyer.workout.deferral != nil {
                let d = "buyers.\(buyer.id).workout.deferral"
                n = Self.whole(v["\(d).months"])
                rate = v["\(d).interest_rate"]
            }
            if n == 0, let fee = v.optional("contracts.\(contract.id).termination_fee_months") { (n, rate) = (max(1, Self.whole(fee)), 0) }
            for t in 0..<T {
                let at = "\(id) t=\(t)"
                let cash = l.contracts[.cash][c, t], hosting = l.contracts[.hostingCash][c, t]
                if contract.hardware == nil && hosting != 0 { fail("\(at) hosting cash on a capacity contract") }
                if hosting < 0 || hosting > max(0, cash) * (1 + Self.rel) { fail("\(at) hosting cash \(hosting) outside [0, cash \(cash)]") }
                if l.contracts[.fees][c, t] < 0 { fail("\(at) negative fee") }
                guard alive(b, t) else { continue }
                // A restructuring's deferral and extension are repaid on schedules set when the package
                // is agreed (checked by hand in SimulatorRestructuringTests); from then on, only the
                // totals below are checked.
                let restructured = s.restructuringAgreed[b].map { $0 < t } ?? false
                if restructured && !s.concessions[c].isDisjoint(with: [.deferral, .termExtension]) {
                    if l.contracts[.deferralRepaid][c, t] > outstanding * (1 + Self.rel) + 1e-6 { fail("\(at) repaid more than outstanding") }
                } else {
                    // Deferred charges repaid in n equal instalments from the next month, with interest
                    // i·a·(1 − (k − 1)/n) on the balance owed, i = (1 + r)^{1/12} − 1.
                    expectNear(l.contracts[.deferralRepaid][c, t], dueRepaid[t], "\(at) deferral instalment", scale: outstanding)
                    expectNear(l.contracts[.deferralInterest][c, t], dueInterest[t], "\(at) deferral interest", scale: outstanding)
                }
                outstanding -= l.contracts[.deferralRepaid][c, t]
                repaid += l.contracts[.deferralRepaid][c, t]
                let amount = l.contracts[.deferred][c, t]
                if amount < 0 { fail("\(at) negative deferral") }
                if amount > 0 && restructured && !s.concessions[c].isDisjoint(with: [.deferral, .termExtension]) {
                    deferred += amount
                    outstanding += amount
                    scale = max(scale, outstanding)
                } else if amount > 0 {
                    let fee = l.contracts[.fees][c, t]
                    guard buyer.workout.deferral != nil || fee > 0 else { fail("\(at) deferral without a deferral term or a fee"); continue }
                    guard n > 0 else { fail("\(at) deferral without instalments"); continue }
                    let i = Self.monthly(rate)
                    for k in 1...n {
                        if t + k < T {
                            dueRepaid[t + k] += amount / Double(n)
                            dueInterest[t + k] += i * amount * (1 - Double(k - 1) / Double(n))
                        } else {
                            afterHorizon += amount / Double(n)
                        }
                    }
                    deferred += amount
                    outstanding += amount
                    scale = max(scale, outstanding)
                    // A requested deferral is capped at cap_months × this month's charge (a fee the
                    // buyer's cash could not pay is not asked for, and not capped).
                    if fee == 0 {
                        let d = "buyers.\(buyer.id).workout.deferral"
                        if outstanding > v["\(d).cap_months"] * l.contracts[.charge][c, t] * (1 + 1e-9) + 1e-6 {
                            fail("\(at) deferred balance \(outstanding) above cap × charge")
                        }
                    }
                }
            }
            // Deferred = repaid + recovered + written off + due after the horizon.
            expectNear(deferred, repaid + s.deferredRecovered[c] + s.deferredWrittenOff[c] + s.deferredAfterHorizon[c],
                       "\(id) deferred = repaid + recovered + written off + after the horizon", scale: scale)
            if s.defaultMonth[b] == nil && (s.deferredRecovered[c] != 0 || s.deferredWrittenOff[c] != 0) { fail("\(id) deferral recovered without default") }
            if let d = s.defaultMonth[b] {
                expectNear(s.deferredRecovered[c], v["contracts.\(contract.id).recovery_rate"] * outstanding, "\(id) deferred recovered = R × outstanding at default (t=\(d))",
                           scale: scale)
                if s.deferredAfterHorizon[c] != 0 { fail("\(id) deferred after the horizon from a defaulted buyer") }
            } else {
                if s.concessions[c].isDisjoint(with: [.deferral, .termExtension]) {
                    expectNear(s.deferredAfterHorizon[c], afterHorizon, "\(id) deferred principal due after the horizon", scale: scale)
                }
                // A buyer alive at the end pays its contracts in full (instalments after the horizon count as paid).
                // A prepayment lost at its builder's default was paid for nothing.
                if s.contractValue[c] > 0 {
                    expectNear(s.contractPaid[c], s.contractValue[c] + s.prepaymentLost[c], "\(id) paid = value (+ prepayment lost) for a buyer alive at the end",
                               scale: scale)
                }
            }
        }
    }

    mutating func checkProviders() {
        for (p, provider) in scenario.providers.enumerated() {
            let id = "provider \(provider.id)", key = "providers.\(provider.id)"
            // Receipts and recoveries by role, for every provider (until its default: then the estate's).
            var recognisedByMonth = [Double](repeating: 0, count: T)
            for t in 0..<T where s.providerDefaultMonth[p].map({ t <= $0 }) ?? true {
                var receipts = 0.0, recoveries = 0.0, scale = 0.0, recognised = 0.0
                for c in scenario.contracts.indices {
                    let hardware = scenario.contracts[c].hardware != nil
                    // Revenue recognised: the hosting part of a hardware deal's charge is the host's, the rest
                    // (chips, or the whole capacity charge) and the fees the provider's.
                    let hosting = hardware ? l.contracts[.hostingCharge][c, t] : 0
                    if !hardware && l.contracts[.hostingCharge][c, t] != 0 { fail("\(id) t=\(t) hosting charge on a capacity contract") }
                    if providerOf[c] == p {
                        receipts += l.contracts[.cash][c, t] - l.contracts[.hostingCash][c, t]
                        recoveries += l.contracts[.recovery][c, t]
                        recognised += l.contracts[.charge][c, t] + l.contracts[.fees][c, t] - hosting
                        scale += abs(l.contracts[.cash][c, t]) + l.contracts[.recovery][c, t] + l.contracts[.charge][c, t] + l.contracts[.fees][c, t]
                    }
                    if hardware && hostOf[c] == p {
                        receipts += l.contracts[.hostingCash][c, t]
                        recoveries += l.contracts[.hostRecovery][c, t]
                        recognised += hosting
                        scale += l.contracts[.hostingCash][c, t] + l.contracts[.hostRecovery][c, t] + hosting
                    }
                }
                expectNear(l.providers[.receipts][p, t], receipts, "\(id) t=\(t) receipts by role", scale: scale)
                expectNear(l.providers[.recoveries][p, t], recoveries, "\(id) t=\(t) recoveries by role", scale: scale)
                if provider.financials != nil { expectNear(l.providers[.revenueRecognised][p, t], recognised, "\(id) t=\(t) revenue recognised by role", scale: scale) }
                recognisedByMonth[t] = recognised
            }
            guard let f = provider.financials else { continue }
            var previousCash = v["\(key).cash0"], previousDebt = v["\(key).debt0"]
            var leased = [Double](repeating: 0, count: T)
            var yearsAbove = 0, yearsAboveDowngrade = 0, breach = false, downgrade = false
            let credit = f.credit, defaulted = s.providerDefaultMonth[p]
            var equityByFiscalYear: [Int: Double] = [:]
            for t in 0..<T {
                let at = "\(id) t=\(t)"
                // After its default the provider's books stop: no flow, cash and debt held.
                if let d = defaulted, t > d {
                    for series in ProviderSeries.allCases where ![.cash, .debt, .leverage, .adjustedLeverage].contains(series) && l.providers[series][p, t] != 0 {
                        fail("\(at) \(series) \(l.providers[series][p, t]) after the provider's default")
                    }
                    if l.providers[.cash][p, t] != previousCash || l.providers[.debt][p, t] != previousDebt { fail("\(at) cash or debt moved after the default") }
                    continue
                }
                let receipts = l.providers[.receipts][p, t], recoveries = l.providers[.recoveries][p, t], release = l.providers[.releaseIncome][p, t]
                let base = l.providers[.baseEBITDA][p, t], otherEBITDA = l.providers[.otherEBITDA][p, t], draw = l.providers[.debtDraw][p, t]
                let equity = l.providers[.equity][p, t], capex = l.providers[.capex][p, t], otherCapex = l.providers[.otherCapex][p, t]
                let opex = l.providers[.opex][p, t], rent = l.providers[.rent][p, t], interest = l.providers[.interest][p, t]
                let repayment = l.providers[.repayment][p, t], sweep = l.providers[.sweep][p, t], refunds = l.providers[.refunds][p, t]
                let cash = l.providers[.cash][p, t], debt = l.providers[.debt][p, t]
                let replacement = l.providers[.replacementCost][p, t]
                let inflows = receipts + recoveries + release + base + otherEBITDA + draw + equity
                let outflows = capex + otherCapex + opex + replacement + rent + interest + repayment + sweep + refunds
                let scale = [abs(previousCash), abs(cash), abs(inflows), abs(outflows), abs(receipts), abs(base)].max()!
                expectNear(cash - previousCash, inflows - outflows, "\(at) Δcash = in − out", scale: scale)
                // Debt: draws − scheduled repayments − sweep; interest on the opening balance.
                expectNear(debt, previousDebt + draw - repayment - sweep, "\(at) debt = previous + draw − repayment − sweep", scale: previousDebt + draw)
                let regime = scenario.market.regimes.regimes[sim.market.regime[t]].name
                let rate = v["\(key).interest_rate"] + v["market.regimes.\(regime).credit_spread"]
                // With `credit`: last month's adjusted leverage sets the state; new borrowing pays its spread.
                let leverageBefore = t > 0 ? l.providers[.adjustedLeverage][p, t - 1] : 0
                let investmentGrade = credit != nil && leverageBefore <= v["\(key).credit.investment_grade_max"]
                let closed = credit?.closedIn.contains(regime) ?? false
                let debtOpen = credit == nil || investmentGrade || (!closed && leverageBefore <= v["\(key).credit.max_leverage"])
                var expectedInterest = previousDebt * Self.monthly(rate)
                if credit != nil {
                    let spread = v["\(key).credit.\(investmentGrade ? "spread_investment_grade" : "spread_high_yield")"]
                    expectedInterest += max(0, previousDebt - v["\(key).debt0"]) * Self.monthly(spread)
                }
                expectNear(interest, expectedInterest, "\(at) interest on the opening debt", scale: previousDebt)
                expectNear(l.providers[.ebitda][p, t], base + recognisedByMonth[t] + release - opex - replacement - rent + otherEBITDA, "\(at) EBITDA (accrual)", scale: scale)
                // Replacement bought at the market price for the MW replaced under the contracts it builds.
                var replaced = 0.0
                for c in scenario.contracts.indices where hostOf[c] == p { replaced += l.contracts[.replacementMW][c, t] }
                expectNear(replacement, replaced * sim.market.price[t], "\(at) replacement cost = MW replaced × market price", scale: scale)
                // Other customers.
                if f.otherCustomers != nil {
                    let o = "\(key).other_customers"
                    // Growth counts the months the build did not stop (`credit`).
                    var stopped = 0.0
                    for u in 0..<t { stopped += l.providers[.buildStopped][p, u] }
                    var revenue = v["\(o).revenue0"] * pow(1 + v["\(o).growth"], (Double(t) - stopped) / 12) * pow(sim.market.demand[t], v["\(o).demand_beta"])
                    // Contagion from the month after one of the provider's buyers defaults.
                    if scenario.contracts.indices.contains(where: { (providerOf[$0] == p || hostOf[$0] == p) && (s.defaultMonth[buyerOf[$0]].map { $0 < t } ?? false) }) {
                        revenue *= 1 - v["\(o).contagion"]
                    }
                    expectNear(l.providers[.otherRevenue][p, t], revenue, "\(at) other customers' revenue")
                    expectNear(otherEBITDA, v["\(o).margin"] * revenue, "\(at) other customers' EBITDA")
                    // A month whose bills stop the build spends none (a month that only delays next month's
                    // deliveries does).
                    if !(l.providers[.buildStopped][p, t] == 1 && otherCapex == 0) { expectNear(otherCapex, v["\(o).capex_share"] * revenue, "\(at) other customers' capex") }
                } else if otherEBITDA != 0 || otherCapex != 0 {
                    fail("\(at) other customers without any")
                }
                // Capex financing.
                if credit != nil {
                    // As far as access allows: debt only while open, equity outside a closed regime and
                    // within the fiscal year's cap; with debt open, cash is brought back to min_cash (so the
                    // build never stops and the provider never defaults that month).
                    if draw < 0 || equity < 0 { fail("\(at) negative funding") }
                    if draw > 0 && !debtOpen { fail("\(at) new debt \(draw) with debt closed") }
                    if equity > 0 && closed { fail("\(at) equity \(equity) in a closed regime") }
                    if f.financing == nil && equity != 0 { fail("\(at) equity without a financing mix") }
                    let calendar = scenario.horizon.start.advanced(by: t)
                    let fiscalEnd = f.rating?.fiscalYearEnd ?? 12
                    let fiscalYear = calendar.month > fiscalEnd ? calendar.year + 1 : calendar.year
                    equityByFiscalYear[fiscalYear, default: 0] += equity
                    if let cap = v.optional("\(key).credit.equity_per_year"), equityByFiscalYear[fiscalYear]! > cap * (1 + 1e-12) + 1 {
                        fail("\(at) equity \(equityByFiscalYear[fiscalYear]!) above the fiscal year's cap \(cap)")
                    }
                    if f.financing != nil && debtOpen {
                        let before = cash + sweep - draw - equity
                        expectNear(draw + equity, max(0, v["\(key).financing.min_cash"] - before), "\(at) draw + equity = min_cash − cash", scale: scale)
                    }
                    if cash < -Self.rel * scale && defaulted != t { fail("\(at) cash \(cash) below zero without a default") }
                    if defaulted == t && cash >= 0 { fail("\(at) a default with cash \(cash) ≥ 0") }
                } else if f.financing != nil {
                    let before = cash + sweep - draw - equity
                    let need = min(capex + otherCapex, max(0, v["\(key).financing.min_cash"] - before))
                    expectNear(draw + equity, need, "\(at) draw + equity = capex not covered by cash above min_cash", scale: scale)
                    expectNear(equity, v["\(key).financing.equity_share"] * (draw + equity), "\(at) equity = equity_share × financing", scale: scale)
                } else {
                    expectNear(draw, v["\(key).debt_fraction"] * (capex + otherCapex), "\(at) draw = debt_fraction × capex")
                    if equity != 0 { fail("\(at) equity without a financing mix") }
                }
                // Sweep: share × (cash − min_cash) when positive, at most the debt.
                if f.sweep != nil {
                    let before = cash + sweep, minCash = v["\(key).sweep.min_cash"]
                    let expected = before > minCash ? min(v["\(key).sweep.share"] * (before - minCash), debt + sweep) : 0
                    expectNear(sweep, expected, "\(at) sweep", scale: scale)
                } else if sweep != 0 {
                    fail("\(at) sweep without a sweep term")
                }
                // Leases: rent = rent0 + rent/MW × leased MW within their term; liability = PV of the rent to come.
                if let _ = f.leases {
                    let k = "\(key).leases"
                    let share = v["\(k).share"], perMW = v["\(k).rent_per_mw_month"], term = v["\(k).term_months"]
                    let i = Self.monthly(v["\(k).discount_rate"])
                    for c in scenario.contracts.indices where hostOf[c] == p && alive(buyerOf[c], t) { leased[t] += share * newMW(c, t) }
                    var inForce = 0.0, liability = 0.0
                    for u in 0...t where leased[u] > 0 && Double(t - u) < term {
                        inForce += leased[u]
                        liability += leased[u] * perMW * Self.annuity(i, term - Double(t - u) - 1)
                    }
                    let existing = Self.annuity(i, term)
                    liability += existing > 0 ? v["\(k).liability0"] * Self.annuity(i, term - Double(t + 1)) / existing : 0
                    expectNear(rent, v["\(k).rent0"] + perMW * inForce, "\(at) rent", scale: rent)
                    expectNear(l.providers[.buildRent][p, t], perMW * inForce, "\(at) rent of the build's leased sites", scale: rent)
                    expectNear(l.providers[.leaseLiability][p, t], liability, "\(at) lease liability")
                } else if rent != 0 || l.providers[.leaseLiability][p, t] != 0 {
                    fail("\(at) rent without leases")
                }
                // Adjusted leverage = (debt + lease liability) ÷ trailing-12-month (EBITDA + rent), annualised.
                let from = max(0, t - 11)
                var ebitdar = 0.0, ebitdarScale = 0.0
                for u in from...t {
                    ebitdar += l.providers[.ebitda][p, u] + l.providers[.rent][p, u]
                    ebitdarScale += abs(l.providers[.ebitda][p, u]) + l.providers[.rent][p, u]
                }
                ebitdar *= 12 / Double(t + 1 - from)
                let adjusted = l.providers[.adjustedLeverage][p, t]
                if ebitdar > 1e-9 * ebitdarScale * 12 {
                    let expected = (debt + l.providers[.leaseLiability][p, t]) / ebitdar
                    let tolerance = 1e-9 * expected * (1 + ebitdarScale * 12 / ebitdar)
                    if !(abs(adjusted - expected) <= tolerance) { fail("\(at) adjusted leverage \(adjusted) ≠ \(expected)") }
                } else if ebitdar < -1e-9 * ebitdarScale * 12 && adjusted != .infinity {
                    fail("\(at) adjusted leverage \(adjusted) with non-positive EBITDAR")
                }
                // Rating tests at fiscal year ends after the grace date.
                if let r = f.rating, scenario.horizon.start.advanced(by: t).month == r.fiscalYearEnd,
                   r.graceUntil.map({ t > scenario.horizon.start.months(to: $0) }) ?? true {
                    yearsAbove = adjusted > v["\(key).rating.threshold"] ? yearsAbove + 1 : 0
                    yearsAboveDowngrade = adjusted > v["\(key).rating.downgrade_threshold"] ? yearsAboveDowngrade + 1 : 0
                    if yearsAbove >= r.consecutiveYears { breach = true }
                    if yearsAboveDowngrade >= r.downgradeYears { downgrade = true }
                }
                previousCash = cash
                previousDebt = debt
            }
            let stopped = l.providers[.buildStopped].sum(p, 0..<T)
            if Int(stopped) != s.providerHaltMonths[p] || (credit == nil && stopped != 0) { fail("\(id) \(stopped) months stopped, summary \(s.providerHaltMonths[p])") }
            if let d = defaulted, credit != nil {
                // Creditors lose (1 − recovery) of debt and lease liability; each live contract it builds keeps
                // capacity_kept of the MW delivered at the default, and nothing more is delivered.
                let loss = (1 - v["\(key).credit.recovery"]) * (max(0, l.providers[.debt][p, d]) + l.providers[.leaseLiability][p, d])
                expectNear(s.providerCreditorLoss[p], loss, "\(id) creditor loss at the default (t=\(d))")
                let kept = v["\(key).credit.capacity_kept"]
                for c in scenario.contracts.indices where hostOf[c] == p && s.defaultMonth[buyerOf[c]] == nil && d < last[c] && d + 1 < T {
                    for t in (d + 1)...min(last[c], T - 1) {
                        expectNear(l.contracts[.deliveredMW][c, t], kept * ownMW(c, d), "\(id) contract \(c) t=\(t) MW kept after the default")
                    }
                }
            } else if s.providerCreditorLoss[p] != 0 || s.capacityLostMW.indices.contains(where: { hostOf[$0] == p && s.capacityLostMW[$0] != 0 }) {
                fail("\(id) a creditor loss or capacity lost without a default")
            }
            if s.ratingBreach[p] != breach { fail("\(id) rating breach \(s.ratingBreach[p]), expected \(breach)") }
            if s.downgrade[p] != downgrade { fail("\(id) downgrade \(s.downgrade[p]), expected \(downgrade)") }
        }
    }

    // MARK: - Coverage

    static let coverageNames = [
        "a facility draw", "a facility repayment", "a cancellation", "a deferral", "a deferral refused", "a deferral repaid",
        "a default with deferred charges outstanding", "a sublet", "an option exercised", "an option lapsed", "a hardware deal",
        "vendor financing", "equity raised", "a debt sweep", "a rating breach", "an IPO", "rent on the build's leased sites",
        "an established business", "a default", "a priced round", "a down round", "a backer invests", "a priced IPO", "a round paid by a provider",
    ]

    static let restructuringCoverageNames = [
        "a restructuring agreed", "a restructuring refused", "a longer deferral", "a term extension", "a firm tranche turned into an option",
        "a price cut", "a default after a restructuring",
    ]

    static func restructuringCoverage(_ sim: PathSimulator) -> Set<String> {
        let s = sim.summary
        var names = Set<String>()
        func mark(_ name: String, _ condition: Bool) { if condition { names.insert(name) } }
        for b in sim.model.scenario.buyers.indices {
            mark("a restructuring agreed", s.restructuringAgreed[b] != nil)
            mark("a restructuring refused", s.restructuringEntered[b] != nil && s.restructuringAgreed[b].map { $0 > s.restructuringEntered[b]! } ?? true)
            mark("a default after a restructuring", s.restructuringAgreed[b] != nil && s.defaultMonth[b] != nil)
        }
        for c in sim.model.scenario.contracts.indices {
            mark("a longer deferral", s.concessions[c].contains(.deferral))
            mark("a term extension", s.concessions[c].contains(.termExtension))
            mark("a firm tranche turned into an option", s.concessions[c].contains(.option))
            mark("a price cut", s.concessions[c].contains(.priceCut))
        }
        return names
    }

    static func coverage(_ sim: PathSimulator) -> Set<String> {
        let l = sim.ledger, s = sim.summary, T = sim.model.months
        var names = Set<String>()
        func mark(_ name: String, _ condition: Bool) { if condition { names.insert(name) } }
        for b in sim.model.scenario.buyers.indices {
            mark("a facility draw", l.buyers[.facilityDraw].sum(b, 0..<T) > 0)
            mark("a facility repayment", l.buyers[.facilityRepayment].sum(b, 0..<T) > 0)
            mark("a sublet", l.buyers[.subletIncome].sum(b, 0..<T) > 0)
            mark("vendor financing", l.buyers[.vendorFinancing].sum(b, 0..<T) > 0)
            mark("an established business", l.buyers[.establishedCashFlow].sum(b, 0..<T) > 0)
            mark("an IPO", s.ipo[b])
            let buyer = sim.model.scenario.buyers[b]
            mark("a priced round", buyer.funding.valuation != nil && s.ownership[b] < 1)
            mark("a down round", s.downRound[b])
            mark("a backer invests", l.buyers[.backerFunding].sum(b, 0..<T) > 0)
            mark("a priced IPO", s.ipo[b] && buyer.funding.ipo?.floatShare != nil)
            mark("a round paid by a provider", buyer.funding.scheduled.contains { $0.provider != nil } && l.buyers[.vendorFinancing].sum(b, 0..<T) > 0)
            mark("a default", s.defaultMonth[b] != nil)
        }
        for (c, contract) in sim.model.scenario.contracts.enumerated() {
            mark("a cancellation", s.cancelledMW[c] > 0)
            mark("a deferral", l.contracts[.deferred].sum(c, 0..<T) > 0)
            mark("a deferral refused", s.deferralRefusals[c] > 0)
            mark("a deferral repaid", l.contracts[.deferralRepaid].sum(c, 0..<T) > 0)
            mark("a default with deferred charges outstanding", s.deferredRecovered[c] + s.deferredWrittenOff[c] > 0)
            mark("an option exercised", s.optionExercisedMW[c] > 0)
            mark("an option lapsed", s.optionLapsedMW[c] > 0)
            mark("a hardware deal", contract.hardware != nil && l.contracts[.hostingCash].sum(c, 0..<T) > 0)
        }
        for p in sim.model.scenario.providers.indices {
            mark("equity raised", l.providers[.equity].sum(p, 0..<T) > 0)
            mark("a debt sweep", l.providers[.sweep].sum(p, 0..<T) > 0)
            mark("a rating breach", s.ratingBreach[p])
            mark("rent on the build's leased sites", l.providers[.buildRent].sum(p, 0..<T) > 0)
        }
        return names
    }
}
