//! Postgres enums of the persistence layer's own; the domain's enums (stage, partner status,
//! lead handling, referral type, quote statuses) map themselves through its `diesel` feature.

use diesel_derive_enum::DbEnum;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ExistingTypePath = "crate::schema::sql_types::CommissionKind"]
pub enum CommissionKind {
    Earned,
    Adjustment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ExistingTypePath = "crate::schema::sql_types::CommissionStatus"]
pub enum CommissionStatus {
    Pending,
    InPayout,
    Paid,
    Reversed,
    /// Its earner was not active when the lead was funded: kept, with the reason, for
    /// nothing.
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ExistingTypePath = "crate::schema::sql_types::PayoutStatus"]
pub enum PayoutStatus {
    Pending,
    Completed,
    Failed,
}

impl CommissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InPayout => "in_payout",
            Self::Paid => "paid",
            Self::Reversed => "reversed",
            Self::Skipped => "skipped",
        }
    }
}

impl PayoutStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }
}
