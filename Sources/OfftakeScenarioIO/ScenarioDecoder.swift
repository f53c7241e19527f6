import OfftakeModel
import OfftakeRandom
import Yams

/// Reads a composed YAML/JSON tree into a ``Scenario`` (the schema of docs/model.md; docs/scenario-format.md
/// lists every key, its unit and its default).
extension NodeReader {
    // MARK: - Field helpers

    /// The placeholder of a number that is read next (or could not be).
    var nan: Distribution { .constant(.nan) }

    /// Reports `key` missing from `fields`, unless its value was there but unreadable (and so reported).
    func missing(_ fields: Fields, _ key: String, expected: String) {
        guard !failed.contains(join(fields.path, key)) else { return }
        fail(join(fields.path, key), fields.node, "missing `\(key)`", expected: expected, found: "no `\(key)` in \(fields.path.isEmpty ? "the file" : "`\(fields.path)`")")
    }

    /// A required number-or-distribution field.
    func distribution(_ fields: Fields, _ key: String, _ kind: QuantityKind) -> Distribution {
        guard let node = fields[key] else {
            missing(fields, key, expected: kind.noun)
            return .constant(.nan)
        }
        return distribution(node, join(fields.path, key), kind)
    }

    /// An optional number-or-distribution field with a default.
    func distribution(_ fields: Fields, _ key: String, _ kind: QuantityKind, default value: Distribution) -> Distribution {
        guard let node = fields[key] else { return value }
        return distribution(node, join(fields.path, key), kind)
    }

    /// An optional number-or-distribution field without a default.
    func optionalDistribution(_ fields: Fields, _ key: String, _ kind: QuantityKind) -> Distribution? {
        fields[key].map { distribution($0, join(fields.path, key), kind) }
    }

    func required<T>(_ fields: Fields, _ key: String, expected: String, _ read: (Node, String) -> T?) -> T? {
        guard let node = fields[key] else {
            missing(fields, key, expected: expected)
            return nil
        }
        return read(node, join(fields.path, key))
    }

    func optional<T>(_ fields: Fields, _ key: String, _ read: (Node, String) -> T?) -> T? {
        fields[key].flatMap { read($0, join(fields.path, key)) }
    }

    /// Every number of `table` into `value`, as its row says: a required one left out is reported (and
    /// NaN), one with a default is the default, an optional one is nil. Rows with a rule (a contract's
    /// prices, a conditional requirement) and nested rows are read by hand.
    func numbers<T>(_ fields: Fields, _ table: FieldTable<T>, into value: inout T) {
        for field in table.fields {
            switch (field.access, field.default) {
            case (.number(let keyPath), .required): value[keyPath: keyPath] = distribution(fields, field.key, field.kind)
            case (.number(let keyPath), .value(let x)): value[keyPath: keyPath] = distribution(fields, field.key, field.kind, default: .constant(x))
            case (.optionalNumber(let keyPath, _), _): value[keyPath: keyPath] = optionalDistribution(fields, field.key, field.kind)
            default: break
            }
        }
    }

    /// A block of `table`'s keys whose fields are all numbers: `blank` with each number read.
    func numbers<T>(_ node: Node, _ path: String, _ table: FieldTable<T>, _ blank: T) -> T? {
        guard let f = mapping(node, path, known: table.keys) else { return nil }
        var value = blank
        numbers(f, table, into: &value)
        return value
    }

    // MARK: - Scenario

    /// The scenario, or nil when a part every other part depends on (name, horizon, market) is unreadable.
    func scenario(_ root: Node) -> Scenario? {
        guard let f = mapping(root, "", known: Scenario.fields.keys, what: "a scenario (a mapping with name, horizon, market, …)") else { return nil }
        let name = required(f, "name", expected: "the scenario's id, e.g. openai-oracle-2027", identifier)
        let title = optional(f, "title", string)
        _ = optional(f, "description", string)
        let horizon = required(f, "horizon", expected: "{start: YYYY-MM, end: YYYY-MM}", horizon)
        let run = optional(f, "run", run) ?? RunSettings()
        let market = required(f, "market", expected: "{regimes: …, compute_price: …}", market)
        let accelerators = list(f, "accelerators", accelerator)
        let buyers = list(f, "buyers", buyer)
        let providers = list(f, "providers", provider)
        let contracts = list(f, "contracts", contract)
        let correlations = optional(f, "correlations", correlations) ?? Correlations()
        let stresses = optional(f, "stresses", stresses) ?? []
        let decisions = list(f, "decisions", decision)
        let objective = optional(f, "objective", objective)
        let constraints = list(f, "constraints", constraint)
        guard let name, let horizon, let market else { return nil }
        return Scenario(name: name, title: title, horizon: horizon, run: run, market: market, accelerators: accelerators,
                        buyers: buyers, providers: providers, contracts: contracts, correlations: correlations, stresses: stresses,
                        decisions: decisions, objective: objective, constraints: constraints)
    }

