/// One problem with the parameters of a ``Distribution``.
public struct DistributionProblem: Sendable, Hashable, CustomStringConvertible {
    /// The argument name as written in distribution expressions ("sd", "min", "weights", "df", …).
    public var parameter: String
    /// What is wrong, e.g. "must be > 0, found -2".
    public var message: String
    /// For problems inside a component of a mixture or the base of a truncation: the index of that
    /// component in the top-level distribution (0 for the base of `truncated`); nil at the top level.
    /// Problems nested deeper keep the outermost index.
    public var component: Int?

    /// Creates a problem report.
    public init(parameter: String, message: String, component: Int? = nil) {
        self.parameter = parameter
        self.message = message
        self.component = component
    }

    /// "component i: parameter message" (the component prefix only for nested problems).
    public var description: String {
        let prefix = component.map { "component \($0): " } ?? ""
        return "\(prefix)\(parameter) \(message)"
    }
}

/// A number as written in messages: integers without a trailing ".0" ("-2", not "-2.0").
private func format(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

extension Distribution {
    /// Parameter-domain problems; empty when the distribution is valid.
    ///
    /// Checks: every parameter finite (truncation bounds may be ±∞); normal sd > 0; lognormal
    /// sigma > 0; uniform/triangular/PERT min < max and min ≤ mode ≤ max; beta alpha, beta > 0;
    /// gamma shape, scale > 0; Student t df > 0, scale > 0; bernoulli p ∈ [0, 1]; poisson
    /// lambda ≥ 0; discrete/mixture: non-empty, as many weights as values/components, weights ≥ 0,
    /// not all zero, with a finite sum; truncation min ≤ max and P(min ≤ X ≤ max) > 0. Gamma and beta
    /// shapes and Poisson means are at most ``maximumShape``. Normal, lognormal, gamma and Student t
    /// draws must be finite: their quantiles at the extreme uniforms (``extremeDraws``) must not
    /// overflow. Within these ranges every quantile converges within its iteration bound
    /// (docs/distributions.md, "Supported ranges").
    public func parameterProblems() -> [DistributionProblem] {
        var problems: [DistributionProblem] = []
        func add(_ parameter: String, _ message: String) {
            problems.append(DistributionProblem(parameter: parameter, message: message))
        }
        func finite(_ name: String, _ v: Double) -> Bool {
            if v.isFinite { return true }
            add(name, "must be finite, found \(format(v))")
            return false
        }
        func positive(_ name: String, _ v: Double) {
            if finite(name, v) && !(v > 0) { add(name, "must be > 0, found \(format(v))") }
        }
        /// Shape parameters above ``Distribution.maximumShape`` make the incomplete gamma and beta
        /// functions take O(√shape) terms; such distributions are indistinguishable from a normal.
        func atMostMaximumShape(_ name: String, _ v: Double, instead: String) {
            if v.isFinite && v > Distribution.maximumShape {
                add(name, "must be ≤ \(format(Distribution.maximumShape)), found \(format(v)) (use \(instead) for so concentrated a distribution)")
            }
        }
        func checkRange(_ a: Double, _ c: Double?, _ b: Double) {
            let fa = finite("min", a)
            let fc = c.map { finite("mode", $0) } ?? true
            let fb = finite("max", b)
            guard fa && fb else { return }
            if !(a < b) { add("min", "must be < max, found min \(format(a)) and max \(format(b))") }
            else if !(b - a).isFinite { add("max", "max − min must be a finite number, found \(format(a)) … \(format(b))") }
            if let c, fc, !(c >= a && c <= b) {
                add("mode", "must be between min and max, found \(format(c)) outside [\(format(a)), \(format(b))]")
            }
        }
        func checkWeights(_ weights: [Double], count: Int, of what: String) {
            if weights.count != count {
                add("weights", "must have one weight per \(what), found \(weights.count) weights for \(count) \(what)s")
            }
            var allZero = true
            for (i, w) in weights.enumerated() {
                if !w.isFinite {
                    add("weights", "must be finite, found \(format(w)) at index \(i)")
                } else if w < 0 {
                    add("weights", "must be ≥ 0, found \(format(w)) at index \(i)")
                } else if w > 0 {
                    allZero = false
                }
            }
            if allZero && !weights.isEmpty { add("weights", "must not all be zero") }
            // Weights are normalised by their sum: an infinite sum would make every share 0 or NaN.
            if weights.allSatisfy(\.isFinite) && !weights.reduce(0, +).isFinite {
                add("weights", "must have a finite sum (≤ 1.8e308), found a sum that overflows")
            }
        }
        /// Every draw must be a finite double: the quantiles at the most extreme uniforms a
        /// ``RandomStream`` returns (2⁻⁵⁴ and 1 − 2⁻⁵³) must be finite. `parameter` is the one to
        /// blame and `range` the supported range in words.
        func finiteDraws(_ parameter: String, _ range: String) {
            guard problems.isEmpty else { return }
            let (lowest, highest) = extremeDraws
            if lowest.isNaN || highest.isNaN {
                add(parameter, "is outside the range where the quantile converges (\(range))")
            } else if !lowest.isFinite || !highest.isFinite {
                add(parameter, "is out of the supported range: draws would overflow the double range; supported: \(range)")
            }
        }
        switch self {
        case .constant(let c):
            _ = finite("value", c)
        case .normal(let m, let s):
            _ = finite("mean", m)
            positive("sd", s)
            finiteDraws("sd", "|mean| + 8.3·sd ≤ 1.8e308, found mean \(format(m)), sd \(format(s))")
        case .lognormal(let mu, let sigma):
            _ = finite("mu", mu)
            positive("sigma", sigma)
            finiteDraws(mu > 709 ? "mu" : "sigma", "mu + 8.3·sigma ≤ 709.78, found mu \(format(mu)), sigma \(format(sigma))")
        case .uniform(let a, let b):
            checkRange(a, nil, b)
        case .triangular(let a, let c, let b), .pert(let a, let c, let b):
            checkRange(a, c, b)
        case .beta(let al, let be):
            positive("alpha", al)
            positive("beta", be)
            atMostMaximumShape("alpha", al, instead: "normal(mean=…, sd=…)")
            atMostMaximumShape("beta", be, instead: "normal(mean=…, sd=…)")
        case .gamma(let k, let theta):
            positive("shape", k)
            positive("scale", theta)
            atMostMaximumShape("shape", k, instead: "normal(mean=…, sd=…)")
            finiteDraws("scale", "scale · (the 1 − 2⁻⁵³ quantile of gamma(shape, 1)) ≤ 1.8e308, found scale \(format(theta))")
        case .studentT(let nu, let loc, let scale):
            positive("df", nu)
            _ = finite("loc", loc)
            positive("scale", scale)
            if problems.isEmpty && !Distribution.studentT(df: nu, loc: 0, scale: 1).extremeDraws.1.isFinite {
                add("df", "is out of the supported range: draws would overflow the double range; supported: df ≥ 0.05 (the 1 − 2⁻⁵³ quantile of the standard t is finite), found \(format(nu))")
            }
            finiteDraws("scale", "|loc| + scale·t ≤ 1.8e308 with t the 1 − 2⁻⁵³ quantile of the standard t, found loc \(format(loc)), scale \(format(scale))")
        case .bernoulli(let p):
            if finite("p", p) && !(p >= 0 && p <= 1) { add("p", "must be in [0, 1], found \(format(p))") }
        case .poisson(let lambda):
            if finite("lambda", lambda) && !(lambda >= 0) { add("lambda", "must be ≥ 0, found \(format(lambda))") }
            atMostMaximumShape("lambda", lambda, instead: "normal(mean=λ, sd=√λ)")
        case .discrete(let values, let weights):
            if values.isEmpty { add("values", "must not be empty") }
            for (i, v) in values.enumerated() where !v.isFinite {
                add("values", "must be finite, found \(format(v)) at index \(i)")
            }
            checkWeights(weights, count: values.count, of: "value")
        case .mixture(let components, let weights):
            if components.isEmpty { add("components", "must not be empty") }
            checkWeights(weights, count: components.count, of: "component")
            for (i, c) in components.enumerated() {
                for var p in c.parameterProblems() {
                    p.component = i
                    problems.append(p)
                }
            }
        case .truncated(let base, let a, let b):
            let inner = base.parameterProblems()
            for var p in inner {
                p.component = 0
                problems.append(p)
            }
            var boundsOK = true
            if a.isNaN { add("min", "must be a number, found nan"); boundsOK = false }
            if b.isNaN { add("max", "must be a number, found nan"); boundsOK = false }
            if boundsOK && !(a <= b) {
                add("min", "must be ≤ max, found min \(format(a)) and max \(format(b))")
                boundsOK = false
            }
            if boundsOK && inner.isEmpty && !(base.mass(from: a, to: b).mass > 0) {
                add("min", "truncation interval [\(format(a)), \(format(b))] has zero probability (or one too small to compute in double precision)")
            }
        }
        return problems
    }
}

extension Distribution {
    /// The smallest and the largest uniform a ``RandomStream`` returns: 2⁻⁵⁴ and 1 − 2⁻⁵³.
    public static let extremeUniforms = (lowest: 0x1p-54, highest: 1 - 0x1p-53)

    /// The quantiles at ``extremeUniforms``: the smallest and largest draw this distribution can give.
    public var extremeDraws: (Double, Double) {
        (quantile(p: Distribution.extremeUniforms.lowest, q: 1 - Distribution.extremeUniforms.lowest),
         quantile(p: Distribution.extremeUniforms.highest, q: 1 - Distribution.extremeUniforms.highest))
    }
}
