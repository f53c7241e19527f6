import OfftakeModel
import OfftakeRandom
@testable import OfftakeScenarioIO

/// A small deterministic random source for building test scenarios and mutations.
struct TestRandom {
    var stream: RandomStream
    init(_ seed: UInt64) { stream = RandomStream(seed: seed, path: 0, purpose: StreamPurpose(rawValue: 0xFFF0)) }
    mutating func uniform() -> Double { stream.nextUniform() }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(stream.nextUInt64() % UInt64(range.count))
    }
    mutating func bool() -> Bool { int(0...1) == 1 }
    mutating func element<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A number with a random sign, magnitude and number of digits (exercises the shortest-text printing).
    mutating func number(positive: Bool = false) -> Double {
        let mantissa = uniform() * 10
        let exponent = Double(int(-8...12))
        var x = mantissa * pow10(exponent)
        if bool() { x = (x * 100).rounded() / 100 }
        return positive || bool() ? abs(x) + 1e-9 : -x
    }

    func pow10(_ e: Double) -> Double {
        var r = 1.0
        for _ in 0..<Int(abs(e)) { r *= 10 }
        return e < 0 ? 1 / r : r
    }

    /// A number strictly above `a` even after rounding.
    mutating func above(_ a: Double) -> Double {
        a + max(number(positive: true), abs(a) * 1e-6 + 1e-6)
    }

    /// A distribution with valid parameters for its family (not necessarily for the field it is put in).
    mutating func distribution(depth: Int = 0) -> Distribution {
        switch int(0...(depth < 1 ? 14 : 12)) {
        case 0, 1: return .constant(number())
        case 2: return .normal(mean: number(), sd: number(positive: true))
        case 3: return .lognormal(mu: uniform() * 4 - 2, sigma: uniform() + 0.01)
        case 4: let a = number(); return .uniform(min: a, max: above(a))
        case 5: let a = number(); let m = above(a); return .triangular(min: a, mode: m, max: above(m))
        case 6: let a = number(); let m = above(a); return .pert(min: a, mode: m, max: above(m))
        case 7: return .beta(alpha: uniform() * 5 + 0.1, beta: uniform() * 5 + 0.1)
        case 8: return .gamma(shape: uniform() * 5 + 0.1, scale: number(positive: true))
        case 9: return .studentT(df: uniform() * 10 + 0.5, loc: number(), scale: number(positive: true))
        case 10: return .bernoulli(p: uniform())
        case 11: return .poisson(lambda: uniform() * 50 + 0.1)
        case 12:
            let n = int(1...4)
            return .discrete(values: (0..<n).map { _ in number() }, weights: (0..<n).map { _ in uniform() + 0.01 })
        case 13:
            let n = int(1...3)
            return .mixture(components: (0..<n).map { _ in distribution(depth: depth + 1) }, weights: (0..<n).map { _ in uniform() + 0.01 })
        default:
            let inner = Distribution.normal(mean: 0, sd: 1)
            return bool() ? .truncated(inner, min: -uniform() - 0.1, max: .infinity) : .truncated(inner, min: -1, max: uniform() + 0.1)
        }
    }

    mutating func month(in horizon: Horizon) -> Month {
        horizon.start.advanced(by: int(0...(horizon.monthCount - 1)))
    }

    mutating func id() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789-_")
        return String(element(Array("abcdefghijklmnopqrstuvwxyz"))) + String((0..<int(0...10)).map { _ in element(letters) })
    }
}

