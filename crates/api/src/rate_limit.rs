//! Per-partner quotas, behind one small interface so a shared store can replace governor later.
//!
//! The hourly quota is a GCRA bucket of `limit` requests refilled evenly over an hour, so
//! `remaining` counts down by one per request and `reset` is when the bucket is full again.

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use dashmap::DashMap;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use partnerhub_domain::PartnerId;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

type Bucket = RateLimiter<NotKeyed, InMemoryState, DefaultClock, StateInformationMiddleware>;

/// The hourly quota as the response headers report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaState {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the quota is whole again.
    pub reset_after_secs: u64,
}

#[derive(Debug, Clone, Copy)]
pub struct Exceeded {
    pub quota: QuotaState,
    pub retry_after_secs: u64,
}

struct HourlyBucket {
    limit: u32,
    bucket: Bucket,
    /// The last decision, so a request that is not metered can still report the quota.
    last: Mutex<(u32, Instant)>,
}

impl HourlyBucket {
    fn new(limit: u32) -> Self {
        let burst = NonZeroU32::new(limit).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_hour(burst);
        Self {
            limit,
            bucket: RateLimiter::direct(quota).with_middleware::<StateInformationMiddleware>(),
            last: Mutex::new((limit, Instant::now())),
        }
    }

    fn refill_interval(&self) -> Duration {
        Duration::from_secs(3600) / self.limit.max(1)
    }

    fn state(&self, remaining: u32) -> QuotaState {
        let missing = self.limit.saturating_sub(remaining);
        QuotaState {
            limit: self.limit,
            remaining,
            reset_after_secs: (self.refill_interval() * missing).as_secs_f64().ceil() as u64,
        }
    }

    fn remember(&self, remaining: u32) {
        if let Ok(mut last) = self.last.lock() {
            *last = (remaining, Instant::now());
        }
    }
}

pub struct RateLimits {
    hourly: DashMap<PartnerId, Arc<HourlyBucket>>,
    validate: DashMap<PartnerId, Arc<RateLimiter<NotKeyed, InMemoryState, DefaultClock>>>,
    validate_quota: Quota,
    clock: DefaultClock,
}

impl RateLimits {
    pub fn new(validate_per_second: u32) -> Self {
        let per_second = NonZeroU32::new(validate_per_second).unwrap_or(NonZeroU32::MIN);
        Self {
            hourly: DashMap::new(),
            validate: DashMap::new(),
            validate_quota: Quota::per_second(per_second),
            clock: DefaultClock::default(),
        }
    }

    fn hourly_bucket(&self, partner: PartnerId, limit: u32) -> Arc<HourlyBucket> {
        if let Some(bucket) = self.hourly.get(&partner)
            && bucket.limit == limit
        {
            return bucket.clone();
        }
        // A changed limit starts a fresh bucket at the new size.
        let bucket = Arc::new(HourlyBucket::new(limit));
        self.hourly.insert(partner, bucket.clone());
        bucket
    }

    /// Counts one request against the partner's hourly quota.
    pub fn check_hourly(&self, partner: PartnerId, limit: u32) -> Result<QuotaState, Exceeded> {
        let bucket = self.hourly_bucket(partner, limit);
        match bucket.bucket.check() {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                bucket.remember(remaining);
                Ok(bucket.state(remaining))
            }
            Err(not_until) => {
                bucket.remember(0);
                let wait = not_until.wait_time_from(self.clock.now());
                Err(Exceeded {
                    quota: bucket.state(0),
                    retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
                })
            }
        }
    }

    /// The hourly quota without spending any of it.
    pub fn peek_hourly(&self, partner: PartnerId, limit: u32) -> QuotaState {
        let bucket = self.hourly_bucket(partner, limit);
        let (remaining, at) = bucket
            .last
            .lock()
            .map(|last| *last)
            .unwrap_or((limit, Instant::now()));
        let refilled = at.elapsed().as_nanos() / bucket.refill_interval().as_nanos().max(1);
        let remaining = u128::from(remaining)
            .saturating_add(refilled)
            .min(u128::from(limit));
        bucket.state(u32::try_from(remaining).unwrap_or(limit))
    }

    /// The per-second guard on `/leads/validate`; `Err` holds seconds to wait.
    pub fn check_validate(&self, partner: PartnerId) -> Result<(), u64> {
        let limiter = self
            .validate
            .entry(partner)
            .or_insert_with(|| Arc::new(RateLimiter::direct(self.validate_quota)))
            .clone();
        limiter.check().map_err(|not_until| {
            not_until
                .wait_time_from(self.clock.now())
                .as_secs_f64()
                .ceil()
                .max(1.0) as u64
        })
    }
}

/// Sets the legacy `X-RateLimit-*` headers and the IETF draft's `RateLimit-Policy` / `RateLimit`.
pub fn apply_headers(headers: &mut HeaderMap, quota: QuotaState) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let pairs = [
        ("x-ratelimit-limit", quota.limit.to_string()),
        ("x-ratelimit-remaining", quota.remaining.to_string()),
        (
            "x-ratelimit-reset",
            (now + quota.reset_after_secs).to_string(),
        ),
        (
            "ratelimit-policy",
            format!("\"hourly\";q={};w=3600", quota.limit),
        ),
        (
            "ratelimit",
            format!(
                "\"hourly\";r={};t={}",
                quota.remaining, quota.reset_after_secs
            ),
        ),
    ];
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_quota_counts_down_then_refuses() {
        let limits = RateLimits::new(100);
        let first = limits.check_hourly(PartnerId::new(1), 3).ok();
        assert_eq!(first.map(|q| q.remaining), Some(2));
        assert_eq!(
            limits
                .check_hourly(PartnerId::new(1), 3)
                .ok()
                .map(|q| q.remaining),
            Some(1)
        );
        assert_eq!(
            limits
                .check_hourly(PartnerId::new(1), 3)
                .ok()
                .map(|q| q.remaining),
            Some(0)
        );
        let refused = limits.check_hourly(PartnerId::new(1), 3).err();
        assert!(refused.is_some_and(|e| e.retry_after_secs > 0 && e.retry_after_secs <= 1200));
        assert_eq!(limits.peek_hourly(PartnerId::new(1), 3).remaining, 0);
        // Another partner has its own bucket.
        assert_eq!(
            limits
                .check_hourly(PartnerId::new(2), 3)
                .ok()
                .map(|q| q.remaining),
            Some(2)
        );
    }
}
