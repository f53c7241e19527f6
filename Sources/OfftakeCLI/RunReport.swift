import OfftakeEngine
import OfftakeReport

/// English terminal formatting for the analysis commands (`Analyses.swift`), delegating to
/// `OfftakeReport`, where numbers, units and tables live; a thin adapter until those commands render
/// through `OfftakeReport` themselves.
enum RunReport {
    static let format = NumberFormat(.en)

    /// A value in the unit of its metric kind; the id is no longer needed (kinds carry the unit).
    static func format(_ x: Double, kind: MetricKind, id: String, error: Bool = false) -> String { format.value(x, kind: kind) }
    static func money(_ x: Double) -> String { format.money(x) }
    static func percent(_ x: Double) -> String { format.percent(x) }
    static func grouped(_ n: Int) -> String { format.integer(n) }

    /// Columns padded to their widest cell; the first row is the header.
    static func table(_ rows: [[String]], rightAligned: [Int]) -> String {
        TextTable(header: rows.first ?? [], rows: Array(rows.dropFirst()), rightAligned: Set(rightAligned)).render()
    }
}
