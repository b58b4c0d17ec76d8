use crate::StoreError;
use crate::history::Actor;
use crate::idempotency::{self, Claim, SavedResponse};
use crate::leads::{self, Lead};
use crate::stage_changes::{self, StageChange};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::future::try_join;
use partnerhub_domain::PartnerId;
use partnerhub_domain::ReferralType;
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

/// Duplicate check and insert in one transaction; with an Idempotency-Key, the key's claim
/// and its saved response join the same transaction, so a retry sees all of it or none.
pub async fn submit_lead(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    referral_type: ReferralType,
    lead: &NewLead,
    idempotency: Option<IdempotentRequest<'_>>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<SubmitOutcome, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        if let Some(request) = &idempotency {
            match idempotency::claim(conn, partner, request.key, request.request_hash, now).await? {
                Claim::Claimed => {}
                Claim::Replay(saved) => return Ok(SubmitOutcome::Replayed(saved)),
                Claim::Mismatch => return Ok(SubmitOutcome::KeyReused),
            }
        }
        // Sent together; the server runs them in order, so the lookup's snapshot is taken
        // after the lock is granted and sees every earlier submission of this person.
        let (_, duplicate) = try_join(
            leads::lock_duplicate_scope(conn, partner, lead.date_of_birth),
            leads::find_duplicate(conn, partner, lead, now),
        )
        .await?;
        let outcome = match duplicate {
            Some(existing) => SubmitOutcome::Duplicate(existing),
            None => {
                let created = leads::insert(conn, partner, referral_type, lead).await?;
                announce_new_lead(conn, &created, actor).await?;
                SubmitOutcome::Created(created)
            }
        };
        if let Some(request) = &idempotency {
            let response = (request.render)(&outcome);
            idempotency::save_response(conn, partner, request.key, &response).await?;
        }
        Ok(outcome)
    })
    .await
}

/// A new lead's first history row and its `lead.status_changed` event (old status null).
async fn announce_new_lead(
    conn: &mut AsyncPgConnection,
    lead: &Lead,
    actor: Actor,
) -> Result<(), StoreError> {
    let change = StageChange {
        from: None,
        actor,
        note: None,
        forced: false,
        at: lead.created_at,
    };
    stage_changes::record(conn, lead, change).await
}
