import OfftakeModel
import OfftakeRandom
import Yams

/// Writes a ``Scenario`` as a scenario file (YAML, every value in base units, every field explicit),
/// such that reading it back gives an equal scenario.
public enum ScenarioEncoder {
    /// The scenario as YAML text.
    public static func yaml(_ scenario: Scenario) throws -> String {
        try Yams.serialize(node: node(scenario), width: -1, sortKeys: false)
    }

    static func map(_ pairs: [(String, Node?)]) -> Node {
        Node(pairs.compactMap { key, value in value.map { (Node(key), $0) } })
    }

    static func text(_ s: String) -> Node { Node(s, .implicit, .doubleQuoted) }
    static func plain(_ s: String) -> Node { Node(s) }
    static func d(_ distribution: Distribution) -> Node { Node(distribution.expression) }
    static func n(_ x: Double) -> Node { Node(Distribution.format(x)) }
    static func month(_ m: Month) -> Node { Node(m.description) }
    static func int(_ i: Int) -> Node { Node("\(i)") }
    static func bool(_ b: Bool) -> Node { Node(b ? "true" : "false") }
    static func schedule(_ s: Schedule) -> Node { map(s.entries.map { (s.key(of: $0.month), d($0.value)) }) }

    static func node(_ s: Scenario) -> Node {
        map([
            ("name", plain(s.name)),
            ("title", s.title.map(text)),
            ("horizon", map([("start", month(s.horizon.start)), ("end", month(s.horizon.end))])),
            ("run", map([("paths", Node("\(s.run.paths)")), ("seed", Node("\(s.run.seed)"))])),
            ("market", market(s.market)),
            ("accelerators", Node(s.accelerators.map(accelerator))),
            ("buyers", Node(s.buyers.map(buyer))),
            ("providers", Node(s.providers.map(provider))),
            ("contracts", Node(s.contracts.map(contract))),
            ("correlations", s.correlations.isEmpty ? nil : map([
                ("parameters", Node(s.correlations.parameters.map(plain))),
                ("matrix", Node(s.correlations.matrix.map { Node($0.map(n), .implicit, .flow) })),
            ])),
            ("stresses", s.stresses.isEmpty ? nil : map(s.stresses.map { stress in
                (stress.name, map([
                    ("force_regime", stress.forceRegime.map { f in
                        map([("regime", plain(f.regime)), ("from", month(f.from)), ("to", month(f.to))])
                    }),
                    ("set", stress.overrides.isEmpty ? nil : map(stress.overrides.map { ($0.path, text($0.value)) })),
                ]))
            })),
            ("decisions", s.decisions.isEmpty ? nil : Node(s.decisions.map { dec in
                map([("path", plain(dec.path)), ("min", n(dec.min)), ("max", n(dec.max)), ("step", dec.step.map(n))])
            })),
            ("objective", s.objective.map { map([($0.direction.rawValue, plain($0.metric))]) }),
            ("constraints", s.constraints.isEmpty ? nil : Node(s.constraints.map { text($0.text) })),
        ])
    }

    static func market(_ m: Market) -> Node {
        let r = m.regimes
        let names = r.regimes.map(\.name)
        var pairs: [(String, Node?)] = []
        switch r.initial {
        case .named(let name): pairs.append(("initial", plain(name)))
        case .probabilities(let initialNames, let weights): pairs.append(("initial", map(zip(initialNames, weights).map { ($0, n($1)) })))
        }
        pairs.append(("transitions", map(zip(names, r.transitions).map { name, row in (name, map(zip(names, row).map { ($0, n($1)) })) })))
        for regime in r.regimes {
            pairs.append((regime.name, map([
                ("demand_drift", d(regime.demandDrift)), ("demand_vol", d(regime.demandVol)),
                ("funding_success", d(regime.fundingSuccess)), ("spot_premium", d(regime.spotPremium)),
                ("spot_availability", d(regime.spotAvailability)), ("credit_spread", d(regime.creditSpread)),
            ])))
        }
        return map([
            ("regimes", map(pairs)),
            ("compute_price", map([("initial", d(m.computePrice.initial)), ("decline", d(m.computePrice.decline)),
                                   ("demand_elasticity", d(m.computePrice.demandElasticity))])),
        ])
    }

