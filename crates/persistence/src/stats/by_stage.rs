//! Referral counts per current stage: the folded counters plus the deltas not folded yet,
//! read by one statement so that both come from one snapshot (a fold committing between
//! two statements would move deltas out of the second's sight before the first saw them
//! in the counters). The texts are fixed, so each is prepared once per connection.

use crate::StoreError;
use crate::day_range::DayRange;
use crate::prepared::{Prepared, Statement};
use crate::schema::sql_types::PipelineStage;
use chrono::NaiveDate;
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{PartnerId, Stage};

/// Counters of `counters` (their `stage` and `count`) plus the deltas, summed by stage, each
/// side read through `filter`.
fn write_counted<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    counters: &'static str,
    filter: impl Fn(&mut AstPass<'_, 'b, Pg>) -> QueryResult<()>,
) -> QueryResult<()> {
    out.push_sql(
        "SELECT stage, sum(n)::bigint AS count FROM (SELECT stage, count::bigint AS n FROM ",
    );
    out.push_sql(counters);
    filter(out)?;
    out.push_sql(" UNION ALL SELECT stage, delta FROM referral_count_deltas");
    filter(out)?;
    out.push_sql(") AS counted GROUP BY stage");
    Ok(())
}

/// The whole range: the totals by stage, which hold one row a stage.
struct AllDays {
    partner: i64,
}

impl Statement for AllDays {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        write_counted(out, "referral_total_counts", |out| {
            out.push_sql(" WHERE partner_id = ");
            out.push_bind_param::<BigInt, _>(&self.partner)
        })
    }
}

/// Inclusive UTC days: the daily counters by stage.
struct Days(DayRange);

impl Statement for Days {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        write_counted(out, "referral_daily_counts", |out| self.0.write_filter(out))
    }
}

#[derive(diesel::QueryableByName)]
struct StageCount {
    #[diesel(sql_type = PipelineStage)]
    stage: Stage,
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// The earliest and latest days a bound left open stands for: before and after any
/// referral, and inside PostgreSQL's dates.
const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();

/// Referral counts per current stage over inclusive UTC days (the whole-range totals when
/// no day bounds them); a stage with none may be absent.
pub(super) async fn counts_by_stage(
    mut conn: &AsyncPgConnection,
    partner: PartnerId,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<Vec<(Stage, i64)>, StoreError> {
    let partner = partner.get();
    let rows: Vec<StageCount> = if start.is_none() && end.is_none() {
        Prepared(AllDays { partner }).load(&mut conn).await?
    } else {
        let days = DayRange {
            partner,
            start: start.unwrap_or(FIRST_DAY),
            end: end.unwrap_or(LAST_DAY),
        };
        Prepared(Days(days)).load(&mut conn).await?
    };
    Ok(rows.into_iter().map(|row| (row.stage, row.count)).collect())
}
