import OfftakeModel
import OfftakeRandom

/// Draws a scenario's uncertain parameters for one path: model.md, "Conventions" — every numeric
/// parameter that is a distribution is drawn once per path (parameter uncertainty), named parameters
/// may be correlated through a Gaussian copula.
///
/// Stream layout (docs/random.md): path `p` of seed `s` reads the stream
/// `(s, p, .parameters)`; the uniform of a parameter is the stream's draw number
/// `h(path) mod 2³³`, where `h` is the 64-bit FNV-1a hash of the parameter's id path
/// (`contracts.oracle-2027.tranches[3].mw`). Draws are therefore keyed by *name*, not by position:
/// adding a tranche or a parameter to a variant leaves every other parameter's draw unchanged, which
/// keeps common random numbers between variants (compare, stress, optimise). Each draw is
/// `quantile(u)` (inversion), so a parameter whose distribution changes between variants stays
/// monotonically coupled.
///
/// Correlated parameters take their independent uniforms from the same indices, pass them through
/// the copula (`u' = Φ(L·Φ⁻¹(u))`) and then invert their own distributions.
public struct ParameterSampler: Sendable {
    /// Every numeric parameter of the scenario, in ``Scenario/parameterSlots`` order.
    public let paths: [String]
    /// The distribution of each parameter (constants included).
    public let distributions: [Distribution]
    /// Stream draw index of each parameter's uniform.
    let drawIndices: [UInt64]
    /// Indices (into `paths`) of the correlated parameters, in the copula's order.
    let correlated: [Int]
    let copula: GaussianCopula?

    /// Prepares the sampler. The scenario must be valid (``Scenario/validate(options:)``); a
    /// correlation matrix that is not positive semi-definite throws.
    public init(scenario: Scenario) throws(CorrelationMatrixError) {
        let slots = scenario.parameterSlots
        paths = slots.map(\.path)
        distributions = slots.map { scenario[keyPath: $0.keyPath] }
        drawIndices = ParameterSampler.drawIndices(for: paths)
        let correlations = scenario.correlations
        if correlations.isEmpty {
            correlated = []
            copula = nil
        } else {
            let position = Dictionary(slots.enumerated().map { ($0.element.path, $0.offset) }, uniquingKeysWith: { a, _ in a })
            let filePosition = Dictionary(slots.enumerated().map { ($0.element.filePath, $0.offset) }, uniquingKeysWith: { a, _ in a })
            correlated = correlations.parameters.compactMap { position[$0] ?? filePosition[$0] }
            copula = try GaussianCopula(correlation: correlations.matrix)
        }
    }

    /// Number of parameters (the length of a parameter vector).
    public var count: Int { paths.count }

    /// Position of each parameter (by id path) in a parameter vector.
    public var index: [String: Int] {
        Dictionary(paths.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// Stream draw indices keyed by name: FNV-1a 64 of the path, reduced to the stream's 2³³ draws.
    /// A collision (two names with the same index, probability ≈ n²/2³⁴) moves the later parameter
    /// to the next free index, deterministically in file order.
    static func drawIndices(for paths: [String]) -> [UInt64] {
        var used = Set<UInt64>()
        return paths.map { path in
            var index = StableHash.fnv1a64(path) & ((1 << 33) - 1)
            while !used.insert(index).inserted { index = (index + 1) & ((1 << 33) - 1) }
            return index
        }
    }

    /// The parameter values of path `path` of a run with `seed`, written into `values`
    /// (resized to ``count``). Constants are copied; only uncertain parameters consume randomness.
    public func draw(seed: UInt64, path: UInt64, into values: inout [Double]) {
        if values.count != count { values = [Double](repeating: 0, count: count) }
        let stream = RandomStream(seed: seed, path: path, purpose: .parameters)
        for i in 0..<count {
            switch distributions[i] {
            case .constant(let x): values[i] = x
            default: values[i] = distributions[i].sample(stream.uniform(at: drawIndices[i]))
            }
        }
        guard let copula, !correlated.isEmpty else { return }
        var uniforms = correlated.map { stream.uniform(at: drawIndices[$0]) }
        copula.correlate(&uniforms)
        for (k, i) in correlated.enumerated() {
            values[i] = distributions[i].sample(uniforms[k])
        }
    }

    /// The deterministic base case of model.md: every distribution at its median.
    public func medians() -> [Double] {
        distributions.map(\.median)
    }

    /// The scenario with every parameter replaced by the constant in `values` (for the deterministic
    /// view and for tests; the engine reads `values` directly).
    public func fixing(_ scenario: Scenario, to values: [Double]) -> Scenario {
        precondition(values.count == count, "ParameterSampler.fixing: expected \(count) values")
        var fixed = scenario
        for (slot, value) in zip(scenario.parameterSlots, values) {
            fixed[keyPath: slot.keyPath] = .constant(value)
        }
        return fixed
    }
}
