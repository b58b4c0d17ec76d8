use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::history::Actor;
use crate::idempotency::{self, Claim, SavedResponse};
use crate::leads::{self, Lead, Origin};
use crate::stage_changes::{self, StageChange};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::future::try_join;
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
/// Leads entered by staff carry an audit entry; a partner's submissions are their own
/// record (the lead and its history row), on the hot path, so they write none.
pub async fn submit_lead(
    conn: &mut AsyncPgConnection,
    origin: &Origin,
    lead: &NewLead,
    idempotency: Option<IdempotentRequest<'_>>,
    actor: Actor,
    now: DateTime<Utc>,
    audit: Option<&Audit>,
) -> Result<SubmitOutcome, StoreError> {
    let partner = origin.partner;
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
            leads::find_duplicate(conn, partner, origin.test, lead, now),
        )
        .await?;
        let outcome = match duplicate {
            Some(existing) => SubmitOutcome::Duplicate(existing),
            None => {
                let created = leads::insert(conn, origin, lead).await?;
                announce_new_lead(conn, &created, actor).await?;
                if let Some(audit) = audit {
                    let changes = Changes::default()
                        .new_value("referral_type", created.referral_type)
                        .new_value("stage", created.stage())
                        .new_value("flags", &created.flags);
                    let entry = Entry::new("lead.created", "lead", created.reference_id())
                        .of_partner(created.partner())
                        .with(changes);
                    audit::record(conn, audit, entry).await?;
                }
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
