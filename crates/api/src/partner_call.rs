//! The frame around every partner endpoint: authenticate (header, else body), meter the
//! quota, read the body, run the handler, and put the quota headers on whatever it answers.

use crate::auth::{API_KEY_HEADER, authenticate, presented_key};
use crate::error::ApiError;
use crate::json_body::read_object;
use crate::rate_limit::{QuotaState, apply_headers};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use partnerhub_persistence::partners::Partner;
use serde_json::{Map, Value};
use std::sync::Arc;

/// How a request counts against the partner's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metering {
    /// One request of the hourly quota.
    Hourly,
    /// Outside the hourly quota, under the per-second validate guard.
    ValidateGuard,
}

fn meter(
    state: &AppState,
    partner: &Partner,
    metering: Metering,
) -> Result<QuotaState, (ApiError, QuotaState)> {
    let limit = u32::try_from(partner.rate_limit_per_hour).unwrap_or(1);
    let refused = |limit: &'static str| {
        metrics::counter!("partnerhub_rate_limit_refusals_total", "limit" => limit).increment(1);
    };
    match metering {
        Metering::Hourly => state
            .limits
            .check_hourly(partner.id, limit)
            .map_err(|exceeded| {
                refused("hourly");
                let error = ApiError::RateLimited {
                    retry_after_secs: exceeded.retry_after_secs,
                };
                (error, exceeded.quota)
            }),
        Metering::ValidateGuard => {
            let quota = state.limits.peek_hourly(partner.id, limit);
            state
                .limits
                .check_validate(partner.id)
                .map(|()| quota)
                .map_err(|retry_after_secs| {
                    refused("validate");
                    (ApiError::RateLimited { retry_after_secs }, quota)
                })
        }
    }
}

fn respond(result: Result<HttpResponse, ApiError>, quota: Option<QuotaState>) -> HttpResponse {
    let mut response = result.unwrap_or_else(|error| error.error_response());
    if let Some(quota) = quota {
        apply_headers(response.headers_mut(), quota);
    }
    response
}

/// The `X-API-Key` header's value, if sent; sent twice, it is refused rather than guessed.
fn header_key(request: &HttpRequest) -> Result<Option<&str>, ApiError> {
    let mut sent = request.headers().get_all(API_KEY_HEADER);
    let first = sent.next();
    if sent.next().is_some() {
        return Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            "DUPLICATE_API_KEY",
            "Send exactly one X-API-Key header",
        ));
    }
    Ok(first.and_then(|value| value.to_str().ok()))
}

async fn authorize(
    state: &AppState,
    key: Option<&str>,
    metering: Metering,
) -> Result<(Arc<Partner>, QuotaState), (ApiError, Option<QuotaState>)> {
    let partner = authenticate(state, key)
        .await
        .map_err(|error| (error, None))?;
    let quota = meter(state, &partner, metering).map_err(|(error, quota)| (error, Some(quota)))?;
    Ok((partner, quota))
}

/// A partner call without a body (GET, DELETE, and POSTs that take none): the key comes
/// from the header.
pub async fn get<F, Fut>(state: &AppState, request: &HttpRequest, handler: F) -> HttpResponse
where
    F: FnOnce(Arc<Partner>) -> Fut,
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let key = match header_key(request) {
        Ok(key) => key,
        Err(error) => return respond(Err(error), None),
    };
    match authorize(state, key, Metering::Hourly).await {
        Ok((partner, quota)) => respond(handler(partner).await, Some(quota)),
        Err((error, quota)) => respond(Err(error), quota),
    }
}

/// A partner call with a JSON object body (POST, PATCH); the key comes from the header,
/// else the body.
pub async fn post<F, Fut>(
    state: &AppState,
    request: &HttpRequest,
    payload: Payload,
    metering: Metering,
    handler: F,
) -> HttpResponse
where
    F: FnOnce(Arc<Partner>, Map<String, Value>) -> Fut,
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let mut authorized = None;
    let key = match header_key(request) {
        Ok(key) => key,
        Err(error) => return respond(Err(error), None),
    };
    if let Some(key) = key {
        match authorize(state, Some(key), metering).await {
            Ok(found) => authorized = Some(found),
            Err((error, quota)) => return respond(Err(error), quota),
        }
    }
    let quota = authorized.as_ref().map(|(_, quota)| *quota);
    let body = match read_object(request, payload).await {
        Ok(body) => body,
        Err(error) => return respond(Err(error), quota),
    };
    let (partner, quota) = match authorized {
        Some(found) => found,
        None => match authorize(state, presented_key(None, Some(&body)), metering).await {
            Ok(found) => found,
            Err((error, quota)) => return respond(Err(error), quota),
        },
    };
    respond(handler(partner, body).await, Some(quota))
}
