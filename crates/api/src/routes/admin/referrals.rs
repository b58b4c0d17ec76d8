use crate::bodies::common::ErrorBody;
use crate::bodies::leads::SubmitRefused;
use crate::bodies::operator::{ConvertConflict, ReferralConverted};
use crate::bodies::requests::LeadSubmission;
use crate::error::{ApiError, ErrorCode};
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::routes::leads::{check_lead, duplicate, rejected};
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::{LeadId, ReferenceId};
use partnerhub_persistence::leads;
use partnerhub_persistence::traffic::{self, ConvertRefused};

/// `POST /referrals/{reference_id}/convert`: a traffic click becomes a lead, validated like a
/// submission.
#[utoipa::path(post, path = "/app/admin/api/v1/referrals/{reference_id}/convert", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(("reference_id" = String, Path)),
    request_body = LeadSubmission,
    responses(
        (status = 200, description = "The referral, now a lead", body = ReferralConverted),
        (status = 400, description = "The lead fields have validation errors", body = SubmitRefused),
        (status = 404, description = "`Referral not found`", body = ErrorBody),
        (status = 409, description = "`NOT_TRAFFIC`, `NOT_A_CLICK`, or a duplicate lead", body = ConvertConflict)))]
pub async fn convert(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found("Referral not found");
    let reference = ReferenceId::parse(&path).ok_or_else(not_found)?;
    let body = read_object(&request, payload).await?;
    let mut conn = state.connection().await?;
    leads::find_by_reference(&mut conn, reference)
        .await?
        .ok_or_else(not_found)?;
    let report = check_lead(&state, None, &body).await?;
    let lead = report
        .lead
        .as_ref()
        .ok_or_else(|| rejected(&state, &report))?;
    let converted = traffic::convert(
        &mut conn,
        LeadId::new(reference.lead_id.get()),
        lead,
        Utc::now(),
        operator.audit(),
    )
    .await?;
    state.doorbell.ring();
    match converted {
        Ok(converted) => {
            let view = converted.view();
            Ok(HttpResponse::Ok().json(ReferralConverted {
                success: true,
                referral: view.as_referral(),
            }))
        }
        Err(ConvertRefused::NotTraffic) => Err(ApiError::conflict(
            ErrorCode::NotTraffic,
            "Only traffic referrals can be converted",
        )),
        Err(ConvertRefused::NotAClick(stage)) => Err(ApiError::conflict(
            ErrorCode::NotAClick,
            format!(
                "Only a click can be converted; this referral is at {}",
                stage.as_str()
            ),
        )),
        Err(ConvertRefused::Duplicate(existing)) => Err(duplicate(&existing)),
    }
}
