//! Every route, wired in one place.

mod account;
mod admin;
mod applications;
mod endpoint;
mod fallback;
mod health;
pub mod leads;
pub mod openapi;
mod portal;
mod query;
mod referrals;
mod referrer;
mod tracking;
mod webhooks;
mod welcome;

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
                .service(
                    Endpoint::new("/account")
                        .get(account::show)
                        .patch(account::update),
                )
                .service(Endpoint::new("/account/api-key").post(account::rotate_key))
                .service(Endpoint::new("/account/audit-log").get(account::audit_log))
                .service(Endpoint::new("/applications").post(applications::create))
                .service(Endpoint::new("/leads").get(leads::list::list))
                .service(Endpoint::new("/leads/export.csv").get(leads::export::export))
                .service(Endpoint::new("/leads/validate").post(leads::validate::validate))
                .service(Endpoint::new("/leads/submit").post(leads::submit::submit))
                .service(Endpoint::new("/leads/{reference_id}").get(leads::show::show))
                .service(Endpoint::new("/referrals/stats").get(referrals::stats))
                .service(Endpoint::new("/referrals/stats/timeseries").get(referrals::timeseries))
                .service(Endpoint::new("/referrals/stats/stages").get(referrals::stages))
                .service(Endpoint::new("/referrals/{reference_id}").get(referrals::show))
                .service(Endpoint::new("/referrer/stats").get(referrer::stats))
                .service(
                    Endpoint::new("/referrer/earnings/timeseries")
                        .get(referrer::earnings_timeseries),
                )
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
        .service(portal_routes())
        .service(admin::scope())
        .service(
            Endpoint::new("/r/{referral_code}")
                .get(tracking::follow)
                .head(tracking::follow_head),
        )
        .service(Endpoint::new("/welcome").get(welcome::page));
}

pub use fallback::not_found;
pub use portal::invitation_url;

/// The portal under `/app/partners` (the partner API's scope is registered before it, so
/// `/app/partners/api/v1/...` is never taken for a page).
fn portal_routes() -> actix_web::Scope {
    use portal::{assets, invitations, pages, session};
    web::scope(portal::PORTAL)
        .service(Endpoint::new("").get(pages::dashboard))
        .service(Endpoint::new("/login").get(pages::login))
        .service(Endpoint::new("/apply").get(pages::apply))
        .service(Endpoint::new("/leads").get(pages::leads))
        .service(Endpoint::new("/settings").get(pages::settings))
        .service(Endpoint::new("/integration").get(pages::integration))
        .service(Endpoint::new("/earnings").get(pages::earnings))
        .service(Endpoint::new("/assets/{name}").get(assets::asset))
        .service(
            Endpoint::new("/session")
                .get(session::current)
                .post(session::sign_in)
                .delete(session::sign_out),
        )
        .service(
            Endpoint::new("/invitations/{token}")
                .get(invitations::page)
                .post(invitations::accept),
        )
}

/// `GET /metrics`: Prometheus text format (here unless `PARTNERHUB_METRICS_BIND` is set).
#[utoipa::path(get, path = "/metrics", tag = "Health",
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain", body = String),
        (status = 404, description = "Served on `PARTNERHUB_METRICS_BIND` instead", body = crate::bodies::common::ErrorBody)))]
pub async fn metrics_route(state: web::Data<crate::state::AppState>) -> actix_web::HttpResponse {
    metrics::render(state).await
}
