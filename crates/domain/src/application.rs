//! Applications to become a partner: what an applicant sends, and how an operator decides.

use crate::field_error::FieldError;
use crate::lead::is_http_url;
use crate::partner::{partner_email, partner_name};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::ApplicationStatus"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
}

impl ApplicationStatus {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }

    /// An application is decided once: only a pending one may be approved or rejected.
    pub fn can_decide(self) -> bool {
        self == Self::Pending
    }
}

/// An application as received, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationDraft {
    pub name: String,
    pub email: String,
    pub company_name: Option<String>,
    pub website: Option<String>,
    pub message: Option<String>,
}

fn optional(
    text: Option<&str>,
    field: &'static str,
    max: usize,
    problem: &'static str,
) -> Result<Option<String>, FieldError> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) if text.chars().count() <= max => Ok(Some(text.to_string())),
        Some(_) => Err(FieldError::new(field, problem)),
    }
}

impl ApplicationDraft {
    pub fn parse(
        name: &str,
        email: &str,
        company_name: Option<&str>,
        website: Option<&str>,
        message: Option<&str>,
    ) -> Result<Self, FieldError> {
        let website = optional(
            website,
            "website",
            2048,
            "must be an absolute http or https URL",
        )?;
        if website.as_deref().is_some_and(|url| !is_http_url(url)) {
            return Err(FieldError::new(
                "website",
                "must be an absolute http or https URL",
            ));
        }
        Ok(Self {
            name: partner_name(name)?,
            email: partner_email(email)?,
            company_name: optional(
                company_name,
                "company_name",
                200,
                "must be at most 200 characters",
            )?,
            website,
            message: optional(message, "message", 2000, "must be at most 2000 characters")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_application_needs_a_name_and_an_email_and_bounds_the_rest() {
        let draft = ApplicationDraft::parse(
            " Ann Lee ",
            "ann@acme.test",
            Some(" Acme "),
            Some("https://acme.test"),
            Some(""),
        )
        .unwrap();
        assert_eq!(draft.name, "Ann Lee");
        assert_eq!(draft.company_name.as_deref(), Some("Acme"));
        assert_eq!(draft.message, None);
        assert!(ApplicationDraft::parse("", "a@b.test", None, None, None).is_err());
        assert!(ApplicationDraft::parse("A", "nope", None, None, None).is_err());
        assert!(ApplicationDraft::parse("A", "a@b.test", None, Some("ftp://x"), None).is_err());
        assert!(
            ApplicationDraft::parse("A", "a@b.test", None, None, Some(&"x".repeat(2001))).is_err()
        );
        assert!(ApplicationStatus::Pending.can_decide());
        assert!(!ApplicationStatus::Approved.can_decide());
    }
}
