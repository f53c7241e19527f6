import Foundation
import Testing
@testable import OfftakeCLI

/// `offtake sample` sorts its draws with `RadixSort.sorted`; it must return exactly what the standard
/// library's stable sort returns (same doubles, same order), zeros of both signs and infinities included.
@Suite struct RadixSortTests {
    @Test(arguments: [0, 10, 5_000, 100_000])
    func equalsTheStableSort(_ n: Int) {
        var generator = SystemRandomNumberGenerator()
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, 1, -1, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 5e-324]
        let values = (0..<n).map { i -> Double in
            switch i % 7 {
            case 0: return specials[Int.random(in: 0..<specials.count, using: &generator)]
            case 1: return Double(Int.random(in: -3...3, using: &generator))  // many ties
            default: return Double.random(in: -1e6...1e6, using: &generator) * (Bool.random(using: &generator) ? 1e-200 : 1)
            }
        }
        let expected = values.sorted(), actual = RadixSort.sorted(values)
        #expect(expected.map(\.bitPattern) == actual.map(\.bitPattern))
    }
}
