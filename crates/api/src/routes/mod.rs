//! Every route, wired in one place.

mod account;
mod admin;
mod endpoint;
mod fallback;
mod health;
pub mod leads;
pub mod openapi;
mod query;
mod referrals;
mod referrer;
mod tracking;
mod webhooks;

use crate::metrics;
use crate::middleware::quota_headers;
use actix_web::middleware::from_fn;
use actix_web::web;
use endpoint::Endpoint;

pub const PARTNER_API: &str = "/app/partners/api/v1";

/// `with_metrics`: serve `/metrics` here (unless it has an address of its own).
pub fn configure(config: &mut web::ServiceConfig, with_metrics: bool) {
    if with_metrics {
        config.service(Endpoint::new("/metrics").get(metrics_route));
    }
    openapi::configure(config);
    config
        .service(Endpoint::new("/healthz").get(health::healthz))
        .service(Endpoint::new("/readyz").get(health::readyz))
        .service(
            web::scope(PARTNER_API)
                .wrap(from_fn(quota_headers::apply))
                .service(Endpoint::new("/account").get(account::show))
                .service(Endpoint::new("/leads").get(leads::list::list))
                .service(Endpoint::new("/leads/validate").post(leads::validate::validate))
                .service(Endpoint::new("/leads/submit").post(leads::submit::submit))
                .service(Endpoint::new("/leads/{reference_id}").get(leads::show::show))
                .service(Endpoint::new("/referrals/stats").get(referrals::stats))
                .service(Endpoint::new("/referrals/{reference_id}").get(referrals::show))
                .service(Endpoint::new("/referrer/stats").get(referrer::stats))
                .service(Endpoint::new("/referrer/commissions").get(referrer::commissions))
                .service(Endpoint::new("/referrer/payouts").get(referrer::payouts))
                .service(Endpoint::new("/referrer/downline").get(referrer::downline))
                .service(
                    Endpoint::new("/webhooks")
                        .get(webhooks::list)
                        .post(webhooks::create),
                )
                .service(
                    Endpoint::new("/webhooks/{id}")
                        .patch(webhooks::update)
                        .delete(webhooks::delete),
                )
                .service(
                    Endpoint::new("/webhooks/{id}/rotate-secret").post(webhooks::rotate_secret),
                )
                .service(Endpoint::new("/webhooks/{id}/test").post(webhooks::send_test))
                .service(Endpoint::new("/webhooks/{id}/deliveries").get(webhooks::deliveries))
                .service(Endpoint::new("/webhooks/deliveries/{id}/resend").post(webhooks::resend)),
        )
        .service(admin::scope())
        .service(Endpoint::new("/r/{referral_code}").get(tracking::follow));
}

pub use fallback::not_found;

/// `GET /metrics`: Prometheus text format (here unless `PARTNERHUB_METRICS_BIND` is set).
#[utoipa::path(get, path = "/metrics", tag = "Health",
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain", body = String),
        (status = 404, description = "Served on `PARTNERHUB_METRICS_BIND` instead", body = crate::bodies::common::ErrorBody)))]
pub async fn metrics_route(state: web::Data<crate::state::AppState>) -> actix_web::HttpResponse {
    metrics::render(state).await
}
