//! The operator's lead routes: create, show, move through the pipeline, replace quotes.

pub(in crate::routes) mod create;
mod move_form;
pub(in crate::routes) mod move_stage;
mod quote_form;
pub(in crate::routes) mod replace_quotes;
pub(in crate::routes) mod show;

pub use create::create;
pub use move_stage::move_stage;
pub use replace_quotes::replace_quotes;
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
