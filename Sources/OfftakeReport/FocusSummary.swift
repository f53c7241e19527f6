import Foundation

extension FocusExport {
    /// Rows and billed cost per projection of a FOCUS dataset (`offtake export focus`'s summary), as a
    /// table, the `offtake.focus-summary/1` JSON document or CSV.
    public struct Summary: Sendable {
        public var projections: [(name: String, path: String, rows: Int, billed: Double)]

        /// Counts the rows and sums the billed cost of each of `projections` in `dataset` (rows of ``columns``).
        public init(_ dataset: [[String]], projections: [Projection]) {
            let billedColumn = FocusExport.columns.firstIndex(of: "BilledCost")!, projectionColumn = FocusExport.columns.firstIndex(of: "x_Projection")!
            var rows: [String: Int] = [:], billed: [String: Double] = [:]
            for fields in dataset {
                rows[fields[projectionColumn], default: 0] += 1
                billed[fields[projectionColumn], default: 0] += Double(fields[billedColumn]) ?? 0
            }
            self.projections = projections.map { p in
                (name: p.name, path: p.path.map(String.init) ?? "", rows: rows[p.name] ?? 0, billed: billed[p.name] ?? 0)
            }
        }

        public func table() -> String {
            let f = NumberFormat(.en)
            return TextTable(header: ["projection", "path", "rows", "billed (all contracts)"],
                             rows: projections.map { [$0.name, $0.path, f.integer($0.rows), f.money($0.billed)] }, rightAligned: [1, 2, 3]).render()
                + "\nFOCUS \(FocusExport.version) cost-and-usage rows; amounts in USD."
        }

        /// The document; every number is a string, as in the CSV.
        public func json() throws -> Data {
            let object: [[String: String]] = projections.map { ["projection": $0.name, "path": $0.path, "rows": String($0.rows), "billed_cost": CSVExport.number($0.billed)] }
            return try ResultJSON.serialize(["schema": "offtake.focus-summary/1", "focus_version": FocusExport.version, "projections": object])
        }

        public func csv() -> String {
            CSVExport.document([["projection", "path", "rows", "billed_cost"]] + projections.map { [$0.name, $0.path, String($0.rows), CSVExport.number($0.billed)] })
        }
    }
}
