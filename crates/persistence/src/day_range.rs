//! What every per-day series statement binds: the partner and inclusive UTC days.

use chrono::NaiveDate;
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::sql_types::{BigInt, Date};

pub(crate) struct DayRange {
    pub partner: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DayRange {
    /// The partner's rows whose `day` is in the range.
    pub fn write_filter<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(" WHERE partner_id = ");
        out.push_bind_param::<BigInt, _>(&self.partner)?;
        out.push_sql(" AND day BETWEEN ");
        out.push_bind_param::<Date, _>(&self.start)?;
        out.push_sql(" AND ");
        out.push_bind_param::<Date, _>(&self.end)?;
        Ok(())
    }
}
