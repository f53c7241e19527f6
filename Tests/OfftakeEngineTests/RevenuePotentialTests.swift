import Foundation
import OfftakeEngine
import Testing

/// Closed forms of the revenue recursion. Tolerances: relative 1e-12 (the recursion runs in logs
/// over at most 84 steps, each adding a rounding of about 1e-16).
@Suite struct RevenuePotentialTests {
    func run(_ r: RevenuePotential, demand: [Double]) -> ([Double], [Double]) {
        var revenue = [Double](repeating: 0, count: demand.count), mw = revenue
        r.simulate(demand: demand, revenue: &revenue, inferenceMW: &mw)
        return (revenue, mw)
    }

    /// Constant growth, flat demand: R_t = R_0 (1 + g)^{t/12}; I_t = R_t / (rpm₀ (1 + k)^{t/12}).
    @Test func constantGrowth() {
        let r = RevenuePotential(revenue0: 1.67e9, initialGrowth: 1.0, longRunGrowth: nil, halfLifeMonths: 30, demandBeta: 1,
                                 revenuePerMW0: 2.2e6, revenuePerMWTrend: -0.08)
        let (revenue, mw) = run(r, demand: [Double](repeating: 1, count: 84))
        for t in [0, 1, 12, 83] {
            let expected = 1.67e9 * pow(2.0, Double(t) / 12)
            #expect(abs(revenue[t] - expected) <= 1e-12 * expected, "t = \(t)")
            let need = expected / (2.2e6 * pow(0.92, Double(t) / 12))
            #expect(abs(mw[t] - need) <= 1e-12 * need)
        }
    }

    /// Half-life decay: g_t = g∞ + (g₀ − g∞)·2^{−t/h}; R_t = R₀ Π_{s<t}(1 + g_s)^{1/12}.
    @Test func decayingGrowth() {
        let r = RevenuePotential(revenue0: 100, initialGrowth: 1.5, longRunGrowth: 0.25, halfLifeMonths: 24, demandBeta: 1,
                                 revenuePerMW0: 1, revenuePerMWTrend: 0)
        #expect(r.growth(at: 0) == 1.5)
        #expect(abs(r.growth(at: 24) - (0.25 + 1.25 / 2)) < 1e-15)
        let (revenue, _) = run(r, demand: [Double](repeating: 1, count: 61))
        var product = 100.0
        for s in 0..<60 { product *= pow(1 + 0.25 + 1.25 * pow(2, -Double(s) / 24), 1.0 / 12) }
        #expect(abs(revenue[60] - product) <= 1e-12 * product)
    }

    /// No own growth: revenue follows the demand index to the power β, R_t = R₀ (D_t / D₀)^β.
    @Test func demandBeta() {
        let demand = (0..<36).map { 1 + 0.3 * sin(Double($0) / 5) }
        let r = RevenuePotential(revenue0: 50, initialGrowth: 0, longRunGrowth: nil, halfLifeMonths: 1, demandBeta: 1.5,
                                 revenuePerMW0: 1, revenuePerMWTrend: 0)
        let (revenue, _) = run(r, demand: demand)
        for t in 0..<36 {
            let expected = 50 * pow(demand[t] / demand[0], 1.5)
            #expect(abs(revenue[t] - expected) <= 1e-12 * expected)
        }
    }
}
