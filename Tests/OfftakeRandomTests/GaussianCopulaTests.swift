import Testing
import _OfftakeTestSupport
import OfftakeRandom

@Suite struct GaussianCopulaTests {
    /// Two normal marginals with normal-score correlation 0.6: the sample correlation of the
    /// normal scores is 0.6 within 4 SE, SE ≈ (1 − r²)/√n (Fisher's large-sample formula); the
    /// marginals stay U(0,1) (mean ½ within 4·√(1/12/n)).
    @Test func correlationOfNormalScores() throws {
        let r = 0.6
        let copula = try GaussianCopula(correlation: [[1, r], [r, 1]])
        #expect(copula.dimension == 2)
        var stream = RandomStream(seed: 77, path: 0, purpose: .sampling)
        let n = 20_000
        var xs: [Double] = []
        var ys: [Double] = []
        var us: [Double] = []
        let marginal = Distribution.normal(mean: 5, sd: 2)
        for _ in 0..<n {
            var u = [stream.nextUniform(), stream.nextUniform()]
            copula.correlate(&u)
            #expect(u[0] > 0 && u[0] < 1 && u[1] > 0 && u[1] < 1)
            us.append(u[1])
            xs.append(marginal.sample(u[0]))
            ys.append(marginal.sample(u[1]))
        }
        let sample = pearsonCorrelation(xs, ys)
        let se = (1 - r * r) / Double(n).squareRoot()
        #expect(abs(sample - r) < 4 * se, "r = \(sample)")
        #expect(abs(mean(us) - 0.5) < 4 * (1.0 / 12 / Double(n)).squareRoot())
    }

    /// The first coordinate is unchanged up to Φ(Φ⁻¹(u)) rounding (1e-15 relative).
    @Test func firstCoordinateIsPreserved() throws {
        let copula = try GaussianCopula(correlation: [[1, -0.3, 0.2], [-0.3, 1, 0.1], [0.2, 0.1, 1]])
        var u = [0.25, 0.5, 0.75]
        copula.correlate(&u)
        #expect(isApproximatelyEqual(u[0], 0.25, relative: 1e-15))
    }

    @Test func nonPositiveSemidefiniteIsRejected() {
        let m: [[Double]] = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]
        #expect(throws: CorrelationMatrixError.self) { try GaussianCopula(correlation: m) }
        do {
            _ = try GaussianCopula(correlation: m)
        } catch {
            guard case .notPositiveSemidefinite(let smallest) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            // Eigenvalues of this matrix: −0.8, 1.9, 1.9 (exact: 1 − 2·0.9 and 1 + 0.9, twice).
            #expect(isApproximatelyEqual(smallest, -0.8, relative: 1e-12))
        }
    }

    @Test func nonSymmetricIsRejected() {
        #expect(throws: CorrelationMatrixError.notSymmetric(row: 0, column: 1, value: 0.5, transposed: 0.4)) {
            try GaussianCopula(correlation: [[1, 0.5], [0.4, 1]])
        }
    }

    @Test func otherShapeProblems() {
        #expect(throws: CorrelationMatrixError.notSquare) { try GaussianCopula(correlation: [[1, 0], [0]]) }
        #expect(throws: CorrelationMatrixError.diagonalNotOne(index: 1, value: 2)) {
            try GaussianCopula(correlation: [[1, 0], [0, 2]])
        }
        #expect(throws: CorrelationMatrixError.entryOutOfRange(row: 0, column: 1, value: 1.5)) {
            try GaussianCopula(correlation: [[1, 1.5], [1.5, 1]])
        }
        let all = CorrelationMatrix.validate([[1, 1.5, 0], [1.5, 2, 0], [0, 0.1, 1]])
        #expect(all.contains(.diagonalNotOne(index: 1, value: 2)))
        #expect(all.contains(.entryOutOfRange(row: 0, column: 1, value: 1.5)))
        #expect(all.contains(.notSymmetric(row: 1, column: 2, value: 0, transposed: 0.1)))
        #expect(CorrelationMatrix.validate([[1, 0.3], [0.3, 1]]).isEmpty)
    }

    /// A singular PSD matrix (all ones) is accepted and makes the coordinates identical
    /// (exactly: the Cholesky row of the second variable is (1, 0)).
    @Test func singularMatrixGivesIdenticalUniforms() throws {
        let copula = try GaussianCopula(correlation: [[1, 1], [1, 1]])
        var stream = RandomStream(seed: 8, path: 0, purpose: .sampling)
        for _ in 0..<100 {
            var u = [stream.nextUniform(), stream.nextUniform()]
            copula.correlate(&u)
            #expect(u[0] == u[1])
        }
        // 3×3 rank-2 example: x3 = x1 exactly, x2 independent.
        let c3 = try GaussianCopula(correlation: [[1, 0, 1], [0, 1, 0], [1, 0, 1]])
        var u = [0.3, 0.8, 0.6]
        c3.correlate(&u)
        #expect(u[0] == u[2])
    }

    /// Jacobi eigenvalues against values known in closed form (1e-12 absolute).
    @Test func eigenvalues() {
        let e = CorrelationMatrix.eigenvalues([[2, 1], [1, 2]])
        #expect(isApproximatelyEqual(e[0], 1, absolute: 1e-12) && isApproximatelyEqual(e[1], 3, absolute: 1e-12))
        // Equicorrelation ρ in dimension 4: 1 − ρ (three times) and 1 + 3ρ.
        let rho = 0.35
        let m = (0..<4).map { i in (0..<4).map { j in i == j ? 1.0 : rho } }
        let ev = CorrelationMatrix.eigenvalues(m)
        for k in 0..<3 { #expect(isApproximatelyEqual(ev[k], 1 - rho, absolute: 1e-12)) }
        #expect(isApproximatelyEqual(ev[3], 1 + 3 * rho, absolute: 1e-12))
        #expect(CorrelationMatrix.eigenvalues([]).isEmpty)
    }
}
