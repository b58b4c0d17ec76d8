//! The body of `PUT /leads/{reference_id}/quotes`, read field by field; the rules for a
//! quote are the domain's.

use crate::error::ApiError;
use crate::fields::Fields;
use partnerhub_domain::quotes::{MAX_QUOTES, QuoteDraft, QuoteGroupStatus};

pub fn quote_drafts(fields: &Fields) -> Result<(QuoteGroupStatus, Vec<QuoteDraft>), ApiError> {
    let group =
        QuoteGroupStatus::parse(fields.required_str("quote_group_status")?).ok_or_else(|| {
            ApiError::invalid_field(
                "quote_group_status",
                "Field 'quote_group_status' must be waiting, ready or sent",
            )
        })?;
    let items = fields
        .array("quotes")?
        .ok_or_else(|| ApiError::invalid_field("quotes", "Field 'quotes' is required"))?;
    if items.len() > MAX_QUOTES {
        return Err(ApiError::invalid_field(
            "quotes",
            format!("Field 'quotes' may hold at most {MAX_QUOTES} quotes"),
        ));
    }
    let invalid = |index: usize, what: &str| {
        ApiError::invalid_field("quotes", format!("quotes[{index}]: {what}"))
    };
    let mut drafts = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let quote = Fields(
            item.as_object()
                .cloned()
                .ok_or_else(|| invalid(index, "must be an object"))?,
        );
        let quote_type = quote
            .str("quote_type")
            .map_err(|_| invalid(index, "quote_type must be a string"))?;
        let amount = quote
            .f64("amount")
            .map_err(|_| invalid(index, "amount must be a number or null"))?;
        let status = quote.str("status").ok().flatten();
        drafts.push(
            QuoteDraft::parse(quote_type, amount, status).map_err(|what| invalid(index, what))?,
        );
    }
    Ok((group, drafts))
}
