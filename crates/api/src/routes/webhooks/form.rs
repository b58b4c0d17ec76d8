//! Reading and checking what partners send about an endpoint.

use crate::error::ApiError;
use crate::fields::Fields;
use partnerhub_domain::events::EventType;
use partnerhub_domain::webhooks::{EndpointUrlError, check_endpoint_url, is_public_address};
use std::time::Duration;
use url::Host;

const MAX_DESCRIPTION_CHARS: usize = 500;
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(2);

/// A URL an endpoint may use: https and public unless private addresses are allowed. A name
/// must not resolve to a private address now; it is checked again at every delivery. A name
/// that does not resolve yet (or within two seconds) is accepted, since the receiver may not
/// be live yet.
pub async fn url(fields: &Fields, allow_private: bool) -> Result<Option<String>, ApiError> {
    let Some(raw) = fields.str("url")? else {
        return Ok(None);
    };
    let parsed = check_endpoint_url(raw, allow_private).map_err(url_error)?;
    if !allow_private
        && let Some(Host::Domain(name)) = parsed.host()
        && let Ok(Ok(addresses)) =
            tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((name, 0))).await
    {
        for address in addresses {
            if !is_public_address(address.ip()) {
                return Err(url_error(EndpointUrlError::NotPublic));
            }
        }
    }
    Ok(Some(parsed.to_string()))
}

fn url_error(error: EndpointUrlError) -> ApiError {
    ApiError::invalid_field(
        "url",
        format!(
            "Field 'url' {}",
            error.to_string().trim_start_matches("url ")
        ),
    )
}

/// The event types named in `events`, without repeats; `None` when the field is absent.
pub fn events(fields: &Fields) -> Result<Option<Vec<String>>, ApiError> {
    let Some(items) = fields.array("events")? else {
        return Ok(None);
    };
    let allowed: Vec<&str> = EventType::ALL.iter().map(|event| event.as_str()).collect();
    let invalid = || {
        ApiError::invalid_field(
            "events",
            format!(
                "Field 'events' must be a non-empty list of: {}",
                allowed.join(", ")
            ),
        )
    };
    let mut chosen: Vec<String> = Vec::new();
    for item in items {
        let name = item
            .as_str()
            .and_then(EventType::parse)
            .ok_or_else(invalid)?
            .as_str()
            .to_string();
        if !chosen.contains(&name) {
            chosen.push(name);
        }
    }
    if chosen.is_empty() {
        return Err(invalid());
    }
    Ok(Some(chosen))
}

pub fn all_events() -> Vec<String> {
    EventType::ALL
        .iter()
        .map(|event| event.as_str().to_string())
        .collect()
}

/// `Some(None)` clears the description.
pub fn description(fields: &Fields) -> Result<Option<Option<String>>, ApiError> {
    let description = fields.nullable("description", |fields, field| {
        Ok(fields.str(field)?.map(str::to_string))
    })?;
    if let Some(Some(text)) = &description
        && text.chars().count() > MAX_DESCRIPTION_CHARS
    {
        return Err(ApiError::invalid_field(
            "description",
            "Field 'description' must be at most 500 characters",
        ));
    }
    Ok(description.map(|text| text.filter(|text| !text.is_empty())))
}

/// An id from the path; anything that is not one is simply not found.
pub fn id(raw: &str, not_found: fn() -> ApiError) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(not_found)
}

pub fn is_empty_patch(fields: &Fields) -> bool {
    ["url", "events", "enabled", "description"]
        .iter()
        .all(|field| !fields.has(field))
}

pub fn unknown_status(value: &str) -> ApiError {
    ApiError::invalid_parameter(
        "status",
        format!(
            "Parameter 'status' must be one of pending, paused, succeeded, failed; got {value:?}"
        ),
    )
}
