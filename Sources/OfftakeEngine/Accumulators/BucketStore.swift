/// A dense store of DDSketch bucket counts with a bounded number of buckets, collapsing the lowest
/// buckets: the bounded-size variant of C. Masson, J. E. Rim & H. K. Lee, "DDSketch", PVLDB
/// 12(12), 2019, §2.
///
/// Counts live in a contiguous window `counts[j]` = count of bucket `offset + j` that always
/// contains the non-empty range `minIndex…maxIndex` and is never longer than the bucket limit m.
/// Adding to a bucket inside the window is an increment (no allocation); the window is moved or
/// grown (geometrically, up to m) only when a value falls outside it, which in the steady state
/// happens only for new extremes.
///
/// **Collapsing rule.** If the raw bucket indices seen span more than m buckets, every index below
/// L = maxIndex − m + 1 is counted in bucket L. This state is a function of the multiset of indices
/// alone: L only increases as values arrive, and collapsing below L then below L′ ≥ L equals
/// collapsing below L′ once. So adding in any order and merging stores in any grouping gives the
/// same counts, and ``hasCollapsed`` (true iff the raw span exceeds m) is also order-independent.
struct BucketStore: Sendable {
    /// The window of counts; `counts[j]` is the count of bucket `offset + j`.
    private(set) var counts: [Int] = []
    /// The bucket index of `counts[0]`.
    private(set) var offset = 0
    /// Lowest non-empty bucket (`Int.max` while empty).
    private(set) var minIndex = Int.max
    /// Highest non-empty bucket (`Int.min` while empty).
    private(set) var maxIndex = Int.min
    /// Sum of all counts.
    private(set) var total = 0
    /// Whether low buckets were collapsed (the raw index span exceeded the limit).
    private(set) var hasCollapsed = false

    /// The empty store.
    init() {}

    /// Adds `count` observations to bucket `index`, collapsing so that at most `limit` buckets
    /// span the non-empty range.
    @inline(__always)
    mutating func add(index: Int, count: Int, limit: Int) {
        let j = index &- offset
        if j >= 0 && j < counts.count {
            // The window ⊇ minIndex…maxIndex and has at most `limit` buckets, so no collapse is due.
            counts.withUnsafeMutableBufferPointer { $0[j] &+= count }
            total &+= count
            if index < minIndex { minIndex = index }
            if index > maxIndex { maxIndex = index }
            return
        }
        addOutsideWindow(index: index, count: count, limit: limit)
    }

    /// The slow path of ``add(index:count:limit:)``: new extremes, collapsing, moving the window.
    private mutating func addOutsideWindow(index: Int, count: Int, limit: Int) {
        var target = index
        var newMin = index
        var newMax = index
        var collapsedCount = 0
        if total > 0 {
            if index > maxIndex {
                newMin = minIndex
                let lowest = index - limit + 1
                if lowest > minIndex {
                    // Collapse minIndex ..< lowest into `lowest` (which may lie above maxIndex).
                    for b in minIndex...Swift.min(lowest - 1, maxIndex) {
                        collapsedCount += counts[b - offset]
                        counts[b - offset] = 0
                    }
                    newMin = lowest
                    hasCollapsed = true
                }
            } else {  // index < minIndex: the window contains minIndex…maxIndex
                newMax = maxIndex
                if maxIndex - index + 1 > limit {
                    target = maxIndex - limit + 1
                    hasCollapsed = true
                }
                newMin = target
            }
        }
        moveWindow(covering: newMin, newMax, limit: limit)
        if collapsedCount > 0 { counts[newMin - offset] += collapsedCount }
        counts[target - offset] += count
        total += count
        minIndex = newMin
        maxIndex = newMax
    }

    /// Makes the window contain `low…high` (at most `limit` buckets), keeping every count of the
    /// current non-empty range; grows geometrically and centres the slack.
    private mutating func moveWindow(covering low: Int, _ high: Int, limit: Int) {
        if low >= offset && high < offset + counts.count { return }
        let needed = high - low + 1
        var length = counts.count
        if length < needed {
            length = Swift.min(limit, Swift.max(needed, 2 * counts.count, 64))
        }
        let newOffset = low - (length - needed) / 2
        if length == counts.count {
            let delta = newOffset - offset
            counts.withUnsafeMutableBufferPointer { p in
                let n = p.count
                if delta > 0 {
                    for j in 0..<n { p[j] = j + delta < n ? p[j + delta] : 0 }
                } else if delta < 0 {
                    for j in stride(from: n - 1, through: 0, by: -1) { p[j] = j + delta >= 0 ? p[j + delta] : 0 }
                }
            }
        } else {
            var fresh = [Int](repeating: 0, count: length)
            let from = Swift.max(offset, newOffset)
            let to = Swift.min(offset + counts.count, newOffset + length)
            if from < to {
                for b in from..<to { fresh[b - newOffset] = counts[b - offset] }
            }
            counts = fresh
        }
        offset = newOffset
    }

