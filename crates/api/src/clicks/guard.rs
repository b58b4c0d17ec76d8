//! The per-address guard on `/r/`: in memory, so a flood is refused without a query.

use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

pub struct AddressGuard {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>,
}

impl AddressGuard {
    pub fn new(per_minute: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Self {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// `Err` holds the seconds to wait.
    pub fn check(&self, address: IpAddr) -> Result<(), u64> {
        self.limiter.check_key(&address).map_err(|not_until| {
            use governor::clock::Clock;
            not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs_f64()
                .ceil()
                .max(1.0) as u64
        })
    }

    /// Drops the state of addresses whose buckets are full again.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}
