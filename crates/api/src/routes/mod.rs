//! Every route, wired in one place.

mod account;
mod admin;
mod fallback;
mod health;
pub mod leads;
mod query;
mod referrals;
mod referrer;
mod tracking;
mod webhooks;

use actix_web::web;

pub const PARTNER_API: &str = "/app/partners/api/v1";

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(resource("/healthz").route(web::get().to(health::healthz)))
        .service(resource("/readyz").route(web::get().to(health::readyz)))
        .service(
            web::scope(PARTNER_API)
                .service(resource("/account").route(web::get().to(account::show)))
                .service(resource("/leads").route(web::get().to(leads::list::list)))
                .service(
                    resource("/leads/validate").route(web::post().to(leads::validate::validate)),
                )
                .service(resource("/leads/submit").route(web::post().to(leads::submit::submit)))
                .service(resource("/leads/{reference_id}").route(web::get().to(leads::show::show)))
                .service(resource("/referrals/stats").route(web::get().to(referrals::stats)))
                .service(
                    resource("/referrals/{reference_id}").route(web::get().to(referrals::show)),
                )
                .service(resource("/referrer/stats").route(web::get().to(referrer::stats)))
                .service(
                    resource("/referrer/commissions").route(web::get().to(referrer::commissions)),
                )
                .service(resource("/referrer/payouts").route(web::get().to(referrer::payouts)))
                .service(resource("/referrer/downline").route(web::get().to(referrer::downline)))
                .service(
                    resource("/webhooks")
                        .route(web::get().to(webhooks::list))
                        .route(web::post().to(webhooks::create)),
                )
                .service(
                    resource("/webhooks/{id}")
                        .route(web::patch().to(webhooks::update))
                        .route(web::delete().to(webhooks::delete)),
                )
                .service(
                    resource("/webhooks/{id}/rotate-secret")
                        .route(web::post().to(webhooks::rotate_secret)),
                )
                .service(resource("/webhooks/{id}/test").route(web::post().to(webhooks::send_test)))
                .service(
                    resource("/webhooks/{id}/deliveries")
                        .route(web::get().to(webhooks::deliveries)),
                )
                .service(
                    resource("/webhooks/deliveries/{id}/resend")
                        .route(web::post().to(webhooks::resend)),
                ),
        )
        .service(admin::scope())
        .service(resource("/r/{referral_code}").route(web::get().to(tracking::follow)));
}

/// A resource that answers 405 (JSON) to methods it has no route for.
pub(crate) fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(fallback::method_not_allowed))
}

pub use fallback::not_found;
