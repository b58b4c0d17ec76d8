//! Visitors this process redirected within the hour, so a repeat visit is answered with the
//! click it already has and never queued again. Bounded: when full, the check falls to the
//! database (the batch writer's), which is exact.

use dashmap::DashMap;
use partnerhub_domain::ReferenceId;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(3600);
const MOST: usize = 200_000;

#[derive(Default)]
pub struct RecentVisitors {
    seen: DashMap<[u8; 32], (ReferenceId, Instant)>,
}

impl RecentVisitors {
    /// The click this visitor made within the hour, if this process made it.
    pub fn click_of(&self, visitor: &[u8; 32]) -> Option<ReferenceId> {
        let entry = self.seen.get(visitor)?;
        (entry.1.elapsed() < WINDOW).then_some(entry.0)
    }

    /// Full, a visitor is not remembered until the writer's minutely sweep makes room: a
    /// sweep here would walk the whole map on every redirect while it stays full.
    pub fn remember(&self, visitor: [u8; 32], click: ReferenceId) {
        if self.seen.len() < MOST {
            self.seen.insert(visitor, (click, Instant::now()));
        }
    }

    pub fn forget_old(&self) {
        self.seen.retain(|_, (_, at)| at.elapsed() < WINDOW);
    }
}
