/// A provider's capital spending for the capacity it builds (model.md, "Provider", "Build-out"):
/// for each contract tranche, facility capex `facility_capex_per_mw · MW` is spent evenly over the
/// `build_months` months before the tranche's *planned* delivery (months p − b … p − 1), and chip
/// capex `accelerator.capex_per_mw · MW` is paid in the month of *actual* delivery (planned month plus
/// the contract's delivery delay). A share `debt_fraction` of each month's capex is borrowed.
///
/// Spending that falls before the horizon's first month is not in the monthly arrays: it is returned
/// as `sunkCapex` (already spent when the simulation starts, outside the NPV of the build). Spending
/// after the last month is dropped with the tranche (a tranche delivered after the horizon is not built
/// within it) and returned as `capexAfterHorizon`.
public struct BuildOut: Sendable, Equatable {
    /// One tranche to build, in month indices from the horizon's start.
    public struct Tranche: Sendable, Equatable {
        public var plannedDelivery: Int
        public var delayMonths: Int
        public var mw: Double
        public var facilityCapexPerMW: Double
        public var chipCapexPerMW: Double
        public init(plannedDelivery: Int, delayMonths: Int, mw: Double, facilityCapexPerMW: Double, chipCapexPerMW: Double) {
            self.plannedDelivery = plannedDelivery
            self.delayMonths = delayMonths
            self.mw = mw
            self.facilityCapexPerMW = facilityCapexPerMW
            self.chipCapexPerMW = chipCapexPerMW
        }
        /// Month of actual delivery.
        public var actualDelivery: Int { plannedDelivery + delayMonths }
    }

    /// Facility capex per month.
    public var facilityCapex: [Double]
    /// Chip capex per month.
    public var chipCapex: [Double]
    /// Capex before the first month.
    public var sunkCapex: Double
    /// Capex of tranches delivered after the last month, or facility spending after it.
    public var capexAfterHorizon: Double

    /// - Parameter buildMonths: months over which a facility is built (0: all in the delivery month).
    public init(tranches: [Tranche], buildMonths: Int, months: Int) {
        facilityCapex = [Double](repeating: 0, count: months)
        chipCapex = [Double](repeating: 0, count: months)
        sunkCapex = 0
        capexAfterHorizon = 0
        let build = max(0, buildMonths)
        for tranche in tranches where tranche.mw > 0 {
            let facility = tranche.facilityCapexPerMW * tranche.mw
            if build == 0 {
                book(facility, at: tranche.plannedDelivery, facility: true)
            } else {
                let monthly = facility / Double(build)
                for t in (tranche.plannedDelivery - build)..<tranche.plannedDelivery {
                    book(monthly, at: t, facility: true)
                }
            }
            book(tranche.chipCapexPerMW * tranche.mw, at: tranche.actualDelivery, facility: false)
        }
    }

    mutating func book(_ amount: Double, at t: Int, facility: Bool) {
        if t < 0 {
            sunkCapex += amount
        } else if t >= facilityCapex.count {
            capexAfterHorizon += amount
        } else if facility {
            facilityCapex[t] += amount
        } else {
            chipCapex[t] += amount
        }
    }

    /// Total capex of month t.
    public func capex(at t: Int) -> Double { facilityCapex[t] + chipCapex[t] }

    /// Debt drawn in month t: `debtFraction · capex_t` (the rest is paid in cash).
    public func debtDraw(at t: Int, debtFraction: Double) -> Double { debtFraction * capex(at: t) }
}
