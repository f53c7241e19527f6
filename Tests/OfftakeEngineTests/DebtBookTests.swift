import Foundation
import OfftakeEngine
import Testing

/// Hand-computed debt schedules.
@Suite struct DebtBookTests {
    /// 5.5 %/yr compounds to (1.055)^{1/12} − 1 per month: twelve months of interest-only debt of 100
    /// cost 100·(1.055^{1/12} − 1)·12 and the balance stays 100.
    @Test func interestOnly() {
        var book = DebtBook(initialDebt: 100, months: 12, amortizationYears: nil)
        var interest = 0.0
        for t in 0..<12 { interest += book.book(month: t, draw: 0, annualRate: 0.055).interest }
        #expect(book.balance == 100)
        #expect(abs(interest - 1200 * (pow(1.055, 1.0 / 12) - 1)) < 1e-12)
        #expect(abs(DebtBook.monthlyRate(annual: 0.055) - (pow(1.055, 1.0 / 12) - 1)) < 1e-16)
    }

    /// A draw of 120 in month 0 amortised over 1 year: 10 a month in months 1…12, balance back to the
    /// existing debt; interest each month on the opening balance.
    @Test func linearAmortisation() {
        var book = DebtBook(initialDebt: 50, months: 24, amortizationYears: 1)
        var repaid = 0.0
        let first = book.book(month: 0, draw: 120, annualRate: 0)
        #expect(first.repayment == 0 && book.balance == 170)
        for t in 1...12 {
            let r = book.book(month: t, draw: 0, annualRate: 0)
            #expect(abs(r.repayment - 10) < 1e-12, "month \(t)")
            repaid += r.repayment
        }
        #expect(abs(repaid - 120) < 1e-9 && abs(book.balance - 50) < 1e-9)
        #expect(book.book(month: 13, draw: 0, annualRate: 0).repayment == 0)
        let rate = DebtBook.monthlyRate(annual: 0.12)
        var b2 = DebtBook(initialDebt: 0, months: 3, amortizationYears: 1)
        _ = b2.book(month: 0, draw: 120, annualRate: 0.12)
        #expect(abs(b2.book(month: 1, draw: 0, annualRate: 0.12).interest - 120 * rate) < 1e-12)
    }

    @Test func resetKeepsBuffers() {
        var book = DebtBook(initialDebt: 10, months: 6, amortizationYears: 0.5)
        _ = book.book(month: 0, draw: 60, annualRate: 0)
        book.reset(initialDebt: 10)
        #expect(book.balance == 10 && book.book(month: 1, draw: 0, annualRate: 0).repayment == 0)
    }

    @Test func leverageIsDebtOverTrailingEBITDA() {
        #expect(DebtBook.leverage(debt: 120, monthlyEBITDA: ArraySlice(Array(repeating: 2.5, count: 12))) == 4)
        // Three months available: annualised.
        #expect(DebtBook.leverage(debt: 60, monthlyEBITDA: ArraySlice([1.0, 2.0, 2.0])) == 3)
        #expect(DebtBook.leverage(debt: 60, monthlyEBITDA: ArraySlice([-1.0, 0.5])) == .infinity)
    }
}
