use super::{add_settings_hint, check_partner_lead};
use crate::partner_call::{self, Metering};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::lead::data_received;
use serde_json::json;

/// `POST /leads/validate`: the submit validator as a dry run; writes nothing.
pub async fn validate(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> HttpResponse {
    partner_call::post(
        &state,
        &request,
        payload,
        Metering::ValidateGuard,
        async |partner, body| {
            let report = check_partner_lead(&state, &partner, &body).await?;
            let (status, message) = if report.is_valid() {
                (StatusCode::OK, "Lead data is valid")
            } else {
                (StatusCode::BAD_REQUEST, "Lead data has validation errors")
            };
            let mut response = json!({
                "valid": report.is_valid(),
                "message": message,
                "errors": report.errors,
                "warnings": report.warnings,
                "field_validations": report.field_validations_json(),
                "data_received": data_received(&body),
            });
            add_settings_hint(&state, &report, &mut response);
            Ok(HttpResponse::build(status).json(response))
        },
    )
    .await
}
