import OfftakeModel
import Testing

@Suite struct MonthTests {
    @Test func parsesAndPrints() {
        #expect(Month(parsing: "2027-06") == Month(year: 2027, month: 6))
        #expect(Month(year: 2027, month: 6).description == "2027-06")
        for bad in ["2027-6", "2027-13", "2027-00", "27-06", "2027/06", "2027-06-01", "", "abcd-ef", "2027-0x"] {
            #expect(Month(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func indexArithmetic() {
        let m = Month(year: 2026, month: 1)
        #expect(m.advanced(by: 17) == Month(year: 2027, month: 6))
        #expect(m.advanced(by: -1) == Month(year: 2025, month: 12))
        #expect(m.months(to: Month(year: 2032, month: 12)) == 83)
        for index in -30...30 { #expect(Month(index: index).index == index) }
        #expect(Horizon(start: m, end: Month(year: 2032, month: 12)).monthCount == 84)
    }
}
