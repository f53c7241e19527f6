import OfftakeModel
import Testing

/// Did-you-mean: the name a misspelling starts, or whose words it holds in another order, before the
/// closest by edit distance.
@Suite struct NameSuggestionTests {
    /// A contract's keys, as the reader lists them.
    static let contractKeys = Contract.fields.keys

    /// The suggestion by edit distance alone (the rule every other rule comes before): the first
    /// candidate at the least distance, if within max(1, ⌊shorter length/3⌋).
    static func byDistanceAlone(_ name: String, _ candidates: [String]) -> String? {
        let best = candidates.map { ($0, NameSuggestion.distance(name.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let (candidate, d) = best, d <= max(1, min(name.count, candidate.count) / 3) else { return nil }
        return candidate
    }

    /// Cases where edit distance alone suggests another key, or none.
    @Test(arguments: [
        ("recovery_lag", "recovery_lag_months"),
        ("lag_months_recovery", "recovery_lag_months"),
        ("months_recovery_lag", "recovery_lag_months"),
        ("Recovery_Lag", "recovery_lag_months"),
        ("price_per_mw", "price_per_mw_month"),
        ("months", "term_months"),
        ("fee_months_termination", "termination_fee_months"),
        ("termination_fee", "termination_fee_months"),
        ("take_or_pay_share", "take_or_pay"),
        ("delay_delivery", "delivery_delay"),
    ])
    func prefersStartsAndWordsOverDistance(_ name: String, _ expected: String) {
        #expect(NameSuggestion.closest(to: name, in: Self.contractKeys) == expected)
        #expect(Self.byDistanceAlone(name, Self.contractKeys) != expected, "edit distance alone already finds \(expected) for \(name)")
    }

    /// Cases edit distance alone also gets right stay right.
    @Test(arguments: [
        ("tkae_or_pay", "take_or_pay"),
        ("recovery_months", "recovery_lag_months"),
        ("mw_price_per_month", "price_per_mw_month"),
        ("recovery_rat", "recovery_rate"),
        ("recovery_lag_month", "recovery_lag_months"),
        ("escalater", "escalator"),
        ("provder", "provider"),
        ("ESCALATOR", "escalator"),
    ])
    func keepsTyposThatDistanceFinds(_ name: String, _ expected: String) {
        #expect(NameSuggestion.closest(to: name, in: Self.contractKeys) == expected)
        #expect(Self.byDistanceAlone(name, Self.contractKeys) == expected)
    }

    /// Too short a start, a single common word, or nothing alike: no suggestion.
    @Test(arguments: ["p", "re", "rate", "zzz", "", "recovery_lag_months_and_then_many_more_words", "_", "__"])
    func suggestsNothingForWeakMatches(_ name: String) {
        #expect(NameSuggestion.closest(to: name, in: Self.contractKeys) == nil, "\(name) → \(NameSuggestion.closest(to: name, in: Self.contractKeys) ?? "")")
    }

    @Test func tiesGoToTheCandidateThatSortsFirstWhateverTheOrderGiven() {
        let candidates = ["b_cost_total", "a_cost_total", "cost_total_x"]
        #expect(NameSuggestion.closest(to: "total_cost", in: candidates) == "a_cost_total")
        #expect(NameSuggestion.closest(to: "total_cost", in: candidates.reversed()) == "a_cost_total")
        // The shortest completion, and the longest candidate that starts the name.
        #expect(NameSuggestion.closest(to: "growth", in: ["growth_sensitivity", "growth_rate"]) == "growth_rate")
        #expect(NameSuggestion.closest(to: "round_size_usd_total", in: ["round", "round_size"]) == "round_size")
        // A repeated word must be there twice.
        #expect(NameSuggestion.closest(to: "lag_lag", in: ["lag_months"]) == nil)
    }

    /// Paths, ids with `-`, and built-in names follow the same rules.
    @Test func pathsAndNames() {
        let paths = ["contracts.main.recovery_rate", "contracts.main.recovery_lag_months", "contracts.main.take_or_pay"]
        #expect(NameSuggestion.closest(to: "contracts.main.recovery_lag", in: paths) == "contracts.main.recovery_lag_months")
        #expect(NameSuggestion.closest(to: "contracts.main.months_recovery", in: paths) == "contracts.main.recovery_lag_months")
        let builtIns = ["openai-oracle-2027", "oracle-ai-book", "gpu-neocloud", "gpu-neocloud-2023"]
        #expect(NameSuggestion.closest(to: "openai-oracle", in: builtIns) == "openai-oracle-2027")
        #expect(NameSuggestion.closest(to: "oracle-openai-2027", in: builtIns) == "openai-oracle-2027")
        // A typo in the year is a typo, not a longer name than `gpu-neocloud`.
        #expect(NameSuggestion.closest(to: "gpu-neocloud-2032", in: builtIns) == "gpu-neocloud-2023")
        #expect(NameSuggestion.hint(for: "recovery_lag", candidates: Self.contractKeys) == "did you mean `recovery_lag_months`?")
    }
}
