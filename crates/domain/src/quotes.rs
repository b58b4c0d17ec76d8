//! Funding quotes an operator records on a lead, and the rules for what may be recorded.

use crate::Cents;
use serde::Serialize;

/// At most this many quotes on one lead.
pub const MAX_QUOTES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::QuoteStatus"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Pending,
    Sent,
    Received,
    Declined,
    NotApproved,
}

impl QuoteStatus {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(Self::Pending),
            "sent" => Some(Self::Sent),
            "received" => Some(Self::Received),
            "declined" => Some(Self::Declined),
            "not_approved" => Some(Self::NotApproved),
            _ => None,
        }
    }
}

/// Where the lead's set of quotes stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::QuoteGroupStatus"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteGroupStatus {
    Waiting,
    Ready,
    Sent,
}

impl QuoteGroupStatus {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "waiting" => Some(Self::Waiting),
            "ready" => Some(Self::Ready),
            "sent" => Some(Self::Sent),
            _ => None,
        }
    }
}

/// One quote as recorded: its type, amount (none yet) and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteDraft {
    pub quote_type: String,
    pub amount: Option<Cents>,
    pub status: QuoteStatus,
}

impl QuoteDraft {
    /// Checks one quote's parts; the error is what is wrong with it, as
    /// `quote_type must be 1-100 characters`.
    pub fn parse(
        quote_type: Option<&str>,
        amount_dollars: Option<f64>,
        status: Option<&str>,
    ) -> Result<Self, &'static str> {
        let quote_type = quote_type
            .map(str::trim)
            .filter(|name| (1..=100).contains(&name.chars().count()))
            .ok_or("quote_type must be 1-100 characters")?;
        let amount = amount_dollars
            .map(|dollars| {
                Cents::from_dollars(dollars)
                    .ok_or("amount must be dollars, to the cent, not negative")
            })
            .transpose()?;
        let status = status
            .and_then(QuoteStatus::parse)
            .ok_or("status must be pending, sent, received, declined or not_approved")?;
        Ok(Self {
            quote_type: quote_type.to_string(),
            amount,
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_needs_a_type_a_whole_cent_amount_or_none_and_a_known_status() {
        assert_eq!(
            QuoteDraft::parse(Some(" Term Loan "), Some(1500.5), Some("sent")),
            Ok(QuoteDraft {
                quote_type: "Term Loan".into(),
                amount: Some(Cents(150_050)),
                status: QuoteStatus::Sent
            })
        );
        assert!(QuoteDraft::parse(Some("SBA"), None, Some("pending")).is_ok());
        assert!(QuoteDraft::parse(Some(""), None, Some("pending")).is_err());
        assert!(QuoteDraft::parse(Some("SBA"), Some(0.001), Some("pending")).is_err());
        assert!(QuoteDraft::parse(Some("SBA"), Some(-1.0), Some("pending")).is_err());
        assert!(QuoteDraft::parse(Some("SBA"), None, Some("maybe")).is_err());
        assert_eq!(
            QuoteGroupStatus::parse("ready"),
            Some(QuoteGroupStatus::Ready)
        );
        assert_eq!(QuoteGroupStatus::parse("done"), None);
    }
}
