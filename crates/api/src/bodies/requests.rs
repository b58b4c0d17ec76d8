//! The bodies the API reads. Handlers read them field by field (to name each bad field in
//! the seed's words, and to warn about unknown ones); these types describe them.
#![allow(dead_code)]

use partnerhub_domain::events::EventType;
use partnerhub_domain::quotes::{QuoteGroupStatus, QuoteStatus};
use partnerhub_domain::{LeadHandling, PartnerStatus, Stage};
use serde::Serialize;
use utoipa::ToSchema;

/// A lead, as `/leads/validate`, `/leads/submit` and the operator's lead routes read it.
/// With `tcpa_consent: true`, the consent record's timestamp, IP, source URL and text are required.
#[derive(Serialize, ToSchema)]
pub struct LeadSubmission {
    /// 2-50 characters: letters, spaces, `-` and `'`.
    #[schema(min_length = 2, max_length = 50, example = "John")]
    first_name: String,
    #[schema(min_length = 2, max_length = 50, example = "Doe")]
    last_name: String,
    /// `YYYY-MM-DD`, not in the future, not over 120 years ago.
    #[schema(format = Date, pattern = r"^\d{4}-\d{2}-\d{2}$", example = "1985-03-15")]
    date_of_birth: String,
    /// Required when the partner's lead handling is `full_management`; blank is absent.
    #[schema(max_length = 255, example = "john@example.com")]
    email: Option<String>,
    /// 10 digits once spaces, `()`, `-`, `.` and a leading `+1` are removed.
    #[schema(
        pattern = r"^((\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4})?$",
        example = "5551234567"
    )]
    phone: Option<String>,
    #[schema(max_length = 100)]
    company_name: Option<String>,
    #[schema(min_length = 1, max_length = 255, example = "123 Main St")]
    residential_street: String,
    #[schema(min_length = 1, max_length = 100, example = "Los Angeles")]
    residential_city: String,
    /// A US state, DC or territory code, any case.
    #[schema(pattern = r"^[A-Za-z]{2}$", example = "CA")]
    residential_state: String,
    /// `12345` or `12345-6789`.
    #[schema(pattern = r"^\d{5}(-?\d{4})?$", example = "90001")]
    residential_zip: String,
    #[schema(max_length = 1000)]
    notes: Option<String>,
    /// An active funding type.
    #[schema(max_length = 100, example = "Term Loan")]
    funding_type: Option<String>,
    #[schema(max_length = 255)]
    utm_source: Option<String>,
    #[schema(max_length = 255)]
    utm_medium: Option<String>,
    #[schema(max_length = 255)]
    utm_campaign: Option<String>,
    #[schema(max_length = 255)]
    utm_term: Option<String>,
    #[schema(max_length = 255)]
    utm_content: Option<String>,
    tcpa_consent: Option<bool>,
    /// RFC 3339 (`2024-01-15T10:30:00Z`), not in the future; with `tcpa_consent: true`.
    consent_timestamp: Option<String>,
    ip_address: Option<String>,
    source_url: Option<String>,
    consent_text: Option<String>,
    user_agent: Option<String>,
    trustedform_cert_url: Option<String>,
    /// The key, for clients that cannot send the `X-API-Key` header. Never stored or echoed.
    api_key: Option<String>,
}

/// `POST /app/admin/api/v1/leads`: a lead entered by staff for a partner.
#[derive(Serialize, ToSchema)]
pub struct ManualLead {
    partner_id: i64,
    #[serde(flatten)]
    lead: LeadSubmission,
}

#[derive(ToSchema)]
pub struct WebhookCreate {
    /// https, on a public address.
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.\-]+(:\d{1,4})?([/?#][^\s\u0000]*)?$",
        max_length = 2048,
        example = "https://example.com/hooks/partnerhub"
    )]
    url: String,
    /// Default: all four.
    #[schema(min_items = 1)]
    events: Option<Vec<EventType>>,
    #[schema(max_length = 500)]
    description: Option<String>,
}

