/// The unit a metric, series or yearly aggregate is measured in, which decides how it is summarised and
/// shown. Written to `offtake.result/1` as its raw value.
public enum MetricKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// US dollars.
    case money
    /// A 0/1 event per path; its mean is a probability and carries a 95 % Wilson interval.
    case probability
    /// A fraction of a whole (paid ÷ value, used ÷ delivered), shown as a percentage.
    case share
    /// A dimensionless multiple such as debt ÷ EBITDA, shown as `4.2×`.
    case multiple
    /// A dimensionless index: the demand index (1 at the start), a Herfindahl–Hirschman index (0 … 1).
    case index
    /// Megawatts of capacity.
    case mw
    /// Megawatt-months: capacity × time (1 MW for one month).
    case mwMonths = "mw_months"
    /// US dollars per megawatt-month (a compute price).
    case moneyPerMWMonth = "usd_per_mw_month"
    /// A number of months.
    case months
    /// A plain count.
    case count

    /// Reads the kinds of `offtake.result/1` documents written before kinds had units: `amount` (dollars
    /// or MW-months) as money, `ratio` as a share.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        switch raw {
        case "amount": self = .money
        case "ratio": self = .share
        default:
            guard let kind = MetricKind(rawValue: raw) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "unknown metric kind `\(raw)`; expected one of \(MetricKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            self = kind
        }
    }
}

/// A metric's typed id, its wire id (docs/metrics.md's stable ids, rendered once when the catalogue is
/// made) and its kind.
public struct MetricDefinition: Sendable, Hashable {
    public var metric: MetricID
    /// `metric.id`.
    public var id: String
    public var kind: MetricKind
    /// For a ratio of sums: the metrics whose means give the pooled headline across paths,
    /// `numerator ÷ denominator` (or `1 − numerator ÷ denominator`).
    public var pooled: PooledRatio?
}

/// A ratio whose headline across paths is the ratio of the expected sums, not the mean of per-path
/// ratios (which near-zero denominators dominate): `E[numerator] ÷ E[denominator]`, or its complement.
public struct PooledRatio: Sendable, Hashable {
    public var numerator: MetricID
    public var denominator: MetricID
    public var complement: Bool
}

/// Receives a path's metrics in one fixed order. The same traversal (`PathMetrics.visit`) produces the
/// definitions once per run (`DefinitionCollector`) and the values once per path (`ValueWriter`), so
/// ids and values cannot drift apart. Ids and values are autoclosures: the value writer never builds an
/// id and the definition collector never computes a value.
protocol MetricSink {
    mutating func metric(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: @autoclosure () -> Double,
                         pooled: @autoclosure () -> PooledRatio?)
    mutating func series(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: (Int) -> Double)
    mutating func yearly(_ id: @autoclosure () -> MetricID, _ value: (Range<Int>) -> Double)
}

extension MetricSink {
    mutating func metric(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: @autoclosure () -> Double) {
        metric(id(), kind, value(), pooled: nil)
    }
}

