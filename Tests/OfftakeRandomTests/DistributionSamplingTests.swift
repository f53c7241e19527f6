import Testing
import _OfftakeTestSupport
@testable import OfftakeRandom

/// Statistical checks of inversion sampling for every family (including discrete, mixture and
/// truncated), against exact values computed independently with scipy (ReferenceData.swift).
///
/// n = 20,000 draws per family at a fixed seed, so every check is deterministic; the bands are
/// 4 standard errors wide, which a correct sampler fails with probability ~6e-5 per check
/// (two-sided normal tail), and the seed was not tuned.
@Suite struct DistributionSamplingTests {
    static let n = 20_000

    /// FNV-1a of the name: a deterministic path number per family (Swift's `hashValue` is seeded
    /// per process).
    static func path(for name: String) -> UInt64 {
        StableHash.fnv1a64(name)
    }

    static func draws(_ reference: FamilyReference) -> [Double] {
        var stream = RandomStream(seed: 20_250_601, path: path(for: reference.name), purpose: .sampling)
        var xs: [Double] = []
        xs.reserveCapacity(n)
        for _ in 0..<n { xs.append(reference.distribution.sample(from: &stream)) }
        return xs
    }

    @Test(arguments: familyReferences)
    func sampleMomentsMatchClosedForm(_ reference: FamilyReference) {
        let xs = Self.draws(reference)
        // Mean within 4 SE, SE = σ/√n with the exact σ.
        let m = mean(xs)
        let seMean = (reference.variance / Double(Self.n)).squareRoot()
        #expect(abs(m - reference.mean) <= 4 * seMean,
                "mean \(m) vs \(reference.mean) (4 SE = \(4 * seMean))")
        // Variance within 4 SE of the variance estimator, SE from the exact 4th central moment.
        let v = variance(xs)
        let seVar = varianceStandardError(xs, fourthCentralMoment: reference.fourthCentralMoment,
                                          variance: reference.variance)
        #expect(abs(v - reference.variance) <= 4 * seVar,
                "variance \(v) vs \(reference.variance) (4 SE = \(4 * seVar))")
    }

    /// Each exact quantile lies between the order statistics at np ∓ 4√(np(1−p)) (the count of
    /// draws below the p-quantile is Binomial(n, p)).
    @Test(arguments: familyReferences)
    func empiricalQuantilesWithinBinomialBand(_ reference: FamilyReference) {
        let sorted = Self.draws(reference).sorted()
        for (p, x) in reference.quantiles {
            let band = binomialQuantileBand(p: p, n: Self.n, sigmas: 4)
            let lo = sorted[band.lowerBound]
            let hi = sorted[band.upperBound]
            #expect(lo <= x && x <= hi, "p = \(p): exact \(x) outside [\(lo), \(hi)]")
        }
    }

    /// Goodness of fit at a fixed seed: Kolmogorov–Smirnov for continuous families, Pearson
    /// chi-square over the atoms (cells merged until each expects ≥ 5 draws) for discrete ones;
    /// require p > 0.001.
    @Test(arguments: familyReferences)
    func goodnessOfFit(_ reference: FamilyReference) {
        let d = reference.distribution
        let sorted = Self.draws(reference).sorted()
        if !d.isDiscrete {
            let ks = ksStatistic(sorted: sorted, cdf: d.cdf)
            let p = ksPValue(statistic: ks, n: Self.n)
            #expect(p > 0.001, "KS D = \(ks), p = \(p)")
            return
        }
        // Cells: the atoms, in order; the last cell takes everything above.
        var atoms: [Double] = []
        var x = d.lowerBound
        while atoms.count < 10_000 {
            atoms.append(x)
            guard let next = d.atom(above: x), d.complementaryCDF(x) > 1e-12 else { break }
            x = next
        }
        var cells: [(upper: Double, probability: Double)] = []
        var previousCDF = 0.0
        var pending = 0.0
        for (i, a) in atoms.enumerated() {
            let c = i == atoms.count - 1 ? 1.0 : d.cdf(a)
            pending += c - previousCDF
            previousCDF = c
            if pending * Double(Self.n) >= 5 || i == atoms.count - 1 {
                cells.append((a, pending))
                pending = 0
            }
        }
        if pending > 0, !cells.isEmpty { cells[cells.count - 1].probability += pending }
        // The last cell must also expect ≥ 5: merge it backwards if needed.
        while cells.count > 1 && cells[cells.count - 1].probability * Double(Self.n) < 5 {
            let last = cells.removeLast()
            cells[cells.count - 1].probability += last.probability
            cells[cells.count - 1].upper = .infinity
        }
        cells[cells.count - 1].upper = .infinity
        var statistic = 0.0
        var index = 0
        for cell in cells {
            var observed = 0
            while index < sorted.count && sorted[index] <= cell.upper {
                observed += 1
                index += 1
            }
            let expected = cell.probability * Double(Self.n)
            statistic += (Double(observed) - expected) * (Double(observed) - expected) / expected
        }
        #expect(index == sorted.count)
        if cells.count > 1 {
            let p = chiSquarePValue(statistic: statistic, degreesOfFreedom: cells.count - 1)
            #expect(p > 0.001, "chi-square \(statistic) on \(cells.count - 1) df, p = \(p)")
        }
    }

    static let probabilityGrid: [Double] = [1e-10, 1e-6, 0.001]
        + (1...99).map { Double($0) / 100 } + [0.999, 1 - 1e-6]

    /// Continuous: |F(Q(p)) − p| ≤ 1e-9 (the quantile solvers converge to ~1e-13 relative in x, so
    /// the residual is a few ulps of p times the density; 1e-9 leaves a wide margin).
    /// Discrete: F(Q(p)) ≥ p and F(previous atom) < p, exactly.
    @Test(arguments: familyReferences)
    func cdfInvertsQuantile(_ reference: FamilyReference) {
        let d = reference.distribution
        for p in Self.probabilityGrid {
            let x = d.quantile(p)
            #expect(d.sample(p) == x)
            if d.isDiscrete {
                #expect(d.cdf(x) >= p, "F(Q(\(p))) = \(d.cdf(x))")
                if let previous = d.atom(atOrBelow: x.nextDown) {
                    #expect(d.cdf(previous) < p, "F(\(previous)) = \(d.cdf(previous)) ≥ \(p)")
                }
            } else {
                #expect(abs(d.cdf(x) - p) <= 1e-9, "F(Q(\(p))) = \(d.cdf(x))")
            }
        }
        #expect(d.median == d.quantile(0.5))
    }

    /// The exact quantiles of the reference table, to 1e-10 relative (discrete: exactly).
    @Test(arguments: familyReferences)
    func quantilesMatchReference(_ reference: FamilyReference) {
        for (p, x) in reference.quantiles {
            let q = reference.distribution.quantile(p)
            if reference.distribution.isDiscrete {
                #expect(q == x, "p = \(p)")
            } else {
                #expect(isApproximatelyEqual(q, x, relative: 1e-10), "p = \(p): \(q) vs \(x)")
            }
        }
    }

    /// Closed-form mean and variance against scipy (1e-12 relative: closed forms are a few
    /// floating-point operations; truncated/mixture references come from quadrature, 1e-9).
    @Test(arguments: familyReferences)
    func momentsMatchReference(_ reference: FamilyReference) {
        let d = reference.distribution
        let tolerance: Double
        switch d {
        case .truncated, .mixture: tolerance = 1e-9
        default: tolerance = 1e-12
        }
        #expect(isApproximatelyEqual(d.mean, reference.mean, relative: tolerance, absolute: 1e-15),
                "mean \(d.mean) vs \(reference.mean)")
        #expect(isApproximatelyEqual(d.variance, reference.variance, relative: tolerance),
                "variance \(d.variance) vs \(reference.variance)")
    }

    @Test func constantIsAPointMass() {
        let d = Distribution.constant(3.5)
        var s = RandomStream(seed: 1, path: 0, purpose: .sampling)
        for _ in 0..<100 { #expect(d.sample(from: &s) == 3.5) }
        #expect(d.mean == 3.5 && d.variance == 0 && d.isDiscrete)
        #expect(d.cdf(3.4) == 0 && d.cdf(3.5) == 1)
        #expect(d.quantile(0) == 3.5 && d.quantile(1) == 3.5)
    }
}
