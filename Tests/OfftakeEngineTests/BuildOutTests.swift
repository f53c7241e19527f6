import OfftakeEngine
import Testing

/// Hand-computed build-outs.
@Suite struct BuildOutTests {
    /// The payments of `BuildOut.schedule` for some tranches, booked as `PathSimulator` books them:
    /// months before the horizon are sunk, months past it are not built.
    struct Booked {
        /// Instalments before the planned delivery (facility; chips with a lead), chips at delivery.
        var facilityCapex: [Double]
        var chipCapex: [Double]
        var sunkCapex = 0.0
        var capexAfterHorizon = 0.0

        init(_ tranches: [(planned: Int, delay: Int, mw: Double, facility: Double, chips: Double)], buildMonths: Int, months: Int,
             lastMonth: Int? = nil, chipLeadMonths: Int = 0) {
            facilityCapex = [Double](repeating: 0, count: months)
            chipCapex = [Double](repeating: 0, count: months)
            for x in tranches {
                BuildOut.schedule(mw: x.mw, facilityCapexPerMW: x.facility, chipCapexPerMW: x.chips, plannedDelivery: x.planned,
                                  actualDelivery: x.planned + x.delay, lastMonth: lastMonth ?? Int.max, buildMonths: buildMonths,
                                  chipLeadMonths: chipLeadMonths) { amount, t, beforeDelivery in
                    if t < 0 { sunkCapex += amount } else if t >= months { capexAfterHorizon += amount } else if beforeDelivery {
                        facilityCapex[t] += amount
                    } else {
                        chipCapex[t] += amount
                    }
                }
            }
        }
    }

    /// 100 MW planned for month 20 with 6 months of delay, facility 12M/MW over 18 months, chips
    /// 30M/MW: facility 1,200M spread as 66.67M in months 2…19, chips 3,000M in month 26.
    @Test func facilityBeforePlannedDeliveryChipsAtActualDelivery() {
        let b = Booked([(20, 6, 100, 12e6, 30e6)], buildMonths: 18, months: 84)
        #expect(b.facilityCapex[1] == 0 && b.facilityCapex[20] == 0)
        #expect(abs(b.facilityCapex[2] - 1.2e9 / 18) < 1e-6)
        #expect(abs(b.facilityCapex[2...19].reduce(0, +) - 1.2e9) < 1e-3)
        #expect(b.chipCapex[26] == 3e9 && b.chipCapex.reduce(0, +) == 3e9)
        #expect(b.sunkCapex == 0 && b.capexAfterHorizon == 0)
    }

    /// A tranche planned for month 6 with 18 build months started 12 months before the horizon:
    /// 12/18 of the facility is sunk; a tranche delivered after the horizon is not in the arrays.
    @Test func spendingOutsideTheHorizon() {
        let b = Booked([(6, 0, 10, 18, 5), (80, 12, 1, 0, 7)], buildMonths: 18, months: 84)
        #expect(abs(b.sunkCapex - 120) < 1e-12)
        #expect(abs(b.facilityCapex[0...5].reduce(0, +) - 60) < 1e-12)
        #expect(b.chipCapex[6] == 50)
        #expect(b.capexAfterHorizon == 7)
    }

    @Test func zeroBuildMonthsPaysTheFacilityAtPlannedDelivery() {
        let b = Booked([(3, 2, 2, 10, 1)], buildMonths: 0, months: 12)
        #expect(b.facilityCapex[3] == 20 && b.chipCapex[5] == 2 && b.facilityCapex[3] + b.chipCapex[3] == 20)
    }

    /// A delay that pushes delivery past the term's end: the facility is still built for the planned
    /// date, the chips are never bought; a tranche planned after the end is not built at all.
    @Test func deliveryAfterTheTermBuysNoChips() {
        let b = Booked([(10, 6, 1, 12, 30), (20, 0, 1, 12, 30)], buildMonths: 4, months: 36, lastMonth: 14)
        #expect(b.facilityCapex[6...9].reduce(0, +) == 12)
        #expect(b.facilityCapex.reduce(0, +) == 12)
        #expect(b.chipCapex.reduce(0, +) == 0)
    }

    /// Chips bought ahead (`chip_lead_months` 4): 100 MW planned for month 20, 6 months late, facility
    /// 12M/MW over 18 months, chips 30M/MW: the chips' 3,000M are 750M a month in months 16…19, before
    /// the planned delivery and whatever the delay — instalments beside the facility's, none at delivery.
    /// Planned for month 2, half the lead (months −2, −1) is sunk.
    @Test func chipsWithALeadArePaidBeforeThePlannedDelivery() {
        let b = Booked([(20, 6, 100, 12e6, 30e6)], buildMonths: 18, months: 84, chipLeadMonths: 4)
        #expect(b.chipCapex.reduce(0, +) == 0)
        let monthly: Double = 1.2e9 / 18 + 7.5e8
        for t in 16...19 { #expect(abs(b.facilityCapex[t] - monthly) < 1e-3, "t = \(t)") }
        let facilityOnly: Double = 1.2e9 * 14 / 18
        let early15 = b.facilityCapex[2...15].reduce(0, +), total = b.facilityCapex.reduce(0, +)
        #expect(abs(early15 - facilityOnly) < 1e-3)
        #expect(abs(total - 4.2e9) < 1e-3)
        #expect(b.facilityCapex[20...].allSatisfy { $0 == 0 })
        let early = Booked([(2, 0, 1, 0, 40)], buildMonths: 0, months: 12, chipLeadMonths: 4)
        #expect(early.sunkCapex == 20 && early.facilityCapex[0] == 10 && early.facilityCapex[1] == 10)
        // The lead a halted build and an exercised option count from: the longer of the two.
        #expect(BuildOut.lead(buildMonths: 18, chipLeadMonths: 4) == 18 && BuildOut.lead(buildMonths: 3, chipLeadMonths: 6) == 6)
    }
}
