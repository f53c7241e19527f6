import RealModule

/// Growth compounded monthly from an annual rate g: after m months the factor is `(1 + g)^{m/12}`,
/// computed as `exp(ln(1 + g) · m / 12)`.
///
/// `ln(1 + g)` is taken once, when the rate is known (once per path for a drawn rate), instead of
/// once per month. Every method evaluates the same expression as the formula written out afresh,
/// so the results are bit-identical to it.
struct CompoundGrowth: Sendable {
    /// ln(1 + g).
    let logOnePlusRate: Double

    init(annualRate g: Double) {
        logOnePlusRate = Double.log(onePlus: g)
    }

    /// `exp(ln(1 + g) · m / 12)`: the growth factor over m months.
    func factor(months m: Int) -> Double {
        Double.exp(logOnePlusRate * Double(m) / 12)
    }

    /// `exp(−ln(1 + g) · (t + 1) / 12)`: the discount factor, at the annual rate g, of a cash flow at
    /// the end of month t.
    func discount(month t: Int) -> Double {
        Double.exp(-logOnePlusRate * Double(t + 1) / 12)
    }
}

/// The present value at monthly rate i of n level monthly payments of 1 paid at the end of each
/// month: `(1 − (1 + i)^{−n}) / i`, computed as `−expm1(−ln(1 + i) · n) / i` (n when |i| ≤ 10⁻¹²;
/// 0 when n ≤ 0), with `ln(1 + i)` taken once for the rate.
struct Annuity: Sendable {
    /// The monthly rate i.
    let monthlyRate: Double
    /// ln(1 + i).
    let logOnePlusRate: Double

    init(monthlyRate i: Double) {
        monthlyRate = i
        logOnePlusRate = Double.log(onePlus: i)
    }

    /// The annuity factor of n months.
    func factor(months n: Double) -> Double {
        guard n > 0 else { return 0 }
        guard abs(monthlyRate) > 1e-12 else { return n }
        return -Double.expMinusOne(-logOnePlusRate * n) / monthlyRate
    }
}