    /// A list of entities; unreadable entries are dropped (their problems are reported).
    func list<T>(_ fields: Fields, _ key: String, _ read: (Node, String) -> T?) -> [T] {
        guard let node = fields[key] else { return [] }
        let path = join(fields.path, key)
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
        guard let items = sequence(node, path) else { return [] }
        return items.enumerated().compactMap { read($0.element, "\(path)[\($0.offset)]") }
    }

    func horizon(_ node: Node, _ path: String) -> Horizon? {
        guard let f = mapping(node, path, known: Horizon.fields.keys) else { return nil }
        let start = required(f, "start", expected: "a month YYYY-MM", month)
        let end = required(f, "end", expected: "a month YYYY-MM", month)
        guard let start, let end else { return nil }
        return Horizon(start: start, end: end)
    }

    func run(_ node: Node, _ path: String) -> RunSettings? {
        guard let f = mapping(node, path, known: RunSettings.fields.keys) else { return nil }
        var settings = RunSettings()
        if let paths = optional(f, "paths", { self.integer($0, $1) }) { settings.paths = paths }
        if let seedNode = f["seed"] {
            let seedPath = join(path, "seed")
            if let text = scalarText(seedNode, seedPath, expected: "a seed (an integer ≥ 0)"), let seed = UInt64(text.trimmingSpaces) {
                settings.seed = seed
            } else if case .scalar = seedNode {
                fail(seedPath, seedNode, "invalid seed", expected: "an integer from 0 to \(UInt64.max)", found: describe(seedNode))
            }
        }
        return settings
    }

    // MARK: - Market

    func market(_ node: Node, _ path: String) -> Market? {
        guard let f = mapping(node, path, known: Market.fields.keys) else { return nil }
        let regimes = required(f, "regimes", expected: "the regimes with `initial` and `transitions`", regimeModel)
        let price = required(f, "compute_price", expected: "{initial: …, decline: …, demand_elasticity: …}", computePrice)
        let supply: Supply? = optional(f, "supply", supply)
        guard let regimes, let price else { return nil }
        return Market(regimes: regimes, computePrice: price, supply: supply)
    }

    func supply(_ node: Node, _ path: String) -> Supply? {
        guard let f = mapping(node, path, known: Supply.fields.keys) else { return nil }
        if f["generations"] == nil { missing(f, "generations", expected: "a list of {id, installed0, …}") }
        let generations: [Generation] = list(f, "generations") { node, p in
            guard let g = self.mapping(node, p, known: Generation.fields.keys) else { return nil }
            let id = self.required(g, "id", expected: "an id", self.identifier)
            _ = self.optional(g, "name", self.string)
            var generation = Generation(id: id ?? "", installed0: self.nan,
                                        additions: self.optional(g, "additions") { self.schedule($0, $1, .capacity) } ?? Schedule(),
                                        response: self.optional(g, "response") { self.numbers($0, $1, SupplyResponse.fields, SupplyResponse(breakeven: self.nan)) })
            self.numbers(g, Generation.fields, into: &generation)
            return id == nil ? nil : generation
        }
        var supply = Supply(elasticity: nan, generations: generations)
        numbers(f, Supply.fields, into: &supply)
        return supply
    }

    func regimeModel(_ node: Node, _ path: String) -> RegimeModel? {
        guard let f = mapping(node, path, known: []) else { return nil }
        var regimes: [Regime] = []
        let ownKeys = RegimeModel.fields.keys
        for (name, key, value) in f.entries where !ownKeys.contains(name) {
            let p = join(path, name)
            guard Scenario.isValidID(name) else {
                fail(p, key, "invalid regime name", expected: "letters, digits, '-' and '_'", found: "`\(name)`")
                continue
            }
            if let meant = NameSuggestion.closest(to: name, in: ownKeys) {
                fail(p, key, "`\(name)` looks like a misspelt `\(meant)`, not a regime", expected: "`initial`, `transitions` or a regime name",
                     found: name, hint: "did you mean `\(meant)`?")
                continue
            }
            guard let r = mapping(value, p, known: Regime.fields.keys, what: "a regime's settings") else { continue }
            var regime = Regime(name: name, demandDrift: nan, demandVol: nan, fundingSuccess: nan)
            numbers(r, Regime.fields, into: &regime)
            regimes.append(regime)
        }
        let names = regimes.map(\.name)
        let initial: InitialRegime
        if let node = f["initial"] {
            let p = join(path, "initial")
            if case .mapping = node, let m = mapping(node, p, known: []) {
                var initialNames: [String] = [], weights: [Double] = []
                for (name, _, value) in m.entries {
                    initialNames.append(name)
                    weights.append(number(value, join(p, name), .fraction) ?? .nan)
                }
                initial = .probabilities(initialNames, weights)
            } else if let name = string(node, p) {
                initial = .named(name)
            } else {
                initial = .named(names.first ?? "")
            }
        } else if regimes.count == 1 {
            initial = .named(names[0])
        } else {
            missing(f, "initial", expected: "the first month's regime, one of " + names.joined(separator: ", "))
            initial = .named(names.first ?? "")
        }
        var transitions: [[Double]] = []
        if let node = f["transitions"] {
            let p = join(path, "transitions")
            if let rows = mapping(node, p, known: names, what: "a mapping from each regime to its row") {
                for rowName in names {
                    guard let rowNode = rows[rowName] else {
                        fail(join(p, rowName), node, "missing the row of `\(rowName)`", expected: "\(rowName): {" + names.map { "\($0): …" }.joined(separator: ", ") + "}", found: "no row")
                        transitions.append([Double](repeating: .nan, count: names.count))
                        continue
                    }
                    let rowPath = join(p, rowName)
                    guard let row = mapping(rowNode, rowPath, known: names, what: "transition probabilities to each regime") else {
                        transitions.append([Double](repeating: .nan, count: names.count))
                        continue
                    }
                    // A target left out has probability 0.
                    transitions.append(names.map { target in row[target].flatMap { number($0, join(rowPath, target), .fraction) } ?? 0 })
                }
            }
        } else if regimes.count == 1 {
            transitions = [[1]]
        } else {
            missing(f, "transitions", expected: "monthly transition probabilities between the regimes")
        }
        if transitions.isEmpty && !regimes.isEmpty { failed.insert(join(path, "transitions")) }
        return RegimeModel(regimes: regimes, initial: initial, transitions: transitions.isEmpty ? [[Double]](repeating: [Double](repeating: 0, count: regimes.count), count: regimes.count) : transitions)
    }

