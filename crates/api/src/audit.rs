//! Who a request's changes are made by, for the audit log: the operator, a signed-in
//! person, or an API key (by its first characters), with the request's id.

use crate::middleware::request_id::RequestId;
use actix_web::{HttpMessage, HttpRequest};
use partnerhub_domain::audit::Actor;
use partnerhub_persistence::audit::Audit;

/// The request's id, as its log line carries it.
pub fn request_id(request: &HttpRequest) -> Option<String> {
    request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone())
}

pub fn audit(request: &HttpRequest, actor: Actor) -> Audit {
    Audit {
        actor,
        request_id: request_id(request),
    }
}
