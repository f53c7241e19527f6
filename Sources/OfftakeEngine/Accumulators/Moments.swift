/// Count, mean, sample variance, standard error, minimum and maximum of a stream of doubles,
/// computed from exact sums so that merging is exact and order-independent.
///
/// State: the count n, the exact sums S₁ = Σdᵢ and S₂ = Σdᵢ² of dᵢ = xᵢ − c (c = ``shift``,
/// default 0), and the exact minimum and maximum (IEEE total order, so −0 < +0 and the result does
/// not depend on arrival order).
///
/// - mean x̄ = c + S₁/n
/// - unbiased sample variance s² = M₂/(n − 1), M₂ = Σ(dᵢ − d̄)² = S₂ − S₁²/n, i.e.
///   s² = (n·S₂ − S₁²) / (n(n − 1))
/// - standard error of the mean s/√n = √(s²/n).
///
/// **Cancellation, and why it does not arise here.** Evaluated in floating point, S₂ − S₁²/n
/// loses about log₁₀(1 + d̄²/s²) decimal digits (T. F. Chan, G. H. Golub & R. J. LeVeque,
/// "Algorithms for computing the sample variance: analysis and recommendations", Amer. Statist.
/// 37(3), 1983): for x ≈ 10⁹ with s ≈ 10⁻³, all sixteen. Here nothing is evaluated in floating point
/// until the very end:
///
/// 1. S₁ and S₂ are exact integers in units of 2⁻¹⁰⁷⁴ (``ExactSum``); dᵢ² is added exactly as the
///    pair hi + lo of TwoProduct (hi = d·d, lo = fma(d, d, −hi); T. Ogita, S. M. Rump & S. Oishi,
///    "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005, Alg. 3.5), which is exact
///    unless lo underflows (|d| < 2⁻⁴⁸⁵ ≈ 10⁻¹⁴⁶, an absolute error below 2⁻¹⁰⁷⁴ per value).
/// 2. n·S₂ − S₁² and the divisions by n and n − 1 are carried out in exact integer arithmetic
///    (``BigMagnitude``) and rounded once. So with c = 0 the mean and the variance are the
///    *correctly rounded* values of the exact sample statistics of the doubles added (constant data
///    give exactly 0), and the standard error is within one ulp.
/// 3. The shift c of Chan, Golub & LeVeque's shifted-data algorithm is kept as an init parameter
///    for data whose squares would overflow (|x| ≳ 1.3·10¹⁵⁴, then S₂ is +∞) or underflow:
///    choose c near the data (e.g. the metric's deterministic base-case value). With c ≠ 0 each
///    dᵢ = xᵢ − c is rounded once (exact when xᵢ is within a factor 2 of c, by Sterbenz's lemma),
///    deterministically, so merging stays exact; and the mean c + S₁/n is rounded twice.
///
/// Non-finite observations are counted (``nonFinite``) but not summed; mean and variance then
/// follow IEEE 754 (NaN if a NaN or both infinities occurred, the mean is ±∞ with infinities of one
/// sign, the variance NaN).
public struct Moments: Accumulator {
    /// The constant c subtracted from every observation before summing (see the type's
    /// documentation). Two `Moments` merge only if their shifts are identical.
    public let shift: Double
    /// Number of observations, including non-finite ones.
    public private(set) var count: Int
    /// S₁ = Σ(x − c) over the finite observations.
    var sum: ExactSum
    /// S₂ = Σ(x − c)² over the finite observations, exactly (TwoProduct pairs).
    var sumOfSquares: ExactSum
    /// Least and greatest finite observations.
    var extremes: FiniteExtremes
    /// The NaN and infinite observations, counted but not summed.
    public private(set) var nonFinite: NonFiniteCounts

    /// Empty moments; `shift` (finite) is subtracted from every observation before summing.
    public init(shift: Double = 0) {
        precondition(shift.isFinite, "Moments.shift must be finite")
        self.shift = shift
        count = 0
        sum = ExactSum()
        sumOfSquares = ExactSum()
        extremes = FiniteExtremes()
        nonFinite = NonFiniteCounts()
    }

