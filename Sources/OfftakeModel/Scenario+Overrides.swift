import OfftakeRandom
/// Typed overrides: `--set PATH=VALUE`, a stress's `set:` and the analyses' variants all change a
/// scenario through ``Scenario/applying(_:)``, on the value types, after the file has been read.
///
/// A path names a numeric parameter (``Scenario/parameterSlots``), in its id form
/// (`contracts.oracle-2027.tranches[3].mw`) or as written in the file (`contracts[0].tranches[3].mw`).
/// The value is read exactly as in a file, in the parameter's unit (`80%`, `1.5T`,
/// `uniform(min=6, max=18)`), and the changed scenario is validated like a file: a value outside the
/// parameter's domain is refused with the same message.
extension Scenario {
    /// Why overrides could not be applied. `unknownPaths` are usage problems (the command line names
    /// no such field); `invalidValues` are data problems (the value is not a valid value of the field,
    /// or the changed scenario is invalid).
    public struct OverrideIssues: Error, Sendable {
        public var unknownPaths: [ScenarioIssue]
        public var invalidValues: [ScenarioIssue]
        public var all: [ScenarioIssue] { unknownPaths + invalidValues }
    }

    /// The scenario with every override applied in order, or every problem found.
    /// `validation` is passed to ``validate(options:)`` on the result.
    public func applying(_ overrides: [Override], validation: ValidationOptions = []) -> Result<Scenario, OverrideIssues> {
        guard !overrides.isEmpty else { return .success(self) }
        var scenario = self
        var unknown: [ScenarioIssue] = [], invalid: [ScenarioIssue] = []
        let slots = parameterSlots
        var byPath: [String: ParameterSlot] = [:]
        for slot in slots {
            if byPath[slot.path] == nil { byPath[slot.path] = slot }
            if byPath[slot.filePath] == nil { byPath[slot.filePath] = slot }
        }
        let months = monthSlots
        for override in overrides {
            if let month = months.first(where: { $0.path == override.path || $0.filePath == override.path }) {
                if let value = Month(parsing: String(override.value.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())) {
                    scenario[keyPath: month.keyPath] = value
                } else {
                    invalid.append(ScenarioIssue(path: override.path, message: "not a month", expected: "a month YYYY-MM, e.g. 2028-01", found: "`\(override.value)`"))
                }
                continue
            }
            guard let slot = byPath[override.path] else {
                unknown.append(unknownPath(override.path, slots: slots, months: months))
                continue
            }
            switch DistributionExpression.read(override.value, as: slot.kind) {
            case .success(let distribution): scenario[keyPath: slot.keyPath] = distribution
            case .failure(let problems):
                for problem in problems.issues {
                    invalid.append(ScenarioIssue(path: override.path, message: problem.message,
                                                 expected: problem.expected, found: problem.found ?? "`\(override.value)`", hint: problem.hint))
                }
            }
        }
        if unknown.isEmpty && invalid.isEmpty {
            invalid = scenario.validate(options: validation)
        }
        guard unknown.isEmpty && invalid.isEmpty else { return .failure(OverrideIssues(unknownPaths: unknown, invalidValues: invalid)) }
        return .success(scenario)
    }

    /// The scenario as stress `name` sees it: its `set:` applied (validated as a stressed variant,
    /// which may fix a correlated parameter) and the market regime it forces, if any.
    public func stressed(_ name: String) -> Result<(scenario: Scenario, forcedRegime: ForcedRegime?), OverrideIssues> {
        guard let stress = stresses.first(where: { $0.name == name }) else {
            let names = stresses.map(\.name)
            let issue = ScenarioIssue(path: "stresses", message: names.isEmpty ? "the scenario defines no stresses" : "no stress `\(name)` in this scenario",
                                      expected: names.isEmpty ? nil : "one of " + names.joined(separator: ", "), found: name,
                                      hint: names.isEmpty ? "add a `stresses:` section" : NameSuggestion.hint(for: name, candidates: names))
            return .failure(OverrideIssues(unknownPaths: [issue], invalidValues: []))
        }
        return applying(stress.overrides, validation: .stressVariant).map { ($0, stress.forceRegime) }
    }

