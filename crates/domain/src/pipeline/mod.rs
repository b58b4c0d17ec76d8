mod moves;

pub use moves::{Move, MoveRefused, MoveRequest, PipelineState, move_note, plan_move};
use serde::{Deserialize, Serialize};

/// The 11 pipeline stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::PipelineStage"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
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

/// The legacy referral-level status partners filter `GET /leads` by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CoarseStatus {
    Click,
    Lead,
    Application,
    Funded,
}

impl Stage {
    pub const ALL: [Stage; 11] = [
        Stage::Click,
        Stage::Lead,
        Stage::InUnderwriting,
        Stage::NeedInfo,
        Stage::NotApproved,
        Stage::OfferReady,
        Stage::CallScheduled,
        Stage::SignDocs,
        Stage::Processing,
        Stage::InFunding,
        Stage::Funded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Click => "click",
            Stage::Lead => "lead",
            Stage::InUnderwriting => "in_underwriting",
            Stage::NeedInfo => "need_info",
            Stage::NotApproved => "not_approved",
            Stage::OfferReady => "offer_ready",
            Stage::CallScheduled => "call_scheduled",
            Stage::SignDocs => "sign_docs",
            Stage::Processing => "processing",
            Stage::InFunding => "in_funding",
            Stage::Funded => "funded",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Click => "Click",
            Stage::Lead => "Lead",
            Stage::InUnderwriting => "In Underwriting",
            Stage::NeedInfo => "Need Info",
            Stage::NotApproved => "Declined",
            Stage::OfferReady => "Offer Emailed",
            Stage::CallScheduled => "Call Scheduled",
            Stage::SignDocs => "Agreement Sent",
            Stage::Processing => "Processing",
            Stage::InFunding => "In Funding",
            Stage::Funded => "Funded",
        }
    }

    pub fn coarse(self) -> CoarseStatus {
        match self {
            Stage::Click => CoarseStatus::Click,
            Stage::Lead => CoarseStatus::Lead,
            Stage::Funded => CoarseStatus::Funded,
            _ => CoarseStatus::Application,
        }
    }

    /// Null while the lead is a click or a plain lead, else the stage itself.
    pub fn application_status(self) -> Option<Stage> {
        match self {
            Stage::Click | Stage::Lead => None,
            stage => Some(stage),
        }
    }

    /// `application_status` when present, else the coarse status (which then names the stage).
    pub fn effective_status(self) -> Stage {
        self
    }
}

impl CoarseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CoarseStatus::Click => "click",
            CoarseStatus::Lead => "lead",
            CoarseStatus::Application => "application",
            CoarseStatus::Funded => "funded",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "click" => Some(CoarseStatus::Click),
            "lead" => Some(CoarseStatus::Lead),
            "application" => Some(CoarseStatus::Application),
            "funded" => Some(CoarseStatus::Funded),
            _ => None,
        }
    }

    /// The stages that report this coarse status.
    pub fn stages(self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|stage| stage.coarse() == self)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields_agree_for_every_stage() {
        for stage in Stage::ALL {
            let effective = stage.application_status().unwrap_or(stage);
            assert_eq!(stage.effective_status(), effective);
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
            assert!(stage.coarse().stages().contains(&stage));
        }
        assert_eq!(Stage::NotApproved.label(), "Declined");
        assert_eq!(Stage::InFunding.coarse(), CoarseStatus::Application);
    }
}
