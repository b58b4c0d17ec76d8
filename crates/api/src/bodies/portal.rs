//! People and their sessions, invitations, and the portal's series and exports.

use partnerhub_domain::timeseries::Interval;
use partnerhub_domain::{Cents, PartnerId, Stage};
use serde::Serialize;
use utoipa::ToSchema;

/// The person a session belongs to.
#[derive(Serialize, ToSchema)]
pub struct SessionUser<'a> {
    pub email: &'a str,
    pub partner_id: PartnerId,
}

/// `POST /app/partners/session` and `GET /app/partners/session`.
#[derive(Serialize, ToSchema)]
pub struct SignedIn<'a> {
    pub success: bool,
    pub user: SessionUser<'a>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationObject<'a> {
    pub email: &'a str,
    /// UTC, `YYYY-MM-DD HH:MM:SS`: 72 hours after it was made.
    #[schema(example = "2024-01-18 10:30:00")]
    pub expires_at: String,
}

/// A new invitation; `url` is the link to give the person, shown this once.
#[derive(Serialize, ToSchema)]
pub struct InvitationShown<'a> {
    pub invitation: InvitationObject<'a>,
    #[schema(example = "https://partners.example.com/app/partners/invitations/3q2-7wEj...")]
    pub url: String,
}

/// One period of `GET /referrals/stats/timeseries`, counted as `/referrals/stats` counts.
#[derive(Serialize, ToSchema)]
pub struct ReferralPoint {
    /// The period's first day: the day, the Monday of the week, the first of the month.
    #[schema(format = Date, example = "2024-01-15")]
    pub period_start: String,
    pub referrals: i64,
    pub clicks: i64,
    pub leads: i64,
    pub applications: i64,
    pub funded: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralSeries {
    pub success: bool,
    pub interval: Interval,
    pub series: Vec<ReferralPoint>,
}

/// One period of `GET /referrer/earnings/timeseries`, in dollars.
#[derive(Serialize, ToSchema)]
pub struct EarningsPoint {
    #[schema(format = Date, example = "2024-01-15")]
    pub period_start: String,
    /// Commissions earned in the period, less those reversed in it.
    #[schema(value_type = f64)]
    pub earned: Cents,
    /// Payouts completed in the period.
    #[schema(value_type = f64)]
    pub paid: Cents,
}

#[derive(Serialize, ToSchema)]
pub struct EarningsSeries {
    pub success: bool,
    pub interval: Interval,
    pub series: Vec<EarningsPoint>,
}

/// How many referrals are at one pipeline stage now.
#[derive(Serialize, ToSchema)]
pub struct StageCount {
    pub stage: Stage,
    /// The seed's display label: `Declined` for `not_approved`, `Offer Emailed` for `offer_ready`, ...
    #[schema(example = "In Underwriting")]
    pub label: &'static str,
    pub count: i64,
}

/// `GET /referrals/stats/stages`: every stage, in pipeline order, zeros included.
#[derive(Serialize, ToSchema)]
pub struct StageCounts {
    pub success: bool,
    pub stages: Vec<StageCount>,
}
