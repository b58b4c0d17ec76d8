//! Payout runs, their settlement, and the list and export of payouts.

pub(in crate::routes) mod complete;
pub(in crate::routes) mod export;
pub(in crate::routes) mod fail;
pub(in crate::routes) mod list;
pub(in crate::routes) mod run;

pub use complete::complete;
pub use export::export;
pub use fail::fail;
pub use list::list;
pub use run::run;

use crate::bodies::operator::{PayoutObject, PayoutShown};
use crate::error::{ApiError, ErrorCode};
use crate::routes::query;
use actix_web::HttpResponse;
use partnerhub_domain::Cents;
use partnerhub_domain::PartnerId;
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::enums::PayoutStatus;
use partnerhub_persistence::payouts::{Payout, PayoutRefused};
/// The default minimum a partner's pending commissions must reach to be paid out.
const DEFAULT_MINIMUM: Cents = Cents(5_000);

fn shown(payout: &Payout) -> PayoutObject<'_> {
    PayoutObject {
        id: payout.id,
        partner_id: payout.partner_id,
        amount: Cents(payout.amount_cents),
        status: payout.status,
        failure_reason: payout.failure_reason.as_deref(),
        created_at: display(payout.created_at),
        processed_at: payout.processed_at.map(display),
    }
}

fn settled(outcome: Option<Result<Payout, PayoutRefused>>) -> Result<HttpResponse, ApiError> {
    match outcome {
        None => Err(ApiError::not_found("Payout not found")),
        Some(Err(PayoutRefused::NotPending(status))) => Err(ApiError::conflict(
            ErrorCode::PayoutNotPending,
            format!(
                "The payout is {}; only a pending payout can change",
                status.as_str()
            ),
        )),
        Some(Ok(payout)) => Ok(HttpResponse::Ok().json(PayoutShown {
            payout: shown(&payout),
        })),
    }
}

/// The list's and the export's filters: `status` and `partner_id`.
fn filters(
    pairs: &[(String, String)],
) -> Result<(Option<PayoutStatus>, Option<PartnerId>), ApiError> {
    let status = query::optional_choice(
        pairs,
        "status",
        &[
            ("pending", PayoutStatus::Pending),
            ("completed", PayoutStatus::Completed),
            ("failed", PayoutStatus::Failed),
        ],
    )?;
    let partner = query::optional_id(pairs, "partner_id")?.map(PartnerId::new);
    Ok((status, partner))
}
