//! Requests by route template, method and status class, with their latency; submit answers
//! also count leads accepted and rejected by reason.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use metrics::{Counter, Histogram};
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Instant;

/// A request series: route template, method and status class (1-5).
type Series = (String, Method, u16);

thread_local! {
    /// Each worker's handles to its series, so a request neither builds label strings nor
    /// looks its series up in the recorder's registry.
    static HANDLES: RefCell<HashMap<Series, (Counter, Histogram)>> = RefCell::default();
}

pub async fn record(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = request.method().clone();
    let route = super::route_template(&request).unwrap_or_else(|| "unmatched".to_string());
    let outcome = next.call(request).await;
    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    let is_submit = route.ends_with("/leads/submit");
    let series = (route, method, status.as_u16() / 100);
    HANDLES.with_borrow_mut(|handles| {
        let (requests, duration) = handles.entry(series).or_insert_with_key(handles_of);
        requests.increment(1);
        duration.record(started.elapsed().as_secs_f64());
    });
    if is_submit {
        count_lead(status);
    }
    outcome
}

fn handles_of((route, method, class): &Series) -> (Counter, Histogram) {
    let labels = [
        ("method", method.to_string()),
        ("route", route.clone()),
        ("status", format!("{class}xx")),
    ];
    (
        metrics::counter!("partnerhub_http_requests_total", &labels),
        metrics::histogram!("partnerhub_http_request_duration_seconds", &labels),
    )
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
