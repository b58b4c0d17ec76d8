//! Portal sessions. The cookie holds a random token; the row (found by the token's hash)
//! decides whether it still opens anything, so logging out, suspension and expiry apply at
//! once in every process.

use crate::StoreError;
use crate::partners::Partner;
use crate::schema::{partner_sessions as sessions, partner_users as users, partners};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{PartnerId, SessionId, TokenHash, UserId};

/// How long a session lives: `idle` after its last use, `lifetime` after it began.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle: Duration,
    pub lifetime: Duration,
}

impl Default for SessionLimits {
    /// 12 hours idle, 7 days in all.
    fn default() -> Self {
        Self {
            idle: Duration::hours(12),
            lifetime: Duration::days(7),
        }
    }
}

/// Writing `last_seen_at` on every request would cost a write per call; within this much of
/// the last write it is left alone. The idle limit is hours, so a minute is noise.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// A live session: who is signed in, and the partner they act for (whatever its status).
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub id: SessionId,
    pub user_id: UserId,
    pub user_email: String,
    pub partner: Partner,
}

pub async fn start(
    conn: &mut AsyncPgConnection,
    user: UserId,
    partner: PartnerId,
    token: &TokenHash,
) -> Result<SessionId, StoreError> {
    Ok(diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token.0.as_slice()),
            sessions::user_id.eq(user),
            sessions::partner_id.eq(partner),
        ))
        .returning(sessions::id)
        .get_result(conn)
        .await?)
}

/// The session behind a token, unless it has expired; its idle clock restarts.
pub async fn find_active(
    conn: &mut AsyncPgConnection,
    token: &TokenHash,
    limits: SessionLimits,
) -> Result<Option<ActiveSession>, StoreError> {
    let now = Utc::now();
    let found: Option<(SessionId, UserId, DateTime<Utc>, String, Partner)> = sessions::table
        .inner_join(users::table)
        .inner_join(partners::table)
        .filter(sessions::token_hash.eq(token.0.as_slice()))
        .filter(sessions::last_seen_at.gt(now - limits.idle))
        .filter(sessions::created_at.gt(now - limits.lifetime))
        .select((
            sessions::id,
            sessions::user_id,
            sessions::last_seen_at,
            users::email,
            Partner::as_select(),
        ))
        .first(conn)
        .await
        .optional()?;
    let Some((id, user_id, last_seen_at, user_email, partner)) = found else {
        return Ok(None);
    };
    if now - last_seen_at > TOUCH_EVERY {
        diesel::update(sessions::table.find(id))
            .set(sessions::last_seen_at.eq(diesel::dsl::now))
            .execute(conn)
            .await?;
    }
    Ok(Some(ActiveSession {
        id,
        user_id,
        user_email,
        partner,
    }))
}

/// Ends the session behind a token (logging out); ending an unknown one is no error.
pub async fn end(conn: &mut AsyncPgConnection, token: &TokenHash) -> Result<(), StoreError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token.0.as_slice())))
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of the partner's users (suspension, deactivation).
pub async fn end_for_partner(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<usize, StoreError> {
    Ok(
        diesel::delete(sessions::table.filter(sessions::partner_id.eq(partner)))
            .execute(conn)
            .await?,
    )
}

/// Deletes sessions that can no longer open anything; returns how many.
pub async fn purge_expired(
    conn: &mut AsyncPgConnection,
    limits: SessionLimits,
) -> Result<usize, StoreError> {
    let now = Utc::now();
    Ok(diesel::delete(
        sessions::table.filter(
            sessions::last_seen_at
                .le(now - limits.idle)
                .or(sessions::created_at.le(now - limits.lifetime)),
        ),
    )
    .execute(conn)
    .await?)
}
