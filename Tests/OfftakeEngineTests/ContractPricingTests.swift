import Foundation
import OfftakeEngine
import Testing

/// Hand-computed contract schedules.
@Suite struct ContractPricingTests {
    /// Planned MW of month t from (start, MW) tranches, within first…last.
    static func planned(_ tranches: [(Int, Double)], last: Int) -> (Int) -> Double {
        { t in t > last ? 0 : tranches.filter { $0.0 <= t }.map(\.1).reduce(0, +) }
    }

    /// The planned value Σ price₀·escalation·MW_t over first…last.
    static func plannedValue(_ price: Double, first: Int, last: Int, escalator: Double, _ mw: (Int) -> Double) -> Double {
        (first...last).map { price * ContractPricing.escalation(escalator, months: $0 - first) * mw($0) }.reduce(0, +)
    }

    /// 100 MW from 2027-01 (month 12) and 50 MW more from 2027-07 (month 18), to 2027-12 (month 23):
    /// 6·100 + 6·150 = 1,500 MW-months; a total value of 3,000 gives exactly 2 per MW-month.
    @Test func derivedPriceWithoutEscalator() {
        let mw = Self.planned([(12, 100), (18, 50)], last: 23)
        let price = ContractPricing.initialPrice(.totalValue(3000), first: 12, last: 23, escalator: 0, plannedMW: mw)
        #expect(price == 2)
        #expect(mw(11) == 0 && mw(12) == 100 && mw(18) == 150 && mw(24) == 0)
        #expect(Self.plannedValue(price, first: 12, last: 23, escalator: 0, mw) == 3000)
    }

    /// Two years of 10 MW with a 10 %/yr escalator compounding monthly: month k pays
    /// p·1.1^{k/12}·10. The planned value equals the total (to rounding: 24 terms, relative 1e-15).
    @Test func derivedPriceWithEscalator() {
        let mw = Self.planned([(0, 10)], last: 23)
        let price = ContractPricing.initialPrice(.totalValue(1_000_000), first: 0, last: 23, escalator: 0.10, plannedMW: mw)
        var weight = 0.0
        for k in 0..<24 { weight += 10 * pow(1.1, Double(k) / 12) }
        #expect(abs(price - 1_000_000 / weight) <= 1e-12 * price)
        #expect(abs(Self.plannedValue(price, first: 0, last: 23, escalator: 0.10, mw) - 1_000_000) <= 1e-9)
        #expect(abs(price * ContractPricing.escalation(0.10, months: 12) - price * 1.1) <= 1e-12 * price)
    }

    @Test func statedPrice() {
        let mw = Self.planned([(5, 1000)], last: 10)
        let price = ContractPricing.initialPrice(.perMWMonth(1.2e6), first: 5, last: 10, escalator: 0, plannedMW: mw)
        #expect(price == 1.2e6)
        #expect(Self.plannedValue(price, first: 5, last: 10, escalator: 0, mw) == 6 * 1000 * 1.2e6)
    }
}
