/// How many NaN, +∞ and −∞ values a stream of doubles contained.
///
/// The accumulators (``ExactSum``, ``Moments``, ``QuantileSketch``) do not feed non-finite inputs
/// into their exact state but count them here, by kind. Counts are integers, so merging adds them:
/// exact, commutative and associative, like the rest of the accumulators' state. IEEE 754 then
/// decides what the non-finite inputs do to a result (``ieeeSum``, ``minimum(finiteMinimum:)``,
/// ``maximum(finiteMaximum:)``).
///
/// **Coding.** The counts encode as the keys `nanCount`, `positiveInfinityCount` and
/// `negativeInfinityCount`. An accumulator stores them *flat* among its own keys by passing its
/// encoder and decoder on (`try nonFinite.encode(to: encoder)`, `try NonFiniteCounts(from: decoder)`),
/// so its encoding reads `{…, "nanCount": 0, "positiveInfinityCount": 0, "negativeInfinityCount": 0}`.
/// Decoding rejects negative counts.
public struct NonFiniteCounts: Sendable, Hashable, Codable {
    /// How many NaN values were recorded.
    public private(set) var nan = 0
    /// How many +∞ values were recorded.
    public private(set) var positiveInfinity = 0
    /// How many −∞ values were recorded.
    public private(set) var negativeInfinity = 0

    /// No non-finite values.
    public init() {}

    /// Counts the non-finite value `x` by kind.
    /// - Precondition: `x` is NaN or infinite.
    public mutating func record(_ x: Double) {
        precondition(!x.isFinite, "NonFiniteCounts.record of a finite value")
        if x.isNaN {
            nan += 1
        } else if x > 0 {
            positiveInfinity += 1
        } else {
            negativeInfinity += 1
        }
    }

    /// Adds `other`'s counts.
    public mutating func merge(_ other: NonFiniteCounts) {
        nan += other.nan
        positiveInfinity += other.positiveInfinity
        negativeInfinity += other.negativeInfinity
    }

    /// Whether no non-finite value was recorded.
    public var isEmpty: Bool { nan == 0 && positiveInfinity == 0 && negativeInfinity == 0 }

    /// Number of non-finite values recorded (NaN and both infinities).
    public var total: Int { nan + positiveInfinity + negativeInfinity }

    /// What IEEE 754 addition makes of a sum containing the recorded values, whatever the finite
    /// terms: NaN if a NaN or infinities of both signs were recorded, else ±∞ if infinities of one
    /// sign were; nil if nothing was recorded (the sum is then the finite terms' sum). The same
    /// rule gives the mean.
    public var ieeeSum: Double? {
        if nan > 0 || (positiveInfinity > 0 && negativeInfinity > 0) { return .nan }
        if positiveInfinity > 0 { return .infinity }
        if negativeInfinity > 0 { return -.infinity }
        return nil
    }

    /// The least non-NaN value of a stream whose least finite value is `finiteMinimum` (+∞ or any
    /// non-finite value when it had none): −∞ if a −∞ was recorded, else `finiteMinimum` if finite,
    /// else +∞ if a +∞ was recorded, else NaN (no non-NaN value at all).
    public func minimum(finiteMinimum: Double) -> Double {
        if negativeInfinity > 0 { return -.infinity }
        if finiteMinimum.isFinite { return finiteMinimum }
        return positiveInfinity > 0 ? .infinity : .nan
    }

    /// The greatest non-NaN value of a stream whose greatest finite value is `finiteMaximum`
    /// (mirror of ``minimum(finiteMinimum:)``).
    public func maximum(finiteMaximum: Double) -> Double {
        if positiveInfinity > 0 { return .infinity }
        if finiteMaximum.isFinite { return finiteMaximum }
        return negativeInfinity > 0 ? -.infinity : .nan
    }

    private enum CodingKeys: String, CodingKey {
        case nan = "nanCount", positiveInfinity = "positiveInfinityCount", negativeInfinity = "negativeInfinityCount"
    }

    /// Decodes the three counts (see the type's documentation) and rejects negative ones and
    /// counts whose ``total`` would not fit an `Int`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nan = try container.decode(Int.self, forKey: .nan)
        positiveInfinity = try container.decode(Int.self, forKey: .positiveInfinity)
        negativeInfinity = try container.decode(Int.self, forKey: .negativeInfinity)
        for (count, key) in [(nan, CodingKeys.nan), (positiveInfinity, .positiveInfinity), (negativeInfinity, .negativeInfinity)] where count < 0 {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "negative count \(count)")
        }
        let (partial, overflow1) = nan.addingReportingOverflow(positiveInfinity)
        let (_, overflow2) = partial.addingReportingOverflow(negativeInfinity)
        guard !overflow1, !overflow2 else {
            throw DecodingError.dataCorruptedError(
                forKey: .nan, in: container, debugDescription: "the non-finite counts add up to more than 2^63 − 1")
        }
    }
}
