/// Sorting many doubles for `offtake sample`'s summary: a least-significant-digit radix sort, 8 passes
/// of 8 bits over an order-preserving key of the bit pattern (sign bit flipped for positives, all
/// bits for negatives), skipping the passes in which every key has the same digit.
///
/// It returns exactly what the standard library's stable `sorted()` returns — the same doubles in the
/// same order — for arrays without NaN: both are stable, and −0 and +0 get the same key, so equal
/// values (which `<` cannot order) keep their input order in both. O(n) instead of O(n log n): about
/// 4× faster for 10⁷ draws.
enum RadixSort {
    /// Below this many values the comparison sort is as fast.
    static let threshold = 1 << 12

    /// `values.sorted()`; NaN-free input (draws of a distribution) for the radix path, else the
    /// comparison sort.
    static func sorted(_ values: [Double]) -> [Double] {
        guard values.count >= threshold, !values.contains(where: \.isNaN) else { return values.sorted() }
        @inline(__always) func key(_ x: Double) -> UInt64 {
            let bits = (x == 0 ? 0.0 : x).bitPattern  // −0 and +0: one key, as `<` sees them
            return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
        }
        let n = values.count
        // The eight digit histograms in one pass.
        var counts = [Int](repeating: 0, count: 8 * 256)
        values.withUnsafeBufferPointer { source in
            counts.withUnsafeMutableBufferPointer { c in
                for x in source {
                    let k = key(x)
                    for d in 0..<8 { c[d << 8 | Int(truncatingIfNeeded: (k >> (8 * UInt64(d))) & 0xFF)] += 1 }
                }
            }
        }
        var source = values
        var target = [Double](repeating: 0, count: n)
        for d in 0..<8 {
            let base = d << 8
            if counts[base..<(base + 256)].contains(n) { continue }  // every key has the same digit here
            var offsets = [Int](repeating: 0, count: 256)
            var running = 0
            for b in 0..<256 {
                offsets[b] = running
                running += counts[base + b]
            }
            let shift = 8 * UInt64(d)
            source.withUnsafeBufferPointer { s in
                target.withUnsafeMutableBufferPointer { t in
                    offsets.withUnsafeMutableBufferPointer { o in
                        for x in s {
                            let b = Int(truncatingIfNeeded: (key(x) >> shift) & 0xFF)
                            t[o[b]] = x
                            o[b] += 1
                        }
                    }
                }
            }
            swap(&source, &target)
        }
        return source
    }
}
