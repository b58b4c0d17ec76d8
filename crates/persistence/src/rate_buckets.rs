//! The shared token buckets behind the partner quotas (`take_rate_tokens` in the
//! migrations): one row per partner and kind, taken from in leases by every API process.

use crate::StoreError;
use diesel::sql_types::{BigInt, Double, Integer, SmallInt};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;

/// Which quota a bucket holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BucketKind {
    Hourly = 0,
    Validate = 1,
}

/// A bucket of `capacity` tokens refilled evenly over `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub partner: PartnerId,
    pub kind: BucketKind,
    pub capacity: u32,
    pub window_secs: f64,
}

/// What a lease got.
#[derive(Debug, Clone, Copy, PartialEq, diesel::QueryableByName)]
pub struct Lease {
    #[diesel(sql_type = Integer)]
    pub granted: i32,
    /// Tokens still in the shared bucket after this lease.
    #[diesel(sql_type = Integer)]
    pub remaining: i32,
    /// Seconds until one more token is available.
    #[diesel(sql_type = Double)]
    pub retry_after: f64,
    /// Seconds until the bucket is full again.
    #[diesel(sql_type = Double)]
    pub full_after: f64,
}

/// Takes up to `want` tokens in one round trip.
pub async fn take(
    conn: &mut AsyncPgConnection,
    bucket: Bucket,
    want: u32,
) -> Result<Lease, StoreError> {
    Ok(diesel::sql_query(
        "SELECT granted, remaining, retry_after, full_after FROM take_rate_tokens($1, $2, $3, $4, $5)",
    )
    .bind::<BigInt, _>(bucket.partner.get())
    .bind::<SmallInt, _>(bucket.kind as i16)
    .bind::<Integer, _>(i32::try_from(want).unwrap_or(i32::MAX))
    .bind::<Integer, _>(i32::try_from(bucket.capacity).unwrap_or(i32::MAX))
    .bind::<Double, _>(bucket.window_secs)
    .get_result(conn)
    .await?)
}

/// Gives back leased tokens that will not be used.
pub async fn give_back(
    conn: &mut AsyncPgConnection,
    bucket: Bucket,
    tokens: u32,
) -> Result<(), StoreError> {
    diesel::sql_query("SELECT return_rate_tokens($1, $2, $3, $4, $5)")
        .bind::<BigInt, _>(bucket.partner.get())
        .bind::<SmallInt, _>(bucket.kind as i16)
        .bind::<Integer, _>(i32::try_from(tokens).unwrap_or(i32::MAX))
        .bind::<Integer, _>(i32::try_from(bucket.capacity).unwrap_or(i32::MAX))
        .bind::<Double, _>(bucket.window_secs)
        .execute(conn)
        .await?;
    Ok(())
}
