/// What a numeric field measures. It decides which units the field accepts and how they convert
/// to the model's base units (dollars, MW, fractions, months).
public enum QuantityKind: String, Sendable, Hashable, CaseIterable {
    /// Dollars, e.g. `300B`, `$1.5T`, `40M`.
    case money
    /// Dollars per month; `/yr` converts a yearly amount (÷12), `/mo` states monthly explicitly.
    case monthlyMoney
    /// Contracted IT capacity in MW; `4.5GW`, `1200MW`, `800kW`.
    case capacity
    /// A share or probability, `35%` or `0.35`.
    case fraction
    /// An annual rate, `25%/yr`, `25%` or `0.25`.
    case annualRate
    /// A number of months.
    case months
    /// A multiplier, multiple or elasticity, `1.3`, `8x`, `80%`.
    case ratio
    /// A plain number (counts, seeds).
    case number
    /// Any unit, converted to its base unit (`offtake sample`): dollars, MW, fractions; `/yr` and `/mo` are
    /// accepted as written.
    case unspecified

    /// How the kind is named in messages ("expected an amount of money").
    public var noun: String {
        switch self {
        case .money: return "an amount of money (e.g. 300B, 40M)"
        case .monthlyMoney: return "a monthly amount of money (e.g. 2B, or 24B/yr)"
        case .capacity: return "a capacity (e.g. 1200, 1200MW, 4.5GW)"
        case .fraction: return "a share between 0 and 1 (e.g. 35% or 0.35)"
        case .annualRate: return "an annual rate (e.g. 25%/yr or 0.25)"
        case .months: return "a number of months (e.g. 18)"
        case .ratio: return "a ratio (e.g. 1.3, 8x, 80%)"
        case .number: return "a number"
        case .unspecified: return "a number with an optional unit"
        }
    }
}

/// A unit written after a number literal.
public enum LiteralUnit: Sendable, Hashable {
    case none
    /// `%`: the value is already divided by 100.
    case percent
    /// `MW`, `GW`, `kW`: the value is already in MW.
    case power
    /// `x`: a multiple.
    case times
}

/// A number as written in a scenario or an expression: `300B`, `35%/yr`, `4.5GW`, `-0.25`.
///
/// `value` has the magnitude suffix (`K M B T`) and the unit's power of ten applied exactly:
/// the literal is re-parsed as one decimal with an adjusted exponent, so `1.67B` is the double nearest
/// to 1.67·10⁹ (correct rounding), not `1.67 × 1e9`.
public struct NumberLiteral: Sendable, Hashable {
    public var value: Double
    public var unit: LiteralUnit
    /// Written with a `/yr` (per year) suffix.
    public var perYear: Bool
    /// Written with a `/mo` (per month) suffix.
    public var perMonth: Bool
    /// The literal's text.
    public var text: String
}

/// A number literal that could not be read.
public struct LiteralError: Error, Sendable, Hashable {
    /// Offset (in Unicode scalars) from the start of the literal where the problem is.
    public var offset: Int
    public var message: String
}

extension NumberLiteral {
    /// Reads a whole string as one number literal.
    public static func parse(_ text: String) -> Result<NumberLiteral, LiteralError> {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        let result = lex(scalars, &index)
        switch result {
        case .failure(let error): return .failure(error)
        case .success(let literal):
            if index < scalars.count {
                return .failure(LiteralError(offset: index, message: "unexpected '\(scalars[index])' after the number"))
            }
            return .success(literal)
        }
    }

