import Foundation  // log/exp/pow as independent references for the portable functions (tests only)
import OfftakeRandom
import Testing
@testable import OfftakeEngine

/// DDSketch's guarantee checked exactly, with no statistical slack: for every q the estimate is
/// within relative error α of the order statistic of rank ⌊q(n−1)⌋ of the sorted sample
/// (Masson, Rim & Lee, PVLDB 2019, §2). The sample is the whole population here, so
/// the check is deterministic.
@Suite struct QuantileSketchTests {
    static let alpha = QuantileSketch.defaultRelativeAccuracy
    static let briefQuantiles = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
    /// The brief's quantiles plus a grid of 201 (every half percent, both ends included).
    static let quantiles = briefQuantiles + (0...200).map { Double($0) / 200 }

    /// Checks the guarantee for every q in `qs` whose true value passes `where` (all by default);
    /// returns how many quantiles were checked.
    @discardableResult
    static func checkGuarantee(
        _ xs: [Double], _ sketch: QuantileSketch, qs: [Double] = quantiles, where include: (Double) -> Bool = { _ in true },
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        let sorted = xs.filter { !$0.isNaN }.sorted()
        #expect(sketch.count == sorted.count, sourceLocation: sourceLocation)
        var checked = 0
        for q in qs {
            let x = sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
            guard include(x) else { continue }
            checked += 1
            let estimate = sketch.quantile(q)
            if x == 0 || x.isInfinite {
                #expect(estimate == x, "q = \(q): \(estimate) for \(x)", sourceLocation: sourceLocation)
            } else {
                let error = abs(estimate - x) / abs(x)
                #expect(error <= alpha, "q = \(q): \(estimate) for \(x), relative error \(error)", sourceLocation: sourceLocation)
            }
        }
        return checked
    }

    static func sketch(_ xs: [Double], maximumBucketCount: Int = QuantileSketch.defaultMaximumBucketCount) -> QuantileSketch {
        var s = QuantileSketch(maximumBucketCount: maximumBucketCount)
        s.add(contentsOf: xs)
        return s
    }

    /// 10^u for u uniform on (−10, 10): magnitudes spread over twenty decades.
    static func logUniform(n: Int, path: UInt64, decades: Double = 10) -> [Double] {
        AccumulatorFixtures.sample(.uniform(min: -decades, max: decades), n: n, path: path).map { pow(10, $0) }
    }

    static let n = 20_000

    static func fixtures() -> [(name: String, values: [Double])] {
        let positives = AccumulatorFixtures.sample(.lognormal(mu: 0, sigma: 2), n: n / 3, path: 26)
        let negatives = AccumulatorFixtures.sample(.lognormal(mu: 3, sigma: 1), n: n / 3, path: 27).map { -$0 }
        var s = AccumulatorFixtures.stream(28)
        let mix = AccumulatorFixtures.shuffled(positives + negatives + [Double](repeating: 0, count: n / 3), &s)
        return [
            ("uniform", AccumulatorFixtures.sample(.uniform(min: 0, max: 1000), n: n, path: 20)),
            ("lognormal σ=2", AccumulatorFixtures.sample(.lognormal(mu: 5, sigma: 2), n: n, path: 21)),
            ("normal with negatives", AccumulatorFixtures.sample(.normal(mean: 1, sd: 3), n: n, path: 22)),
            ("1e-10…1e10", logUniform(n: n, path: 23)),
            ("constant", [Double](repeating: 42.125, count: 1000)),
            ("zeros", [Double](repeating: 0, count: 1000)),
            ("mix of zeros, negatives, positives", mix),
            ("small integers (ties)", AccumulatorFixtures.sample(.poisson(lambda: 3), n: n, path: 24)),
        ]
    }

    @Test(arguments: 0..<8)
    func relativeErrorGuaranteeHoldsExactly(_ fixture: Int) {
        let (name, xs) = Self.fixtures()[fixture]
        let sketch = Self.sketch(xs)
        let collapsed = sketch.hasCollapsed
        #expect(!collapsed, "\(name)")
        Self.checkGuarantee(xs, sketch)
        #expect(sketch.min == xs.min()! && sketch.max == xs.max()!, "\(name)")
        #expect(sketch.quantile(0) == xs.min()! && sketch.quantile(1) == xs.max()!, "\(name)")
    }

    @Test(arguments: 0..<8)
    func mergeOfRandomSplitsEqualsTheWhole(_ fixture: Int) throws {
        let xs = Self.fixtures()[fixture].values
        try checkAccumulatorLaws(xs, path: UInt64(100 + 10 * fixture)) { QuantileSketch() }
    }