/// The traversal that defines every per-path metric, monthly series and yearly aggregate of docs/model.md.
///
/// Definitions where docs/model.md leaves room (docs/model.md repeats them):
/// - `cash_min` includes the starting cash; `funding_gap` = max(0, −cash_min) of the provider.
/// - `revenue_lost` = Σ (revenue potential − realised revenue) while the buyer is alive.
/// - `cash_flow_positive_by.Y`: the buyer is alive through year Y and its operating cash flow over Y is > 0.
/// - `supplier_share.p` = contract payments to provider p (a hardware deal's hosting to its host, the
///   rest to its vendor) ÷ all contract payments (spot excluded);
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

        // Ids are made inside the autoclosures only: the value pass never touches the shared scenario.
        func buyerID(_ b: Int) -> String { model.scenario.buyers[b].id }
        func contractID(_ c: Int) -> String { model.scenario.contracts[c].id }
        func providerID(_ p: Int) -> String { model.scenario.providers[p].id }
        /// What provider p received under contract c over the horizon: as its capacity provider or chip
        /// vendor, the payments less a hardware deal's hosting; as a hardware deal's host, the hosting.
        func received(_ p: Int, _ c: Int, withRecoveries: Bool) -> Double {
            let contract = model.contracts[c]
            let hosting = ledger.contracts[.hostingCash].sum(c, 0..<T)
            var total = 0.0
            if contract.provider == p {
                total += ledger.contracts[.cash].sum(c, 0..<T) - hosting + (withRecoveries ? ledger.contracts[.recovery].sum(c, 0..<T) : 0)
            }
            if case .hardware = contract.kind, contract.host == p {
                total += hosting + (withRecoveries ? ledger.contracts[.hostRecovery].sum(c, 0..<T) : 0)
            }
            return total
        }

        /// Trailing-12-month EBITDA ÷ trailing-12-month interest at each fiscal year end (month `yearEnd`)
        /// with a full trailing year in the horizon and some interest; the lowest.
        func interestCoverageMin(_ p: Int, yearEnd: Int) -> Double {
            var lowest = Double.infinity
            for t in 11..<max(11, T) where model.calendarMonth[t] == yearEnd {
                let trailing = (t - 11)..<(t + 1)
                let interest = ledger.providers[.interest].sum(p, trailing)
                if interest > 0 { lowest = min(lowest, ledger.providers[.ebitda].sum(p, trailing) / interest) }
            }
            return lowest
        }
        /// 1 when a party that defaulted in `month` (nil: never) has defaulted by the end of year index y.
        func defaulted(_ month: Int?, by y: Int) -> Double { month.map { $0 < yearRange(y).upperBound ? 1 : 0 } ?? 0 }

        for b in model.buyers.indices {
            let defaultMonth = summary.defaultMonth[b]
            let aliveUntil = defaultMonth.map { $0 + 1 } ?? T
            sink.metric(.buyer(buyerID(b), .default), .probability, defaultMonth == nil ? 0 : 1)
            for (y, year) in years.enumerated() {
                sink.metric(.buyer(buyerID(b), .defaultBy(year)), .probability, defaulted(defaultMonth, by: y))
            }
            sink.metric(.buyer(buyerID(b), .cashMin), .money, min(summary.buyerCash0[b], ledger.buyers[.cash].row(b).min() ?? summary.buyerCash0[b]))
            sink.metric(.buyer(buyerID(b), .fundingRaised), .money, ledger.buyers[.funding].sum(b, 0..<T))
            sink.metric(.buyer(buyerID(b), .revenueTotal), .money, ledger.buyers[.revenue].sum(b, 0..<T))
            sink.metric(.buyer(buyerID(b), .revenueLost), .money,
                        ledger.buyers[.revenuePotential].sum(b, 0..<aliveUntil) - ledger.buyers[.revenue].sum(b, 0..<aliveUntil))
            if model.buyerMeasuresRevenueLost[b] {
                // Every contract's gap is written (`capacityServed`), measured or not.
                var shortfall = 0.0
                for c in model.buyerContracts[b] { shortfall += ledger.contracts[.gapMW].sum(c, 0..<T) }
                sink.metric(.buyer(buyerID(b), .capacityShortfall), .mwMonths, shortfall)
            }
            sink.metric(.buyer(buyerID(b), .computeSpend), .money,
                        ledger.buyers[.contractPayments].sum(b, 0..<T) + ledger.buyers[.spotCost].sum(b, 0..<T))
            sink.metric(.buyer(buyerID(b), .unusedCommitment), .money, ledger.buyers[.unusedCommitment].sum(b, 0..<T))
            for (y, year) in years.enumerated() {
                let range = yearRange(y)
                let positive = aliveUntil >= range.upperBound && ledger.buyers[.operatingCashFlow].sum(b, range) > 0
                sink.metric(.buyer(buyerID(b), .cashFlowPositiveBy(year)), .probability, positive ? 1 : 0)
            }
            sink.metric(.buyer(buyerID(b), .npv), .money, summary.buyerNPV[b])
            let contracts = model.buyerContracts[b]
            var total = 0.0
            for c in contracts { total += ledger.contracts[.cash].sum(c, 0..<T) }
            var hhi = 0.0
            for p in model.buyerSuppliers[b] {
                var paid = 0.0
                for c in contracts { paid += received(p, c, withRecoveries: false) }
                let share = total > 0 ? paid / total : .nan
                hhi += share * share
                sink.metric(.buyer(buyerID(b), .supplierShare(providerID(p))), .share, share)
            }
            sink.metric(.buyer(buyerID(b), .supplierHHI), .index, contracts.isEmpty ? .nan : hhi)

            // Deals as written: the workout ladder and funding that scales.
            let workout = model.buyers[b].workout
            sink.metric(.buyer(buyerID(b), .vendorFinancing), .money, ledger.buyers[.vendorFinancing].sum(b, 0..<T))
            if model.buyers[b].ipo != nil { sink.metric(.buyer(buyerID(b), .ipo), .probability, summary.ipo[b] ? 1 : 0) }
            if let valuation = model.buyers[b].valuation {
                sink.metric(.buyer(buyerID(b), .downRound), .probability, summary.downRound[b] ? 1 : 0)
                sink.metric(.buyer(buyerID(b), .dilution), .share, 1 - summary.ownership[b])
                if valuation.lastRoundMonth.map({ (0..<T).contains($0) }) ?? false {
                    sink.metric(.buyer(buyerID(b), .impliedEquity), .money, summary.impliedEquity[b] ?? .nan)
                }
                sink.metric(.buyer(buyerID(b), .equityValue), .money, summary.equityAtHorizon[b])
                for (k, backer) in model.scenario.buyers[b].funding.backers.enumerated() {
                    sink.metric(.buyer(buyerID(b), .backer(backer.id)), .money, summary.backerFunding[model.backerColumn(buyer: b, backer: k)])
                }
            }
            if workout.facility != nil {
                sink.metric(.buyer(buyerID(b), .facilityDrawn), .probability, summary.facilityPeak[b] > 0 ? 1 : 0)
                sink.metric(.buyer(buyerID(b), .facilityPeak), .money, summary.facilityPeak[b])
            }
            var cancelled = 0.0, deferred = 0.0, refusals = 0.0, fees = 0.0
            for c in contracts {
                cancelled += summary.cancelledMW[c]
                deferred += ledger.contracts[.deferred].sum(c, 0..<T)
                refusals += summary.deferralRefusals[c]
                fees += ledger.contracts[.fees].sum(c, 0..<T)
            }
            if workout.cancel {
                sink.metric(.buyer(buyerID(b), .cancelled), .probability, cancelled > 0 ? 1 : 0)
                sink.metric(.buyer(buyerID(b), .cancelledMW), .mw, cancelled)
            }
            sink.metric(.buyer(buyerID(b), .feesPaid), .money, fees)
            if workout.deferral != nil {
                sink.metric(.buyer(buyerID(b), .deferred), .probability, deferred > 0 ? 1 : 0)
                sink.metric(.buyer(buyerID(b), .deferredAmount), .money, deferred)
                sink.metric(.buyer(buyerID(b), .deferralRefused), .probability, refusals > 0 ? 1 : 0)
            }
            if workout.restructuring != nil {
                sink.metric(.buyer(buyerID(b), .restructuringEntered), .probability, summary.restructuringEntered[b] != nil ? 1 : 0)
                sink.metric(.buyer(buyerID(b), .restructuringAgreed), .probability, summary.restructuringAgreed[b] != nil ? 1 : 0)
            }
            if workout.subletDiscount != nil {
                let sublet = ledger.buyers[.subletIncome].sum(b, 0..<T)
                sink.metric(.buyer(buyerID(b), .sublet), .probability, sublet > 0 ? 1 : 0)
                sink.metric(.buyer(buyerID(b), .subletIncome), .money, sublet)
            }
        }

        for c in model.contracts.indices {
            let b = model.contracts[c].buyer
            let value = summary.contractValue[c]
            let paid = summary.contractPaid[c]
            let fraction = value > 0 ? paid / value : .nan
            sink.metric(.contract(contractID(c), .value), .money, value)
            sink.metric(.contract(contractID(c), .paid), .money, paid)
            sink.metric(.contract(contractID(c), .paidFraction), .share, fraction)
            sink.metric(.contract(contractID(c), .paidInFull), .probability, value > 0 ? (paid >= value * (1 - 1e-9) ? 1 : 0) : .nan)
            var served = 0.0, used = 0.0, delivered = 0.0, charges = 0.0, spotValue = 0.0
            let demand = summary.buyerDemandMWMonths[b]
            let markup = sim.values[model.buyers[b].spotMarkup]
            for t in 0..<T {
                served += ledger.contracts[.trainingMW][c, t] + ledger.contracts[.inferenceServed][c, t]
                used += ledger.contracts[.usedMW][c, t]
                delivered += ledger.contracts[.deliveredMW][c, t]
                charges += ledger.contracts[.charge][c, t]
                spotValue += sim.contractMarketPrice(c, t) * markup * ledger.contracts[.usedMW][c, t]
            }
            let id = contractID(c)
            sink.metric(.contract(id, .coverage), .share, demand > 0 ? served / demand : .nan)
            // FinOps ratios: per path a ratio of sums over months; the headline a ratio of sums over paths.
            sink.metric(.contract(id, .usedMWMonths), .mwMonths, used)
            sink.metric(.contract(id, .deliveredMWMonths), .mwMonths, delivered)
            sink.metric(.contract(id, .charges), .money, charges)
            sink.metric(.contract(id, .spotEquivalentCost), .money, spotValue)
            sink.metric(.contract(id, .utilization), .share, delivered > 0 ? used / delivered : .nan,
                        pooled: PooledRatio(numerator: .contract(id, .usedMWMonths), denominator: .contract(id, .deliveredMWMonths), complement: false))
            sink.metric(.contract(id, .effectiveSavingsRate), .share, spotValue > 0 ? 1 - charges / spotValue : .nan,
                        pooled: PooledRatio(numerator: .contract(id, .charges), denominator: .contract(id, .spotEquivalentCost), complement: true))
            // Deals as written.
            let layout = model.contracts[c]
            if model.buyers[b].workout.deferral != nil {
                let deferredTotal = ledger.contracts[.deferred].sum(c, 0..<T)
                sink.metric(.contract(id, .deferred), .money, deferredTotal)
                sink.metric(.contract(id, .deferredRepaid), .money, ledger.contracts[.deferralRepaid].sum(c, 0..<T))
                sink.metric(.contract(id, .deferredRecovered), .money, summary.deferredRecovered[c])
                sink.metric(.contract(id, .deferredWrittenOff), .money, summary.deferredWrittenOff[c])
                sink.metric(.contract(id, .deferralRefused), .probability, summary.deferralRefusals[c] > 0 ? 1 : 0)
            }
            if model.buyers[b].workout.cancel && model.scenario.contracts[c].terminationFeeMonths != nil {
                sink.metric(.contract(id, .cancelledMW), .mw, summary.cancelledMW[c])
            }
            if model.buyers[b].workout.restructuring != nil {
                let granted = summary.concessions[c]
                sink.metric(.contract(id, .restructured), .probability, granted.isEmpty ? 0 : 1)
                sink.metric(.contract(id, .concessionValue), .money, summary.concessionValue[c])
                for (kind, measure) in zip(Concessions.each, ContractMeasure.concessionMeasures) {
                    sink.metric(.contract(id, measure), .probability, granted.contains(kind) ? 1 : 0)
                }
            }
            if model.tranches[layout.tranches].contains(where: { $0.option != nil }) {
                sink.metric(.contract(id, .optionsExercisedMW), .mw, summary.optionExercisedMW[c])
                sink.metric(.contract(id, .optionsLapsedMW), .mw, summary.optionLapsedMW[c])
            }
            if model.providers[layout.host].financials?.credit != nil {
                sink.metric(.contract(id, .capacityLostMW), .mw, summary.capacityLostMW[c])
                sink.metric(.contract(id, .prepaymentLost), .money, summary.prepaymentLost[c])
            }
            if sim.measuresRevenueLost(c) {
                // MW-months the buyer was due and did not get (`capacityServed`: due from the tranches'
                // planned starts, less what was delivered or replaced) while it was alive.
                sink.metric(.contract(id, .capacityShortfall), .mwMonths, ledger.contracts[.gapMW].sum(c, 0..<T))
                sink.metric(.contract(id, .revenueLost), .money, ledger.contracts[.revenueLost].sum(c, 0..<T))
            }
            if layout.delivery != nil {
                sink.metric(.contract(id, .replacementMWMonths), .mwMonths, ledger.contracts[.replacementMW].sum(c, 0..<T))
                sink.metric(.contract(id, .replacementCost), .money, ledger.contracts[.replacementCost].sum(c, 0..<T))
                sink.metric(.contract(id, .serviceCredits), .money, ledger.contracts[.serviceCredit].sum(c, 0..<T))
                sink.metric(.contract(id, .terminatedMW), .mw, summary.terminatedMW[c])
            }
            if layout.renewal != nil {
                sink.metric(.contract(id, .renewed), .probability, summary.renewals[c] > 0 ? 1 : 0)
            }
        }

        for p in model.providers.indices {
            let layout = model.providers[p]
            if let f = layout.financials {
                sink.metric(.provider(providerID(p), .npv), .money, summary.providerNPV[p])
                sink.metric(.provider(providerID(p), .npvWithResidual), .money, summary.providerNPVWithResidual[p])
                sink.metric(.provider(providerID(p), .residualValue), .money, summary.providerResidual[p])
                sink.metric(.provider(providerID(p), .adjustedLeverageMax), .multiple, ledger.providers[.adjustedLeverage].row(p).max() ?? .nan)
                sink.metric(.provider(providerID(p), .equityRaised), .money, ledger.providers[.equity].sum(p, 0..<T))
                sink.metric(.provider(providerID(p), .debtEnd), .money, T > 0 ? ledger.providers[.debt][p, T - 1] : .nan)
                if let rating = model.scenario.providers[p].financials?.rating {
                    let (breach, below) = ProviderMeasure.leverageTests(rated: rating.rated)
                    sink.metric(.provider(providerID(p), breach), .probability, summary.ratingBreach[p] ? 1 : 0)
                    sink.metric(.provider(providerID(p), below), .probability, summary.downgrade[p] ? 1 : 0)
                }
                let leverage = ledger.providers[.leverage].row(p).max() ?? .nan
                sink.metric(.provider(providerID(p), .leverageMax), .multiple, leverage)
                if model.providerHasCovenant(p) {
                    sink.metric(.provider(providerID(p), .covenantBreach), .probability, leverage > (summary.covenant[p] ?? .infinity) ? 1 : 0)
                }
                sink.metric(.provider(providerID(p), .strandedMWMonths), .mwMonths, ledger.providers[.strandedMW].sum(p, 0..<T))
                let cashMin = min(summary.providerCash0[p], ledger.providers[.cash].row(p).min() ?? summary.providerCash0[p])
                sink.metric(.provider(providerID(p), .cashMin), .money, cashMin)
                sink.metric(.provider(providerID(p), .fundingGap), .money, max(0, -cashMin))
                sink.metric(.provider(providerID(p), .interestCoverageMin), .multiple, interestCoverageMin(p, yearEnd: f.fiscalYearEnd))
                if f.credit != nil {
                    let defaultMonth = summary.providerDefaultMonth[p]
                    sink.metric(.provider(providerID(p), .defaulted), .probability, defaultMonth == nil ? 0 : 1)
                    for (y, year) in years.enumerated() {
                        sink.metric(.provider(providerID(p), .defaultBy(year)), .probability, defaulted(defaultMonth, by: y))
                    }
                    // Within the first five years (60 months), written only when the horizon spans them.
                    let fiveYears = 60
                    if T >= fiveYears {
                        sink.metric(.provider(providerID(p), .default5y), .probability, defaultMonth.map { $0 < fiveYears ? 1 : 0 } ?? 0)
                    }
                    if f.credit?.cds5y != nil {
                        sink.metric(.provider(providerID(p), .marketDefault5y), .share, summary.providerMarketDefault5y[p] ?? .nan)
                    }
                    sink.metric(.provider(providerID(p), .creditorLoss), .money, summary.providerCreditorLoss[p])
                    sink.metric(.provider(providerID(p), .buildHalted), .probability, summary.providerHaltMonths[p] > 0 ? 1 : 0)
                    sink.metric(.provider(providerID(p), .buildHaltMonths), .months, Double(summary.providerHaltMonths[p]))
                }
            }
            let aiRevenue = ledger.providers[.receipts].sum(p, 0..<T) + ledger.providers[.recoveries].sum(p, 0..<T)
                + ledger.providers[.releaseIncome].sum(p, 0..<T) + ledger.providers[.otherRevenue].sum(p, 0..<T)
            for b in model.providerCustomers[p] {
                var fromBuyer = 0.0
                for c in model.providerContracts[p] where model.contracts[c].buyer == b { fromBuyer += received(p, c, withRecoveries: true) }
                sink.metric(.provider(providerID(p), .customerShare(buyerID(b))), .share, aiRevenue > 0 ? fromBuyer / aiRevenue : .nan)
            }
        }

        // Monthly series.
        for b in model.buyers.indices {
            sink.series(.buyer(buyerID(b), .cash), .money) { ledger.buyers[.cash][b, $0] }
            sink.series(.buyer(buyerID(b), .revenue), .money) { ledger.buyers[.revenue][b, $0] }
            sink.series(.buyer(buyerID(b), .computeSpend), .money) { ledger.buyers[.contractPayments][b, $0] + ledger.buyers[.spotCost][b, $0] }
        }
        for p in model.providers.indices {
            if model.providers[p].financials != nil {
                sink.series(.provider(providerID(p), .leverage), .multiple) { ledger.providers[.leverage][p, $0] }
                sink.series(.provider(providerID(p), .adjustedLeverage), .multiple) { ledger.providers[.adjustedLeverage][p, $0] }
            }
            sink.series(.provider(providerID(p), .utilization), .share) { t in
                let online = ledger.providers[.mwOnline][p, t]
                return online > 0 ? ledger.providers[.mwUsed][p, t] / online : .nan
            }
        }
        sink.series(.market(.demand), .index) { sim.market.demand[$0] }
        sink.series(.market(.price), .moneyPerMWMonth) { sim.market.price[$0] }
        for (g, generation) in (model.scenario.market.supply?.generations ?? []).enumerated() {
            sink.series(.market(.generationPrice(generation.id)), .moneyPerMWMonth) { sim.market.generationPrice[g][$0] }
            sink.series(.market(.supplyMW(generation.id)), .mw) { sim.market.supplyMW[g][$0] }
        }

        // Yearly aggregates.
        for b in model.buyers.indices {
            sink.yearly(.buyer(buyerID(b), .revenue)) { ledger.buyers[.revenue].sum(b, $0) }
            sink.yearly(.buyer(buyerID(b), .netCashFlow)) { ledger.buyers[.operatingCashFlow].sum(b, $0) }
            sink.yearly(.buyer(buyerID(b), .computeSpend)) { ledger.buyers[.contractPayments].sum(b, $0) + ledger.buyers[.spotCost].sum(b, $0) }
            sink.yearly(.buyer(buyerID(b), .funding)) { ledger.buyers[.funding].sum(b, $0) + ledger.buyers[.vendorFinancing].sum(b, $0) }
        }
        for p in model.providers.indices {
            if model.providers[p].financials != nil {
                sink.yearly(.provider(providerID(p), .capex)) { ledger.providers[.capex].sum(p, $0) }
            }
            sink.yearly(.provider(providerID(p), .aiRevenue)) {
                ledger.providers[.receipts].sum(p, $0) + ledger.providers[.recoveries].sum(p, $0) + ledger.providers[.releaseIncome].sum(p, $0)
                    + ledger.providers[.otherRevenue].sum(p, $0)
            }
        }
    }
}

