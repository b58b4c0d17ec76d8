//! What runs around every request: its id, its log line, refusals of bytes PostgreSQL cannot
//! store, the security headers, and the request metrics.

pub mod cors;
pub mod headers;
pub mod metrics;
pub mod quota_headers;
pub mod request_id;
pub mod request_log;
pub mod unstorable;

use actix_web::HttpMessage;
use actix_web::dev::ServiceRequest;

/// A request's matched route template, kept in its extensions once worked out.
#[derive(Clone)]
struct RouteTemplate(Option<String>);

/// The template of the route the request matched (`/app/partners/api/v1/leads/{id}`). Both
/// the log line and the metrics name requests by it, and matching it walks the route table,
/// so the first to ask works it out and the second reads it.
pub fn route_template(request: &ServiceRequest) -> Option<String> {
    if let Some(RouteTemplate(template)) = request.extensions().get::<RouteTemplate>() {
        return template.clone();
    }
    let template = request.match_pattern();
    request
        .extensions_mut()
        .insert(RouteTemplate(template.clone()));
    template
}
