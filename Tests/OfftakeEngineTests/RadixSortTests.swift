import Foundation
import Testing
@testable import OfftakeEngine

/// `offtake sample` sorts its draws with `RadixSort.sorted`; it must return exactly what the standard
/// library's stable sort returns (same doubles, same order), zeros of both signs and infinities included.
@Suite struct RadixSortTests {
    @Test(arguments: [0, 10, 5_000, 100_000], [1, 2, 3, 5])
    func equalsTheStableSort(_ n: Int, parts: Int) {
        var generator = SystemRandomNumberGenerator()
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, 1, -1, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 5e-324]
        let values = (0..<n).map { i -> Double in
            switch i % 7 {
            case 0: return specials[Int.random(in: 0..<specials.count, using: &generator)]
            case 1: return Double(Int.random(in: -3...3, using: &generator))  // many ties
            default: return Double.random(in: -1e6...1e6, using: &generator) * (Bool.random(using: &generator) ? 1e-200 : 1)
            }
        }
        let expected = values.sorted(), actual = RadixSort.sorted(values, parts: parts)
        #expect(expected.map(\.bitPattern) == actual.map(\.bitPattern))
    }

    /// Keys that differ in one digit only (every other pass skipped), in none (all passes skipped), and
    /// in two digits (an even number of passes), on any number of threads.
    @Test(arguments: [1, 2, 4])
    func skippedPasses(parts: Int) {
        let oneDigit = (0..<50_000).map { i in Double(bitPattern: 0x3FF0_0000_0000_0000 | UInt64((i * 7_919) % 2_048)) }
        let constant = [Double](repeating: 2.5, count: 20_000) + [-0.0, 0.0, -0.0] + [Double](repeating: 2.5, count: 20_000)
        let twoDigits = (0..<50_000).map { i in Double(bitPattern: 0x3FF0_0000_0000_0000 | UInt64((i * 7_919) % 4_000_000)) }
        for values in [oneDigit, constant, twoDigits] {
            #expect(values.sorted().map(\.bitPattern) == RadixSort.sorted(values, parts: parts).map(\.bitPattern))
        }
    }
}
