//! The rules for what operators (API and CLI alike) may set on partners and funding types.
//! Each parse trims, checks, and names the field it refuses.

use crate::field_error::FieldError;
use crate::lead::{is_http_url, is_valid_email};

pub fn partner_name(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    if (1..=200).contains(&name.chars().count()) {
        Ok(name.to_string())
    } else {
        Err(FieldError::new("name", "must be 1-200 characters"))
    }
}

pub fn partner_email(text: &str) -> Result<String, FieldError> {
    let email = text.trim();
    if email.is_empty() {
        return Err(FieldError::new("email", "is required"));
    }
    if is_valid_email(email) {
        Ok(email.to_string())
    } else {
        Err(FieldError::new("email", "must be a valid email address"))
    }
}

pub fn rate_limit_per_hour(limit: i64) -> Result<i32, FieldError> {
    i32::try_from(limit)
        .ok()
        .filter(|limit| *limit >= 1)
        .ok_or(FieldError::new(
            "rate_limit_per_hour",
            "must be a whole number from 1 to 2147483647",
        ))
}

/// Up to three levels, level 1 first, each in basis points (500 = 5%).
pub fn commission_plan(levels: &[Option<i64>]) -> Result<Vec<i32>, FieldError> {
    let invalid = FieldError::new(
        "commission_plan",
        "must be an array of up to 3 basis-point integers from 0 to 10000",
    );
    if levels.len() > 3 {
        return Err(invalid);
    }
    levels
        .iter()
        .map(|level| {
            level
                .and_then(|bps| i32::try_from(bps).ok())
                .filter(|bps| (0..=10_000).contains(bps))
                .ok_or_else(|| invalid.clone())
        })
        .collect()
}

pub fn landing_url(text: &str) -> Result<String, FieldError> {
    if let Some(url) = as_header_value(text.trim()) {
        Ok(url)
    } else {
        Err(FieldError::new(
            "landing_url",
            "must be an absolute http or https URL",
        ))
    }
}

/// A landing URL a partner sets for itself: https only, since visitors land there from the
/// partner's own links.
pub fn secure_landing_url(text: &str) -> Result<String, FieldError> {
    let url = text.trim();
    let https = url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    match as_header_value(url).filter(|_| https) {
        Some(url) => Ok(url),
        None => Err(FieldError::new(
            "landing_url",
            "must be an absolute https URL",
        )),
    }
}

/// An http(s) URL as it can travel in a `Location` header: the `url` crate's
/// serialisation, which percent-encodes what a header cannot hold (control characters,
/// non-ASCII text) and writes the host as punycode.
fn as_header_value(text: &str) -> Option<String> {
    if !is_http_url(text) {
        return None;
    }
    let url = url::Url::parse(text).ok()?;
    Some(url.to_string()).filter(|url| url.len() <= 2048)
}

/// Days a partner's commissions are held before they are payable.
pub fn commission_hold_days(days: i64) -> Result<i32, FieldError> {
    i32::try_from(days)
        .ok()
        .filter(|days| (0..=3650).contains(days))
        .ok_or(FieldError::new(
            "commission_hold_days",
            "must be a whole number of days from 0 to 3650",
        ))
}

/// A partner's phone: 10 digits once the punctuation a lead's phone may carry is gone.
pub fn partner_phone(text: &str) -> Result<String, FieldError> {
    crate::lead::normalise_phone(text).ok_or(FieldError::new("phone", "must be exactly 10 digits"))
}

pub fn funding_type_name(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    match name.chars().count() {
        0 => Err(FieldError::new("name", "is required")),
        1..=100 => Ok(name.to_string()),
        _ => Err(FieldError::new("name", "must be at most 100 characters")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_emails_are_trimmed_and_checked() {
        assert_eq!(partner_name("  Acme "), Ok("Acme".to_string()));
        assert_eq!(
            partner_name("  ").map_err(|e| e.to_string()),
            Err("Field 'name' must be 1-200 characters".to_string())
        );
        assert!(partner_name(&"x".repeat(201)).is_err());
        assert_eq!(partner_email(" a@b.test "), Ok("a@b.test".to_string()));
        assert_eq!(
            partner_email("notanemail").map_err(|e| e.to_string()),
            Err("Field 'email' must be a valid email address".to_string())
        );
        assert_eq!(partner_email("").map_err(|e| e.problem), Err("is required"));
    }

    #[test]
    fn limits_plans_urls_and_funding_types_have_bounds() {
        assert_eq!(rate_limit_per_hour(1), Ok(1));
        assert!(rate_limit_per_hour(0).is_err());
        assert!(rate_limit_per_hour(i64::from(i32::MAX) + 1).is_err());
        assert_eq!(commission_plan(&[Some(500), Some(0)]), Ok(vec![500, 0]));
        assert!(commission_plan(&[Some(1), Some(1), Some(1), Some(1)]).is_err());
        assert!(commission_plan(&[Some(10_001)]).is_err());
        assert!(commission_plan(&[None]).is_err());
        assert!(landing_url("https://a.test/x").is_ok());
        assert!(landing_url("ftp://a.test").is_err());
        assert!(secure_landing_url(" HTTPS://a.test/x ").is_ok());
        assert!(secure_landing_url("http://a.test/x").is_err());
        assert!(secure_landing_url("https://").is_err());
        assert_eq!(
            landing_url("https://a.test/caf\u{e9}?x=\u{1d}y").as_deref(),
            Ok("https://a.test/caf%C3%A9?x=%1Dy")
        );
        assert_eq!(commission_hold_days(30), Ok(30));
        assert!(commission_hold_days(-1).is_err());
        assert!(commission_hold_days(3651).is_err());
        assert_eq!(
            partner_phone("(555) 123-4567"),
            Ok("5551234567".to_string())
        );
        assert!(partner_phone("123").is_err());
        assert_eq!(funding_type_name(" SBA "), Ok("SBA".to_string()));
        assert!(funding_type_name("").is_err());
        assert!(funding_type_name(&"x".repeat(101)).is_err());
    }
}
