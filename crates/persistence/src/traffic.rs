//! Traffic referrals: visits through a partner's tracking link, later converted into leads.

use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::history::Actor;
use crate::leads::{self, Lead, LeadColumns};
use crate::schema::leads as table;
use crate::stage_changes::{self, StageChange};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::future::try_join;
use partnerhub_domain::lead::NewLead;
use partnerhub_domain::{LeadId, ReferralType, Stage};

#[derive(Debug, Clone)]
pub enum ConvertRefused {
    NotTraffic,
    NotAClick(Stage),
    /// The converted lead would duplicate this earlier one.
    Duplicate(Box<Lead>),
}

/// Turns a click into a lead: its details, stage `lead`, a history row and a
/// `lead.status_changed` event (click to lead), all in one transaction.
pub async fn convert(
    conn: &mut AsyncPgConnection,
    id: LeadId,
    lead: &NewLead,
    now: DateTime<Utc>,
    audit: &Audit,
) -> Result<Result<Lead, ConvertRefused>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let click = leads::lock(conn, id).await?;
        if click.referral_type != ReferralType::Traffic {
            return Ok(Err(ConvertRefused::NotTraffic));
        }
        if click.stage() != Stage::Click {
            return Ok(Err(ConvertRefused::NotAClick(click.stage())));
        }
        let (_, duplicate) = try_join(
            leads::lock_duplicate_scope(conn, click.partner(), lead.date_of_birth),
            leads::find_duplicate(conn, click.partner(), false, lead, now),
        )
        .await?;
        if let Some(existing) = duplicate {
            return Ok(Err(ConvertRefused::Duplicate(Box::new(existing))));
        }
        let converted: Lead = diesel::update(table::table.find(id))
            .set((
                table::stage.eq(Stage::Lead),
                table::updated_at.eq(now),
                LeadColumns::of(lead),
            ))
            .returning(Lead::as_returning())
            .get_result(conn)
            .await?;
        let change = StageChange {
            from: Some(Stage::Click),
            actor: Actor::Operator,
            note: None,
            forced: false,
            at: now,
        };
        stage_changes::record(conn, &converted, change).await?;
        let changes = Changes::default().field("stage", Stage::Click, Stage::Lead);
        let entry = Entry::new("referral.converted", "lead", converted.reference_id())
            .of_partner(converted.partner())
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(Ok(converted))
    })
    .await
}
