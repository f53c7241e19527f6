/// The exact sum of a stream of doubles, rounded once, correctly, when read.
///
/// A fixed-point *superaccumulator* in the sense of Kulisch (U. Kulisch, "Computer Arithmetic and
/// Validity", de Gruyter 2008; U. Kulisch & W. Miranker, "The arithmetic of the digital
/// computer: a new approach", SIAM Review 28(1), 1986): a two's-complement integer, in units of
/// 2⁻¹⁰⁷⁴ (the least subnormal), wide enough to hold any sum of finite doubles without rounding.
/// The layout is R. M. Neal's "small superaccumulator" ("Fast exact summation using small and large
/// superaccumulators", arXiv:1505.05571, 2015): 67 limbs of 32 bits, each stored in an `Int64`,
/// so that the value is
///
///     Σᵢ limbs[i] · 2^(32·i − 1074),   i = 0 ..< 67.
///
/// A finite double is `m · 2^(e − 1074)` with an integer `m < 2⁵³` and `0 ≤ e ≤ 2045`, so its bits
/// occupy positions 0 … 2097; 67·32 = 2144 bits leave 46 bits of headroom above the largest double,
/// enough for more than 2⁴⁰ additions of `greatestFiniteMagnitude` (the top limb is a full `Int64`,
/// so the real limit is far beyond that). Adding a double touches only the three limbs its 53-bit
/// significand spans (constant time, no allocation); carries are *not* propagated then: every limb
/// has 31 spare bits, so carry propagation (``normalize()``) is deferred for up to 2³⁰ additions.
///
/// Because integer addition is associative and commutative, adding values in any order and merging
/// partial sums in any grouping gives the same integer, hence the same canonical state (`==`,
/// `hash`, `Codable` all use the carry-normalised limbs) and the same ``value``: the exact sum
/// rounded to the nearest double, ties to even (IEEE 754-2019 §4.3.1, roundTiesToEven), including
/// overflow to ±∞ and gradual underflow. This is *more* accurate than IEEE sequential summation,
/// which can overflow or lose all digits to cancellation: `[1e100, 1, -1e100]` sums to exactly 1.
///
/// Non-finite inputs are not added to the integer but counted (``nonFinite``), so merging stays
/// exact, and ``value`` is what IEEE arithmetic gives for them (``NonFiniteCounts/ieeeSum``): NaN if
/// any NaN or both infinities occurred, else ±∞ if an infinity occurred. An exact zero sum is
/// reported as +0.0.
///
/// Reading ``value`` converts the canonical limbs to a ``BigMagnitude`` and rounds it (the 53
/// leading bits, the round bit and a sticky bit; see ``BigMagnitude/rounded(negative:unitExponent:sticky:)``):
/// O(limbs), with allocation — meant for results, not for the per-observation path.
public struct ExactSum: Accumulator {
    /// Number of 32-bit limbs: 2144 bits, from 2⁻¹⁰⁷⁴ up to 2¹⁰⁶⁹ and a sign.
    static let limbCount = 67
    /// The payload bits of each limb after normalisation (values 0 ..< 2³²; the top limb is signed).
    static let limbMask: Int64 = 0xFFFF_FFFF
    /// Carries are propagated after this many unnormalised additions. Invariant: every limb but
    /// the top satisfies |limb| ≤ (pendingAdditions + 1)·(2³² − 1), which stays < 2⁶³ as long as
    /// pendingAdditions < 2³¹ − 1 (merging adds the two bounds, hence the margin of a factor 2).
    static let carryInterval = 1 << 30

    /// The fixed-point integer, least significant limb first (see the type's documentation).
    var limbs: [Int64]
    /// Additions and merges since the last carry propagation (see ``carryInterval``).
    var pendingAdditions: Int
    /// The NaN and infinite inputs, counted rather than added.
    public private(set) var nonFinite: NonFiniteCounts

    /// The empty sum (value 0).
    public init() {
        limbs = Array(repeating: 0, count: ExactSum.limbCount)
        pendingAdditions = 0
        nonFinite = NonFiniteCounts()
    }

