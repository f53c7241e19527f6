import OfftakeModel

/// Reads `PATH=VALUE` assignments (`--set`). Applying them is typed and lives with the scenario
/// (``Scenario/applying(_:validation:)``): a path names a numeric parameter
/// (`contracts.oracle-2027.tranches[3].mw`, `contracts[0].take_or_pay`), the value is read in its unit.
public enum ScenarioOverrides {
    /// Parses `PATH=VALUE`.
    public static func parse(_ assignment: String) -> Override? {
        guard let eq = assignment.firstIndex(of: "=") else { return nil }
        let path = String(assignment[..<eq]).trimmingSpaces
        let value = String(assignment[assignment.index(after: eq)...]).trimmingSpaces
        guard !path.isEmpty, !value.isEmpty else { return nil }
        return Override(path: path, value: value)
    }
}
