//! The operator API, `/app/admin/api/v1`: what the platform's own staff use.

mod funding_types;
mod leads;
mod partner_form;
mod partners;
mod payouts;
mod referrals;

use super::resource;
use actix_web::web;

pub const ADMIN_API: &str = "/app/admin/api/v1";

pub fn scope() -> actix_web::Scope {
    web::scope(ADMIN_API)
        .service(resource("/partners").route(web::post().to(partners::create)))
        .service(
            resource("/partners/{id}")
                .route(web::get().to(partners::show))
                .route(web::patch().to(partners::update)),
        )
        .service(resource("/partners/{id}/api-key").route(web::post().to(partners::rotate_key)))
        .service(
            resource("/funding-types")
                .route(web::get().to(funding_types::list))
                .route(web::post().to(funding_types::add)),
        )
        .service(
            resource("/funding-types/{name}").route(web::patch().to(funding_types::set_active)),
        )
        .service(resource("/leads").route(web::post().to(leads::create)))
        .service(resource("/leads/{reference_id}").route(web::get().to(leads::show)))
        .service(resource("/leads/{reference_id}/status").route(web::post().to(leads::move_stage)))
        .service(
            resource("/leads/{reference_id}/quotes").route(web::put().to(leads::replace_quotes)),
        )
        .service(
            resource("/referrals/{reference_id}/convert").route(web::post().to(referrals::convert)),
        )
        .service(resource("/payouts/run").route(web::post().to(payouts::run)))
        .service(resource("/payouts/{id}/complete").route(web::post().to(payouts::complete)))
        .service(resource("/payouts/{id}/fail").route(web::post().to(payouts::fail)))
}
