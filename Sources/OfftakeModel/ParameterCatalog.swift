import OfftakeRandom

/// The values a numeric field may take.
public struct ValueDomain: Sendable, Hashable, CustomStringConvertible {
    public var lower: Double
    public var lowerOpen: Bool
    public var upper: Double
    public var upperOpen: Bool

    public static let real = ValueDomain(lower: -.infinity, lowerOpen: true, upper: .infinity, upperOpen: true)
    public static let nonNegative = ValueDomain(lower: 0, lowerOpen: false, upper: .infinity, upperOpen: true)
    public static let positive = ValueDomain(lower: 0, lowerOpen: true, upper: .infinity, upperOpen: true)
    /// Probabilities and shares, [0, 1].
    public static let unitInterval = ValueDomain(lower: 0, lowerOpen: false, upper: 1, upperOpen: false)
    /// Growth and interest rates, > −100%.
    public static let rate = ValueDomain(lower: -1, lowerOpen: true, upper: .infinity, upperOpen: true)
    /// A yearly decline, < 100%.
    public static let belowOne = ValueDomain(lower: -.infinity, lowerOpen: true, upper: 1, upperOpen: true)

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        let aboveLower = lowerOpen ? x > lower : x >= lower
        let belowUpper = upperOpen ? x < upper : x <= upper
        return aboveLower && belowUpper
    }

    /// `a value in [0, 1]`, `a value > 0`, …
    public var description: String {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return "a finite value"
        case (true, false): return "a value \(lowerOpen ? ">" : "≥") \(Distribution.format(lower))"
        case (false, true): return "a value \(upperOpen ? "<" : "≤") \(Distribution.format(upper))"
        case (true, true):
            return "a value in \(lowerOpen ? "(" : "[")\(Distribution.format(lower)), \(Distribution.format(upper))\(upperOpen ? ")" : "]")"
        }
    }

    /// Largest probability a distribution may put outside the domain before it is an error. Draws that
    /// still fall outside (less than one path in a billion) are used as drawn: the engine does not
    /// clamp them.
    public static let outsideMassTolerance = 1e-9

    /// Probability that `distribution` falls outside the domain.
    public func massOutside(_ distribution: Distribution) -> Double {
        if case .constant(let x) = distribution { return contains(x) ? 0 : 1 }
        if case .discrete(let values, let weights) = distribution {
            let total = weights.reduce(0, +)
            guard total > 0 else { return 0 }
            return zip(values, weights).filter { !contains($0.0) }.map(\.1).reduce(0, +) / total
        }
        var mass = 0.0
        if lower.isFinite {
            // P(X < lower), or P(X ≤ lower) when the bound is open.
            mass += lowerOpen ? distribution.cdf(lower) : distribution.cdf(lower.nextDown)
        }
        if upper.isFinite {
            // P(X > upper), or P(X ≥ upper) when the bound is open.
            mass += 1 - (upperOpen ? distribution.cdf(upper.nextDown) : distribution.cdf(upper))
        }
        return mass
    }
}

/// One numeric parameter of a scenario: where it is, what it measures, and how to read or replace it.
public struct ParameterSlot: @unchecked Sendable {
    /// Path with entity ids, used by correlations, decisions, stresses and `--set`:
    /// `contracts.oracle-2027.tranches[3].mw`.
    public var path: String
    /// Path as written in the file, with list indices: `contracts[0].tranches[3].mw`.
    public var filePath: String
    public var kind: QuantityKind
    public var domain: ValueDomain
    /// Reads and writes the parameter (a literal key path: immutable, hence safe to share).
    public var keyPath: WritableKeyPath<Scenario, Distribution>
}