    func computePrice(_ node: Node, _ path: String) -> ComputePrice? {
        numbers(node, path, ComputePrice.fields, ComputePrice(initial: nan))
    }

    // MARK: - Accelerators

    func accelerator(_ node: Node, _ path: String) -> Accelerator? {
        guard let f = mapping(node, path, known: Accelerator.fields.keys) else { return nil }
        let id = required(f, "id", expected: "an id", identifier)
        _ = optional(f, "name", string)
        let workloads: [Workload] = required(f, "workloads", expected: "[training, inference] or [inference]") { node, path in
            guard let items = self.sequence(node, path, what: "a list of workloads") else { return nil }
            return items.enumerated().compactMap { index, item in
                self.keyword(item, "\(path)[\(index)]", "workload", Workload.allCases.map(\.rawValue)).flatMap(Workload.init(rawValue:))
            }
        } ?? []
        var accelerator = Accelerator(id: id ?? "", workloads: workloads, capexPerMW: nan, generation: optional(f, "generation", identifier))
        numbers(f, Accelerator.fields, into: &accelerator)
        return id == nil ? nil : accelerator
    }

    // MARK: - Buyers

    func buyer(_ node: Node, _ path: String) -> Buyer? {
        guard let f = mapping(node, path, known: Buyer.fields.keys) else { return nil }
        let id = required(f, "id", expected: "an id", identifier)
        _ = optional(f, "name", string)
        let growth = required(f, "growth", expected: "{initial: …, long_run: …, half_life_months: …}") { node, p in
            self.numbers(node, p, RevenueGrowth.fields, RevenueGrowth(initial: self.nan, longRun: nil, halfLifeMonths: self.nan))
        } ?? RevenueGrowth(initial: nan, longRun: nil, halfLifeMonths: nan)
        let revenuePerMW = required(f, "revenue_per_mw", expected: "{initial: …, trend: …}") { node, p in
            self.numbers(node, p, RevenuePerMW.fields, RevenuePerMW(initial: self.nan))
        } ?? RevenuePerMW(initial: nan)
        var buyer = Buyer(
            id: id ?? "", cash0: nan, revenue0: nan, growth: growth, revenuePerMW: revenuePerMW,
            trainingPlan: optional(f, "training_mw") { self.schedule($0, $1, .capacity) } ?? Schedule(),
            trainingShare: optional(f, "training_share") { self.schedule($0, $1, .fraction) } ?? Schedule(),
            austerity: optional(f, "austerity") { self.numbers($0, $1, Austerity.fields, Austerity()) } ?? Austerity(),
            opex: optional(f, "opex") { self.numbers($0, $1, OperatingCosts.fields, OperatingCosts()) } ?? OperatingCosts(),
            funding: optional(f, "funding", funding) ?? Funding(),
            spot: optional(f, "spot") { self.numbers($0, $1, SpotPolicy.fields, SpotPolicy()) } ?? SpotPolicy(),
            established: optional(f, "established") { self.numbers($0, $1, EstablishedBusiness.fields, EstablishedBusiness(revenue0: self.nan, cashMargin: self.nan)) },
            workout: optional(f, "workout", workout) ?? Workout())
        numbers(f, Buyer.fields, into: &buyer)
        return id == nil ? nil : buyer
    }

