import Foundation  // JSONEncoder/JSONDecoder (tests only)
import OfftakeRandom
import Testing
@testable import OfftakeEngine

/// ExactSum against exact rational arithmetic: the table in AccumulatorTests+ExactSumReference.swift
/// was computed with Python's fractions.Fraction (correctly rounded, ties to even) and cross-checked
/// with math.fsum, so every comparison here is bit-for-bit, no tolerance.
@Suite struct ExactSumTests {
    @Test func matchesCorrectlyRoundedReferenceSums() throws {
        for (k, reference) in exactSumReferenceCases.enumerated() {
            let values = reference.values.map(Double.init(bitPattern:))
            let expected = Double(bitPattern: reference.sum)
            let sum = ExactSum(values)
            #expect(sum.value.bitPattern == expected.bitPattern, "\(reference.name): \(sum.value) ≠ \(expected)")
            #expect(ExactSum(values.reversed()).value.bitPattern == expected.bitPattern, "\(reference.name) reversed")
            try checkAccumulatorLaws(values, path: UInt64(1000 + 10 * k), make: ExactSum.init)
        }
    }

    @Test func classicCancellation() {
        #expect(ExactSum([1e100, 1, -1e100]).value == 1)
        #expect(ExactSum([1, 1e100, 1, -1e100]).value == 2)
        #expect(ExactSum([]).value.bitPattern == 0.0.bitPattern)
        #expect(ExactSum([-0.0, -0.0]).value.bitPattern == 0.0.bitPattern)  // exact zero is +0
        #expect(ExactSum([0.1, 0.2]).value == 0.30000000000000004)  // one correctly rounded sum
        #expect(ExactSum([0.1, 0.2, -0.3]).value == 2.7755575615628914e-17)  // the exact residue
    }

    @Test func manyTinyAndHugeValues() {
        // 10 000 ones next to 1e16 (ulp 2): a sequential sum stays at 1e16.
        var s = ExactSum()
        s.add(1e16)
        for _ in 0..<10_000 { s.add(1) }
        #expect(s.value == 1e16 + 10_000)
        // 1000 least subnormals survive adding and removing 1e308.
        var t = ExactSum([1e308])
        for _ in 0..<1000 { t.add(0x1p-1074) }
        t.add(-1e308)
        #expect(t.value == 1000 * 0x1p-1074)
        // Alternating huge and tiny of both signs.
        var u = ExactSum()
        for i in 0..<2000 {
            u.add(i % 2 == 0 ? 1e300 : -1e300)
            u.add(i % 3 == 0 ? 0x1p-1000 : -0x1p-1060)
        }
        // 667 multiples of 3 in 0..<2000: exactly 667·2⁻¹⁰⁰⁰ − 1333·2⁻¹⁰⁶⁰, which rounds to
        // 0x1.4d8p-991 (Python: float(Fraction(667, 2**1000) - Fraction(1333, 2**1060))).
        #expect(u.value == 0x1.4d8p-991)
    }

    @Test func orderAndGroupingInvarianceOnWideRandomData() throws {
        var s = AccumulatorFixtures.stream(1)
        let xs: [Double] = (0..<3000).map { _ in
            let magnitude = Distribution.lognormal(mu: 0, sigma: 40).sample(from: &s)
            return s.nextUniform() < 0.5 ? -magnitude : magnitude
        }
        try checkAccumulatorLaws(xs, path: 2, make: ExactSum.init)
        // Mixed with their negatives (except one), the sum is exactly the one left.
        let survivor = xs[17]
        let ys = xs + xs.enumerated().filter { $0.offset != 17 }.map { -$0.element }
        #expect(ExactSum(AccumulatorFixtures.shuffled(ys, &s)).value == survivor)
    }

    @Test func carryHeadroomBeyondTwoToTheFortyMaxima() {
        // 2⁴⁰ · greatestFiniteMagnitude by doubling merges (the sum overflows the double range but
        // not the accumulator), then the same negated, plus 1: exactly 1.
        var big = ExactSum([.greatestFiniteMagnitude])
        var negative = ExactSum([-.greatestFiniteMagnitude])
        for _ in 0..<40 {
            big.merge(big)
            negative.merge(negative)
        }
        #expect(big.value == .infinity)
        #expect(negative.value == -.infinity)
        #expect(big.isFinite)
        var total = big
        total.merge(negative)
        total.add(1)
        #expect(total.value == 1)
        // 2⁴⁰ maxima minus (2⁴⁰ − 1) maxima is the maximum again.
        var almost = negative
        almost.add(.greatestFiniteMagnitude)
        almost.merge(big)
        #expect(almost.value == .greatestFiniteMagnitude)
    }

