//! Each partner's ledger: what it is owed (pending, including amounts in a pending payout)
//! and what it was paid. Changed only in the transactions that change commissions, so
//! `total = pending + paid` always.

use crate::StoreError;
use crate::schema::partner_earnings as earnings;
use diesel::prelude::*;
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

pub async fn add(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    change: Change,
) -> Result<(), StoreError> {
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

pub async fn of(conn: &mut AsyncPgConnection, partner: PartnerId) -> Result<Earnings, StoreError> {
    let row: Option<(i64, i64, i64)> = earnings::table
        .find(partner)
        .select((
            earnings::pending_cents,
            earnings::paid_cents,
            earnings::commission_count,
        ))
        .first(conn)
        .await
        .optional()?;
    let (pending, paid, commission_count) = row.unwrap_or_default();
    Ok(Earnings {
        pending: Cents(pending),
        paid: Cents(paid),
        commission_count,
    })
}
