//! Clicks of tracking links, written in batches off the request path (named ahead by
//! [`crate::leads::lease_ids`]): the batch insert with its history rows, and the daily keys
//! of visitor hashes.

use crate::StoreError;
mod insert;

use crate::history::Actor;
use crate::prepared::Prepared;
use crate::schema::{leads, visitor_keys};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use insert::InsertClicks;
use partnerhub_domain::lead::Utm;
use partnerhub_domain::tracking::{ONE_CLICK_PER, VisitorKey};
use partnerhub_domain::{LeadId, PartnerId};
use std::collections::HashMap;

/// Serialises batch writers across processes, so the one-click-per-visitor check and the
/// insert that follows it see every other batch.
const CLICK_BATCH_LOCK: i64 = 0x5048_434c_4943_4b53;

/// A click as the redirect made it, waiting to be stored.
#[derive(Debug, Clone)]
pub struct NewClick {
    pub id: LeadId,
    pub partner: PartnerId,
    pub at: DateTime<Utc>,
    /// `None` when the visitor could not be told (no key yet): counted, never deduplicated.
    pub visitor: Option<[u8; 32]>,
    pub utm: Utm,
}

/// Stores a batch in one transaction, leaving out each click whose visitor already has a
/// click of the same link within the hour (from this batch, another process or earlier).
/// Returns how many were stored.
pub async fn store(conn: &mut AsyncPgConnection, batch: &[NewClick]) -> Result<usize, StoreError> {
    if batch.is_empty() {
        return Ok(0);
    }
    conn.transaction::<_, StoreError, _>(async |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(CLICK_BATCH_LOCK)
            .execute(conn)
            .await?;
        let hashes: Vec<&[u8]> = batch
            .iter()
            .filter_map(|c| c.visitor.as_ref())
            .map(|h| &h[..])
            .collect();
        let since = batch.iter().map(|c| c.at).min().unwrap_or_else(Utc::now) - ONE_CLICK_PER;
        let stored: Vec<(Vec<u8>, DateTime<Utc>)> = if hashes.is_empty() {
            Vec::new()
        } else {
            leads::table
                .filter(leads::visitor_hash.eq_any(&hashes))
                .filter(leads::created_at.gt(since))
                .select((leads::visitor_hash.assume_not_null(), leads::created_at))
                .load(conn)
                .await?
        };
        // Each visitor's latest click: one within the hour of a click exists exactly when
        // the latest is.
        let mut latest: HashMap<Vec<u8>, DateTime<Utc>> = HashMap::with_capacity(stored.len());
        for (hash, at) in stored {
            let entry = latest.entry(hash).or_insert(at);
            *entry = (*entry).max(at);
        }
        let mut fresh = Vec::with_capacity(batch.len());
        for click in batch {
            if let Some(hash) = &click.visitor {
                let recent = latest
                    .get(&hash[..])
                    .is_some_and(|at| *at > click.at - ONE_CLICK_PER);
                if recent {
                    continue;
                }
                let entry = latest.entry(hash.to_vec()).or_insert(click.at);
                *entry = (*entry).max(click.at);
            }
            fresh.push(click);
        }
        if fresh.is_empty() {
            return Ok(0);
        }
        let actor = Actor::TrackingLink.label();
        Prepared(InsertClicks::new(&fresh, &actor))
            .execute(conn)
            .await?;
        Ok(fresh.len())
    })
    .await
}

/// The key of `day`'s visitor hashes: made by whichever process asks first, the same for
/// every process after; keys older than yesterday are deleted on the way.
pub async fn visitor_key(
    conn: &mut AsyncPgConnection,
    day: NaiveDate,
) -> Result<VisitorKey, StoreError> {
    let fresh = VisitorKey::generate()?;
    diesel::insert_into(visitor_keys::table)
        .values((
            visitor_keys::day.eq(day),
            visitor_keys::key.eq(&fresh.0[..]),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    let stored: Vec<u8> = visitor_keys::table
        .find(day)
        .select(visitor_keys::key)
        .first(conn)
        .await?;
    diesel::delete(visitor_keys::table.filter(visitor_keys::day.lt(day.pred_opt().unwrap_or(day))))
        .execute(conn)
        .await?;
    Ok(stored.try_into().map(VisitorKey).unwrap_or(fresh))
}
