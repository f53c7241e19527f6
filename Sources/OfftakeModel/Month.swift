/// A calendar month, the model's unit of time (`2027-06`).
///
/// Months are ordered and can be offset by a number of months; `index` counts months since year 0,
/// so `b.index - a.index` is the number of months from `a` to `b`.
public struct Month: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Calendar year, e.g. 2027.
    public var year: Int
    /// Month of the year, 1 … 12.
    public var month: Int

    /// Creates a month; `month` must be in 1 … 12.
    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month must be in 1...12")
        self.year = year
        self.month = month
    }

    /// Months since January of year 0: `year·12 + month − 1`.
    public var index: Int { year * 12 + (month - 1) }

    /// The month `index` months after January of year 0.
    public init(index: Int) {
        let year = index >= 0 ? index / 12 : -((-index + 11) / 12)
        self.init(year: year, month: index - year * 12 + 1)
    }

    /// The month `count` months later (earlier when negative).
    public func advanced(by count: Int) -> Month { Month(index: index + count) }

    /// Number of months from `self` to `other` (positive when `other` is later).
    public func months(to other: Month) -> Int { other.index - index }

    /// `YYYY-MM`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        return "\(year)-\(m)"
    }

    /// Parses `YYYY-MM` (years 1900 … 2200). Returns nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let y = Int(parts[0]), let m = Int(parts[1]),
              (1900...2200).contains(y), (1...12).contains(m) else { return nil }
        self.init(year: y, month: m)
    }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.index < rhs.index }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let month = Month(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM, found \(text)")
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