    /// Adds one observation: three exact additions and a min/max update, no allocation.
    public mutating func add(_ x: Double) {
        count += 1
        guard x.isFinite else {
            nonFinite.record(x)
            return
        }
        extremes.record(x)
        let d = x - shift
        sum.add(d)
        let high = d * d
        if high.isFinite {
            sumOfSquares.add(high, (-high).addingProduct(d, d))  // TwoProduct: d² = high + low exactly
        } else {
            sumOfSquares.add(high)
        }
    }

    /// Adds `other`'s observations exactly.
    /// - Precondition: `isMergeable(with: other)` (identical shift).
    /// Adds every value of `values` in order: the same state as `add(_:)` one by one (the sums are
    /// exact, so only the cost differs). When every value is finite and neither x − shift nor its
    /// square overflows, the two sums' limbs are borrowed once for the whole batch instead of once
    /// per value (each borrow is a copy-on-write uniqueness check); otherwise values go one by one.
    public mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        let c = shift
        var simple = true
        for x in values where !((x - c) * (x - c)).isFinite { simple = false; break }  // false also for x or x − c non-finite
        guard simple else {
            for x in values { add(x) }
            return
        }
        if sum.pendingAdditions &+ values.count >= ExactSum.carryInterval { sum.normalize() }
        if sumOfSquares.pendingAdditions &+ 2 &* values.count >= ExactSum.carryInterval { sumOfSquares.normalize() }
        var extremes = self.extremes
        sum.limbs.withUnsafeMutableBufferPointer { s in
            sumOfSquares.limbs.withUnsafeMutableBufferPointer { q in
                for x in values {
                    extremes.record(x)
                    let d = x - c
                    ExactSum.accumulate(d, into: s)
                    let high = d * d
                    ExactSum.accumulate(high, into: q)
                    ExactSum.accumulate((-high).addingProduct(d, d), into: q)  // TwoProduct: d² = high + low exactly
                }
            }
        }
        self.extremes = extremes
        count &+= values.count
        sum.pendingAdditions &+= values.count
        sumOfSquares.pendingAdditions &+= 2 &* values.count
    }

    public mutating func merge(_ other: Moments) {
        precondition(isMergeable(with: other), "merging Moments with different shifts")
        count += other.count
        sum.merge(other.sum)
        sumOfSquares.merge(other.sumOfSquares)
        extremes.merge(other.extremes)
        nonFinite.merge(other.nonFinite)
    }

    /// True when the shifts are bit-identical.
    public func isMergeable(with other: Moments) -> Bool { shift.bitPattern == other.shift.bitPattern }

    /// Number of finite observations.
    public var finiteCount: Int { count - nonFinite.total }

    /// Bits of headroom given to a dividend before each short division by a count (< 2⁶³), so
    /// that the quotient keeps more than 64 significant bits and the remainder only feeds the
    /// sticky bit of the final rounding.
    private static let divisionHeadroom = 64

    /// The arithmetic mean c + S₁/n (NaN when empty): S₁/n is correctly rounded, so the mean is
    /// correctly rounded when c = 0.
    public var mean: Double {
        if let m = nonFinite.ieeeSum { return m }  // IEEE: the mean of a sum with ±∞ or NaN
        guard count > 0 else { return .nan }
        guard sum.isFinite else { return shift + sum.value }  // some x − c overflowed
        let (negative, a) = sum.signedMagnitude
        let headroom = 2 * Moments.divisionHeadroom
        let (q, exact) = a.shiftedLeft(headroom).divided(by: UInt64(count))
        return shift + q.rounded(negative: negative, unitExponent: -1074 - headroom, sticky: !exact)
    }

    /// (n·S₂ − S₁²)·2⁻²¹⁴⁸ / (n(n−1)·nᵏ), k = `extraDivisions`, correctly rounded; S₁ and S₂ are
    /// integers A, B in units of 2⁻¹⁰⁷⁴, so n·S₂ − S₁² = (n·B·2¹⁰⁷⁴ − A²)·2⁻²¹⁴⁸ exactly.
    private func exactVariance(extraDivisions: Int) -> Double {
        guard sumOfSquares.isFinite else { return .infinity }  // some d² overflowed
        let n = UInt64(count)
        let a = sum.signedMagnitude.magnitude
        let (bNegative, b) = sumOfSquares.signedMagnitude
        guard !bNegative else { return 0 }  // only possible through underflow of lo; S₂ ≥ 0
        let nB = (b * BigMagnitude(n)).shiftedLeft(1074)
        let aa = a * a
        guard BigMagnitude.compare(nB, aa) > 0 else { return 0 }  // Cauchy–Schwarz: equality iff constant
        let divisors = [n, n - 1] + [UInt64](repeating: n, count: extraDivisions)
        let headroom = Moments.divisionHeadroom * (divisors.count + 1)
        var q = (nB - aa).shiftedLeft(headroom)
        var exact = true
        for d in divisors {
            let step = q.divided(by: d)
            q = step.quotient
            exact = exact && step.isExact
        }
        return q.rounded(negative: false, unitExponent: -2148 - headroom, sticky: !exact)
    }

    /// Unbiased sample variance s² = M₂/(n − 1); NaN for fewer than two observations or any
    /// non-finite observation.
    /// Correctly rounded (with c = 0; see the type's documentation).
    public var variance: Double {
        guard nonFinite.isEmpty, count > 1 else { return .nan }
        return exactVariance(extraDivisions: 0)
    }

    /// Sample standard deviation s = √s².
    public var standardDeviation: Double { variance.squareRoot() }

    /// Standard error of the mean s/√n = √(s²/n), with s²/n correctly rounded before the square
    /// root (so within one ulp).
    public var standardError: Double {
        guard nonFinite.isEmpty, count > 1 else { return .nan }
        return exactVariance(extraDivisions: 1).squareRoot()
    }

    /// The least observation: −∞ if any −∞ was added, else the least finite one, else +∞ if a
    /// +∞ was added; NaN when there is no non-NaN observation.
    public var min: Double { nonFinite.minimum(finiteMinimum: extremes.minimum) }

    /// The greatest observation (mirror of ``min``).
    public var max: Double { nonFinite.maximum(finiteMaximum: extremes.maximum) }
}

