/// A fully mergeable quantile sketch with a relative-error guarantee: DDSketch (C. Masson,
/// J. E. Rim & H. K. Lee, "DDSketch: A fast and fully-mergeable quantile sketch with
/// relative-error guarantees", PVLDB 12(12):2195–2205, 2019).
///
/// **Structure.** A ``LogarithmicMapping`` with γ = (1 + α)/(1 − α) sends |x| to bucket ⌈log_γ |x|⌉;
/// positive and negative values have separate ``BucketStore``s of integer counts, values with
/// |x| < `minIndexableValue` (≈ 2.3·10⁻³⁰⁸: zeros and subnormals) are counted in a zero bucket,
/// and ±∞ and NaN are counted separately. Counts are integers, so merging adds counts: exact,
/// commutative and associative. The exact minimum and maximum are kept as well.
///
/// **Quantile.** ``quantile(_:)`` follows the paper's quantile query: the value of rank
/// r = ⌊q·(n − 1)⌋ (0-based, n = ``count``) is the representative 2γ^i/(γ + 1) of the bucket i
/// where the cumulative count first exceeds r (walking −∞, negative buckets from the largest
/// magnitude down, zeros, positive buckets up, +∞). Refinements that keep the guarantee: ranks 0
/// and n − 1 return the exact ``min`` and ``max``, and every other estimate is clamped to
/// [min, max] (the true value lies in that interval, so clamping moves the estimate towards it;
/// constant data come out exact).
///
/// **Guarantee** (the paper's relative-error guarantee, with the floating-point margin of
/// ``LogarithmicMapping``): if the rank-r order statistic x of the data has |x| ≥
/// `minIndexableValue` and lies in a bucket that was not collapsed, then |quantile(q) − x| ≤ α·|x|.
/// Zero-bucket values are returned as 0, clamped into [min, max].
///
/// **Bounded memory.** Each store keeps at most ``maximumBucketCount`` buckets (default 8192,
/// covering a ratio γ⁸¹⁹² ≈ 4·10³⁵ between the largest and smallest magnitude of one sign at
/// α = 0.5%, i.e. 35 decades; at most 64 KiB per store, and the window only grows as far as the
/// data reach); beyond that the buckets of *smallest magnitude* are collapsed into one
/// (the paper's bounded-memory variant, applied to both stores). Ranks are preserved by collapsing, so the guarantee
/// above still holds for every quantile whose value has magnitude > γ^(L−1), L the lowest kept
/// bucket of its sign (``collapsedMagnitudeBound``); only quantiles falling in the collapsed
/// near-zero range of a sign lose it. The state remains order-independent and exactly mergeable
/// (see ``BucketStore``).
public struct QuantileSketch: Accumulator {
    /// α = 0.5%, the accuracy the engine uses.
    public static let defaultRelativeAccuracy = 0.005
    /// 8192 buckets per sign: 35 decades of magnitude at α = 0.5% (4096 would cover only 17.8,
    /// less than a metric spanning 10⁻¹⁰…10¹⁰).
    public static let defaultMaximumBucketCount = 8192

    /// The guaranteed relative accuracy α of ``quantile(_:)``.
    public let relativeAccuracy: Double
    /// The bound m on the number of buckets of each sign's store.
    public let maximumBucketCount: Int
    /// The index mapping derived from `relativeAccuracy`.
    let mapping: LogarithmicMapping
    /// Buckets of positive values.
    var positive = BucketStore()
    /// Buckets of negative values, indexed by magnitude.
    var negative = BucketStore()
    /// Values with |x| < `minIndexableValue` (zeros, subnormals).
    public private(set) var zeroCount = 0
    /// NaN and infinite inputs (NaN is ignored by the quantiles and not in ``count``).
    public private(set) var nonFinite = NonFiniteCounts()
    /// Least and greatest finite values.
    var extremes = FiniteExtremes()

    /// An empty sketch with relative accuracy α ∈ (0, 1) and at most `maximumBucketCount` ≥ 2
    /// buckets per sign.
    public init(
        relativeAccuracy: Double = QuantileSketch.defaultRelativeAccuracy,
        maximumBucketCount: Int = QuantileSketch.defaultMaximumBucketCount
    ) {
        precondition(relativeAccuracy > 0 && relativeAccuracy < 1, "relative accuracy must be in (0, 1)")
        precondition(maximumBucketCount >= 2, "at least two buckets")
        self.relativeAccuracy = relativeAccuracy
        self.maximumBucketCount = maximumBucketCount
        mapping = LogarithmicMapping(relativeAccuracy: relativeAccuracy)
    }

