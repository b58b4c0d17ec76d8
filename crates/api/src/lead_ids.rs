//! Lead ids leased ahead from the leads sequence, so a redirect names its click at once and a
//! submit builds its lead and event before the one statement that stores them.

use partnerhub_domain::LeadId;
use partnerhub_persistence::{DbPool, StoreError, leads};
use std::sync::{Arc, Mutex};

/// Ids fetched per round trip; a refill starts in the background below a quarter of it.
const LEASE: u32 = 1024;

#[derive(Default)]
pub struct IdPool {
    ids: Mutex<Vec<LeadId>>,
    refill: Arc<tokio::sync::Mutex<()>>,
}

impl IdPool {
    /// The next id; waits for the database only when the lease ran out before its refill.
    pub async fn next(self: &Arc<Self>, pool: &DbPool) -> Result<LeadId, StoreError> {
        loop {
            let (id, low) = self.pop();
            if low && let Ok(refilling) = self.refill.clone().try_lock_owned() {
                let (ids, pool) = (self.clone(), pool.clone());
                actix_web::rt::spawn(async move {
                    let _refilling = refilling;
                    if let Err(error) = ids.fetch(&pool).await {
                        tracing::warn!(%error, "could not lease lead ids");
                    }
                });
            }
            if let Some(id) = id {
                return Ok(id);
            }
            let _refilling = self.refill.lock().await;
            if self.len() == 0 {
                self.fetch(pool).await?;
            }
        }
    }

    async fn fetch(&self, pool: &DbPool) -> Result<(), StoreError> {
        let mut conn = pool.get().await?;
        let mut fresh = leads::lease_ids(&mut conn, LEASE).await?;
        fresh.reverse();
        let mut ids = self.lock();
        fresh.extend(ids.drain(..));
        *ids = fresh;
        Ok(())
    }

    fn pop(&self) -> (Option<LeadId>, bool) {
        let mut ids = self.lock();
        let id = ids.pop();
        (id, ids.len() < (LEASE / 4) as usize)
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<LeadId>> {
        self.ids
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
