import OfftakeEngine
import Testing

/// Hand-computed build-outs.
@Suite struct BuildOutTests {
    /// 100 MW planned for month 20 with 6 months of delay, facility 12M/MW over 18 months, chips
    /// 30M/MW: facility 1,200M spread as 66.67M in months 2…19, chips 3,000M in month 26.
    @Test func facilityBeforePlannedDeliveryChipsAtActualDelivery() {
        let b = BuildOut(tranches: [.init(plannedDelivery: 20, delayMonths: 6, mw: 100, facilityCapexPerMW: 12e6, chipCapexPerMW: 30e6)],
                         buildMonths: 18, months: 84)
        #expect(b.facilityCapex[1] == 0 && b.facilityCapex[20] == 0)
        #expect(abs(b.facilityCapex[2] - 1.2e9 / 18) < 1e-6)
        #expect(abs(b.facilityCapex[2...19].reduce(0, +) - 1.2e9) < 1e-3)
        #expect(b.chipCapex[26] == 3e9 && b.chipCapex.reduce(0, +) == 3e9)
        #expect(b.sunkCapex == 0 && b.capexAfterHorizon == 0)
        #expect(b.debtDraw(at: 26, debtFraction: 0.7) == 0.7 * 3e9)
    }

    /// A tranche planned for month 6 with 18 build months started 12 months before the horizon:
    /// 12/18 of the facility is sunk; a tranche delivered after the horizon is not in the arrays.
    @Test func spendingOutsideTheHorizon() {
        let b = BuildOut(tranches: [
            .init(plannedDelivery: 6, delayMonths: 0, mw: 10, facilityCapexPerMW: 18, chipCapexPerMW: 5),
            .init(plannedDelivery: 80, delayMonths: 12, mw: 1, facilityCapexPerMW: 0, chipCapexPerMW: 7),
        ], buildMonths: 18, months: 84)
        #expect(abs(b.sunkCapex - 120) < 1e-12)
        #expect(abs(b.facilityCapex[0...5].reduce(0, +) - 60) < 1e-12)
        #expect(b.chipCapex[6] == 50)
        #expect(b.capexAfterHorizon == 7)
    }

    @Test func zeroBuildMonthsPaysTheFacilityAtPlannedDelivery() {
        let b = BuildOut(tranches: [.init(plannedDelivery: 3, delayMonths: 2, mw: 2, facilityCapexPerMW: 10, chipCapexPerMW: 1)],
                         buildMonths: 0, months: 12)
        #expect(b.facilityCapex[3] == 20 && b.chipCapex[5] == 2 && b.capex(at: 3) == 20)
    }
}