    /// Magnitudes below this are counted as zeros (≈ 2.3·10⁻³⁰⁸ at α = 0.5%).
    public var minIndexableValue: Double { mapping.minIndexableValue }

    /// NaN inputs (ignored by the quantiles and not in ``count``).
    public var nanCount: Int { nonFinite.nan }

    /// Adds one value: a logarithm and an increment, no allocation in the steady state (see
    /// ``BucketStore``).
    public mutating func add(_ x: Double) {
        guard x.isFinite else {
            nonFinite.record(x)
            return
        }
        extremes.record(x)
        let magnitude = x.magnitude
        if magnitude < mapping.minIndexableValue {
            zeroCount += 1
            return
        }
        let index = mapping.index(magnitude)
        if x > 0 {
            positive.add(index: index, count: 1, limit: maximumBucketCount)
        } else {
            negative.add(index: index, count: 1, limit: maximumBucketCount)
        }
    }

    /// Adds `other`'s counts (exact).
    /// - Precondition: `isMergeable(with: other)` (same α and bucket limit).
    public mutating func merge(_ other: QuantileSketch) {
        precondition(isMergeable(with: other), "merging QuantileSketches with different parameters")
        positive.merge(other.positive, limit: maximumBucketCount)
        negative.merge(other.negative, limit: maximumBucketCount)
        zeroCount += other.zeroCount
        nonFinite.merge(other.nonFinite)
        extremes.merge(other.extremes)
    }

    /// True when α and the bucket limit are identical.
    public func isMergeable(with other: QuantileSketch) -> Bool {
        relativeAccuracy.bitPattern == other.relativeAccuracy.bitPattern
            && maximumBucketCount == other.maximumBucketCount
    }

    /// Number of non-NaN values added (the population of the quantiles).
    public var count: Int {
        nonFinite.negativeInfinity + negative.total + zeroCount + positive.total + nonFinite.positiveInfinity
    }

    /// The least non-NaN value, exact (NaN when empty).
    public var min: Double { nonFinite.minimum(finiteMinimum: extremes.minimum) }

    /// The greatest non-NaN value, exact (NaN when empty).
    public var max: Double { nonFinite.maximum(finiteMaximum: extremes.maximum) }

    /// Whether buckets were collapsed in either store (the guarantee then excludes the collapsed
    /// range, see ``collapsedMagnitudeBound``).
    public var hasCollapsed: Bool { positive.hasCollapsed || negative.hasCollapsed }

    /// For positive (`negative == false`) or negative values: nil if that store never collapsed,
    /// else the magnitude γ^(L−1) at or below which values of that sign may have been collapsed;
    /// quantiles whose true value has a larger magnitude keep the relative-error guarantee.
    public func collapsedMagnitudeBound(negative isNegative: Bool) -> Double? {
        let store = isNegative ? negative : positive
        guard store.hasCollapsed else { return nil }
        return mapping.lowerBound(store.minIndex)
    }

    /// The estimated q-quantile, q ∈ [0, 1]: within relative error α of the order statistic of
    /// rank ⌊q·(n − 1)⌋ (0-based; computed in floating point from the double q) — see the type's
    /// documentation for the guarantee. NaN for an empty sketch or q outside [0, 1].
    public func quantile(_ q: Double) -> Double {
        let n = count
        guard n > 0, q >= 0, q <= 1 else { return .nan }
        let lowest = min
        let highest = max
        func clamped(_ v: Double) -> Double { Swift.min(Swift.max(v, lowest), highest) }
        var r = Int((q * Double(n - 1)).rounded(.down))
        if r == 0 { return lowest }
        if r == n - 1 { return highest }
        if r < nonFinite.negativeInfinity { return -.infinity }
        r -= nonFinite.negativeInfinity
        if r < negative.total {
            for i in stride(from: negative.maxIndex, through: negative.minIndex, by: -1) {
                let c = negative.count(at: i)
                if r < c { return clamped(-mapping.representative(i)) }
                r -= c
            }
        }
        r -= negative.total
        if r < zeroCount { return clamped(0) }
        r -= zeroCount
        if r < positive.total {
            for i in positive.minIndex...positive.maxIndex {
                let c = positive.count(at: i)
                if r < c { return clamped(mapping.representative(i)) }
                r -= c
            }
        }
        return .infinity
    }

