import Testing
@testable import OfftakeEngine

/// The big-integer helper behind the exact roundings, against the standard library's full-width
/// 64-bit arithmetic (an independent implementation) and hand-checked roundings.
@Suite struct BigMagnitudeTests {
    /// The value as (high, low) 64-bit words; requires < 2¹²⁸.
    static func words(_ x: BigMagnitude) -> (high: UInt64, low: UInt64) {
        let d = x.digits + [0, 0, 0, 0]
        precondition(x.digits.count <= 4)
        return (d[2] | (d[3] << 32), d[0] | (d[1] << 32))
    }

    @Test func arithmeticMatchesFullWidthIntegers() {
        var s = AccumulatorFixtures.stream(70)
        for _ in 0..<2000 {
            let a = s.nextUInt64() >> (s.nextUInt64() % 64)
            let b = s.nextUInt64() >> (s.nextUInt64() % 64)
            let product = BigMagnitude(a) * BigMagnitude(b)
            let expected = a.multipliedFullWidth(by: b)
            #expect(Self.words(product) == (expected.high, expected.low))
            let d = Swift.max(1, s.nextUInt64() >> (s.nextUInt64() % 64))
            let (q, exact) = product.divided(by: d)
            // (a·b) / d via the standard library, when the quotient fits in 64 bits.
            if expected.high < d {
                let (q64, r64) = d.dividingFullWidth(expected)
                #expect(Self.words(q) == (0, q64))
                #expect(exact == (r64 == 0))
            }
            let shift = Int(s.nextUInt64() % 60)
            let shifted = BigMagnitude(a).shiftedLeft(shift)
            #expect(Self.words(shifted) == (shift == 0 ? 0 : a >> (64 - UInt64(shift)), a << UInt64(shift)))
            let (big, small) = a >= b ? (a, b) : (b, a)
            #expect(Self.words(BigMagnitude(big) - BigMagnitude(small)) == (0, big - small))
            #expect(BigMagnitude.compare(BigMagnitude(a), BigMagnitude(b)) == (a < b ? -1 : a == b ? 0 : 1))
        }
    }

    @Test func roundingToNearestEven() {
        // 2⁵³ + 1 is a tie between 2⁵³ and 2⁵³ + 2: even wins.
        #expect(BigMagnitude((1 << 53) + 1).rounded(negative: false, unitExponent: 0) == 0x1p53)
        // With a non-zero fraction below, it rounds up.
        #expect(BigMagnitude((1 << 53) + 1).rounded(negative: false, unitExponent: 0, sticky: true) == 0x1p53 + 2)
        #expect(BigMagnitude((1 << 53) + 3).rounded(negative: true, unitExponent: 0) == -(0x1p53 + 4))
        // 3·2⁻¹⁰⁷⁶ = 0.75 of the least subnormal: rounds to it.
        #expect(BigMagnitude(3).rounded(negative: false, unitExponent: -1076) == 0x1p-1074)
        // 2·2⁻¹⁰⁷⁶ is exactly half the least subnormal: ties to even, 0.
        #expect(BigMagnitude(2).rounded(negative: false, unitExponent: -1076) == 0)
        // (2⁵³ − 1)·2⁹⁷¹ is the largest double; one more unit of 2⁹⁷⁰ is a tie that rounds to ∞.
        #expect(BigMagnitude((1 << 53) - 1).rounded(negative: false, unitExponent: 971) == .greatestFiniteMagnitude)
        #expect(BigMagnitude((1 << 54) - 1).rounded(negative: false, unitExponent: 970) == .infinity)
        #expect(BigMagnitude(0).rounded(negative: true, unitExponent: 0).bitPattern == 0.0.bitPattern)
    }
}
