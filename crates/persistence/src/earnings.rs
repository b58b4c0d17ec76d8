//! Each partner's ledger: what it is owed (pending, including amounts in a pending payout)
//! and what it was paid. Changed only in the transactions that change commissions, so
//! `total = pending + paid` always.

use crate::StoreError;
use crate::day_range::DayRange;
use crate::prepared::{Prepared, Statement};
use crate::schema::{partner_earnings as earnings, partner_earnings_daily as daily};
use chrono::{NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::AstPass;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{Cents, PartnerId};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Earnings {
    pub pending: Cents,
    pub paid: Cents,
    pub commission_count: i64,
}

impl Earnings {
    pub fn total(self) -> Cents {
        Cents(self.pending.0 + self.paid.0)
    }
}

/// A change to a partner's ledger.
#[derive(Debug, Clone, Copy, Default)]
pub struct Change {
    pub pending: i64,
    pub paid: i64,
    /// Commission rows created.
    pub commissions: i64,
}

/// Applies the change to the partner's totals and to today's (UTC) row of its daily ledger:
/// what was earned (the change in total earnings) and what was paid.
pub async fn add(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    change: Change,
) -> Result<(), StoreError> {
    let (earned, paid) = (change.pending + change.paid, change.paid);
    if earned != 0 || paid != 0 {
        diesel::insert_into(daily::table)
            .values((
                daily::partner_id.eq(partner),
                daily::day.eq(Utc::now().date_naive()),
                daily::earned_cents.eq(earned),
                daily::paid_cents.eq(paid),
            ))
            .on_conflict((daily::partner_id, daily::day))
            .do_update()
            .set((
                daily::earned_cents.eq(daily::earned_cents + earned),
                daily::paid_cents.eq(daily::paid_cents + paid),
            ))
            .execute(conn)
            .await?;
    }
    diesel::insert_into(earnings::table)
        .values((
            earnings::partner_id.eq(partner),
            earnings::pending_cents.eq(change.pending),
            earnings::paid_cents.eq(change.paid),
            earnings::commission_count.eq(change.commissions),
        ))
        .on_conflict(earnings::partner_id)
        .do_update()
        .set((
            earnings::pending_cents.eq(earnings::pending_cents + change.pending),
            earnings::paid_cents.eq(earnings::paid_cents + change.paid),
            earnings::commission_count.eq(earnings::commission_count + change.commissions),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn of(mut conn: &AsyncPgConnection, partner: PartnerId) -> Result<Earnings, StoreError> {
    let row: Option<(i64, i64, i64)> = earnings::table
        .find(partner)
        .select((
            earnings::pending_cents,
            earnings::paid_cents,
            earnings::commission_count,
        ))
        .first(&mut conn)
        .await
        .optional()?;
    let (pending, paid, commission_count) = row.unwrap_or_default();
    Ok(Earnings {
        pending: Cents(pending),
        paid: Cents(paid),
        commission_count,
    })
}

/// What the partner earned and was paid on a day, or in a period of a series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct PeriodEarnings {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub earned_cents: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub paid_cents: i64,
}

impl std::ops::AddAssign for PeriodEarnings {
    fn add_assign(&mut self, other: Self) {
        self.earned_cents += other.earned_cents;
        self.paid_cents += other.paid_cents;
    }
}

#[derive(QueryableByName)]
struct DayRow {
    #[diesel(sql_type = diesel::sql_types::Date)]
    day: NaiveDate,
    #[diesel(embed)]
    earnings: PeriodEarnings,
}

/// Fixed text, so prepared once per connection.
struct ByDay(DayRange);

impl Statement for ByDay {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT day, earned_cents, paid_cents FROM partner_earnings_daily");
        self.0.write_filter(out)?;
        out.push_sql(" ORDER BY day");
        Ok(())
    }
}

/// The daily ledger over inclusive UTC days, oldest first; days with nothing are absent.
pub async fn by_day(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(NaiveDate, PeriodEarnings)>, StoreError> {
    let statement = ByDay(DayRange {
        partner: partner.get(),
        start,
        end,
    });
    let rows: Vec<DayRow> = Prepared(statement).load(conn).await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.day, row.earnings))
        .collect())
}
