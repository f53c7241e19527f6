import OfftakeRandom

extension Scenario {
    /// Longest horizon accepted, in months (50 years).
    public static let maximumHorizonMonths = 600

    /// Every semantic problem of the scenario: domains of parameters, references between entities,
    /// duplicate ids, dates outside the horizon or out of order, transition matrices, correlations,
    /// decisions and metric ids. Paths are file paths (`contracts[0].tranches[2].mw`). An empty result
    /// means the scenario can be simulated.
    public func validate(options: ValidationOptions = []) -> [ScenarioIssue] {
        var v = ScenarioValidator(scenario: self, options: options)
        v.run()
        return v.issues
    }

    /// Variations of the checks.
    public struct ValidationOptions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The scenario is a stressed variant: a stress may fix a correlated parameter to a constant.
        public static let stressVariant = ValidationOptions(rawValue: 1)
    }

    /// Whether `id` is a valid entity id: letters, digits, `-` and `_`, starting with a letter or digit.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= 64 else { return false }
        func ok(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "-" || s == "_"
        }
        return ok(first) && first != "-" && first != "_" && id.unicodeScalars.allSatisfy(ok)
    }
}

/// Collects the problems of one scenario.
struct ScenarioValidator {
    let scenario: Scenario
    let options: Scenario.ValidationOptions
    /// The scenario's parameters, built once for all checks.
    let slots: [ParameterSlot]
    var issues: [ScenarioIssue] = []

    init(scenario: Scenario, options: Scenario.ValidationOptions) {
        self.scenario = scenario
        self.options = options
        slots = scenario.parameterSlots
    }


    mutating func add(_ path: String, _ message: String, expected: String? = nil, found: String? = nil, hint: String? = nil) {
        issues.append(ScenarioIssue(path: path, message: message, expected: expected, found: found, hint: hint))
    }

    mutating func run() {
        checkID(scenario.name, at: "name", what: "scenario name")
        checkHorizon()
        checkRun()
        checkMarket()
        checkEntities()
        checkParameters()
        checkContracts()
        checkBuyers()
        checkProviders()
        checkCorrelations()
        checkStresses()
        checkOptimization()
    }

    mutating func checkID(_ id: String, at path: String, what: String) {
        if !Scenario.isValidID(id) {
            add(path, "invalid \(what)", expected: "letters, digits, '-' and '_' (at most 64), starting with a letter or digit", found: "`\(id)`")
        }
    }

    mutating func checkMonth(_ month: Month, at path: String, what: String) {
        let h = scenario.horizon
        if !h.contains(month) {
            add(path, "\(what) \(month) is outside the horizon", expected: "a month from \(h.start) to \(h.end)", found: month.description,
                hint: "move the date or widen `horizon`")
        }
    }

    mutating func checkHorizon() {
        let h = scenario.horizon
        if h.end < h.start {
            add("horizon.end", "the horizon ends before it starts", expected: "a month ≥ \(h.start)", found: h.end.description)
        } else if h.monthCount > Scenario.maximumHorizonMonths {
            add("horizon.end", "the horizon is too long", expected: "at most \(Scenario.maximumHorizonMonths) months", found: "\(h.monthCount) months")
        }
    }

    mutating func checkRun() {
        if scenario.run.paths < 1 {
            add("run.paths", "the number of paths must be positive", expected: "an integer ≥ 1", found: "\(scenario.run.paths)")
        }
    }