extension Moments {
    /// Same shift, count, exact sums, extremes (bitwise, so −0 ≠ +0) and non-finite counts.
    public static func == (lhs: Moments, rhs: Moments) -> Bool {
        lhs.shift.bitPattern == rhs.shift.bitPattern && lhs.count == rhs.count && lhs.nonFinite == rhs.nonFinite
            && lhs.extremes == rhs.extremes && lhs.sum == rhs.sum && lhs.sumOfSquares == rhs.sumOfSquares
    }

    /// Hashes the state compared by `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(shift.bitPattern)
        hasher.combine(count)
        hasher.combine(nonFinite)
        hasher.combine(extremes)
        hasher.combine(sum)
        hasher.combine(sumOfSquares)
    }
}

extension Moments: Codable {
    private enum CodingKeys: String, CodingKey {
        case shift, count, sum, sumOfSquares
    }

    /// Encodes the state; the finite extremes are omitted while there are none (so the encoding
    /// contains only finite numbers and suits plain JSON); the non-finite counts sit beside the
    /// other keys (see ``NonFiniteCounts``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shift, forKey: .shift)
        try container.encode(count, forKey: .count)
        try container.encode(sum, forKey: .sum)
        try container.encode(sumOfSquares, forKey: .sumOfSquares)
        try extremes.encode(to: encoder)
        try nonFinite.encode(to: encoder)
    }

    /// Decodes and validates the encoding of ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let shift = try container.decode(Double.self, forKey: .shift)
        guard shift.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .shift, in: container, debugDescription: "shift must be finite")
        }
        self.init(shift: shift)
        count = try container.decode(Int.self, forKey: .count)
        sum = try container.decode(ExactSum.self, forKey: .sum)
        sumOfSquares = try container.decode(ExactSum.self, forKey: .sumOfSquares)
        extremes = try FiniteExtremes(from: decoder)
        nonFinite = try NonFiniteCounts(from: decoder)
        // NonFiniteCounts' total cannot overflow (checked when decoded); count ≥ total then makes
        // `finiteCount` safe too.
        guard count >= nonFinite.total else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container, debugDescription: "count \(count) is less than the \(nonFinite.total) non-finite values counted")
        }
        guard extremes.isConsistent(withFiniteCount: finiteCount) else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container, debugDescription: "min and max do not fit the \(finiteCount) finite values counted")
        }
    }
}
