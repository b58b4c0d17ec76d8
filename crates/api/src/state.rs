use crate::caches::{FundingTypeCache, PartnerCache};
use crate::error::ApiError;
use crate::rate_limit::RateLimits;
use partnerhub_domain::AcceptedFundingTypes;
use partnerhub_persistence::{DbPool, Doorbell, PooledConnection, funding_types};
use std::sync::{Arc, Mutex};

/// What the API needs from configuration.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// Base URL partners reach this server at, e.g. `https://partners.example.com`.
    pub public_url: String,
    pub validate_per_second: u32,
    /// Opens the operator API as `Authorization: Bearer <token>`; unset, the operator API refuses all.
    pub admin_token: Option<String>,
    /// Where tracking links send visitors of partners without a landing URL of their own.
    pub landing_url: String,
    /// Lets webhook URLs use http and private addresses (local development and tests).
    pub webhook_allow_private: bool,
    /// Serve `/metrics` on this address instead of the API's.
    pub metrics_bind: Option<String>,
}

/// One per actix worker. The pool is the worker's own: its connections are opened on the
/// worker's runtime, so their IO never hops threads. Caches and limits are the process's.
pub struct AppState {
    pub pool: DbPool,
    pub settings: ApiSettings,
    pub partners: Arc<PartnerCache>,
    pub funding_types: Arc<FundingTypeCache>,
    pub limits: Arc<RateLimits>,
    /// Rung after every commit that wrote events, so webhook workers send them at once.
    pub doorbell: Doorbell,
    /// Every worker's pool, for the pool gauges of `/metrics`.
    pub worker_pools: Arc<Mutex<Vec<DbPool>>>,
}

impl AppState {
    pub fn new(pool: DbPool, settings: ApiSettings, doorbell: Doorbell) -> Self {
        Self {
            doorbell,
            limits: Arc::new(RateLimits::new(settings.validate_per_second)),
            pool,
            settings,
            partners: Arc::default(),
            funding_types: Arc::default(),
            worker_pools: Arc::default(),
        }
    }

    /// The same process-wide caches and limits, with another pool.
    pub fn with_pool(&self, pool: DbPool) -> Self {
        Self {
            pool,
            settings: self.settings.clone(),
            partners: self.partners.clone(),
            funding_types: self.funding_types.clone(),
            limits: self.limits.clone(),
            doorbell: self.doorbell.clone(),
            worker_pools: self.worker_pools.clone(),
        }
    }

    /// Registers a worker's own pool so that `/metrics` reports it.
    pub fn register_pool(&self, pool: &DbPool) {
        if let Ok(mut pools) = self.worker_pools.lock() {
            pools.push(pool.clone());
        }
    }

    /// Sets the pool gauges: connections in use, idle, and requests waiting for one.
    pub fn report_pools(&self) {
        let Ok(pools) = self.worker_pools.lock() else {
            return;
        };
        let (mut in_use, mut idle, mut waiting) = (0, 0, 0);
        for status in pools.iter().map(DbPool::status) {
            in_use += status.size.saturating_sub(status.available);
            idle += status.available;
            waiting += status.waiting;
        }
        metrics::gauge!("partnerhub_db_pool_connections", "state" => "in_use").set(in_use as f64);
        metrics::gauge!("partnerhub_db_pool_connections", "state" => "idle").set(idle as f64);
        metrics::gauge!("partnerhub_db_pool_waiting").set(waiting as f64);
    }

    pub async fn connection(&self) -> Result<PooledConnection, ApiError> {
        self.pool
            .get()
            .await
            .map_err(|error| ApiError::Internal(format!("database pool: {error}")))
    }

    pub async fn accepted_funding_types(&self) -> Result<Arc<AcceptedFundingTypes>, ApiError> {
        if let Some(types) = self.funding_types.get() {
            return Ok(types);
        }
        let generation = self.funding_types.generation();
        let mut conn = self.connection().await?;
        let names = funding_types::active_names(&mut conn).await?;
        let types = Arc::new(AcceptedFundingTypes::new(names));
        self.funding_types.insert(types.clone(), generation);
        Ok(types)
    }

    pub fn settings_url(&self) -> String {
        format!(
            "{}/app/partners/settings",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    pub fn tracking_url(&self, referral_code: &str) -> String {
        format!(
            "{}/r/{referral_code}",
            self.settings.public_url.trim_end_matches('/')
        )
    }
}
