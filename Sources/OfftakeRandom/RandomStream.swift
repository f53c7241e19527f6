// Keyed, counter-based random streams.

/// What a stream is used for. The raw value is part of every stream's counter, so streams with
/// different purposes never share Philox blocks.
///
/// Raw values are frozen by the stream-compatibility policy (docs/random.md): changing one changes
/// the numbers every existing seed produces. New purposes take new raw values.
public struct StreamPurpose: RawRepresentable, Hashable, Sendable {
    /// The 16-bit value stored in counter word 1 (upper half).
    public var rawValue: UInt16
    /// A purpose with the given raw value (new purposes must use unused values).
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: per-path draws of uncertain scenario parameters.
    public static let parameters = StreamPurpose(rawValue: 1)
    /// 2: market processes (prices, demand).
    public static let market = StreamPurpose(rawValue: 2)
    /// 3: buyer-side events.
    public static let buyer = StreamPurpose(rawValue: 3)
    /// 4: provider-side events.
    public static let provider = StreamPurpose(rawValue: 4)
    /// 5: contract-level events.
    public static let contract = StreamPurpose(rawValue: 5)
    /// 6: `offtake sample`.
    public static let sampling = StreamPurpose(rawValue: 6)
}

/// An independent stream of random numbers keyed by `(seed, path, purpose, substream)`.
///
/// Construction (see docs/random.md, "Stream keys and counter layout"):
/// - Philox key = `splitMix64(seed)` split into two 32-bit words (low word first);
/// - Philox counter for block `b` = `(b, (purpose << 16) | substream, path & 0xFFFF_FFFF, path >> 32)`.
///
/// Seed and path are never combined arithmetically (no `seed + path`), so distinct
/// `(seed, path, purpose, substream)` tuples address distinct Philox blocks: different paths,
/// purposes or substreams differ in the counter, different seeds differ in the key.
/// Block `b` (Philox4x32-10) yields two `UInt64` draws, `2b` = words 0|1 and `2b+1` = words 2|3,
/// the odd-numbered word being the high half. A stream therefore has 2³³ draws; draw indices
/// wrap modulo 2³³ beyond that.
public struct RandomStream: Sendable {
    @usableFromInline let key: SIMD2<UInt32>
    @usableFromInline let word1: UInt32
    @usableFromInline let pathLow: UInt32
    @usableFromInline let pathHigh: UInt32
    /// Index of the next draw.
    @usableFromInline var position: UInt64 = 0
    /// Second half of the most recently generated block (valid when `position` is odd).
    @usableFromInline var pending: UInt64 = 0

    /// The stream for one (seed, path, purpose, substream); positioned at draw 0.
    public init(seed: UInt64, path: UInt64, purpose: StreamPurpose, substream: UInt16 = 0) {
        let k = splitMix64(seed)
        key = SIMD2(UInt32(truncatingIfNeeded: k), UInt32(truncatingIfNeeded: k >> 32))
        word1 = (UInt32(purpose.rawValue) << 16) | UInt32(substream)
        pathLow = UInt32(truncatingIfNeeded: path)
        pathHigh = UInt32(truncatingIfNeeded: path >> 32)
    }

    /// The index of the next draw (0 for a fresh stream).
    @inlinable public var drawIndex: UInt64 { position }

    /// The Philox block with the given block index.
    @inlinable
    func block(_ index: UInt32) -> SIMD4<UInt32> {
        Philox4x32.block(counter: SIMD4(index, word1, pathLow, pathHigh), key: key)
    }

    /// The `index`-th (0-based) raw 64-bit draw, without advancing.
    @inlinable
    public func uint64(at index: UInt64) -> UInt64 {
        let b = block(UInt32(truncatingIfNeeded: index >> 1))
        return index & 1 == 0
            ? UInt64(b.x) | (UInt64(b.y) << 32)
            : UInt64(b.z) | (UInt64(b.w) << 32)
    }

    /// The next raw 64-bit draw.
    @inlinable
    public mutating func nextUInt64() -> UInt64 {
        let result: UInt64
        if position & 1 == 0 {
            let b = block(UInt32(truncatingIfNeeded: position >> 1))
            result = UInt64(b.x) | (UInt64(b.y) << 32)
            pending = UInt64(b.z) | (UInt64(b.w) << 32)
        } else {
            result = pending
        }
        position &+= 1
        return result
    }

    /// Converts 64 random bits to a double in the open interval (0, 1) using the top 53 bits:
    /// `k = x >> 11`, `u = (k + ½)·2⁻⁵³`.
    ///
    /// For `k < 2⁵²` this value is exactly representable. For `k ≥ 2⁵²` (u > ½) the grid of
    /// doubles is 2⁻⁵³, so `(k + ½)·2⁻⁵³` falls half-way between two doubles; it is rounded
    /// toward ½, i.e. to `k·2⁻⁵³` (round-to-nearest-even would send the top value to exactly 1).
    /// Result: 2⁵³ distinct values, smallest 2⁻⁵⁴, largest 1 − 2⁻⁵³, never 0 or 1.
    @inlinable
    public static func uniform(fromBits x: UInt64) -> Double {
        let k = x >> 11
        if k < (1 << 52) {
            return Double(2 &* k &+ 1) * 0x1p-54
        }
        return Double(k) * 0x1p-53
    }

    /// Next uniform in the open interval (0, 1) with 53 random bits: `((x >> 11) + 0.5)·2⁻⁵³`
    /// (see ``uniform(fromBits:)`` for the rounding in the upper half).
    @inlinable
    public mutating func nextUniform() -> Double {
        RandomStream.uniform(fromBits: nextUInt64())
    }

    /// Next standard normal deviate by inversion: `StandardNormal.quantile(nextUniform())`.
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        StandardNormal.quantile(nextUniform())
    }

    /// Random access: the uniform the stream returns as its `index`-th draw (0-based), without
    /// advancing. `uniform(at: n)` on a fresh stream equals the `n+1`-th `nextUniform()`.
    @inlinable
    public func uniform(at index: UInt64) -> Double {
        RandomStream.uniform(fromBits: uint64(at: index))
    }

    /// Moves the stream so that the next draw is draw number `index`.
    @inlinable
    public mutating func seek(to index: UInt64) {
        position = index
        if index & 1 == 1 {
            pending = uint64(at: index)
        }
    }
}
