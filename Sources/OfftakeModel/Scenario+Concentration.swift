/// The same commitments placed with one supplier: the counterfactual behind the value of a buyer's
/// diversification (`offtake diversify`, docs/analyses.md).
///
/// A buyer's **builders** are the providers that build and run its capacity: the provider of each
/// capacity contract and the host of each hardware deal (a chip vendor ships chips; the host's build
/// is what can be late or stop). Its largest builder is the one with the most MW committed to it
/// (every tranche's median MW, options included), the first in scenario order on a tie.
///
/// ```swift
/// let single = try scenario.concentrated(buyer: "openai")          // on its largest builder
/// let onOracle = try scenario.concentrated(buyer: "openai", on: "oracle")
/// ```
extension Scenario {
    public enum ConcentrationError: Error, Equatable, CustomStringConvertible {
        /// No buyer with this id; the buyers are listed.
        case unknownBuyer(String, buyers: [String])
        /// The buyer has no contract.
        case noContracts(String)
        /// `supplier` does not build for this buyer; its builders are listed.
        case notABuilder(String, builders: [String])

        public var description: String {
            switch self {
            case .unknownBuyer(let id, let buyers):
                return "no buyer `\(id)`; the scenario's buyers: \(buyers.joined(separator: ", "))"
            case .noContracts(let id):
                return "buyer `\(id)` has no contract to place elsewhere"
            case .notABuilder(let id, let builders):
                return "`\(id)` does not build for this buyer; its builders (capacity providers and hosts): \(builders.joined(separator: ", "))"
            }
        }
    }

    /// The provider that builds contract `c`'s capacity: its host for a hardware deal, else its provider.
    public static func builder(of contract: Contract) -> String { contract.hardware?.host ?? contract.provider }

    /// The buyer's builders with the MW committed to each (median MW of every tranche), largest first,
    /// scenario order on a tie.
    public func builders(of buyer: String) -> [(id: String, mw: Double)] {
        var mw: [String: Double] = [:]
        var order: [String] = []
        for contract in contracts where contract.buyer == buyer {
            let id = Scenario.builder(of: contract)
            if mw[id] == nil { order.append(id) }
            mw[id, default: 0] += contract.tranches.reduce(0) { $0 + $1.mw.median }
        }
        return order.enumerated().sorted { a, b in
            mw[a.element]! != mw[b.element]! ? mw[a.element]! > mw[b.element]! : a.offset < b.offset
        }.map { ($0.element, mw[$0.element]!) }
    }

    /// This scenario with every contract of `buyer` built by `supplier` (default: its largest builder):
    /// a capacity contract's provider and a hardware deal's host become `supplier`; prices, tranches,
    /// terms and every other party stay as written. The new builder finances and builds the capacity
    /// with its own books (facility cost, leases, credit).
    public func concentrated(buyer: String, on supplier: String? = nil) throws(ConcentrationError) -> Scenario {
        guard buyers.contains(where: { $0.id == buyer }) else { throw .unknownBuyer(buyer, buyers: buyers.map(\.id)) }
        let ranked = builders(of: buyer)
        guard let largest = ranked.first else { throw .noContracts(buyer) }
        let target = supplier ?? largest.id
        guard ranked.contains(where: { $0.id == target }) else { throw .notABuilder(target, builders: ranked.map(\.id)) }
        var copy = self
        for c in copy.contracts.indices where copy.contracts[c].buyer == buyer {
            if case .hardware(var terms) = copy.contracts[c].kind {
                terms.host = target
                copy.contracts[c].kind = .hardware(terms)
            } else {
                copy.contracts[c].provider = target
            }
        }
        return copy
    }
}
