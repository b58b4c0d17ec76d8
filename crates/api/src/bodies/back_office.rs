//! The back office: applications, lists across partners, the audit log, reviews.

use super::common::Pagination;
use super::operator::{OperatorLead, PartnerObject, PayoutObject};
use super::webhooks::DeliveryObject;
use partnerhub_domain::application::ApplicationStatus;
use partnerhub_domain::{Cents, CommissionId, PartnerId, PayoutId};
use partnerhub_persistence::enums::{CommissionKind, CommissionStatus};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// `POST /app/partners/api/v1/applications`.
#[derive(Serialize, ToSchema)]
pub struct ApplicationReceived {
    pub success: bool,
    pub application_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationObject<'a> {
    pub id: i64,
    pub name: &'a str,
    pub email: &'a str,
    #[schema(required = true)]
    pub company_name: Option<&'a str>,
    #[schema(required = true)]
    pub website: Option<&'a str>,
    #[schema(required = true)]
    pub message: Option<&'a str>,
    pub status: ApplicationStatus,
    /// Why it was rejected.
    #[schema(required = true)]
    pub reason: Option<&'a str>,
    /// The partner its approval made.
    #[schema(required = true)]
    pub partner_id: Option<PartnerId>,
    pub created_at: String,
    #[schema(required = true)]
    pub decided_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationList<'a> {
    pub applications: Vec<ApplicationObject<'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationShown<'a> {
    pub application: ApplicationObject<'a>,
}

/// The partner an approval made, and the link for the applicant to choose a password.
#[derive(Serialize, ToSchema)]
pub struct ApplicationApproved<'a> {
    pub partner: PartnerObject<'a>,
    pub invitation_url: String,
}

#[derive(Serialize, ToSchema)]
pub struct PartnerList<'a> {
    pub partners: Vec<PartnerObject<'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize, ToSchema)]
pub struct OperatorLeadList<'v, 'a> {
    pub leads: Vec<OperatorLead<'v, 'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize, ToSchema)]
pub struct PayoutList<'a> {
    pub payouts: Vec<PayoutObject<'a>>,
    pub pagination: Pagination,
}

/// A commission as staff see it.
#[derive(Serialize, ToSchema)]
pub struct OperatorCommission<'a> {
    pub id: CommissionId,
    pub partner_id: PartnerId,
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
    /// Why it was skipped or voided.
    #[schema(required = true)]
    pub reason: Option<&'a str>,
    /// Waits for a review of its lead (a self-referral).
    pub held_for_review: bool,
    /// When its hold ends; a payout may take it from then on.
    pub payable_at: String,
    #[schema(required = true)]
    pub payout_id: Option<PayoutId>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommissionList<'a> {
    pub commissions: Vec<OperatorCommission<'a>>,
    pub pagination: Pagination,
}

/// A delivery as staff see it: the partner's delivery object and whose it is.
#[derive(Serialize, ToSchema)]
pub struct OperatorDelivery<'a> {
    pub partner_id: PartnerId,
    #[serde(flatten)]
    pub delivery: DeliveryObject<'a>,
}

#[derive(Serialize, ToSchema)]
pub struct OperatorDeliveryList<'a> {
    pub deliveries: Vec<OperatorDelivery<'a>>,
    pub pagination: Pagination,
}

/// One change: who made it, what it changed.
#[derive(Serialize, ToSchema)]
pub struct AuditEntryObject<'a> {
    pub id: i64,
    /// `operator`, `cli`, a person's email, or an API key's first 12 characters.
    pub actor: &'a str,
    #[schema(example = "partner.updated")]
    pub action: &'a str,
    #[schema(example = "partner")]
    pub target_type: &'a str,
    pub target_id: &'a str,
    #[schema(required = true)]
    pub partner_id: Option<PartnerId>,
    /// `{"field": {"before": ..., "after": ...}}` for each field changed.
    #[schema(value_type = Object)]
    pub changes: &'a Value,
    #[schema(required = true)]
    pub request_id: Option<&'a str>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditLog<'a> {
    pub entries: Vec<AuditEntryObject<'a>>,
    pub pagination: Pagination,
}

/// A lead's review: the lead as it is now, and how many of its commissions it released or
/// voided.
#[derive(Serialize, ToSchema)]
pub struct FlagReviewed<'v, 'a> {
    pub lead: OperatorLead<'v, 'a>,
    pub commissions: usize,
}
