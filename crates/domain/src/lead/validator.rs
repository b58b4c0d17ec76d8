use super::fields::{API_KEY_FIELD, is_known};
use super::report::{FieldValidation, LeadValidation};
use super::rules::{self, Failure};
use super::{ConsentRecord, NewLead, Utm};
use crate::{AcceptedFundingTypes, LeadHandling};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub const FULL_MANAGEMENT_LABEL: &str = "StartCap fully manages onboarding and funding";
const FUNDING_TYPE_REJECTED: &str = "This funding type is not currently accepted for lead submissions. Please use an allowed funding type or omit funding_type.";

/// What the validator needs to know beyond the lead itself.
pub struct ValidationContext<'a> {
    pub lead_handling: Option<LeadHandling>,
    pub funding_types: &'a AcceptedFundingTypes,
    pub now: DateTime<Utc>,
}

/// Checks every field of a lead body and, when all pass, yields the normalised lead.
pub fn validate(body: &Map<String, Value>, context: &ValidationContext<'_>) -> LeadValidation {
    let mut check = Checker {
        body,
        report: LeadValidation {
            errors: Vec::new(),
            warnings: Vec::new(),
            field_validations: Vec::new(),
            lead_handling_violation: false,
            lead: None,
        },
    };
    let today = context.now.date_naive();

    let first_name = check.required("first_name", "Field 'first_name' is required", |v| {
        rules::name("first_name", v)
    });
    let last_name = check.required("last_name", "Field 'last_name' is required", |v| {
        rules::name("last_name", v)
    });
    let date_of_birth = check
        .required("date_of_birth", "Field 'date_of_birth' is required", |v| {
            rules::date_of_birth(v, today)
        })
        .map(|(date, under_18)| {
            if under_18 {
                check.warn("date_of_birth", "Applicant appears to be under 18");
            }
            date
        });

    let full_management = context.lead_handling == Some(LeadHandling::FullManagement);
    let email = check.contact("email", full_management, rules::email);
    if let Some((typed, intended)) = email.as_deref().and_then(rules::email_domain_typo) {
        let warning = format!("Email domain '{typed}' looks like a typo of '{intended}'");
        check.warn("email", &warning);
    }
    let phone = check.contact("phone", full_management, rules::phone);
    if let (Some(normalised), Some(Value::String(sent))) = (&phone, body.get("phone"))
        && sent.trim() != normalised
    {
        let warning = format!("Field 'phone' was normalised to {normalised}");
        check.warn("phone", &warning);
    }

    let company_name = check.optional("company_name", |v| {
        rules::max_length("company_name", v, 100)
    });
    let street = check.required(
        "residential_street",
        "Residential address: Street is required",
        |v| rules::max_length("residential_street", v, 255),
    );
    let city = check.required(
        "residential_city",
        "Residential address: City is required",
        |v| rules::max_length("residential_city", v, 100),
    );
    let state = check.required(
        "residential_state",
        "Residential address: State is required",
        rules::state,
    );
    let zip = check.required(
        "residential_zip",
        "Residential address: ZIP code is required",
        rules::zip,
    );
    if let (Some(zip), Some(state)) = (&zip, &state)
        && !rules::zip_matches_state(zip, state)
    {
        let warning = format!("ZIP code {zip} is not one USPS assigns to {state}");
        check.warn("residential_zip", &warning);
    }

    let notes = check.optional("notes", |v| rules::max_length("notes", v, 1000));
    let funding_type = check.optional("funding_type", |v| {
        context
            .funding_types
            .canonical(v)
            .map(str::to_string)
            .ok_or_else(|| {
                Failure::new(
                    FUNDING_TYPE_REJECTED,
                    "This funding type is not currently accepted",
                )
            })
    });
    let mut utm_value =
        |field: &'static str| check.optional(field, |v| rules::max_length(field, v, 255));
    let utm = Utm {
        source: utm_value("utm_source"),
        medium: utm_value("utm_medium"),
        campaign: utm_value("utm_campaign"),
        term: utm_value("utm_term"),
        content: utm_value("utm_content"),
    };
    let consent = check.consent(context.now);
    check.unknown_fields();

    let mut report = check.report;
    if report.errors.is_empty()
        && let (
            Some(first_name),
            Some(last_name),
            Some(date_of_birth),
            Some(residential_street),
            Some(residential_city),
            Some(residential_state),
            Some(residential_zip),
        ) = (
            first_name,
            last_name,
            date_of_birth,
            street,
            city,
            state,
            zip,
        )
    {
        report.lead = Some(NewLead {
            first_name,
            last_name,
            date_of_birth,
            email,
            phone,
            company_name,
            residential_street,
            residential_city,
            residential_state,
            residential_zip,
            notes,
            funding_type,
            utm,
            consent: (!consent.is_empty()).then_some(consent),
        });
    }
    report
}

/// A field's raw value: strings are trimmed, and empty strings and nulls count as absent.
enum Raw {
    Missing,
    Text(String),
    WrongType,
}

struct Checker<'a> {
    body: &'a Map<String, Value>,
    report: LeadValidation,
}