    /// ``quantile(_:)`` for each element of `qs`.
    public func quantiles(_ qs: [Double]) -> [Double] { qs.map { quantile($0) } }

    /// Number of buckets of storage currently held by both stores (at most 2·``maximumBucketCount``).
    public var bucketCapacity: Int { positive.counts.count + negative.counts.count }
}

extension QuantileSketch {
    /// Same parameters, counts, extremes (bitwise) and collapse state.
    public static func == (lhs: QuantileSketch, rhs: QuantileSketch) -> Bool {
        lhs.isMergeable(with: rhs) && lhs.zeroCount == rhs.zeroCount && lhs.nonFinite == rhs.nonFinite
            && lhs.extremes == rhs.extremes && lhs.positive == rhs.positive && lhs.negative == rhs.negative
    }

    /// Hashes the state compared by `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(relativeAccuracy.bitPattern)
        hasher.combine(maximumBucketCount)
        hasher.combine(zeroCount)
        hasher.combine(nonFinite)
        hasher.combine(extremes)
        hasher.combine(positive)
        hasher.combine(negative)
    }
}

extension QuantileSketch: Codable {
    private enum CodingKeys: String, CodingKey {
        case relativeAccuracy, maximumBucketCount, positive, negative, zeroCount
    }

    /// Encodes parameters, counts and the finite extremes (omitted while there are none), so the
    /// encoding contains only finite numbers; the non-finite counts sit beside the other keys (see
    /// ``NonFiniteCounts``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(relativeAccuracy, forKey: .relativeAccuracy)
        try container.encode(maximumBucketCount, forKey: .maximumBucketCount)
        try container.encode(positive, forKey: .positive)
        try container.encode(negative, forKey: .negative)
        try container.encode(zeroCount, forKey: .zeroCount)
        try nonFinite.encode(to: encoder)
        try extremes.encode(to: encoder)
    }

    /// Decodes and validates the encoding of ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let alpha = try container.decode(Double.self, forKey: .relativeAccuracy)
        let limit = try container.decode(Int.self, forKey: .maximumBucketCount)
        guard alpha > 0, alpha < 1, limit >= 2 else {
            throw DecodingError.dataCorruptedError(
                forKey: .relativeAccuracy, in: container,
                debugDescription: "relative accuracy must be in (0, 1) and the bucket limit at least 2")
        }
        self.init(relativeAccuracy: alpha, maximumBucketCount: limit)
        positive = try container.decode(BucketStore.self, forKey: .positive)
        negative = try container.decode(BucketStore.self, forKey: .negative)
        zeroCount = try container.decode(Int.self, forKey: .zeroCount)
        nonFinite = try NonFiniteCounts(from: decoder)
        extremes = try FiniteExtremes(from: decoder)
        for (store, key) in [(positive, CodingKeys.positive), (negative, .negative)] where store.total > 0 && store.maxIndex - store.minIndex >= limit {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "buckets \(store.minIndex)…\(store.maxIndex) span more than the limit \(limit)")
        }
        guard zeroCount >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .zeroCount, in: container, debugDescription: "negative count \(zeroCount)")
        }
        // Every count the sketch adds up (``count``, the NaNs beside it) must fit an Int.
        var finiteCount = 0, overflow = false
        for c in [positive.total, negative.total, zeroCount] where !overflow { (finiteCount, overflow) = finiteCount.addingReportingOverflow(c) }
        var allCount = finiteCount
        for c in [nonFinite.total] where !overflow { (allCount, overflow) = allCount.addingReportingOverflow(c) }
        guard !overflow else {
            throw DecodingError.dataCorruptedError(forKey: .zeroCount, in: container, debugDescription: "the counts add up to more than 2^63 − 1")
        }
        guard extremes.isConsistent(withFiniteCount: finiteCount) else {
            throw DecodingError.dataCorruptedError(
                forKey: .positive, in: container, debugDescription: "min and max do not fit the \(finiteCount) finite values counted")
        }
    }
}
