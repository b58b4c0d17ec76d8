use super::{check_partner_lead, settings_hint};
use crate::bodies::leads::{ValidateRefused, ValidationReport};
use crate::bodies::requests::LeadSubmission;
use crate::error::ApiError;
use crate::partner_auth::{PartnerRequest, ValidateGuard};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use partnerhub_domain::lead::data_received;

/// `POST /leads/validate`: the submit validator as a dry run; writes nothing and is not
/// logged. Outside the hourly quota, under a per-key guard of its own.
#[utoipa::path(post, path = "/app/partners/api/v1/leads/validate", tag = "Leads",
    security(("api_key" = [])),
    request_body = LeadSubmission,
    responses(
        (status = 200, description = "The lead is valid", body = ValidationReport),
        (status = 400, description = "The lead has validation errors, or the body is not a JSON object", body = ValidateRefused)))]
pub async fn validate(
    call: PartnerRequest<ValidateGuard>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let PartnerRequest { partner, body, .. } = call;
    let report = check_partner_lead(&state, &partner, &body).await?;
    let (status, message) = if report.is_valid() {
        (StatusCode::OK, "Lead data is valid")
    } else {
        (StatusCode::BAD_REQUEST, "Lead data has validation errors")
    };
    let response = ValidationReport {
        valid: report.is_valid(),
        message,
        errors: &report.errors,
        warnings: &report.warnings,
        field_validations: report.field_validations_json(),
        data_received: data_received(body),
        settings_hint: settings_hint(&state, &report),
    };
    Ok(HttpResponse::build(status).json(response))
}
