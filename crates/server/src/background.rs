//! Work the server does on a timer, beside serving requests.

use partnerhub_persistence::sessions::{self, SessionLimits};
use partnerhub_persistence::{DbPool, login_failures, stats};
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

/// Deletes sessions that have expired and sign-in failures past the lockout window, every
/// minute: they open nothing and count for nothing, so keeping them only keeps data.
pub async fn purge_expired_sign_ins(pool: DbPool, limits: SessionLimits) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        let purged = async {
            let mut conn = pool.get().await.map_err(|error| error.to_string())?;
            sessions::purge_expired(&mut conn, limits)
                .await
                .map_err(|error| error.to_string())?;
            login_failures::purge(&mut conn)
                .await
                .map_err(|error| error.to_string())
        };
        if let Err(error) = purged.await {
            tracing::warn!(%error, "purging expired sessions failed; retrying");
        }
    }
}
