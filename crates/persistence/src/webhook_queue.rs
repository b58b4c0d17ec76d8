//! The delivery queue as workers see it: claim due deliveries, record what happened.
//!
//! A claim stamps each row with the claimant's token and moves `next_attempt_at` past the
//! request timeout: a lease. Claims skip rows another worker holds locked, and a leased row
//! is not due, so no two workers send one delivery at the same time; a worker that dies
//! mid-request leaves its rows due again when the lease runs out. Results are written only
//! while the token still matches.

use crate::StoreError;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Bool, Double, Integer, Nullable, Text, Timestamptz};
use diesel::{QueryableByName, sql_query};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::time::Duration;

/// An endpoint that has failed without a single success for this long is disabled.
pub const DISABLE_FAILING_AFTER: Duration = Duration::from_secs(5 * 24 * 3600);

/// A claimed delivery with everything needed to send it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub delivery_id: i64,
    #[diesel(sql_type = Integer)]
    pub failures_in_row: i32,
    #[diesel(sql_type = BigInt)]
    pub event_id: i64,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    /// The stored envelope's exact text: the bytes that are signed and sent.
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = BigInt)]
    pub endpoint_id: i64,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = Text)]
    pub secret: String,
    /// The rotated-out secret while it still signs.
    #[diesel(sql_type = Nullable<Text>)]
    pub previous_secret: Option<String>,
}

/// Claims up to `limit` due deliveries, oldest due first, for `lease`.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    token: i64,
    limit: i64,
    lease: Duration,
) -> Result<Vec<Claimed>, StoreError> {
    Ok(sql_query(
        "WITH due AS ( \
           SELECT id FROM webhook_deliveries \
           WHERE status = 'pending' AND next_attempt_at <= now() \
           ORDER BY next_attempt_at LIMIT $1 \
           FOR UPDATE SKIP LOCKED \
         ) \
         UPDATE webhook_deliveries d \
         SET claim = $2, next_attempt_at = now() + make_interval(secs => $3) \
         FROM due, events ev, webhook_endpoints e \
         WHERE d.id = due.id AND ev.id = d.event_id AND e.id = d.endpoint_id \
         RETURNING d.id AS delivery_id, d.failures_in_row, ev.id AS event_id, ev.event_type, \
           ev.payload::text AS body, e.id AS endpoint_id, e.url, e.secret, \
           CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END \
             AS previous_secret",
    )
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(token)
    .bind::<Double, _>(lease.as_secs_f64())
    .load(conn)
    .await?)
}

/// When the next pending delivery falls due (a lease's end counts), if any is pending.
pub async fn next_due(conn: &mut AsyncPgConnection) -> Result<Option<DateTime<Utc>>, StoreError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Nullable<Timestamptz>)]
        at: Option<DateTime<Utc>>,
    }
    let row: Row = sql_query(
        "SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'",
    )
    .get_result(conn)
    .await?;
    Ok(row.at)
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Succeeded,
    RetryAt(DateTime<Utc>),
    /// No attempt left.
    Failed,
    /// The receiver answered 410 Gone: the delivery fails and the endpoint is disabled.
    Gone,
}

impl Next {
    fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::RetryAt(_) => "retry",
            Self::Failed => "failed",
            Self::Gone => "gone",
        }
    }
}

/// One attempt's result, under the claim it was made with.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub delivery_id: i64,
    pub endpoint_id: i64,
    pub claim: i64,
    pub attempted_at: DateTime<Utc>,
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub error: Option<String>,
    pub latency_ms: i32,
    pub next: Next,
}

/// Records a batch of attempts in one transaction: the attempts, each delivery's new state,
/// and the endpoints' failure streaks (disabling those gone or failing for five days).
pub async fn record(conn: &mut AsyncPgConnection, outcomes: &[Outcome]) -> Result<(), StoreError> {
    if outcomes.is_empty() {
        return Ok(());
    }
    conn.transaction::<_, StoreError, _>(async |conn| {
        record_deliveries(conn, outcomes).await?;
        record_endpoints(conn, outcomes).await
    })
    .await
}

