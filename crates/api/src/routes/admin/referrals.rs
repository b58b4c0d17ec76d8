use crate::error::ApiError;
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
use serde_json::json;

/// `POST /referrals/{reference_id}/convert`: a traffic click becomes a lead.
pub async fn convert(
    _: Operator,
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
    let converted =
        traffic::convert(&mut conn, LeadId(reference.lead_id.0), lead, Utc::now()).await?;
    state.doorbell.ring();
    match converted {
        Ok(converted) => Ok(HttpResponse::Ok().json(json!({
            "success": true,
            "referral": converted.view().referral_json(),
        }))),
        Err(ConvertRefused::NotTraffic) => Err(ApiError::conflict(
            "NOT_TRAFFIC",
            "Only traffic referrals can be converted",
        )),
        Err(ConvertRefused::NotAClick(stage)) => Err(ApiError::conflict(
            "NOT_A_CLICK",
            format!(
                "Only a click can be converted; this referral is at {}",
                stage.as_str()
            ),
        )),
        Err(ConvertRefused::Duplicate(existing)) => Err(duplicate(&existing)),
    }
}
