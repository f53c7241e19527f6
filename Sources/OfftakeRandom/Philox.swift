// Philox4x32 counter-based block function and the SplitMix64 key mixer.

/// The Philox4x32 counter-based random-number block function.
///
/// Source: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers:
/// as easy as 1, 2, 3", Proc. SC11 (2011), doi:10.1145/2063384.2063405, section 3.2 and
/// table 2. One round maps the counter `(c0, c1, c2, c3)` with round key `(k0, k1)` to
///
///     (hi(M1·c2) ⊕ c1 ⊕ k0,  lo(M1·c2),  hi(M0·c0) ⊕ c3 ⊕ k1,  lo(M0·c0))
///
/// with the multipliers `M0 = 0xD2511F53`, `M1 = 0xCD9E8D57` (hi/lo are the upper and lower
/// 32 bits of the 64-bit product); between rounds the key is bumped by the Weyl constants
/// `W0 = 0x9E3779B9` (golden ratio) and `W1 = 0xBB67AE85` (√3 − 1), modulo 2³².
/// Philox4x32-10 (ten rounds) is the variant the paper recommends; its output matches the
/// known-answer vectors distributed with Random123 (`kat_vectors`).
public enum Philox4x32 {
    @usableFromInline static let multiplier0: UInt32 = 0xD251_1F53
    @usableFromInline static let multiplier1: UInt32 = 0xCD9E_8D57
    @usableFromInline static let weyl0: UInt32 = 0x9E37_79B9
    @usableFromInline static let weyl1: UInt32 = 0xBB67_AE85

    /// Philox4x32-10: the block function with the recommended ten rounds.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        block(counter: counter, key: key, rounds: 10)
    }

    /// Philox4x32-R with `rounds` rounds (Salmon et al. 2011, section 3.2). `rounds` must be ≥ 0;
    /// fewer than 7 rounds fail statistical tests (ibid., table 2) and are meant only for testing.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>, rounds: Int) -> SIMD4<UInt32> {
        precondition(rounds >= 0, "Philox4x32: rounds must be non-negative")
        // Scalar words rather than SIMD4 lanes: the round mixes lanes, which the vector type pays for
        // with inserts and extracts.
        var c0 = counter.x, c1 = counter.y, c2 = counter.z, c3 = counter.w
        var k0 = key.x, k1 = key.y
        var r = 0
        while r < rounds {
            if r > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            let p0 = UInt64(multiplier0) &* UInt64(c0)
            let p1 = UInt64(multiplier1) &* UInt64(c2)
            (c0, c1, c2, c3) = (
                UInt32(truncatingIfNeeded: p1 >> 32) ^ c1 ^ k0,
                UInt32(truncatingIfNeeded: p1),
                UInt32(truncatingIfNeeded: p0 >> 32) ^ c3 ^ k1,
                UInt32(truncatingIfNeeded: p0))
            r += 1
        }
        return SIMD4(c0, c1, c2, c3)
    }
}

/// SplitMix64 finaliser, used to turn a user seed into a Philox key.
///
/// Source: G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014, doi:10.1145/2660193.2660195 (the `mix64` variant 13 constants by D. Stafford, as in
/// the reference `SplittableRandom`): add the golden gamma `0x9E3779B97F4A7C15`, then
/// `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`.
@inlinable
public func splitMix64(_ seed: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
