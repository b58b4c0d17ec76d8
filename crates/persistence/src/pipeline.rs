use crate::history::{self, Actor, Recorded};
use crate::leads::{self, Lead};
use crate::{StoreError, commissions, events};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::future::try_join;
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
        let entry = Recorded {
            lead,
            from: Some(planned.from),
            to: planned.to,
            actor,
            note,
            forced: planned.forced,
        };
        let event = partnerhub_domain::events::lead_status_changed(
            moved.partner(),
            Some(planned.from),
            &moved.view(),
            moved.updated_at,
        );
        try_join(history::record(conn, entry), events::record(conn, &event)).await?;
        if planned.from == Stage::Funded {
            commissions::reverse(conn, lead, current.funding_round).await?;
        }
        if let Some(funded) = planned.funded_amount {
            commissions::earn(conn, &moved, funded, moved.updated_at).await?;
        }
        Ok(Ok(moved))
    })
    .await
}