#[derive(ToSchema)]
pub struct WebhookChanges {
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.\-]+(:\d{1,4})?([/?#][^\s\u0000]*)?$",
        max_length = 2048
    )]
    url: Option<String>,
    #[schema(min_items = 1)]
    events: Option<Vec<EventType>>,
    enabled: Option<bool>,
    #[schema(max_length = 500)]
    description: Option<String>,
}

#[derive(ToSchema)]
pub struct PartnerCreate {
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    #[schema(format = Email, min_length = 3, max_length = 255)]
    email: String,
    parent_partner_id: Option<i64>,
    lead_handling: Option<LeadHandling>,
    #[schema(minimum = 1, maximum = 2147483647)]
    rate_limit_per_hour: Option<i64>,
    /// Up to 3 levels of basis points, level 1 first (default 500, 200, 100).
    #[schema(max_items = 3, value_type = Option<Vec<BasisPoints>>)]
    commission_plan: Option<Vec<i32>>,
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~%]+(:\d{1,5})?([/?#][^\s\u0000]*)?$"
    )]
    landing_url: Option<String>,
    /// Default `active`.
    status: Option<PartnerStatus>,
    /// Days its commissions are held before they are payable (default: `PARTNERHUB_COMMISSION_HOLD_DAYS`).
    #[schema(minimum = 0, maximum = 3650)]
    commission_hold_days: Option<i64>,
    /// 10 digits, punctuation allowed; leads with this phone are self-referrals.
    #[schema(pattern = r"^((\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4})$")]
    phone: Option<String>,
}

/// Any field of a partner but `email`; a `status` change sends `account.status_changed`.
#[derive(ToSchema)]
pub struct PartnerChanges {
    #[schema(min_length = 1, max_length = 200)]
    name: Option<String>,
    parent_partner_id: Option<i64>,
    lead_handling: Option<LeadHandling>,
    #[schema(minimum = 1, maximum = 2147483647)]
    rate_limit_per_hour: Option<i64>,
    #[schema(max_items = 3, value_type = Option<Vec<BasisPoints>>)]
    commission_plan: Option<Vec<i32>>,
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~%]+(:\d{1,5})?([/?#][^\s\u0000]*)?$"
    )]
    landing_url: Option<String>,
    status: Option<PartnerStatus>,
    /// null: the platform's default.
    #[schema(minimum = 0, maximum = 3650)]
    commission_hold_days: Option<i64>,
    #[schema(pattern = r"^((\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4})$")]
    phone: Option<String>,
}

#[derive(ToSchema)]
pub struct FundingTypeCreate {
    #[schema(min_length = 1, max_length = 100)]
    name: String,
}

#[derive(ToSchema)]
pub struct FundingTypeActive {
    active: bool,
}

#[derive(ToSchema)]
pub struct StageMove {
    status: Stage,
    /// Dollars, to the cent; required to reach `funded`.
    #[schema(
        exclusive_minimum = 0,
        maximum = 10000000000000_f64,
        multiple_of = 0.01
    )]
    funded_amount: Option<f64>,
    #[schema(max_length = 1000)]
    note: Option<String>,
    /// Make a move the pipeline does not allow; recorded in the history.
    force: Option<bool>,
}

#[derive(ToSchema)]
pub struct QuoteDraft {
    #[schema(min_length = 1, max_length = 100)]
    quote_type: String,
    /// Dollars, to the cent, or null.
    #[schema(minimum = 0, maximum = 10000000000000_f64, multiple_of = 0.01)]
    amount: Option<f64>,
    status: QuoteStatus,
}

#[derive(ToSchema)]
pub struct QuotesReplace {
    quote_group_status: QuoteGroupStatus,
    #[schema(max_items = 20)]
    quotes: Vec<QuoteDraft>,
}

#[derive(ToSchema)]
pub struct PayoutRun {
    /// Dollars, to the cent; default 50.00.
    #[schema(minimum = 0, maximum = 10000000000000_f64, multiple_of = 0.01)]
    minimum_amount: Option<f64>,
}

#[derive(ToSchema)]
pub struct PayoutFailure {
    #[schema(max_length = 1000)]
    reason: Option<String>,
}

