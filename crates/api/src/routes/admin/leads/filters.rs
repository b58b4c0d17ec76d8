//! The back office's lead filters, as the list and the export read them.

use crate::error::ApiError;
use crate::routes::query;
use partnerhub_domain::{PartnerId, Stage};
use partnerhub_persistence::leads::OperatorLeadFilter;

/// `partner_id`, `effective_status`, `start_date`, `end_date`, `q`, `test`; a bad value is a
/// 400 naming its parameter.
pub fn parse(pairs: &[(String, String)]) -> Result<OperatorLeadFilter, ApiError> {
    let stages: Vec<(&str, Stage)> = Stage::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let (start_date, end_date) = query::date_range(
        query::optional_date(pairs, "start_date")?,
        query::optional_date(pairs, "end_date")?,
    )?;
    Ok(OperatorLeadFilter {
        partner: query::optional_id(pairs, "partner_id")?.map(PartnerId::new),
        stage: query::optional_choice(pairs, "effective_status", &stages)?,
        start_date,
        end_date,
        q: query::search(pairs)?,
        test: query::optional_bool(pairs, "test")?.unwrap_or(false),
    })
}
