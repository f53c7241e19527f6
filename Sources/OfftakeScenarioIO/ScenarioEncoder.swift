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

    /// `value`'s fields in its table's order: the numbers from the table, the other fields from `other`
    /// (a field that is not there, or nil there, is left out).
    static func fields<T>(_ value: T, _ table: FieldTable<T>, _ other: [String: Node?] = [:]) -> Node {
        map(table.fields.compactMap { field -> (String, Node?)? in
            guard field.isPresent?(value) ?? true else { return nil }
            switch field.access {
            case .number(let keyPath): return (field.key, d(value[keyPath: keyPath]))
            case .optionalNumber(let keyPath, _): return (field.key, value[keyPath: keyPath].map(d))
            case .nested, .other: return other[field.key].map { (field.key, $0) }
            }
        })
    }

    static func node(_ s: Scenario) -> Node {
        fields(s, Scenario.fields, [
            "name": plain(s.name),
            "title": s.title.map(text),
            "horizon": map([("start", month(s.horizon.start)), ("end", month(s.horizon.end))]),
            "run": map([("paths", Node("\(s.run.paths)")), ("seed", Node("\(s.run.seed)"))]),
            "market": market(s.market),
            "accelerators": Node(s.accelerators.map(accelerator)),
            "buyers": Node(s.buyers.map(buyer)),
            "providers": Node(s.providers.map(provider)),
            "contracts": Node(s.contracts.map(contract)),
            "correlations": s.correlations.isEmpty ? nil : map([
                ("parameters", Node(s.correlations.parameters.map(plain))),
                ("matrix", Node(s.correlations.matrix.map { Node($0.map(n), .implicit, .flow) })),
            ]),
            "stresses": s.stresses.isEmpty ? nil : map(s.stresses.map { stress in
                (stress.name, map([
                    ("force_regime", stress.forceRegime.map { f in
                        map([("regime", plain(f.regime)), ("from", month(f.from)), ("to", month(f.to))])
                    }),
                    ("set", stress.overrides.isEmpty ? nil : map(stress.overrides.map { ($0.path, text($0.value)) })),
                ]))
            }),
            "decisions": s.decisions.isEmpty ? nil : Node(s.decisions.map { dec in
                map([("path", plain(dec.path)), ("min", n(dec.min)), ("max", n(dec.max)), ("step", dec.step.map(n))])
            }),
            "objective": s.objective.map { map([($0.direction.rawValue, plain($0.metric))]) },
            "constraints": s.constraints.isEmpty ? nil : Node(s.constraints.map { text($0.text) }),
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
        for regime in r.regimes { pairs.append((regime.name, fields(regime, Regime.fields))) }
        return fields(m, Market.fields, [
            "regimes": map(pairs), "compute_price": fields(m.computePrice, ComputePrice.fields),
            "supply": m.supply.map { supply in
                fields(supply, Supply.fields, ["generations": Node(supply.generations.map { g in
                    fields(g, Generation.fields, ["id": plain(g.id), "additions": g.additions.entries.isEmpty ? nil : schedule(g.additions),
                                                  "response": g.response.map { fields($0, SupplyResponse.fields) }])
                })])
            },
        ])
    }

    static func accelerator(_ a: Accelerator) -> Node {
        fields(a, Accelerator.fields, ["id": plain(a.id), "workloads": Node(a.workloads.map { plain($0.rawValue) }, .implicit, .flow),
                                       "generation": a.generation.map(plain)])
    }

    static func buyer(_ b: Buyer) -> Node {
        let f = b.funding
        return fields(b, Buyer.fields, [
            "id": plain(b.id),
            "growth": fields(b.growth, RevenueGrowth.fields),
            "revenue_per_mw": fields(b.revenuePerMW, RevenuePerMW.fields),
            "training_mw": schedule(b.trainingPlan),
            "training_share": b.trainingShare.entries.isEmpty ? nil : schedule(b.trainingShare),
            "austerity": fields(b.austerity, Austerity.fields),
            "opex": fields(b.opex, OperatingCosts.fields),
            "funding": fields(f, Funding.fields, [
                "scheduled": Node(f.scheduled.map { fields($0, Funding.Round.fields, ["month": month($0.month), "provider": $0.provider.map(plain)]) }),
                "plan": f.plan.map(schedule),
                "ipo": f.ipo.map { fields($0, IPO.fields, ["from": month($0.from), "to": month($0.to)]) },
                "valuation": f.valuation.map {
                    fields($0, Valuation.fields, [
                        "multiples": Node($0.multiples.map { fields($0, Valuation.Point.fields) }),
                        "last_round": $0.lastRound.map { fields($0, LastRound.fields, ["month": month($0.month)]) },
                    ])
                },
                "backers": f.backers.isEmpty ? nil : Node(f.backers.map {
                    fields($0, Backer.fields, ["id": plain($0.id), "condition": plain($0.condition.rawValue), "provider": $0.provider.map(plain)])
                }),
            ]),
            "spot": fields(b.spot, SpotPolicy.fields),
            "established": b.established.map { fields($0, EstablishedBusiness.fields) },
            "workout": fields(b.workout, Workout.fields, [
                "facility": b.workout.facility.map { fields($0, CreditFacility.fields) },
                "cancel_undelivered": bool(b.workout.cancelUndelivered),
                "deferral": b.workout.deferral.map { fields($0, Deferral.fields) },
                "sublet": b.workout.sublet.map { fields($0, Sublet.fields) },
                "restructuring": b.workout.restructuring.map { fields($0, Restructuring.fields) },
            ]),
        ])
    }

    static func provider(_ p: Provider) -> Node {
        guard let f = p.financials else { return map([("id", plain(p.id))]) }
        return map([("id", plain(p.id))] + pairs(fields(f, ProviderFinancials.fields, [
            "release": fields(f.release, Release.fields),
            "leases": f.leases.map { fields($0, Leases.fields) },
            "financing": f.financing.map { fields($0, FinancingMix.fields) },
            "sweep": f.sweep.map { fields($0, DebtSweep.fields) },
            "other_customers": f.otherCustomers.map { fields($0, OtherCustomers.fields) },
            "rating": f.rating.map { fields($0, RatingPolicy.fields, ["rated": $0.rated ? nil : bool(false), "fiscal_year_end": int($0.fiscalYearEnd), "consecutive_years": int($0.consecutiveYears),
                                                                   "grace_until": $0.graceUntil.map(month), "downgrade_years": int($0.downgradeYears)]) },
            "credit": f.credit.map { fields($0, CreditAccess.fields, ["closed_in": $0.closedIn.isEmpty ? nil : Node($0.closedIn.map(plain), .implicit, .flow)]) },
        ])))
    }

    /// The entries of a mapping node.
    static func pairs(_ node: Node) -> [(String, Node?)] {
        node.mapping.map { $0.map { ($0.key.string ?? "", $0.value) } } ?? []
    }

    static func contract(_ c: Contract) -> Node {
        var term: [String: Node?] = [:]
        switch c.term {
        case .end(let m): term["end"] = month(m)
        case .months(let count): term["term_months"] = Node("\(count)")
        }
        return fields(c, Contract.fields, term.merging([
            "id": plain(c.id), "buyer": plain(c.buyer), "provider": plain(c.provider), "accelerator": plain(c.accelerator),
            "kind": plain(c.hardware == nil ? "capacity" : "hardware"),
            "tranches": Node(c.tranches.map { t in
                fields(t, Tranche.fields, ["start": month(t.start), "option": t.option.map { fields($0, TrancheOption.fields) }])
            }),
            "prepayment": c.prepayment.map { fields($0, Prepayment.fields, ["month": month($0.month)]) },
            "hardware": c.hardware.map { fields($0, HardwareTerms.fields, ["host": plain($0.host)]) },
            "vendor_financing": c.vendorFinancing.map { fields($0, VendorFinancing.fields) },
            "delivery": c.delivery.map { fields($0, DeliveryTerms.fields) },
            "renewal": c.renewal.map { fields($0, Renewal.fields) },
        ]) { a, _ in a })
    }
}
