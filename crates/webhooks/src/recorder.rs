//! Writes attempt results in batches: whatever finished while the previous batch was being
//! written goes in the next, so recording keeps up with any number of requests in flight.

use partnerhub_persistence::DbPool;
use partnerhub_persistence::webhook_queue::{self, Outcome};
use std::time::Duration;
use tokio::sync::mpsc;

const MAX_BATCH: usize = 1000;
const WRITE_TRIES: u32 = 5;

pub async fn record_forever(pool: DbPool, mut results: mpsc::Receiver<Outcome>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while results.recv_many(&mut batch, MAX_BATCH).await > 0 {
        write(&pool, &batch).await;
        batch.clear();
    }
}

/// Tries a few times; if the database stays away the results are dropped, and each
/// delivery's lease running out makes it due again: sent twice, never lost.
async fn write(pool: &DbPool, batch: &[Outcome]) {
    for attempt in 1..=WRITE_TRIES {
        let written = async {
            let mut conn = pool.get().await.map_err(|error| error.to_string())?;
            webhook_queue::record(&mut conn, batch)
                .await
                .map_err(|error| error.to_string())
        };
        match written.await {
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(%error, attempt, results = batch.len(), "recording webhook attempts failed");
                tokio::time::sleep(Duration::from_millis(200) * attempt).await;
            }
        }
    }
    tracing::error!(
        results = batch.len(),
        "giving up recording webhook attempts; their deliveries will be sent again"
    );
}