    /// `workout: {min_cash, facility, cancel_undelivered, deferral, sublet, restructuring}`; an absent block is a step not taken.
    func workout(_ node: Node, _ path: String) -> Workout? {
        guard let w = mapping(node, path, known: Workout.fields.keys) else { return nil }
        var workout = Workout(
            facility: optional(w, "facility") { self.numbers($0, $1, CreditFacility.fields, CreditFacility(revenueMultiple: self.nan, interestRate: self.nan)) },
            cancelUndelivered: optional(w, "cancel_undelivered", bool) ?? false,
            deferral: optional(w, "deferral") { self.numbers($0, $1, Deferral.fields, Deferral()) },
            sublet: optional(w, "sublet") { self.numbers($0, $1, Sublet.fields, Sublet()) },
            restructuring: optional(w, "restructuring") { self.numbers($0, $1, Restructuring.fields, Restructuring()) })
        numbers(w, Workout.fields, into: &workout)
        return workout
    }

    /// `{2026: 1500, 2027: 3000}` (years) or `{2027-06: 1200}` (months); values in `kind`.
    func schedule(_ node: Node, _ path: String, _ kind: QuantityKind) -> Schedule? {
        let example = kind == .money ? "{2026: 30B, 2027: 62B}" : "{2026: 1500, 2027: 3000}"
        guard let f = mapping(node, path, known: [], what: "a schedule such as \(example)") else { return nil }
        var entries: [Schedule.Entry] = []
        var byYear = true
        for (key, keyNode, value) in f.entries {
            let p = join(path, key)
            let month: Month
            if key.count == 4, let year = Int(key), (1900...2200).contains(year) {
                month = Month(year: year, month: 1)
            } else if let m = Month(parsing: key) {
                month = m
                byYear = false
            } else {
                fail(p, keyNode, "expected a year or a month as the key", expected: "YYYY or YYYY-MM", found: "`\(key)`")
                continue
            }
            entries.append(Schedule.Entry(month: month, value: distribution(value, p, kind)))
        }
        if !byYear, f.entries.contains(where: { $0.name.count == 4 }) {
            fail(path, node, "a schedule mixes years and months", expected: "all keys YYYY or all YYYY-MM", found: "both")
        }
        return Schedule(entries: entries, byYear: byYear)
    }

    func funding(_ node: Node, _ path: String) -> Funding? {
        guard let f = mapping(node, path, known: Funding.fields.keys) else { return nil }
        let rounds: [Funding.Round] = list(f, "scheduled") { node, p in
            guard let r = self.mapping(node, p, known: Funding.Round.fields.keys) else { return nil }
            let month = self.required(r, "month", expected: "a month YYYY-MM", self.month)
            var round = Funding.Round(month: month ?? Month(year: 1900, month: 1), amount: self.nan,
                                      provider: self.optional(r, "provider", self.identifier))
            self.numbers(r, Funding.Round.fields, into: &round)
            return month == nil ? nil : round
        }
        let ipo: IPO? = optional(f, "ipo") { node, p in
            guard let i = self.mapping(node, p, known: IPO.fields.keys) else { return nil }
            let from = self.required(i, "from", expected: "a month YYYY-MM", self.month)
            let to = self.required(i, "to", expected: "a month YYYY-MM", self.month)
            var ipo = IPO(from: from ?? Month(year: 1900, month: 1), to: to ?? Month(year: 1900, month: 1), probabilityPerYear: self.nan)
            self.numbers(i, IPO.fields, into: &ipo)
            // An IPO raises a fixed `size` or, priced, sells `float_share` of the company.
            if ipo.floatShare == nil { ipo.size = self.distribution(i, "size", .money) }
            return from == nil || to == nil ? nil : ipo
        }
        let valuation: Valuation? = optional(f, "valuation") { node, p in
            guard let v = self.mapping(node, p, known: Valuation.fields.keys) else { return nil }
            if v["multiples"] == nil { self.missing(v, "multiples", expected: "a list of {growth, multiple}") }
            let points: [Valuation.Point] = self.list(v, "multiples") { node, p in
                self.numbers(node, p, Valuation.Point.fields, Valuation.Point(growth: self.nan, multiple: self.nan))
            }
            let last: LastRound? = self.optional(v, "last_round") { node, p in
                guard let r = self.mapping(node, p, known: LastRound.fields.keys) else { return nil }
                let month = self.required(r, "month", expected: "a month YYYY-MM", self.month)
                var round = LastRound(month: month ?? Month(year: 1900, month: 1), postMoney: self.nan)
                self.numbers(r, LastRound.fields, into: &round)
                return month == nil ? nil : round
            }
            var valuation = Valuation(multiples: points, lastRound: last)
            self.numbers(v, Valuation.fields, into: &valuation)
            return valuation
        }
        let backers: [Backer] = list(f, "backers") { node, p in
            guard let k = self.mapping(node, p, known: Backer.fields.keys) else { return nil }
            let id = self.required(k, "id", expected: "an id", self.identifier)
            let condition = self.optional(k, "condition") { node, p in
                self.keyword(node, p, "condition", BackerCondition.allCases.map(\.rawValue)).flatMap(BackerCondition.init(rawValue:))
            } ?? .always
            var backer = Backer(id: id ?? "", capacity: self.nan, condition: condition, provider: self.optional(k, "provider", self.identifier))
            self.numbers(k, Backer.fields, into: &backer)
            return id == nil ? nil : backer
        }
        var funding = Funding(scheduled: rounds, plan: optional(f, "plan") { self.schedule($0, $1, .money) }, ipo: ipo,
                              valuation: valuation, backers: backers)
        numbers(f, Funding.fields, into: &funding)
        // A policy round needs a size: `round_size`, or `round_revenue_multiple` × trailing revenue.
        // With `valuation`, rounds are sized by need and price instead.
        let sizeRequired = funding.raiseBelowRunwayMonths != nil && funding.roundRevenueMultiple == nil && funding.valuation == nil
        funding.roundSize = sizeRequired ? distribution(f, "round_size", .money) : distribution(f, "round_size", .money, default: .constant(0))
        return funding
    }

