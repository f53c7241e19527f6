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
            ("training_mw", map(b.trainingPlan.entries.map { (b.trainingPlan.key(of: $0.month), d($0.value)) })),
            ("austerity", map([("runway_months", d(b.austerity.runwayMonths)), ("training_cut", d(b.austerity.trainingCut))])),
            ("opex", map([("fixed", d(b.opex.fixed)), ("growth", d(b.opex.growth)), ("revenue_share", d(b.opex.revenueShare))])),
            ("funding", map([
                ("scheduled", Node(f.scheduled.map { map([("month", month($0.month)), ("amount", d($0.amount)), ("probability", d($0.probability))]) })),
                ("raise_below_runway_months", f.raiseBelowRunwayMonths.map(d)),
                ("round_size", d(f.roundSize)), ("cooldown_months", d(f.cooldownMonths)), ("growth_sensitivity", d(f.growthSensitivity)),
            ])),
            ("spot", map([("max_mw", d(b.spot.maxMW)), ("markup", d(b.spot.markup)), ("min_runway_months", d(b.spot.minRunwayMonths))])),
            ("discount_rate", d(b.discountRate)), ("terminal_multiple", d(b.terminalMultiple)),
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
        ])
    }

    static func contract(_ c: Contract) -> Node {
        var pairs: [(String, Node?)] = [
            ("id", plain(c.id)), ("buyer", plain(c.buyer)), ("provider", plain(c.provider)), ("accelerator", plain(c.accelerator)),
            ("tranches", Node(c.tranches.map { map([("start", month($0.start)), ("mw", d($0.mw))]) })),
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
        ]
        return map(pairs)
    }
}
