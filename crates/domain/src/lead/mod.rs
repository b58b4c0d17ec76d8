//! A lead as partners send it: the validator shared by `/leads/validate` and `/leads/submit`.

mod fields;
mod report;
mod rules;
mod us_states;
mod validator;

use chrono::{DateTime, NaiveDate, Utc};

pub use fields::{API_KEY_FIELD, LEAD_FIELDS};
pub use report::{FieldValidation, FieldValidationsJson, LeadValidation};
pub use validator::{FULL_MANAGEMENT_LABEL, ValidationContext, data_received, validate};

/// A lead that passed validation, normalised for storage.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLead {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    pub email: Option<String>,
    /// Exactly 10 digits.
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub residential_street: String,
    pub residential_city: String,
    /// Upper-case two-letter code.
    pub residential_state: String,
    /// `12345` or `12345-6789`.
    pub residential_zip: String,
    pub notes: Option<String>,
    /// The canonical spelling of an active funding type.
    pub funding_type: Option<String>,
    pub utm: Utm,
    pub consent: Option<ConsentRecord>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Utm {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
    pub term: Option<String>,
    pub content: Option<String>,
}

/// The TCPA consent record SafeStream asks publishers to keep with a lead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConsentRecord {
    pub tcpa_consent: Option<bool>,
    pub consent_timestamp: Option<DateTime<Utc>>,
    pub ip_address: Option<String>,
    pub source_url: Option<String>,
    pub consent_text: Option<String>,
    pub user_agent: Option<String>,
    pub trustedform_cert_url: Option<String>,
}

impl ConsentRecord {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Whether `value` is an email address the lead rules accept (also used for partner accounts).
pub fn is_valid_email(value: &str) -> bool {
    rules::email(value).is_ok()
}

/// A phone as leads' phones are stored (10 digits), if it is one.
pub fn normalise_phone(value: &str) -> Option<String> {
    rules::phone(value).ok()
}

/// Whether `value` is an absolute http or https URL.
pub fn is_http_url(value: &str) -> bool {
    rules::http_url("url", value).is_ok()
}
