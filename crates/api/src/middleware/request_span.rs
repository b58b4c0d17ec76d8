//! The span each request is logged under (one line when it closes). Query values are
//! redacted unless their parameter is known to carry nothing secret or personal.
//! `/leads/validate` is not logged at all (the seed promises it "Does not log requests"),
//! nor are the tracking link's redirects: a line per visitor would put each visitor's address
//! in the log, which the click itself never stores; `/metrics` counts them.

use super::request_id::RequestId;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Uri;
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing::field::Empty;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

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

pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let path = request.path();
        if path.ends_with("/leads/validate") || path.starts_with("/r/") {
            return Span::none();
        }
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| id.0.clone())
            .unwrap_or_default();
        let route = request.match_pattern().unwrap_or_else(|| "default".into());
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %redacted_target(request.uri()),
            http.client_ip = %request.connection_info().realip_remote_addr().unwrap_or(""),
            http.status_code = Empty,
            otel.status_code = Empty,
            request_id = %request_id,
            partner_id = Empty,
            exception.message = Empty,
            exception.details = Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
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
