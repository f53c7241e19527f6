import OfftakeModel
import OfftakeRandom

/// Draws a scenario's uncertain parameters for one path: docs/model.md, "Conventions" — every numeric
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
    /// The same distributions prepared for drawing (`PreparedDistribution`: a PERT's shapes and
    /// log B(α, β) once per run instead of once per draw; the same draws).
    let prepared: [PreparedDistribution]
    /// Stream draw index of each parameter's uniform.
    let drawIndices: [UInt64]
    /// Indices (into `paths`) of the correlated parameters, in the copula's order.
    let correlated: [Int]
    let copula: GaussianCopula?

    /// Prepares the sampler. The scenario must be valid (``Scenario/validate(options:)``); a
    /// correlation matrix that is not positive semi-definite throws.
    /// The correlation matrix behind `copula` (kept to rebuild a thread-private copy).
    let correlationMatrix: [[Double]]

    public init(scenario: Scenario) throws(CorrelationMatrixError) {
        let slots = scenario.parameterSlots
        paths = slots.map(\.path)
        distributions = slots.map { scenario[keyPath: $0.keyPath] }
        prepared = distributions.map(PreparedDistribution.init)
        drawIndices = ParameterSampler.drawIndices(for: paths)
        let correlations = scenario.correlations
        correlationMatrix = correlations.matrix
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
    /// A copy whose arrays (and the arrays inside its distributions) are its own, not shared with
    /// `self`: threads that each use their own copy never touch a common reference count.
    public func privateCopy() -> ParameterSampler {
        ParameterSampler(copying: self)
    }

    private init(copying other: ParameterSampler) {
        paths = other.paths  // not read while sampling
        distributions = other.distributions.map(\.privateCopy)
        prepared = distributions.map(PreparedDistribution.init)
        drawIndices = other.drawIndices.map { $0 }
        correlated = other.correlated.map { $0 }
        correlationMatrix = other.correlationMatrix.map { $0.map { $0 } }
        copula = other.copula == nil ? nil : try? GaussianCopula(correlation: correlationMatrix)
    }

    public var count: Int { paths.count }

    /// Positions (in `paths`) of the correlated parameters, in the order of the scenario's
    /// `correlations.parameters` (the rows of its matrix).
    public var correlatedParameters: [Int] { correlated }

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
        var uniforms: [Double] = [], scratch: [Double] = []
        draw(seed: seed, path: path, into: &values, uniforms: &uniforms, scratch: &scratch)
    }

    /// `draw(seed:path:into:)` with caller-owned buffers for the copula, so a path allocates nothing.
    public func draw(seed: UInt64, path: UInt64, into values: inout [Double], uniforms: inout [Double], scratch: inout [Double]) {
        if values.count != count { values = [Double](repeating: 0, count: count) }
        let stream = RandomStream(seed: seed, path: path, purpose: .parameters)
        for i in 0..<count {
            if let x = prepared[i].constant {
                values[i] = x
            } else {
                values[i] = prepared[i].quantile(stream.uniform(at: drawIndices[i]))
            }
        }
        guard copula != nil, !correlated.isEmpty else { return }
        if uniforms.count != correlated.count { uniforms = [Double](repeating: 0, count: correlated.count) }
        for (k, i) in correlated.enumerated() { uniforms[k] = stream.uniform(at: drawIndices[i]) }
        copula?.correlate(&uniforms, scratch: &scratch)
        for (k, i) in correlated.enumerated() {
            values[i] = prepared[i].quantile(uniforms[k])
        }
    }

    /// The deterministic base case of docs/model.md: every distribution at its median.
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

extension Distribution {
    /// The same distribution with freshly allocated payload arrays and boxes (see
    /// `ParameterSampler.privateCopy`).
    var privateCopy: Distribution {
        switch self {
        case .discrete(let values, let weights): return .discrete(values: values.map { $0 }, weights: weights.map { $0 })
        case .mixture(let components, let weights): return .mixture(components: components.map(\.privateCopy), weights: weights.map { $0 })
        case .truncated(let base, let lo, let hi): return .truncated(base.privateCopy, min: lo, max: hi)
        default: return self
        }
    }
}
