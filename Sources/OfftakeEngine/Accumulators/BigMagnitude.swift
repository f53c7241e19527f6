/// A non-negative arbitrary-precision integer in base 2³², for the exact finishing computations of
/// ``ExactSum`` (rounding) and ``Moments`` (mean and variance as exact rationals, rounded once).
/// Schoolbook algorithms (D. E. Knuth, "The Art of Computer Programming", vol. 2, 3rd ed., §4.3.1,
/// Algorithms A, S, M and the short division of exercise 16). Never on a per-observation path.
struct BigMagnitude: Sendable, Equatable {
    /// Little-endian base-2³² digits, each < 2³², without leading (high) zero digits.
    private(set) var digits: [UInt64]

    private static let mask: UInt64 = 0xFFFF_FFFF

    /// From little-endian base-2³² digits (each must be < 2³²).
    init(digits: [UInt64]) {
        self.digits = digits
        trim()
    }

    /// From a machine integer.
    init(_ value: UInt64) {
        self.init(digits: [value & BigMagnitude.mask, value >> 32])
    }

    private mutating func trim() {
        while let last = digits.last, last == 0 { digits.removeLast() }
    }

    /// Whether the value is 0.
    var isZero: Bool { digits.isEmpty }

    /// Number of significant bits (0 for zero).
    var bitLength: Int {
        guard let top = digits.last else { return 0 }
        return 32 * (digits.count - 1) + 64 - top.leadingZeroBitCount
    }

    /// Digit `i`, 0 beyond the stored digits.
    private func digit(_ i: Int) -> UInt64 { i < digits.count ? digits[i] : 0 }

    /// The product (Knuth's Algorithm M). Each step a·b + r + carry ≤ (2³²−1)² + 2(2³²−1) < 2⁶⁴.
    static func * (a: BigMagnitude, b: BigMagnitude) -> BigMagnitude {
        if a.isZero || b.isZero { return BigMagnitude(digits: []) }
        var r = [UInt64](repeating: 0, count: a.digits.count + b.digits.count)
        for i in a.digits.indices {
            var carry: UInt64 = 0
            let ai = a.digits[i]
            for j in b.digits.indices {
                let t = ai * b.digits[j] + r[i + j] + carry
                r[i + j] = t & mask
                carry = t >> 32
            }
            r[i + b.digits.count] = carry
        }
        return BigMagnitude(digits: r)
    }

    /// The value times 2^bits.
    func shiftedLeft(_ bits: Int) -> BigMagnitude {
        precondition(bits >= 0)
        if isZero { return self }
        let whole = bits >> 5
        let part = UInt64(bits & 31)
        var r = [UInt64](repeating: 0, count: digits.count + whole + 1)
        for (i, c) in digits.enumerated() {
            let v = c << part
            r[i + whole] |= v & BigMagnitude.mask
            r[i + whole + 1] |= v >> 32
        }
        return BigMagnitude(digits: r)
    }

    /// Three-way comparison.
    static func compare(_ a: BigMagnitude, _ b: BigMagnitude) -> Int {
        if a.digits.count != b.digits.count { return a.digits.count < b.digits.count ? -1 : 1 }
        for i in stride(from: a.digits.count - 1, through: 0, by: -1) where a.digits[i] != b.digits[i] {
            return a.digits[i] < b.digits[i] ? -1 : 1
        }
        return 0
    }

    /// a − b for a ≥ b (Knuth's Algorithm S).
    static func - (a: BigMagnitude, b: BigMagnitude) -> BigMagnitude {
        precondition(compare(a, b) >= 0, "BigMagnitude subtraction would be negative")
        var r = a.digits
        var borrow: Int64 = 0
        for i in r.indices {
            var t = Int64(r[i]) - Int64(b.digit(i)) - borrow
            borrow = 0
            if t < 0 {
                t += 1 << 32
                borrow = 1
            }
            r[i] = UInt64(t)
        }
        return BigMagnitude(digits: r)
    }

    /// ⌊value / d⌋ and whether the division was exact (short division; d > 0).
    func divided(by d: UInt64) -> (quotient: BigMagnitude, isExact: Bool) {
        precondition(d > 0)
        var q = [UInt64](repeating: 0, count: digits.count)
        var r: UInt64 = 0
        for i in stride(from: digits.count - 1, through: 0, by: -1) {
            // (r·2³² + digit) / d with r < d: the quotient digit is < 2³².
            let (qi, ri) = d.dividingFullWidth((high: r >> 32, low: (r << 32) | digits[i]))
            q[i] = qi
            r = ri
        }
        return (BigMagnitude(digits: q), r == 0)
    }

    /// The 64 bits starting at bit `position` (≥ 0).
    private func bits(from position: Int) -> UInt64 {
        let q = position >> 5
        let r = UInt64(position & 31)
        return (digit(q) >> r) | (digit(q + 1) << (32 - r)) | (digit(q + 2) << (64 - r))
    }

    /// Whether any bit below `position` is set.
    private func anyBit(below position: Int) -> Bool {
        guard position > 0 else { return false }
        let q = Swift.min(position >> 5, digits.count)
        if digits[..<q].contains(where: { $0 != 0 }) { return true }
        let r = UInt64(position & 31)
        return r > 0 && digit(position >> 5) & ((1 << r) - 1) != 0
    }

    /// (−1)^negative · (value + f) · 2^unitExponent rounded to the nearest double, ties to even
    /// (IEEE 754-2019 §4.3.1), where 0 ≤ f < 1 is an unknown fraction that is non-zero iff
    /// `sticky` (the remainder of a preceding division).
    ///
    /// The kept bits start at p = max(L − 53, −1074 − unitExponent) (L the bit length: 53
    /// significant bits, or fewer in the subnormal range); bit p − 1 is the round bit and the bits
    /// below it together with `sticky` form the sticky bit. If p ≤ 0 every bit is representable
    /// (then `sticky` must be false: callers scale the dividend so that it is). Overflow gives ±∞.
    func rounded(negative: Bool, unitExponent: Int, sticky: Bool = false) -> Double {
        let sign: FloatingPointSign = negative ? .minus : .plus
        if isZero && !sticky { return 0 }
        let length = bitLength
        let p = Swift.max(length - 53, -1074 - unitExponent)
        if p <= 0 {
            precondition(!sticky, "BigMagnitude.rounded: the fraction lies above the rounding position")
            return Double(sign: sign, exponent: unitExponent, significand: Double(bits(from: 0)))
        }
        var m = p >= length ? 0 : bits(from: p) & ((1 << 53) - 1)
        let roundBit = bits(from: p - 1) & 1 == 1
        if roundBit && (sticky || anyBit(below: p - 1) || m & 1 == 1) { m += 1 }
        return Double(sign: sign, exponent: p + unitExponent, significand: Double(m))
    }
}