    /// The exact sum of `values`.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        self.init()
        add(contentsOf: values)
    }

    /// Whether no NaN or infinite input has been added (the sum is then a finite exact number,
    /// although ``value`` can still round to ±∞ if its magnitude exceeds the double range).
    public var isFinite: Bool { nonFinite.isEmpty }

    /// How many NaN inputs were added.
    public var nanCount: Int { nonFinite.nan }
    /// How many +∞ inputs were added.
    public var positiveInfinityCount: Int { nonFinite.positiveInfinity }
    /// How many −∞ inputs were added.
    public var negativeInfinityCount: Int { nonFinite.negativeInfinity }

    /// Adds `x` exactly. Constant time, touches three limbs, never allocates (the storage is
    /// preallocated and uniquely owned in the steady state).
    public mutating func add(_ x: Double) {
        guard x.isFinite else {
            nonFinite.record(x)
            return
        }
        limbs.withUnsafeMutableBufferPointer { ExactSum.accumulate(x, into: $0) }
        pendingAdditions &+= 1
        if pendingAdditions >= ExactSum.carryInterval { normalize() }
    }

    /// Adds `x` and `y` exactly (one storage access for both; used for TwoProduct pairs).
    mutating func add(_ x: Double, _ y: Double) {
        guard x.isFinite && y.isFinite else {
            add(x)
            add(y)
            return
        }
        limbs.withUnsafeMutableBufferPointer { p in
            ExactSum.accumulate(x, into: p)
            ExactSum.accumulate(y, into: p)
        }
        pendingAdditions &+= 2
        if pendingAdditions >= ExactSum.carryInterval { normalize() }
    }

    /// Adds the finite double `x` to the limbs: its integer significand m (with the hidden bit)
    /// shifted to its bit position, cut into three 32-bit chunks, added or subtracted limb-wise.
    @inline(__always)
    static func accumulate(_ x: Double, into p: UnsafeMutableBufferPointer<Int64>) {
        let bits = x.bitPattern
        let biasedExponent = Int(truncatingIfNeeded: (bits &>> 52) & 0x7FF)
        var significand = bits & 0x000F_FFFF_FFFF_FFFF
        let position: Int
        if biasedExponent == 0 {
            if significand == 0 { return }  // ±0
            position = 0  // subnormal: m · 2⁻¹⁰⁷⁴
        } else {
            significand |= 0x0010_0000_0000_0000  // the hidden bit
            position = biasedExponent &- 1  // m · 2^(e−1075) = m · 2^((e−1) − 1074)
        }
        let index = position &>> 5
        let shift = UInt64(truncatingIfNeeded: position & 31)
        // The up-to-84-bit integer m·2^shift cut into three 32-bit chunks.
        let negate = Int64(bitPattern: bits) &>> 63  // 0 or −1 (all ones)
        let c0 = Int64(bitPattern: (significand &<< shift) & 0xFFFF_FFFF)
        let c1 = Int64(bitPattern: (significand &>> (32 &- shift)) & 0xFFFF_FFFF)
        let c2 = Int64(bitPattern: (significand &>> 32) &>> (32 &- shift))
        // (c ^ negate) − negate is c or −c.
        p[index] &+= (c0 ^ negate) &- negate
        p[index &+ 1] &+= (c1 ^ negate) &- negate
        p[index &+ 2] &+= (c2 ^ negate) &- negate
    }

    /// Adds `other`'s sum exactly (limb-wise integer addition).
    public mutating func merge(_ other: ExactSum) {
        limbs.withUnsafeMutableBufferPointer { p in
            other.limbs.withUnsafeBufferPointer { q in
                for i in 0..<ExactSum.limbCount { p[i] &+= q[i] }
            }
        }
        pendingAdditions += other.pendingAdditions + 1
        nonFinite.merge(other.nonFinite)
        if pendingAdditions >= ExactSum.carryInterval { normalize() }
    }

    /// Always true: exact sums have no configuration.
    public func isMergeable(with other: ExactSum) -> Bool { true }

    /// Propagates carries so that every limb but the top lies in 0 ..< 2³² (the canonical form;
    /// the value is unchanged).
    mutating func normalize() {
        limbs.withUnsafeMutableBufferPointer { ExactSum.propagateCarries($0) }
        pendingAdditions = 0
    }

    /// Carry propagation with floor division: limb = 2³²·carry + (limb mod 2³²), bottom-up.
    static func propagateCarries(_ p: UnsafeMutableBufferPointer<Int64>) {
        var carry: Int64 = 0
        for i in 0..<(limbCount - 1) {
            let v = p[i] &+ carry
            carry = v &>> 32  // arithmetic shift: floor(v / 2³²)
            p[i] = v & limbMask
        }
        p[limbCount - 1] &+= carry
    }

    /// The carry-normalised limbs (the canonical state).
    var canonicalLimbs: [Int64] {
        if pendingAdditions == 0 { return limbs }
        var copy = limbs
        copy.withUnsafeMutableBufferPointer { ExactSum.propagateCarries($0) }
        return copy
    }

    /// The sum rounded to the nearest double, ties to even; NaN or ±∞ per IEEE 754 if non-finite
    /// inputs were added (see the type's documentation).
    public var value: Double { nonFinite.ieeeSum ?? finiteValue }

    /// The finite inputs' exact sum, correctly rounded (ignores the non-finite counters).
    var finiteValue: Double {
        let (negative, magnitude) = signedMagnitude
        return magnitude.rounded(negative: negative, unitExponent: -1074)
    }

    /// The finite inputs' exact sum as sign and magnitude of an integer in units of 2⁻¹⁰⁷⁴.
    var signedMagnitude: (negative: Bool, magnitude: BigMagnitude) {
        var p = canonicalLimbs
        let negative = p[ExactSum.limbCount - 1] < 0
        if negative {
            // Two's complement: negate every limb, then renormalise (limbs back into 0 ..< 2³²).
            for i in p.indices { p[i] = 0 &- p[i] }
            p.withUnsafeMutableBufferPointer { ExactSum.propagateCarries($0) }
        }
        // The top limb may exceed 32 bits: split it into two digits.
        var digits = p.dropLast().map { UInt64(bitPattern: $0) }
        let top = UInt64(bitPattern: p[ExactSum.limbCount - 1])
        digits.append(top & 0xFFFF_FFFF)
        digits.append(top >> 32)
        return (negative, BigMagnitude(digits: digits))
    }
}

