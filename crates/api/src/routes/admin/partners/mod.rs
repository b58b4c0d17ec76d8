//! The operator's partner routes: create, list, show, change, rotate the API key, invite
//! people.

pub(in crate::routes) mod create;
pub(in crate::routes) mod invite;
pub(in crate::routes) mod list;
pub(in crate::routes) mod rotate_key;
pub(in crate::routes) mod show;
pub(in crate::routes) mod update;

pub use create::create;
pub use invite::invite;
pub use list::list;
pub use rotate_key::rotate_key;
pub use show::show;
pub use update::update;

use crate::bodies::operator::PartnerObject;
use crate::error::{ApiError, ErrorCode};
use crate::presenters::partner_object;
use crate::state::AppState;
use partnerhub_persistence::partners::{Partner, PartnerChangeRefused};
fn not_found() -> ApiError {
    ApiError::not_found("Partner not found")
}

fn shown<'a>(state: &AppState, partner: &'a Partner) -> PartnerObject<'a> {
    partner_object(partner, state.tracking_url(&partner.referral_code))
}

fn refused(refusal: PartnerChangeRefused, parent: Option<i64>) -> ApiError {
    match refusal {
        PartnerChangeRefused::UnknownParent => ApiError::invalid_field(
            "parent_partner_id",
            format!(
                "Parent partner {} does not exist",
                parent.unwrap_or_default()
            ),
        ),
        PartnerChangeRefused::CycleInDownline => ApiError::conflict(
            ErrorCode::DownlineCycle,
            "That parent would make the partner part of its own upline",
        ),
    }
}
