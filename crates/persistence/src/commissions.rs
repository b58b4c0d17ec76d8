//! Commissions: earned when a lead is funded, reversed (or offset) when it is forced out.

use crate::earnings::{self, Change};
use crate::enums::{CommissionKind, CommissionStatus};
use crate::leads::Lead;
use crate::schema::{commissions, partners};
use crate::{StoreError, events};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerStatus;
use partnerhub_domain::commissions::shares;
use partnerhub_domain::earning_rules::{EarningPolicy, ShareOutcome, share_outcome};
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
    /// When its hold ends.
    pub payable_at: DateTime<Utc>,
    /// Waits for an operator's review of its lead (a self-referral).
    pub held_for_review: bool,
    /// Why it was skipped.
    pub reason: Option<String>,
    /// When its lead was created: with the lead's id, the referral reference id.
    pub lead_created_at: DateTime<Utc>,
}

impl Commission {
    /// Its lead's reference id.
    pub fn reference_id(&self) -> ReferenceId {
        ReferenceId::new(self.lead_id, self.lead_created_at)
    }
}

/// Writes the commissions of a lead's funding round, one per earning level, with their
/// `commission.earned` events; a level whose earner is not active is kept as skipped, with no
/// event and no money. Call in the transaction of the move to `funded`; the unique index on
/// (lead, round, level, kind) makes a second set impossible. Test leads earn nothing.
pub async fn earn(
    conn: &mut AsyncPgConnection,
    lead: &Lead,
    funded: Cents,
    at: DateTime<Utc>,
    policy: EarningPolicy,
) -> Result<(), StoreError> {
    if lead.test {
        return Ok(());
    }
    let chain = crate::partners::upline(conn, lead.partner()).await?;
    let earners: Vec<(i64, Vec<i32>, PartnerStatus, Option<i32>)> = partners::table
        .filter(partners::id.eq_any(&chain))
        .select((
            partners::id,
            partners::commission_plan_bps,
            partners::status,
            partners::commission_hold_days,
        ))
        .load(conn)
        .await?;
    let upline: Vec<(i64, Vec<i32>)> = chain
        .iter()
        .filter_map(|id| earners.iter().find(|earner| earner.0 == *id))
        .map(|(id, plan, _, _)| (*id, plan.clone()))
        .collect();
    let view = lead.view();
    for share in shares(funded, &upline) {
        let Some((_, _, status, hold_days)) = earners.iter().find(|e| e.0 == share.partner_id)
        else {
            continue;
        };
        let outcome = share_outcome(*status, *hold_days, policy, &lead.flags, at);
        let (commission_status, payable_at, held, reason) = match &outcome {
            ShareOutcome::Earned {
                payable_at,
                held_for_review,
            } => (
                CommissionStatus::Pending,
                *payable_at,
                *held_for_review,
                None,
            ),
            ShareOutcome::Skipped { reason } => {
                (CommissionStatus::Skipped, at, false, Some(reason.as_str()))
            }
        };
        let created: Option<i64> = diesel::insert_into(commissions::table)
            .values((
                commissions::partner_id.eq(share.partner_id),
                commissions::lead_id.eq(lead.id),
                commissions::lead_created_at.eq(lead.created_at),
                commissions::funding_round.eq(lead.funding_round),
                commissions::level.eq(share.level as i16),
                commissions::kind.eq(CommissionKind::Earned),
                commissions::basis_points.eq(share.basis_points),
                commissions::funded_amount_cents.eq(funded.0),
                commissions::amount_cents.eq(share.amount.0),
                commissions::status.eq(commission_status),
                commissions::payable_at.eq(payable_at),
                commissions::held_for_review.eq(held),
                commissions::reason.eq(reason),
            ))
            .on_conflict_do_nothing()
            .returning(commissions::id)
            .get_result(conn)
            .await
            .optional()?;
        if created.is_none() || commission_status == CommissionStatus::Skipped {
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
        .filter(commissions::status.ne_all([CommissionStatus::Reversed, CommissionStatus::Skipped]))
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
                    commissions::lead_created_at.eq(commission.lead_created_at),
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

/// The partner's commissions, newest first (each knows its lead's reference id).
pub async fn history(
    mut conn: &AsyncPgConnection,
    partner: PartnerId,
    per_page: i64,
    page: i64,
) -> Result<Vec<Commission>, StoreError> {
    Ok(commissions::table
        .filter(commissions::partner_id.eq(partner))
        .order(commissions::id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
        .select(Commission::as_select())
        .load(&mut conn)
        .await?)
}

/// Payable: the partner's unheld pending total (kept by triggers) less what is still inside
/// its hold, which `commissions_payable_idx` answers from recent index entries alone. Fixed
/// text, so prepared once per connection.
struct PayableSum {
    partner: i64,
}

impl crate::prepared::Statement for PayableSum {
    type Key = Self;

    fn write<'b>(
        &'b self,
        out: &mut diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql(
            "SELECT (coalesce((SELECT cents FROM partner_unheld_pending WHERE partner_id = ",
        );
        out.push_bind_param::<diesel::sql_types::BigInt, _>(&self.partner)?;
        out.push_sql(
            "), 0) - coalesce((SELECT sum(amount_cents) FROM commissions WHERE partner_id = ",
        );
        out.push_bind_param::<diesel::sql_types::BigInt, _>(&self.partner)?;
        out.push_sql(
            " AND status = 'pending' AND NOT held_for_review AND payable_at > now()), 0))::bigint \
             AS cents",
        );
        Ok(())
    }
}

/// What the partner may be paid now: pending commissions past their hold that no review
/// holds.
pub async fn payable(
    mut conn: &AsyncPgConnection,
    partner: PartnerId,
) -> Result<Cents, StoreError> {
    #[derive(QueryableByName)]
    struct Sum {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        cents: i64,
    }
    let sum: Sum = crate::prepared::Prepared(PayableSum {
        partner: partner.get(),
    })
    .get_result(&mut conn)
    .await?;
    Ok(Cents(sum.cents))
}

/// Lets the lead's commissions that wait for a review be paid (after their hold).
pub async fn release_held(conn: &mut AsyncPgConnection, lead: LeadId) -> Result<usize, StoreError> {
    Ok(diesel::update(
        commissions::table
            .filter(commissions::lead_id.eq(lead))
            .filter(commissions::held_for_review.eq(true)),
    )
    .set(commissions::held_for_review.eq(false))
    .execute(conn)
    .await?)
}

/// Reverses the lead's commissions that wait for a review (none of them can have been paid:
/// they were never payable), taking them off their earners' pending earnings.
pub async fn void_held(conn: &mut AsyncPgConnection, lead: LeadId) -> Result<usize, StoreError> {
    let voided: Vec<(PartnerId, i64)> = diesel::update(
        commissions::table
            .filter(commissions::lead_id.eq(lead))
            .filter(commissions::held_for_review.eq(true))
            .filter(commissions::status.eq(CommissionStatus::Pending)),
    )
    .set((
        commissions::status.eq(CommissionStatus::Reversed),
        commissions::held_for_review.eq(false),
        commissions::reason.eq("voided after review: a self-referral"),
    ))
    .returning((commissions::partner_id, commissions::amount_cents))
    .get_results(conn)
    .await?;
    for (partner, amount) in &voided {
        let change = Change {
            pending: -amount,
            paid: 0,
            commissions: 0,
        };
        earnings::add(conn, *partner, change).await?;
    }
    Ok(voided.len())
}

/// Commissions across partners (or one), of one status or all, newest first, after `before`
/// (an id, for exports) when given.
pub async fn list_all(
    conn: &mut AsyncPgConnection,
    partner: Option<PartnerId>,
    status: Option<CommissionStatus>,
    before: Option<CommissionId>,
    page: crate::leads::Page,
) -> Result<Vec<Commission>, StoreError> {
    let mut query = commissions::table.into_boxed();
    if let Some(partner) = partner {
        query = query.filter(commissions::partner_id.eq(partner));
    }
    if let Some(status) = status {
        query = query.filter(commissions::status.eq(status));
    }
    if let Some(before) = before {
        query = query.filter(commissions::id.lt(before));
    }
    Ok(query
        .order(commissions::id.desc())
        .limit(page.per_page)
        .offset((page.number - 1) * page.per_page)
        .select(Commission::as_select())
        .load(conn)
        .await?)
}

/// How many commissions [`list_all`] would find without paging.
pub async fn count_all(
    conn: &mut AsyncPgConnection,
    partner: Option<PartnerId>,
    status: Option<CommissionStatus>,
) -> Result<i64, StoreError> {
    let mut query = commissions::table.into_boxed();
    if let Some(partner) = partner {
        query = query.filter(commissions::partner_id.eq(partner));
    }
    if let Some(status) = status {
        query = query.filter(commissions::status.eq(status));
    }
    Ok(query.count().get_result(conn).await?)
}
