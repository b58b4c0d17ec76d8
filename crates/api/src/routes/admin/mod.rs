//! The operator API, `/app/admin/api/v1`: what the platform's own staff use.

pub(super) mod applications;
pub(super) mod audit_log;
pub(super) mod commissions;
pub(super) mod deliveries;
pub(super) mod funding_types;
pub(super) mod leads;
pub(super) mod partner_form;
pub(super) mod partners;
pub(super) mod payouts;
pub(super) mod referrals;

use super::endpoint::Endpoint;
use actix_web::web;

pub const ADMIN_API: &str = "/app/admin/api/v1";

pub fn scope() -> actix_web::Scope {
    web::scope(ADMIN_API)
        .service(
            Endpoint::new("/partners")
                .get(partners::list)
                .post(partners::create),
        )
        .service(
            Endpoint::new("/partners/{id}")
                .get(partners::show)
                .patch(partners::update),
        )
        .service(Endpoint::new("/partners/{id}/api-key").post(partners::rotate_key))
        .service(Endpoint::new("/partners/{id}/invitations").post(partners::invite))
        .service(
            Endpoint::new("/funding-types")
                .get(funding_types::list)
                .post(funding_types::add),
        )
        .service(Endpoint::new("/funding-types/{name}").patch(funding_types::set_active))
        .service(Endpoint::new("/leads").get(leads::list).post(leads::create))
        .service(Endpoint::new("/leads/export.csv").get(leads::export))
        .service(Endpoint::new("/leads/{reference_id}").get(leads::show))
        .service(
            Endpoint::new("/leads/{reference_id}/flags/self_referral/clear")
                .post(leads::clear_self_referral),
        )
        .service(
            Endpoint::new("/leads/{reference_id}/flags/self_referral/void")
                .post(leads::void_self_referral),
        )
        .service(Endpoint::new("/leads/{reference_id}/status").post(leads::move_stage))
        .service(Endpoint::new("/leads/{reference_id}/quotes").put(leads::replace_quotes))
        .service(Endpoint::new("/referrals/{reference_id}/convert").post(referrals::convert))
        .service(Endpoint::new("/payouts").get(payouts::list))
        .service(Endpoint::new("/payouts/export.csv").get(payouts::export))
        .service(Endpoint::new("/payouts/run").post(payouts::run))
        .service(Endpoint::new("/payouts/{id}/complete").post(payouts::complete))
        .service(Endpoint::new("/payouts/{id}/fail").post(payouts::fail))
        .service(Endpoint::new("/commissions").get(commissions::list))
        .service(Endpoint::new("/commissions/export.csv").get(commissions::export))
        .service(Endpoint::new("/webhook-deliveries").get(deliveries::deliveries))
        .service(Endpoint::new("/applications").get(applications::list))
        .service(Endpoint::new("/applications/{id}/approve").post(applications::approve))
        .service(Endpoint::new("/applications/{id}/reject").post(applications::reject))
        .service(Endpoint::new("/audit-log").get(audit_log::audit_log))
}