impl Checker<'_> {
    fn raw(&self, field: &str) -> Raw {
        match self.body.get(field) {
            None | Some(Value::Null) => Raw::Missing,
            Some(Value::String(text)) if text.trim().is_empty() => Raw::Missing,
            Some(Value::String(text)) => Raw::Text(text.trim().to_string()),
            // ZIP codes and phone numbers are often sent as JSON numbers.
            Some(Value::Number(number)) if matches!(field, "residential_zip" | "phone") => {
                Raw::Text(number.to_string())
            }
            Some(_) => Raw::WrongType,
        }
    }

    fn entry(&mut self, field: &'static str) -> &mut FieldValidation {
        let entries = &mut self.report.field_validations;
        let index = match entries.iter().position(|entry| entry.field == field) {
            Some(index) => index,
            None => {
                entries.push(FieldValidation {
                    field,
                    valid: true,
                    errors: Vec::new(),
                    warnings: Vec::new(),
                });
                entries.len() - 1
            }
        };
        &mut entries[index]
    }

    fn fail(&mut self, field: &'static str, failure: Failure) {
        let entry = self.entry(field);
        entry.valid = false;
        entry.errors.push(failure.short);
        self.report.errors.push(failure.error);
    }

    fn warn(&mut self, field: &'static str, warning: &str) {
        self.entry(field).warnings.push(warning.to_string());
        self.report.warnings.push(warning.to_string());
    }

    fn wrong_type(field: &str) -> Failure {
        Failure::new(
            format!("Field '{field}' must be a string"),
            "Must be a string",
        )
    }

    fn apply<T>(
        &mut self,
        field: &'static str,
        value: String,
        rule: impl FnOnce(&str) -> Result<T, Failure>,
    ) -> Option<T> {
        self.entry(field);
        match rule(&value) {
            Ok(parsed) => Some(parsed),
            Err(failure) => {
                self.fail(field, failure);
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        field: &'static str,
        missing: &str,
        rule: impl FnOnce(&str) -> Result<T, Failure>,
    ) -> Option<T> {
        match self.raw(field) {
            Raw::Missing => {
                self.fail(field, Failure::new(missing, "This field is required"));
                None
            }
            Raw::WrongType => {
                self.fail(field, Self::wrong_type(field));
                None
            }
            Raw::Text(value) => self.apply(field, value, rule),
        }
    }

    fn optional<T>(
        &mut self,
        field: &'static str,
        rule: impl FnOnce(&str) -> Result<T, Failure>,
    ) -> Option<T> {
        match self.raw(field) {
            Raw::Missing => None,
            Raw::WrongType => {
                self.fail(field, Self::wrong_type(field));
                None
            }
            Raw::Text(value) => self.apply(field, value, rule),
        }
    }

    /// Email and phone: optional, unless the partner's lead handling makes them required.
    fn contact(
        &mut self,
        field: &'static str,
        required: bool,
        rule: impl FnOnce(&str) -> Result<String, Failure>,
    ) -> Option<String> {
        let errors_before = self.report.errors.len();
        let value = if required {
            let missing = format!(
                "Field '{field}' is required when your account is set to '{FULL_MANAGEMENT_LABEL}'."
            );
            self.required(field, &missing, rule)
        } else {
            self.entry(field);
            self.optional(field, rule)
        };
        if required && self.report.errors.len() > errors_before {
            self.report.lead_handling_violation = true;
        }
        value
    }

    /// SafeStream's TCPA consent record: formats always checked, required when consent is true.
    fn consent(&mut self, now: DateTime<Utc>) -> ConsentRecord {
        let tcpa_consent = match self.body.get("tcpa_consent") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(given)) => Some(*given),
            Some(_) => {
                self.fail(
                    "tcpa_consent",
                    Failure::new(
                        "Field 'tcpa_consent' must be true or false",
                        "Must be true or false",
                    ),
                );
                None
            }
        };
        if tcpa_consent.is_some() {
            self.entry("tcpa_consent");
        }
        let consented = tcpa_consent == Some(true);
        let consent_timestamp = self.required_when(consented, "consent_timestamp", |v| {
            rules::consent_timestamp(v, now)
        });
        let ip_address = self.required_when(consented, "ip_address", rules::ip_address);
        let source_url = self.required_when(consented, "source_url", |v| {
            rules::http_url("source_url", v)
        });
        let consent_text = self.required_when(consented, "consent_text", |v| {
            rules::max_length("consent_text", v, 5000)
        });
        let user_agent = self.optional("user_agent", |v| rules::max_length("user_agent", v, 1000));
        let trustedform_cert_url = self.optional("trustedform_cert_url", |v| {
            rules::http_url("trustedform_cert_url", v)
        });
        ConsentRecord {
            tcpa_consent,
            consent_timestamp,
            ip_address,
            source_url,
            consent_text,
            user_agent,
            trustedform_cert_url,
        }
    }

    fn required_when<T>(
        &mut self,
        required: bool,
        field: &'static str,
        rule: impl FnOnce(&str) -> Result<T, Failure>,
    ) -> Option<T> {
        if required {
            let missing = format!("Field '{field}' is required when tcpa_consent is true");
            self.required(field, &missing, rule)
        } else {
            self.optional(field, rule)
        }
    }

    fn unknown_fields(&mut self) {
        let unknown: Vec<String> = self
            .body
            .keys()
            .filter(|key| !is_known(key))
            .map(|key| format!("Unknown field '{key}' was ignored"))
            .collect();
        self.report.warnings.extend(unknown);
    }
}

/// The body as the partner sent it, without the API key.
pub fn data_received(mut body: Map<String, Value>) -> Map<String, Value> {
    body.remove(API_KEY_FIELD);
    body
}
