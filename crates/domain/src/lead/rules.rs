//! Single-field rules. Each returns the normalised value or a [`Failure`].

use super::us_states;
use chrono::{DateTime, Months, NaiveDate, Utc};
use regex::Regex;
use std::net::IpAddr;
use std::sync::LazyLock;

/// A rule's verdict: the sentence for `errors` and the short text for `field_validations`.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error: String,
    pub short: String,
}

impl Failure {
    pub fn new(error: impl Into<String>, short: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            short: short.into(),
        }
    }

    pub fn too_long(field: &str, max: usize) -> Self {
        Self::new(
            format!("Field '{field}' must be at most {max} characters"),
            format!("Must be at most {max} characters"),
        )
    }
}

#[expect(
    clippy::expect_used,
    reason = "a constant pattern, compiled by every validator test"
)]
static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{L}\p{M}][\p{L}\p{M} '\-]*$").expect("name regex"));
#[expect(
    clippy::expect_used,
    reason = "a constant pattern, compiled by every validator test"
)]
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$",
    )
    .expect("email regex")
});
#[expect(
    clippy::expect_used,
    reason = "a constant pattern, compiled by every validator test"
)]
static HTTP_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)https?://[A-Za-z0-9\-._~%]+(?::\d{1,5})?(?:[/?#]\S*)?$").expect("url regex")
});

pub fn name(field: &str, value: &str) -> Result<String, Failure> {
    let length = value.chars().count();
    if (2..=50).contains(&length) && NAME.is_match(value) {
        Ok(value.to_string())
    } else {
        Err(Failure::new(
            format!("Field '{field}' must be 2-50 characters, letters and spaces only"),
            "Must be 2-50 characters, letters and spaces only",
        ))
    }
}

/// A date of birth; `Ok((date, under_18))`.
pub fn date_of_birth(value: &str, today: NaiveDate) -> Result<(NaiveDate, bool), Failure> {
    let error = "Field 'date_of_birth' must be a valid date in YYYY-MM-DD format";
    let shape_ok = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let date = shape_ok
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| Failure::new(error, "Must be a valid date in YYYY-MM-DD format"))?;
    if date > today {
        return Err(Failure::new(error, "Must not be in the future"));
    }
    let oldest = today.checked_sub_months(Months::new(120 * 12));
    if oldest.is_some_and(|oldest| date < oldest) {
        return Err(Failure::new(error, "Must not be more than 120 years ago"));
    }
    let adult_from = today.checked_sub_months(Months::new(18 * 12));
    Ok((date, adult_from.is_some_and(|adult_from| date > adult_from)))
}

pub fn email(value: &str) -> Result<String, Failure> {
    if value.len() <= 255 && EMAIL.is_match(value) {
        Ok(value.to_string())
    } else {
        Err(Failure::new(
            "Field 'email' must be a valid email address",
            "Must be a valid email address",
        ))
    }
}

/// A likely misspelling of a common mail domain, e.g. `gmial.com` for `gmail.com`.
pub fn email_domain_typo(email: &str) -> Option<(&str, &'static str)> {
    const TYPOS: &[(&str, &str)] = &[
        ("gmial.com", "gmail.com"),
        ("gmai.com", "gmail.com"),
        ("gamil.com", "gmail.com"),
        ("gnail.com", "gmail.com"),
        ("gmail.co", "gmail.com"),
        ("gmail.con", "gmail.com"),
        ("hotmial.com", "hotmail.com"),
        ("hotmai.com", "hotmail.com"),
        ("hotmail.co", "hotmail.com"),
        ("yaho.com", "yahoo.com"),
        ("yahooo.com", "yahoo.com"),
        ("yahoo.co", "yahoo.com"),
        ("outlok.com", "outlook.com"),
        ("outlook.co", "outlook.com"),
        ("iclod.com", "icloud.com"),
        ("aol.co", "aol.com"),
    ];
    let domain = email.rsplit_once('@')?.1;
    let lowered = domain.to_ascii_lowercase();
    TYPOS
        .iter()
        .find(|(typo, _)| *typo == lowered)
        .map(|(_, intended)| (domain, *intended))
}

/// Ten digits after removing spaces, `()`, `-`, `.` and a leading `+1` or `1`.
pub fn phone(value: &str) -> Result<String, Failure> {
    let stripped: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '(' | ')' | '-' | '.'))
        .collect();
    let digits = stripped.strip_prefix("+1").unwrap_or(&stripped);
    let digits = if digits.len() == 11 {
        digits.strip_prefix('1').unwrap_or(digits)
    } else {
        digits
    };
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits.to_string())
    } else {
        Err(Failure::new(
            "Field 'phone' must be exactly 10 digits",
            "Must be exactly 10 digits",
        ))
    }
}

pub fn state(value: &str) -> Result<String, Failure> {
    let upper = value.to_ascii_uppercase();
    if us_states::is_state_code(&upper) {
        Ok(upper)
    } else {
        Err(Failure::new(
            "Field 'residential_state' must be a valid 2-letter US state code",
            "Must be a valid 2-letter US state code",
        ))
    }
}

/// `12345`, `12345-6789`, or `123456789` (stored as `12345-6789`).
pub fn zip(value: &str) -> Result<String, Failure> {
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let normalised = match value.len() {
        5 if digits_only(value) => Some(value.to_string()),
        9 if digits_only(value) => Some(format!("{}-{}", &value[..5], &value[5..])),
        10 if value.as_bytes()[5] == b'-'
            && digits_only(&value[..5])
            && digits_only(&value[6..]) =>
        {
            Some(value.to_string())
        }
        _ => None,
    };
    normalised.ok_or_else(|| {
        Failure::new(
            "Field 'residential_zip' must be 5 or 9 digits",
            "Must be 5 or 9 digits",
        )
    })
}

pub fn zip_matches_state(zip: &str, state: &str) -> bool {
    us_states::zip_matches_state(zip, state)
}

pub fn max_length(field: &str, value: &str, max: usize) -> Result<String, Failure> {
    if value.chars().count() <= max {
        Ok(value.to_string())
    } else {
        Err(Failure::too_long(field, max))
    }
}

/// An RFC 3339 time, allowing five minutes of clock skew into the future.
pub fn consent_timestamp(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|at| at.with_timezone(&Utc))
        .filter(|at| *at <= now + chrono::Duration::minutes(5))
        .ok_or_else(|| {
            Failure::new(
                "Field 'consent_timestamp' must be an RFC 3339 timestamp that is not in the future",
                "Must be an RFC 3339 timestamp that is not in the future",
            )
        })
}

pub fn ip_address(value: &str) -> Result<String, Failure> {
    value
        .parse::<IpAddr>()
        .map(|ip| ip.to_string())
        .map_err(|_| {
            Failure::new(
                "Field 'ip_address' must be a valid IPv4 or IPv6 address",
                "Must be a valid IPv4 or IPv6 address",
            )
        })
}

pub fn http_url(field: &str, value: &str) -> Result<String, Failure> {
    if value.len() <= 2048 && HTTP_URL.is_match(value) {
        Ok(value.to_string())
    } else {
        Err(Failure::new(
            format!("Field '{field}' must be an absolute http or https URL"),
            "Must be an absolute http or https URL",
        ))
    }
}
