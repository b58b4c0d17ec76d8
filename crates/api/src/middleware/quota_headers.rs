//! Puts the partner's quota (`X-RateLimit-*`, `RateLimit-Policy`, `RateLimit`) on every
//! answer of a metered call, success or error alike. The partner extractors leave it in the
//! request's extensions.

use crate::rate_limit::{QuotaState, apply_headers};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

pub async fn apply(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut response = next.call(request).await?;
    let quota = response.request().extensions().get::<QuotaState>().copied();
    if let Some(quota) = quota {
        apply_headers(response.headers_mut(), quota);
    }
    Ok(response)
}
