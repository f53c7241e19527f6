/// What a metric measures, which decides how it is summarised and shown.
public enum MetricKind: String, Sendable, Codable, Hashable {
    /// US dollars (or MW-months for capacity totals).
    case amount
    /// A 0/1 event per path; its mean is a probability and carries a 95 % interval.
    case probability
    /// A dimensionless share or multiple.
    case ratio
    /// A count of months or MW-months.
    case count
}

/// A metric's id (model.md's stable ids) and kind.
public struct MetricDefinition: Sendable, Hashable {
    public var id: String
    public var kind: MetricKind
}

/// Receives a path's metrics in one fixed order. The same traversal (`PathMetrics.visit`) produces the
/// definitions once per run (`DefinitionCollector`) and the values once per path (`ValueWriter`), so
/// ids and values cannot drift apart. Ids and values are autoclosures: the value writer never builds a
/// string and the definition collector never computes a value.
protocol MetricSink {
    mutating func metric(_ id: @autoclosure () -> String, _ kind: MetricKind, _ value: @autoclosure () -> Double)
    mutating func series(_ id: @autoclosure () -> String, _ value: (Int) -> Double)
    mutating func yearly(_ id: @autoclosure () -> String, _ value: (Range<Int>) -> Double)
}

/// The traversal that defines every per-path metric, monthly series and yearly aggregate of model.md.
///
/// Definitions where model.md leaves room (docs/model.md repeats them):
/// - `cash_min` includes the starting cash; `funding_gap` = max(0, −cash_min) of the provider.
/// - `revenue_lost` = Σ (revenue potential − realised revenue) while the buyer is alive.
/// - `cash_flow_positive_by.Y`: the buyer is alive through year Y and its operating cash flow over Y is > 0.
/// - `supplier_share.p` = contract payments to provider p ÷ all contract payments (spot excluded);
///   `supplier_hhi` = Σ shares² over providers.
/// - `contract.c.paid_fraction` = paid (incl. recoveries) ÷ the contract value as delivered;
///   `paid_in_full` when that fraction is ≥ 1 − 10⁻⁹.
/// - `contract.c.coverage` = MW-months of demand served on the contract (training + efficiency-weighted
///   inference) ÷ the buyer's MW-months of demand (training after austerity + inference) while alive.
/// - `contract.c.effective_savings_rate` = 1 − Σ charges ÷ Σ (P_t × spot markup × MW used).
/// - `provider.p.customer_share.b` = receipts + recoveries from b's contracts ÷ the provider's AI revenue
///   (all contract receipts + recoveries + re-lease income) over the horizon.
/// - Ratios that are undefined on a path (nothing delivered, nothing paid) are left out for that path.
enum PathMetrics {
    static func visit<S: MetricSink>(_ sim: PathSimulator, _ sink: inout S) {
        let model = sim.model
        let ledger = sim.ledger
        let summary = sim.summary
        let T = model.months
        let years = model.years
        func yearRange(_ y: Int) -> Range<Int> { model.yearRanges[y] }

        // Ids are built inside the autoclosures only: the value pass never touches the shared scenario.
        func buyerID(_ b: Int) -> String { model.scenario.buyers[b].id }
        func contractID(_ c: Int) -> String { model.scenario.contracts[c].id }
        func providerID(_ p: Int) -> String { model.scenario.providers[p].id }

        for b in model.buyers.indices {
            let defaultMonth = summary.defaultMonth[b]
            let aliveUntil = defaultMonth.map { $0 + 1 } ?? T
            sink.metric("buyer.\(buyerID(b)).default", .probability, defaultMonth == nil ? 0 : 1)
            for (y, year) in years.enumerated() {
                sink.metric("buyer.\(buyerID(b)).default_by.\(year)", .probability, defaultMonth.map { $0 < yearRange(y).upperBound ? 1 : 0 } ?? 0)
            }
            sink.metric("buyer.\(buyerID(b)).cash_min", .amount, min(summary.buyerCash0[b], ledger.buyerCash.row(b).min() ?? summary.buyerCash0[b]))
            sink.metric("buyer.\(buyerID(b)).funding_raised", .amount, ledger.buyerFunding.sum(b, 0..<T))
            sink.metric("buyer.\(buyerID(b)).revenue_total", .amount, ledger.buyerRevenue.sum(b, 0..<T))
            sink.metric("buyer.\(buyerID(b)).revenue_lost", .amount,
                        ledger.buyerRevenuePotential.sum(b, 0..<aliveUntil) - ledger.buyerRevenue.sum(b, 0..<aliveUntil))
            sink.metric("buyer.\(buyerID(b)).compute_spend", .amount,
                        ledger.buyerContractPayments.sum(b, 0..<T) + ledger.buyerSpotCost.sum(b, 0..<T))
            sink.metric("buyer.\(buyerID(b)).unused_commitment", .amount, ledger.buyerUnusedCommitment.sum(b, 0..<T))
            for (y, year) in years.enumerated() {
                let range = yearRange(y)
                let positive = aliveUntil >= range.upperBound && ledger.buyerOperatingCashFlow.sum(b, range) > 0
                sink.metric("buyer.\(buyerID(b)).cash_flow_positive_by.\(year)", .probability, positive ? 1 : 0)
            }
            sink.metric("buyer.\(buyerID(b)).npv", .amount, summary.buyerNPV[b])
            let contracts = model.buyers[b].contracts
            var total = 0.0
            for c in contracts { total += ledger.contractCash.sum(c, 0..<T) }
            var hhi = 0.0
            for p in model.buyerSuppliers[b] {
                var paid = 0.0
                for c in contracts where model.contracts[c].provider == p { paid += ledger.contractCash.sum(c, 0..<T) }
                let share = total > 0 ? paid / total : .nan
                hhi += share * share
                sink.metric("buyer.\(buyerID(b)).supplier_share.\(providerID(p))", .ratio, share)
            }
            sink.metric("buyer.\(buyerID(b)).supplier_hhi", .ratio, contracts.isEmpty ? .nan : hhi)
        }

        for c in model.contracts.indices {
            let b = model.contracts[c].buyer
            let value = summary.contractValue[c]
            let paid = summary.contractPaid[c]
            let fraction = value > 0 ? paid / value : .nan
            sink.metric("contract.\(contractID(c)).value", .amount, value)
            sink.metric("contract.\(contractID(c)).paid", .amount, paid)
            sink.metric("contract.\(contractID(c)).paid_fraction", .ratio, fraction)
            sink.metric("contract.\(contractID(c)).paid_in_full", .probability, value > 0 ? (paid >= value * (1 - 1e-9) ? 1 : 0) : .nan)
            var served = 0.0, used = 0.0, delivered = 0.0, charges = 0.0, spotValue = 0.0
            let demand = summary.buyerDemandMWMonths[b]
            let markup = sim.values[model.buyers[b].spotMarkup]
            for t in 0..<T {
                served += ledger.contractTrainingMW[c, t] + ledger.contractInferenceServed[c, t]
                used += ledger.contractUsedMW[c, t]
                delivered += ledger.contractDeliveredMW[c, t]
                charges += ledger.contractCharge[c, t]
                spotValue += sim.market.price[t] * markup * ledger.contractUsedMW[c, t]
            }
            sink.metric("contract.\(contractID(c)).coverage", .ratio, demand > 0 ? served / demand : .nan)
            sink.metric("contract.\(contractID(c)).utilization", .ratio, delivered > 0 ? used / delivered : .nan)
            sink.metric("contract.\(contractID(c)).effective_savings_rate", .ratio, spotValue > 0 ? 1 - charges / spotValue : .nan)
        }

        for p in model.providers.indices {
            let layout = model.providers[p]
            if layout.financials != nil {
                sink.metric("provider.\(providerID(p)).npv", .amount, summary.providerNPV[p])
                let leverage = ledger.providerLeverage.row(p).max() ?? .nan
                sink.metric("provider.\(providerID(p)).leverage_max", .ratio, leverage)
                if model.providerHasCovenant(p) {
                    sink.metric("provider.\(providerID(p)).covenant_breach", .probability, leverage > (summary.covenant[p] ?? .infinity) ? 1 : 0)
                }
                sink.metric("provider.\(providerID(p)).stranded_mw_months", .count, ledger.providerStrandedMW.sum(p, 0..<T))
                let cashMin = min(summary.providerCash0[p], ledger.providerCash.row(p).min() ?? summary.providerCash0[p])
                sink.metric("provider.\(providerID(p)).cash_min", .amount, cashMin)
                sink.metric("provider.\(providerID(p)).funding_gap", .amount, max(0, -cashMin))
            }
            let aiRevenue = ledger.providerReceipts.sum(p, 0..<T) + ledger.providerRecoveries.sum(p, 0..<T)
                + ledger.providerReleaseIncome.sum(p, 0..<T)
            for b in model.providerCustomers[p] {
                var fromBuyer = 0.0
                for c in layout.contracts where model.contracts[c].buyer == b {
                    fromBuyer += ledger.contractCash.sum(c, 0..<T) + ledger.contractRecovery.sum(c, 0..<T)
                }
                sink.metric("provider.\(providerID(p)).customer_share.\(buyerID(b))", .ratio, aiRevenue > 0 ? fromBuyer / aiRevenue : .nan)
            }
        }

        // Monthly series.
        for b in model.buyers.indices {
            sink.series("buyer.\(buyerID(b)).cash") { ledger.buyerCash[b, $0] }
            sink.series("buyer.\(buyerID(b)).revenue") { ledger.buyerRevenue[b, $0] }
            sink.series("buyer.\(buyerID(b)).compute_spend") { ledger.buyerContractPayments[b, $0] + ledger.buyerSpotCost[b, $0] }
        }
        for p in model.providers.indices {
            if model.providers[p].financials != nil {
                sink.series("provider.\(providerID(p)).leverage") { ledger.providerLeverage[p, $0] }
            }
            sink.series("provider.\(providerID(p)).utilization") { t in
                let online = ledger.providerMWOnline[p, t]
                return online > 0 ? ledger.providerMWUsed[p, t] / online : .nan
            }
        }
        sink.series("market.demand") { sim.market.demand[$0] }
        sink.series("market.price") { sim.market.price[$0] }

        // Yearly aggregates.
        for b in model.buyers.indices {
            sink.yearly("buyer.\(buyerID(b)).revenue") { ledger.buyerRevenue.sum(b, $0) }
            sink.yearly("buyer.\(buyerID(b)).net_cash_flow") { ledger.buyerOperatingCashFlow.sum(b, $0) }
            sink.yearly("buyer.\(buyerID(b)).compute_spend") { ledger.buyerContractPayments.sum(b, $0) + ledger.buyerSpotCost.sum(b, $0) }
            sink.yearly("buyer.\(buyerID(b)).funding") { ledger.buyerFunding.sum(b, $0) }
        }
        for p in model.providers.indices {
            if model.providers[p].financials != nil {
                sink.yearly("provider.\(providerID(p)).capex") { ledger.providerCapex.sum(p, $0) }
            }
            sink.yearly("provider.\(providerID(p)).ai_revenue") {
                ledger.providerReceipts.sum(p, $0) + ledger.providerRecoveries.sum(p, $0) + ledger.providerReleaseIncome.sum(p, $0)
            }
        }
    }
}

/// Collects the ids and kinds of a run's metrics, series and yearly aggregates.
struct DefinitionCollector: MetricSink {
    var metrics: [MetricDefinition] = []
    var series: [String] = []
    var yearly: [String] = []
    mutating func metric(_ id: @autoclosure () -> String, _ kind: MetricKind, _ value: @autoclosure () -> Double) {
        metrics.append(MetricDefinition(id: id(), kind: kind))
    }
    mutating func series(_ id: @autoclosure () -> String, _ value: (Int) -> Double) { series.append(id()) }
    mutating func yearly(_ id: @autoclosure () -> String, _ value: (Range<Int>) -> Double) { yearly.append(id()) }
}
