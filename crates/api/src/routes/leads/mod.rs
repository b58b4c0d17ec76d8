pub mod list;
pub mod show;
pub mod submit;
pub mod validate;

use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use partnerhub_domain::LeadHandling;
use partnerhub_domain::lead::{LeadValidation, ValidationContext, validate};
use partnerhub_persistence::partners::Partner;
use serde_json::{Map, Value, json};

pub const SETTINGS_NOTE: &str =
    "You can change this in your partner portal under Settings → Lead submission & handling.";

/// Runs the shared validator with the given lead handling and the active funding types.
pub async fn check_lead(
    state: &AppState,
    lead_handling: Option<LeadHandling>,
    body: &Map<String, Value>,
) -> Result<LeadValidation, ApiError> {
    let funding_types = state.accepted_funding_types().await?;
    let context = ValidationContext {
        lead_handling,
        funding_types: &funding_types,
        now: Utc::now(),
    };
    Ok(validate(body, &context))
}

/// The partner's own lead handling applies to what it submits.
async fn check_partner_lead(
    state: &AppState,
    partner: &Partner,
    body: &Map<String, Value>,
) -> Result<LeadValidation, ApiError> {
    check_lead(state, partner.lead_handling.map(LeadHandling::from), body).await
}

/// The 400 for a lead that failed validation: the first error, its field, and all errors.
pub fn rejected(state: &AppState, report: &LeadValidation) -> ApiError {
    let first_error = report.errors.first().cloned().unwrap_or_default();
    let field = report.field_validations.iter().find(|entry| !entry.valid);
    let mut body = json!({
        "error": first_error,
        "code": "VALIDATION_ERROR",
        "field": field.map(|entry| entry.field),
        "errors": report.errors,
    });
    add_settings_hint(state, report, &mut body);
    ApiError::ClientBody {
        status: actix_web::http::StatusCode::BAD_REQUEST,
        body,
    }
}

/// The 409 body for a lead that duplicates `existing` (partner submit, operator create, conversion).
pub fn duplicate_body(existing: &partnerhub_persistence::leads::Lead) -> Value {
    json!({
        "error": "Duplicate lead",
        "code": "DUPLICATE_LEAD",
        "reference_id": existing.reference_id().to_string(),
    })
}

pub fn duplicate(existing: &partnerhub_persistence::leads::Lead) -> ApiError {
    ApiError::ClientBody {
        status: actix_web::http::StatusCode::CONFLICT,
        body: duplicate_body(existing),
    }
}

/// Adds `settings_note` and `settings_url` when email or phone failed a lead-handling rule.
fn add_settings_hint(state: &AppState, report: &LeadValidation, body: &mut Value) {
    if report.lead_handling_violation {
        body["settings_note"] = json!(SETTINGS_NOTE);
        body["settings_url"] = json!(state.settings_url());
    }
}
