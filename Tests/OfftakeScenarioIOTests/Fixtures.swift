import Foundation
import OfftakeModel
import OfftakeScenarioIO
import Testing

/// A small valid scenario; tests break one line at a time and check the path and line:column reported.
let baseLines: [String] = [
    "name: test",                                                                        // 1
    "horizon: {start: 2026-01, end: 2030-12}",                                          // 2
    "market:",                                                                           // 3
    "  regimes:",                                                                        // 4
    "    initial: steady",                                                               // 5
    "    transitions:",                                                                  // 6
    "      steady: {steady: 0.98, bust: 0.02}",                                          // 7
    "      bust: {steady: 0.10, bust: 0.90}",                                            // 8
    "    steady: {demand_drift: 10%/yr, demand_vol: 20%, funding_success: 70%}",         // 9
    "    bust: {demand_drift: -30%/yr, demand_vol: 35%, funding_success: 20%, credit_spread: 2%}", // 10
    "  compute_price: {initial: 1.2M, decline: 20%/yr, demand_elasticity: 0.5}",         // 11
    "accelerators:",                                                                     // 12
    "  - id: gpu",                                                                       // 13
    "    workloads: [training, inference]",                                              // 14
    "    capex_per_mw: \"pert(min=25M, mode=33M, max=40M)\"",                            // 15
    "buyers:",                                                                           // 16
    "  - id: lab",                                                                       // 17
    "    cash0: 10B",                                                                    // 18
    "    revenue0: 500M",                                                                // 19
    "    growth: {initial: \"lognormal(p10=40%, p90=120%)\", long_run: 20%, half_life_months: 24}", // 20
    "    revenue_per_mw: {initial: 2M, trend: -8%/yr}",                                  // 21
    "    training_mw: {2026: 300, 2028: 600}",                                           // 22
    "    funding:",                                                                      // 23
    "      scheduled: [{month: 2026-06, amount: 5B, probability: 0.8}]",                 // 24
    "providers:",                                                                        // 25
    "  - id: cloud",                                                                     // 26
    "    cash0: 5B",                                                                     // 27
    "    debt0: 20B",                                                                    // 28
    "    base_ebitda: 24B/yr",                                                           // 29
    "    interest_rate: 5.5%",                                                           // 30
    "    wacc: 9%",                                                                      // 31
    "    facility_capex_per_mw: 12M",                                                    // 32
    "    build_months: 18",                                                              // 33
    "contracts:",                                                                        // 34
    "  - id: main",                                                                      // 35
    "    buyer: lab",                                                                    // 36
    "    provider: cloud",                                                               // 37
    "    accelerator: gpu",                                                              // 38
    "    tranches:",                                                                     // 39
    "      - {start: 2027-06, mw: 500}",                                                 // 40
    "      - {start: 2028-06, mw: 500}",                                                 // 41
    "    end: 2030-12",                                                                  // 42
    "    total_value: 30B",                                                              // 43
    "    take_or_pay: 90%",                                                              // 44
    "    recovery_rate: 30%",                                                            // 45
    "    delivery_delay: \"discrete(values=[0, 6], weights=[0.7, 0.3])\"",               // 46
    "correlations:",                                                                     // 47
    "  - [buyers.lab.growth.initial, accelerators.gpu.capex_per_mw, 0.3]",               // 48
    "stresses:",                                                                         // 49
    "  winter: {force_regime: {regime: bust, from: 2028-01, to: 2029-12}}",              // 50
    "  delays: {set: {contracts.main.delivery_delay: \"uniform(min=6, max=18)\"}}",      // 51
]

let baseText = baseLines.joined(separator: "\n") + "\n"

/// The base text with line `number` (1-based) replaced.
func replacing(_ number: Int, with line: String) -> String {
    var lines = baseLines
    lines[number - 1] = line
    return lines.joined(separator: "\n") + "\n"
}

func issues(_ text: String, format: ScenarioFormat = .yaml) -> [ScenarioIssue] {
    ScenarioLoader.check(text: text, source: "t.yaml", format: format).issues
}

/// The root of the package (for scenario files in the repository).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
