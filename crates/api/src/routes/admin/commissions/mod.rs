//! Commissions across partners: the list and its export.

pub(in crate::routes) mod export;
pub(in crate::routes) mod list;

pub use export::export;
pub use list::list;

use crate::bodies::back_office::OperatorCommission;
use crate::error::ApiError;
use crate::routes::query;
use partnerhub_domain::commissions::percentage;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::{Cents, PartnerId};
use partnerhub_persistence::commissions::Commission;
use partnerhub_persistence::enums::CommissionStatus;

fn commission_object(commission: &Commission) -> OperatorCommission<'_> {
    OperatorCommission {
        id: commission.id,
        partner_id: commission.partner_id,
        referral_reference_id: commission.reference_id().to_string(),
        level: commission.level,
        percentage: percentage(commission.basis_points),
        funded_amount: Cents(commission.funded_amount_cents),
        amount: Cents(commission.amount_cents),
        kind: commission.kind,
        status: commission.status,
        reason: commission.reason.as_deref(),
        held_for_review: commission.held_for_review,
        payable_at: display(commission.payable_at),
        payout_id: commission.payout_id,
        created_at: display(commission.created_at),
    }
}

/// `partner_id` and `status`.
fn filters(
    pairs: &[(String, String)],
) -> Result<(Option<PartnerId>, Option<CommissionStatus>), ApiError> {
    let partner = query::optional_id(pairs, "partner_id")?.map(PartnerId::new);
    let status = query::optional_choice(
        pairs,
        "status",
        &[
            ("pending", CommissionStatus::Pending),
            ("in_payout", CommissionStatus::InPayout),
            ("paid", CommissionStatus::Paid),
            ("reversed", CommissionStatus::Reversed),
            ("skipped", CommissionStatus::Skipped),
        ],
    )?;
    Ok((partner, status))
}
