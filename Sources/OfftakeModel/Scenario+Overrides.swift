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
        for override in overrides {
            guard let slot = byPath[override.path] else {
                unknown.append(Scenario.unknownPath(override.path, slots: slots))
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

    /// The problem of a path that names no numeric parameter, with a did-you-mean hint.
    public static func unknownPath(_ path: String, slots: [ParameterSlot]) -> ScenarioIssue {
        let candidates = slots.map(\.path)
        // Suggest within the entity first (`contracts.oracle-2072.take_or_pay` → the same field of the closest id).
        var hint = NameSuggestion.didYouMean(path, in: candidates)
        if hint == nil, let field = path.split(separator: ".").last {
            let sameField = candidates.filter { $0.hasSuffix("." + field) }
            hint = NameSuggestion.didYouMean(path, in: sameField) ?? (sameField.isEmpty ? nil : "fields named `\(field)`: " + sameField.prefix(6).map { "`\($0)`" }.joined(separator: ", "))
        }
        return ScenarioIssue(path: path, message: "no numeric parameter `\(path)`", expected: "the path of a numeric parameter, e.g. \(candidates.first ?? "buyers.<id>.cash0")",
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
                unknown.append(Scenario.unknownPath(path, slots: slots))
                continue
            }
            scenario[keyPath: slot.keyPath] = .constant(value)
        }
        guard unknown.isEmpty else { return .failure(OverrideIssues(unknownPaths: unknown, invalidValues: [])) }
        let invalid = scenario.validate(options: .stressVariant)
        return invalid.isEmpty ? .success(scenario) : .failure(OverrideIssues(unknownPaths: [], invalidValues: invalid))
    }
}
