//! The operator API's answers.

use super::common::ErrorBody;
use super::leads::DuplicateLead;
use super::leads::{QuoteObject, ReferralObject};
use crate::error::ErrorCode;
use partnerhub_domain::lead_view::LeadJson;
use partnerhub_domain::{Cents, LeadHandling, PartnerId, PartnerStatus, PayoutId, Stage};
use partnerhub_persistence::enums::PayoutStatus;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PartnerObject<'a> {
    pub id: PartnerId,
    pub name: &'a str,
    pub email: &'a str,
    pub status: PartnerStatus,
    #[schema(required = true)]
    pub parent_partner_id: Option<PartnerId>,
    #[schema(required = true)]
    pub lead_handling: Option<LeadHandling>,
    pub rate_limit_per_hour: i32,
    /// Basis points per level, level 1 first (500 = 5%).
    pub commission_plan: &'a [i32],
    pub referral_code: &'a str,
    pub tracking_url: String,
    #[schema(required = true)]
    pub landing_url: Option<&'a str>,
    /// Days its commissions are held before they are payable; null: the platform's default.
    #[schema(required = true)]
    pub commission_hold_days: Option<i32>,
    /// 10 digits; a lead with this phone is flagged as a self-referral.
    #[schema(required = true)]
    pub phone: Option<&'a str>,
    pub created_at: String,
}

/// The partner and its API key, shown this once.
#[derive(Serialize, ToSchema)]
pub struct PartnerCreated<'a> {
    pub partner: PartnerObject<'a>,
    pub api_key: &'a str,
}

#[derive(Serialize, ToSchema)]
pub struct PartnerShown<'a> {
    pub partner: PartnerObject<'a>,
}

/// A new API key, shown this once; the old one no longer works.
#[derive(Serialize, ToSchema)]
pub struct ApiKeyShown<'a> {
    pub api_key: &'a str,
}

#[derive(Serialize, ToSchema)]
pub struct FundingTypeObject<'a> {
    pub name: &'a str,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct FundingTypeList<'a> {
    pub funding_types: Vec<FundingTypeObject<'a>>,
}

#[derive(Serialize, ToSchema)]
pub struct FundingTypeShown<'a> {
    pub funding_type: FundingTypeObject<'a>,
}

/// A lead as staff see it: the referral object plus its partner and funded amount.
#[derive(Serialize, ToSchema)]
pub struct OperatorLead<'v, 'a> {
    #[serde(flatten)]
    #[schema(value_type = ReferralObject)]
    pub referral: LeadJson<'v, 'a>,
    pub partner_id: PartnerId,
    #[schema(value_type = Option<f64>, required = true)]
    pub funded_amount: Option<Cents>,
    /// Submitted with a test key: counts and earns nothing.
    pub test: bool,
    /// Reasons to review the lead: `self_referral` (its commissions wait for a decision).
    pub flags: &'v [String],
}

#[derive(Serialize, ToSchema)]
pub struct HistoryEntryObject<'a> {
    #[schema(required = true)]
    pub from: Option<Stage>,
    pub to: Stage,
    /// `operator`, `partner:<id>` or `system`.
    pub actor: &'a str,
    #[schema(required = true)]
    pub note: Option<&'a str>,
    pub forced: bool,
    pub at: String,
}

#[derive(Serialize, ToSchema)]
pub struct OperatorLeadShown<'v, 'a> {
    pub lead: OperatorLead<'v, 'a>,
    pub history: Vec<HistoryEntryObject<'v>>,
    pub quotes: Vec<QuoteObject<'v>>,
}

#[derive(Serialize, ToSchema)]
pub struct LeadMoved<'v, 'a> {
    pub lead: OperatorLead<'v, 'a>,
}

/// The 409 of a move the pipeline does not allow (send `force` to make it anyway).
#[derive(Serialize, ToSchema)]
pub struct InvalidTransition {
    pub error: String,
    pub code: ErrorCode,
    pub current_status: Stage,
    pub allowed: Vec<Stage>,
}

#[derive(Serialize, ToSchema)]
pub struct QuotesReplaced<'a> {
    pub success: bool,
    pub quotes: Vec<QuoteObject<'a>>,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralConverted<'v, 'a> {
    pub success: bool,
    #[schema(value_type = ReferralObject)]
    pub referral: LeadJson<'v, 'a>,
}

#[derive(Serialize, ToSchema)]
pub struct PayoutObject<'a> {
    pub id: PayoutId,
    pub partner_id: PartnerId,
    #[schema(value_type = f64)]
    pub amount: Cents,
    pub status: PayoutStatus,
    #[schema(required = true)]
    pub failure_reason: Option<&'a str>,
    pub created_at: String,
    #[schema(required = true)]
    pub processed_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PayoutsRun<'a> {
    pub payouts: Vec<PayoutObject<'a>>,
}

#[derive(Serialize, ToSchema)]
pub struct PayoutShown<'a> {
    pub payout: PayoutObject<'a>,
}

/// A 409 from a conversion: the referral is not a traffic click, or the lead is a duplicate.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ConvertConflict {
    Duplicate(DuplicateLead),
    Error(ErrorBody),
}
