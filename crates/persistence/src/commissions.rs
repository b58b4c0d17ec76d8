//! Commissions: earned when a lead is funded, reversed (or offset) when it is forced out.

use crate::earnings::{self, Change};
use crate::enums::{CommissionKind, CommissionStatus};
use crate::leads::Lead;
use crate::schema::{commissions, partners};
use crate::{StoreError, events};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::commissions::shares;
use partnerhub_domain::events::{CommissionEarned, commission_earned};
use partnerhub_domain::{Cents, LeadId, PartnerId, ReferenceId};
use partnerhub_domain::{CommissionId, PayoutId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = commissions)]
pub struct Commission {
    pub id: CommissionId,
    pub partner_id: PartnerId,
    pub lead_id: LeadId,
    pub funding_round: i32,
    pub level: i16,
    pub kind: CommissionKind,
    pub basis_points: i32,
    pub funded_amount_cents: i64,
    pub amount_cents: i64,
    pub status: CommissionStatus,
    pub payout_id: Option<PayoutId>,
    pub created_at: DateTime<Utc>,
}

/// Writes the commissions of a lead's funding round, one per earning level, with their
/// `commission.earned` events. Call in the transaction of the move to `funded`; the unique
/// index on (lead, round, level, kind) makes a second set impossible.
pub async fn earn(
    conn: &mut AsyncPgConnection,
    lead: &Lead,
    funded: Cents,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let chain = crate::partners::upline(conn, lead.partner()).await?;
    let plans: Vec<(i64, Vec<i32>)> = partners::table
        .filter(partners::id.eq_any(&chain))
        .select((partners::id, partners::commission_plan_bps))
        .load(conn)
        .await?;
    let upline: Vec<(i64, Vec<i32>)> = chain
        .iter()
        .filter_map(|id| plans.iter().find(|(plan_of, _)| plan_of == id).cloned())
        .collect();
    let view = lead.view();
    for share in shares(funded, &upline) {
        let created: Option<i64> = diesel::insert_into(commissions::table)
            .values((
                commissions::partner_id.eq(share.partner_id),
                commissions::lead_id.eq(lead.id),
                commissions::funding_round.eq(lead.funding_round),
                commissions::level.eq(share.level as i16),
                commissions::kind.eq(CommissionKind::Earned),
                commissions::basis_points.eq(share.basis_points),
                commissions::funded_amount_cents.eq(funded.0),
                commissions::amount_cents.eq(share.amount.0),
            ))
            .on_conflict_do_nothing()
            .returning(commissions::id)
            .get_result(conn)
            .await
            .optional()?;
        if created.is_none() {
            continue;
        }
        let earner = PartnerId::new(share.partner_id);
        let change = Change {
            pending: share.amount.0,
            paid: 0,
            commissions: 1,
        };
        earnings::add(conn, earner, change).await?;
        let earned = CommissionEarned {
            earner,
            commission_id: format!("{}_{}", view.reference_id, share.level),
            lead: &view,
            share,
            funded_amount: funded,
        };
        events::record(conn, &commission_earned(&earned, at)).await?;
    }
    Ok(())
}

/// Undoes a funding round: unpaid commissions are reversed; those already in a payout or
/// paid are offset by a negative adjustment that the partner's next payout settles.
pub async fn reverse(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    round: i32,
) -> Result<(), StoreError> {
    let earned: Vec<Commission> = commissions::table
        .filter(commissions::lead_id.eq(lead))
        .filter(commissions::funding_round.eq(round))
        .filter(commissions::kind.eq(CommissionKind::Earned))
        .filter(commissions::status.ne(CommissionStatus::Reversed))
        // Level order, as `earn` takes the earners' ledger rows, so the two never deadlock.
        .order(commissions::level)
        .for_update()
        .select(Commission::as_select())
        .load(conn)
        .await?;
    for commission in earned {
        let earner = commission.partner_id;
        let change = if commission.status == CommissionStatus::Pending {
            diesel::update(commissions::table.find(commission.id))
                .set(commissions::status.eq(CommissionStatus::Reversed))
                .execute(conn)
                .await?;
            Change {
                pending: -commission.amount_cents,
                paid: 0,
                commissions: 0,
            }
        } else {
            let inserted = diesel::insert_into(commissions::table)
                .values((
                    commissions::partner_id.eq(commission.partner_id),
                    commissions::lead_id.eq(commission.lead_id),
                    commissions::funding_round.eq(round),
                    commissions::level.eq(commission.level),
                    commissions::kind.eq(CommissionKind::Adjustment),
                    commissions::basis_points.eq(commission.basis_points),
                    commissions::funded_amount_cents.eq(commission.funded_amount_cents),
                    commissions::amount_cents.eq(-commission.amount_cents),
                ))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?;
            if inserted == 0 {
                continue;
            }
            Change {
                pending: -commission.amount_cents,
                paid: 0,
                commissions: 1,
            }
        };
        earnings::add(conn, earner, change).await?;
    }
    Ok(())
}

/// The partner's commissions, newest first, each with its lead's reference id.
pub async fn history(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    per_page: i64,
    page: i64,
) -> Result<Vec<(Commission, ReferenceId)>, StoreError> {
    use crate::schema::leads;
    let rows: Vec<(Commission, DateTime<Utc>)> = commissions::table
        .inner_join(leads::table)
        .filter(commissions::partner_id.eq(partner))
        .order(commissions::id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
        .select((Commission::as_select(), leads::created_at))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(commission, created_at)| {
            let reference = ReferenceId::new(commission.lead_id, created_at);
            (commission, reference)
        })
        .collect())
}
