import OfftakeRandom

extension Distribution {
    /// The canonical expression text of this distribution, in base units, such that
    /// `DistributionExpression.read(d.expression, as: kind)` gives back exactly `d` (numbers are printed
    /// with Swift's shortest round-trip representation).
    public var expression: String {
        func n(_ x: Double) -> String { Distribution.format(x) }
        func list(_ xs: [Double]) -> String { "[" + xs.map(n).joined(separator: ", ") + "]" }
        switch self {
        case .constant(let x): return n(x)
        case .normal(let mean, let sd): return "normal(mean=\(n(mean)), sd=\(n(sd)))"
        case .lognormal(let mu, let sigma): return "lognormal(mu=\(n(mu)), sigma=\(n(sigma)))"
        case .uniform(let a, let b): return "uniform(min=\(n(a)), max=\(n(b)))"
        case .triangular(let a, let m, let b): return "triangular(min=\(n(a)), mode=\(n(m)), max=\(n(b)))"
        case .pert(let a, let m, let b): return "pert(min=\(n(a)), mode=\(n(m)), max=\(n(b)))"
        case .beta(let a, let b): return "beta(alpha=\(n(a)), beta=\(n(b)))"
        case .gamma(let k, let s): return "gamma(shape=\(n(k)), scale=\(n(s)))"
        case .studentT(let df, let loc, let scale): return "student_t(df=\(n(df)), loc=\(n(loc)), scale=\(n(scale)))"
        case .bernoulli(let p): return "bernoulli(p=\(n(p)))"
        case .poisson(let l): return "poisson(lambda=\(n(l)))"
        case .discrete(let values, let weights): return "discrete(values=\(list(values)), weights=\(list(weights)))"
        case .mixture(let components, let weights):
            return "mixture(" + components.map(\.expression).joined(separator: ", ") + ", weights=\(list(weights)))"
        case .truncated(let inner, let a, let b):
            var parts = [inner.expression]
            if a > -.infinity { parts.append("min=\(n(a))") }
            if b < .infinity { parts.append("max=\(n(b))") }
            return "truncate(" + parts.joined(separator: ", ") + ")"
        }
    }

    /// Shortest text that reads back as exactly `x` (`12`, `0.35`, `3e+11`, `1.5e-07`).
    public static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 {
            let text = "\(Int64(x))"
            return x == 0 && x.sign == .minus ? "-0" : text
        }
        return "\(x)"
    }

    /// `x` rounded to 12 significant digits for messages (`0.95` rather than `0.9500000000000001`).
    public static func display(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return format(x) }
        var magnitude = 0.0
        var probe = abs(x)
        while probe >= 10 { probe /= 10; magnitude += 1 }
        while probe < 1 { probe *= 10; magnitude -= 1 }
        let digits = 11 - magnitude
        guard digits >= 0, digits <= 300 else { return format(x) }
        var scale = 1.0
        for _ in 0..<Int(digits) { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        return rounded.isFinite ? format(rounded) : format(x)
    }

    /// Whether this is a single number rather than an uncertain quantity.
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
