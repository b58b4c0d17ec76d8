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

/// Runs the shared validator with the partner's lead handling and the active funding types.
async fn check_lead(
    state: &AppState,
    partner: &Partner,
    body: &Map<String, Value>,
) -> Result<LeadValidation, ApiError> {
    let funding_types = state.accepted_funding_types().await?;
    let context = ValidationContext {
        lead_handling: partner.lead_handling.map(LeadHandling::from),
        funding_types: &funding_types,
        now: Utc::now(),
    };
    Ok(validate(body, &context))
}

/// Adds `settings_note` and `settings_url` when email or phone failed a lead-handling rule.
fn add_settings_hint(state: &AppState, report: &LeadValidation, body: &mut Value) {
    if report.lead_handling_violation {
        body["settings_note"] = json!(SETTINGS_NOTE);
        body["settings_url"] = json!(state.settings_url());
    }
}
