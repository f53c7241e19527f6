import RealModule

/// A provider's debt (docs/model.md, "Provider"): existing debt plus draws for the build-out, interest at
/// the annual rate plus the regime's credit spread, and — when `amortization_years` is set — linear
/// repayment of each draw; a cash sweep (`prepay`) repays ahead of schedule.
///
/// Conventions: annual rates become monthly by compounding,
/// `r_m = (1 + r + spread)^{1/12} − 1`; month t's interest is charged on the balance at the start of
/// the month; a draw made in month t is repaid in `12·years` equal instalments in months
/// t+1 … t+12·years; existing debt (`debt0`) is interest-only. Repayments beyond the horizon are not
/// simulated. All buffers are allocated once for the horizon and reused across paths.
public struct DebtBook: Sendable {
    /// Balance at the end of the last month booked.
    public private(set) var balance: Double
    /// Scheduled repayments by month.
    var repayments: [Double]
    /// Instalments of a draw; 0: interest-only.
    var instalments: Int

    /// - Parameters:
    ///   - months: length of the horizon.
    ///   - amortizationYears: nil or ≤ 0 for interest-only debt.
    public init(initialDebt: Double, months: Int, amortizationYears: Double?) {
        balance = initialDebt
        repayments = [Double](repeating: 0, count: months)
        instalments = amortizationYears.map { $0 > 0 ? max(1, Int((12 * $0).rounded())) : 0 } ?? 0
    }

    /// Starts a new path with `initialDebt`, keeping the buffers.
    /// Sets the amortisation of future draws (`nil`: interest-only).
    public mutating func setAmortization(years: Double?) {
        instalments = years.map { $0 > 0 ? max(1, Int(min(12 * $0, 1e6).rounded())) : 0 } ?? 0
    }

    public mutating func reset(initialDebt: Double) {
        balance = initialDebt
        for t in repayments.indices { repayments[t] = 0 }
    }

    /// Monthly rate of an annual rate by compounding.
    public static func monthlyRate(annual: Double) -> Double {
        Double.exp(Double.log(onePlus: annual) / 12) - 1
    }

    /// What month t costs and changes: interest on the opening balance, the scheduled repayment, and
    /// the new draw (added to the balance and, if amortizing, scheduled for repayment).
    /// - Returns: (interest, repayment) paid in month t.
    public mutating func book(month t: Int, draw: Double, annualRate: Double) -> (interest: Double, repayment: Double) {
        let charges = open(month: t, annualRate: annualRate)
        self.draw(month: t, amount: draw)
        return charges
    }

    /// The start of month t: interest on the opening balance and the scheduled repayment (at most the
    /// balance), which is taken off the balance. Call once per month, before `draw` and `prepay`.
    public mutating func open(month t: Int, annualRate: Double) -> (interest: Double, repayment: Double) {
        let interest = balance * DebtBook.monthlyRate(annual: annualRate)
        let repayment = min(repayments[t], balance)
        balance -= repayment
        return (interest, repayment)
    }

    /// A new draw in month t, added to the balance and, if amortizing, repaid in equal instalments
    /// from month t + 1.
    public mutating func draw(month t: Int, amount draw: Double) {
        guard draw > 0 else { return }
        balance += draw
        if instalments > 0 {
            let instalment = draw / Double(instalments)
            let last = min(repayments.count - 1, t + instalments)
            if t + 1 <= last {
                for s in (t + 1)...last { repayments[s] += instalment }
            }
        }
    }

    /// Repays up to `amount` ahead of schedule (a cash sweep); later scheduled repayments are capped
    /// by the smaller balance. Returns what was repaid.
    public mutating func prepay(_ amount: Double) -> Double {
        let paid = max(0, min(amount, balance))
        balance -= paid
        return paid
    }

    /// Leverage: debt ÷ trailing-12-month EBITDA. Before twelve months exist, the months available are
    /// annualised (× 12 / count). Non-positive EBITDA gives +∞ (always above any covenant).
    public static func leverage(debt: Double, monthlyEBITDA: ArraySlice<Double>) -> Double {
        leverage(debt: debt, trailingEBITDA: monthlyEBITDA.reduce(0, +), months: monthlyEBITDA.count)
    }

    /// The same from the sum of the trailing months' EBITDA (added in month order) and their number.
    public static func leverage(debt: Double, trailingEBITDA: Double, months: Int) -> Double {
        guard months > 0 else { return .infinity }
        let annual = trailingEBITDA * 12 / Double(months)
        return annual > 0 ? debt / annual : .infinity
    }
}
