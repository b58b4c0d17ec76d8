//! The frame around every partner endpoint: authenticate (header, else body), meter the
//! quota, read the body, run the handler, and put the quota headers on whatever it answers.

use crate::auth::{API_KEY_HEADER, authenticate, presented_key};
use crate::error::ApiError;
use crate::json_body::read_object;
use crate::rate_limit::{QuotaState, apply_headers};
use crate::state::AppState;
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
    match metering {
        Metering::Hourly => state
            .limits
            .check_hourly(partner.id, limit)
            .map_err(|exceeded| {
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
                .map_err(|retry_after_secs| (ApiError::RateLimited { retry_after_secs }, quota))
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

fn header_key(request: &HttpRequest) -> Option<&str> {
    request
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|value| value.to_str().ok())
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
    match authorize(state, header_key(request), Metering::Hourly).await {
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
    if let Some(key) = header_key(request) {
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
