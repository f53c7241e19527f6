import OfftakeEngine
import OfftakeModel
import Testing

/// Hand-computed contract schedules.
@Suite struct ContractPricingTests {
    let start = Month(year: 2026, month: 1)

    func contract(_ tranches: [(Int, Int, Double)], end: Month) -> Contract {
        Contract(id: "c", buyer: "b", provider: "p", accelerator: "a",
                 tranches: tranches.map { Tranche(start: Month(year: $0.0, month: $0.1), mw: .constant($0.2)) },
                 term: .end(end), price: .totalValue(.constant(0)))
    }

    /// 100 MW from 2027-01 and 50 MW more from 2027-07, to 2027-12: 6·100 + 6·150 = 1,500 MW-months;
    /// a total value of 3,000 gives exactly 2 per MW-month.
    @Test func derivedPriceWithoutEscalator() {
        let c = contract([(2027, 1, 100), (2027, 7, 50)], end: Month(year: 2027, month: 12))
        let p = ContractPricing(contract: c, horizonStart: start, trancheMW: [100, 50], price: .totalValue(3000), escalator: 0)
        #expect(p.firstMonth == 12 && p.lastMonth == 23)
        #expect(p.initialPrice == 2)
        #expect(p.plannedMW(at: 11) == 0 && p.plannedMW(at: 12) == 100 && p.plannedMW(at: 18) == 150 && p.plannedMW(at: 24) == 0)
        #expect(p.plannedValue == 3000)
    }

    /// Two years of 10 MW with a 10 %/yr escalator compounding monthly: month k pays
    /// p·1.1^{k/12}·10. The planned value equals the total (to rounding: 24 terms, relative 1e-15).
    @Test func derivedPriceWithEscalator() {
        let c = contract([(2026, 1, 10)], end: Month(year: 2027, month: 12))
        let p = ContractPricing(contract: c, horizonStart: start, trancheMW: [10], price: .totalValue(1_000_000), escalator: 0.10)
        var weight = 0.0
        for k in 0..<24 { weight += 10 * pow(1.1, Double(k) / 12) }
        #expect(abs(p.initialPrice - 1_000_000 / weight) <= 1e-12 * p.initialPrice)
        #expect(abs(p.plannedValue - 1_000_000) <= 1e-9)
        #expect(abs(p.price(at: 12) - p.initialPrice * 1.1) <= 1e-12 * p.initialPrice)
    }

    @Test func statedPrice() {
        let c = contract([(2026, 6, 1000)], end: Month(year: 2026, month: 11))
        let p = ContractPricing(contract: c, horizonStart: start, trancheMW: [1000], price: .perMWMonth(1.2e6), escalator: 0)
        #expect(p.initialPrice == 1.2e6)
        #expect(p.plannedValue == 6 * 1000 * 1.2e6)
    }
}

import Foundation
