import Foundation
@testable import OfftakeEngine
import OfftakeModel
import Testing

/// Typed metric ids render the wire ids of docs/metrics.md and read them back; the engine's verdict
/// lines carry ids and statistics only, never words.
@Suite struct MetricIDTests {
    static let scenarios = (0..<6).map(SimulatorTestScenarios.random(index:))

    @Test("ids render the documented wire strings, written out by hand")
    func rendering() {
        let expected: [(MetricID, String)] = [
            (.buyer("openai", .default), "buyer.openai.default"),
            (.buyer("openai", .defaultBy(2028)), "buyer.openai.default_by.2028"),
            (.buyer("openai", .cashFlowPositiveBy(2031)), "buyer.openai.cash_flow_positive_by.2031"),
            (.buyer("openai", .supplierShare("oracle")), "buyer.openai.supplier_share.oracle"),
            (.buyer("frontier-lab", .facilityDrawn), "buyer.frontier-lab.workout.facility_drawn"),
            (.buyer("lab", .deferralRefused), "buyer.lab.workout.deferral_refused"),
            (.contract("oracle-2027", .paidInFull), "contract.oracle-2027.paid_in_full"),
            (.contract("c_1", .spotEquivalentCost), "contract.c_1.spot_equivalent_cost"),
            (.provider("oracle", .customerShare("openai")), "provider.oracle.customer_share.openai"),
            (.provider("oracle", .downgradeBelowIG), "provider.oracle.downgrade_below_ig"),
            (.provider("p", .aiRevenue), "provider.p.ai_revenue"),
            (.market(.demand), "market.demand"),
            (.market(.price), "market.price"),
            (.market(.generationPrice("h100")), "market.generation_price.h100"),
            (.market(.supplyMW("b200-class")), "market.supply_mw.b200-class"),
        ]
        for (metric, id) in expected {
            #expect(metric.id == id)
            #expect(MetricID(parsing: id) == metric, "\(id)")
        }
    }

    @Test("every id a run writes reads back as the id that wrote it", arguments: 0..<6)
    func roundTrip(index: Int) throws {
        let catalog = MetricCatalog(model: try SimulationModel(scenario: Self.scenarios[index]))
        #expect(catalog.count > 20)
        for d in catalog.definitions {
            #expect(d.metric.id == d.id)
            #expect(MetricID(parsing: d.id) == d.metric, "\(d.id)")
        }
        for id in catalog.seriesIDs + catalog.yearlyIDs {
            #expect(MetricID(parsing: id)?.id == id, "\(id)")
        }
    }

    @Test("every measure's name reads back as that measure, and no two measures of a party share a name")
    func names() {
        let buyer = BuyerMeasure.plain + [.defaultBy(2030), .cashFlowPositiveBy(2031), .supplierShare("p-1")]
        let provider = ProviderMeasure.plain + [.customerShare("b_2")]
        for m in buyer { #expect(BuyerMeasure(name: m.name) == m, "\(m.name)") }
        for m in ContractMeasure.allCases { #expect(ContractMeasure(name: m.name) == m, "\(m.name)") }
        for m in provider { #expect(ProviderMeasure(name: m.name) == m, "\(m.name)") }
        #expect(Set(buyer.map(\.name)).count == buyer.count)
        #expect(Set(provider.map(\.name)).count == provider.count)
    }

    @Test("strings that are not metric ids are refused")
    func refused() {
        for text in ["", "buyer", "buyer.lab", "buyer.lab.", "buyer..default", "buyer.lab.unknown", "buyer.lab.default_by.20x8",
                     "buyer.lab.default_by.", "buyer.a.b.default", "provider.p.customer_share.", "provider.p.customer_share.a.b",
                     "market.weather", "market", "party.lab.default", "contract.c.paid_in_full.2028"] {
            #expect(MetricID(parsing: text) == nil, "\(text)")
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MetricID].self, from: Data(#"["buyer.lab.nope"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Statistic].self, from: Data(#"["median"]"#.utf8)) }
    }

    /// The strings a value holds, anywhere inside it.
    static func strings(in value: Any) -> [String] {
        if let s = value as? String { return [s] }
        return Mirror(reflecting: value).children.flatMap { strings(in: $0.value) }
    }

    @Test("the engine words nothing: verdict lines hold ids only, and without the report's labeller the JSON has no label")
    func noEnglishInTheEngine() throws {
        for scenario in Self.scenarios.prefix(3) {
            let model = try SimulationModel(scenario: scenario)
            let names = Set(scenario.buyers.map(\.id) + scenario.contracts.map(\.id) + scenario.providers.map(\.id))
            let lines = RunResult.verdictLines(model: model)
            #expect(!lines.isEmpty)
            // Every string a line carries is an entity id of the scenario: a label would be words.
            for line in lines {
                let strings = Self.strings(in: line)
                #expect(strings.allSatisfy(names.contains), "\(line.line.metric): \(strings)")
            }
            let result = RunResult(model: model, accumulator: MonteCarloRunner.run(model: model, seed: 3, paths: 40, threads: 1), seed: 3)
            #expect(!result.verdict.isEmpty)
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(result)) as? [String: Any])
            let verdict = try #require(json["verdict"] as? [[String: Any]])
            #expect(verdict.count == result.verdict.count)
            for entry in verdict { #expect(Set(entry.keys) == ["ci95", "id", "kind", "statistic", "value"]) }
        }
    }

    @Test("a labeller in the encoder writes each line's label; reading the document back keeps id and statistic")
    func labeller() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.userInfo[MetricLabeller.key] = MetricLabeller { "<\($0.metric.id)|\($0.statistic.rawValue)|\($0.counterparty ?? "-")>" }
        let line = MetricLine(.contract("c", .deferralRefused), .probability, counterparty: "p")
        let data = try encoder.encode(line)
        #expect(String(decoding: data, as: UTF8.self) == #"{"id":"contract.c.deferral_refused","label":"<contract.c.deferral_refused|probability|p>","statistic":"probability"}"#)
        let back = try JSONDecoder().decode(MetricLine.self, from: data)
        #expect(back == MetricLine(.contract("c", .deferralRefused), .probability))
    }
}
