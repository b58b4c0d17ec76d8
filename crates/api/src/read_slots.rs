//! Reads run a few at a time per worker. A dashboard read is PostgreSQL's CPU and nothing
//! else; with as many running as the pool has connections (which writes need, to wait on
//! the disk together), more backends compete for the cores than there are cores, and the
//! slowest reads wait tens of milliseconds for a turn. Held to a few, the rest queue here
//! in arrival order and the slowest wait about as long as the typical one.

use partnerhub_persistence::{CHECKOUT_WAIT, PooledConnection};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Reads one worker runs at once: with one worker per core, two per core in all.
pub const READS_PER_WORKER: usize = 2;

#[derive(Clone)]
pub struct ReadSlots(Arc<Semaphore>);

impl Default for ReadSlots {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(READS_PER_WORKER)))
    }
}

impl ReadSlots {
    /// A turn, or `None` when none came free within the pool's own wait for a connection
    /// (after which either is answered 503).
    pub async fn take(&self) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(CHECKOUT_WAIT, self.0.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }
}

/// A pooled connection used while holding a read's turn; both are given back on drop.
pub struct ReadConnection {
    connection: PooledConnection,
    _turn: OwnedSemaphorePermit,
}

impl ReadConnection {
    pub fn new(connection: PooledConnection, turn: OwnedSemaphorePermit) -> Self {
        Self {
            connection,
            _turn: turn,
        }
    }
}

impl Deref for ReadConnection {
    type Target = PooledConnection;

    fn deref(&self) -> &PooledConnection {
        &self.connection
    }
}

impl DerefMut for ReadConnection {
    fn deref_mut(&mut self) -> &mut PooledConnection {
        &mut self.connection
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_read_past_the_workers_turns_waits_for_one_to_end() {
        let slots = ReadSlots::default();
        let mut turns = Vec::new();
        for _ in 0..READS_PER_WORKER {
            turns.push(slots.take().await.expect("a free turn"));
        }
        let short = std::time::Duration::from_millis(50);
        assert!(tokio::time::timeout(short, slots.take()).await.is_err());
        turns.pop();
        assert!(
            tokio::time::timeout(short, slots.take())
                .await
                .is_ok_and(|turn| turn.is_some())
        );
    }
}
