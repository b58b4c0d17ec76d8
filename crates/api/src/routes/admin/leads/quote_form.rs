//! The body of `PUT /leads/{reference_id}/quotes`: the group status and up to 20 quotes.

use crate::error::ApiError;
use crate::fields::Fields;
use partnerhub_domain::Cents;
use partnerhub_persistence::enums::{QuoteGroupStatus, QuoteStatus};
use partnerhub_persistence::quotes::QuoteDraft;

pub fn quote_drafts(fields: &Fields) -> Result<(QuoteGroupStatus, Vec<QuoteDraft>), ApiError> {
    let group = match fields.required_str("quote_group_status")? {
        "waiting" => QuoteGroupStatus::Waiting,
        "ready" => QuoteGroupStatus::Ready,
        "sent" => QuoteGroupStatus::Sent,
        _ => {
            return Err(ApiError::invalid_field(
                "quote_group_status",
                "Field 'quote_group_status' must be waiting, ready or sent",
            ));
        }
    };
    let items = fields
        .array("quotes")?
        .ok_or_else(|| ApiError::invalid_field("quotes", "Field 'quotes' is required"))?;
    if items.len() > 20 {
        return Err(ApiError::invalid_field(
            "quotes",
            "Field 'quotes' may hold at most 20 quotes",
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
        let quote_type = quote_type
            .filter(|name| (1..=100).contains(&name.chars().count()))
            .ok_or_else(|| invalid(index, "quote_type must be 1-100 characters"))?;
        let amount = quote
            .f64("amount")
            .map_err(|_| invalid(index, "amount must be a number or null"))?
            .map(|dollars| {
                Cents::from_dollars(dollars).ok_or_else(|| {
                    invalid(index, "amount must be dollars, to the cent, not negative")
                })
            })
            .transpose()?;
        let status = match quote.str("status").ok().flatten() {
            Some("pending") => QuoteStatus::Pending,
            Some("sent") => QuoteStatus::Sent,
            Some("received") => QuoteStatus::Received,
            Some("declined") => QuoteStatus::Declined,
            Some("not_approved") => QuoteStatus::NotApproved,
            _ => {
                return Err(invalid(
                    index,
                    "status must be pending, sent, received, declined or not_approved",
                ));
            }
        };
        drafts.push(QuoteDraft {
            quote_type: quote_type.to_string(),
            amount_cents: amount.map(|cents| cents.0),
            status,
        });
    }
    Ok((group, drafts))
}
