//! Payouts: a run gathers each partner's pending commissions (when they reach the minimum)
//! into one payout; completing it pays them, failing it returns them to pending.

use crate::earnings::{self, Change};
use crate::enums::{CommissionStatus, PayoutStatus};
use crate::schema::{commissions, payouts};
use crate::{StoreError, events};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PayoutId;
use partnerhub_domain::events::payout_processed;
use partnerhub_domain::{Cents, PartnerId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payouts)]
pub struct Payout {
    pub id: PayoutId,
    pub partner_id: PartnerId,
    pub amount_cents: i64,
    pub status: PayoutStatus,
    pub failure_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
}

/// Creates one payout per partner whose pending commissions add up to `minimum` or more.
/// Runs are serialised, and each partner's pending commissions are locked while they are
/// gathered, so no commission ever lands in two payouts.
pub async fn run(conn: &mut AsyncPgConnection, minimum: Cents) -> Result<Vec<Payout>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7305413002)")
            .execute(conn)
            .await?;
        let owed: Vec<i64> = commissions::table
            .filter(commissions::status.eq(CommissionStatus::Pending))
            .select(commissions::partner_id)
            .distinct()
            .order(commissions::partner_id)
            .load(conn)
            .await?;
        let mut created = Vec::new();
        for partner in owed {
            let pending: Vec<(i64, i64)> = commissions::table
                .filter(commissions::partner_id.eq(partner))
                .filter(commissions::status.eq(CommissionStatus::Pending))
                .for_update()
                .select((commissions::id, commissions::amount_cents))
                .load(conn)
                .await?;
            let amount: i64 = pending.iter().map(|(_, cents)| cents).sum();
            if amount < minimum.0 || amount <= 0 {
                continue;
            }
            let payout: Payout = diesel::insert_into(payouts::table)
                .values((
                    payouts::partner_id.eq(partner),
                    payouts::amount_cents.eq(amount),
                ))
                .returning(Payout::as_returning())
                .get_result(conn)
                .await?;
            let ids: Vec<i64> = pending.iter().map(|(id, _)| *id).collect();
            diesel::update(commissions::table.filter(commissions::id.eq_any(ids)))
                .set((
                    commissions::status.eq(CommissionStatus::InPayout),
                    commissions::payout_id.eq(payout.id),
                ))
                .execute(conn)
                .await?;
            created.push(payout);
        }
        Ok(created)
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayoutRefused {
    /// Only a pending payout can be completed or failed.
    NotPending(PayoutStatus),
}

async fn lock(conn: &mut AsyncPgConnection, id: PayoutId) -> Result<Option<Payout>, StoreError> {
    Ok(payouts::table
        .find(id)
        .for_update()
        .select(Payout::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Marks the payout completed and its commissions paid, with `payout.processed`.
pub async fn complete(
    conn: &mut AsyncPgConnection,
    id: PayoutId,
    now: DateTime<Utc>,
) -> Result<Option<Result<Payout, PayoutRefused>>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let Some(payout) = lock(conn, id).await? else {
            return Ok(None);
        };
        if payout.status != PayoutStatus::Pending {
            return Ok(Some(Err(PayoutRefused::NotPending(payout.status))));
        }
        let done: Payout = diesel::update(payouts::table.find(id))
            .set((
                payouts::status.eq(PayoutStatus::Completed),
                payouts::processed_at.eq(now),
            ))
            .returning(Payout::as_returning())
            .get_result(conn)
            .await?;
        diesel::update(commissions::table.filter(commissions::payout_id.eq(id)))
            .set(commissions::status.eq(CommissionStatus::Paid))
            .execute(conn)
            .await?;
        let partner = done.partner_id;
        let change = Change {
            pending: -done.amount_cents,
            paid: done.amount_cents,
            commissions: 0,
        };
        earnings::add(conn, partner, change).await?;
        events::record(
            conn,
            &payout_processed(partner, done.id.get(), Cents(done.amount_cents), now),
        )
        .await?;
        Ok(Some(Ok(done)))
    })
    .await
}

/// Marks the payout failed; its commissions are pending again, for the next run.
pub async fn fail(
    conn: &mut AsyncPgConnection,
    id: PayoutId,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<Result<Payout, PayoutRefused>>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let Some(payout) = lock(conn, id).await? else {
            return Ok(None);
        };
        if payout.status != PayoutStatus::Pending {
            return Ok(Some(Err(PayoutRefused::NotPending(payout.status))));
        }
        let failed: Payout = diesel::update(payouts::table.find(id))
            .set((
                payouts::status.eq(PayoutStatus::Failed),
                payouts::failure_reason.eq(reason),
                payouts::processed_at.eq(now),
            ))
            .returning(Payout::as_returning())
            .get_result(conn)
            .await?;
        diesel::update(commissions::table.filter(commissions::payout_id.eq(id)))
            .set((
                commissions::status.eq(CommissionStatus::Pending),
                commissions::payout_id.eq(None::<i64>),
            ))
            .execute(conn)
            .await?;
        Ok(Some(Ok(failed)))
    })
    .await
}

/// The partner's payouts, newest first.
pub async fn for_partner(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<Vec<Payout>, StoreError> {
    Ok(payouts::table
        .filter(payouts::partner_id.eq(partner))
        .order(payouts::id.desc())
        .select(Payout::as_select())
        .load(conn)
        .await?)
}
