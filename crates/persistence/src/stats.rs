use crate::StoreError;
use crate::enums::DbStage;
use crate::schema::referral_daily_counts as counts;
use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{CoarseStatus, PartnerId, Stage};

/// Referrals created in a date range, by their current coarse status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferralCounts {
    pub click: i64,
    pub lead: i64,
    pub application: i64,
    pub funded: i64,
}

/// Reads the trigger-kept daily counters (inclusive UTC days), not the referrals themselves.
pub async fn referral_counts(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<ReferralCounts, StoreError> {
    let mut query = counts::table
        .filter(counts::partner_id.eq(partner.0))
        .group_by(counts::stage)
        .select((
            counts::stage,
            sql::<BigInt>("COALESCE(SUM(count), 0)::bigint"),
        ))
        .into_boxed();
    if let Some(start) = start {
        query = query.filter(counts::day.ge(start));
    }
    if let Some(end) = end {
        query = query.filter(counts::day.le(end));
    }
    let rows: Vec<(DbStage, i64)> = query.load(conn).await?;
    let mut totals = ReferralCounts::default();
    for (stage, count) in rows {
        let slot = match Stage::from(stage).coarse() {
            CoarseStatus::Click => &mut totals.click,
            CoarseStatus::Lead => &mut totals.lead,
            CoarseStatus::Application => &mut totals.application,
            CoarseStatus::Funded => &mut totals.funded,
        };
        *slot += count;
    }
    Ok(totals)
}
