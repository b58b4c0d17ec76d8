//! Failed sign-ins within the lockout window (the domain's `sign_in` rule), kept by hash;
//! rows older than the window are purged.

use crate::StoreError;
use crate::schema::login_failures as failures;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::sign_in::{
    AttemptKeys, FAILURES_PER_CLIENT, FAILURES_PER_EMAIL, LOCKOUT_WINDOW,
};

/// When sign-in opens again for this email and address, if it is locked now: the moment
/// the failure that completed the limit leaves the window.
pub async fn locked_until(
    conn: &mut AsyncPgConnection,
    keys: &AttemptKeys,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let since = Utc::now() - LOCKOUT_WINDOW;
    let by_email = nth_newest(conn, Key::Email(&keys.email), since, FAILURES_PER_EMAIL).await?;
    let by_client = nth_newest(conn, Key::Client(&keys.client), since, FAILURES_PER_CLIENT).await?;
    Ok(by_email
        .max(by_client)
        .map(|failed_at| failed_at + LOCKOUT_WINDOW))
}

enum Key<'a> {
    Email(&'a [u8; 32]),
    Client(&'a [u8; 32]),
}

/// The `n`th newest failure in the window for this key, if there are `n`.
async fn nth_newest(
    conn: &mut AsyncPgConnection,
    key: Key<'_>,
    since: DateTime<Utc>,
    n: i64,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let query = failures::table
        .filter(failures::created_at.gt(since))
        .into_boxed();
    let query = match key {
        Key::Email(hash) => query.filter(failures::email_hash.eq(hash.as_slice())),
        Key::Client(hash) => query.filter(failures::client_hash.eq(hash.as_slice())),
    };
    Ok(query
        .order(failures::created_at.desc())
        .offset(n - 1)
        .select(failures::created_at)
        .first(conn)
        .await
        .optional()?)
}

pub async fn record(conn: &mut AsyncPgConnection, keys: &AttemptKeys) -> Result<(), StoreError> {
    diesel::insert_into(failures::table)
        .values((
            failures::email_hash.eq(keys.email.as_slice()),
            failures::client_hash.eq(keys.client.as_slice()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A successful sign-in forgives the email's earlier failures (not the address's).
pub async fn forgive_email(
    conn: &mut AsyncPgConnection,
    keys: &AttemptKeys,
) -> Result<(), StoreError> {
    diesel::delete(failures::table.filter(failures::email_hash.eq(keys.email.as_slice())))
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes failures older than the window; returns how many.
pub async fn purge(conn: &mut AsyncPgConnection) -> Result<usize, StoreError> {
    let before = Utc::now() - LOCKOUT_WINDOW;
    Ok(
        diesel::delete(failures::table.filter(failures::created_at.le(before)))
            .execute(conn)
            .await?,
    )
}
