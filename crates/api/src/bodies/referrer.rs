//! `/referrer/*`: earnings, commissions, payouts and downline. Money is dollars as a JSON
//! number with two decimals.

use super::common::Pagination;
use partnerhub_domain::{Cents, CommissionId, PartnerId, PartnerStatus, PayoutId};
use partnerhub_persistence::enums::{CommissionKind, CommissionStatus, PayoutStatus};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct EarningsStats {
    /// Always `pending_earnings + paid_earnings`.
    #[schema(value_type = f64)]
    pub total_earnings: Cents,
    #[schema(value_type = f64)]
    pub pending_earnings: Cents,
    #[schema(value_type = f64)]
    pub paid_earnings: Cents,
    /// The part of the pending earnings a payout may take now: past its hold, held by no
    /// review.
    #[schema(value_type = f64)]
    pub payable_earnings: Cents,
    pub total_referrals: i64,
    pub total_funded: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EarningsStatsShown {
    pub success: bool,
    pub stats: EarningsStats,
}

/// One level of the partner's commission plan.
#[derive(Serialize, ToSchema)]
pub struct PlanLevel {
    pub id: usize,
    pub level: usize,
    pub percentage: f64,
    pub description: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct CommissionRow {
    pub id: CommissionId,
    pub referral_reference_id: String,
    pub level: i16,
    pub percentage: f64,
    #[schema(value_type = f64)]
    pub funded_amount: Cents,
    #[schema(value_type = f64)]
    pub amount: Cents,
    #[serde(rename = "type")]
    pub kind: CommissionKind,
    pub status: CommissionStatus,
    #[schema(required = true)]
    pub payout_id: Option<PayoutId>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommissionsShown {
    pub success: bool,
    /// The plan, level 1 first.
    pub commissions: Vec<PlanLevel>,
    pub history: Vec<CommissionRow>,
    pub pagination: Pagination,
}

#[derive(Serialize, ToSchema)]
pub struct PartnerPayout {
    pub id: PayoutId,
    #[schema(value_type = f64)]
    pub amount: Cents,
    pub status: PayoutStatus,
    #[schema(required = true)]
    pub processed_at: Option<String>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct PartnerPayouts {
    pub success: bool,
    pub payouts: Vec<PartnerPayout>,
}

#[derive(Serialize, ToSchema)]
pub struct DownlineMember<'a> {
    pub id: PartnerId,
    pub name: &'a str,
    pub email: &'a str,
    pub status: PartnerStatus,
    pub total_referrals: i64,
    /// 1 for a direct referral, up to 3.
    pub level: i32,
}

#[derive(Serialize, ToSchema)]
pub struct DownlineShown<'a> {
    pub success: bool,
    pub downline: Vec<DownlineMember<'a>>,
}