    /// Adds every bucket of `other` (highest first, so the collapse threshold is set at once).
    mutating func merge(_ other: BucketStore, limit: Int) {
        if other.hasCollapsed { hasCollapsed = true }
        guard other.total > 0 else { return }
        for b in stride(from: other.maxIndex, through: other.minIndex, by: -1) {
            let c = other.counts[b - other.offset]
            if c > 0 { add(index: b, count: c, limit: limit) }
        }
    }

    /// The count of bucket `index` (0 outside the window).
    func count(at index: Int) -> Int {
        let j = index - offset
        return j >= 0 && j < counts.count ? counts[j] : 0
    }

    /// The counts of `minIndex…maxIndex` (empty for an empty store): the canonical content.
    var occupiedCounts: ArraySlice<Int> {
        total > 0 ? counts[(minIndex - offset)...(maxIndex - offset)] : []
    }

    /// Bytes of bucket storage held (the window's capacity).
    var storageBytes: Int { counts.capacity * MemoryLayout<Int>.stride }
}

extension BucketStore: Hashable {
    /// Same non-empty range with the same counts and the same collapse flag (window placement
    /// and capacity are not compared).
    static func == (lhs: BucketStore, rhs: BucketStore) -> Bool {
        lhs.total == rhs.total && lhs.hasCollapsed == rhs.hasCollapsed
            && (lhs.total == 0 || (lhs.minIndex == rhs.minIndex && lhs.maxIndex == rhs.maxIndex))
            && lhs.occupiedCounts.elementsEqual(rhs.occupiedCounts)
    }

    /// Hashes the canonical content.
    func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        hasher.combine(hasCollapsed)
        if total > 0 { hasher.combine(minIndex) }
        for c in occupiedCounts { hasher.combine(c) }
    }
}

extension BucketStore: Codable {
    private enum CodingKeys: String, CodingKey { case offset, counts, collapsed }

    /// `{"offset": minIndex, "counts": [count of minIndex, …, count of maxIndex], "collapsed": false}`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total > 0 ? minIndex : 0, forKey: .offset)
        try container.encode(Array(occupiedCounts), forKey: .counts)
        try container.encode(hasCollapsed, forKey: .collapsed)
    }

    /// Bucket indices a decoded store may hold: |index| < 2⁴⁰. A finite double's bucket at any
    /// α ≥ 10⁻⁹ has |index| < 710/ln γ < 2⁴⁰, and the bound keeps `offset + counts.count` far from
    /// overflow.
    static let indexBound = 1 << 40

    /// Decodes ``encode(to:)``; the offset must be an index within ±``indexBound``, counts must be
    /// non-negative and their total must fit an `Int` (leading and trailing zeros are trimmed). The
    /// bucket limit is checked by the sketch. Every refusal names its key.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let first = try container.decode(Int.self, forKey: .offset)
        var stored = try container.decode([Int].self, forKey: .counts)
        hasCollapsed = try container.decode(Bool.self, forKey: .collapsed)
        guard first > -BucketStore.indexBound, first < BucketStore.indexBound else {
            throw DecodingError.dataCorruptedError(
                forKey: .offset, in: container, debugDescription: "bucket index \(first) is outside ±2^40")
        }
        guard stored.count < BucketStore.indexBound else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: container, debugDescription: "too many bucket counts")
        }
        var sum = 0
        for c in stored {
            guard c >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .counts, in: container, debugDescription: "bucket counts must be non-negative, found \(c)")
            }
            let (next, overflow) = sum.addingReportingOverflow(c)
            guard !overflow else {
                throw DecodingError.dataCorruptedError(
                    forKey: .counts, in: container, debugDescription: "the bucket counts add up to more than 2^63 − 1")
            }
            sum = next
        }
        guard let low = stored.firstIndex(where: { $0 > 0 }), let high = stored.lastIndex(where: { $0 > 0 }) else {
            return
        }
        stored = Array(stored[low...high])
        counts = stored
        offset = first + low
        minIndex = offset
        maxIndex = offset + stored.count - 1
        total = sum
    }
}