extension ExactSum {
    /// Equal exact sums and equal non-finite counts (the number of additions is not compared).
    public static func == (lhs: ExactSum, rhs: ExactSum) -> Bool {
        lhs.nonFinite == rhs.nonFinite && lhs.canonicalLimbs == rhs.canonicalLimbs
    }

    /// Hashes the canonical state.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(nonFinite)
        hasher.combine(canonicalLimbs)
    }
}

extension ExactSum: Codable {
    private enum CodingKeys: String, CodingKey {
        case lowestLimb, limbs
    }

    /// Encodes the canonical limbs from the lowest to the highest non-zero one, with the index of
    /// the first (`{"lowestLimb": 33, "limbs": [...], ...}`), so equal sums encode identically;
    /// the non-finite counts sit beside them (see ``NonFiniteCounts``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let canonical = canonicalLimbs
        if let low = canonical.firstIndex(where: { $0 != 0 }), let high = canonical.lastIndex(where: { $0 != 0 }) {
            try container.encode(low, forKey: .lowestLimb)
            try container.encode(Array(canonical[low...high]), forKey: .limbs)
        } else {
            try container.encode(0, forKey: .lowestLimb)
            try container.encode([Int64](), forKey: .limbs)
        }
        try nonFinite.encode(to: encoder)
    }

    /// Largest magnitude of the top limb a decoded sum may have: 2⁴¹. A sum of at most 2⁵⁴ finite
    /// doubles (two per path of a run of at most 2⁵³ paths) has magnitude below 2¹⁰⁷⁸, i.e. below
    /// 2⁴⁰ in units of the top limb (2²¹¹²⁻¹⁰⁷⁴); the bound leaves a factor 2 and keeps the merge of
    /// up to 2²¹ such sums from wrapping around.
    static let topLimbBound: Int64 = 1 << 41

    /// Decodes and validates the encoding of ``encode(to:)``: the limbs must lie within the 67,
    /// each in 0 ..< 2³² but the top one, whose magnitude is at most ``topLimbBound``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let low = try container.decode(Int.self, forKey: .lowestLimb)
        let stored = try container.decode([Int64].self, forKey: .limbs)
        guard low >= 0, low < ExactSum.limbCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .lowestLimb, in: container, debugDescription: "limb \(low) is outside 0..<\(ExactSum.limbCount)")
        }
        guard stored.count <= ExactSum.limbCount - low else {
            throw DecodingError.dataCorruptedError(
                forKey: .limbs, in: container,
                debugDescription: "\(stored.count) limbs from limb \(low) go beyond the \(ExactSum.limbCount) limbs")
        }
        self.init()
        for (offset, limb) in stored.enumerated() {
            let i = low + offset
            let valid = i == ExactSum.limbCount - 1 ? (-ExactSum.topLimbBound...ExactSum.topLimbBound).contains(limb) : (0...ExactSum.limbMask).contains(limb)
            guard valid else {
                throw DecodingError.dataCorruptedError(
                    forKey: .limbs, in: container,
                    debugDescription: "limb \(i) = \(limb) is not in " + (i == ExactSum.limbCount - 1 ? "±2^41" : "0..<2^32"))
            }
            limbs[i] = limb
        }
        nonFinite = try NonFiniteCounts(from: decoder)
    }
}
