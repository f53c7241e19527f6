import Foundation
import OfftakeAnalysis
import OfftakeEngine
import OfftakeModel

/// Any saved document — a run's result (`offtake.result/1`) or an analysis (`offtake.stress/1`,
/// `offtake.compare/1`, `offtake.sensitivity/1`, `offtake.optimize/1`) — as its HTML report. The
/// command line's `report` and the server's report route both render through here.
public enum DocumentRenderer {
    /// The analysis schemas (every other document is read as a run result).
    public static let analysisSchemas = [SensitivityReport.schemaID, StressReport.schemaID, CompareReport.schemaID, OptimizeReport.schemaID]

    /// The scenario a document came from, when known: the values it sets with their source comments
    /// (the assumptions table, from its file and every file it extends) and the parsed scenario (for
    /// metric units and covenant lines).
    public struct Origin: Sendable {
        public var assumptions: ScenarioAssumptions?
        public var scenario: Scenario?
        public init(assumptions: ScenarioAssumptions? = nil, scenario: Scenario? = nil) {
            self.assumptions = assumptions
            self.scenario = scenario
        }
    }

    /// The name of the scenario the document is of (`a` for a comparison), without decoding all of it.
    public static func scenarioName(of data: Data) -> String? {
        struct Names: Decodable { var scenario: String?; var a: String? }
        guard let names = try? JSONDecoder().decode(Names.self, from: data) else { return nil }
        return names.scenario ?? names.a
    }

    /// The HTML report of the document in `data`.
    public static func html(_ data: Data, origin: Origin, language: ReportLanguage, version: String,
                            seconds: Double? = nil, threads: Int? = nil) throws(ResultJSON.ReadError) -> String {
        try document(data, origin: origin, language: language, version: version, seconds: seconds, threads: threads).html()
    }

    public static func document(_ data: Data, origin: Origin, language: ReportLanguage, version: String,
                                seconds: Double? = nil, threads: Int? = nil) throws(ResultJSON.ReadError) -> ReportDocument {
        guard let schema = ResultJSON.schema(of: data), analysisSchemas.contains(schema) else {
            let result = try ResultJSON.decodeResult(data)
            let context = RunReportContext(scenario: origin.scenario, assumptions: origin.assumptions?.rows ?? [],
                                           version: version, seconds: seconds, threads: threads)
            return RunReportDocument.make(result, context: context, language: language)
        }
        let catalog = origin.scenario.flatMap { try? SimulationModel(scenario: $0) }.map { MetricCatalog(model: $0) }
        let renderer = AnalysisReportDocument(language: language) { catalog?.definition(of: $0)?.kind }
        switch schema {
        case SensitivityReport.schemaID: return renderer.sensitivity(try ResultJSON.decode(SensitivityReport.self, from: data))
        case StressReport.schemaID: return renderer.stress(try ResultJSON.decode(StressReport.self, from: data))
        case CompareReport.schemaID: return renderer.compare(try ResultJSON.decode(CompareReport.self, from: data))
        default: return renderer.optimize(try ResultJSON.decode(OptimizeReport.self, from: data))
        }
    }
}
