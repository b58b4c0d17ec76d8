//! Referral counts per period, one row per period with its coarse counts: the statement
//! text is fixed (prepared once per connection) and PostgreSQL sums the stages.

use super::ReferralCounts;
use crate::StoreError;
use crate::prepared::{Prepared, Statement};
use chrono::NaiveDate;
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::sql_types::{BigInt, Date, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;

struct ByPeriod<'a> {
    interval: &'a str,
    partner: i64,
    start: NaiveDate,
    end: NaiveDate,
}

impl Statement for ByPeriod<'_> {
    type Key = ByPeriod<'static>;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // The stages' coarse statuses as `leads.coarse` maps them: click, lead, funded, and
        // every other stage an application.
        out.push_sql("SELECT date_trunc(");
        out.push_bind_param::<Text, _>(self.interval)?;
        out.push_sql(
            ", day::timestamp)::date AS period_start, \
               coalesce(sum(n) FILTER (WHERE stage = 'click'), 0)::bigint AS click, \
               coalesce(sum(n) FILTER (WHERE stage = 'lead'), 0)::bigint AS lead, \
               coalesce(sum(n) FILTER (WHERE stage NOT IN ('click', 'lead', 'funded')), 0)::bigint \
                 AS application, \
               coalesce(sum(n) FILTER (WHERE stage = 'funded'), 0)::bigint AS funded \
             FROM (SELECT day, stage, count::bigint AS n FROM referral_daily_counts",
        );
        self.write_range(out)?;
        out.push_sql(" UNION ALL SELECT day, stage, delta::bigint FROM referral_count_deltas");
        self.write_range(out)?;
        out.push_sql(") AS counted GROUP BY 1 ORDER BY 1");
        Ok(())
    }
}

impl ByPeriod<'_> {
    fn write_range<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(" WHERE partner_id = ");
        out.push_bind_param::<BigInt, _>(&self.partner)?;
        out.push_sql(" AND day BETWEEN ");
        out.push_bind_param::<Date, _>(&self.start)?;
        out.push_sql(" AND ");
        out.push_bind_param::<Date, _>(&self.end)?;
        Ok(())
    }
}

#[derive(diesel::QueryableByName)]
struct PeriodCounts {
    #[diesel(sql_type = Date)]
    period_start: NaiveDate,
    #[diesel(sql_type = BigInt)]
    click: i64,
    #[diesel(sql_type = BigInt)]
    lead: i64,
    #[diesel(sql_type = BigInt)]
    application: i64,
    #[diesel(sql_type = BigInt)]
    funded: i64,
}

/// Referrals created in each period (`interval`: `day`, `week` or `month`, as PostgreSQL's
/// `date_trunc` takes it) within inclusive UTC days, by current coarse status, oldest period
/// first; periods with none are absent. Counters and unfolded deltas, in one snapshot.
pub async fn referral_counts_by_period(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    interval: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(NaiveDate, ReferralCounts)>, StoreError> {
    let statement = ByPeriod {
        interval,
        partner: partner.get(),
        start,
        end,
    };
    let rows: Vec<PeriodCounts> = Prepared(statement).load(conn).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let counts = ReferralCounts {
                click: row.click,
                lead: row.lead,
                application: row.application,
                funded: row.funded,
            };
            (row.period_start, counts)
        })
        .collect())
}