async fn record_deliveries(
    conn: &mut AsyncPgConnection,
    outcomes: &[Outcome],
) -> Result<(), StoreError> {
    let column = |f: fn(&Outcome) -> i64| outcomes.iter().map(f).collect::<Vec<_>>();
    let next_at: Vec<Option<DateTime<Utc>>> = outcomes
        .iter()
        .map(|outcome| match outcome.next {
            Next::RetryAt(at) => Some(at),
            _ => None,
        })
        .collect();
    sql_query(
        "WITH r AS ( \
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[]) \
             AS r(id, claim, next, next_at) \
         ), updated AS ( \
           UPDATE webhook_deliveries d SET \
             status = CASE r.next WHEN 'succeeded' THEN 'succeeded' WHEN 'retry' THEN \
               CASE WHEN e.enabled THEN 'pending' ELSE 'paused' END ELSE 'failed' END, \
             attempt_count = d.attempt_count + 1, \
             failures_in_row = CASE WHEN r.next = 'succeeded' THEN 0 ELSE d.failures_in_row + 1 END, \
             next_attempt_at = COALESCE(r.next_at, d.next_attempt_at), \
             claim = NULL, \
             completed_at = CASE WHEN r.next = 'retry' THEN NULL ELSE now() END \
           FROM r, webhook_endpoints e \
           WHERE d.id = r.id AND d.claim = r.claim AND e.id = d.endpoint_id \
           RETURNING d.id \
         ) \
         INSERT INTO webhook_attempts \
           (delivery_id, attempted_at, succeeded, response_status, response_body, error, latency_ms) \
         SELECT a.* FROM unnest($1::bigint[], $5::timestamptz[], $6::bool[], $7::int[], \
           $8::text[], $9::text[], $10::int[]) \
           AS a(delivery_id, attempted_at, succeeded, response_status, response_body, error, latency_ms) \
         WHERE a.delivery_id IN (SELECT id FROM updated)",
    )
    .bind::<Array<BigInt>, _>(column(|o| o.delivery_id))
    .bind::<Array<BigInt>, _>(column(|o| o.claim))
    .bind::<Array<Text>, _>(outcomes.iter().map(|o| o.next.as_str()).collect::<Vec<_>>())
    .bind::<Array<Nullable<Timestamptz>>, _>(next_at)
    .bind::<Array<Timestamptz>, _>(outcomes.iter().map(|o| o.attempted_at).collect::<Vec<_>>())
    .bind::<Array<Bool>, _>(
        outcomes
            .iter()
            .map(|o| o.next == Next::Succeeded)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Integer>>, _>(
        outcomes.iter().map(|o| o.response_status).collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Text>>, _>(
        outcomes
            .iter()
            .map(|o| o.response_body.as_deref())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Text>>, _>(outcomes.iter().map(|o| o.error.as_deref()).collect::<Vec<_>>())
    .bind::<Array<Integer>, _>(outcomes.iter().map(|o| o.latency_ms).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}

/// Per endpoint in the batch: any success ends its failure streak; otherwise the streak
/// starts (or goes on), and five days of it, or a 410, disable the endpoint. Endpoints whose
/// state does not change are not written, so steady successes never touch the row.
async fn record_endpoints(
    conn: &mut AsyncPgConnection,
    outcomes: &[Outcome],
) -> Result<(), StoreError> {
    let mut endpoints: Vec<(i64, bool, bool, DateTime<Utc>)> = Vec::new();
    for outcome in outcomes {
        let succeeded = outcome.next == Next::Succeeded;
        let gone = outcome.next == Next::Gone;
        match endpoints
            .iter_mut()
            .find(|(id, ..)| *id == outcome.endpoint_id)
        {
            Some(entry) => {
                entry.1 |= succeeded;
                entry.2 |= gone;
                entry.3 = entry.3.min(outcome.attempted_at);
            }
            None => endpoints.push((outcome.endpoint_id, succeeded, gone, outcome.attempted_at)),
        }
    }
    // Locked in id order, so concurrent recorders cannot deadlock on endpoints.
    endpoints.sort_by_key(|(id, ..)| *id);
    sql_query(
        "WITH u AS ( \
           SELECT * FROM unnest($1::bigint[], $2::bool[], $3::bool[], $4::timestamptz[]) \
             AS u(id, succeeded, gone, failed_at) \
         ), decided AS ( \
           SELECT e.id, u.succeeded, u.gone, \
             CASE WHEN u.succeeded THEN NULL ELSE COALESCE(e.failing_since, u.failed_at) END \
               AS failing_since \
           FROM webhook_endpoints e JOIN u ON u.id = e.id \
         ), judged AS ( \
           SELECT *, CASE WHEN gone THEN 'gone' \
             WHEN failing_since < now() - make_interval(secs => $5) THEN 'failing' END AS disable \
           FROM decided \
         ) \
         UPDATE webhook_endpoints e SET \
           failing_since = j.failing_since, \
           enabled = e.enabled AND j.disable IS NULL, \
           disabled_reason = CASE WHEN e.enabled AND j.disable IS NOT NULL THEN j.disable \
             ELSE e.disabled_reason END, \
           updated_at = now() \
         FROM judged j \
         WHERE e.id = j.id AND (e.failing_since IS DISTINCT FROM j.failing_since \
           OR (e.enabled AND j.disable IS NOT NULL))",
    )
    .bind::<Array<BigInt>, _>(endpoints.iter().map(|e| e.0).collect::<Vec<_>>())
    .bind::<Array<Bool>, _>(endpoints.iter().map(|e| e.1).collect::<Vec<_>>())
    .bind::<Array<Bool>, _>(endpoints.iter().map(|e| e.2).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(endpoints.iter().map(|e| e.3).collect::<Vec<_>>())
    .bind::<Double, _>(DISABLE_FAILING_AFTER.as_secs_f64())
    .execute(conn)
    .await?;
    Ok(())
}