/// A share in basis points: 500 is 5%.
#[derive(ToSchema)]
#[schema(minimum = 0, maximum = 10000)]
pub struct BasisPoints(i32);

/// What a partner may change about itself; send at least one of the two. null clears.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(min_properties = 1)]
pub struct AccountChanges {
    /// The portal's "Lead submission & handling": `full_management` makes email and phone
    /// required on submit from the next request on.
    lead_handling: Option<LeadHandling>,
    /// https only.
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]://[A-Za-z0-9\-._~%]+(:\d{1,5})?([/?#][^\s\u0000]*)?$"
    )]
    landing_url: Option<String>,
}

#[derive(ToSchema)]
pub struct InvitationCreate {
    /// The person's email; they sign in with it.
    #[schema(format = Email, min_length = 3, max_length = 255)]
    email: String,
}

#[derive(ToSchema)]
pub struct PasswordChoice {
    /// 12 to 1024 characters, taken as typed.
    #[schema(min_length = 12, max_length = 1024)]
    password: String,
}

#[derive(ToSchema)]
pub struct SignIn {
    #[schema(min_length = 1, max_length = 255)]
    email: String,
    #[schema(min_length = 1, max_length = 1024)]
    password: String,
}

/// Referrals created within these inclusive UTC days.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateRange {
    /// Created on or after this day (YYYY-MM-DD)
    #[param(format = Date)]
    start_date: Option<String>,
    /// Created on or before this day (YYYY-MM-DD)
    #[param(format = Date)]
    end_date: Option<String>,
}

/// The `/leads` filters; dates are inclusive UTC days.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadFilters {
    /// Created on or after this day (YYYY-MM-DD)
    #[param(format = Date)]
    start_date: Option<String>,
    /// Created on or before this day (YYYY-MM-DD)
    #[param(format = Date)]
    end_date: Option<String>,
    /// Coarse status
    status: Option<partnerhub_domain::CoarseStatus>,
    /// Pipeline stage
    effective_status: Option<Stage>,
}

/// A time series' range and period.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesRange {
    /// First day (default: 29 days, 11 weeks or 11 months before `end_date`)
    #[param(format = Date)]
    start_date: Option<String>,
    /// Last day (default: today, UTC)
    #[param(format = Date)]
    end_date: Option<String>,
    /// Default `day`; weeks start on Monday
    interval: Option<partnerhub_domain::timeseries::Interval>,
}

/// Which key to issue; without a body, the live key.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    /// `live` (default) or `test`: a sandbox key, `phk_test_...`, for test leads only.
    mode: Option<partnerhub_domain::KeyMode>,
}

/// An application to become a partner.
#[derive(ToSchema)]
pub struct ApplicationCreate {
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    #[schema(format = Email, min_length = 3, max_length = 255)]
    email: String,
    #[schema(max_length = 200)]
    company_name: Option<String>,
    /// An absolute http(s) URL.
    #[schema(max_length = 2048)]
    website: Option<String>,
    #[schema(max_length = 2000)]
    message: Option<String>,
}

#[derive(ToSchema)]
pub struct ApplicationApproval {
    /// The new partner's status (default `active`).
    status: Option<PartnerStatus>,
}

#[derive(ToSchema)]
pub struct ApplicationRejection {
    #[schema(max_length = 1000)]
    reason: Option<String>,
}

/// The back office's lead filters; dates are inclusive UTC days.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OperatorLeadFilters {
    /// Only this partner's leads
    #[param(minimum = 1)]
    partner_id: Option<i64>,
    /// Pipeline stage
    effective_status: Option<Stage>,
    /// Created on or after this day (YYYY-MM-DD)
    #[param(format = Date)]
    start_date: Option<String>,
    /// Created on or before this day (YYYY-MM-DD)
    #[param(format = Date)]
    end_date: Option<String>,
    /// Held in a name, an email, a phone or a company name, any case
    #[param(max_length = 200)]
    q: Option<String>,
    /// Test leads instead of live ones (default false)
    test: Option<bool>,
}
