use crate::audit::{self, Audit, Changes, Entry};
use crate::history::Actor;
use crate::leads::{self, Lead};
use crate::stage_changes::{self, StageChange};
use crate::{StoreError, commissions};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use partnerhub_domain::earning_rules::EarningPolicy;
use partnerhub_domain::pipeline::{MoveRefused, MoveRequest, PipelineState};
use partnerhub_domain::{Cents, LeadId, Stage};

/// Moves a lead through the pipeline: the row is locked, the domain decides, and the new
/// stage, its history row and its `lead.status_changed` event commit together.
/// A refused move changes nothing.
pub async fn move_lead(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    request: MoveRequest,
    actor: Actor,
    note: Option<&str>,
    policy: EarningPolicy,
    audit: &Audit,
) -> Result<Result<Lead, MoveRefused>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let current = leads::lock(conn, lead).await?;
        let mut state = PipelineState {
            stage: current.stage(),
            funded_amount: current.funded_amount_cents.map(Cents),
        };
        let planned = match state.apply(request) {
            Ok(planned) => planned,
            Err(refused) => return Ok(Err(refused)),
        };
        let moved =
            leads::set_stage(conn, lead, state.stage, state.funded_amount.map(|c| c.0)).await?;
        let change = StageChange {
            from: Some(planned.from),
            actor,
            note,
            forced: planned.forced,
            at: moved.updated_at,
        };
        stage_changes::record(conn, &moved, change).await?;
        if planned.from == Stage::Funded {
            commissions::reverse(conn, lead, current.funding_round).await?;
        }
        if let Some(funded) = planned.funded_amount {
            commissions::earn(conn, &moved, funded, moved.updated_at, policy).await?;
        }
        let changes = Changes::default()
            .field("stage", planned.from, moved.stage())
            .field(
                "funded_amount",
                current.funded_amount_cents.map(Cents),
                moved.funded_amount_cents.map(Cents),
            )
            .field("forced", false, planned.forced)
            .new_value("note", note);
        let entry = Entry::new("lead.moved", "lead", moved.reference_id())
            .of_partner(moved.partner())
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(Ok(moved))
    })
    .await
}
