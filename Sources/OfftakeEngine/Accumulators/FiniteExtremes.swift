/// The least and greatest finite values of a stream of doubles, kept so that the result does not
/// depend on arrival or merge order: values are compared in IEEE 754's total order, so −0 counts as
/// below +0 (`minimum` of {+0, −0} is −0 whichever comes first).
///
/// **Coding.** The extremes encode as the keys `min` and `max`, omitted while there are none (so an
/// encoding holds only finite numbers). An accumulator stores them *flat* among its own keys by
/// passing its encoder and decoder on, as it does for ``NonFiniteCounts``.
public struct FiniteExtremes: Sendable, Codable {
    /// Least finite value recorded (+∞ while none).
    public private(set) var minimum = Double.infinity
    /// Greatest finite value recorded (−∞ while none).
    public private(set) var maximum = -Double.infinity

    /// No value yet.
    public init() {}

    /// Whether no finite value was recorded.
    public var isEmpty: Bool { !minimum.isFinite }

    /// Takes the finite value `x` into account.
    @inline(__always)
    public mutating func record(_ x: Double) {
        if x <= minimum, x < minimum || x.sign == .minus { minimum = x }
        if x >= maximum, x > maximum || x.sign == .plus { maximum = x }
    }

    /// Takes `other`'s extremes into account (total order, as in ``record(_:)``).
    public mutating func merge(_ other: FiniteExtremes) {
        if other.minimum.isTotallyOrdered(belowOrEqualTo: minimum) { minimum = other.minimum }
        if maximum.isTotallyOrdered(belowOrEqualTo: other.maximum) { maximum = other.maximum }
    }

    /// Whether the state is one that `count` finite values can produce: extremes exactly when there are
    /// values, and `minimum ≤ maximum`.
    public func isConsistent(withFiniteCount count: Int) -> Bool {
        (count == 0) == !minimum.isFinite && (count == 0) == !maximum.isFinite && (count == 0 || minimum <= maximum)
    }

    private enum CodingKeys: String, CodingKey {
        case minimum = "min", maximum = "max"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if minimum.isFinite { try container.encode(minimum, forKey: .minimum) }
        if maximum.isFinite { try container.encode(maximum, forKey: .maximum) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minimum = try container.decodeIfPresent(Double.self, forKey: .minimum) ?? .infinity
        maximum = try container.decodeIfPresent(Double.self, forKey: .maximum) ?? -.infinity
    }
}

extension FiniteExtremes: Hashable {
    /// Bitwise equality, so −0 ≠ +0.
    public static func == (a: FiniteExtremes, b: FiniteExtremes) -> Bool {
        a.minimum.bitPattern == b.minimum.bitPattern && a.maximum.bitPattern == b.maximum.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(minimum.bitPattern)
        hasher.combine(maximum.bitPattern)
    }
}