    // MARK: - Providers

    func provider(_ node: Node, _ path: String) -> Provider? {
        guard let f = mapping(node, path, known: Provider.fields.keys) else { return nil }
        guard let id = required(f, "id", expected: "an id", identifier) else { return nil }
        _ = optional(f, "name", string)
        let financialKeys = ProviderFinancials.fields.keys
        guard f.entries.contains(where: { financialKeys.contains($0.name) }) else { return Provider(id: id) }
        var financials = ProviderFinancials(
            cash0: nan, debt0: nan, baseEBITDA: nan, interestRate: nan, wacc: nan, facilityCapexPerMW: nan, buildMonths: nan,
            release: optional(f, "release") { self.numbers($0, $1, Release.fields, Release()) } ?? Release(),
            leases: optional(f, "leases") { self.numbers($0, $1, Leases.fields, Leases(share: self.nan, rentPerMWMonth: self.nan)) },
            financing: optional(f, "financing") { self.numbers($0, $1, FinancingMix.fields, FinancingMix(equityShare: self.nan)) },
            sweep: optional(f, "sweep") { self.numbers($0, $1, DebtSweep.fields, DebtSweep(minCash: self.nan)) },
            otherCustomers: optional(f, "other_customers") { self.numbers($0, $1, OtherCustomers.fields, OtherCustomers(revenue0: self.nan, margin: self.nan)) },
            rating: optional(f, "rating", rating), credit: optional(f, "credit", credit))
        numbers(f, ProviderFinancials.fields, into: &financials)
        return Provider(id: id, financials: financials)
    }

    /// `credit:`; `closed_in` is a list of regime names (checked against the market by the validator).
    func credit(_ node: Node, _ path: String) -> CreditAccess? {
        guard let r = mapping(node, path, known: CreditAccess.fields.keys) else { return nil }
        var credit = CreditAccess(investmentGradeMax: nan, spreadHighYield: nan, maxLeverage: nan,
                                  closedIn: list(r, "closed_in", identifier))
        numbers(r, CreditAccess.fields, into: &credit)
        return credit
    }

    /// `rating:`; `fiscal_year_end`, `consecutive_years` and `downgrade_years` are fixed whole numbers
    /// (their ranges are checked by the validator).
    func rating(_ node: Node, _ path: String) -> RatingPolicy? {
        guard let r = mapping(node, path, known: RatingPolicy.fields.keys) else { return nil }
        let defaults = RatingPolicy(threshold: nan, downgradeThreshold: nan)
        var rating = RatingPolicy(rated: optional(r, "rated", bool) ?? defaults.rated,
                                  fiscalYearEnd: optional(r, "fiscal_year_end") { self.integer($0, $1) } ?? defaults.fiscalYearEnd,
                                  threshold: nan,
                                  consecutiveYears: optional(r, "consecutive_years") { self.integer($0, $1) } ?? defaults.consecutiveYears,
                                  graceUntil: optional(r, "grace_until", month),
                                  downgradeThreshold: nan,
                                  downgradeYears: optional(r, "downgrade_years") { self.integer($0, $1) } ?? defaults.downgradeYears)
        numbers(r, RatingPolicy.fields, into: &rating)
        return rating
    }

    // MARK: - Contracts