    @Test func theMappingMeetsTheBoundOnBucketBoundaries() {
        // Values at and next to computed bucket boundaries γ^i over the whole double range: the
        // floating-point margin must absorb the rounding of ln, exp and the index computation.
        let mapping = LogarithmicMapping(relativeAccuracy: Self.alpha)
        var worst = 0.0
        var previousIndex = Int.min
        for i in stride(from: -70_900, through: 71_000, by: 7) {
            let b = mapping.lowerBound(i + 1)  // γ^i, the upper end of bucket i
            for x in [b.nextDown, b, b.nextUp] where x >= mapping.minIndexableValue && x.isFinite {
                let index = mapping.index(x)
                #expect(index >= previousIndex)  // monotone
                previousIndex = index
                let error = abs(mapping.representative(index) - x) / x
                worst = max(worst, error)
            }
        }
        #expect(worst <= Self.alpha, "worst relative error \(worst)")
        #expect(worst > Self.alpha * (1 - 1e-6))  // the boundaries do come close to α
        #expect(mapping.index(1) == 0 && mapping.index(mapping.lowerBound(1).nextUp) == 1)
    }

    @Test func portableLogAndExpAgreeWithThePlatformWithinAFewUlps() {
        var s = AccumulatorFixtures.stream(30)
        var worstLog = 0.0
        var worstExp = 0.0
        for _ in 0..<20_000 {
            let x = Double(sign: .plus, exponent: Int(s.nextUInt64() % 2040) - 1020, significand: 1 + s.nextUniform())
            worstLog = max(worstLog, abs(PortableElementaryFunctions.log(x) - Foundation.log(x)) / Foundation.log(x).ulp)
            let y = (s.nextUniform() - 0.5) * 1400
            worstExp = max(worstExp, abs(PortableElementaryFunctions.exp(y) - Foundation.exp(y)) / Foundation.exp(y).ulp)
        }
        for x in [1.0, 2.0, 0.5, 1.0.nextUp, 1.0.nextDown, 1.4142135623730951, .leastNormalMagnitude, .greatestFiniteMagnitude] {
            worstLog = max(worstLog, abs(PortableElementaryFunctions.log(x) - Foundation.log(x)) / max(Foundation.log(x).ulp, 0x1p-1074))
        }
        #expect(worstLog <= 3, "log: \(worstLog) ulp")  // 2.0 is the maximum seen over 10⁶ samples
        #expect(worstExp <= 3, "exp: \(worstExp) ulp")  // 1.0 over 10⁶ samples
        #expect(PortableElementaryFunctions.exp(0) == 1 && PortableElementaryFunctions.log(1) == 0)
        #expect(PortableElementaryFunctions.exp(710) == .infinity && PortableElementaryFunctions.exp(-746) == 0)
    }

    @Test func collapsingKeepsTheGuaranteeAboveTheCollapsedRange() throws {
        // 1000 buckets cover a factor γ¹⁰⁰⁰ ≈ e¹⁰ ≈ 2·10⁴ of the twenty decades.
        let xs = Self.logUniform(n: 10_000, path: 40)
        let sketch = Self.sketch(xs, maximumBucketCount: 1000)
        #expect(sketch.hasCollapsed)
        #expect(sketch.bucketCapacity <= 1000)
        let bound = try #require(sketch.collapsedMagnitudeBound(negative: false))
        #expect(bound > 1e5 && bound < 1e6)
        #expect(sketch.collapsedMagnitudeBound(negative: true) == nil)
        let checked = Self.checkGuarantee(xs, sketch, where: { $0 > bound })
        #expect(checked > 40)  // the top ~27% of the grid
        // Ranks are preserved: the low quantiles come out at or below the collapsed bucket.
        #expect(sketch.quantile(0.1) <= bound * (1 + Self.alpha))
        #expect(sketch.quantile(0) == xs.min()!)  // clamped to the exact minimum
        try checkAccumulatorLaws(xs, path: 41) { QuantileSketch(maximumBucketCount: 1000) }
        try checkAccumulatorLaws(xs.map { -$0 } + xs.prefix(3000), path: 42) { QuantileSketch(maximumBucketCount: 300) }
    }

    @Test func defaultBucketLimitBoundsMemoryOverTheWholeDoubleRange() throws {
        // 1e-300…1e300 would need ~138 000 buckets at α = 0.5%; 8192 are kept per sign.
        let xs = Self.logUniform(n: 5000, path: 43, decades: 300)
        let sketch = Self.sketch(xs + xs.prefix(2000).map { -$0 })
        #expect(sketch.hasCollapsed)
        #expect(sketch.bucketCapacity <= 2 * QuantileSketch.defaultMaximumBucketCount)
        #expect(sketch.positive.occupiedCounts.count == QuantileSketch.defaultMaximumBucketCount)
        let bound = try #require(sketch.collapsedMagnitudeBound(negative: false))
        let negativeBound = try #require(sketch.collapsedMagnitudeBound(negative: true))
        Self.checkGuarantee(
            xs + xs.prefix(2000).map { -$0 }, sketch, where: { $0 > bound || $0 < -negativeBound })
    }

