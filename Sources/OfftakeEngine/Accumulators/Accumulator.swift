/// A streaming statistic of a stream of `Double`s whose partial results merge exactly.
///
/// Laws every conforming type satisfies (and the tests check):
///
/// - **Order independence.** Adding the same multiset of values in any order gives `==` states.
/// - **Exact merge.** Splitting the values into any number of parts, accumulating each part
///   separately and merging the parts in any grouping and order gives a state `==` to the one
///   obtained by adding all values to a single accumulator. `==` compares the canonical state, so
///   the derived results (means, quantiles, …) are then bit-identical, and so is the `Codable`
///   encoding.
/// - **Bounded memory.** The state does not grow with the number of values added.
///
/// These laws are what let the engine run paths on any number of threads or shards and still
/// produce bit-identical results: floating-point addition is not associative, so none of the
/// conforming types sums doubles in floating point (see ``ExactSum``).
///
/// Merging two accumulators configured differently (different shift, relative accuracy or bucket
/// limit) is a programming error and traps; check ``isMergeable(with:)`` first when the partial
/// results come from outside (files written by other processes).
public protocol Accumulator: Sendable, Hashable, Codable {
    /// Adds one observation.
    mutating func add(_ x: Double)
    /// Adds every observation that `other` has seen, exactly.
    /// - Precondition: `isMergeable(with: other)`.
    mutating func merge(_ other: Self)
    /// Whether `other` was configured identically, so that ``merge(_:)`` is defined.
    func isMergeable(with other: Self) -> Bool
}

extension Accumulator {
    /// Adds every element of `values`, in order.
    public mutating func add<S: Sequence>(contentsOf values: S) where S.Element == Double {
        for x in values { add(x) }
    }

    /// The merge of `self` and `other` (see ``merge(_:)``).
    public func merging(_ other: Self) -> Self {
        var result = self
        result.merge(other)
        return result
    }
}