    static func accelerator(_ a: Accelerator) -> Node {
        map([("id", plain(a.id)), ("workloads", Node(a.workloads.map { plain($0.rawValue) }, .implicit, .flow)),
             ("inference_efficiency", d(a.inferenceEfficiency)), ("capex_per_mw", d(a.capexPerMW)), ("life_months", d(a.lifeMonths))])
    }

    static func buyer(_ b: Buyer) -> Node {
        let f = b.funding
        return map([
            ("id", plain(b.id)), ("cash0", d(b.cash0)), ("revenue0", d(b.revenue0)),
            ("growth", map([("initial", d(b.growth.initial)), ("long_run", b.growth.longRun.map(d)),
                            ("half_life_months", d(b.growth.halfLifeMonths)), ("demand_beta", d(b.growth.demandBeta))])),
            ("revenue_per_mw", map([("initial", d(b.revenuePerMW.initial)), ("trend", d(b.revenuePerMW.trend))])),
            ("training_mw", schedule(b.trainingPlan)),
            ("austerity", map([("runway_months", d(b.austerity.runwayMonths)), ("training_cut", d(b.austerity.trainingCut))])),
            ("opex", map([("fixed", d(b.opex.fixed)), ("growth", d(b.opex.growth)), ("revenue_share", d(b.opex.revenueShare))])),
            ("funding", map([
                ("scheduled", Node(f.scheduled.map { map([("month", month($0.month)), ("amount", d($0.amount)), ("probability", d($0.probability))]) })),
                ("raise_below_runway_months", f.raiseBelowRunwayMonths.map(d)),
                ("round_size", d(f.roundSize)), ("cooldown_months", d(f.cooldownMonths)), ("growth_sensitivity", d(f.growthSensitivity)),
                ("round_revenue_multiple", f.roundRevenueMultiple.map(d)), ("plan", f.plan.map(schedule)),
                ("plan_sensitivity", d(f.planSensitivity)),
                ("ipo", f.ipo.map { map([("from", month($0.from)), ("to", month($0.to)), ("probability_per_year", d($0.probabilityPerYear)),
                                         ("size", d($0.size))]) }),
            ])),
            ("spot", map([("max_mw", d(b.spot.maxMW)), ("markup", d(b.spot.markup)), ("min_runway_months", d(b.spot.minRunwayMonths))])),
            ("discount_rate", d(b.discountRate)), ("terminal_multiple", d(b.terminalMultiple)),
            ("established", b.established.map { map([("revenue0", d($0.revenue0)), ("growth", d($0.growth)), ("demand_beta", d($0.demandBeta)),
                                                     ("cash_margin", d($0.cashMargin))]) }),
            ("workout", workout(b.workout)),
        ])
    }

    static func workout(_ w: Workout) -> Node {
        map([
            ("min_cash", d(w.minCash)),
            ("facility", w.facility.map { map([("revenue_multiple", d($0.revenueMultiple)), ("max", $0.max.map(d)), ("interest_rate", d($0.interestRate))]) }),
            ("cancel_undelivered", bool(w.cancelUndelivered)),
            ("deferral", w.deferral.map { map([("share", d($0.share)), ("months", d($0.months)), ("interest_rate", d($0.interestRate)),
                                               ("provider_default_belief", d($0.providerDefaultBelief)), ("cap_months", d($0.capMonths))]) }),
            ("sublet", w.sublet.map { map([("discount", d($0.discount))]) }),
        ])
    }

