import Foundation
import OfftakeEngine

/// The language of a report or a terminal verdict (`--lang en|fr`).
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    case en, fr

    /// The BCP 47 tag written to `<html lang>`.
    public var tag: String { rawValue }
}

/// Number formatting for people, by language, with no dependence on the machine's locale (so reports and
/// snapshot tests are identical everywhere).
///
/// - English: `1,234.5`, `12.5%`, `−$25.1B`, `$1.26T`, `4.2×`.
/// - French (CLDR `fr`): thousands grouped by a narrow no-break space U+202F, decimal comma, a narrow
///   no-break space before `%` and the unit: `1 234,5`, `12,5 %`, `−25,1 Md$`, `1 260 Md$`, `4,2×`.
///   French has no short form for 10¹² that is not ambiguous, so money stays in milliards (`Md$`).
/// - A minus sign is U+2212 (−), never a hyphen; NaN is `n/a` (`n.d.` in French), ±∞ is `∞`/`−∞`.
public struct NumberFormat: Sendable, Equatable {
    public var language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// U+202F NARROW NO-BREAK SPACE, the French group separator and the space before units.
    public static let narrowSpace = "\u{202F}"

    var groupSeparator: String { language == .fr ? NumberFormat.narrowSpace : "," }
    var decimalSeparator: String { language == .fr ? "," : "." }
    var unitSpace: String { language == .fr ? NumberFormat.narrowSpace : "" }
    public var notAvailable: String { language == .fr ? "n.d." : "n/a" }

    /// `x` with `digits` decimals, grouped thousands, the language's separators and a true minus sign.
    /// Rounds half away from zero on the decimal value printed by `%.*f`.
    public func decimal(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let text = String(format: "%.\(max(0, digits))f", abs(x))
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        var grouped = ""
        for (i, ch) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { grouped += groupSeparator }
            grouped.append(ch)
        }
        let fraction = parts.count > 1 ? decimalSeparator + parts[1] : ""
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." }
        return (x < 0 && !isZero ? "−" : "") + grouped + fraction
    }

    /// An integer with grouped thousands: `1,234,567` / `1 234 567`.
    public func integer(_ n: Int) -> String { decimal(Double(n), digits: 0) }

    /// A count rounded to an integer; beyond ±9·10¹⁵ (where doubles stop being exact integers) in
    /// scientific notation.
    public func count(_ x: Double) -> String {
        guard x.isFinite else { return nonFinite(x) }
        guard abs(x) < 9e15 else { return String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−").replacingOccurrences(of: ".", with: decimalSeparator) }
        return decimal(x.rounded(), digits: 0)
    }

    /// A fraction as a percentage: one decimal, three for non-zero values below 0.1 % (so rare events do
    /// not read as 0.0 %).
    public func percent(_ x: Double) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let digits = abs(x) < 0.001 && x != 0 ? 3 : 1
        return decimal(x * 100, digits: digits) + unitSpace + "%"
    }

    /// US dollars with a magnitude suffix and three significant digits at most:
    /// `$950`, `$12K`, `$1.5M`, `$480M`, `$4.80B`, `$25.1B`, `$675B`, `$1.26T` (English);
    /// `950 $`, `12 k$`, `1,5 M$`, `4,80 Md$`, `1 260 Md$` (French).
    public func money(_ x: Double) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let a = abs(x)
        let sign = x < 0 ? "−" : ""
        func digits(_ v: Double) -> Int { v >= 100 ? 0 : v >= 10 ? 1 : 2 }
        let (value, suffix): (Double, String)
        switch (a, language) {
        case (1e12..., .en): (value, suffix) = (a / 1e12, "T")
        case (1e9..., _): (value, suffix) = (a / 1e9, language == .en ? "B" : "Md")
        case (1e6..., _): (value, suffix) = (a / 1e6, "M")
        case (1e3..., _): (value, suffix) = (a / 1e3, language == .en ? "K" : "k")
        default: (value, suffix) = (a, "")
        }
        let d = suffix.isEmpty || suffix == "K" || suffix == "k" ? 0 : (suffix == "M" && value >= 100 ? 0 : (suffix == "M" ? 1 : digits(value)))
        let number = decimal(value, digits: value >= 1000 ? 0 : d)
        switch language {
        case .en: return "\(sign)$\(number)\(suffix)"
        case .fr: return "\(sign)\(number)\(NumberFormat.narrowSpace)\(suffix)$"
        }
    }

    /// A multiple such as a leverage: `4.20×` / `4,20×`.
    public func multiple(_ x: Double) -> String {
        guard x.isFinite else { return nonFinite(x) }
        return decimal(x, digits: 2) + "×"
    }

    /// A value in the unit of `kind`: probabilities and shares as percentages, money with a magnitude
    /// suffix, multiples with `×`, MW and MW-months as grouped integers, indices with three decimals.
    public func value(_ x: Double, kind: MetricKind) -> String {
        switch kind {
        case .probability, .share: return percent(x)
        case .money, .moneyPerMWMonth: return money(x)
        case .multiple: return multiple(x)
        case .index: return x.isFinite ? decimal(x, digits: 3) : nonFinite(x)
        case .mw, .mwMonths, .months, .count: return count(x)
        }
    }

    /// `x` in billions with two decimals (the base-case cash-flow tables): `1.23`, `−0.50`; `0` below 0.005.
    public func billions(_ x: Double) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let v = x / 1e9
        return abs(v) < 0.005 ? "0" : decimal(v, digits: 2)
    }

    /// A number of unknown unit (a parameter's value) with `digits` significant digits, grouped, and
    /// from a million on a magnitude suffix: `0.457`, `12.3`, `12,345`, `2.50M`, `1.46B` / `1,46 Md` (French has no `T`: `1 460 Md`, as money).
    public func significant(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let a = abs(x)
        func plain(_ v: Double) -> String {
            guard v != 0 else { return "0" }
            return decimal(v, digits: min(6, max(0, digits - 1 - Int(Foundation.log10(abs(v)).rounded(.down)))))
        }
        switch a {
        case 1e12... where language == .en: return plain(x / 1e12) + "T"     // French stays in milliards, as money
        case 1e9...: return plain(x / 1e9) + unitSpace + (language == .en ? "B" : "Md")
        case 1e6...: return plain(x / 1e6) + unitSpace + "M"
        default: return a >= 1000 ? decimal(x.rounded(), digits: 0) : plain(x)
        }
    }

    /// A rate with a magnitude suffix (path-months per second): `378.4k`, `1.20M`.
    public func compact(_ x: Double) -> String {
        guard x.isFinite else { return nonFinite(x) }
        switch x {
        case 1e9...: return decimal(x / 1e9, digits: 2) + "G"
        case 1e6...: return decimal(x / 1e6, digits: 2) + "M"
        case 1e3...: return decimal(x / 1e3, digits: 1) + "k"
        default: return decimal(x, digits: 0)
        }
    }

    func nonFinite(_ x: Double) -> String { x.isNaN ? notAvailable : (x > 0 ? "∞" : "−∞") }
}