    @Test func steadyStateDoesNotReallocate() {
        var sketch = QuantileSketch()
        let xs = AccumulatorFixtures.sample(.lognormal(mu: 0, sigma: 1), n: 5000, path: 44)
        sketch.add(contentsOf: xs)
        let capacity = sketch.positive.counts.capacity
        // More values inside the range seen so far only increment counts.
        for x in xs.reversed() { sketch.add(x) }
        #expect(sketch.positive.counts.capacity == capacity)
        #expect(sketch.count == 10_000)
    }

    @Test func nonFiniteValuesAndEmptySketch() throws {
        let empty = QuantileSketch()
        #expect(empty.quantile(0.5).isNaN && empty.count == 0 && empty.min.isNaN)
        var s = QuantileSketch()
        s.add(contentsOf: [1, 2, .nan, -.infinity, .infinity, 3, 0x1p-1074, -0.0])
        #expect(s.count == 7 && s.nanCount == 1 && s.zeroCount == 2)
        #expect(s.quantile(0) == -.infinity && s.quantile(1) == .infinity)
        #expect(abs(s.quantile(0.5) - 1) <= Self.alpha)  // sorted: −∞, −0, 2⁻¹⁰⁷⁴, 1, 2, 3, +∞
        #expect(s.quantile(0.2) == 0)  // rank 1: the zero bucket
        #expect(s.quantile(0.34) == 0)  // rank 2: 2⁻¹⁰⁷⁴ is below minIndexableValue
        #expect(s.quantile(-0.1).isNaN && s.quantile(1.1).isNaN && s.quantile(.nan).isNaN)
        try checkAccumulatorLaws([1, .nan, -.infinity, 0, -0.0, .infinity, -5, 0x1p-1074], path: 45) { QuantileSketch() }
    }

    @Test func parametersAreCheckedOnMergeAndDecode() throws {
        #expect(!QuantileSketch(relativeAccuracy: 0.01).isMergeable(with: QuantileSketch()))
        #expect(!QuantileSketch(maximumBucketCount: 10).isMergeable(with: QuantileSketch()))
        var other = QuantileSketch(relativeAccuracy: 0.02, maximumBucketCount: 64)
        other.add(contentsOf: [1, 10, 100])
        let decoded = try AccumulatorFixtures.roundTrip(other)
        #expect(decoded == other && decoded.quantile(0.5) == other.quantile(0.5))
        let tooWide = #"""
            {"relativeAccuracy": 0.02, "maximumBucketCount": 2, "zeroCount": 0, "nanCount": 0,
             "positiveInfinityCount": 0, "negativeInfinityCount": 0, "min": 1, "max": 3,
             "positive": {"offset": 0, "counts": [1, 1, 1], "collapsed": false},
             "negative": {"offset": 0, "counts": [], "collapsed": false}}
            """#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(QuantileSketch.self, from: Data(tooWide.utf8)) }
    }
}

/// The per-metric bundle and the figures of the JSON result.
@Suite struct MetricAccumulatorTests {
    @Test func summaryCombinesMomentsAndQuantiles() throws {
        let xs = AccumulatorFixtures.sample(.normal(mean: 100, sd: 15), n: 10_000, path: 50)
        var metric = MetricAccumulator(shift: 100)
        metric.add(contentsOf: xs)
        let summary = metric.summary
        #expect(summary.mean == metric.moments.mean)
        #expect(summary.standardError == metric.moments.standardError)
        #expect(summary.p5 == metric.sketch.quantile(0.05) && summary.p95 == metric.sketch.quantile(0.95))
        #expect(summary.min == xs.min()! && summary.max == xs.max()!)
        #expect(summary.p25 < summary.p50 && summary.p50 < summary.p75)
        #expect(metric.count == 10_000)
        try checkAccumulatorLaws(xs, path: 51) { MetricAccumulator(shift: 100) }
        let json = try #require(String(data: AccumulatorFixtures.json(summary), encoding: .utf8))
        for key in ["mean", "stderr", "p5", "p25", "p50", "p75", "p95", "min", "max"] {
            #expect(json.contains("\"\(key)\":"), "\(key)")
        }
        #expect(!json.contains("standardError"))
        #expect(try AccumulatorFixtures.roundTrip(summary) == summary)
    }
}