    static func provider(_ p: Provider) -> Node {
        guard let f = p.financials else { return map([("id", plain(p.id))]) }
        return map([
            ("id", plain(p.id)), ("cash0", d(f.cash0)), ("debt0", d(f.debt0)), ("base_ebitda", d(f.baseEBITDA)),
            ("base_growth", d(f.baseGrowth)), ("interest_rate", d(f.interestRate)), ("leverage_covenant", f.leverageCovenant.map(d)),
            ("wacc", d(f.wacc)), ("facility_capex_per_mw", d(f.facilityCapexPerMW)), ("build_months", d(f.buildMonths)),
            ("debt_fraction", d(f.debtFraction)), ("amortization_years", f.amortizationYears.map(d)),
            ("opex_per_mw_month", d(f.opexPerMWMonth)), ("facility_life_months", d(f.facilityLifeMonths)),
            ("release", map([("hazard", d(f.release.hazard)), ("discount", d(f.release.discount))])),
            ("leases", f.leases.map { map([("share", d($0.share)), ("rent_per_mw_month", d($0.rentPerMWMonth)), ("term_months", d($0.termMonths)),
                                           ("discount_rate", d($0.discountRate)), ("liability0", d($0.liability0)), ("rent0", d($0.rent0))]) }),
            ("financing", f.financing.map { map([("equity_share", d($0.equityShare)), ("min_cash", d($0.minCash))]) }),
            ("sweep", f.sweep.map { map([("share", d($0.share)), ("min_cash", d($0.minCash))]) }),
            ("other_customers", f.otherCustomers.map { map([("revenue0", d($0.revenue0)), ("growth", d($0.growth)), ("demand_beta", d($0.demandBeta)),
                                                            ("margin", d($0.margin)), ("capex_share", d($0.capexShare))]) }),
            ("rating", f.rating.map { map([("fiscal_year_end", int($0.fiscalYearEnd)), ("threshold", d($0.threshold)),
                                           ("consecutive_years", int($0.consecutiveYears)), ("grace_until", $0.graceUntil.map(month)),
                                           ("downgrade_threshold", d($0.downgradeThreshold)), ("downgrade_years", int($0.downgradeYears))]) }),
        ])
    }

    static func contract(_ c: Contract) -> Node {
        var pairs: [(String, Node?)] = [
            ("id", plain(c.id)), ("buyer", plain(c.buyer)), ("provider", plain(c.provider)), ("accelerator", plain(c.accelerator)),
            ("kind", plain(c.hardware == nil ? "capacity" : "hardware")),
            ("tranches", Node(c.tranches.map { t in
                map([("start", month(t.start)), ("mw", d(t.mw)),
                     ("option", t.option.map { map([("decision_lead_months", d($0.decisionLeadMonths)), ("demand_margin", d($0.demandMargin)),
                                                    ("min_runway_months", d($0.minRunwayMonths)), ("fee", d($0.fee))]) })])
            })),
        ]
        switch c.term {
        case .end(let m): pairs.append(("end", month(m)))
        case .months(let count): pairs.append(("term_months", Node("\(count)")))
        }
        switch c.price {
        case .perMWMonth(let p): pairs.append(("price_per_mw_month", d(p)))
        case .totalValue(let t): pairs.append(("total_value", d(t)))
        case .perMW(let p): pairs.append(("chip_price_per_mw", d(p)))
        }
        pairs += [
            ("escalator", d(c.escalator)), ("take_or_pay", d(c.takeOrPay)),
            ("prepayment", c.prepayment.map { map([("amount", d($0.amount)), ("month", month($0.month))]) }),
            ("termination_fee_months", c.terminationFeeMonths.map(d)), ("recovery_rate", d(c.recoveryRate)),
            ("recovery_lag_months", d(c.recoveryLagMonths)), ("delivery_delay", d(c.deliveryDelay)),
            ("hardware", c.hardware.map { map([("host", plain($0.host)), ("hosting_price_per_mw_month", d($0.hostingPricePerMWMonth)),
                                               ("financing_months", d($0.financingMonths)), ("financing_rate", d($0.financingRate)),
                                               ("collateral_haircut", d($0.collateralHaircut))]) }),
            ("vendor_financing", c.vendorFinancing.map { map([("per_mw", d($0.perMW))]) }),
        ]
        return map(pairs)
    }
}
