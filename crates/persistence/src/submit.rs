mod call;

use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::doorbell::Doorbell;
use crate::history::Actor;
use crate::idempotency::{self, Claim, SavedResponse};
use crate::leads::{self, Lead, Origin};
use crate::prepared::Prepared;
use call::{Stored, SubmitCall};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::LeadId;
use partnerhub_domain::events::lead_status_changed_body;
use partnerhub_domain::lead::NewLead;

#[derive(Debug, Clone)]
pub enum SubmitOutcome {
    Created(Lead),
    /// The earlier lead this one duplicates; nothing was stored.
    Duplicate(Lead),
    /// The response first given to this Idempotency-Key.
    Replayed(SavedResponse),
    /// The Idempotency-Key was used with another request.
    KeyReused,
}

pub struct IdempotentRequest<'a> {
    pub key: &'a str,
    pub request_hash: &'a [u8],
    /// Turns the outcome into the response that later retries replay.
    pub render: fn(&SubmitOutcome) -> SavedResponse,
}

/// A lead to store: named ahead (an id from [`leads::lease_ids`]), so its event can be
/// built before the one statement that stores both.
pub struct Submission<'a> {
    pub id: LeadId,
    pub origin: &'a Origin,
    pub lead: &'a NewLead,
    pub actor: Actor,
    pub at: DateTime<Utc>,
}

/// The duplicate check, the lead, its history row and its event in one statement
/// (`submit_lead` in the migrations), so a plain submit costs one round trip. With an
/// Idempotency-Key, the key's claim and its saved response join one transaction with it,
/// so a retry sees all of it or none. Leads entered by staff carry an audit entry; a
/// partner's submissions are their own record (the lead and its history row), on the hot
/// path, so they write none. Rings `doorbell` after the commit when the event queued a
/// webhook delivery.
pub async fn submit_lead(
    conn: &mut AsyncPgConnection,
    submission: Submission<'_>,
    idempotency: Option<IdempotentRequest<'_>>,
    audit: Option<&Audit>,
    doorbell: &Doorbell,
) -> Result<SubmitOutcome, StoreError> {
    let (outcome, queued) = if idempotency.is_none() && audit.is_none() {
        store(conn, &submission).await?
    } else {
        in_transaction(conn, &submission, idempotency, audit).await?
    };
    if queued {
        doorbell.ring();
    }
    Ok(outcome)
}

async fn in_transaction(
    conn: &mut AsyncPgConnection,
    submission: &Submission<'_>,
    idempotency: Option<IdempotentRequest<'_>>,
    audit: Option<&Audit>,
) -> Result<(SubmitOutcome, bool), StoreError> {
    let partner = submission.origin.partner;
    conn.transaction::<_, StoreError, _>(async |conn| {
        if let Some(request) = &idempotency {
            let claim = idempotency::claim(
                conn,
                partner,
                request.key,
                request.request_hash,
                submission.at,
            );
            match claim.await? {
                Claim::Claimed => {}
                Claim::Replay(saved) => return Ok((SubmitOutcome::Replayed(saved), false)),
                Claim::Mismatch => return Ok((SubmitOutcome::KeyReused, false)),
            }
        }
        let (outcome, queued) = store(conn, submission).await?;
        if let (Some(audit), SubmitOutcome::Created(created)) = (audit, &outcome) {
            let changes = Changes::default()
                .new_value("referral_type", created.referral_type)
                .new_value("stage", created.stage())
                .new_value("flags", &created.flags);
            let entry = Entry::new("lead.created", "lead", created.reference_id())
                .of_partner(created.partner())
                .with(changes);
            audit::record(conn, audit, entry).await?;
        }
        if let Some(request) = &idempotency {
            let response = (request.render)(&outcome);
            idempotency::save_response(conn, partner, request.key, &response).await?;
        }
        Ok((outcome, queued))
    })
    .await
}

/// The outcome, and whether a webhook delivery was queued.
async fn store(
    conn: &mut AsyncPgConnection,
    submission: &Submission<'_>,
) -> Result<(SubmitOutcome, bool), StoreError> {
    let lead = Lead::submitted(
        submission.id,
        submission.origin,
        submission.lead,
        submission.at,
    );
    let payload = lead_status_changed_body(None, &lead.view(), lead.created_at);
    let call = SubmitCall::new(submission, &lead, &payload);
    let Stored { earlier, queued } = Prepared(call).get_result(conn).await?;
    let outcome = match earlier {
        None => SubmitOutcome::Created(lead),
        Some(earlier) => SubmitOutcome::Duplicate(leads::find(conn, LeadId::new(earlier)).await?),
    };
    Ok((outcome, queued))
}
