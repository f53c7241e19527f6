import Dispatch

/// Sorting many doubles for `offtake sample`'s summary: a least-significant-digit radix sort of
/// order-preserving 64-bit keys (sign bit flipped for positives, all bits for negatives; −0 and +0 one
/// key), 6 passes of 11 bits (the last of 9), skipping the passes in which every key has the same
/// digit.
///
/// It returns exactly what the standard library's stable `sorted()` returns — the same doubles in the
/// same order — for arrays without NaN: both are stable, so equal values (which `<` cannot order) keep
/// their input order in both. The keys are sorted, not the doubles, and turned back into doubles at
/// the end; the one key shared by two doubles, that of ±0, is turned back into the input's zeros in
/// their input order, which is the stable sort's order of them. O(n) instead of O(n log n).
///
/// Each pass splits the keys into `parts` consecutive slices, one per thread: every slice counts its
/// digits, and slice k writes its keys after those with the same digit in slices 0 … k−1, so the order
/// is the one a single thread gives, on any number of threads.
public enum RadixSort {
    /// Below this many values the comparison sort is as fast.
    static let threshold = 1 << 12
    /// Bits per digit, and the number of passes over the 64-bit key.
    static let digitBits = 11
    static let passes = (64 + digitBits - 1) / digitBits
    static let radix = 1 << digitBits

    /// The order-preserving key of x: −0 and +0 one key (as `<` sees them).
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// The double of a key (+0 for the key of zero).
    @inline(__always) static func value(ofKey k: UInt64) -> Double {
        Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
    }

    /// The positions of part `part` of `parts` of n values.
    @inline(__always) static func bounds(_ part: Int, of parts: Int, n: Int) -> Range<Int> {
        (n * part / parts)..<(n * (part + 1) / parts)
    }

    /// `values.sorted()`; NaN-free input (draws of a distribution) for the radix path, else the
    /// comparison sort. `parts`: the threads to use (the result does not depend on it).
    public static func sorted(_ values: [Double], parts requested: Int = RunRequest.activeCores) -> [Double] {
        guard values.count >= threshold, !values.contains(where: \.isNaN) else { return values.sorted() }
        let n = values.count
        let parts = max(1, min(requested, 64, n / threshold))
        // Two buffers of n words: the keys, and the other half of each pass; the doubles end in one.
        var first = [Double](unsafeUninitializedCapacity: n) { _, count in count = n }
        var second = [Double](unsafeUninitializedCapacity: n) { _, count in count = n }
        var sortedInFirst = true
        values.withUnsafeBufferPointer { input in
            first.withUnsafeMutableBufferPointer { a in
                second.withUnsafeMutableBufferPointer { b in
                    a.withMemoryRebound(to: UInt64.self) { keysA in
                        b.withMemoryRebound(to: UInt64.self) { keysB in
                            nonisolated(unsafe) let input = input, keysA = keysA
                            DispatchQueue.concurrentPerform(iterations: parts) { part in
                                for i in bounds(part, of: parts, n: n) { keysA[i] = key(input[i]) }
                            }
                            var source = keysA, target = keysB
                            for pass in 0..<RadixSort.passes {
                                guard sortPass(source, into: target, shift: UInt64(pass * digitBits), parts: parts) else { continue }
                                swap(&source, &target)
                                sortedInFirst.toggle()
                            }
                            // The doubles, into the buffer not holding the sorted keys.
                            let output = sortedInFirst ? b : a
                            let zeroKey = key(0)
                            var nextZero = 0  // the input's zeros, in input order, for the key of ±0
                            for i in 0..<n {
                                let k = source[i]
                                if k == zeroKey {
                                    while input[nextZero] != 0 { nextZero += 1 }
                                    output[i] = input[nextZero]
                                    nextZero += 1
                                } else {
                                    output[i] = value(ofKey: k)
                                }
                            }
                        }
                    }
                }
            }
        }
        return sortedInFirst ? second : first
    }

    /// One stable counting pass: `target` receives `source` ordered by the digit at `shift`. Returns
    /// false, writing nothing, when every key has the same digit (the pass would not change the order).
    static func sortPass(_ source: UnsafeMutableBufferPointer<UInt64>, into target: UnsafeMutableBufferPointer<UInt64>,
                         shift: UInt64, parts: Int) -> Bool {
        let n = source.count
        let mask = UInt64(radix - 1)
        // counts[part · radix + digit], then where each part writes its first key of each digit: after
        // every smaller digit, and after the same digit of the parts before it.
        var counts = [Int](repeating: 0, count: parts * radix)
        var skip = false
        counts.withUnsafeMutableBufferPointer { c in
            nonisolated(unsafe) let source = source, target = target, c = c
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let base = part * radix
                for i in bounds(part, of: parts, n: n) { c[base &+ Int(truncatingIfNeeded: (source[i] >> shift) & mask)] &+= 1 }
            }
            var running = 0
            for digit in 0..<radix {
                var total = 0
                for part in 0..<parts {
                    let count = c[part * radix + digit]
                    c[part * radix + digit] = running
                    running += count
                    total += count
                }
                if total == n { skip = true }
            }
            guard !skip else { return }
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let base = part * radix
                for i in bounds(part, of: parts, n: n) {
                    let k = source[i]
                    let slot = base &+ Int(truncatingIfNeeded: (k >> shift) & mask)
                    target[c[slot]] = k
                    c[slot] &+= 1
                }
            }
        }
        return !skip
    }
}