extension Scenario {
    /// Every numeric parameter of the scenario, in file order. The `path` (id form) is the parameter's
    /// stable name: random draws for uncertain parameters are to be keyed by it, not by position, so
    /// that adding a tranche or a parameter in one variant does not shift the draws of the others
    /// (common random numbers; docs/random.md).
    public var parameterSlots: [ParameterSlot] {
        var slots: [ParameterSlot] = []
        func add(_ path: String, _ filePath: String, _ kind: QuantityKind, _ domain: ValueDomain, _ keyPath: WritableKeyPath<Scenario, Distribution>) {
            slots.append(ParameterSlot(path: path, filePath: filePath, kind: kind, domain: domain, keyPath: keyPath))
        }

        for (i, regime) in market.regimes.regimes.enumerated() {
            let p = "market.regimes.\(regime.name)"
            let r: WritableKeyPath<Scenario, Regime> = \.market.regimes.regimes[i]
            add("\(p).demand_drift", "\(p).demand_drift", .annualRate, .real, r.appending(path: \.demandDrift))
            add("\(p).demand_vol", "\(p).demand_vol", .annualRate, .nonNegative, r.appending(path: \.demandVol))
            add("\(p).funding_success", "\(p).funding_success", .fraction, .unitInterval, r.appending(path: \.fundingSuccess))
            add("\(p).spot_premium", "\(p).spot_premium", .ratio, .nonNegative, r.appending(path: \.spotPremium))
            add("\(p).spot_availability", "\(p).spot_availability", .fraction, .unitInterval, r.appending(path: \.spotAvailability))
            add("\(p).credit_spread", "\(p).credit_spread", .annualRate, .real, r.appending(path: \.creditSpread))
        }
        add("market.compute_price.initial", "market.compute_price.initial", .monthlyMoney, .nonNegative, \.market.computePrice.initial)
        add("market.compute_price.decline", "market.compute_price.decline", .annualRate, .belowOne, \.market.computePrice.decline)
        add("market.compute_price.demand_elasticity", "market.compute_price.demand_elasticity", .ratio, .real, \.market.computePrice.demandElasticity)

        for (i, accelerator) in accelerators.enumerated() {
            let p = "accelerators.\(accelerator.id)", f = "accelerators[\(i)]"
            let a: WritableKeyPath<Scenario, Accelerator> = \.accelerators[i]
            add("\(p).inference_efficiency", "\(f).inference_efficiency", .ratio, .nonNegative, a.appending(path: \.inferenceEfficiency))
            add("\(p).capex_per_mw", "\(f).capex_per_mw", .money, .nonNegative, a.appending(path: \.capexPerMW))
            add("\(p).life_months", "\(f).life_months", .months, .positive, a.appending(path: \.lifeMonths))
        }

        for (i, buyer) in buyers.enumerated() {
            let p = "buyers.\(buyer.id)", f = "buyers[\(i)]"
            let b: WritableKeyPath<Scenario, Buyer> = \.buyers[i]
            func buyerSlot(_ name: String, _ kind: QuantityKind, _ domain: ValueDomain, _ keyPath: WritableKeyPath<Buyer, Distribution>) {
                add("\(p).\(name)", "\(f).\(name)", kind, domain, b.appending(path: keyPath))
            }
            buyerSlot("cash0", .money, .nonNegative, \.cash0)
            buyerSlot("revenue0", .monthlyMoney, .nonNegative, \.revenue0)
            buyerSlot("growth.initial", .annualRate, .rate, \.growth.initial)
            if buyer.growth.longRun != nil {
                buyerSlot("growth.long_run", .annualRate, .rate, \.growth.longRun!)
            }
            buyerSlot("growth.half_life_months", .months, .positive, \.growth.halfLifeMonths)
            buyerSlot("growth.demand_beta", .ratio, .real, \.growth.demandBeta)
            buyerSlot("revenue_per_mw.initial", .monthlyMoney, .positive, \.revenuePerMW.initial)
            buyerSlot("revenue_per_mw.trend", .annualRate, .rate, \.revenuePerMW.trend)
            for (j, entry) in buyer.trainingPlan.entries.enumerated() {
                let key = buyer.trainingPlan.key(of: entry.month)
                buyerSlot("training_mw.\(key)", .capacity, .nonNegative, \.trainingPlan.entries[j].value)
            }
            buyerSlot("austerity.runway_months", .months, .nonNegative, \.austerity.runwayMonths)
            buyerSlot("austerity.training_cut", .fraction, .unitInterval, \.austerity.trainingCut)
            buyerSlot("opex.fixed", .monthlyMoney, .nonNegative, \.opex.fixed)
            buyerSlot("opex.growth", .annualRate, .rate, \.opex.growth)
            buyerSlot("opex.revenue_share", .fraction, .unitInterval, \.opex.revenueShare)
            for j in buyer.funding.scheduled.indices {
                buyerSlot("funding.scheduled[\(j)].amount", .money, .nonNegative, \.funding.scheduled[j].amount)
                buyerSlot("funding.scheduled[\(j)].probability", .fraction, .unitInterval, \.funding.scheduled[j].probability)
            }
            if buyer.funding.raiseBelowRunwayMonths != nil {
                buyerSlot("funding.raise_below_runway_months", .months, .nonNegative, \.funding.raiseBelowRunwayMonths!)
            }
            buyerSlot("funding.round_size", .money, .nonNegative, \.funding.roundSize)
            buyerSlot("funding.cooldown_months", .months, .nonNegative, \.funding.cooldownMonths)
            buyerSlot("funding.growth_sensitivity", .ratio, .real, \.funding.growthSensitivity)
            buyerSlot("spot.max_mw", .capacity, .nonNegative, \.spot.maxMW)
            buyerSlot("spot.markup", .ratio, .positive, \.spot.markup)
            buyerSlot("spot.min_runway_months", .months, .nonNegative, \.spot.minRunwayMonths)
            buyerSlot("discount_rate", .annualRate, .rate, \.discountRate)
            buyerSlot("terminal_multiple", .ratio, .nonNegative, \.terminalMultiple)
            if buyer.funding.roundRevenueMultiple != nil {
                buyerSlot("funding.round_revenue_multiple", .ratio, .nonNegative, \.funding.roundRevenueMultiple!)
            }
            if let plan = buyer.funding.plan {
                for (j, entry) in plan.entries.enumerated() {
                    buyerSlot("funding.plan.\(plan.key(of: entry.month))", .money, .nonNegative, \.funding.plan!.entries[j].value)
                }
            }
            buyerSlot("funding.plan_sensitivity", .ratio, .real, \.funding.planSensitivity)
            if buyer.funding.ipo != nil {
                buyerSlot("funding.ipo.probability_per_year", .fraction, .unitInterval, \.funding.ipo!.probabilityPerYear)
                buyerSlot("funding.ipo.size", .money, .nonNegative, \.funding.ipo!.size)
            }
            if buyer.established != nil {
                buyerSlot("established.revenue0", .monthlyMoney, .nonNegative, \.established!.revenue0)
                buyerSlot("established.growth", .annualRate, .rate, \.established!.growth)
                buyerSlot("established.demand_beta", .ratio, .real, \.established!.demandBeta)
                buyerSlot("established.cash_margin", .fraction, .unitInterval, \.established!.cashMargin)
            }
            buyerSlot("workout.min_cash", .money, .nonNegative, \.workout.minCash)
            if let facility = buyer.workout.facility {
                buyerSlot("workout.facility.revenue_multiple", .ratio, .nonNegative, \.workout.facility!.revenueMultiple)
                if facility.max != nil {
                    buyerSlot("workout.facility.max", .money, .nonNegative, \.workout.facility!.max!)
                }
                buyerSlot("workout.facility.interest_rate", .annualRate, .rate, \.workout.facility!.interestRate)
            }
            if buyer.workout.deferral != nil {
                buyerSlot("workout.deferral.share", .fraction, .unitInterval, \.workout.deferral!.share)
                buyerSlot("workout.deferral.months", .months, .nonNegative, \.workout.deferral!.months)
                buyerSlot("workout.deferral.interest_rate", .annualRate, .rate, \.workout.deferral!.interestRate)
                buyerSlot("workout.deferral.provider_default_belief", .fraction, .unitInterval, \.workout.deferral!.providerDefaultBelief)
                buyerSlot("workout.deferral.cap_months", .months, .nonNegative, \.workout.deferral!.capMonths)
            }
            if buyer.workout.sublet != nil {
                buyerSlot("workout.sublet.discount", .ratio, .nonNegative, \.workout.sublet!.discount)
            }
        }

        for (i, provider) in providers.enumerated() {
            guard let financials = provider.financials else { continue }
            let p = "providers.\(provider.id)", f = "providers[\(i)]"
            let fin: WritableKeyPath<Scenario, ProviderFinancials> = \.providers[i].financials!
            func providerSlot(_ name: String, _ kind: QuantityKind, _ domain: ValueDomain, _ keyPath: WritableKeyPath<ProviderFinancials, Distribution>) {
                add("\(p).\(name)", "\(f).\(name)", kind, domain, fin.appending(path: keyPath))
            }
            providerSlot("cash0", .money, .real, \.cash0)
            providerSlot("debt0", .money, .nonNegative, \.debt0)
            providerSlot("base_ebitda", .monthlyMoney, .real, \.baseEBITDA)
            providerSlot("base_growth", .annualRate, .rate, \.baseGrowth)
            providerSlot("interest_rate", .annualRate, .rate, \.interestRate)
            if financials.leverageCovenant != nil {
                providerSlot("leverage_covenant", .ratio, .positive, \.leverageCovenant!)
            }
            providerSlot("wacc", .annualRate, .rate, \.wacc)
            providerSlot("facility_capex_per_mw", .money, .nonNegative, \.facilityCapexPerMW)
            providerSlot("build_months", .months, .nonNegative, \.buildMonths)
            providerSlot("debt_fraction", .fraction, .unitInterval, \.debtFraction)
            if financials.amortizationYears != nil {
                providerSlot("amortization_years", .number, .positive, \.amortizationYears!)
            }
            providerSlot("opex_per_mw_month", .monthlyMoney, .nonNegative, \.opexPerMWMonth)
            providerSlot("facility_life_months", .months, .positive, \.facilityLifeMonths)
            providerSlot("release.hazard", .fraction, .unitInterval, \.release.hazard)
            providerSlot("release.discount", .ratio, .nonNegative, \.release.discount)
            if financials.leases != nil {
                providerSlot("leases.share", .fraction, .unitInterval, \.leases!.share)
                providerSlot("leases.rent_per_mw_month", .monthlyMoney, .nonNegative, \.leases!.rentPerMWMonth)
                providerSlot("leases.term_months", .months, .positive, \.leases!.termMonths)
                providerSlot("leases.discount_rate", .annualRate, .rate, \.leases!.discountRate)
                providerSlot("leases.liability0", .money, .nonNegative, \.leases!.liability0)
                providerSlot("leases.rent0", .monthlyMoney, .nonNegative, \.leases!.rent0)
            }
            if financials.financing != nil {
                providerSlot("financing.equity_share", .fraction, .unitInterval, \.financing!.equityShare)
                providerSlot("financing.min_cash", .money, .real, \.financing!.minCash)
            }
            if financials.sweep != nil {
                providerSlot("sweep.share", .fraction, .unitInterval, \.sweep!.share)
                providerSlot("sweep.min_cash", .money, .real, \.sweep!.minCash)
            }
            if financials.otherCustomers != nil {
                providerSlot("other_customers.revenue0", .monthlyMoney, .nonNegative, \.otherCustomers!.revenue0)
                providerSlot("other_customers.growth", .annualRate, .rate, \.otherCustomers!.growth)
                providerSlot("other_customers.demand_beta", .ratio, .real, \.otherCustomers!.demandBeta)
                providerSlot("other_customers.margin", .fraction, .unitInterval, \.otherCustomers!.margin)
                providerSlot("other_customers.capex_share", .ratio, .nonNegative, \.otherCustomers!.capexShare)
            }
            if financials.rating != nil {
                providerSlot("rating.threshold", .ratio, .positive, \.rating!.threshold)
                providerSlot("rating.downgrade_threshold", .ratio, .positive, \.rating!.downgradeThreshold)
            }
        }

        for (i, contract) in contracts.enumerated() {
            let p = "contracts.\(contract.id)", f = "contracts[\(i)]"
            let c: WritableKeyPath<Scenario, Contract> = \.contracts[i]
            func contractSlot(_ name: String, _ kind: QuantityKind, _ domain: ValueDomain, _ keyPath: WritableKeyPath<Contract, Distribution>) {
                add("\(p).\(name)", "\(f).\(name)", kind, domain, c.appending(path: keyPath))
            }
            for (j, tranche) in contract.tranches.enumerated() {
                contractSlot("tranches[\(j)].mw", .capacity, .nonNegative, \.tranches[j].mw)
                if tranche.option != nil {
                    contractSlot("tranches[\(j)].option.decision_lead_months", .months, .nonNegative, \.tranches[j].option!.decisionLeadMonths)
                    contractSlot("tranches[\(j)].option.demand_margin", .ratio, .rate, \.tranches[j].option!.demandMargin)
                    contractSlot("tranches[\(j)].option.min_runway_months", .months, .nonNegative, \.tranches[j].option!.minRunwayMonths)
                    contractSlot("tranches[\(j)].option.fee", .money, .nonNegative, \.tranches[j].option!.fee)
                }
            }
            switch contract.price {
            case .perMWMonth: contractSlot("price_per_mw_month", .monthlyMoney, .nonNegative, \.price.perMWMonthValue)
            case .totalValue: contractSlot("total_value", .money, .nonNegative, \.price.totalValueValue)
            case .perMW: contractSlot("chip_price_per_mw", .money, .nonNegative, \.price.perMWValue)
            }
            if contract.hardware != nil {
                contractSlot("hardware.hosting_price_per_mw_month", .monthlyMoney, .nonNegative, \.hardwareTerms.hostingPricePerMWMonth)
                contractSlot("hardware.financing_months", .months, .nonNegative, \.hardwareTerms.financingMonths)
                contractSlot("hardware.financing_rate", .annualRate, .rate, \.hardwareTerms.financingRate)
                contractSlot("hardware.collateral_haircut", .fraction, .unitInterval, \.hardwareTerms.collateralHaircut)
            }
            if contract.vendorFinancing != nil {
                contractSlot("vendor_financing.per_mw", .money, .nonNegative, \.vendorFinancing!.perMW)
            }
            contractSlot("escalator", .annualRate, .rate, \.escalator)
            contractSlot("take_or_pay", .fraction, .unitInterval, \.takeOrPay)
            if contract.prepayment != nil {
                contractSlot("prepayment.amount", .money, .nonNegative, \.prepayment!.amount)
            }
            if contract.terminationFeeMonths != nil {
                contractSlot("termination_fee_months", .months, .nonNegative, \.terminationFeeMonths!)
            }
            contractSlot("recovery_rate", .fraction, .unitInterval, \.recoveryRate)
            contractSlot("recovery_lag_months", .months, .nonNegative, \.recoveryLagMonths)
            contractSlot("delivery_delay", .months, .nonNegative, \.deliveryDelay)
        }
        return slots
    }

