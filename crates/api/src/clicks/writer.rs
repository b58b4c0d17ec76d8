//! The batch writer: clicks queued by redirects are stored every `FLUSH_EVERY`, in one
//! transaction per batch; a failed batch is kept and retried, and a stop stores whatever
//! is queued before it returns.

use partnerhub_persistence::DbPool;
use partnerhub_persistence::clicks::{self, NewClick};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};

pub const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// Clicks queued at most. A redirect that finds the queue full waits up to
/// [`QUEUE_WAIT`] for room (so an overload slows redirects to the writer's pace rather
/// than losing clicks); after that (the database away for long) the click is dropped and
/// counted in `partnerhub_clicks_dropped_total`.
pub const QUEUE: usize = 100_000;
pub const QUEUE_WAIT: Duration = Duration::from_secs(1);
/// Clicks per transaction (one insert statement, each column an array).
const BATCH: usize = 4_000;
const RETRY_AFTER: Duration = Duration::from_millis(500);
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(60);

pub async fn run(
    pool: DbPool,
    mut queued: mpsc::Receiver<NewClick>,
    stop: Arc<Notify>,
    housekeeping: impl Fn(),
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut housekept = Instant::now();
    let mut stopping = false;
    loop {
        let first = if stopping {
            queued.recv().await
        } else {
            tokio::select! {
                click = queued.recv() => click,
                () = stop.notified() => {
                    // No click is queued after this; those already queued are stored below.
                    stopping = true;
                    queued.close();
                    continue;
                }
            }
        };
        let Some(first) = first else { return };
        batch.push(first);
        // Wait for a batch to gather only when the queue is quiet; a backlog is written at once.
        if !stopping && queued.len() < BATCH {
            tokio::time::sleep(FLUSH_EVERY).await;
        }
        while batch.len() < BATCH
            && let Ok(click) = queued.try_recv()
        {
            batch.push(click);
        }
        store(&pool, &mut batch, stopping).await;
        if housekept.elapsed() > HOUSEKEEPING_EVERY {
            housekeeping();
            housekept = Instant::now();
        }
    }
}

/// Stores the batch, retrying until it is stored; when stopping, gives up after a few tries
/// rather than hold the shutdown forever.
async fn store(pool: &DbPool, batch: &mut Vec<NewClick>, stopping: bool) {
    let mut tries = 0;
    loop {
        let outcome = match pool.get().await {
            Ok(mut conn) => clicks::store(&mut conn, batch).await,
            Err(error) => Err(error.into()),
        };
        match outcome {
            Ok(stored) => {
                metrics::counter!("partnerhub_clicks_stored_total").increment(stored as u64);
                metrics::counter!("partnerhub_clicks_repeated_total")
                    .increment((batch.len() - stored) as u64);
                batch.clear();
                return;
            }
            Err(error) => {
                tries += 1;
                tracing::warn!(%error, queued = batch.len(), "could not store clicks; retrying");
                if stopping && tries >= 20 {
                    metrics::counter!("partnerhub_clicks_dropped_total")
                        .increment(batch.len() as u64);
                    tracing::error!(lost = batch.len(), "stopping with clicks not stored");
                    batch.clear();
                    return;
                }
                tokio::time::sleep(RETRY_AFTER).await;
            }
        }
    }
}
