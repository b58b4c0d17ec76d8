//! Postgres enums, mirrored from the domain types they store.

use diesel_derive_enum::DbEnum;
use partnerhub_domain::{LeadHandling, PartnerStatus, ReferralType, Stage};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum)]
#[ExistingTypePath = "crate::schema::sql_types::PartnerStatus"]
pub enum DbPartnerStatus {
    Pending,
    Active,
    Suspended,
    Inactive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum)]
#[ExistingTypePath = "crate::schema::sql_types::LeadHandling"]
pub enum DbLeadHandling {
    FullManagement,
    FundingOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum)]
#[ExistingTypePath = "crate::schema::sql_types::ReferralType"]
pub enum DbReferralType {
    ApiLead,
    ManualLead,
    Traffic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum)]
#[ExistingTypePath = "crate::schema::sql_types::PipelineStage"]
pub enum DbStage {
    Click,
    Lead,
    InUnderwriting,
    NeedInfo,
    NotApproved,
    OfferReady,
    CallScheduled,
    SignDocs,
    Processing,
    InFunding,
    Funded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ExistingTypePath = "crate::schema::sql_types::QuoteStatus"]
pub enum QuoteStatus {
    Pending,
    Sent,
    Received,
    Declined,
    NotApproved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, DbEnum, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ExistingTypePath = "crate::schema::sql_types::QuoteGroupStatus"]
pub enum QuoteGroupStatus {
    Waiting,
    Ready,
    Sent,
}

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

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Received => "received",
            Self::Declined => "declined",
            Self::NotApproved => "not_approved",
        }
    }
}

impl QuoteGroupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Ready => "ready",
            Self::Sent => "sent",
        }
    }
}

macro_rules! mirror {
    ($db:ident <=> $domain:ident { $($variant:ident),+ $(,)? }) => {
        impl From<$domain> for $db {
            fn from(value: $domain) -> Self {
                match value { $($domain::$variant => $db::$variant),+ }
            }
        }
        impl From<$db> for $domain {
            fn from(value: $db) -> Self {
                match value { $($db::$variant => $domain::$variant),+ }
            }
        }
    };
}

mirror!(DbPartnerStatus <=> PartnerStatus { Pending, Active, Suspended, Inactive });
mirror!(DbLeadHandling <=> LeadHandling { FullManagement, FundingOnly });
mirror!(DbReferralType <=> ReferralType { ApiLead, ManualLead, Traffic });
mirror!(DbStage <=> Stage {
    Click, Lead, InUnderwriting, NeedInfo, NotApproved, OfferReady, CallScheduled, SignDocs,
    Processing, InFunding, Funded,
});