/// Collects the ids and kinds of a run's metrics, series and yearly aggregates.
struct DefinitionCollector: MetricSink {
    var metrics: [MetricDefinition] = []
    var series: [String] = []
    var seriesKinds: [MetricKind] = []
    var yearly: [String] = []
    mutating func metric(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: @autoclosure () -> Double,
                         pooled: @autoclosure () -> PooledRatio?) {
        let metric = id()
        metrics.append(MetricDefinition(metric: metric, id: metric.id, kind: kind, pooled: pooled()))
    }
    mutating func series(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: (Int) -> Double) {
        series.append(id().id)
        seriesKinds.append(kind)
    }
    mutating func yearly(_ id: @autoclosure () -> MetricID, _ value: (Range<Int>) -> Double) { yearly.append(id().id) }
}

/// Writes a path's per-path metrics (not its series or yearly cells) into `values`, in definition order:
/// the vector that paired analyses difference between variants.
struct MetricVectorWriter: MetricSink {
    var values: [Double] = []
    var k = 0
    mutating func metric(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: @autoclosure () -> Double,
                         pooled: @autoclosure () -> PooledRatio?) {
        values[k] = value()
        k += 1
    }
    mutating func series(_ id: @autoclosure () -> MetricID, _ kind: MetricKind, _ value: (Int) -> Double) {}
    mutating func yearly(_ id: @autoclosure () -> MetricID, _ value: (Range<Int>) -> Double) {}
}

extension PathSimulator {
    /// The metrics of the path just simulated, written into `values` in the order of
    /// ``MetricCatalog/definitions``; `values` must have ``MetricCatalog/count`` entries. Allocates nothing.
    public func metricValues(into values: inout [Double]) {
        var writer = MetricVectorWriter()
        swap(&writer.values, &values)
        PathMetrics.visit(self, &writer)
        swap(&writer.values, &values)
    }
}
