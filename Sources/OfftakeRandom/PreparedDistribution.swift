/// A distribution prepared for many draws: what its quantile function computes from the parameters
/// alone is computed once. For PERT(a, m, b) these are the Beta shapes α = 1 + 4(m − a)/(b − a),
/// β = 1 + 4(b − m)/(b − a) and log B(α, β) (three `lgamma`), which the plain quantile recomputes on
/// every call; other families are passed through.
///
/// `quantile(_:)` returns bit for bit what `Distribution.quantile(_:)` returns (the same operations on
/// the same doubles), so preparing changes no draw.
public struct PreparedDistribution: Sendable {
    public let distribution: Distribution
    let kind: Kind

    enum Kind: Sendable {
        case constant(Double)
        case pert(a: Double, b: Double, alpha: Double, beta: Double, logBeta: Double)
        case other
    }

    public init(_ distribution: Distribution) {
        self.distribution = distribution
        switch distribution {
        case .constant(let x):
            kind = .constant(x)
        case .pert(let a, let m, let b):
            let (alpha, beta) = Distribution.pertShape(a, m, b)
            kind = .pert(a: a, b: b, alpha: alpha, beta: beta, logBeta: Special.logBeta(alpha, beta))
        default:
            kind = .other
        }
    }

    /// The value of a constant distribution; nil for any other.
    public var constant: Double? {
        if case .constant(let x) = kind { return x }
        return nil
    }

    /// `distribution.quantile(p)`.
    public func quantile(_ p: Double) -> Double {
        switch kind {
        case .constant(let x) where p > 0 && p < 1:
            return x
        case .pert(let a, let b, let alpha, let beta, let logBeta) where p > 0 && p < 1:
            return Distribution.pertQuantile(a, b, alpha: alpha, beta: beta, logBeta: logBeta, p: p, q: 1 - p)
        default:
            return distribution.quantile(p)
        }
    }
}