    /// The problem of a path that names no numeric parameter of this scenario (`slots`, `months`): the
    /// optional block it reaches into that the scenario leaves out, with the block's smallest form, or
    /// else a did-you-mean hint.
    public func unknownPath(_ path: String, slots: [ParameterSlot], months: [MonthSlot] = []) -> ScenarioIssue {
        for block in absentBlocks {
            for blockPath in [block.path, block.filePath] where path == blockPath || path.hasPrefix(blockPath + ".") {
                let owner = String(blockPath.dropLast(block.key.count + 1))
                return ScenarioIssue(path: path, message: "\(owner.isEmpty ? "the scenario" : "`\(owner)`") has no `\(block.key)` block; add the block first",
                                     expected: "a parameter of a block the scenario has", found: path,
                                     hint: "add `\(block.minimalForm)`" + (owner.isEmpty ? "" : " to `\(owner)`"))
            }
        }
        let candidates = slots.map(\.path) + months.map(\.path)
        // Suggest within the entity first (`contracts.oracle-2072.take_or_pay` → the same field of the closest id).
        var hint = NameSuggestion.didYouMean(path, in: candidates)
        if hint == nil, let field = path.split(separator: ".").last {
            let sameField = candidates.filter { $0.hasSuffix("." + field) }
            hint = NameSuggestion.didYouMean(path, in: sameField) ?? (sameField.isEmpty ? nil : "fields named `\(field)`: " + sameField.prefix(6).map { "`\($0)`" }.joined(separator: ", "))
        }
        return ScenarioIssue(path: path, message: "no numeric parameter or month `\(path)`", expected: "the path of a numeric parameter, e.g. \(candidates.first ?? "buyers.<id>.cash0")",
                             found: path, hint: hint ?? "`offtake validate --parameters` lists every parameter path")
    }
}

extension Scenario {
    /// The scenario with numeric parameters fixed to constants (decision variables), validated.
    /// Each path is an id path or a file path of ``parameterSlots``.
    public func setting(_ assignments: [(path: String, value: Double)]) -> Result<Scenario, OverrideIssues> {
        var scenario = self
        var unknown: [ScenarioIssue] = []
        let slots = parameterSlots
        for (path, value) in assignments {
            guard let slot = slots.first(where: { $0.path == path || $0.filePath == path }) else {
                unknown.append(unknownPath(path, slots: slots))
                continue
            }
            scenario[keyPath: slot.keyPath] = .constant(value)
        }
        guard unknown.isEmpty else { return .failure(OverrideIssues(unknownPaths: unknown, invalidValues: [])) }
        let invalid = scenario.validate(options: .stressVariant)
        return invalid.isEmpty ? .success(scenario) : .failure(OverrideIssues(unknownPaths: [], invalidValues: invalid))
    }
}

/// A month of a scenario that overrides may move (`contracts.oracle-2027.tranches[2].start=2028-06`):
/// tranche starts, a contract's end, a prepayment's month, scheduled funding rounds, an IPO window.
public struct MonthSlot: @unchecked Sendable {
    public var path: String
    public var filePath: String
    /// Reads and writes the month (a literal key path: immutable, hence safe to share).
    public var keyPath: WritableKeyPath<Scenario, Month>
}

