import OfftakeEngine
import OfftakeModel
import OfftakeScenarioIO

/// A small scenario (one buyer, one provider, one contract, 3 years) for analyses in debug builds.
enum Fixtures {
    static let yaml = """
        name: small
        horizon: {start: 2026-01, end: 2028-12}
        run: {paths: 200, seed: 7}
        market:
          regimes:
            steady: {demand_drift: 10%/yr, demand_vol: 20%, funding_success: 70%}
          compute_price: {initial: 1.2M, decline: 20%/yr, demand_elasticity: 0.5}
        accelerators:
          - {id: gpu, workloads: [training, inference], capex_per_mw: "pert(min=25M, mode=33M, max=40M)", life_months: 72}
        buyers:
          - id: lab
            cash0: 2B
            revenue0: 300M
            growth: {initial: "uniform(min=-20%, max=150%)", long_run: 20%, half_life_months: 24}
            revenue_per_mw: {initial: 2M, trend: -8%/yr}
            training_mw: {2026: 300}
            opex: {fixed: 150M, growth: 15%/yr, revenue_share: 10%}
            funding: {raise_below_runway_months: 6, round_size: 2B, cooldown_months: 6}
        providers:
          - {id: cloud, cash0: 5B, debt0: 20B, base_ebitda: 24B/yr, interest_rate: 5.5%, leverage_covenant: 4.0, wacc: 9%,
             facility_capex_per_mw: 12M, build_months: 12, debt_fraction: 70%, opex_per_mw_month: 150K, release: {hazard: 5%, discount: 80%}}
        contracts:
          - id: main
            buyer: lab
            provider: cloud
            accelerator: gpu
            tranches: [{start: 2026-06, mw: 400}, {start: 2027-06, mw: 400}]
            end: 2028-12
            total_value: 8B
            take_or_pay: 90%
            recovery_rate: 30%
        stresses:
          same: {set: {contracts.main.take_or_pay: 90%}}
          harsh: {set: {market.regimes.steady.funding_success: 5%}}
        """

    static func scenario(overrides: [Override] = []) throws -> Scenario {
        try ScenarioLoader.load(text: yaml, source: "small", overrides: overrides)
    }

    static func model(overrides: [Override] = []) throws -> SimulationModel {
        try SimulationModel(scenario: try scenario(overrides: overrides))
    }
}
