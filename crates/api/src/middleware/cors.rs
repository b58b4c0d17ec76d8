//! CORS for dashboard frontends on other origins (`PARTNERHUB_CORS_ORIGINS`) calling the
//! portal and the partner API with the session cookie. Only listed origins get CORS headers,
//! each echoed back (never `*`, which browsers refuse with credentials anyway); a preflight
//! from any other origin is answered without them, so the browser stops there.
//!
//! Written here rather than taken from actix-cors, whose refusals are plain-text 400s.

use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_METHOD, HeaderMap, HeaderValue, ORIGIN, VARY,
};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};

const SCOPE: &str = "/app/partners";
const METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const REQUEST_HEADERS: &str = "Content-Type, X-API-Key, Idempotency-Key, X-Request-Id";
const EXPOSED: &str = "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, \
    RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, Content-Disposition";

pub async fn allow(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if !request.path().starts_with(SCOPE) {
        return Ok(next.call(request).await?.map_into_left_body());
    }
    let allowed = allowed_origin(&request);
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let mut response = HttpResponse::NoContent().finish();
        let headers = response.headers_mut();
        headers.insert(VARY, HeaderValue::from_static("Origin"));
        if let Some(origin) = allowed {
            allow_origin(headers, origin);
            headers.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(METHODS),
            );
            headers.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(REQUEST_HEADERS),
            );
            headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        }
        return Ok(request.into_response(response).map_into_right_body());
    }
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed {
        allow_origin(headers, origin);
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED),
        );
    }
    Ok(response.map_into_left_body())
}

/// The request's `Origin`, if it is one of `PARTNERHUB_CORS_ORIGINS`.
fn allowed_origin(request: &ServiceRequest) -> Option<HeaderValue> {
    let origin = request.headers().get(ORIGIN)?;
    let settings = &request.app_data::<web::Data<AppState>>()?.settings;
    let text = origin.to_str().ok()?;
    settings
        .cors_origins
        .iter()
        .any(|allowed| allowed == text)
        .then(|| origin.clone())
}

fn allow_origin(headers: &mut HeaderMap, origin: HeaderValue) {
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
}
