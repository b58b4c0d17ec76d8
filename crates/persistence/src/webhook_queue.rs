//! The delivery queue as workers see it: claim due deliveries, record what happened.
//!
//! A claim stamps each row with the claimant's token and moves `next_attempt_at` past the
//! request timeout: a lease. Claims skip rows another worker holds locked, and a leased row
//! is not due, so no two workers send one delivery at the same time; a worker that dies
//! mid-request leaves its rows due again when the lease runs out. Results are written only
//! while the token still matches.

use crate::StoreError;
use crate::prepared::{Prepared, Statement};
use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::sql_types::{Array, BigInt, Bool, Double, Integer, Nullable, Text, Timestamptz};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{DeliveryId, EventId, WebhookId};
use std::time::Duration;

/// An endpoint that has failed without a single success for this long is disabled.
pub const DISABLE_FAILING_AFTER: Duration = Duration::from_secs(5 * 24 * 3600);

/// A claimed delivery with everything needed to send it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub delivery_id: DeliveryId,
    #[diesel(sql_type = Integer)]
    pub failures_in_row: i32,
    #[diesel(sql_type = BigInt)]
    pub event_id: EventId,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    /// The stored envelope's exact text: the bytes that are signed and sent.
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = BigInt)]
    pub endpoint_id: WebhookId,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = Text)]
    pub secret: String,
    /// The rotated-out secret while it still signs.
    #[diesel(sql_type = Nullable<Text>)]
    pub previous_secret: Option<String>,
}

struct ClaimDue {
    limit: i64,
    token: i64,
    lease_secs: f64,
}

impl Statement for ClaimDue {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "WITH due AS ( \
               SELECT id FROM webhook_deliveries \
               WHERE status = 'pending' AND next_attempt_at <= now() \
               ORDER BY next_attempt_at LIMIT ",
        );
        out.push_bind_param::<BigInt, _>(&self.limit)?;
        out.push_sql(
            " FOR UPDATE SKIP LOCKED \
             ) \
             UPDATE webhook_deliveries d SET claim = ",
        );
        out.push_bind_param::<BigInt, _>(&self.token)?;
        out.push_sql(", next_attempt_at = now() + make_interval(secs => ");
        out.push_bind_param::<Double, _>(&self.lease_secs)?;
        out.push_sql(
            ") FROM due, events ev, webhook_endpoints e \
             WHERE d.id = due.id AND ev.id = d.event_id AND e.id = d.endpoint_id \
             RETURNING d.id AS delivery_id, d.failures_in_row, ev.id AS event_id, \
               ev.event_type, ev.payload::text AS body, e.id AS endpoint_id, e.url, e.secret, \
               CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END \
                 AS previous_secret",
        );
        Ok(())
    }
}

/// Claims up to `limit` due deliveries, oldest due first, for `lease`.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    token: i64,
    limit: i64,
    lease: Duration,
) -> Result<Vec<Claimed>, StoreError> {
    Ok(Prepared(ClaimDue {
        limit,
        token,
        lease_secs: lease.as_secs_f64(),
    })
    .load(conn)
    .await?)
}

struct NextDue;

impl Statement for NextDue {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'",
        );
        Ok(())
    }
}

/// When the next pending delivery falls due (a lease's end counts), if any is pending.
pub async fn next_due(conn: &mut AsyncPgConnection) -> Result<Option<DateTime<Utc>>, StoreError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Nullable<Timestamptz>)]
        at: Option<DateTime<Utc>>,
    }
    let row: Row = Prepared(NextDue).get_result(conn).await?;
    Ok(row.at)
}

/// Deliveries due now and how long the oldest of them has waited: the backlog operators watch.
#[derive(Debug, Clone, Copy, PartialEq, QueryableByName)]
pub struct Backlog {
    #[diesel(sql_type = BigInt)]
    pub due: i64,
    #[diesel(sql_type = Double)]
    pub oldest_age_secs: f64,
}

