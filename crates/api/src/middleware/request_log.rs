//! One log line per request, written when its answer is ready: method, route template,
//! target (query values redacted unless their parameter is known to carry nothing secret or
//! personal), client address, status, request id, partner and duration. What is logged while
//! the request is served (a failure's cause) runs inside a span that carries its request id.
//! `/leads/validate` is not logged at all (the seed promises it "Does not log requests"),
//! nor are the tracking link's redirects: a line per visitor would put each visitor's address
//! in the log, which the click itself never stores; `/metrics` counts them.
//!
//! The line is one event with every field, not a span whose fields are filled in as they
//! become known: the JSON log format re-reads and re-writes a span's fields on each addition,
//! which cost a submit about a sixth of its CPU in the server.

use super::request_id::RequestId;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Uri;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError};
use partnerhub_domain::PartnerId;
use std::time::Instant;
use tracing::Instrument;

/// The partner a request was authenticated as, left in its extensions for the log line.
#[derive(Debug, Clone, Copy)]
pub struct LoggedPartner(pub PartnerId);

/// Query parameters whose values are logged as sent; every other value is `[redacted]`.
const LOGGED_PARAMETERS: &[&str] = &[
    "page",
    "per_page",
    "status",
    "effective_status",
    "start_date",
    "end_date",
    "interval",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
];

/// Paths whose last segment is a secret (an invitation link's token).
const SECRET_PATHS: &[&str] = &["/app/partners/invitations/"];

pub async fn record(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let path = request.path();
    if path.ends_with("/leads/validate") || path.starts_with("/r/") {
        return next.call(request).await;
    }
    let started = Instant::now();
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    let method = request.method().clone();
    let route = super::route_template(&request);
    let target = redacted_target(request.uri());
    let client_ip = request
        .connection_info()
        .realip_remote_addr()
        .unwrap_or("")
        .to_owned();
    let span = tracing::info_span!("request", request_id = request_id.as_str());
    let outcome = next.call(request).instrument(span).await;

    let (status, partner, error) = match &outcome {
        Ok(response) => (
            response.status(),
            response
                .request()
                .extensions()
                .get::<LoggedPartner>()
                .copied(),
            response.response().error().map(Error::as_response_error),
        ),
        Err(error) => {
            let error = error.as_response_error();
            (error.status_code(), None, Some(error))
        }
    };
    let (message, details) = error.map(described).unzip();
    tracing::info!(
        http.method = method.as_str(),
        http.route = route.as_deref().unwrap_or("default"),
        http.target = target.as_str(),
        http.client_ip = client_ip.as_str(),
        http.status_code = status.as_u16(),
        otel.status_code = if status.is_server_error() {
            "ERROR"
        } else {
            "OK"
        },
        request_id = request_id.as_str(),
        partner_id = partner.map(|partner| partner.0.get()),
        exception.message = message,
        exception.details = details,
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    outcome
}

/// What an error says (`Display`) and is (`Debug`), as the log line gives them.
fn described(error: &dyn ResponseError) -> (String, String) {
    (error.to_string(), format!("{error:?}"))
}

/// The path (a secret in it redacted), and the query with every value outside
/// [`LOGGED_PARAMETERS`] redacted.
pub fn redacted_target(uri: &Uri) -> String {
    let path = match SECRET_PATHS
        .iter()
        .find(|prefix| uri.path().starts_with(*prefix))
    {
        Some(prefix) => format!("{prefix}[redacted]"),
        None => uri.path().to_string(),
    };
    let Some(query) = uri.query().filter(|query| !query.is_empty()) else {
        return path;
    };
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if LOGGED_PARAMETERS.contains(&name) => format!("{name}={value}"),
            Some((name, _)) => format!("{name}=[redacted]"),
            None => pair.to_string(),
        })
        .collect();
    format!("{path}?{}", redacted.join("&"))
}

#[cfg(test)]
mod tests {
    use super::redacted_target;
    use actix_web::http::Uri;

    fn target(uri: &str) -> String {
        redacted_target(&uri.parse::<Uri>().unwrap_or_default())
    }

    #[test]
    fn keys_and_personal_values_never_reach_the_log() {
        assert_eq!(
            target("/a?api_key=phk_secret&page=2&email=x%40y.test"),
            "/a?api_key=[redacted]&page=2&email=[redacted]"
        );
        assert_eq!(
            target("/a?status=funded&phone=5551234567"),
            "/a?status=funded&phone=[redacted]"
        );
        assert_eq!(target("/a"), "/a");
        assert_eq!(
            target("/app/partners/invitations/s3cr3t-t0ken?x=1"),
            "/app/partners/invitations/[redacted]?x=[redacted]"
        );
        assert_eq!(target("/a?"), "/a");
    }
}
