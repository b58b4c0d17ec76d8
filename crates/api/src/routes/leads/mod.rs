pub mod export;
pub mod list;
pub mod show;
pub mod submit;
pub mod validate;

use crate::bodies::leads::{DuplicateLead, LeadRejected, SettingsHint};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::StatusCode;
use chrono::Utc;
use partnerhub_domain::LeadHandling;
use partnerhub_domain::earning_rules::{flags_of_new_lead, is_self_referral};
use partnerhub_domain::lead::{LeadValidation, NewLead, ValidationContext, validate};
use partnerhub_persistence::partners::Partner;
use serde_json::{Map, Value};

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
    check_lead(state, partner.lead_handling, body).await
}

/// The flags a new lead of the partner carries: `self_referral` when its email or phone is
/// the partner's own, or a partner user's email.
pub async fn new_lead_flags(
    state: &AppState,
    partner: &Partner,
    lead: &NewLead,
) -> Result<Vec<String>, ApiError> {
    let people = state.people_of(partner.id).await?;
    Ok(flags_of_new_lead(is_self_referral(
        lead.email.as_deref(),
        lead.phone.as_deref(),
        &partner.email,
        partner.phone.as_deref(),
        &people,
    )))
}

/// The 400 for a lead that failed validation: the first error, its field, and all errors.
pub fn rejected(state: &AppState, report: &LeadValidation) -> ApiError {
    let field = report.field_validations.iter().find(|entry| !entry.valid);
    ApiError::with_body(
        StatusCode::BAD_REQUEST,
        &LeadRejected {
            error: report.errors.first().cloned().unwrap_or_default(),
            code: ErrorCode::ValidationError,
            field: field.map(|entry| entry.field),
            errors: &report.errors,
            settings_hint: settings_hint(state, report),
        },
    )
}

/// The 409 body for a lead that duplicates `existing` (partner submit, operator create, conversion).
pub fn duplicate_body(existing: &partnerhub_persistence::leads::Lead) -> DuplicateLead {
    DuplicateLead {
        error: "Duplicate lead",
        code: ErrorCode::DuplicateLead,
        reference_id: existing.reference_id().to_string(),
    }
}

pub fn duplicate(existing: &partnerhub_persistence::leads::Lead) -> ApiError {
    ApiError::with_body(StatusCode::CONFLICT, &duplicate_body(existing))
}

/// `settings_note` and `settings_url`, when email or phone failed a lead-handling rule.
fn settings_hint(state: &AppState, report: &LeadValidation) -> SettingsHint {
    if report.lead_handling_violation {
        SettingsHint {
            settings_note: Some(SETTINGS_NOTE),
            settings_url: Some(state.settings_url()),
        }
    } else {
        SettingsHint::default()
    }
}
