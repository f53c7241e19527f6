import OfftakeRandom

/// The values a numeric field may take.
public struct ValueDomain: Sendable, Hashable, CustomStringConvertible {
    public var lower: Double
    public var lowerOpen: Bool
    public var upper: Double
    public var upperOpen: Bool

    public static let real = ValueDomain(lower: -.infinity, lowerOpen: true, upper: .infinity, upperOpen: true)
    public static let nonNegative = ValueDomain(lower: 0, lowerOpen: false, upper: .infinity, upperOpen: true)
    public static let positive = ValueDomain(lower: 0, lowerOpen: true, upper: .infinity, upperOpen: true)
    /// Probabilities and shares, [0, 1].
    public static let unitInterval = ValueDomain(lower: 0, lowerOpen: false, upper: 1, upperOpen: false)
    /// Growth and interest rates, > −100%.
    public static let rate = ValueDomain(lower: -1, lowerOpen: true, upper: .infinity, upperOpen: true)
    /// A share sold of a company, [0, 1).
    public static let shareBelowOne = ValueDomain(lower: 0, lowerOpen: false, upper: 1, upperOpen: true)
    /// A yearly decline, < 100%.
    public static let belowOne = ValueDomain(lower: -.infinity, lowerOpen: true, upper: 1, upperOpen: true)

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        let aboveLower = lowerOpen ? x > lower : x >= lower
        let belowUpper = upperOpen ? x < upper : x <= upper
        return aboveLower && belowUpper
    }

    /// `a value in [0, 1]`, `a value > 0`, …
    public var description: String {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return "a finite value"
        case (true, false): return "a value \(lowerOpen ? ">" : "≥") \(Distribution.format(lower))"
        case (false, true): return "a value \(upperOpen ? "<" : "≤") \(Distribution.format(upper))"
        case (true, true):
            return "a value in \(lowerOpen ? "(" : "[")\(Distribution.format(lower)), \(Distribution.format(upper))\(upperOpen ? ")" : "]")"
        }
    }

    /// Largest probability a distribution may put outside the domain before it is an error. Draws that
    /// still fall outside (less than one path in a billion) are used as drawn: the engine does not
    /// clamp them.
    public static let outsideMassTolerance = 1e-9

    /// Probability that `distribution` falls outside the domain.
    public func massOutside(_ distribution: Distribution) -> Double {
        if case .constant(let x) = distribution { return contains(x) ? 0 : 1 }
        if case .discrete(let values, let weights) = distribution {
            let total = weights.reduce(0, +)
            guard total > 0 else { return 0 }
            return zip(values, weights).filter { !contains($0.0) }.map(\.1).reduce(0, +) / total
        }
        var mass = 0.0
        if lower.isFinite {
            // P(X < lower), or P(X ≤ lower) when the bound is open.
            mass += lowerOpen ? distribution.cdf(lower) : distribution.cdf(lower.nextDown)
        }
        if upper.isFinite {
            // P(X > upper), or P(X ≥ upper) when the bound is open.
            mass += 1 - (upperOpen ? distribution.cdf(upper.nextDown) : distribution.cdf(upper))
        }
        return mass
    }
}

/// One numeric parameter of a scenario: where it is, what it measures, and how to read or replace it.
public struct ParameterSlot: @unchecked Sendable {
    /// Path with entity ids, used by correlations, decisions, stresses and `--set`:
    /// `contracts.oracle-2027.tranches[3].mw`.
    public var path: String
    /// Path as written in the file, with list indices: `contracts[0].tranches[3].mw`.
    public var filePath: String
    public var kind: QuantityKind
    public var domain: ValueDomain
    /// Reads and writes the parameter (a literal key path: immutable, hence safe to share).
    public var keyPath: WritableKeyPath<Scenario, Distribution>
}

extension Scenario {
    /// Every numeric parameter of the scenario, in file order. The `path` (id form) is the parameter's
    /// stable name: random draws for uncertain parameters are to be keyed by it, not by position, so
    /// that adding a tranche or a parameter in one variant does not shift the draws of the others
    /// (common random numbers; docs/random.md).
    /// They are walked from the field tables (``Scenario/fields``): a table's order, or its
    /// `catalogueOrder` where that differs.
    public var parameterSlots: [ParameterSlot] {
        var slots: [ParameterSlot] = []
        Scenario.fields.appendSlots(of: self, at: nil, id: "", file: "", into: &slots)
        return slots
    }

    /// The optional blocks the scenario leaves out, walked from the field tables as the parameters are.
    public var absentBlocks: [AbsentBlock] {
        var blocks: [AbsentBlock] = []
        Scenario.fields.appendAbsentBlocks(of: self, id: "", file: "", into: &blocks)
        return blocks
    }

    /// The parameter at `path` (id form `contracts.oracle-2027.take_or_pay` or file form `contracts[0].take_or_pay`).
    public func parameterSlot(at path: String) -> ParameterSlot? {
        parameterSlots.slot(at: path)
    }
}

extension ContractPrice {
    /// The amount, whichever way the price is given (for key paths).
    public var perMWMonthValue: Distribution {
        get { if case .perMWMonth(let d) = self { return d } else { return .constant(.nan) } }
        set { self = .perMWMonth(newValue) }
    }
    public var perMWValue: Distribution {
        get { if case .perMW(let d) = self { return d } else { return .constant(.nan) } }
        set { self = .perMW(newValue) }
    }
    public var totalValueValue: Distribution {
        get { if case .totalValue(let d) = self { return d } else { return .constant(.nan) } }
        set { self = .totalValue(newValue) }
    }
}

extension Contract {
    /// The hardware terms (for key paths; only used when `kind` is hardware).
    public var hardwareTerms: HardwareTerms {
        get { hardware ?? HardwareTerms(host: "", hostingPricePerMWMonth: .constant(.nan)) }
        set { kind = .hardware(newValue) }
    }
}

extension Schedule {
    /// How an entry's month is written as a key: `2027` for yearly schedules, `2027-06` otherwise.
    public func key(of month: Month) -> String {
        byYear ? "\(month.year)" : month.description
    }
}

extension Array where Element == ParameterSlot {
    /// The parameter at `path`, in id form or file form.
    public func slot(at path: String) -> ParameterSlot? {
        first { $0.path == path || $0.filePath == path }
    }
}
