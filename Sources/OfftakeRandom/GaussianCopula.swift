/// Problems with a correlation matrix.
public enum CorrelationMatrixError: Error, Sendable, Hashable {
    /// Rows of differing length, or not as many rows as columns.
    case notSquare
    /// A diagonal entry that is not 1 (tolerance 1e-12).
    case diagonalNotOne(index: Int, value: Double)
    /// An off-diagonal entry with |r| > 1 or that is not finite.
    case entryOutOfRange(row: Int, column: Int, value: Double)
    /// m[row][column] ≠ m[column][row] (tolerance 1e-12); reported once per pair, row < column.
    case notSymmetric(row: Int, column: Int, value: Double, transposed: Double)
    /// The smallest eigenvalue is below −1e-10.
    case notPositiveSemidefinite(smallestEigenvalue: Double)
}

/// Validation and eigenvalues of correlation matrices.
public enum CorrelationMatrix {
    /// Tolerance on the diagonal and on symmetry.
    public static let entryTolerance = 1e-12
    /// Eigenvalues ≥ −1e-10 count as non-negative.
    public static let eigenvalueTolerance = 1e-10

    /// Eigenvalues of a symmetric matrix, ascending, by the cyclic Jacobi method
    /// (C. G. J. Jacobi 1846; Golub & Van Loan, "Matrix Computations", 4th ed., §8.5.2, Alg. 8.5.3;
    /// rotation formulas as in Numerical Recipes 3rd ed. §11.1, eqs. 11.1.8–11.1.18): each rotation
    /// zeroes one off-diagonal pair with t = sgn(θ)/(|θ| + √(θ²+1)), θ = (a_qq − a_pp)/(2a_pq);
    /// sweeps repeat until the off-diagonal mass is negligible (quadratic convergence).
    /// Only the lower triangle's mirror is assumed; pass a symmetric matrix.
    public static func eigenvalues(_ m: [[Double]]) -> [Double] {
        let n = m.count
        if n == 0 { return [] }
        var a = [Double](repeating: 0, count: n * n)
        var norm = 0.0
        for i in 0..<n {
            for j in 0..<n {
                let v = j < m[i].count ? m[i][j] : 0
                a[i * n + j] = v
                norm += v * v
            }
        }
        if !norm.isFinite { return [Double](repeating: .nan, count: n) }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<n where j < n { off += a[i * n + j] * a[i * n + j] } }
            if off <= 1e-32 * norm || off == 0 { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t: Double
                    if abs(theta) > 1e150 {
                        t = 1 / (2 * theta)
                    } else {
                        t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    }
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p]
                        let akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k]
                        let aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0 * n + $0] }.sorted()
    }

    /// All problems of a candidate correlation matrix (empty when valid): shape, unit diagonal,
    /// entries in [−1, 1], symmetry, and positive semi-definiteness (smallest eigenvalue ≥ −1e-10;
    /// checked only when the earlier checks pass).
    public static func validate(_ m: [[Double]]) -> [CorrelationMatrixError] {
        let n = m.count
        if m.contains(where: { $0.count != n }) { return [.notSquare] }
        var errors: [CorrelationMatrixError] = []
        for i in 0..<n where !(abs(m[i][i] - 1) <= entryTolerance) {
            errors.append(.diagonalNotOne(index: i, value: m[i][i]))
        }
        for i in 0..<n {
            for j in 0..<n where i != j && !(abs(m[i][j]) <= 1) {
                errors.append(.entryOutOfRange(row: i, column: j, value: m[i][j]))
            }
        }
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) where m[i][j].isFinite && m[j][i].isFinite
                && !(abs(m[i][j] - m[j][i]) <= entryTolerance) {
                errors.append(.notSymmetric(row: i, column: j, value: m[i][j], transposed: m[j][i]))
            }
        }
        if errors.isEmpty {
            let smallest = eigenvalues(m).first ?? 0
            if !(smallest >= -eigenvalueTolerance) {
                errors.append(.notPositiveSemidefinite(smallestEigenvalue: smallest))
            }
        }
        return errors
    }
}

