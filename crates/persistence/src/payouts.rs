//! Payouts: a run gathers each partner's pending commissions (when they reach the minimum)
//! into one payout; completing it pays them, failing it returns them to pending.

use crate::audit::{self, Audit, Changes, Entry};
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

/// Creates one payout per partner whose payable commissions (pending, past their hold, held
/// by no review) add up to `minimum` or more.
/// Runs are serialised, and each partner's pending commissions are locked while they are
/// gathered, so no commission ever lands in two payouts.
pub async fn run(
    conn: &mut AsyncPgConnection,
    minimum: Cents,
    audit: &Audit,
) -> Result<Vec<Payout>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7305413002)")
            .execute(conn)
            .await?;
        let owed: Vec<i64> = commissions::table
            .filter(commissions::status.eq(CommissionStatus::Pending))
            .filter(commissions::payable_at.le(diesel::dsl::now))
            .filter(commissions::held_for_review.eq(false))
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
                .filter(commissions::payable_at.le(diesel::dsl::now))
                .filter(commissions::held_for_review.eq(false))
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
            let changes = Changes::default()
                .new_value("amount", Cents(payout.amount_cents))
                .new_value("status", payout.status)
                .new_value("commissions", pending.len());
            let entry = Entry::new("payout.created", "payout", payout.id)
                .of_partner(payout.partner_id)
                .with(changes);
            audit::record(conn, audit, entry).await?;
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
    audit: &Audit,
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
        let changes = Changes::default().field("status", payout.status, done.status);
        let entry = Entry::new("payout.completed", "payout", id)
            .of_partner(partner)
            .with(changes);
        audit::record(conn, audit, entry).await?;
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
    audit: &Audit,
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
        let changes = Changes::default()
            .field("status", payout.status, failed.status)
            .new_value("failure_reason", reason);
        let entry = Entry::new("payout.failed", "payout", id)
            .of_partner(failed.partner_id)
            .with(changes);
        audit::record(conn, audit, entry).await?;
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

/// Payouts across partners (or one), of one status or all, newest first, after `before`
/// (an id, for exports) when given; and how many match.
pub async fn list(
    conn: &mut AsyncPgConnection,
    status: Option<PayoutStatus>,
    partner: Option<PartnerId>,
    page: crate::leads::Page,
) -> Result<(Vec<Payout>, i64), StoreError> {
    let total = filtered(status, partner, None)
        .count()
        .get_result(conn)
        .await?;
    let rows = filtered(status, partner, None)
        .order(payouts::id.desc())
        .limit(page.per_page)
        .offset((page.number - 1) * page.per_page)
        .select(Payout::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// The next `limit` payouts of the filter with ids below `before`, newest first.
pub async fn export_batch(
    conn: &mut AsyncPgConnection,
    status: Option<PayoutStatus>,
    partner: Option<PartnerId>,
    before: Option<PayoutId>,
    limit: i64,
) -> Result<Vec<Payout>, StoreError> {
    Ok(filtered(status, partner, before)
        .order(payouts::id.desc())
        .limit(limit)
        .select(Payout::as_select())
        .load(conn)
        .await?)
}

fn filtered(
    status: Option<PayoutStatus>,
    partner: Option<PartnerId>,
    before: Option<PayoutId>,
) -> payouts::BoxedQuery<'static, diesel::pg::Pg> {
    let mut query = payouts::table.into_boxed();
    if let Some(status) = status {
        query = query.filter(payouts::status.eq(status));
    }
    if let Some(partner) = partner {
        query = query.filter(payouts::partner_id.eq(partner));
    }
    if let Some(before) = before {
        query = query.filter(payouts::id.lt(before));
    }
    query
}
