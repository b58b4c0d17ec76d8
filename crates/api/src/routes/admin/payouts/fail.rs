use super::settled;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::PayoutShown;
use crate::bodies::requests::PayoutFailure;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::PayoutId;
use partnerhub_persistence::payouts;

/// `POST /payouts/{id}/fail`: its commissions return to pending for the next run.
#[utoipa::path(post, path = "/app/admin/api/v1/payouts/{id}/fail", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body = PayoutFailure,
    responses(
        (status = 200, description = "The payout, failed", body = PayoutShown),
        (status = 404, description = "`Payout not found`", body = ErrorBody),
        (status = 409, description = "`PAYOUT_NOT_PENDING`", body = ErrorBody)))]
pub async fn fail(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let reason = fields.str("reason")?.filter(|reason| !reason.is_empty());
    if reason.is_some_and(|reason| reason.chars().count() > 1000) {
        return Err(ApiError::invalid_field(
            "reason",
            "Field 'reason' must be at most 1000 characters",
        ));
    }
    let mut conn = state.connection().await?;
    settled(
        payouts::fail(
            &mut conn,
            PayoutId::new(*path),
            reason,
            Utc::now(),
            operator.audit(),
        )
        .await?,
    )
}