/// Gaussian copula: maps independent U(0,1) to U(0,1) whose normal scores Φ⁻¹(uᵢ) have the given
/// correlation matrix R.
///
/// Method (Nelsen, "An Introduction to Copulas", 2nd ed., §2.9; McNeil, Frey & Embrechts,
/// "Quantitative Risk Management", 2005, Algorithm 5.9): factor R = L·Lᵀ once (Cholesky), then for
/// each draw z = L·Φ⁻¹(u), u′ᵢ = Φ(zᵢ). Each u′ᵢ is again U(0,1) and corr(Φ⁻¹(u′ᵢ), Φ⁻¹(u′ⱼ)) = Rᵢⱼ.
/// Feeding u′ᵢ to ``Distribution/sample(_:)`` gives the marginals exactly.
public struct GaussianCopula: Sendable {
    /// Row-major lower-triangular factor L.
    private let factor: [Double]
    /// Number of variables (rows of the correlation matrix).
    public let dimension: Int

    /// Validates the matrix (``CorrelationMatrix/validate(_:)``, throwing the first problem) and
    /// computes its Cholesky factor (Golub & Van Loan §4.2.5, outer-product form). Positive
    /// semi-definite matrices are allowed: a pivot ≤ 1e-12 is treated as zero and its column of L
    /// is set to zero (the variable is then an exact linear combination of the earlier ones).
    public init(correlation: [[Double]]) throws(CorrelationMatrixError) {
        if let first = CorrelationMatrix.validate(correlation).first { throw first }
        let n = correlation.count
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = correlation[j][j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            let pivot = d > 1e-12 ? d.squareRoot() : 0
            l[j * n + j] = pivot
            for i in (j + 1)..<max(n, j + 1) {
                if pivot == 0 {
                    l[i * n + j] = 0
                    continue
                }
                var s = correlation[i][j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / pivot
            }
        }
        // Renormalise rows so that each zᵢ has unit variance exactly (guards rounding in
        // semi-definite cases, where dropped pivots would otherwise shrink the row norm slightly).
        for i in 0..<n {
            var norm = 0.0
            for k in 0...i { norm += l[i * n + k] * l[i * n + k] }
            if norm > 0 {
                let scale = 1 / norm.squareRoot()
                for k in 0...i { l[i * n + k] *= scale }
            }
        }
        factor = l
        dimension = n
    }

    /// In place: independent U(0,1) → correlated U(0,1) via z = L·Φ⁻¹(u), u′ = Φ(z), clamped to the
    /// open interval [2⁻¹⁰⁷⁴, 1 − 2⁻⁵³]. `uniforms.count` must equal ``dimension``.
    /// Maps independent uniforms to uniforms with the copula's correlation (allocates a scratch buffer).
    public func correlate(_ uniforms: inout [Double]) {
        var z = [Double](repeating: 0, count: dimension)
        correlate(&uniforms, scratch: &z)
    }

    /// `correlate(_:)` without allocating: `scratch` (any content) is resized to `dimension` once.
    public func correlate(_ uniforms: inout [Double], scratch z: inout [Double]) {
        precondition(uniforms.count == dimension, "GaussianCopula: expected \(dimension) uniforms, got \(uniforms.count)")
        let n = dimension
        if z.count != n { z = [Double](repeating: 0, count: n) }
        for i in 0..<n { z[i] = StandardNormal.quantile(uniforms[i]) }
        for i in 0..<n {
            var y = 0.0
            for k in 0...i { y += factor[i * n + k] * z[k] }
            let u = StandardNormal.cdf(y)
            uniforms[i] = Swift.min((1.0).nextDown, Swift.max(Double.leastNonzeroMagnitude, u))
        }
    }
}