pub async fn backlog(conn: &mut AsyncPgConnection) -> Result<Backlog, StoreError> {
    Ok(diesel::sql_query(
        "SELECT count(*) AS due, \
                coalesce(extract(epoch FROM now() - min(next_attempt_at))::float8, 0) AS oldest_age_secs \
         FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()",
    )
    .get_result(conn)
    .await?)
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
    pub delivery_id: DeliveryId,
    pub endpoint_id: WebhookId,
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

struct RecordDeliveries {
    ids: Vec<i64>,
    claims: Vec<i64>,
    nexts: Vec<&'static str>,
    next_at: Vec<Option<DateTime<Utc>>>,
    attempted_at: Vec<DateTime<Utc>>,
    succeeded: Vec<bool>,
    response_status: Vec<Option<i32>>,
    response_body: Vec<Option<String>>,
    error: Vec<Option<String>>,
    latency_ms: Vec<i32>,
}

impl Statement for RecordDeliveries {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH r AS (SELECT * FROM unnest(");
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.claims)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<Text>, _>(&self.nexts)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Nullable<Timestamptz>>, _>(&self.next_at)?;
        out.push_sql(
            "::timestamptz[]) AS r(id, claim, next, next_at) \
             ), updated AS ( \
               UPDATE webhook_deliveries d SET \
                 status = CASE r.next WHEN 'succeeded' THEN 'succeeded' WHEN 'retry' THEN \
                   CASE WHEN e.enabled THEN 'pending' ELSE 'paused' END ELSE 'failed' END, \
                 attempt_count = d.attempt_count + 1, \
                 failures_in_row = CASE WHEN r.next = 'succeeded' THEN 0 \
                   ELSE d.failures_in_row + 1 END, \
                 next_attempt_at = COALESCE(r.next_at, d.next_attempt_at), \
                 claim = NULL, \
                 completed_at = CASE WHEN r.next = 'retry' THEN NULL ELSE now() END \
               FROM r, webhook_endpoints e \
               WHERE d.id = r.id AND d.claim = r.claim AND e.id = d.endpoint_id \
               RETURNING d.id \
             ) \
             INSERT INTO webhook_attempts (delivery_id, attempted_at, succeeded, \
               response_status, response_body, error, latency_ms) \
             SELECT a.* FROM unnest(",
        );
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<Timestamptz>, _>(&self.attempted_at)?;
        out.push_sql("::timestamptz[], ");
        out.push_bind_param::<Array<Bool>, _>(&self.succeeded)?;
        out.push_sql("::bool[], ");
        out.push_bind_param::<Array<Nullable<Integer>>, _>(&self.response_status)?;
        out.push_sql("::int[], ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.response_body)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.error)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Integer>, _>(&self.latency_ms)?;
        out.push_sql(
            "::int[]) AS a(delivery_id, attempted_at, succeeded, response_status, \
               response_body, error, latency_ms) \
             WHERE a.delivery_id IN (SELECT id FROM updated)",
        );
        Ok(())
    }
}

async fn record_deliveries(
    conn: &mut AsyncPgConnection,
    outcomes: &[Outcome],
) -> Result<(), StoreError> {
    let statement = RecordDeliveries {
        ids: outcomes.iter().map(|o| o.delivery_id.get()).collect(),
        claims: outcomes.iter().map(|o| o.claim).collect(),
        nexts: outcomes.iter().map(|o| o.next.as_str()).collect(),
        next_at: outcomes
            .iter()
            .map(|o| match o.next {
                Next::RetryAt(at) => Some(at),
                _ => None,
            })
            .collect(),
        attempted_at: outcomes.iter().map(|o| o.attempted_at).collect(),
        succeeded: outcomes.iter().map(|o| o.next == Next::Succeeded).collect(),
        response_status: outcomes.iter().map(|o| o.response_status).collect(),
        response_body: outcomes.iter().map(|o| o.response_body.clone()).collect(),
        error: outcomes.iter().map(|o| o.error.clone()).collect(),
        latency_ms: outcomes.iter().map(|o| o.latency_ms).collect(),
    };
    Prepared(statement).execute(conn).await?;
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
            .find(|(id, ..)| *id == outcome.endpoint_id.get())
        {
            Some(entry) => {
                entry.1 |= succeeded;
                entry.2 |= gone;
                entry.3 = entry.3.min(outcome.attempted_at);
            }
            None => endpoints.push((
                outcome.endpoint_id.get(),
                succeeded,
                gone,
                outcome.attempted_at,
            )),
        }
    }
    // Locked in id order, so concurrent recorders cannot deadlock on endpoints.
    endpoints.sort_by_key(|(id, ..)| *id);
    let statement = RecordEndpoints {
        ids: endpoints.iter().map(|e| e.0).collect(),
        succeeded: endpoints.iter().map(|e| e.1).collect(),
        gone: endpoints.iter().map(|e| e.2).collect(),
        failed_at: endpoints.iter().map(|e| e.3).collect(),
        disable_after_secs: DISABLE_FAILING_AFTER.as_secs_f64(),
    };
    Prepared(statement).execute(conn).await?;
    Ok(())
}

struct RecordEndpoints {
    ids: Vec<i64>,
    succeeded: Vec<bool>,
    gone: Vec<bool>,
    failed_at: Vec<DateTime<Utc>>,
    disable_after_secs: f64,
}

impl Statement for RecordEndpoints {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH u AS (SELECT * FROM unnest(");
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<Bool>, _>(&self.succeeded)?;
        out.push_sql("::bool[], ");
        out.push_bind_param::<Array<Bool>, _>(&self.gone)?;
        out.push_sql("::bool[], ");
        out.push_bind_param::<Array<Timestamptz>, _>(&self.failed_at)?;
        out.push_sql(
            "::timestamptz[]) AS u(id, succeeded, gone, failed_at) \
             ), decided AS ( \
               SELECT e.id, u.succeeded, u.gone, \
                 CASE WHEN u.succeeded THEN NULL ELSE COALESCE(e.failing_since, u.failed_at) END \
                   AS failing_since \
               FROM webhook_endpoints e JOIN u ON u.id = e.id \
             ), judged AS ( \
               SELECT *, CASE WHEN gone THEN 'gone' \
                 WHEN failing_since < now() - make_interval(secs => ",
        );
        out.push_bind_param::<Double, _>(&self.disable_after_secs)?;
        out.push_sql(
            ") THEN 'failing' END AS disable \
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
        );
        Ok(())
    }
}
