import OfftakeEngine

extension TerminalReport {
    /// The verdict of a run merged from `partials` partial results (`offtake merge`).
    public func mergedText(_ result: RunResult, partials: Int) -> String {
        [heading(result),
         "\(format.integer(result.paths)) \(t("paths", "trajectoires")) · \(t("seed", "graine")) \(result.seed) · "
            + t("merged from \(partials) partial result\(partials == 1 ? "" : "s")", "fusion de \(partials) résultat\(partials == 1 ? "" : "s") partiel\(partials == 1 ? "" : "s")"),
         "",
         verdictTable(result)].joined(separator: "\n")
    }
}