/// Random scenarios built by changing every parameter and many structural choices of a base scenario.
enum RandomScenario {
    static func make(seed: UInt64, base: Scenario) -> Scenario {
        var r = TestRandom(seed)
        var s = base
        s.title = r.bool() ? nil : "Title \(r.int(0...999)) — \"quoted\": #not a comment"
        s.run = RunSettings(paths: r.int(1...1_000_000), seed: r.stream.nextUInt64())
        for slot in s.parameterSlots { s[keyPath: slot.keyPath] = r.distribution() }
        let h = s.horizon
        s.buyers[0].trainingPlan = Schedule(
            entries: (0..<r.int(0...3)).map { k in Schedule.Entry(month: h.start.advanced(by: 12 * k), value: r.distribution()) },
            byYear: true)
        if r.bool() {
            s.buyers[0].trainingPlan = Schedule(entries: [Schedule.Entry(month: r.month(in: h), value: .constant(r.number()))], byYear: false)
        }
        s.buyers[0].funding.raiseBelowRunwayMonths = r.bool() ? nil : r.distribution()
        s.buyers[0].growth.longRun = r.bool() ? nil : r.distribution()
        s.buyers[0].funding.scheduled = (0..<r.int(0...3)).map { _ in Funding.Round(month: r.month(in: h), amount: r.distribution(), probability: r.distribution()) }
        s.providers[0].financials?.leverageCovenant = r.bool() ? nil : r.distribution()
        s.providers[0].financials?.amortizationYears = r.bool() ? nil : r.distribution()
        if r.bool() { s.providers.append(Provider(id: r.id())) }
        var c = s.contracts[0]
        c.id = r.id()
        c.tranches = (0..<r.int(1...4)).map { _ in Tranche(start: r.month(in: h), mw: r.distribution(), option: option(&r)) }
        c.term = r.bool() ? .end(r.month(in: h)) : .months(r.int(1...120))
        if r.bool() {
            c.kind = .hardware(HardwareTerms(host: r.bool() ? "cloud" : r.id(), hostingPricePerMWMonth: r.distribution(), financingMonths: r.distribution(),
                                             financingRate: r.distribution(), collateralHaircut: r.distribution()))
            c.price = r.bool() ? .perMW(r.distribution()) : .totalValue(r.distribution())
        } else {
            c.price = r.bool() ? .perMWMonth(r.distribution()) : .totalValue(r.distribution())
        }
        c.vendorFinancing = r.bool() ? nil : VendorFinancing(perMW: r.distribution())
        c.delivery = r.bool() ? nil : DeliveryTerms(serviceCredit: r.distribution(), creditCapMonths: r.bool() ? nil : r.distribution(),
                                                   terminateAfterMonths: r.bool() ? nil : r.distribution(), replacement: r.distribution())
        c.prepayment = r.bool() ? nil : Prepayment(amount: r.distribution(), month: r.month(in: h))
        c.terminationFeeMonths = r.bool() ? nil : r.distribution()
        c.renewal = r.bool() ? nil : Renewal(probability: r.distribution(), termMonths: r.distribution(), priceFactor: r.distribution())
        s.contracts = [c] + (r.bool() ? [c] : [])
        s.buyers[0].established = r.bool() ? nil : EstablishedBusiness(revenue0: r.distribution(), growth: r.distribution(),
                                                                     demandBeta: r.distribution(), cashMargin: r.distribution())
        s.buyers[0].workout = workout(&r)
        s.buyers[0].funding = funding(s.buyers[0].funding, in: h, &r)
        s.providers[0].financials = s.providers[0].financials.map { providerTerms($0, in: h, &r) }
        if r.bool() {
            s.market.regimes.initial = .probabilities(["steady", "bust"], [r.uniform(), r.uniform()])
        }
        s.market.regimes.transitions = s.market.regimes.transitions.map { $0.map { _ in r.uniform() } }
        if r.bool() {
            // A supply side with every optional field, and the accelerator on one of its generations.
            let generations = (0..<r.int(1...3)).map { k in
                Generation(id: "g\(k)", performance: r.distribution(), installed0: r.distribution(),
                           additions: Schedule(entries: [.init(month: r.month(in: h), value: r.distribution())], byYear: false), floor: r.distribution(),
                           response: r.bool() ? nil : SupplyResponse(breakeven: r.distribution(), elasticity: r.distribution(), lagMonths: r.distribution()))
            }
            s.market.supply = Supply(elasticity: r.distribution(), demandGrowth: r.distribution(),
                                     demandGrowthLongRun: r.bool() ? nil : r.distribution(), demandHalfLife: r.distribution(), generations: generations)
            if !s.accelerators.isEmpty { s.accelerators[0].generation = r.bool() ? "g0" : nil }
        }
        let n = r.int(0...3)
        s.correlations = Correlations(parameters: (0..<n).map { "p\($0).x" }, matrix: (0..<n).map { _ in (0..<n).map { _ in r.uniform() * 2 - 1 } })
        s.stresses = (0..<r.int(0...2)).map { k in
            Stress(name: "s\(k)", forceRegime: r.bool() ? ForcedRegime(regime: "bust", from: r.month(in: h), to: r.month(in: h)) : nil,
                   // A `set:` mapping holds each path once.
                   overrides: ["take_or_pay", "escalator"].prefix(r.int(0...2)).map { Override(path: "contracts.\(c.id).\($0)", value: r.distribution().expression) })
        }
        s.decisions = (0..<r.int(0...2)).map { _ in Decision(path: "contracts.\(c.id).tranches[0].mw", min: r.number(), max: r.number(), step: r.bool() ? nil : r.number()) }
        s.objective = r.bool() ? nil : Objective(direction: r.bool() ? .maximize : .minimize, metric: "buyer.lab.npv")
        s.constraints = (0..<r.int(0...2)).map { _ in
            Constraint(metric: "buyer.lab.default", comparison: r.element(Constraint.Comparison.allCases), bound: r.number())
        }
        return s
    }

