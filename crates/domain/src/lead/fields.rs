/// The lead fields, in the order errors are reported.
pub const LEAD_FIELDS: [&str; 24] = [
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "company_name",
    "residential_street",
    "residential_city",
    "residential_state",
    "residential_zip",
    "notes",
    "funding_type",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "tcpa_consent",
    "consent_timestamp",
    "ip_address",
    "source_url",
    "consent_text",
    "user_agent",
    "trustedform_cert_url",
];

/// The credential a partner may send in the body instead of the header: never stored or echoed.
pub const API_KEY_FIELD: &str = "api_key";

pub fn is_known(field: &str) -> bool {
    field == API_KEY_FIELD || LEAD_FIELDS.contains(&field)
}
