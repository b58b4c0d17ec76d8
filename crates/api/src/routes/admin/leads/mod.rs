//! The operator's lead routes: create, list, export, show, move through the pipeline,
//! replace quotes, review a flag.

pub(in crate::routes) mod create;
pub(in crate::routes) mod export;
mod filters;
pub(in crate::routes) mod list;
mod move_form;
pub(in crate::routes) mod move_stage;
mod quote_form;
pub(in crate::routes) mod replace_quotes;
pub(in crate::routes) mod review;
pub(in crate::routes) mod show;

pub use create::create;
pub use export::export;
pub use list::list;
pub use move_stage::move_stage;
pub use replace_quotes::replace_quotes;
pub use review::{clear_self_referral, void_self_referral};
pub use show::show;

use crate::error::ApiError;
use partnerhub_domain::ReferenceId;
use partnerhub_persistence::PooledConnection;
use partnerhub_persistence::leads::{self, Lead};

fn lead_not_found() -> ApiError {
    ApiError::not_found("Lead not found")
}

/// The lead with this reference id, whichever partner it belongs to.
async fn find(conn: &mut PooledConnection, reference: &str) -> Result<Lead, ApiError> {
    let reference = ReferenceId::parse(reference).ok_or_else(lead_not_found)?;
    leads::find_by_reference(conn, reference)
        .await?
        .ok_or_else(lead_not_found)
}