    func contract(_ node: Node, _ path: String) -> Contract? {
        guard let f = mapping(node, path, known: Contract.fields.keys) else { return nil }
        let id = required(f, "id", expected: "an id", identifier)
        _ = optional(f, "name", string)
        let buyer = required(f, "buyer", expected: "a buyer id", identifier)
        let provider = required(f, "provider", expected: "a provider id", identifier)
        let accelerator = required(f, "accelerator", expected: "an accelerator id", identifier)
        let tranches: [Tranche] = required(f, "tranches", expected: "[{start: 2027-06, mw: 1200}, …]") { node, p in
            guard let items = self.sequence(node, p, what: "a list of tranches") else { return nil }
            return items.enumerated().compactMap { index, item in
                let tp = "\(p)[\(index)]"
                guard let t = self.mapping(item, tp, known: Tranche.fields.keys) else { return nil }
                _ = self.optional(t, "name", self.string)
                _ = self.optional(t, "site", self.string)
                let start = self.required(t, "start", expected: "a month YYYY-MM", self.month)
                var tranche = Tranche(start: start ?? Month(year: 1900, month: 1), mw: self.nan,
                                      option: self.optional(t, "option") { self.numbers($0, $1, TrancheOption.fields, TrancheOption()) })
                self.numbers(t, Tranche.fields, into: &tranche)
                return start == nil ? nil : tranche
            }
        } ?? []
        var term = ContractTerm.months(1)
        switch (f["end"], f["term_months"]) {
        case (let end?, nil):
            if let month = month(end, join(path, "end")) { term = .end(month) }
        case (nil, let months?):
            if let count = integer(months, join(path, "term_months"), .months) { term = .months(count) }
        case (.some, .some):
            fail(join(path, "term_months"), f["term_months"], "give either `end` or `term_months`, not both", expected: "one of them", found: "both")
        case (nil, nil):
            fail(join(path, "end"), node, "missing the contract's end", expected: "`end: YYYY-MM` or `term_months: N`", found: "neither")
        }
        let kind = contractKind(f)
        let price = contractPrice(f, isHardware: kind.map { $0 != .capacity })
        let prepayment: Prepayment? = optional(f, "prepayment") { node, p in
            guard let pre = self.mapping(node, p, known: Prepayment.fields.keys) else { return nil }
            let month = self.required(pre, "month", expected: "a month YYYY-MM", self.month)
            var prepayment = Prepayment(amount: self.nan, month: month ?? Month(year: 1900, month: 1))
            self.numbers(pre, Prepayment.fields, into: &prepayment)
            return month == nil ? nil : prepayment
        }
        var contract = Contract(
            id: id ?? "", buyer: buyer ?? "", provider: provider ?? "", accelerator: accelerator ?? "", tranches: tranches,
            term: term, price: price, prepayment: prepayment, kind: kind ?? .capacity,
            vendorFinancing: optional(f, "vendor_financing") { self.numbers($0, $1, VendorFinancing.fields, VendorFinancing(perMW: self.nan)) },
            delivery: optional(f, "delivery") { self.numbers($0, $1, DeliveryTerms.fields, DeliveryTerms()) },
            renewal: optional(f, "renewal") { self.numbers($0, $1, Renewal.fields, Renewal(probability: self.nan, termMonths: self.nan)) })
        numbers(f, Contract.fields, into: &contract)
        if buyer == nil { failed.insert(join(path, "buyer")) }
        if provider == nil { failed.insert(join(path, "provider")) }
        if accelerator == nil { failed.insert(join(path, "accelerator")) }
        return id == nil ? nil : contract
    }

    /// `kind:` (default capacity) with the `hardware:` block it requires; nil when `kind` is unreadable.
    /// The `hardware:` block is read (and its problems reported) whatever the kind.
    func contractKind(_ f: Fields) -> ContractKind? {
        let word = f["kind"].map { keyword($0, join(f.path, "kind"), "contract kind", ["capacity", "hardware"]) } ?? "capacity"
        let terms: HardwareTerms? = optional(f, "hardware") { node, p in
            guard let h = self.mapping(node, p, known: HardwareTerms.fields.keys) else { return nil }
            let host = self.required(h, "host", expected: "the id of the provider that hosts the chips", self.identifier)
            var terms = HardwareTerms(host: host ?? "", hostingPricePerMWMonth: self.nan)
            self.numbers(h, HardwareTerms.fields, into: &terms)
            return terms
        }
        switch word {
        case "capacity":
            if f.has("hardware") {
                fail(join(f.path, "hardware"), f.key("hardware"), "a `hardware` block on a capacity contract", expected: "`kind: hardware`",
                     found: f.has("kind") ? "`kind: capacity`" : "no `kind` (capacity)",
                     hint: "add `kind: hardware` for a chip purchase hosted by `hardware.host`, or remove `hardware`")
            }
            return .capacity
        case "hardware":
            if let terms { return .hardware(terms) }
            if !f.has("hardware") {
                missing(f, "hardware", expected: "{host: PROVIDER_ID, hosting_price_per_mw_month: …}")
            }
            return .hardware(HardwareTerms(host: "", hostingPricePerMWMonth: .constant(.nan)))
        default:
            return nil
        }
    }