    mutating func checkMarket() {
        let model = scenario.market.regimes
        let names = model.regimes.map(\.name)
        if names.isEmpty {
            add("market.regimes", "no regimes", expected: "at least one regime, e.g. steady", found: "none")
        }
        for (name, count) in Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +) where count > 1 {
            add("market.regimes.\(name)", "regime `\(name)` is defined \(count) times")
        }
        for name in names { checkID(name, at: "market.regimes.\(name)", what: "regime name") }
        let n = names.count
        if model.transitions.count != n || model.transitions.contains(where: { $0.count != n }) {
            add("market.regimes.transitions", "the transition matrix must have one row and one column per regime",
                expected: "\(n) × \(n)", found: "\(model.transitions.count) rows")
        } else {
            for (i, row) in model.transitions.enumerated() {
                let path = "market.regimes.transitions.\(names[i])"
                for (j, p) in row.enumerated() where !(p >= 0 && p <= 1) {
                    add("\(path).\(names[j])", "transition probability outside [0, 1]", expected: "a probability in [0, 1]", found: Distribution.format(p))
                }
                let sum = row.reduce(0, +)
                if abs(sum - 1) > 1e-9 {
                    add(path, "transition row does not sum to 1", expected: "probabilities summing to 1", found: "sum \(Distribution.display(sum))",
                        hint: "monthly transitions from `\(names[i])` to every regime, itself included")
                }
            }
        }
        switch model.initial {
        case .named(let name):
            if !names.contains(name) {
                add("market.regimes.initial", "unknown regime `\(name)`", expected: "one of " + names.joined(separator: ", "), found: name,
                    hint: NameSuggestion.hint(for: name, candidates: names))
            }
        case .probabilities(let initialNames, let weights):
            for name in initialNames where !names.contains(name) {
                add("market.regimes.initial.\(name)", "unknown regime `\(name)`", expected: "one of " + names.joined(separator: ", "), found: name,
                    hint: NameSuggestion.hint(for: name, candidates: names))
            }
            for (name, w) in zip(initialNames, weights) where !(w >= 0 && w <= 1) {
                add("market.regimes.initial.\(name)", "probability outside [0, 1]", expected: "a probability in [0, 1]", found: Distribution.format(w))
            }
            let sum = weights.reduce(0, +)
            if abs(sum - 1) > 1e-9 {
                add("market.regimes.initial", "initial regime probabilities do not sum to 1", expected: "a sum of 1", found: "sum \(Distribution.display(sum))")
            }
        }
        checkSupply()
    }

    /// The supply side: generations named once, with capacity at the start, and no trend of the price
    /// written beside it (the supply and demand make the price's path).
    mutating func checkSupply() {
        guard let supply = scenario.market.supply else { return }
        let path = "market.supply"
        if supply.generations.isEmpty {
            add("\(path).generations", "no generations", expected: "at least one generation {id, installed0, …}", found: "[]")
        }
        checkDuplicates(supply.generations.map(\.id), section: "\(path).generations", what: "generation")
        for (i, generation) in supply.generations.enumerated() {
            checkSchedule(generation.additions, at: "\(path).generations[\(i)].additions", what: "additions")
        }
        // With no capacity at the start the price's reference (E_0) does not exist.
        if !supply.generations.isEmpty, supply.generations.allSatisfy({ $0.installed0.upperBound <= 0 }) {
            add("\(path).generations", "no generation has capacity online at the start", expected: "some installed0 > 0",
                found: "every installed0 is 0", hint: "the price at horizon.start (compute_price.initial) clears the capacity online then")
        }
        for (key, value) in [("decline", scenario.market.computePrice.decline), ("demand_elasticity", scenario.market.computePrice.demandElasticity)]
        where value != .constant(0) {
            add("market.compute_price.\(key)", "`\(key)` does not apply with `market.supply`", expected: "left out (0)", found: value.expression,
                hint: "with a supply side the price follows the capacity built and the demand; set market.supply.demand_growth and elasticity instead")
        }
    }

    mutating func checkDuplicates(_ ids: [String], section: String, what: String) {
        var seen: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            checkID(id, at: "\(section)[\(i)].id", what: "\(what) id")
            if let first = seen[id] {
                add("\(section)[\(i)].id", "duplicate \(what) id `\(id)`", expected: "a unique id", found: "`\(id)` already used by \(section)[\(first)]")
            } else {
                seen[id] = i
            }
        }
    }

    mutating func checkEntities() {
        checkDuplicates(scenario.accelerators.map(\.id), section: "accelerators", what: "accelerator")
        checkDuplicates(scenario.buyers.map(\.id), section: "buyers", what: "buyer")
        checkDuplicates(scenario.providers.map(\.id), section: "providers", what: "provider")
        checkDuplicates(scenario.contracts.map(\.id), section: "contracts", what: "contract")
        for (i, accelerator) in scenario.accelerators.enumerated() {
            if accelerator.workloads.isEmpty {
                add("accelerators[\(i)].workloads", "no workloads", expected: "[training, inference] or [inference]", found: "[]")
            }
            if Set(accelerator.workloads).count != accelerator.workloads.count {
                add("accelerators[\(i)].workloads", "a workload is listed twice", found: accelerator.workloads.map(\.rawValue).joined(separator: ", "))
            }
            if let generation = accelerator.generation {
                let ids = scenario.market.supply?.generations.map(\.id) ?? []
                if !ids.contains(generation) {
                    add("accelerators[\(i)].generation", "unknown generation `\(generation)`",
                        expected: ids.isEmpty ? "a generation defined under market.supply.generations" : "one of " + ids.joined(separator: ", "),
                        found: generation, hint: NameSuggestion.hint(for: generation, candidates: ids))
                }
            }
        }
    }

    /// Domain checks of every numeric parameter and its distribution's own parameters.
    mutating func checkParameters() {
        for slot in slots {
            let d = scenario[keyPath: slot.keyPath]
            let problems = d.parameterProblems()
            if !problems.isEmpty {
                for problem in problems {
                    let component = problem.component.map { " (component \($0 + 1))" } ?? ""
                    add(slot.filePath, "invalid distribution\(component): `\(problem.parameter)` \(problem.message)", found: d.expression)
                }
                continue
            }
            let outside = slot.domain.massOutside(d)
            guard outside > ValueDomain.outsideMassTolerance else { continue }
            if case .constant(let x) = d {
                add(slot.filePath, "value out of range", expected: slot.domain.description, found: Distribution.format(x))
            } else {
                let lo = slot.domain.lower.isFinite ? ", min=\(Distribution.format(slot.domain.lower))" : ""
                let hi = slot.domain.upper.isFinite ? ", max=\(Distribution.format(slot.domain.upper))" : ""
                add(slot.filePath, "the distribution puts \(percentText(outside)) of its probability out of range",
                    expected: slot.domain.description, found: d.expression,
                    hint: "narrow it, or write truncate(DIST\(lo)\(hi))")
            }
        }
    }

    func percentText(_ p: Double) -> String {
        if p >= 0.001 { return "\(Distribution.format((p * 1000).rounded() / 10))%" }
        return "a fraction \(p)"
    }

    mutating func checkContracts() {
        let buyerIDs = scenario.buyers.map(\.id), providerIDs = scenario.providers.map(\.id)
        let acceleratorIDs = scenario.accelerators.map(\.id)
        for (i, contract) in scenario.contracts.enumerated() {
            let f = "contracts[\(i)]"
            func reference(_ id: String, _ field: String, _ what: String, _ ids: [String]) {
                if !ids.contains(id) {
                    add("\(f).\(field)", "unknown \(what) `\(id)`", expected: ids.isEmpty ? "a \(what) defined under `\(what)s`" : "one of " + ids.joined(separator: ", "),
                        found: id, hint: NameSuggestion.hint(for: id, candidates: ids))
                }
            }
            reference(contract.buyer, "buyer", "buyer", buyerIDs)
            reference(contract.provider, "provider", "provider", providerIDs)
            reference(contract.accelerator, "accelerator", "accelerator", acceleratorIDs)
            if contract.tranches.isEmpty {
                add("\(f).tranches", "a contract needs at least one tranche", expected: "[{start: 2027-06, mw: 1200}, …]", found: "none")
            }
            if let hardware = contract.hardware { reference(hardware.host, "hardware.host", "provider", providerIDs) }
            checkPriceKind(contract, at: f)
            for (j, tranche) in contract.tranches.enumerated() {
                checkMonth(tranche.start, at: "\(f).tranches[\(j)].start", what: "tranche start")
                if j > 0, tranche.start < contract.tranches[j - 1].start {
                    add("\(f).tranches[\(j)].start", "tranches are out of order", expected: "a start ≥ \(contract.tranches[j - 1].start) (the previous tranche)",
                        found: tranche.start.description)
                }
                if let option = tranche.option { checkDecisionMonth(option, of: tranche, at: "\(f).tranches[\(j)].option") }
            }
            if case .months(let count) = contract.term, count < 1 {
                add("\(f).term_months", "the term must be at least one month", expected: "an integer ≥ 1", found: "\(count)")
            }
            guard let end = contract.endMonth else { continue }
            let endPath = { if case .end = contract.term { return "\(f).end" } else { return "\(f).term_months" } }()
            if end > scenario.horizon.end {
                add(endPath, "the contract runs past the horizon", expected: "an end ≤ \(scenario.horizon.end)", found: end.description,
                    hint: "extend `horizon.end` to \(end) or later so the whole contract is simulated")
            }
            for (j, tranche) in contract.tranches.enumerated() where tranche.start > end {
                add("\(f).tranches[\(j)].start", "tranche starts after the contract ends", expected: "a start ≤ \(end)", found: tranche.start.description)
            }
            if let prepayment = contract.prepayment {
                checkMonth(prepayment.month, at: "\(f).prepayment.month", what: "prepayment month")
                if prepayment.month > end {
                    add("\(f).prepayment.month", "prepayment after the contract ends", expected: "a month ≤ \(end)", found: prepayment.month.description)
                }
            }
        }
    }

    /// `price_per_mw_month` prices capacity, `chip_price_per_mw` the chips of a hardware deal; delivery
    /// terms belong to capacity.
    mutating func checkPriceKind(_ contract: Contract, at f: String) {
        switch (contract.price, contract.hardware) {
        case (.perMWMonth, .some):
            add("\(f).price_per_mw_month", "`price_per_mw_month` prices a capacity contract, not a hardware deal",
                expected: "`chip_price_per_mw` or `total_value` (the chips' price)", found: "`price_per_mw_month` with `kind: hardware`",
                hint: "the host's monthly charge is `hardware.hosting_price_per_mw_month`")
        case (.perMW, nil):
            add("\(f).chip_price_per_mw", "`chip_price_per_mw` prices a hardware deal, not a capacity contract",
                expected: "`price_per_mw_month` or `total_value`", found: "`chip_price_per_mw` on a capacity contract",
                hint: "for a chip purchase hosted by another provider write `kind: hardware` and a `hardware:` block")
        default: break
        }
        if contract.delivery != nil && contract.hardware != nil {
            add("\(f).delivery", "delivery terms apply to a capacity contract, not a hardware deal",
                expected: "`delivery:` on a contract with `kind: capacity`", found: "`delivery:` with `kind: hardware`",
                hint: "a hardware deal's capacity is the buyer's own chips; write the host's obligations on a capacity contract")
        }
    }

    /// An option is decided `decision_lead_months` before its tranche starts; with a constant lead that
    /// month must not fall before the horizon (an uncertain lead is not checked: its draws may all be short enough).
    mutating func checkDecisionMonth(_ option: TrancheOption, of tranche: Tranche, at path: String) {
        let lead = option.decisionLeadMonths
        let available = scenario.horizon.start.months(to: tranche.start)
        guard lead.isConstant, lead.median > Double(available) else { return }
        add("\(path).decision_lead_months", "the option would be decided before the horizon starts",
            expected: "a lead ≤ \(max(available, 0)) months (the tranche starts \(tranche.start), the horizon \(scenario.horizon.start))",
            found: "\(Distribution.format(lead.median)) months", hint: "shorten the lead, or start `horizon` earlier")
    }

    /// A step schedule's dates: inside the horizon (a year key from the start year) and increasing.
    mutating func checkSchedule(_ plan: Schedule, at path: String, what: String) {
        for (j, entry) in plan.entries.enumerated() {
            let p = "\(path).\(plan.key(of: entry.month))"
            if entry.month > scenario.horizon.end || (plan.byYear ? entry.month.year < scenario.horizon.start.year : entry.month < scenario.horizon.start) {
                add(p, "\(what) date outside the horizon", expected: "a date from \(scenario.horizon.start) to \(scenario.horizon.end)", found: plan.key(of: entry.month))
            }
            if j > 0, entry.month <= plan.entries[j - 1].month {
                add(p, "\(what) dates are out of order", expected: "a date after \(plan.key(of: plan.entries[j - 1].month))", found: plan.key(of: entry.month))
            }
        }
    }

    mutating func checkBuyers() {
        for (i, buyer) in scenario.buyers.enumerated() {
            let f = "buyers[\(i)]"
            checkSchedule(buyer.trainingPlan, at: "\(f).training_mw", what: "training plan")
            checkSchedule(buyer.trainingShare, at: "\(f).training_share", what: "training share")
            for (j, round) in buyer.funding.scheduled.enumerated() {
                checkMonth(round.month, at: "\(f).funding.scheduled[\(j)].month", what: "funding round")
                if let id = round.provider { checkProvider(id, at: "\(f).funding.scheduled[\(j)].provider") }
            }
            if buyer.funding.raiseBelowRunwayMonths != nil, buyer.funding.roundRevenueMultiple == nil, buyer.funding.valuation == nil,
               case .constant(let size) = buyer.funding.roundSize, size == 0 {
                add("\(f).funding.round_size", "the funding policy is on but rounds raise nothing", expected: "a round size > 0", found: "0",
                    hint: "set `round_size` or `round_revenue_multiple`, or remove `raise_below_runway_months`")
            }
            if let plan = buyer.funding.plan { checkSchedule(plan, at: "\(f).funding.plan", what: "funding plan") }
            if let ipo = buyer.funding.ipo {
                checkMonth(ipo.from, at: "\(f).funding.ipo.from", what: "IPO window start")
                checkMonth(ipo.to, at: "\(f).funding.ipo.to", what: "IPO window end")
                if ipo.to < ipo.from {
                    add("\(f).funding.ipo.to", "the IPO window ends before it starts", expected: "a month ≥ \(ipo.from)", found: ipo.to.description)
                }
                if ipo.floatShare != nil && ipo.size != nil {
                    add("\(f).funding.ipo", "an IPO has both `size` and `float_share`", expected: "one of them", found: "both",
                        hint: "keep `float_share` for an IPO priced at the buyer's value, `size` for a fixed amount")
                }
                if ipo.floatShare != nil && buyer.funding.valuation == nil {
                    add("\(f).funding.ipo.float_share", "a priced IPO needs the buyer's valuation", expected: "`funding.valuation`", found: "none",
                        hint: "add `funding.valuation` with its `multiples`, or give the IPO a `size`")
                }
            }
            checkFundingMarket(buyer.funding, at: "\(f).funding")
        }
    }

    /// A provider named by a buyer's funding (a scheduled round's or a backer's `provider`).
    mutating func checkProvider(_ id: String, at path: String) {
        let providers = scenario.providers.map(\.id)
        guard !providers.contains(id) else { return }
        add(path, "unknown provider `\(id)`", expected: "one of the scenario's providers", found: "`\(id)`",
            hint: NameSuggestion.didYouMean(id, in: providers))
    }

    /// `funding.valuation` and `funding.backers`: a multiple's table on fixed, increasing growth; backers
    /// with unique ids, known providers, and a valuation and policy to act through.
    mutating func checkFundingMarket(_ funding: Funding, at f: String) {
        if let v = funding.valuation {
            if v.multiples.isEmpty {
                add("\(f).valuation.multiples", "the valuation has no multiple", expected: "at least one {growth, multiple}", found: "an empty list")
            }
            var previous: Double?
            for (j, point) in v.multiples.enumerated() {
                let p = "\(f).valuation.multiples[\(j)].growth"
                guard case .constant(let g) = point.growth else {
                    add(p, "a growth of the multiple's table must be a fixed number", expected: "a number such as 25%", found: point.growth.expression,
                        hint: "make the multiple uncertain instead: `multiple: \"uniform(min=…, max=…)\"`")
                    continue
                }
                if let previous, g <= previous {
                    add(p, "the multiple's table is not in increasing order of growth", expected: "a growth > \(Distribution.format(previous * 100))%",
                        found: "\(Distribution.format(g * 100))%")
                }
                previous = g
            }
        }
        checkDuplicates(funding.backers.map(\.id), section: "\(f).backers", what: "backer")
        for (j, backer) in funding.backers.enumerated() {
            let p = "\(f).backers[\(j)]"
            if let id = backer.provider { checkProvider(id, at: "\(p).provider") }
            if backer.condition == .whilePurchasing && backer.provider == nil {
                add("\(p).provider", "a backer that invests while purchases continue needs the provider it sells as",
                    expected: "a provider id", found: "none")
            }
        }
        if !funding.backers.isEmpty && (funding.valuation == nil || funding.raiseBelowRunwayMonths == nil) {
            add("\(f).backers", "backers invest only beside a priced round", expected: "`valuation` and `raise_below_runway_months`",
                found: funding.valuation == nil ? "no `valuation`" : "no `raise_below_runway_months`",
                hint: "add `funding.valuation` and `funding.raise_below_runway_months`, or remove `backers`")
        }
    }

    mutating func checkProviders() {
        let regimes = scenario.market.regimes.regimes.map(\.name)
        for (i, provider) in scenario.providers.enumerated() {
            for (k, name) in (provider.financials?.credit?.closedIn ?? []).enumerated() where !regimes.contains(name) {
                add("providers[\(i)].credit.closed_in[\(k)]", "no regime `\(name)`", expected: "one of \(regimes.joined(separator: ", "))",
                    found: name, hint: NameSuggestion.hint(for: name, candidates: regimes))
            }
            guard let rating = provider.financials?.rating else { continue }
            let f = "providers[\(i)].rating"
            if !(1...12).contains(rating.fiscalYearEnd) {
                add("\(f).fiscal_year_end", "the fiscal year end is a month number", expected: "an integer from 1 (January) to 12 (December)",
                    found: "\(rating.fiscalYearEnd)")
            }
            for (key, years) in [("consecutive_years", rating.consecutiveYears), ("downgrade_years", rating.downgradeYears)] where years < 1 {
                add("\(f).\(key)", "a test needs at least one fiscal year end", expected: "an integer ≥ 1", found: "\(years)")
            }
            if let grace = rating.graceUntil, grace > scenario.horizon.end {
                add("\(f).grace_until", "the grace period outlasts the horizon, so the rating is never tested",
                    expected: "a month ≤ \(scenario.horizon.end)", found: grace.description, hint: "remove `rating`, or end the grace period earlier")
            }
        }
    }

    mutating func checkCorrelations() {
        let c = scenario.correlations
        guard !c.isEmpty else { return }
        for (i, path) in c.parameters.enumerated() {
            guard let slot = slots.slot(at: path) else {
                add("correlations.\(path)", "no parameter `\(path)`", expected: "the path of a numeric parameter, e.g. buyers.<id>.growth.initial",
                    found: path, hint: NameSuggestion.hint(for: path, candidates: slots.map(\.path).sorted()))
                continue
            }
            if scenario[keyPath: slot.keyPath].isConstant && !options.contains(.stressVariant) {
                add("correlations.\(path)", "`\(path)` is a constant, so a correlation has no effect", expected: "an uncertain parameter (a distribution)",
                    found: scenario[keyPath: slot.keyPath].expression)
            }
            if let first = c.parameters.firstIndex(of: path), first != i {
                add("correlations.\(path)", "`\(path)` appears twice in the correlation matrix")
            }
        }
        for error in CorrelationMatrix.validate(c.matrix) {
            let names = c.parameters
            func name(_ i: Int) -> String { i < names.count ? names[i] : "#\(i + 1)" }
            switch error {
            case .notSquare:
                add("correlations", "the correlation matrix is not square", expected: "\(names.count) × \(names.count)", found: "\(c.matrix.count) rows")
            case .diagonalNotOne(let index, let value):
                add("correlations", "the correlation of `\(name(index))` with itself must be 1", expected: "1", found: Distribution.format(value))
            case .entryOutOfRange(let row, let column, let value):
                add("correlations", "correlation between `\(name(row))` and `\(name(column))` is out of range", expected: "a value in [-1, 1]", found: Distribution.format(value))
            case .notSymmetric(let row, let column, let value, let transposed):
                add("correlations", "the correlation matrix is not symmetric: `\(name(row))`–`\(name(column))` is \(Distribution.format(value)) one way and \(Distribution.format(transposed)) the other",
                    expected: "equal values", found: "\(Distribution.format(value)) and \(Distribution.format(transposed))")
            case .notPositiveSemidefinite(let smallest):
                add("correlations", "the correlation matrix is not positive semi-definite (no joint distribution has these correlations)",
                    expected: "eigenvalues ≥ 0", found: "smallest eigenvalue \(smallest)", hint: "reduce the largest correlations, or make them consistent with each other")
            }
        }
    }

    mutating func checkStresses() {
        let regimeNames = scenario.market.regimes.regimes.map(\.name)
        var seen = Set<String>()
        for stress in scenario.stresses {
            let p = "stresses.\(stress.name)"
            checkID(stress.name, at: p, what: "stress name")
            if !seen.insert(stress.name).inserted { add(p, "stress `\(stress.name)` is defined twice") }
            if stress.forceRegime == nil && stress.overrides.isEmpty {
                add(p, "the stress changes nothing", expected: "force_regime or set", found: "neither")
            }
            if let force = stress.forceRegime {
                if !regimeNames.contains(force.regime) {
                    add("\(p).force_regime.regime", "unknown regime `\(force.regime)`", expected: "one of " + regimeNames.joined(separator: ", "),
                        found: force.regime, hint: NameSuggestion.hint(for: force.regime, candidates: regimeNames))
                }
                checkMonth(force.from, at: "\(p).force_regime.from", what: "month")
                checkMonth(force.to, at: "\(p).force_regime.to", what: "month")
                if force.to < force.from {
                    add("\(p).force_regime.to", "the period ends before it starts", expected: "a month ≥ \(force.from)", found: force.to.description)
                }
            }
        }
    }

    mutating func checkOptimization() {
        let slotPaths = slots.map(\.path)
        for (i, decision) in scenario.decisions.enumerated() {
            let p = "decisions[\(i)]"
            if let slot = slots.slot(at: decision.path) {
                for (bound, value) in [("min", decision.min), ("max", decision.max)] where !slot.domain.contains(value) {
                    add("\(p).\(bound)", "the bound is outside the values `\(decision.path)` may take", expected: slot.domain.description,
                        found: Distribution.format(value), hint: "bounds are in base units: dollars, MW, fractions (35% = 0.35), months")
                }
            } else {
                add("\(p).path", "no parameter `\(decision.path)`", expected: "the path of a numeric parameter", found: decision.path,
                    hint: NameSuggestion.hint(for: decision.path, candidates: slotPaths))
            }
            if !(decision.min <= decision.max) {
                add("\(p).max", "max is below min", expected: "a value ≥ \(Distribution.format(decision.min))", found: Distribution.format(decision.max))
            }
            if let step = decision.step, !(step > 0) {
                add("\(p).step", "the step must be positive", expected: "a value > 0", found: Distribution.format(step))
            }
        }
        // Objective and constraint metric ids are checked against the engine's metric catalogue, which
        // is derived from the metrics a run writes (OfftakeEngine.MetricCatalog.issues(in:)).
    }
}
