import OfftakeRandom
import Testing
@testable import OfftakeEngine

/// `LogarithmicMapping.index` (table + short series, with a fallback near bucket boundaries) must
/// give exactly the bucket of `exactIndex` (the portable logarithm) for every value: sketches built
/// before and after, and on different machines, must hold the same counts. Checked exhaustively at
/// the places where it could fail (both sides of every bucket boundary over the whole double range)
/// and on a million random doubles spread over all binades.
@Suite struct FastIndexTests {
    static let mappings = [0.005, 0.02].map { LogarithmicMapping(relativeAccuracy: $0) }

    @Test func boundariesOfEveryBucket() {
        for mapping in FastIndexTests.mappings {
            let first = mapping.exactIndex(mapping.minIndexableValue)
            let last = mapping.exactIndex(.greatestFiniteMagnitude)
            var checked = 0
            for i in first...last {
                // The computed boundary γ^(i−1) and its neighbours: a few ulps either side.
                let boundary = mapping.lowerBound(i)
                guard boundary.isFinite, boundary >= mapping.minIndexableValue else { continue }
                var x = boundary
                for _ in 0..<4 { x = x.nextDown }
                for _ in 0..<9 {
                    if x >= mapping.minIndexableValue && x.isFinite {
                        #expect(mapping.index(x) == mapping.exactIndex(x), "α = \(mapping.relativeAccuracy), x = \(x)")
                        checked += 1
                    }
                    x = x.nextUp
                }
            }
            #expect(checked > 100_000)
        }
    }

    @Test func integersAndPowersOfTwo() {
        for mapping in FastIndexTests.mappings {
            for x in (1...100_000).map(Double.init) + (-1000...1000).map({ Double(sign: .plus, exponent: $0, significand: 1) }) {
                #expect(mapping.index(x) == mapping.exactIndex(x), "x = \(x)")
            }
        }
    }

    @Test func randomDoublesOverAllBinades() {
        var stream = RandomStream(seed: 7, path: 0, purpose: .sampling)
        let mapping = LogarithmicMapping(relativeAccuracy: QuantileSketch.defaultRelativeAccuracy)
        var mismatches = 0
        for _ in 0..<1_000_000 {
            // A random exponent over the normal range and a random mantissa.
            let bits = stream.nextUInt64()
            let exponent = UInt64(1 + (bits >> 53) % 2046)
            let x = Double(bitPattern: (exponent << 52) | (bits & 0x000F_FFFF_FFFF_FFFF))
            guard x >= mapping.minIndexableValue, x.isFinite else { continue }
            if mapping.index(x) != mapping.exactIndex(x) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
