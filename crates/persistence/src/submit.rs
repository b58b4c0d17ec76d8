use crate::StoreError;
use crate::enums::ReferralType;
use crate::idempotency::{self, Claim, SavedResponse};
use crate::leads::{self, Lead};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use partnerhub_domain::PartnerId;
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
        leads::lock_duplicate_scope(conn, partner, lead.date_of_birth).await?;
        let outcome = match leads::find_duplicate(conn, partner, lead, now).await? {
            Some(existing) => SubmitOutcome::Duplicate(existing),
            None => {
                SubmitOutcome::Created(leads::insert(conn, partner, referral_type, lead).await?)
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
