//! One process's share of one shared bucket: tokens leased from PostgreSQL in small
//! batches, spent here without a round trip, and a refusal remembered until it can change.

use partnerhub_persistence::rate_buckets::{self, Bucket};
use partnerhub_persistence::{DbPool, StoreError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A lease is doubled while requests keep coming within this long of the last one, and
/// starts again at one token after a quiet spell.
const BUSY: Duration = Duration::from_secs(1);

/// What spending one token decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spent {
    Granted {
        /// Tokens left in the shared bucket plus those this process still holds.
        remaining: u32,
        full_after: Duration,
    },
    Refused {
        retry_after: Duration,
        full_after: Duration,
    },
}

#[derive(Debug)]
struct Held {
    tokens: u32,
    shared_remaining: u32,
    leased_at: Option<Instant>,
    full_at: Instant,
    refused_until: Option<Instant>,
    size: u32,
}

pub struct LocalLease {
    pub bucket: Bucket,
    /// The largest lease: the most tokens this process may hold that others cannot use.
    cap: u32,
    /// Leased tokens unused after this long are dropped (the per-second guard), or never.
    lifetime: Option<Duration>,
    held: Mutex<Held>,
    refill: tokio::sync::Mutex<()>,
}

impl LocalLease {
    pub fn new(bucket: Bucket, cap: u32, lifetime: Option<Duration>) -> Self {
        Self {
            bucket,
            cap: cap.max(1),
            lifetime,
            held: Mutex::new(Held {
                tokens: 0,
                shared_remaining: bucket.capacity,
                leased_at: None,
                full_at: Instant::now(),
                refused_until: None,
                size: 0,
            }),
            refill: tokio::sync::Mutex::new(()),
        }
    }

    /// Spends one token: from the lease when it has one, else from a new lease.
    pub async fn spend(&self, pool: &DbPool) -> Result<Spent, StoreError> {
        if let Some(spent) = self.spend_held() {
            return Ok(spent);
        }
        // One refill at a time; the others wait for it and spend what it brought.
        let _refilling = self.refill.lock().await;
        if let Some(spent) = self.spend_held() {
            return Ok(spent);
        }
        let want = self.next_size();
        let mut conn = pool.get().await?;
        let lease = rate_buckets::take(&mut conn, self.bucket, want).await?;
        drop(conn);
        let now = Instant::now();
        let granted = u32::try_from(lease.granted).unwrap_or(0);
        let full_after = seconds(lease.full_after);
        let mut held = self.lock();
        held.shared_remaining = u32::try_from(lease.remaining).unwrap_or(0);
        held.full_at = now + full_after;
        held.leased_at = Some(now);
        held.size = want;
        if granted == 0 {
            let retry_after = seconds(lease.retry_after);
            held.tokens = 0;
            held.refused_until = Some(now + retry_after);
            return Ok(Spent::Refused {
                retry_after,
                full_after,
            });
        }
        held.refused_until = None;
        held.tokens = granted - 1;
        Ok(Spent::Granted {
            remaining: held.shared_remaining + held.tokens,
            full_after,
        })
    }

    /// The quota as this process last saw it, with what has refilled since; nothing spent.
    pub fn peek(&self) -> (u32, Duration) {
        let held = self.lock();
        let now = Instant::now();
        let refilled = held.leased_at.map_or(0.0, |at| {
            (now - at).as_secs_f64() / (self.bucket.window_secs / f64::from(self.bucket.capacity))
        });
        let remaining = (f64::from(held.shared_remaining + held.tokens) + refilled.floor())
            .min(f64::from(self.bucket.capacity));
        (
            remaining as u32,
            held.full_at.saturating_duration_since(now),
        )
    }

    /// Hands back the tokens this process holds and will not use (at shutdown).
    pub async fn give_back(&self, pool: &DbPool) -> Result<(), StoreError> {
        let tokens = std::mem::take(&mut self.lock().tokens);
        if tokens == 0 {
            return Ok(());
        }
        let mut conn = pool.get().await?;
        rate_buckets::give_back(&mut conn, self.bucket, tokens).await
    }

    fn spend_held(&self) -> Option<Spent> {
        let mut held = self.lock();
        let now = Instant::now();
        if let (Some(at), Some(lifetime)) = (held.leased_at, self.lifetime)
            && now - at > lifetime
        {
            held.tokens = 0;
        }
        if held.tokens > 0 {
            held.tokens -= 1;
            return Some(Spent::Granted {
                remaining: held.shared_remaining + held.tokens,
                full_after: held.full_at.saturating_duration_since(now),
            });
        }
        let until = held.refused_until.filter(|until| *until > now)?;
        Some(Spent::Refused {
            retry_after: until - now,
            full_after: held.full_at.saturating_duration_since(now),
        })
    }

    fn next_size(&self) -> u32 {
        let held = self.lock();
        let busy = held.leased_at.is_some_and(|at| at.elapsed() < BUSY);
        if busy {
            held.size.saturating_mul(2).clamp(1, self.cap)
        } else {
            1
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        self.held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(Duration::ZERO)
}
