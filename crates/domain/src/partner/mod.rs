use serde::{Deserialize, Serialize};

/// Who contacts the lead; `FullManagement` makes email and phone required on submit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::LeadHandling"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeadHandling {
    FullManagement,
    FundingOnly,
}

impl LeadHandling {
    pub const ALL: [LeadHandling; 2] = [Self::FullManagement, Self::FundingOnly];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FullManagement => "full_management",
            Self::FundingOnly => "funding_only",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|choice| choice.as_str() == value)
    }

    /// The choice's words in the portal's Settings, exactly as the seed gives them.
    pub fn label(self) -> &'static str {
        match self {
            Self::FullManagement => crate::lead::FULL_MANAGEMENT_LABEL,
            Self::FundingOnly => "Partner handles onboarding; StartCap handles funding",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::PartnerStatus"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerStatus {
    Pending,
    Active,
    Suspended,
    Inactive,
}

impl PartnerStatus {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(Self::Pending),
            "active" => Some(Self::Active),
            "suspended" => Some(Self::Suspended),
            "inactive" => Some(Self::Inactive),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Inactive => "inactive",
        }
    }
}

mod fields;

pub use crate::field_error::FieldError;
pub use fields::{
    commission_hold_days, commission_plan, funding_type_name, landing_url, partner_email,
    partner_name, partner_phone, rate_limit_per_hour, secure_landing_url,
};
