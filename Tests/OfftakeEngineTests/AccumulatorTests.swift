import Foundation  // JSONEncoder/JSONDecoder for the Codable round trips (tests only)
import OfftakeRandom
import Testing
@testable import OfftakeEngine

/// Seeded test data and the shard/merge harness shared by the accumulator tests.
enum AccumulatorFixtures {
    /// The test-only stream purpose for accumulator fixtures.
    static let purpose = StreamPurpose(rawValue: 0xFFF2)

    /// A deterministic stream for fixture number `path`.
    static func stream(_ path: UInt64) -> RandomStream {
        RandomStream(seed: 20_250_601, path: path, purpose: purpose)
    }

    /// `n` draws of `distribution` from fixture stream `path`.
    static func sample(_ distribution: Distribution, n: Int, path: UInt64) -> [Double] {
        var s = stream(path)
        return (0..<n).map { _ in distribution.sample(from: &s) }
    }

    /// A uniform integer in 0 ..< bound.
    static func index(below bound: Int, _ s: inout RandomStream) -> Int {
        Int(s.nextUInt64() % UInt64(bound))
    }

    /// Fisher–Yates shuffle with a fixture stream.
    static func shuffled<T>(_ xs: [T], _ s: inout RandomStream) -> [T] {
        var ys = xs
        if ys.count < 2 { return ys }
        for i in stride(from: ys.count - 1, to: 0, by: -1) {
            ys.swapAt(i, index(below: i + 1, &s))
        }
        return ys
    }

    /// Splits `xs` at random into `k` parts (some may be empty), each keeping a random subset.
    static func randomSplit<T>(_ xs: [T], into k: Int, _ s: inout RandomStream) -> [[T]] {
        var parts = [[T]](repeating: [], count: k)
        for x in xs { parts[index(below: k, &s)].append(x) }
        return parts
    }

    /// Accumulates each part separately, then merges the partial results in a random grouping
    /// and order (repeatedly merging two randomly chosen partial results).
    static func shardedAccumulation<A: Accumulator>(
        of xs: [Double], parts k: Int, path: UInt64, make: () -> A
    ) -> A {
        var s = stream(path)
        var partials: [A] = randomSplit(xs, into: k, &s).map { part in
            var a = make()
            a.add(contentsOf: part)
            return a
        }
        while partials.count > 1 {
            let i = index(below: partials.count, &s)
            let a = partials.remove(at: i)
            let j = index(below: partials.count, &s)
            partials[j] = s.nextUInt64() & 1 == 0 ? partials[j].merging(a) : a.merging(partials[j])
        }
        return partials[0]
    }

    /// JSON round trip.
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    /// Deterministic JSON (sorted keys), to compare encodings byte for byte.
    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}

/// Checks the laws of ``Accumulator`` on one data set: order independence, exact merging in
/// random groupings, Codable round trip and byte-identical encodings of equal states.
func checkAccumulatorLaws<A: Accumulator>(
    _ xs: [Double], path: UInt64, make: () -> A, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var whole = make()
    whole.add(contentsOf: xs)
    var s = AccumulatorFixtures.stream(path)
    var reordered = make()
    reordered.add(contentsOf: AccumulatorFixtures.shuffled(xs, &s))
    #expect(reordered == whole, "shuffled order", sourceLocation: sourceLocation)
    for (k, p) in [(2, path &+ 1), (7, path &+ 2), (31, path &+ 3)] {
        let merged = AccumulatorFixtures.shardedAccumulation(of: xs, parts: k, path: p, make: make)
        #expect(merged == whole, "\(k) shards", sourceLocation: sourceLocation)
        #expect(merged.hashValue == whole.hashValue, sourceLocation: sourceLocation)
        #expect(try AccumulatorFixtures.json(merged) == AccumulatorFixtures.json(whole), sourceLocation: sourceLocation)
    }
    #expect(try AccumulatorFixtures.roundTrip(whole) == whole, "Codable round trip", sourceLocation: sourceLocation)
}