    /// The parameter at `path` (id form `contracts.oracle-2027.take_or_pay` or file form `contracts[0].take_or_pay`).
    public func parameterSlot(at path: String) -> ParameterSlot? {
        parameterSlots.slot(at: path)
    }
}

extension ContractPrice {
    /// The amount, whichever way the price is given (for key paths).
    public var perMWMonthValue: Distribution {
        get { if case .perMWMonth(let d) = self { return d } else { return .constant(.nan) } }
        set { self = .perMWMonth(newValue) }
    }
    public var perMWValue: Distribution {
        get { if case .perMW(let d) = self { return d } else { return .constant(.nan) } }
        set { self = .perMW(newValue) }
    }
    public var totalValueValue: Distribution {
        get { if case .totalValue(let d) = self { return d } else { return .constant(.nan) } }
        set { self = .totalValue(newValue) }
    }
}

extension Contract {
    /// The hardware terms (for key paths; only used when `kind` is hardware).
    public var hardwareTerms: HardwareTerms {
        get { hardware ?? HardwareTerms(host: "", hostingPricePerMWMonth: .constant(.nan)) }
        set { kind = .hardware(newValue) }
    }
}

extension Schedule {
    /// How an entry's month is written as a key: `2027` for yearly schedules, `2027-06` otherwise.
    public func key(of month: Month) -> String {
        byYear ? "\(month.year)" : month.description
    }
}

extension Array where Element == ParameterSlot {
    /// The parameter at `path`, in id form or file form.
    public func slot(at path: String) -> ParameterSlot? {
        first { $0.path == path || $0.filePath == path }
    }
}
