//! Work the server does on a timer, beside serving requests.

use partnerhub_persistence::{DbPool, stats};
use std::time::Duration;

/// Folds referral count deltas into the counters every second, so counter reads stay small.
/// Reads are exact either way; this only keeps them fast.
pub async fn fold_referral_counts(pool: DbPool) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let folded = async {
            let mut conn = pool.get().await.map_err(|error| error.to_string())?;
            stats::fold(&mut conn)
                .await
                .map_err(|error| error.to_string())
        };
        if let Err(error) = folded.await {
            tracing::warn!(%error, "folding referral counts failed; retrying");
        }
    }
}
