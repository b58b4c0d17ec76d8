//! The claim loop: wake on NOTIFY (or when the next delivery falls due), claim as many due
//! deliveries as there are free request slots, and send each on its own task.

use crate::attempt::attempt;
use crate::recorder::record_forever;
use crate::{WorkerSettings, client};
use chrono::Utc;
use partnerhub_persistence::doorbell::{DELIVERIES_CHANNEL, MIN_SPACING};
use partnerhub_persistence::listener::listen_forever;
use partnerhub_persistence::webhook_queue::{self, Claimed, Next};
use partnerhub_persistence::{DbPool, connect_pool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// At most this many deliveries per claim statement.
const MAX_CLAIM: usize = 500;
/// Even with no notification, look again this often (a listener reconnecting may miss one).
const LONGEST_SLEEP: Duration = Duration::from_secs(30);
const DATABASE_RETRY: Duration = Duration::from_secs(1);

/// Runs the worker until its task is dropped. Dropping it aborts every request in flight;
/// their deliveries fall due again when their leases end. It wakes on NOTIFY and on `wake`,
/// which an API in the same process rings after its commits.
pub async fn run(
    database_url: String,
    settings: WorkerSettings,
    wake: Arc<Notify>,
) -> Result<(), String> {
    run_until(database_url, settings, wake, std::future::pending()).await
}

/// As [`run`], until `stop` completes: then nothing more is claimed, the requests in
/// flight finish (each within the request timeout) and every result is recorded before it
/// returns, so a graceful stop leaves no delivery claimed.
pub async fn run_until(
    database_url: String,
    settings: WorkerSettings,
    wake: Arc<Notify>,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), String> {
    let client = client::build(&settings).map_err(|error| error.to_string())?;
    let pool = connect_pool(&database_url, 4)?;
    let mut helpers = JoinSet::new();
    let listener_wake = wake.clone();
    let listen_url = settings.listen_url.clone().unwrap_or(database_url);
    helpers.spawn(listen_forever(listen_url, DELIVERIES_CHANNEL, move |_| {
        listener_wake.notify_one()
    }));
    let (results, to_record) = mpsc::channel(settings.max_in_flight.max(1) * 2);
    helpers.spawn(record_forever(pool.clone(), to_record));
    let slots = Arc::new(Semaphore::new(settings.max_in_flight.max(1)));
    let mut requests = JoinSet::new();
    let settings = Arc::new(settings);
    let mut last_claim = Instant::now() - MIN_SPACING;
    let claiming = async {
        loop {
            while requests.try_join_next().is_some() {}
            // Under a stream of wakes, claim at most once per spacing; each claim takes all due.
            tokio::time::sleep_until(last_claim + MIN_SPACING).await;
            last_claim = Instant::now();
            let free = free_slots(&slots).await;
            let claimed = match claim(&pool, free, &settings).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, "claiming webhook deliveries failed; retrying");
                    tokio::time::sleep(DATABASE_RETRY).await;
                    continue;
                }
            };
            let full = claimed.len() == free;
            for (delivery, token) in claimed {
                let slot = slots
                    .clone()
                    .try_acquire_owned()
                    .map_err(|error| error.to_string())?;
                requests.spawn(send(
                    client.clone(),
                    settings.clone(),
                    delivery,
                    token,
                    results.clone(),
                    slot,
                ));
            }
            if !full {
                sleep_until_due(&pool, &wake).await;
            }
        }
    };
    tokio::select! {
        failed = claiming => return failed,
        () = stop => {}
    }
    let in_flight = requests.len();
    tracing::info!(in_flight, "stopping: finishing the requests in flight");
    while requests.join_next().await.is_some() {}
    drop(results);
    while let Some(helper) = helpers.join_next().await {
        if helper.is_ok() {
            // The recorder ends once every result is written; the listener never does.
            helpers.abort_all();
        }
    }
    tracing::info!("the webhook worker stopped");
    Ok(())
}

/// Waits for at least one free request slot; returns how many are free (at most a claim's worth).
async fn free_slots(slots: &Arc<Semaphore>) -> usize {
    if slots.available_permits() == 0 {
        drop(slots.acquire().await);
    }
    slots.available_permits().clamp(1, MAX_CLAIM)
}

async fn claim(
    pool: &DbPool,
    limit: usize,
    settings: &WorkerSettings,
) -> Result<Vec<(Claimed, i64)>, String> {
    let token = claim_token()?;
    let mut conn = pool.get().await.map_err(|error| error.to_string())?;
    let claimed = webhook_queue::claim(
        &mut conn,
        token,
        i64::try_from(limit).unwrap_or(1),
        settings.lease(),
    )
    .await
    .map_err(|error| error.to_string())?;
    Ok(claimed.into_iter().map(|due| (due, token)).collect())
}

async fn send(
    client: reqwest::Client,
    settings: Arc<WorkerSettings>,
    delivery: Claimed,
    token: i64,
    results: mpsc::Sender<webhook_queue::Outcome>,
    _slot: OwnedSemaphorePermit,
) {
    let outcome = attempt(&client, &settings, &delivery, token).await;
    report(&outcome);
    // Only fails when the worker is shutting down; the lease covers that.
    let _ = results.send(outcome).await;
}

/// Sleeps until a notification arrives or the next pending delivery falls due.
async fn sleep_until_due(pool: &DbPool, wake: &Notify) {
    let mut woken = std::pin::pin!(wake.notified());
    // A wake that came during the claim means new work: no need to ask when the next is due.
    if woken.as_mut().enable() {
        return;
    }
    let next_due = async {
        let mut conn = pool.get().await.map_err(|error| error.to_string())?;
        webhook_queue::next_due(&mut conn)
            .await
            .map_err(|error| error.to_string())
    };
    let sleep = match next_due.await {
        Ok(Some(at)) => (at - Utc::now()).to_std().unwrap_or(Duration::ZERO),
        Ok(None) => LONGEST_SLEEP,
        Err(error) => {
            tracing::warn!(%error, "reading the next due webhook delivery failed");
            DATABASE_RETRY
        }
    };
    tokio::select! {
        () = woken => {}
        () = tokio::time::sleep(sleep.min(LONGEST_SLEEP)) => {}
    }
}

/// A random token per claim, so a result is written only by the claim that made it.
fn claim_token() -> Result<i64, String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|error| error.to_string())?;
    Ok(i64::from_le_bytes(bytes))
}

/// Logs the attempt (a failure at `warn`) and counts it by outcome, with its latency.
fn report(outcome: &webhook_queue::Outcome) {
    let label = match outcome.next {
        Next::Succeeded => "delivered",
        Next::RetryAt(_) => "retry",
        Next::Failed => "failed",
        Next::Gone => "gone",
    };
    if outcome.next == Next::Succeeded {
        tracing::debug!(
            delivery = outcome.delivery_id.get(),
            endpoint = outcome.endpoint_id.get(),
            status = outcome.response_status,
            latency_ms = outcome.latency_ms,
            "webhook delivered"
        );
    } else {
        tracing::warn!(
            delivery = outcome.delivery_id.get(),
            endpoint = outcome.endpoint_id.get(),
            status = outcome.response_status,
            error = outcome.error.as_deref(),
            next = ?outcome.next,
            latency_ms = outcome.latency_ms,
            "webhook attempt failed"
        );
    }
    metrics::counter!("partnerhub_webhook_attempts_total", "outcome" => label).increment(1);
    metrics::histogram!("partnerhub_webhook_attempt_duration_seconds", "outcome" => label)
        .record(f64::from(outcome.latency_ms) / 1000.0);
}
