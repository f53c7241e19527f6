import OfftakeRandom
import RealModule
import Testing
@testable import OfftakeEngine

/// The month step's prepared per-path constants (`CompoundGrowth`, `Annuity`) must give bit for bit
/// what the formulas they replace give when evaluated afresh each month.
@Suite struct PreparedConstantsTests {
    /// Rates from −99.9 % to +300 %, small ones near the annuity's zero-rate cut-off, and random ones.
    static let rates: [Double] = {
        var stream = RandomStream(seed: 11, path: 0, purpose: .sampling)
        let fixed = [0, 1e-13, -1e-13, 1e-12, 2e-12, 0.0001, 0.03, 0.08, 0.25, 1, 3, -0.05, -0.5, -0.999]
        return fixed + (0..<200).map { _ in (stream.nextUniform() - 0.3) * 0.6 }
    }()

    @Test func growthFactorEqualsTheFormula() {
        for g in PreparedConstantsTests.rates {
            let growth = CompoundGrowth(annualRate: g)
            for m in -90...400 {
                let afresh = Double.exp(Double.log(onePlus: g) * Double(m) / 12)
                #expect(growth.factor(months: m).bitPattern == afresh.bitPattern, "g \(g), m \(m)")
                #expect(ContractPricing.escalation(g, months: m).bitPattern == afresh.bitPattern)
            }
        }
    }

    @Test func discountEqualsTheFormula() {
        for r in PreparedConstantsTests.rates {
            let rate = CompoundGrowth(annualRate: r)
            for t in 0...400 {
                let afresh = Double.exp(-Double.log(onePlus: r) * Double(t + 1) / 12)
                #expect(rate.discount(month: t).bitPattern == afresh.bitPattern, "r \(r), t \(t)")
                #expect(PathSimulator.discount(r, month: t).bitPattern == afresh.bitPattern)
            }
        }
    }

    @Test func annuityEqualsTheFormula() {
        for annual in PreparedConstantsTests.rates {
            let i = DebtBook.monthlyRate(annual: annual)
            let annuity = Annuity(monthlyRate: i)
            for n in stride(from: -3.0, through: 400, by: 0.5) {
                let afresh: Double
                if !(n > 0) { afresh = 0 } else if !(abs(i) > 1e-12) { afresh = n } else {
                    afresh = -Double.expMinusOne(-Double.log(onePlus: i) * n) / i
                }
                #expect(annuity.factor(months: n).bitPattern == afresh.bitPattern, "i \(i), n \(n)")
            }
        }
    }
}
