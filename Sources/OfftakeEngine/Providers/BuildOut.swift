/// The capex rules of a provider's build-out (docs/model.md, "Provider"), used by `PathSimulator`.
///
/// A tranche's facility capex is spent evenly over the `buildMonths` months before its *planned*
/// delivery (the delay is not known in advance; with no build months it is paid in the planned
/// month). Its chips are paid either evenly over the `chipLeadMonths` months before the planned
/// delivery (bought and installed ahead, `chip_lead_months` > 0), or, without a lead, in the month of
/// *actual* delivery and only if that delivery falls inside the contract's term (chips are not bought
/// for a term that is over). Payments before the planned delivery are instalments the provider can
/// stop (a build halted for want of money); a payment at delivery is not. Month indices count from the
/// horizon's start and may fall outside it: the caller books a negative month as sunk and a month past
/// the horizon as not built.
public enum BuildOut {
    /// Calls `book(amount, month, beforeDelivery)` for each payment of one tranche: `beforeDelivery`
    /// for an instalment ahead of the planned delivery (facility, or chips with a lead), false for
    /// chips paid at the actual delivery.
    public static func schedule(
        mw: Double, facilityCapexPerMW: Double, chipCapexPerMW: Double, plannedDelivery: Int, actualDelivery: Int,
        lastMonth: Int, buildMonths: Int, chipLeadMonths: Int = 0, _ book: (Double, Int, Bool) -> Void
    ) {
        guard mw > 0, plannedDelivery <= lastMonth else { return }
        /// `amount` evenly over the `months` months before the planned delivery (in that month when 0).
        func ahead(_ amount: Double, months: Int) {
            if months == 0 {
                book(amount, plannedDelivery, true)
            } else {
                let monthly = amount / Double(months)
                for t in (plannedDelivery - months)..<plannedDelivery { book(monthly, t, true) }
            }
        }
        ahead(facilityCapexPerMW * mw, months: max(0, buildMonths))
        let chips = chipCapexPerMW * mw
        if chipLeadMonths > 0 {
            ahead(chips, months: chipLeadMonths)
        } else if actualDelivery <= lastMonth {
            book(chips, actualDelivery, false)
        }
    }

    /// The months before a planned delivery from which the build spends: the longer of the facility's
    /// construction and the chips' lead.
    public static func lead(buildMonths: Int, chipLeadMonths: Int) -> Int { max(0, buildMonths, chipLeadMonths) }
}
