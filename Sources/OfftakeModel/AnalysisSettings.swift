import OfftakeRandom

/// Correlations between uncertain parameters, applied through a Gaussian copula on their normal scores.
///
/// `parameters[i]` is a parameter path (``ParameterCatalog``) and `matrix[i][j]` the correlation of
/// parameters i and j. Files may give pairs (`[path.a, path.b, 0.6]`), which fill a symmetric matrix with
/// a unit diagonal, or the full matrix.
public struct Correlations: Sendable, Hashable, Codable {
    public var parameters: [String]
    public var matrix: [[Double]]
    public init(parameters: [String] = [], matrix: [[Double]] = []) {
        self.parameters = parameters
        self.matrix = matrix
    }
    public var isEmpty: Bool { parameters.isEmpty }
}

/// A named set of overrides applied on top of the scenario, simulated on the same random numbers.
public struct Stress: Sendable, Hashable, Codable {
    public var name: String
    /// Force the market into a regime for a period.
    public var forceRegime: ForcedRegime?
    /// Field overrides, `path = value`, applied in order.
    public var overrides: [Override]
    public init(name: String, forceRegime: ForcedRegime? = nil, overrides: [Override] = []) {
        self.name = name
        self.forceRegime = forceRegime
        self.overrides = overrides
    }
}

/// Holds the market in `regime` from `from` to `to` inclusive.
public struct ForcedRegime: Sendable, Hashable, Codable {
    public var regime: String
    public var from: Month
    public var to: Month
    public init(regime: String, from: Month, to: Month) {
        self.regime = regime
        self.from = from
        self.to = to
    }
}

/// `path = value`: replaces one field of a scenario. The value is written as in a scenario file
/// (`80%`, `2033-01`, `uniform(min=6, max=18)`).
public struct Override: Sendable, Hashable, Codable {
    public var path: String
    public var value: String
    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }
}

/// A decision variable for `optimize`: a numeric parameter searched over `[min, max]`.
public struct Decision: Sendable, Hashable, Codable {
    public var path: String
    public var min: Double
    public var max: Double
    /// Grid step; nil: continuous.
    public var step: Double?
    public init(path: String, min: Double, max: Double, step: Double? = nil) {
        self.path = path
        self.min = min
        self.max = max
        self.step = step
    }
}

/// What `optimize` maximises or minimises: the mean of one metric.
public struct Objective: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable {
        case maximize, minimize
    }
    public var direction: Direction
    public var metric: String
    public init(direction: Direction, metric: String) {
        self.direction = direction
        self.metric = metric
    }
}

/// A chance constraint such as `buyer.openai.default <= 5%`: a metric's mean compared with a bound.
public struct Constraint: Sendable, Hashable, Codable {
    public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case less = "<"
        case greater = ">"
    }
    public var metric: String
    public var comparison: Comparison
    public var bound: Double
    public init(metric: String, comparison: Comparison, bound: Double) {
        self.metric = metric
        self.comparison = comparison
        self.bound = bound
    }
}

extension Constraint {
    /// Parses `METRIC OP VALUE`, e.g. `buyer.openai.default <= 5%` (OP is `<=`, `>=`, `<` or `>`;
    /// `≤` and `≥` are accepted too). `offset` in a failure counts Unicode scalars from the start.
    public static func parse(_ text: String) -> Result<Constraint, LiteralError> {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
        let metricStart = i
        while i < scalars.count, !scalars[i].properties.isWhitespace, !"<>=≤≥".unicodeScalars.contains(scalars[i]) { i += 1 }
        let metric = String(String.UnicodeScalarView(scalars[metricStart..<i]))
        guard !metric.isEmpty else { return .failure(LiteralError(offset: metricStart, message: "expected a metric id")) }
        while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
        let opStart = i
        var comparison: Comparison?
        if i < scalars.count {
            switch scalars[i] {
            case "≤": comparison = .lessOrEqual; i += 1
            case "≥": comparison = .greaterOrEqual; i += 1
            case "<", ">":
                let lessThan = scalars[i] == "<"
                i += 1
                if i < scalars.count, scalars[i] == "=" {
                    i += 1
                    comparison = lessThan ? .lessOrEqual : .greaterOrEqual
                } else {
                    comparison = lessThan ? .less : .greater
                }
            default: break
            }
        }
        guard let comparison else { return .failure(LiteralError(offset: opStart, message: "expected a comparison <=, >=, < or >")) }
        while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
        var rest = Array(scalars[i...])
        while let last = rest.last, last.properties.isWhitespace { rest.removeLast() }
        switch NumberLiteral.parse(String(String.UnicodeScalarView(rest))) {
        case .failure(let error): return .failure(LiteralError(offset: i + error.offset, message: error.message))
        case .success(let literal):
            guard literal.value.isFinite else { return .failure(LiteralError(offset: i, message: "the bound is not a finite number")) }
            return .success(Constraint(metric: metric, comparison: comparison, bound: literal.value))
        }
    }

    /// Whether a metric's mean `value` meets the constraint.
    public func holds(_ value: Double) -> Bool {
        switch comparison {
        case .lessOrEqual: return value <= bound
        case .less: return value < bound
        case .greaterOrEqual: return value >= bound
        case .greater: return value > bound
        }
    }

    /// `metric <= bound`, as written in files.
    public var text: String { "\(metric) \(comparison.rawValue) \(Distribution.format(bound))" }
}