    /// Lexes a number literal starting at `index` in `scalars`, advancing `index` past it.
    ///
    /// Grammar: `[$][+-][$] digits[_digits][.digits][(e|E)[+-]digits] [K|k|M|B|T] [%|MW|GW|kW|x] [/yr|/mo]`.
    static func lex(_ scalars: [Unicode.Scalar], _ index: inout Int) -> Result<NumberLiteral, LiteralError> {
        let start = index
        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        func isDigit(_ s: Unicode.Scalar?) -> Bool { s.map { $0 >= "0" && $0 <= "9" } ?? false }

        var negative = false
        if peek() == "$" { index += 1 }
        if peek() == "-" || peek() == "+" || peek() == "−" {
            negative = peek() != "+"
            index += 1
        }
        if peek() == "$" { index += 1 }
        var mantissa = ""
        var sawDigit = false
        while let s = peek(), isDigit(s) || (s == "_" && sawDigit && isDigit(peek(1))) {
            if s != "_" { mantissa.unicodeScalars.append(s) }
            sawDigit = sawDigit || isDigit(s)
            index += 1
        }
        if peek() == ".", isDigit(peek(1)) || sawDigit {
            mantissa.append(".")
            index += 1
            while let s = peek(), isDigit(s) {
                mantissa.unicodeScalars.append(s)
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit else {
            return .failure(LiteralError(offset: index, message: "expected a number"))
        }
        var exponent = 0
        if let e = peek(), e == "e" || e == "E",
           isDigit(peek(1)) || ((peek(1) == "+" || peek(1) == "-") && isDigit(peek(2))) {
            index += 1
            var sign = 1
            if peek() == "+" || peek() == "-" {
                sign = peek() == "-" ? -1 : 1
                index += 1
            }
            var digits = 0
            while let s = peek(), isDigit(s) {
                // Saturate: anything beyond ±100000 overflows or underflows a Double anyway.
                if digits < 100_000 { digits = digits * 10 + Int(s.value - 48) }
                index += 1
            }
            exponent = sign * digits
        }
        var unit = LiteralUnit.none
        // Magnitude suffix; `M` followed by `W` is a unit, not a million.
        if let s = peek() {
            switch s {
            case "K" where peek(1) != "W", "k" where peek(1) != "W":
                exponent += 3
                index += 1
            case "M" where peek(1) != "W":
                exponent += 6
                index += 1
            case "B":
                exponent += 9
                index += 1
            case "T":
                exponent += 12
                index += 1
            default: break
            }
        }
        if let s = peek() {
            switch s {
            case "%":
                exponent -= 2
                unit = .percent
                index += 1
            case "M" where peek(1) == "W":
                unit = .power
                index += 2
            case "G" where peek(1) == "W":
                exponent += 3
                unit = .power
                index += 2
            case "k" where peek(1) == "W", "K" where peek(1) == "W":
                exponent -= 3
                unit = .power
                index += 2
            case "x", "×":
                unit = .times
                index += 1
            default: break
            }
        }
        var perYear = false
        var perMonth = false
        if peek() == "/" {
            let rest = String(String.UnicodeScalarView(scalars[(index + 1)...].prefix(5)))
            for (suffix, yearly) in [("year", true), ("yr", true), ("y", true), ("month", false), ("mo", false)] where rest.hasPrefix(suffix) {
                let after = index + 1 + suffix.unicodeScalars.count
                let next: Unicode.Scalar? = after < scalars.count ? scalars[after] : nil
                if let next, next.properties.isAlphabetic { continue }
                if yearly { perYear = true } else { perMonth = true }
                index = after
                break
            }
            if !perYear && !perMonth {
                return .failure(LiteralError(offset: index, message: "unknown rate suffix; write /yr (per year) or /mo (per month)"))
            }
        }
        if let s = peek(), s.properties.isAlphabetic {
            return .failure(LiteralError(offset: index, message: "unknown unit starting at '\(s)'; units are K M B T, %, MW GW kW, x, /yr /mo"))
        }
        let decimal = (negative ? "-" : "") + mantissa + (exponent != 0 ? "e\(exponent)" : "")
        guard let value = Double(decimal) else {
            return .failure(LiteralError(offset: start, message: "not a number"))
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        return .success(NumberLiteral(value: value, unit: unit, perYear: perYear, perMonth: perMonth, text: text))
    }

    /// The literal converted to the base unit of `kind`, or a message saying why it does not fit.
    public func value(as kind: QuantityKind) -> Result<Double, LiteralError> {
        func fail(_ message: String) -> Result<Double, LiteralError> {
            .failure(LiteralError(offset: 0, message: message))
        }
        guard value.isFinite else {
            return fail("\(text) is not a finite number")
        }
        if kind == .unspecified { return .success(value) }
        if unit == .power && kind != .capacity {
            return fail("\(text) is a capacity, but this field expects \(kind.noun)")
        }
        if unit == .times && kind != .ratio && kind != .number {
            return fail("\(text) is a multiple, but this field expects \(kind.noun)")
        }
        if perMonth && kind != .monthlyMoney {
            return fail("'/mo' is only for monthly amounts; this field expects \(kind.noun)")
        }
        if perYear && kind != .annualRate && kind != .monthlyMoney {
            return fail("'/yr' is only for annual rates and yearly amounts; this field expects \(kind.noun)")
        }
        switch kind {
        case .capacity where unit == .percent, .months where unit == .percent, .money where unit == .percent,
             .monthlyMoney where unit == .percent:
            return fail("\(text) is a percentage, but this field expects \(kind.noun)")
        default: break
        }
        if kind == .monthlyMoney && perYear { return .success(value / 12) }
        return .success(value)
    }
}
