use super::settled;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::PayoutShown;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::PayoutId;
use partnerhub_persistence::payouts;

/// `POST /payouts/{id}/complete`: its commissions are paid; `payout.processed` is sent.
#[utoipa::path(post, path = "/app/admin/api/v1/payouts/{id}/complete", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The payout, completed", body = PayoutShown),
        (status = 404, description = "`Payout not found`", body = ErrorBody),
        (status = 409, description = "`PAYOUT_NOT_PENDING`", body = ErrorBody)))]
pub async fn complete(
    operator: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let completed = payouts::complete(
        &mut conn,
        PayoutId::new(*path),
        Utc::now(),
        operator.audit(),
    )
    .await?;
    state.doorbell.ring();
    settled(completed)
}
