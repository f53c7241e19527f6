import RealModule

/// Safeguarded Halley/Newton iteration for a monotone increasing residual, used by every
/// quantile that has no closed form.
///
/// Method: Halley's iteration x ← x − (r/r′)/(1 − ½·(r/r′)·(r″/r′)) (Press et al., Numerical
/// Recipes, 3rd ed., §9.4 and §6.2.1) falls back to Newton's step when the Halley denominator is
/// far from 1, and to bisection when the step would leave the bracket that the signs of previous
/// residuals have established ("rtsafe", NR §9.4). Infinite bracket ends are handled by stepping
/// outward by max(1, |x|). The caller chooses the variable (e.g. log x for the gamma quantile,
/// logit x for beta) so that Newton converges in a handful of steps from the initial guess.
@usableFromInline
enum RootSolver {
    /// Residual, its derivative and the ratio r″/r′ at a point (curvature may be NaN: Newton only).
    typealias Evaluation = (residual: Double, derivative: Double, curvature: Double)

    /// Solves r(x) = 0 for an increasing r on (lower, upper), starting at `initial`.
    /// Converged when the last step is ≤ `absoluteTolerance` + `relativeTolerance`·|x|, or the bracket
    /// has collapsed to adjacent doubles. Bound: at most `maxIterations` (200) evaluations of `f`;
    /// NaN when they do not converge, or when `f` returns a NaN residual.
    static func solve(
        initial: Double, lower: Double, upper: Double,
        relativeTolerance: Double = 1e-14, absoluteTolerance: Double = 0,
        maxIterations: Int = 200,
        _ f: (Double) -> Evaluation
    ) -> Double {
        var lo = lower
        var hi = upper
        var x = initial
        if !(x > lo && x < hi) { x = midpoint(lo, hi, current: x) }
        for _ in 0..<maxIterations {
            let e = f(x)
            if e.residual == 0 { return x }
            if e.residual.isNaN { return .nan }
            if e.residual < 0 { lo = x } else { hi = x }
            var next = Double.nan
            if e.derivative > 0 && e.derivative.isFinite {
                let newton = e.residual / e.derivative
                var step = newton
                if e.curvature.isFinite {
                    let denominator = 1 - 0.5 * newton * e.curvature
                    if denominator > 0.5 && denominator < 2 { step = newton / denominator }
                }
                let candidate = x - step
                let inside = candidate > lo && candidate < hi && candidate.isFinite
                if abs(step) <= absoluteTolerance + relativeTolerance * abs(x) {
                    // Converged (a step below an ulp may land on a bracket end: keep x then).
                    return inside ? candidate : x
                }
                if inside { next = candidate }
            }
            if next.isNaN { next = midpoint(lo, hi, current: x) }
            if next == x || !(next > lo && next < hi) { return x }
            if lo.isFinite && hi.isFinite && hi - lo <= 2 * max(lo.ulp, hi.ulp) { return next }
            x = next
        }
        // Not converged within `maxIterations` evaluations: NaN (a failure the checked quantiles
        // report), never a value that merely looks like an answer.
        return .nan
    }

    /// Probabilities below this are matched on the log scale (see ``tailResidual``).
    static let logScaleThreshold = 0.05

    /// The residual used by the quantile solvers for a target lower-tail probability p (or
    /// upper-tail q): F − p (or q − S) with its Halley curvature in the body, and
    /// log F − log p (or log q − log S) in the tails, where F behaves like an exponential or a power
    /// of the variable and Newton on the plain residual would crawl (one e-fold per step).
    /// `derivative` is dF/dy; the result is increasing in y in every case.
    static func tailResidual(
        lower: Bool, p: Double, q: Double, logTarget: Double,
        cdf: Double, sf: Double, derivative: Double, curvature: Double
    ) -> Evaluation {
        if lower {
            if p >= logScaleThreshold { return (cdf - p, derivative, curvature) }
            if cdf <= 0 { return (-1, 0, .nan) }
            return (Double.log(cdf) - logTarget, derivative / cdf, .nan)
        }
        if q >= logScaleThreshold { return (q - sf, derivative, curvature) }
        if sf <= 0 { return (1, 0, .nan) }
        return (logTarget - Double.log(sf), derivative / sf, .nan)
    }

    /// Bisection point of (lo, hi); for a half-infinite bracket a step of max(1, |end|) outward.
    /// A finite bracket much wider than its end nearest zero (hi − lo > 1024·min(|lo|, |hi|), e.g.
    /// (−4.6e300, −697) after a wild Newton step) is halved in the *order* of doubles (as
    /// ``Distribution/bisectOrder(_:_:reached:)``): ≤ 64 such steps, where halving its width would
    /// take up to 2,000. Narrower brackets are halved in value (≤ 64 more steps to adjacent doubles).
    private static func midpoint(_ lo: Double, _ hi: Double, current: Double) -> Double {
        if lo.isFinite && hi.isFinite {
            let width = hi - lo
            if !(width <= 1024 * Swift.min(abs(lo), abs(hi))) {
                let a = Distribution.orderedKey(lo), b = Distribution.orderedKey(hi)
                let mid = Distribution.value(orderedKey: (a >> 1) + (b >> 1) + (a & b & 1))
                if mid > lo && mid < hi { return mid }
            }
            return lo + 0.5 * width
        }
        if lo.isFinite { return lo + max(1, abs(lo)) }
        if hi.isFinite { return hi - max(1, abs(hi)) }
        return current.isFinite ? current : 0
    }
}
