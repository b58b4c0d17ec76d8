//! Wakes webhook workers after a commit that wrote events.
//!
//! The NOTIFY is sent on a connection of its own, after the writer's commit, rather than in
//! the writing transaction: PostgreSQL holds one database-wide lock from a notifying
//! transaction's pre-commit to the end of its commit, so notifying from every submit would
//! serialise all of their commits (measured: 2,400 submits/s fell below 1,000). Rings that
//! arrive while a NOTIFY is being sent fold into one more, and NOTIFYs are at least
//! [`MIN_SPACING`] apart: under load at most 1,000 a second, and at low rates each commit
//! is followed by its own at once.

use crate::prepared::{Prepared, Statement};
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;

/// The channel webhook workers LISTEN on.
pub const DELIVERIES_CHANNEL: &str = "webhook_deliveries";
/// The least time between two NOTIFYs (and between two wakes of a worker in this process).
pub const MIN_SPACING: Duration = Duration::from_millis(1);

#[derive(Clone)]
pub struct Doorbell {
    rings: mpsc::Sender<()>,
    /// A worker in this process, woken directly (no round trip through PostgreSQL).
    local: Option<Arc<Notify>>,
}

impl Doorbell {
    /// Starts the ringer on the current runtime.
    pub fn start(database_url: String) -> Self {
        let (rings, heard) = mpsc::channel(1);
        tokio::spawn(ring_forever(database_url, heard));
        Self { rings, local: None }
    }

    /// Also wakes the worker that waits on `local`, in this process.
    pub fn with_local_worker(mut self, local: Arc<Notify>) -> Self {
        self.local = Some(local);
        self
    }

    /// Call after a commit that wrote events. Never waits.
    pub fn ring(&self) {
        if let Some(local) = &self.local {
            local.notify_one();
        }
        let _ = self.rings.try_send(());
    }
}

/// A NOTIFY need not wait for its commit record to reach disk: nothing depends on it
/// surviving a crash, and workers find due deliveries by reading the table anyway.
async fn connect(database_url: &str) -> diesel::ConnectionResult<AsyncPgConnection> {
    let mut conn = AsyncPgConnection::establish(database_url).await?;
    diesel::sql_query("SET synchronous_commit = off")
        .execute(&mut conn)
        .await
        .map_err(|error| diesel::ConnectionError::BadConnection(error.to_string()))?;
    Ok(conn)
}

/// `NOTIFY webhook_deliveries`, prepared once per connection rather than parsed each time.
struct NotifyWorkers;

impl Statement for NotifyWorkers {
    type Key = Self;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("NOTIFY ");
        out.push_sql(DELIVERIES_CHANNEL);
        Ok(())
    }
}

async fn ring_forever(database_url: String, mut heard: mpsc::Receiver<()>) {
    let mut conn: Option<AsyncPgConnection> = None;
    let mut last_sent = Instant::now() - MIN_SPACING;
    while heard.recv().await.is_some() {
        tokio::time::sleep_until(last_sent + MIN_SPACING).await;
        last_sent = Instant::now();
        if conn.is_none() {
            match connect(&database_url).await {
                Ok(fresh) => conn = Some(fresh),
                Err(error) => {
                    tracing::warn!(%error, "cannot connect to wake webhook workers; they wake on their own timer");
                    continue;
                }
            }
        }
        if let Some(open) = conn.as_mut() {
            let sent = Prepared(NotifyWorkers).execute(open).await;
            if let Err(error) = sent {
                tracing::warn!(%error, "waking webhook workers failed; reconnecting");
                conn = None;
            }
        }
    }
}