    @Test func deferredCarriesDoNotChangeTheState() {
        var s = AccumulatorFixtures.stream(3)
        let xs = (0..<500).map { _ in (s.nextUniform() - 0.5) * 1e10 }
        let reference = ExactSum(xs)
        var sum = ExactSum()
        for (i, x) in xs.enumerated() {
            sum.add(x)
            if i % 37 == 0 { sum.normalize() }
        }
        #expect(sum == reference)
        #expect(sum.value == reference.value)
        // The automatic propagation at the carry interval.
        var forced = ExactSum(xs)
        forced.pendingAdditions = ExactSum.carryInterval - 1
        forced.add(1)
        #expect(forced.pendingAdditions == 0)
        #expect(forced.limbs.dropLast().allSatisfy { (0...ExactSum.limbMask).contains($0) })
        var expected = reference
        expected.add(1)
        #expect(forced == expected)
    }

    @Test func nonFiniteInputsFollowIEEEAndMergeExactly() throws {
        #expect(ExactSum([1, .nan]).value.isNaN)
        #expect(ExactSum([1, .infinity, 3]).value == .infinity)
        #expect(ExactSum([1, -.infinity]).value == -.infinity)
        #expect(ExactSum([.infinity, -.infinity]).value.isNaN)
        var a = ExactSum([1, .infinity])
        let b = ExactSum([2, .nan, -.infinity])
        a.merge(b)
        #expect(a.nanCount == 1 && a.positiveInfinityCount == 1 && a.negativeInfinityCount == 1)
        #expect(a.value.isNaN)
        #expect(!a.isFinite)
        #expect(a.finiteValue == 3)
        try checkAccumulatorLaws([1, .nan, .infinity, -2, -.infinity, 0x1p-1074], path: 4, make: ExactSum.init)
    }

    @Test func codableIsCompactAndValidated() throws {
        let sum = ExactSum([1.5, -0x1p-1074, 1e300])
        let data = try JSONEncoder().encode(sum)
        let decoded = try JSONDecoder().decode(ExactSum.self, from: data)
        #expect(decoded == sum)
        #expect(decoded.value == sum.value)
        #expect(try JSONDecoder().decode(ExactSum.self, from: JSONEncoder().encode(ExactSum())) == ExactSum())
        let bad = #"{"lowestLimb": 3, "limbs": [4294967296], "nanCount": 0, "positiveInfinityCount": 0, "negativeInfinityCount": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ExactSum.self, from: Data(bad.utf8)) }
        let outside = #"{"lowestLimb": 66, "limbs": [1, 1], "nanCount": 0, "positiveInfinityCount": 0, "negativeInfinityCount": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ExactSum.self, from: Data(outside.utf8)) }
    }

    @Test func roundingEdgeCasesInTheSubnormalAndOverflowRanges() {
        #expect(ExactSum([0x1p-1074, 0x1p-1074]).value == 0x1p-1073)
        #expect(ExactSum([.leastNormalMagnitude, -0x1p-1074]).value == .leastNormalMagnitude.nextDown)
        #expect(ExactSum([.greatestFiniteMagnitude, 0x1p970]).value == .infinity)  // tie → even → ∞
        #expect(ExactSum([.greatestFiniteMagnitude, 0x1p970, -0x1p-1074]).value == .greatestFiniteMagnitude)
        #expect(ExactSum([-.greatestFiniteMagnitude, -0x1p970]).value == -.infinity)
        // Every double is its own exact sum.
        var s = AccumulatorFixtures.stream(5)
        for _ in 0..<2000 {
            let x = Double(bitPattern: s.nextUInt64())
            guard x.isFinite else { continue }
            #expect(ExactSum([x]).value.bitPattern == (x == 0 ? 0.0 : x).bitPattern)
        }
    }
}