    /// Exactly one of `price_per_mw_month`, `total_value` and `chip_price_per_mw` (which of them suits the
    /// contract's kind is checked by the validator; with an unreadable kind it is not checked).
    func contractPrice(_ f: Fields, isHardware: Bool?) -> ContractPrice {
        let keys = ["price_per_mw_month", "total_value", "chip_price_per_mw"]
        let given = keys.filter(f.has)
        let allowed = isHardware == true ? "`chip_price_per_mw: …` or `total_value: …`" : "`price_per_mw_month: …` or `total_value: …`"
        guard let key = given.first else {
            fail(join(f.path, "total_value"), f.node, "missing the contract's price", expected: allowed, found: "neither")
            return .totalValue(.constant(.nan))
        }
        if given.count > 1 {
            fail(join(f.path, given[1]), f[given[1]], "give only one price, not " + given.map { "`\($0)`" }.joined(separator: " and "),
                 expected: "one of them", found: "\(given.count)", hint: "with `total_value` the price is derived so that full delivery pays exactly the total")
        }
        let path = join(f.path, key)
        if isHardware == nil { failed.insert(path) }
        switch key {
        case "price_per_mw_month": return .perMWMonth(distribution(f[key]!, path, .monthlyMoney))
        case "chip_price_per_mw": return .perMW(distribution(f[key]!, path, .money))
        default: return .totalValue(distribution(f[key]!, path, .money))
        }
    }

    // MARK: - Analysis settings

    /// `[[path.a, path.b, 0.6], …]` or `{parameters: [...], matrix: [[...]]}`.
    func correlations(_ node: Node, _ path: String) -> Correlations? {
        if case .mapping = node {
            guard let f = mapping(node, path, known: Correlations.fields.keys) else { return nil }
            let names: [String] = required(f, "parameters", expected: "a list of parameter paths") { node, p in
                self.sequence(node, p).map { $0.enumerated().compactMap { self.string($0.element, "\(p)[\($0.offset)]") } }
            } ?? []
            let matrix: [[Double]] = required(f, "matrix", expected: "a square matrix, one row per parameter") { node, p in
                self.sequence(node, p).map { rows in
                    rows.enumerated().map { i, row in
                        self.sequence(row, "\(p)[\(i)]").map { $0.enumerated().map { j, x in self.number(x, "\(p)[\(i)][\(j)]", .ratio) ?? .nan } } ?? []
                    }
                }
            } ?? []
            for (i, name) in names.enumerated() { if let l = locations["\(path).parameters[\(i)]"] { locations["\(path).\(name)"] = l } }
            return Correlations(parameters: names, matrix: matrix)
        }
        guard let items = sequence(node, path, what: "a list of [parameter, parameter, correlation] triples") else { return nil }
        var names: [String] = []
        var pairs: [(Int, Int, Double, Node)] = []
        func index(of name: String, _ node: Node) -> Int {
            if let i = names.firstIndex(of: name) { return i }
            names.append(name)
            record("\(path).\(name)", node)
            return names.count - 1
        }
        for (k, item) in items.enumerated() {
            let p = "\(path)[\(k)]"
            guard let triple = sequence(item, p, what: "[parameter, parameter, correlation]") else { continue }
            guard triple.count == 3 else {
                fail(p, item, "a correlation has three entries", expected: "[parameter, parameter, correlation]", found: "\(triple.count) entries")
                continue
            }
            guard let a = string(triple[0], "\(p)[0]"), let b = string(triple[1], "\(p)[1]"),
                  let rho = number(triple[2], "\(p)[2]", .ratio) else { continue }
            if a == b {
                fail(p, item, "a parameter cannot be correlated with itself", expected: "two different parameters", found: "`\(a)` twice")
                continue
            }
            pairs.append((index(of: a, triple[0]), index(of: b, triple[1]), rho, item))
        }
        var matrix = (0..<names.count).map { i in (0..<names.count).map { j in i == j ? 1.0 : 0.0 } }
        var given = Set<[Int]>()
        for (k, (i, j, rho, item)) in pairs.enumerated() {
            if given.contains([i, j]) || given.contains([j, i]) {
                let previous = matrix[i][j]
                if previous != rho {
                    fail("\(path)[\(k)]", item, "the correlation of `\(names[i])` and `\(names[j])` is given twice with different values (the matrix would not be symmetric)",
                         expected: "one value", found: "\(Distribution.format(previous)) and \(Distribution.format(rho))")
                }
                continue
            }
            given.insert([i, j])
            matrix[i][j] = rho
            matrix[j][i] = rho
        }
        return Correlations(parameters: names, matrix: matrix)
    }

    func stresses(_ node: Node, _ path: String) -> [Stress]? {
        guard let f = mapping(node, path, known: [], what: "named stresses, e.g. {ai_winter: {force_regime: …}}") else { return nil }
        return f.entries.compactMap { name, key, value in
            let p = join(path, name)
            guard Scenario.isValidID(name) else {
                fail(p, key, "invalid stress name", expected: "letters, digits, '-' and '_'", found: "`\(name)`")
                return nil
            }
            guard let s = mapping(value, p, known: Stress.fields.keys) else { return nil }
            _ = optional(s, "description", string)
            let force: ForcedRegime? = optional(s, "force_regime") { node, fp in
                guard let r = self.mapping(node, fp, known: ForcedRegime.fields.keys) else { return nil }
                let regime = self.required(r, "regime", expected: "a regime name", self.string)
                let from = self.required(r, "from", expected: "a month YYYY-MM", self.month)
                let to = self.required(r, "to", expected: "a month YYYY-MM", self.month)
                guard let regime, let from, let to else { return nil }
                return ForcedRegime(regime: regime, from: from, to: to)
            }
            let overrides: [Override] = optional(s, "set") { node, sp in
                guard let o = self.mapping(node, sp, known: [], what: "overrides {path: value}") else { return nil }
                return o.entries.compactMap { target, _, valueNode in
                    guard let text = self.overrideText(valueNode, join(sp, target)) else { return nil }
                    return Override(path: target, value: text)
                }
            } ?? []
            return Stress(name: name, forceRegime: force, overrides: overrides)
        }
    }

