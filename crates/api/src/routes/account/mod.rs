//! `/account`: the calling partner's own settings, changed by itself, and its API key.

pub(in crate::routes) mod audit_log;
pub(in crate::routes) mod rotate_key;
pub(in crate::routes) mod show;
pub(in crate::routes) mod update;

pub use audit_log::audit_log;
pub use rotate_key::rotate_key;
pub use show::show;
pub use update::update;

use crate::bodies::leads::{Account, AccountShown};
use crate::error::ApiError;
use crate::fields::Fields;
use crate::state::AppState;
use partnerhub_domain::KeyMode;
use partnerhub_persistence::partners::Partner;

fn account_shown<'a>(state: &AppState, partner: &'a Partner) -> AccountShown<'a> {
    AccountShown {
        success: true,
        account: Account {
            id: partner.id,
            name: &partner.name,
            email: &partner.email,
            status: partner.status,
            referral_code: &partner.referral_code,
            tracking_url: state.tracking_url(&partner.referral_code),
            lead_handling: partner.lead_handling,
            rate_limit_per_hour: partner.rate_limit_per_hour,
            landing_url: partner.landing_url.as_deref(),
        },
    }
}

/// The `mode` of a key request: `live` (the default) or `test`.
pub(in crate::routes) fn key_mode(fields: &Fields) -> Result<KeyMode, ApiError> {
    if let Some(unknown) = fields.unknown(&["mode"]) {
        return Err(ApiError::invalid_field(
            unknown,
            format!("Field '{unknown}' is not part of a key request: send mode"),
        ));
    }
    match fields.str("mode")? {
        None => Ok(KeyMode::Live),
        Some(mode) => KeyMode::parse(mode)
            .ok_or_else(|| ApiError::invalid_field("mode", "Field 'mode' must be live or test")),
    }
}
