//! In-process caches of partners (by API key hash) and active funding types. PostgreSQL
//! triggers NOTIFY every change, and the listener evicts, so a change made anywhere (CLI,
//! another API process) applies from the next request on.

use dashmap::DashMap;
use partnerhub_domain::{AcceptedFundingTypes, ApiKeyHash, KeyMode, PartnerId};
use partnerhub_persistence::listener::Heard;
use partnerhub_persistence::partners::Partner;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Entries also expire on their own, a backstop for a listener that is reconnecting.
const TIME_TO_LIVE: Duration = Duration::from_secs(30);

/// A key's owner and the key's mode.
#[derive(Debug, Clone)]
pub struct KeyHolder {
    pub partner: Arc<Partner>,
    pub mode: KeyMode,
}

/// Partners by the hash of their keys, and the emails of each partner's people (for the
/// self-referral rule); both evicted together on a partner's notification.
#[derive(Default)]
pub struct PartnerCache {
    by_key: DashMap<[u8; 32], (KeyHolder, Instant)>,
    people: DashMap<PartnerId, (Arc<[String]>, Instant)>,
    by_referral_code: DashMap<String, (Arc<Partner>, Instant)>,
    generation: AtomicU64,
}

impl PartnerCache {
    pub fn get(&self, hash: &ApiKeyHash) -> Option<KeyHolder> {
        let entry = self.by_key.get(&hash.0)?;
        (entry.1.elapsed() < TIME_TO_LIVE).then(|| entry.0.clone())
    }

    pub fn people(&self, partner: PartnerId) -> Option<Arc<[String]>> {
        let entry = self.people.get(&partner)?;
        (entry.1.elapsed() < TIME_TO_LIVE).then(|| entry.0.clone())
    }

    pub fn by_referral_code(&self, code: &str) -> Option<Arc<Partner>> {
        let entry = self.by_referral_code.get(code)?;
        (entry.1.elapsed() < TIME_TO_LIVE).then(|| entry.0.clone())
    }

    /// Only partners found are kept, so unknown codes cannot grow the cache.
    pub fn insert_referral_code(&self, partner: Arc<Partner>, generation: u64) {
        if self.generation() == generation {
            let code = partner.referral_code.clone();
            self.by_referral_code
                .insert(code, (partner, Instant::now()));
        }
    }

    pub fn insert_people(&self, partner: PartnerId, emails: Arc<[String]>, generation: u64) {
        if self.generation() == generation {
            self.people.insert(partner, (emails, Instant::now()));
        }
    }

    /// Read before a database lookup; `insert` drops the result if anything was evicted since.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn insert(&self, hash: &ApiKeyHash, holder: KeyHolder, generation: u64) {
        if self.generation() == generation {
            self.by_key.insert(hash.0, (holder, Instant::now()));
        }
    }

    pub fn evict_partner(&self, partner: PartnerId) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.by_key
            .retain(|_, (cached, _)| cached.partner.id != partner);
        self.people.remove(&partner);
        self.by_referral_code
            .retain(|_, (cached, _)| cached.id != partner);
    }

    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.by_key.clear();
        self.people.clear();
        self.by_referral_code.clear();
    }
}

#[derive(Default)]
pub struct FundingTypeCache {
    current: RwLock<Option<(Arc<AcceptedFundingTypes>, Instant)>>,
    generation: AtomicU64,
}

impl FundingTypeCache {
    pub fn get(&self) -> Option<Arc<AcceptedFundingTypes>> {
        let current = self.current.read().ok()?;
        let (types, loaded) = current.as_ref()?;
        (loaded.elapsed() < TIME_TO_LIVE).then(|| types.clone())
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn insert(&self, types: Arc<AcceptedFundingTypes>, generation: u64) {
        if let Ok(mut current) = self.current.write()
            && self.generation() == generation
        {
            *current = Some((types, Instant::now()));
        }
    }

    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut current) = self.current.write() {
            *current = None;
        }
    }
}

pub const CACHE_CHANNEL: &str = "partnerhub_cache";

/// Applies one notification from [`CACHE_CHANNEL`].
pub fn on_notification(
    partners: &PartnerCache,
    funding_types: &FundingTypeCache,
    heard: Heard<'_>,
) {
    match heard {
        Heard::Payload("funding_types") => funding_types.invalidate(),
        Heard::Payload(payload) => match payload
            .strip_prefix("partner:")
            .and_then(|id| id.parse::<i64>().ok())
        {
            Some(id) => partners.evict_partner(PartnerId::new(id)),
            None => partners.clear(),
        },
        Heard::Resubscribed => {
            partners.clear();
            funding_types.invalidate();
        }
    }
}
