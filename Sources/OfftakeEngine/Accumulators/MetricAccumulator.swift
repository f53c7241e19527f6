/// Everything the result keeps about one scalar metric across paths: exact ``Moments`` (mean,
/// standard error, extremes) and a ``QuantileSketch`` (percentiles within relative error α).
/// Exactly mergeable and order-independent, like its parts.
public struct MetricAccumulator: Accumulator {
    /// Count, mean, variance, extremes.
    public private(set) var moments: Moments
    /// Percentiles.
    public private(set) var sketch: QuantileSketch

    /// An empty accumulator. `shift` is the ``Moments/shift`` (a value near the expected mean,
    /// fixed before the run, improves the variance's accuracy; 0 is fine for most metrics);
    /// `relativeAccuracy` and `maximumBucketCount` configure the ``QuantileSketch``.
    public init(
        shift: Double = 0,
        relativeAccuracy: Double = QuantileSketch.defaultRelativeAccuracy,
        maximumBucketCount: Int = QuantileSketch.defaultMaximumBucketCount
    ) {
        moments = Moments(shift: shift)
        sketch = QuantileSketch(relativeAccuracy: relativeAccuracy, maximumBucketCount: maximumBucketCount)
    }

    /// Adds one path's value of the metric.
    public mutating func add(_ x: Double) {
        moments.add(x)
        sketch.add(x)
    }

    /// Adds `values` in order, as many `add(_:)` calls would (same state, fewer uniqueness checks).
    public mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        moments.add(contentsOf: values)
        for x in values { sketch.add(x) }
    }

    /// Adds `other`'s observations exactly.
    /// - Precondition: `isMergeable(with: other)`.
    public mutating func merge(_ other: MetricAccumulator) {
        moments.merge(other.moments)
        sketch.merge(other.sketch)
    }

    /// Same shift, accuracy and bucket limit.
    public func isMergeable(with other: MetricAccumulator) -> Bool {
        moments.isMergeable(with: other.moments) && sketch.isMergeable(with: other.sketch)
    }

    /// Number of observations (including non-finite ones).
    public var count: Int { moments.count }

    /// The figures the JSON result reports for a metric.
    public var summary: MetricSummary {
        MetricSummary(
            mean: moments.mean,
            standardError: moments.standardError,
            p5: sketch.quantile(0.05),
            p25: sketch.quantile(0.25),
            p50: sketch.quantile(0.5),
            p75: sketch.quantile(0.75),
            p95: sketch.quantile(0.95),
            min: moments.min,
            max: moments.max
        )
    }
}

extension MetricAccumulator {
    private enum CodingKeys: String, CodingKey { case moments, sketch }

    /// Decodes the moments and the sketch, which saw the same values: the moments' count is the
    /// sketch's ``QuantileSketch/count`` plus its NaNs, with the same non-finite counts and extremes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        moments = try container.decode(Moments.self, forKey: .moments)
        sketch = try container.decode(QuantileSketch.self, forKey: .sketch)
        // Both counts were checked not to overflow when decoded.
        guard moments.nonFinite == sketch.nonFinite, moments.count == sketch.count + sketch.nanCount, moments.extremes == sketch.extremes else {
            throw DecodingError.dataCorruptedError(
                forKey: .sketch, in: container,
                debugDescription: "the sketch holds \(sketch.count + sketch.nanCount) values, min \(sketch.min), max \(sketch.max); "
                    + "the moments \(moments.count), min \(moments.min), max \(moments.max)")
        }
    }
}

/// The per-metric figures of the JSON result (`offtake.result/1`): mean, standard error
/// of the mean, percentiles 5/25/50/75/95 and the exact extremes. Percentiles are DDSketch
/// estimates within relative error α of the rank-⌊q(n−1)⌋ order statistic (see ``QuantileSketch``);
/// the mean is within about an ulp of the exact mean; the standard error is s/√n with s the
/// unbiased sample standard deviation. Encodes `standardError` as `"stderr"`.
public struct MetricSummary: Sendable, Hashable, Codable {
    /// Sample mean.
    public var mean: Double
    /// Standard error of the mean, s/√n (NaN for fewer than two observations).
    public var standardError: Double
    /// 5th percentile.
    public var p5: Double
    /// 25th percentile.
    public var p25: Double
    /// Median.
    public var p50: Double
    /// 75th percentile.
    public var p75: Double
    /// 95th percentile.
    public var p95: Double
    /// Least observation.
    public var min: Double
    /// Greatest observation.
    public var max: Double

    /// A summary from its figures.
    public init(
        mean: Double, standardError: Double, p5: Double, p25: Double, p50: Double, p75: Double, p95: Double,
        min: Double, max: Double
    ) {
        self.mean = mean
        self.standardError = standardError
        self.p5 = p5
        self.p25 = p25
        self.p50 = p50
        self.p75 = p75
        self.p95 = p95
        self.min = min
        self.max = max
    }

    private enum CodingKeys: String, CodingKey {
        case mean, standardError = "stderr", p5, p25, p50, p75, p95, min, max
    }
}
