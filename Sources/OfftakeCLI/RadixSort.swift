import Dispatch
import Foundation

/// Sorting many doubles for `offtake sample`'s summary: a least-significant-digit radix sort, 6 passes
/// of 11 bits (the last of 9) over an order-preserving key of the bit pattern (sign bit flipped for
/// positives, all bits for negatives), skipping the passes in which every key has the same digit.
///
/// It returns exactly what the standard library's stable `sorted()` returns — the same doubles in the
/// same order — for arrays without NaN: both are stable, and −0 and +0 get the same key, so equal
/// values (which `<` cannot order) keep their input order in both. O(n) instead of O(n log n).
///
/// Each pass splits the array into `parts` consecutive slices, one per thread: every slice counts its
/// digits, and slice k writes its values after those of the same digit in slices 0 … k−1, so the
/// order is the one a single thread gives, on any number of threads.
enum RadixSort {
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

    @inline(__always) static func digit(_ x: Double, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key(x) >> shift) & UInt64(radix - 1))
    }

    /// `values.sorted()`; NaN-free input (draws of a distribution) for the radix path, else the
    /// comparison sort. `parts`: the threads to use (the result does not depend on it).
    static func sorted(_ values: [Double], parts requested: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        guard values.count >= threshold, !values.contains(where: \.isNaN) else { return values.sorted() }
        let n = values.count
        let parts = max(1, min(requested, 64, n / threshold))
        // The digits of every pass in each part of the input, counted in one read:
        // initial[(part · passes + pass) · radix + digit].
        var initial = [Int](repeating: 0, count: parts * RadixSort.passes * radix)
        values.withUnsafeBufferPointer { input in
            initial.withUnsafeMutableBufferPointer { c in
                nonisolated(unsafe) let input = input, c = c
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let base = part * RadixSort.passes * radix
                    for i in bounds(part, of: parts, n: n) {
                        let k = key(input[i])
                        for d in 0..<RadixSort.passes {
                            c[base &+ d &* radix &+ Int(truncatingIfNeeded: (k >> UInt64(d &* digitBits)) & UInt64(radix - 1))] &+= 1
                        }
                    }
                }
            }
        }
        // A pass whose digit is the same for every key leaves the order as it is: skipped.
        func total(pass d: Int, digit: Int) -> Int {
            (0..<parts).reduce(0) { $0 + initial[($1 * RadixSort.passes + d) * radix + digit] }
        }
        let passes = (0..<RadixSort.passes).filter { d in !(0..<radix).contains { total(pass: d, digit: $0) == n } }
        guard let firstPass = passes.first else { return values }
        var counts: [Int] = []
        for part in 0..<parts {
            let start: Int = (part * RadixSort.passes + firstPass) * radix
            counts += initial[start..<(start + radix)]
        }
        var first = [Double](unsafeUninitializedCapacity: n) { _, count in count = n }
        var second = passes.count > 1 ? [Double](unsafeUninitializedCapacity: n) { _, count in count = n } : []
        values.withUnsafeBufferPointer { input in
            first.withUnsafeMutableBufferPointer { a in
                second.withUnsafeMutableBufferPointer { b in
                    var source = input, target = a
                    for (i, d) in passes.enumerated() {
                        let next = i + 1 < passes.count ? passes[i + 1] : nil
                        counts = scatter(source, into: target, shift: d, counts: counts, nextShift: next, parts: parts)
                        source = UnsafeBufferPointer(target)
                        target = i % 2 == 0 ? b : a
                    }
                }
            }
        }
        return passes.count % 2 == 1 ? first : second
    }

    /// The positions of part `part` of `parts` of n values.
    @inline(__always) static func bounds(_ part: Int, of parts: Int, n: Int) -> Range<Int> {
        (n * part / parts)..<(n * (part + 1) / parts)
    }

    /// One stable counting pass: `target` receives `source` ordered by digit `pass`, given the counts
    /// of that digit in each part of `source` (`counts[part · radix + digit]`). Returns the counts of
    /// digit `nextPass` in each part of `target`, counted while writing (empty without a next pass).
    static func scatter(
        _ source: UnsafeBufferPointer<Double>, into target: UnsafeMutableBufferPointer<Double>,
        shift pass: Int, counts: [Int], nextShift nextPass: Int?, parts: Int
    ) -> [Int] {
        let n = source.count
        let shift = UInt64(pass * digitBits), nextShift = UInt64((nextPass ?? 0) * digitBits)
        // Where each part writes its first value of each digit: after every smaller digit, and after
        // the same digit of the parts before it.
        var offsets = counts
        var running = 0
        for digit in 0..<radix {
            for part in 0..<parts {
                let count = offsets[part * radix + digit]
                offsets[part * radix + digit] = running
                running += count
            }
        }
        // next[(thread · parts + destination part) · radix + digit].
        var next = [Int](repeating: 0, count: nextPass == nil ? 0 : parts * parts * radix)
        offsets.withUnsafeMutableBufferPointer { o in
            next.withUnsafeMutableBufferPointer { m in
                nonisolated(unsafe) let source = source, target = target, o = o, m = m
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let base = part * radix
                    if nextPass == nil {
                        for i in bounds(part, of: parts, n: n) {
                            let x = source[i]
                            let slot = base &+ digit(x, shift: shift)
                            target[o[slot]] = x
                            o[slot] &+= 1
                        }
                    } else {
                        let nextBase = part * parts * radix
                        for i in bounds(part, of: parts, n: n) {
                            let x = source[i]
                            let slot = base &+ digit(x, shift: shift)
                            let position = o[slot]
                            target[position] = x
                            o[slot] = position &+ 1
                            // The part of `target` holding `position` (the k with bounds(k) ∋ position).
                            let destination: Int = ((position &+ 1) &* parts &- 1) / n
                            let nextSlot: Int = nextBase &+ destination &* radix &+ digit(x, shift: nextShift)
                            m[nextSlot] &+= 1
                        }
                    }
                }
            }
        }
        guard nextPass != nil else { return [] }
        return (0..<(parts * radix)).map { slot in (0..<parts).reduce(0) { $0 + next[$1 * parts * radix + slot] } }
    }
}
