//! Leads, referrals, validation and the partner's account.

use super::common::{ErrorBody, Pagination};
use crate::error::ErrorCode;
use partnerhub_domain::lead::FieldValidationsJson;
use partnerhub_domain::lead_view::LeadJson;
use partnerhub_domain::quotes::{QuoteGroupStatus, QuoteStatus};
use partnerhub_domain::{
    Cents, CoarseStatus, LeadHandling, LeadId, PartnerId, PartnerStatus, ReferralType, Stage,
};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A lead as its partner reads it (also the `lead_details` of webhooks). Timestamps are UTC
/// `YYYY-MM-DD HH:MM:SS`. A traffic referral shows only the last-name initial and has no
/// email, phone or address.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct LeadObject {
    #[schema(example = "20240115-12345")]
    reference_id: String,
    first_name: String,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    #[schema(required = true)]
    company_name: Option<String>,
    residential_street: Option<String>,
    residential_city: Option<String>,
    residential_state: Option<String>,
    residential_zip: Option<String>,
    #[schema(required = true)]
    funding_type: Option<String>,
    status: CoarseStatus,
    /// The pipeline stage; null while the stage is `click` or `lead`.
    #[schema(required = true)]
    application_status: Option<Stage>,
    effective_status: Stage,
    #[schema(example = "2024-01-15 10:30:00")]
    created_at: String,
    updated_at: String,
}

/// A lead as `GET /referrals/{reference_id}` shows it: the lead object with its `referral_type`.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ReferralObject {
    referral_type: ReferralType,
    #[serde(flatten)]
    lead: LeadObject,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteObject<'a> {
    pub quote_type: &'a str,
    /// Dollars, or null when the quote has no amount yet.
    #[schema(value_type = Option<f64>, required = true)]
    pub amount: Option<Cents>,
    pub status: QuoteStatus,
    #[schema(required = true)]
    pub quote_group_status: Option<QuoteGroupStatus>,
}

#[derive(Serialize, ToSchema)]
pub struct LeadList<'v, 'a> {
    pub success: bool,
    #[schema(value_type = Vec<LeadObject>)]
    pub leads: Vec<LeadJson<'v, 'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize, ToSchema)]
pub struct LeadShown<'v, 'a> {
    pub success: bool,
    #[schema(value_type = LeadObject)]
    pub lead: LeadJson<'v, 'a>,
    /// Present only when the lead has quotes, as the seed says.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub quotes: Vec<QuoteObject<'v>>,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralShown<'v, 'a> {
    pub success: bool,
    #[schema(value_type = ReferralObject)]
    pub referral: LeadJson<'v, 'a>,
}

/// A lead accepted: `reference_id` is `YYYYMMDD-<lead_id>` (the UTC creation date).
#[derive(Serialize, ToSchema)]
pub struct LeadCreated {
    pub success: bool,
    pub lead_id: LeadId,
    #[schema(example = "20240115-12345")]
    pub reference_id: String,
}

/// One field's verdict in `field_validations`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FieldVerdict {
    field: String,
    valid: bool,
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// The answer of `/leads/validate`, 200 when valid and 400 when not.
#[derive(Serialize, ToSchema)]
pub struct ValidationReport<'a> {
    pub valid: bool,
    /// `Lead data is valid` or `Lead data has validation errors`.
    pub message: &'static str,
    pub errors: &'a [String],
    pub warnings: &'a [String],
    /// Each field's verdict, keyed by field name.
    #[schema(value_type = std::collections::HashMap<String, FieldVerdict>)]
    pub field_validations: FieldValidationsJson<'a>,
    /// The fields as sent, without `api_key`.
    #[schema(value_type = Object)]
    pub data_received: Map<String, Value>,
    #[serde(flatten)]
    pub settings_hint: SettingsHint,
}

/// `settings_note` and `settings_url`, present when email or phone failed the partner's
/// lead-handling rule.
#[derive(Default, Serialize, ToSchema)]
pub struct SettingsHint {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings_note: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings_url: Option<String>,
}

/// The 400 of a lead that failed validation: the first error, its field, and every error.
#[derive(Serialize, ToSchema)]
pub struct LeadRejected<'a> {
    pub error: String,
    #[schema(value_type = ErrorCode)]
    pub code: ErrorCode,
    #[schema(required = true)]
    pub field: Option<&'static str>,
    pub errors: &'a [String],
    #[serde(flatten)]
    pub settings_hint: SettingsHint,
}

/// The 409 of a lead that duplicates one the partner sent in the last 30 days.
#[derive(Serialize, ToSchema)]
pub struct DuplicateLead {
    /// `Duplicate lead`.
    pub error: &'static str,
    pub code: ErrorCode,
    /// The existing lead's reference id.
    pub reference_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralStats {
    pub total_referrals: i64,
    pub total_clicks: i64,
    pub total_leads: i64,
    pub total_applications: i64,
    pub total_funded: i64,
    /// funded / total, rounded to 3 decimals; 0 when there is no referral.
    pub conversion_rate: f64,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralStatsShown {
    pub success: bool,
    pub stats: ReferralStats,
}

#[derive(Serialize, ToSchema)]
pub struct Account<'a> {
    pub id: PartnerId,
    pub name: &'a str,
    pub email: &'a str,
    pub status: PartnerStatus,
    pub referral_code: &'a str,
    pub tracking_url: String,
    #[schema(required = true)]
    pub lead_handling: Option<LeadHandling>,
    pub rate_limit_per_hour: i32,
    /// Where the partner's tracking links land; null: the platform's default.
    #[schema(required = true)]
    pub landing_url: Option<&'a str>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountShown<'a> {
    pub success: bool,
    pub account: Account<'a>,
}

/// A 400 from `/leads/validate`: the report, or an error when the body could not be read.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ValidateRefused<'a> {
    Report(ValidationReport<'a>),
    Error(ErrorBody),
}

/// A 400 from a lead's submission: the validation errors, or an error about the body itself.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum SubmitRefused<'a> {
    Rejected(LeadRejected<'a>),
    Error(ErrorBody),
}
