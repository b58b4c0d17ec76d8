use crate::StoreError;
use crate::leads::LeadFilter;
use chrono::NaiveDate;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{CoarseStatus, PartnerId, Stage};

mod by_stage;
mod series;
use by_stage::counts_by_stage;
pub use series::referral_counts_by_day;

/// Referrals created in a date range, by their current coarse status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferralCounts {
    pub click: i64,
    pub lead: i64,
    pub application: i64,
    pub funded: i64,
}

impl std::ops::AddAssign for ReferralCounts {
    fn add_assign(&mut self, other: Self) {
        self.click += other.click;
        self.lead += other.lead;
        self.application += other.application;
        self.funded += other.funded;
    }
}

impl ReferralCounts {
    fn add(&mut self, stage: Stage, count: i64) {
        let slot = match stage.coarse() {
            CoarseStatus::Click => &mut self.click,
            CoarseStatus::Lead => &mut self.lead,
            CoarseStatus::Application => &mut self.application,
            CoarseStatus::Funded => &mut self.funded,
        };
        *slot += count;
    }

    pub fn total(&self) -> i64 {
        self.click + self.lead + self.application + self.funded
    }
}

diesel::define_sql_function!(fn fold_referral_counts() -> diesel::sql_types::BigInt);

/// Moves pending count deltas into the counters; returns how many it folded. Safe to run
/// from several processes at once.
pub async fn fold(conn: &mut AsyncPgConnection) -> Result<i64, StoreError> {
    Ok(diesel::select(fold_referral_counts())
        .get_result(conn)
        .await?)
}

/// How many of the partner's referrals a listing filter matches.
pub async fn count_matching(
    conn: &AsyncPgConnection,
    partner: PartnerId,
    filter: &LeadFilter,
) -> Result<i64, StoreError> {
    let stages = filter.stages();
    let rows = counts_by_stage(conn, partner, filter.start_date, filter.end_date).await?;
    Ok(rows
        .into_iter()
        .filter(|(stage, _)| stages.as_ref().is_none_or(|stages| stages.contains(stage)))
        .map(|(_, count)| count)
        .sum())
}

/// Referrals created in the range (inclusive UTC days), by their current coarse status.
pub async fn referral_counts(
    conn: &AsyncPgConnection,
    partner: PartnerId,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<ReferralCounts, StoreError> {
    let mut totals = ReferralCounts::default();
    for (stage, count) in counts_by_stage(conn, partner, start, end).await? {
        totals.add(stage, count);
    }
    Ok(totals)
}

/// Referrals created in the range (inclusive UTC days), by their current stage.
pub async fn stage_counts(
    conn: &AsyncPgConnection,
    partner: PartnerId,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<Vec<(Stage, i64)>, StoreError> {
    counts_by_stage(conn, partner, start, end).await
}
