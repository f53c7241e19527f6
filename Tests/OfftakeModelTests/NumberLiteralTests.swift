import OfftakeModel
import Testing

@Suite struct NumberLiteralTests {
    func value(_ text: String, _ kind: QuantityKind) -> Double? {
        guard case .success(let literal) = NumberLiteral.parse(text), case .success(let v) = literal.value(as: kind) else { return nil }
        return v
    }

    /// Suffixes are applied by shifting the decimal exponent, so results are the correctly rounded
    /// doubles of the written decimals: exact equality is the right test.
    @Test(arguments: [
        ("300B", QuantityKind.money, 300e9), ("1.5T", .money, 1.5e12), ("40M", .money, 40e6), ("$1.67B", .money, 1.67e9),
        ("150K", .monthlyMoney, 150e3), ("24B/yr", .monthlyMoney, 2e9), ("2B/mo", .monthlyMoney, 2e9),
        ("35%", .fraction, 0.35), ("0.35", .fraction, 0.35), ("25%/yr", .annualRate, 0.25), ("-30%/yr", .annualRate, -0.30),
        ("4.5GW", .capacity, 4500), ("1200MW", .capacity, 1200), ("800kW", .capacity, 0.8), ("1200", .capacity, 1200),
        ("8x", .ratio, 8), ("80%", .ratio, 0.8), ("1_000_000", .number, 1e6), ("1e6", .number, 1e6), ("2.5e-3", .number, 0.0025),
        ("1e+20", .number, 1e20), (".5", .number, 0.5), ("-0", .number, 0),
    ])
    func parsesUnits(_ text: String, _ kind: QuantityKind, _ expected: Double) {
        #expect(value(text, kind) == expected, "\(text) as \(kind)")
    }

    @Test(arguments: [
        ("4.5GW", QuantityKind.money), ("35%", .capacity), ("25%/yr", .fraction), ("300B", .number) /* allowed */,
        ("2B/mo", .money), ("1e400", .number), ("-1e400", .money), ("8x", .money),
    ])
    func rejectsWrongUnits(_ text: String, _ kind: QuantityKind) {
        if text == "300B" {
            #expect(value(text, kind) == 300e9)
        } else {
            #expect(value(text, kind) == nil, "\(text) as \(kind)")
        }
    }

    @Test func reportsOffsets() {
        guard case .failure(let error) = NumberLiteral.parse("12Q") else {
            Issue.record("12Q parsed")
            return
        }
        #expect(error.offset == 2)
        guard case .failure(let rate) = NumberLiteral.parse("5%/week") else {
            Issue.record("5%/week parsed")
            return
        }
        #expect(rate.offset == 2)
        if case .success = NumberLiteral.parse("") { Issue.record("empty parsed") }
        if case .success = NumberLiteral.parse("--5") { Issue.record("--5 parsed") }
    }

    @Test func exactDecimalScaling() {
        // 1.67 × 1e9 in floating point is not the double nearest to 1.67e9; the literal must be.
        #expect(value("1.67B", .money) == Double("1.67e9"))
        #expect(value("0.1%", .fraction) == Double("0.1e-2"))
    }
}
