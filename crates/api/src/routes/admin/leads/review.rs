//! An operator's decision on a lead flagged as a self-referral.

use super::find;
use crate::bodies::back_office::FlagReviewed;
use crate::error::{ApiError, ErrorCode};
use crate::operator::Operator;
use crate::presenters::operator_lead;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::earning_rules::SELF_REFERRAL;
use partnerhub_persistence::reviews::{self, Decision};

async fn review(
    operator: &Operator,
    state: &AppState,
    reference: &str,
    decision: Decision,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let lead = find(&mut conn, reference).await?;
    let (lead, commissions) = reviews::decide(
        &mut conn,
        lead.id,
        SELF_REFERRAL,
        decision,
        operator.audit(),
    )
    .await?
    .ok_or_else(|| {
        ApiError::conflict(
            ErrorCode::NotFlagged,
            "The lead is not flagged as a self-referral (any more)",
        )
    })?;
    let view = lead.view();
    Ok(HttpResponse::Ok().json(FlagReviewed {
        lead: operator_lead(&lead, &view),
        commissions,
    }))
}

/// `POST /leads/{reference_id}/flags/self_referral/clear`: the lead is no self-referral
/// after all; its commissions become payable after their hold.
#[utoipa::path(post, path = "/app/admin/api/v1/leads/{reference_id}/flags/self_referral/clear", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(("reference_id" = String, Path)),
    responses(
        (status = 200, description = "The lead, no longer flagged, and how many commissions it released", body = FlagReviewed),
        (status = 404, description = "`Lead not found`", body = crate::bodies::common::ErrorBody),
        (status = 409, description = "`NOT_FLAGGED`", body = crate::bodies::common::ErrorBody)))]
pub async fn clear_self_referral(
    operator: Operator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    review(&operator, &state, &path, Decision::Clear).await
}

/// `POST /leads/{reference_id}/flags/self_referral/void`: the lead is a self-referral; its
/// held commissions are reversed (off their earners' pending earnings).
#[utoipa::path(post, path = "/app/admin/api/v1/leads/{reference_id}/flags/self_referral/void", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(("reference_id" = String, Path)),
    responses(
        (status = 200, description = "The lead, no longer flagged, and how many commissions it reversed", body = FlagReviewed),
        (status = 404, description = "`Lead not found`", body = crate::bodies::common::ErrorBody),
        (status = 409, description = "`NOT_FLAGGED`", body = crate::bodies::common::ErrorBody)))]
pub async fn void_self_referral(
    operator: Operator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    review(&operator, &state, &path, Decision::Void).await
}