extension Scenario {
    /// Every month field an override may change, in file order.
    public var monthSlots: [MonthSlot] {
        var slots: [MonthSlot] = []
        for (i, contract) in contracts.enumerated() {
            let p = "contracts.\(contract.id)", f = "contracts[\(i)]"
            for j in contract.tranches.indices {
                slots.append(MonthSlot(path: "\(p).tranches[\(j)].start", filePath: "\(f).tranches[\(j)].start", keyPath: \.contracts[i].tranches[j].start))
            }
            if case .end = contract.term {
                slots.append(MonthSlot(path: "\(p).end", filePath: "\(f).end", keyPath: \.contracts[i].term.endMonth))
            }
            if contract.prepayment != nil {
                slots.append(MonthSlot(path: "\(p).prepayment.month", filePath: "\(f).prepayment.month", keyPath: \.contracts[i].prepayment!.month))
            }
        }
        for (i, buyer) in buyers.enumerated() {
            let p = "buyers.\(buyer.id)", f = "buyers[\(i)]"
            for j in buyer.funding.scheduled.indices {
                slots.append(MonthSlot(path: "\(p).funding.scheduled[\(j)].month", filePath: "\(f).funding.scheduled[\(j)].month", keyPath: \.buyers[i].funding.scheduled[j].month))
            }
            if buyer.funding.ipo != nil {
                slots.append(MonthSlot(path: "\(p).funding.ipo.from", filePath: "\(f).funding.ipo.from", keyPath: \.buyers[i].funding.ipo!.from))
                slots.append(MonthSlot(path: "\(p).funding.ipo.to", filePath: "\(f).funding.ipo.to", keyPath: \.buyers[i].funding.ipo!.to))
            }
        }
        return slots
    }
}

extension ContractTerm {
    /// The end month of an `.end` term (for key paths; writing it makes the term `.end`).
    public var endMonth: Month {
        get { if case .end(let m) = self { return m } else { return Month(index: 0) } }
        set { self = .end(newValue) }
    }
}

extension Decision {
    /// Reads `PATH=MIN..MAX` or `PATH=MIN..MAX/STEP` (values in the field's unit, e.g.
    /// `contracts.oracle-2027.take_or_pay=0%..100%/5%`) against the scenario's numeric parameters.
    /// The path may be written as an id path or as a file path; the decision keeps the id path. A path
    /// that names nothing fails with the issue of ``Scenario/unknownPath(_:slots:months:)``.
    public static func parse(_ text: String, in scenario: Scenario) -> Result<Decision, ScenarioIssue> {
        let eq = text.firstIndex(of: "=")
        let dots = eq.flatMap { eq in text.indices.first { $0 > eq && text[$0...].hasPrefix("..") }.map { $0..<text.index($0, offsetBy: 2) } }
        guard let eq, let dots else {
            return .failure(ScenarioIssue(path: "", message: "a decision is PATH=MIN..MAX[/STEP], e.g. contracts.oracle-2027.take_or_pay=0%..100%/5%; got `\(text)`"))
        }
        let path = String(text[..<eq]).trimmedOfSpaces
        guard let slot = scenario.parameterSlots.first(where: { $0.path == path || $0.filePath == path }) else {
            return .failure(scenario.unknownPath(path, slots: scenario.parameterSlots))
        }
        let rest = text[dots.upperBound...]
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func read(_ t: String, _ what: String) -> Result<Double, ScenarioIssue> {
            guard case .success(let literal) = NumberLiteral.parse(t.trimmedOfSpaces),
                  case .success(let v) = literal.value(as: slot.kind) else {
                return .failure(ScenarioIssue(path: path, message: "cannot read the \(what) `\(t)` as \(slot.kind)"))
            }
            return .success(v)
        }
        let low: Double, high: Double, step: Double?
        switch (read(String(text[text.index(after: eq)..<dots.lowerBound]), "minimum"), read(parts[0], "maximum")) {
        case (.success(let a), .success(let b)): (low, high) = (a, b)
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        }
        if parts.count == 2 {
            switch read(parts[1], "step") {
            case .success(let s) where s > 0: step = s
            case .success: return .failure(ScenarioIssue(path: path, message: "the step must be positive"))
            case .failure(let e): return .failure(e)
            }
        } else {
            step = nil
        }
        guard low <= high else {
            return .failure(ScenarioIssue(path: path, message: "the bounds are empty (min \(Distribution.format(low)) > max \(Distribution.format(high)))"))
        }
        return .success(Decision(path: slot.path, min: low, max: high, step: step))
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmedOfSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