    static func option(_ r: inout TestRandom) -> TrancheOption? {
        r.bool() ? nil : TrancheOption(decisionLeadMonths: r.distribution(), demandMargin: r.distribution(),
                                       minRunwayMonths: r.distribution(), fee: r.distribution())
    }

    static func workout(_ r: inout TestRandom) -> Workout {
        Workout(minCash: r.distribution(),
                facility: r.bool() ? nil : CreditFacility(revenueMultiple: r.distribution(), max: r.bool() ? nil : r.distribution(),
                                                          interestRate: r.distribution()),
                cancelUndelivered: r.bool(),
                deferral: r.bool() ? nil : Deferral(share: r.distribution(), months: r.distribution(), interestRate: r.distribution(),
                                                    providerDefaultBelief: r.distribution(), capMonths: r.distribution()),
                sublet: r.bool() ? nil : Sublet(discount: r.distribution()))
    }

    static func funding(_ base: Funding, in h: Horizon, _ r: inout TestRandom) -> Funding {
        var f = base
        f.roundRevenueMultiple = r.bool() ? nil : r.distribution()
        switch r.int(0...2) {
        case 0: f.plan = nil
        case 1: f.plan = Schedule(entries: (0..<r.int(0...4)).map { k in Schedule.Entry(month: h.start.advanced(by: 12 * k), value: r.distribution()) })
        default: f.plan = Schedule(entries: [Schedule.Entry(month: r.month(in: h), value: r.distribution())], byYear: false)
        }
        f.planSensitivity = r.distribution()
        f.ipo = r.bool() ? nil : IPO(from: r.month(in: h), to: r.month(in: h), probabilityPerYear: r.distribution(), size: r.distribution())
        for j in f.scheduled.indices where r.bool() { f.scheduled[j].provider = "p\(j)" }
        if r.bool() {
            f.valuation = Valuation(multiples: (0..<r.int(1...3)).map { _ in Valuation.Point(growth: r.distribution(), multiple: r.distribution()) },
                                    maxDilution: r.distribution(), targetRunwayMonths: r.distribution(), accessElasticity: r.distribution(),
                                    lastRound: r.bool() ? nil : LastRound(month: r.month(in: h), postMoney: r.distribution()))
            f.backers = (0..<r.int(0...2)).map { k in
                Backer(id: "backer\(k)", capacity: r.distribution(), condition: BackerCondition.allCases[r.int(0...2)],
                       provider: r.bool() ? nil : "p\(k)")
            }
            if r.bool(), f.ipo != nil {
                f.ipo?.size = nil
                f.ipo?.floatShare = r.distribution()
            }
        }
        return f
    }

    static func providerTerms(_ base: ProviderFinancials, in h: Horizon, _ r: inout TestRandom) -> ProviderFinancials {
        var f = base
        f.leases = r.bool() ? nil : Leases(share: r.distribution(), rentPerMWMonth: r.distribution(), termMonths: r.distribution(),
                                           discountRate: r.distribution(), liability0: r.distribution(), rent0: r.distribution())
        f.financing = r.bool() ? nil : FinancingMix(equityShare: r.distribution(), minCash: r.distribution())
        f.sweep = r.bool() ? nil : DebtSweep(share: r.distribution(), minCash: r.distribution())
        f.otherCustomers = r.bool() ? nil : OtherCustomers(revenue0: r.distribution(), growth: r.distribution(), demandBeta: r.distribution(),
                                                           margin: r.distribution(), capexShare: r.distribution())
        f.rating = r.bool() ? nil : RatingPolicy(fiscalYearEnd: r.int(1...12), threshold: r.distribution(), consecutiveYears: r.int(1...4),
                                                 graceUntil: r.bool() ? nil : r.month(in: h), downgradeThreshold: r.distribution(),
                                                 downgradeYears: r.int(1...4))
        return f
    }

    /// Decodes without the semantic checks (random scenarios need not make economic sense).
    static func decode(_ text: String) -> (Scenario?, [ScenarioIssue]) {
        switch ScenarioLoader.compose(text, format: .yaml) {
        case .failure(let issue): return (nil, [issue])
        case .success(let node):
            let reader = NodeReader()
            let scenario = reader.scenario(node)
            return (scenario, reader.issues)
        }
    }
}
