use crate::StoreError;
use crate::schema::idempotency_keys;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;

pub const KEY_LIFETIME_HOURS: i64 = 24;

/// A stored response to replay.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedResponse {
    pub status: u16,
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// This request owns the key; its response must be saved before the transaction commits.
    Claimed,
    /// The key was used before with the same request.
    Replay(SavedResponse),
    /// The key was used before with a different request.
    Mismatch,
}

/// Claims the key inside the caller's transaction. A concurrent request holding the same key
/// makes this wait until that one commits or rolls back.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    key: &str,
    request_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<Claim, StoreError> {
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::partner_id.eq(partner),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 1 {
        return Ok(Claim::Claimed);
    }
    let row = idempotency_keys::table
        .find((partner.get(), key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::response_status,
            idempotency_keys::response_body,
            idempotency_keys::created_at,
        ))
        .for_update()
        .first::<(
            Vec<u8>,
            Option<i16>,
            Option<serde_json::Value>,
            DateTime<Utc>,
        )>(conn)
        .await?;
    let (stored_hash, status, body, created_at) = row;
    if created_at < now - Duration::hours(KEY_LIFETIME_HOURS) {
        diesel::update(idempotency_keys::table.find((partner.get(), key)))
            .set((
                idempotency_keys::request_hash.eq(request_hash),
                idempotency_keys::response_status.eq(None::<i16>),
                idempotency_keys::response_body.eq(None::<serde_json::Value>),
                idempotency_keys::created_at.eq(now),
            ))
            .execute(conn)
            .await?;
        return Ok(Claim::Claimed);
    }
    if stored_hash != request_hash {
        return Ok(Claim::Mismatch);
    }
    match (status, body) {
        (Some(status), Some(body)) => Ok(Claim::Replay(SavedResponse {
            status: u16::try_from(status).unwrap_or(500),
            body,
        })),
        // Claimed and committed without a response cannot happen: both are written in one transaction.
        _ => Ok(Claim::Mismatch),
    }
}

pub async fn save_response(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    key: &str,
    response: &SavedResponse,
) -> Result<(), StoreError> {
    diesel::update(idempotency_keys::table.find((partner.get(), key)))
        .set((
            idempotency_keys::response_status.eq(i16::try_from(response.status).unwrap_or(500)),
            idempotency_keys::response_body.eq(&response.body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
