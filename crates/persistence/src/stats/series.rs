//! Referral counts per UTC day from the daily counters by coarse status (one row a day) and
//! the deltas not folded yet; the statement text is fixed, so it is prepared once per
//! connection.

use super::ReferralCounts;
use crate::StoreError;
use crate::day_range::DayRange;
use crate::prepared::{Prepared, Statement};
use chrono::NaiveDate;
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::sql_types::{Date, Integer};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;

struct ByDay(DayRange);

impl Statement for ByDay {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT day, click, lead, application, funded FROM referral_daily_statuses");
        self.0.write_filter(out)?;
        out.push_sql(
            " UNION ALL SELECT day, (coarse_status(stage) = 0)::int * delta, \
               (coarse_status(stage) = 1)::int * delta, (coarse_status(stage) = 2)::int * delta, \
               (coarse_status(stage) = 3)::int * delta FROM referral_count_deltas",
        );
        self.0.write_filter(out)?;
        out.push_sql(" ORDER BY day");
        Ok(())
    }
}

#[derive(diesel::QueryableByName)]
struct DayCounts {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Integer)]
    click: i32,
    #[diesel(sql_type = Integer)]
    lead: i32,
    #[diesel(sql_type = Integer)]
    application: i32,
    #[diesel(sql_type = Integer)]
    funded: i32,
}

/// Referrals created on each UTC day of an inclusive range, by current coarse status, oldest
/// first; a day may come more than once (its counter, then deltas not folded yet), and days
/// with none may be absent. Counters and deltas in one snapshot.
pub async fn referral_counts_by_day(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(NaiveDate, ReferralCounts)>, StoreError> {
    let statement = ByDay(DayRange {
        partner: partner.get(),
        start,
        end,
    });
    let rows: Vec<DayCounts> = Prepared(statement).load(conn).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let counts = ReferralCounts {
                click: row.click.into(),
                lead: row.lead.into(),
                application: row.application.into(),
                funded: row.funded.into(),
            };
            (row.day, counts)
        })
        .collect())
}