    /// An override's value as the text of a distribution expression: a scalar as written, or the
    /// mapping form of a distribution (`{uniform: {min: 6, max: 18}}`) as `uniform(min=6, max=18)`,
    /// which ``Scenario/applying(_:)`` reads in the target parameter's unit.
    func overrideText(_ node: Node, _ path: String) -> String? {
        record(path, node)
        return NodeReader.expressionText(node)
    }

    /// `{family: {a: x, b: y}}` → `family(a=x, b=y)`; lists → `[x, y]`; scalars as written.
    static func expressionText(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string
        case .sequence(let items): return "[" + items.map(expressionText).joined(separator: ", ") + "]"
        case .mapping(let mapping):
            if mapping.count == 1, let (key, body) = mapping.first.map({ ($0.key, $0.value) }), case .mapping(let arguments) = body {
                return expressionText(key) + "(" + arguments.map { expressionText($0.key) + "=" + expressionText($0.value) }.joined(separator: ", ") + ")"
            }
            return flowText(node)
        case .alias: return ""
        }
    }

    /// A node written in YAML flow style; scalars that contain flow indicators are double-quoted.
    static func flowText(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            let special = s.string.isEmpty || s.string.contains { ",[]{}:#&*!|>'\"%@`\\".contains($0) } || s.string.first == " " || s.string.last == " "
            guard special else { return s.string }
            let escaped = s.string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\"\(escaped)\""
        case .sequence(let items): return "[" + items.map(flowText).joined(separator: ", ") + "]"
        case .mapping(let mapping): return "{" + mapping.map { flowText($0.key) + ": " + flowText($0.value) }.joined(separator: ", ") + "}"
        case .alias: return ""
        }
    }

    func decision(_ node: Node, _ path: String) -> Decision? {
        guard let f = mapping(node, path, known: Decision.fields.keys) else { return nil }
        let target = required(f, "path", expected: "the path of a numeric parameter", string)
        let min = required(f, "min", expected: "a number", decisionBound)
        let max = required(f, "max", expected: "a number", decisionBound)
        let step = optional(f, "step", decisionBound)
        guard let target, let min, let max else { return nil }
        return Decision(path: target, min: min, max: max, step: step)
    }

    /// Decision bounds accept any unit (`2GW`, `35%`, `20B`) since the target's kind is checked later.
    func decisionBound(_ node: Node, _ path: String) -> Double? {
        guard let text = scalarText(node, path, expected: "a number") else { return nil }
        switch NumberLiteral.parse(text.trimmingSpaces) {
        case .success(let literal) where literal.value.isFinite:
            return literal.value
        case .success(let literal):
            fail(path, node, "\(literal.text) is not a finite number", expected: "a number", found: literal.text)
        case .failure(let error):
            fail(path, at: textOrigin(of: node).advanced(by: error.offset), error.message, expected: "a number", found: describe(node))
        }
        return nil
    }

    func objective(_ node: Node, _ path: String) -> Objective? {
        guard let f = mapping(node, path, known: Objective.fields.keys) else { return nil }
        guard f.entries.count == 1, let (name, _, value) = f.entries.first else {
            fail(path, node, "an objective is one of maximize or minimize", expected: "{maximize: METRIC} or {minimize: METRIC}",
                 found: f.entries.isEmpty ? "nothing" : "both")
            return nil
        }
        guard let metric = string(value, join(path, name)) else { return nil }
        return Objective(direction: name == "maximize" ? .maximize : .minimize, metric: metric)
    }

    func constraint(_ node: Node, _ path: String) -> Constraint? {
        guard let text = scalarText(node, path, expected: "a constraint such as \"buyer.openai.default <= 5%\"") else { return nil }
        switch Constraint.parse(text) {
        case .success(let constraint): return constraint
        case .failure(let error):
            fail(path, at: textOrigin(of: node).advanced(by: error.offset), error.message, expected: "METRIC <= VALUE (or >=, <, >)", found: describe(node))
            return nil
        }
    }
}

extension NodeReader {
    /// The keys the reader accepts at the top level and in a regime, buyer, provider and contract (their field tables' keys).
    static var topLevelKeys: [String] { Scenario.fields.keys }
    static var regimeKeys: [String] { Regime.fields.keys }
    static var buyerKeys: [String] { Buyer.fields.keys }
    static var financialKeys: [String] { ProviderFinancials.fields.keys }
    static var contractKeys: [String] { Contract.fields.keys }
}
