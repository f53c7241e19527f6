import OfftakeModel
import OfftakeRandom
import Testing

/// The warning rules on scenarios built in code: each fires exactly where its condition holds, with its
/// message word for word (the loader and job tests check the same through files, with locations).
@Suite struct ScenarioWarningsTests {
    /// A provider that borrows (`debt0`), with no optional block, whose existing business is flat.
    static func financials() -> ProviderFinancials {
        ProviderFinancials(cash0: .constant(1e10), debt0: .constant(5e9), baseEBITDA: .constant(1e8), interestRate: .constant(0.06),
                           wacc: .constant(0.09), facilityCapexPerMW: .constant(1e7), buildMonths: .constant(18))
    }

    static func scenario(_ change: (inout ProviderFinancials) -> Void = { _ in }) -> Scenario {
        var s = ValidatorTests.base()
        var f = financials()
        change(&f)
        s.providers[0].financials = f
        return s
    }

    func found(_ s: Scenario) -> [String] { ScenarioWarnings.check(s).map { "\($0.path): \($0.message)" } }

    @Test func aPlainProviderHasNoWarning() {
        #expect(ScenarioWarnings.check(ValidatorTests.base()).isEmpty)
        #expect(found(Self.scenario()) == [])
    }

    @Test func debtFractionBesideFinancing() {
        #expect(found(Self.scenario { $0.debtFraction = .constant(0.8); $0.financing = FinancingMix(equityShare: .constant(0.3)) }) == [
            "providers[0].debt_fraction: has no effect: with `financing:`, capex is paid from cash above `min_cash`, then `equity_share` new equity and new debt for the rest",
        ])
        #expect(found(Self.scenario { $0.debtFraction = .constant(0.8) }) == [])
        #expect(found(Self.scenario { $0.financing = FinancingMix(equityShare: .constant(0.3)) }) == [])
    }

    @Test func debtTermsOfAProviderThatNeverBorrows() {
        let never = Self.scenario {
            $0.debt0 = .constant(0)
            $0.amortizationYears = .constant(10)
            $0.sweep = DebtSweep(minCash: .constant(1e9))
            $0.leverageCovenant = .constant(4)
        }
        #expect(found(never) == [
            "providers[0].amortization_years: has no effect: the provider never has debt to repay (`debt0` is 0 and no capex is borrowed)",
            "providers[0].sweep: has no effect: the provider never has debt for the sweep to repay (`debt0` is 0 and no capex is borrowed)",
            "providers[0].leverage_covenant: has no effect: with no debt, leverage never exceeds the covenant (`debt0` is 0 and no capex is borrowed)",
        ])
        // Any way to borrow makes them count.
        for borrow: (inout ProviderFinancials) -> Void in [{ $0.debt0 = .constant(1) }, { $0.debtFraction = .constant(0.5) },
                                                           { $0.financing = FinancingMix(equityShare: .constant(1)) }] {
            var s = never
            borrow(&s.providers[0].financials!)
            #expect(found(s) == [])
        }
    }

    @Test func growthWithoutCapex() {
        let message = "providers[0].base_growth: the existing business grows without capex: nothing spends on the capacity `base_growth` adds (no `other_customers.capex_share`)"
        #expect(found(Self.scenario { $0.baseGrowth = .constant(0.05) }) == [message])
        #expect(found(Self.scenario {
            $0.baseGrowth = .constant(0.05)
            $0.otherCustomers = OtherCustomers(revenue0: .constant(1e8), margin: .constant(0.3))
        }) == [message])
        #expect(found(Self.scenario {
            $0.baseGrowth = .constant(0.05)
            $0.otherCustomers = OtherCustomers(revenue0: .constant(1e8), margin: .constant(0.3), capexShare: .constant(0.2))
        }) == [])
        // The median decides: a growth centred on 0 is not flagged.
        #expect(found(Self.scenario { $0.baseGrowth = .normal(mean: 0, sd: 0.1) }) == [])
        #expect(found(Self.scenario { $0.baseGrowth = .normal(mean: 0.01, sd: 0.1) }) == [message])
    }

    @Test func waccBelowTheCostOfDebt() {
        #expect(found(Self.scenario { $0.wacc = .constant(0.05) }) == [
            "providers[0].wacc: the build's discount rate is below the provider's cost of debt (medians of `wacc` and `interest_rate`)",
        ])
        #expect(found(Self.scenario { $0.wacc = .constant(0.06) }) == [])
    }

    @Test func overridesSetTwiceOrWithoutEffect() {
        let s = Self.scenario { $0.financing = FinancingMix(equityShare: .constant(0.3)); $0.debtFraction = .constant(0.8) }
        let overrides = [Override(path: "providers.cloud.debt_fraction", value: "50%"), Override(path: "providers.cloud.wacc", value: "10%"),
                         Override(path: "providers.cloud.debt_fraction", value: "70%"), Override(path: "providers.cloud.debt_fraction", value: "60%")]
        let warnings = ScenarioWarnings.check(overrides: overrides, origin: "--set", result: s).map { "\($0.path): \($0.message)" }
        #expect(warnings == [
            "providers.cloud.debt_fraction: set 3 times by --set; only the last value, 60%, is used",
            "providers.cloud.debt_fraction: the value given with --set has no effect: with `financing:`, capex is paid from cash above `min_cash`, then `equity_share` new equity and new debt for the rest",
        ])
        // A suspicious combination is not an override's doing: only keys without effect are.
        #expect(ScenarioWarnings.check(overrides: [Override(path: "providers.cloud.wacc", value: "1%")], origin: "--set",
                                       result: Self.scenario { $0.wacc = .constant(0.01) }).isEmpty)
    }

    @Test func ruleIDsAreUnique() {
        #expect(Set(ScenarioWarnings.rules.map(\.id)).count == ScenarioWarnings.rules.count)
    }
}
