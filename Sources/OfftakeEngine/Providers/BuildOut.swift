/// The capex rules of a provider's build-out (docs/model.md, "Provider"), used by `PathSimulator`.
///
/// A tranche's facility capex is spent evenly over the `buildMonths` months before its *planned*
/// delivery (the delay is not known in advance; with no build months it is paid in the planned
/// month); chip capex is paid in the month of *actual* delivery, and only if that delivery falls
/// inside the contract's term (chips are not bought for a term that is over). Month indices count
/// from the horizon's start and may fall outside it: the caller books a negative month as sunk and
/// a month past the horizon as not built.
public enum BuildOut {
    /// Calls `book(amount, month, isFacility)` for each payment of one tranche.
    public static func schedule(
        mw: Double, facilityCapexPerMW: Double, chipCapexPerMW: Double, plannedDelivery: Int, actualDelivery: Int,
        lastMonth: Int, buildMonths: Int, _ book: (Double, Int, Bool) -> Void
    ) {
        guard mw > 0, plannedDelivery <= lastMonth else { return }
        let build = max(0, buildMonths)
        let facility = facilityCapexPerMW * mw
        if build == 0 {
            book(facility, plannedDelivery, true)
        } else {
            let monthly = facility / Double(build)
            for t in (plannedDelivery - build)..<plannedDelivery { book(monthly, t, true) }
        }
        if actualDelivery <= lastMonth { book(chipCapexPerMW * mw, actualDelivery, false) }
    }
}
