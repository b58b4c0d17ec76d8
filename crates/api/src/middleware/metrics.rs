//! Requests by route template, method and status class, with their latency; submit answers
//! also count leads accepted and rejected by reason.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use std::time::Instant;

pub async fn record(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let outcome = next.call(request).await;
    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    let labels = [
        ("method", method),
        ("route", route.clone()),
        ("status", format!("{}xx", status.as_u16() / 100)),
    ];
    metrics::counter!("partnerhub_http_requests_total", &labels).increment(1);
    metrics::histogram!("partnerhub_http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    if route.ends_with("/leads/submit") {
        count_lead(status);
    }
    outcome
}

fn count_lead(status: StatusCode) {
    let rejected = match status {
        StatusCode::OK => {
            metrics::counter!("partnerhub_leads_accepted_total").increment(1);
            return;
        }
        StatusCode::BAD_REQUEST => "invalid",
        StatusCode::CONFLICT => "duplicate",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        _ => return,
    };
    metrics::counter!("partnerhub_leads_rejected_total", "reason" => rejected).increment(1);
}
