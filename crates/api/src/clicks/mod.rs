//! What the tracking link needs beside its route: the per-address guard, visitor hashes
//! under the day's key, the visitors seen within the hour, the queue of the
//! batch writer (docs/API.md, "Tracking links").

mod guard;
mod recent;
mod writer;

use crate::lead_ids::IdPool;
use chrono::{NaiveDate, Utc};
use guard::AddressGuard;
use partnerhub_domain::lead::Utm;
use partnerhub_domain::tracking::{VisitorKey, visitor_hash};
use partnerhub_domain::{PartnerId, ReferenceId};
use partnerhub_persistence::clicks::{self, NewClick};
use partnerhub_persistence::{DbPool, StoreError};
use recent::RecentVisitors;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

pub struct Clicks {
    queue: mpsc::Sender<NewClick>,
    ids: Arc<IdPool>,
    recent: Arc<RecentVisitors>,
    guard: Arc<AddressGuard>,
    key: Mutex<Option<(NaiveDate, VisitorKey)>>,
    stop: Arc<Notify>,
    writer: Mutex<Option<JoinHandle<()>>>,
}

impl Clicks {
    /// Starts the batch writer on the current runtime, with its own connections from `pool`.
    pub fn start(pool: DbPool, ids: Arc<IdPool>, per_minute: u32) -> Self {
        let (queue, queued) = mpsc::channel(writer::QUEUE);
        let recent = Arc::new(RecentVisitors::default());
        let guard = Arc::new(AddressGuard::new(per_minute));
        let stop = Arc::new(Notify::new());
        let (old_visitors, idle_addresses) = (recent.clone(), guard.clone());
        let writer = tokio::spawn(writer::run(pool, queued, stop.clone(), move || {
            old_visitors.forget_old();
            idle_addresses.forget_idle();
        }));
        Self {
            queue,
            ids,
            recent,
            guard,
            key: Mutex::new(None),
            stop,
            writer: Mutex::new(Some(writer)),
        }
    }

    /// The per-address guard: `Err` holds the seconds to wait.
    pub fn admit(&self, address: IpAddr) -> Result<(), u64> {
        self.guard.check(address)
    }

    /// The visitor's hash for this link, under today's key (fetched once a day); `None`
    /// when the key cannot be read now.
    pub async fn visitor(
        &self,
        pool: &DbPool,
        partner: PartnerId,
        address: IpAddr,
        user_agent: &str,
    ) -> Option<[u8; 32]> {
        let today = Utc::now().date_naive();
        let cached = self
            .lock_key()
            .as_ref()
            .filter(|(day, _)| *day == today)
            .map(|(_, key)| key.clone());
        let key = match cached {
            Some(key) => key,
            None => {
                let fetched = async {
                    let mut conn = pool.get().await?;
                    clicks::visitor_key(&mut conn, today).await
                };
                match fetched.await {
                    Ok(key) => {
                        *self.lock_key() = Some((today, key.clone()));
                        key
                    }
                    Err(error) => {
                        tracing::warn!(%error, "no visitor key: the click is counted without its visitor");
                        return None;
                    }
                }
            }
        };
        Some(visitor_hash(
            &key,
            partner.get(),
            &address.to_string(),
            user_agent,
        ))
    }

    /// The click this visitor made on this link within the hour, through this process.
    pub fn earlier_click(&self, visitor: &[u8; 32]) -> Option<ReferenceId> {
        self.recent.click_of(visitor)
    }

    /// Names a new click and queues it for the batch writer.
    pub async fn record(
        &self,
        pool: &DbPool,
        partner: PartnerId,
        visitor: Option<[u8; 32]>,
        utm: Utm,
    ) -> Result<ReferenceId, StoreError> {
        let id = self.ids.next(pool).await?;
        let at = Utc::now();
        let reference = ReferenceId::new(id, at);
        let click = NewClick {
            id,
            partner,
            at,
            visitor,
            utm,
        };
        let queued = match self.queue.try_send(click) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(click)) => self
                .queue
                .send_timeout(click, writer::QUEUE_WAIT)
                .await
                .is_ok(),
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        };
        if !queued {
            metrics::counter!("partnerhub_clicks_dropped_total").increment(1);
        } else if let Some(visitor) = visitor {
            self.recent.remember(visitor, reference);
        }
        Ok(reference)
    }

    /// Stores every queued click, then stops the writer.
    pub async fn stop(&self) {
        self.stop.notify_one();
        let writer = self.writer.lock().ok().and_then(|mut writer| writer.take());
        if let Some(writer) = writer {
            let _ = writer.await;
        }
    }

    fn lock_key(&self) -> std::sync::MutexGuard<'_, Option<(NaiveDate, VisitorKey)>> {
        self.key
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
