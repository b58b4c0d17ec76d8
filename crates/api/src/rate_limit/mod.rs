//! Per-partner quotas, shared by every API process on one database.
//!
//! Each quota is a GCRA bucket in PostgreSQL (`rate_buckets`): the hourly quota holds
//! `limit` requests refilled evenly over an hour, so `remaining` counts down by one per
//! request and `reset` is when the bucket is full again; the validate guard holds one
//! second's worth. A process leases tokens in small batches ([`lease::LocalLease`]) and
//! spends them without a round trip; docs/SCALING.md gives the error bound.

mod lease;

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use dashmap::DashMap;
use lease::{LocalLease, Spent};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::rate_buckets::{Bucket, BucketKind};
use partnerhub_persistence::{DbPool, StoreError};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The most of the hourly quota one process holds leased: a hundredth of it.
const HOURLY_LEASE_SHARE: u32 = 100;
/// The most of the per-second guard one process holds leased: a tenth of it, for a second.
const VALIDATE_LEASE_SHARE: u32 = 10;

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

fn whole_seconds(duration: Duration) -> u64 {
    duration.as_secs_f64().ceil() as u64
}

pub struct RateLimits {
    hourly: DashMap<PartnerId, Arc<LocalLease>>,
    validate: DashMap<PartnerId, Arc<LocalLease>>,
    validate_per_second: u32,
}

impl RateLimits {
    pub fn new(validate_per_second: u32) -> Self {
        Self {
            hourly: DashMap::new(),
            validate: DashMap::new(),
            validate_per_second: validate_per_second.max(1),
        }
    }

    fn hourly_lease(&self, partner: PartnerId, limit: u32) -> Arc<LocalLease> {
        let limit = limit.max(1);
        if let Some(lease) = self.hourly.get(&partner)
            && lease.bucket.capacity == limit
        {
            return lease.clone();
        }
        // A changed limit starts a fresh lease at the new size.
        let bucket = Bucket {
            partner,
            kind: BucketKind::Hourly,
            capacity: limit,
            window_secs: 3600.0,
        };
        let lease = Arc::new(LocalLease::new(bucket, limit / HOURLY_LEASE_SHARE, None));
        self.hourly.insert(partner, lease.clone());
        lease
    }

    /// Counts one request against the partner's hourly quota.
    pub async fn check_hourly(
        &self,
        pool: &DbPool,
        partner: PartnerId,
        limit: u32,
    ) -> Result<Result<QuotaState, Exceeded>, StoreError> {
        let lease = self.hourly_lease(partner, limit);
        let capacity = lease.bucket.capacity;
        Ok(match lease.spend(pool).await? {
            Spent::Granted {
                remaining,
                full_after,
            } => Ok(QuotaState {
                limit: capacity,
                remaining,
                reset_after_secs: whole_seconds(full_after),
            }),
            Spent::Refused {
                retry_after,
                full_after,
            } => Err(Exceeded {
                quota: QuotaState {
                    limit: capacity,
                    remaining: 0,
                    reset_after_secs: whole_seconds(full_after),
                },
                retry_after_secs: whole_seconds(retry_after).max(1),
            }),
        })
    }

    /// The hourly quota as this process last saw it, without spending any of it.
    pub fn peek_hourly(&self, partner: PartnerId, limit: u32) -> QuotaState {
        let lease = self.hourly_lease(partner, limit);
        let (remaining, full_after) = lease.peek();
        QuotaState {
            limit: lease.bucket.capacity,
            remaining,
            reset_after_secs: whole_seconds(full_after),
        }
    }

    /// The per-second guard on `/leads/validate`; the inner `Err` holds seconds to wait.
    pub async fn check_validate(
        &self,
        pool: &DbPool,
        partner: PartnerId,
    ) -> Result<Result<(), u64>, StoreError> {
        let lease = self
            .validate
            .entry(partner)
            .or_insert_with(|| {
                let bucket = Bucket {
                    partner,
                    kind: BucketKind::Validate,
                    capacity: self.validate_per_second,
                    window_secs: 1.0,
                };
                let cap = self.validate_per_second / VALIDATE_LEASE_SHARE;
                Arc::new(LocalLease::new(bucket, cap, Some(Duration::from_secs(1))))
            })
            .clone();
        Ok(match lease.spend(pool).await? {
            Spent::Granted { .. } => Ok(()),
            Spent::Refused { retry_after, .. } => Err(whole_seconds(retry_after).max(1)),
        })
    }

    /// Hands back every leased hourly token this process has not used, so a process that
    /// stops cleanly leaves the shared quota as if it had never leased.
    pub async fn give_back(&self, pool: &DbPool) {
        let leases: Vec<_> = self
            .hourly
            .iter()
            .map(|entry| entry.value().clone())
            .collect();
        for lease in leases {
            if let Err(error) = lease.give_back(pool).await {
                tracing::warn!(%error, "could not give back leased quota");
            }
        }
    }
}

/// Sets the legacy `X-RateLimit-*` headers and the IETF draft's `RateLimit-Policy` / `RateLimit`.
pub fn apply_headers(headers: &mut HeaderMap, quota: QuotaState) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let numbers = [
        ("x-ratelimit-limit", u64::from(quota.limit)),
        ("x-ratelimit-remaining", u64::from(quota.remaining)),
        ("x-ratelimit-reset", now + quota.reset_after_secs),
    ];
    for (name, value) in numbers {
        headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
    let policies = [
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
    for (name, value) in policies {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
}
