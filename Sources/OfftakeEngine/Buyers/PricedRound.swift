import RealModule

/// The arithmetic of funding as a market (docs/model.md, "Funding as a market"), free of any path
/// state so that each formula is tested on its own.
///
/// ```swift
/// PricedRound.multiple(growth: 0.25, table: [(0.10, 4), (0.40, 10)])          // 7: halfway, linearly
/// PricedRound.size(need: 50e9, preMoney: 100e9, maxDilution: 0.2)              // 25e9: 20 % of the post-money
/// PricedRound.accessProbability(success: 0.7, preMoney: 50, lastPostMoney: 100, elasticity: 1)  // 0.35
/// ```
public enum PricedRound {
    /// EV ÷ forward revenue at forward growth `g`: linear between the table's points (sorted by
    /// growth), the end value beyond either end; 0 for an empty table. `point(k)` reads point k.
    @inline(__always)
    public static func multiple(growth g: Double, count: Int, point: (Int) -> (growth: Double, multiple: Double)) -> Double {
        guard count > 0 else { return 0 }
        var previous = point(0)
        if g <= previous.growth { return previous.multiple }
        for k in 1..<count {
            let next = point(k)
            if g <= next.growth {
                return next.growth > previous.growth
                    ? previous.multiple + (next.multiple - previous.multiple) * (g - previous.growth) / (next.growth - previous.growth)
                    : next.multiple
            }
            previous = next
        }
        return previous.multiple
    }

    /// The same on a table held as an array.
    public static func multiple(growth g: Double, table: [(growth: Double, multiple: Double)]) -> Double {
        multiple(growth: g, count: table.count) { table[$0] }
    }

    /// Cash a round raises: what it needs, at most the amount that sells `maxDilution` of the company
    /// at `preMoney` (raised ÷ (pre + raised) ≤ d ⇔ raised ≤ `listing(d)`); 0 when the pre-money
    /// value is not positive; no cap at d = 100 %.
    public static func size(need: Double, preMoney: Double, maxDilution d: Double) -> Double {
        guard need > 0, preMoney > 0, d > 0 else { return 0 }
        return d < 1 ? min(need, listing(floatShare: d, preMoney: preMoney)) : need
    }

    /// Cash from selling share f of the company at `preMoney` (a priced IPO's float, a round's largest
    /// size): f/(1 − f) × pre-money, so that raised ÷ (pre + raised) = f.
    public static func listing(floatShare f: Double, preMoney: Double) -> Double {
        guard preMoney > 0, f > 0, f < 1 else { return 0 }
        return f / (1 - f) * preMoney
    }

    /// Chance a round closes: `success × min(1, pre ÷ last post)^elasticity`, in [0, 1]; with no last
    /// round (NaN) the regime's odds alone.
    public static func accessProbability(success: Double, preMoney: Double, lastPostMoney: Double, elasticity: Double) -> Double {
        guard preMoney > 0 else { return 0 }
        let ratio = lastPostMoney > 0 ? min(1, preMoney / lastPostMoney) : 1
        let p = elasticity == 0 ? success : success * Double.pow(ratio, elasticity)
        return min(1, max(0, p))
    }

    /// Share of the company kept by existing holders when `amount` is raised at `preMoney`:
    /// pre ÷ (pre + amount) (0 when the pre-money value is not positive: new money owns it all).
    public static func retainedShare(amount: Double, preMoney: Double) -> Double {
        guard amount > 0 else { return 1 }
        return preMoney > 0 ? preMoney / (preMoney + amount) : 0
    }
}
