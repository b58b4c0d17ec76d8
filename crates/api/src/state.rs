use crate::caches::{FundingTypeCache, PartnerCache};
use crate::clicks::Clicks;
use crate::error::ApiError;
use crate::lead_ids::IdPool;
use crate::rate_limit::RateLimits;
use crate::read_slots::{ReadConnection, ReadSlots};
use partnerhub_domain::AcceptedFundingTypes;
use partnerhub_domain::PartnerId;
use partnerhub_domain::earning_rules::EarningPolicy;
use partnerhub_domain::webhooks::SecretKeys;
use partnerhub_persistence::partners::{self, Partner};
use partnerhub_persistence::sessions::SessionLimits;
use partnerhub_persistence::{DbPool, Doorbell, PooledConnection, funding_types, partner_users};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Password checks running at once (each holds 19 MiB for tens of milliseconds); more wait.
const CONCURRENT_PASSWORD_CHECKS: usize = 4;

/// What the API needs from configuration.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// Base URL partners reach this server at, e.g. `https://partners.example.com`.
    pub public_url: String,
    pub validate_per_second: u32,
    /// Visits of tracking links per minute from one client address.
    pub tracking_per_minute: u32,
    /// Opens the operator API as `Authorization: Bearer <token>`; unset, the operator API refuses all.
    pub admin_token: Option<String>,
    /// Where tracking links send visitors of partners without a landing URL of their own.
    pub landing_url: String,
    /// Lets webhook URLs use http and private addresses (local development and tests).
    pub webhook_allow_private: bool,
    /// Serve `/metrics` on this address instead of the API's.
    pub metrics_bind: Option<String>,
    /// Origins (`https://dashboard.example.com`) whose pages may call the partner API with
    /// the session cookie, besides the public URL's own.
    pub cors_origins: Vec<String>,
    /// How long a portal session lives after its last use and after it began.
    pub sessions: SessionLimits,
    /// The platform's commission rules: the default holding period.
    pub earning_policy: EarningPolicy,
    /// A direct connection for LISTEN when the database URL is a transaction-mode pooler
    /// (PgBouncer), which cannot hold a session; `None`: the database URL.
    pub listen_url: Option<String>,
    /// Seal webhook secrets at rest (`PARTNERHUB_SECRET_KEY`); empty, they are stored as is.
    pub secret_keys: SecretKeys,
}

impl ApiSettings {
    /// The public URL's origin (`scheme://host[:port]`), which the portal's own pages send.
    pub fn public_origin(&self) -> String {
        url::Url::parse(&self.public_url)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_else(|_| self.public_url.trim_end_matches('/').to_string())
    }

    /// Whether a request sent from `origin` may act with the session cookie.
    pub fn trusts_origin(&self, origin: &str) -> bool {
        origin == self.public_origin() || self.cors_origins.iter().any(|allowed| allowed == origin)
    }

    /// Cookies are `Secure` when partners reach the server over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }
}

/// One per actix worker. The pool is the worker's own: its connections are opened on the
/// worker's runtime, so their IO never hops threads. Caches and limits are the process's.
pub struct AppState {
    pub pool: DbPool,
    /// The worker's turns for reads ([`AppState::read_connection`]).
    pub reads: ReadSlots,
    pub settings: ApiSettings,
    pub partners: Arc<PartnerCache>,
    pub funding_types: Arc<FundingTypeCache>,
    pub limits: Arc<RateLimits>,
    /// Lead ids leased ahead, for clicks and submits.
    pub lead_ids: Arc<IdPool>,
    /// The tracking link's guard, visitors and batch writer.
    pub clicks: Arc<Clicks>,
    /// Rung after every commit that wrote events, so webhook workers send them at once.
    pub doorbell: Doorbell,
    /// Every worker's pool, for the pool gauges of `/metrics`.
    pub worker_pools: Arc<Mutex<Vec<DbPool>>>,
    /// Bounds the memory and threads argon2 takes, whatever arrives at the sign-in route.
    pub password_checks: Arc<Semaphore>,
}

impl AppState {
    pub fn new(pool: DbPool, settings: ApiSettings, doorbell: Doorbell) -> Self {
        let lead_ids = Arc::new(IdPool::default());
        Self {
            doorbell,
            limits: Arc::new(RateLimits::new(settings.validate_per_second)),
            clicks: Arc::new(Clicks::start(
                pool.clone(),
                lead_ids.clone(),
                settings.tracking_per_minute,
            )),
            lead_ids,
            pool,
            reads: ReadSlots::default(),
            settings,
            partners: Arc::default(),
            funding_types: Arc::default(),
            worker_pools: Arc::default(),
            password_checks: Arc::new(Semaphore::new(CONCURRENT_PASSWORD_CHECKS)),
        }
    }

    /// The same process-wide caches and limits, with another pool.
    pub fn with_pool(&self, pool: DbPool) -> Self {
        Self {
            pool,
            reads: ReadSlots::default(),
            settings: self.settings.clone(),
            partners: self.partners.clone(),
            funding_types: self.funding_types.clone(),
            limits: self.limits.clone(),
            lead_ids: self.lead_ids.clone(),
            clicks: self.clicks.clone(),
            doorbell: self.doorbell.clone(),
            worker_pools: self.worker_pools.clone(),
            password_checks: self.password_checks.clone(),
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
            .map_err(|error| ApiError::Unavailable(format!("database pool: {error}")))
    }

    /// A connection for a read that only computes (listings, counters, series): it waits
    /// for one of the worker's few turns first. Exports, which stream for long, and writes,
    /// which wait on the disk, take [`AppState::connection`].
    pub async fn read_connection(&self) -> Result<ReadConnection, ApiError> {
        let turn = self.reads.take().await.ok_or_else(|| {
            ApiError::Unavailable("database pool: no turn for a read came free".to_string())
        })?;
        Ok(ReadConnection::new(self.connection().await?, turn))
    }

    /// Runs password hashing or checking off the async threads, a few at a time.
    pub async fn password_work<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .password_checks
            .acquire()
            .await
            .map_err(|error| ApiError::Internal(error.to_string()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|error| ApiError::Internal(format!("password work: {error}")))
    }

    /// The emails of the partner's people (cached; a change anywhere evicts it).
    pub async fn people_of(&self, partner: PartnerId) -> Result<Arc<[String]>, ApiError> {
        if let Some(emails) = self.partners.people(partner) {
            return Ok(emails);
        }
        let generation = self.partners.generation();
        let mut conn = self.connection().await?;
        let emails: Arc<[String]> = partner_users::emails_of(&mut conn, partner).await?.into();
        self.partners
            .insert_people(partner, emails.clone(), generation);
        Ok(emails)
    }

    /// The partner behind a tracking link's code (cached like keys; a change evicts it).
    pub async fn referral_partner(&self, code: &str) -> Result<Option<Arc<Partner>>, ApiError> {
        if let Some(partner) = self.partners.by_referral_code(code) {
            return Ok(Some(partner));
        }
        let generation = self.partners.generation();
        let mut conn = self.connection().await?;
        let Some(partner) = partners::find_by_referral_code(&mut conn, code).await? else {
            return Ok(None);
        };
        let partner = Arc::new(partner);
        self.partners
            .insert_referral_code(partner.clone(), generation);
        Ok(Some(partner))
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
        self.public_url("/app/partners/settings")
    }

    /// A page or route of this server as partners reach it: `public_url("/app/partners")`.
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.public_url.trim_end_matches('/'))
    }

    pub fn tracking_url(&self, referral_code: &str) -> String {
        self.public_url(&format!("/r/{referral_code}"))
    }
}
