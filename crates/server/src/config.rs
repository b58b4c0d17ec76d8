//! Every setting: a flag, or its environment variable (also read from `.env`). `partnerhub
//! --help` lists each with its default.

use clap::{ArgAction, Args, ValueEnum};
use partnerhub_api::ApiSettings;
use partnerhub_domain::earning_rules::EarningPolicy;
use partnerhub_domain::webhooks::{RetrySchedule, SealError, SecretKeys};
use partnerhub_persistence::sessions::SessionLimits;
use partnerhub_webhooks::WorkerSettings;
use std::time::Duration;

#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Settings (flag or environment variable)")]
pub struct Settings {
    /// PostgreSQL connection URL, e.g. postgres://postgres@127.0.0.1:5432/partnerhub (required)
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,

    /// Address the API listens on
    #[arg(
        long,
        env = "PARTNERHUB_BIND",
        global = true,
        default_value = "127.0.0.1:8080"
    )]
    bind: String,

    /// Base URL partners reach this server at (settings_url, tracking links) [default: http://<bind>]
    #[arg(long, env = "PARTNERHUB_PUBLIC_URL", global = true)]
    public_url: Option<String>,

    /// Bearer token of the operator API; unset, the operator API refuses every request
    #[arg(
        long,
        env = "PARTNERHUB_ADMIN_TOKEN",
        global = true,
        hide_env_values = true
    )]
    admin_token: Option<String>,

    /// Where tracking links send visitors of partners without a landing_url [default: the server's own page, <public URL>/welcome]
    #[arg(long, env = "PARTNERHUB_LANDING_URL", global = true)]
    landing_url: Option<String>,

    /// Requests per second each key may send to /leads/validate
    #[arg(long, env = "PARTNERHUB_VALIDATE_PER_SECOND", global = true, default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    validate_per_second: u32,

    /// A direct PostgreSQL URL for LISTEN, when DATABASE_URL is a transaction-mode pooler
    /// such as PgBouncer [default: DATABASE_URL]
    #[arg(long, env = "PARTNERHUB_LISTEN_URL", global = true)]
    listen_url: Option<String>,

    /// Seal webhook secrets at rest under this key: 64 hex characters (openssl rand -hex 32);
    /// unset, secrets are stored as they are. docs/API.md (Webhooks) says how to rotate it.
    #[arg(
        long,
        env = "PARTNERHUB_SECRET_KEY",
        global = true,
        hide_env_values = true
    )]
    secret_key: Option<String>,

    /// Earlier secret keys, comma-separated: they still open what they sealed until
    /// `partnerhub secrets reseal` has moved every secret to the current key
    #[arg(
        long,
        env = "PARTNERHUB_SECRET_KEYS_PREVIOUS",
        global = true,
        hide_env_values = true,
        value_delimiter = ','
    )]
    secret_keys_previous: Vec<String>,

    /// Visits of tracking links per minute from one client address; more get 429
    #[arg(long, env = "PARTNERHUB_TRACKING_PER_MINUTE", global = true, default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..))]
    tracking_per_minute: u32,

    /// Database connections per process
    #[arg(long, env = "PARTNERHUB_DB_POOL_SIZE", global = true, default_value_t = 16,
          value_parser = positive)]
    db_pool_size: usize,

    /// Log format (logs go to stderr; the filter is RUST_LOG, default info)
    #[arg(long, env = "PARTNERHUB_LOG_FORMAT", global = true, value_enum, default_value_t = LogFormat::Json)]
    log_format: LogFormat,

    /// Serve /metrics on this address instead of the API's [default: the API address]
    #[arg(long, env = "PARTNERHUB_METRICS_BIND", global = true)]
    metrics_bind: Option<String>,

    /// Let webhook URLs use http and private or loopback addresses (development, tests)
    #[arg(long, env = "PARTNERHUB_WEBHOOK_ALLOW_PRIVATE", global = true, default_value_t = false,
          action = ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    webhook_allow_private: bool,

    /// Seconds a receiver has to answer 2xx
    #[arg(long, env = "PARTNERHUB_WEBHOOK_TIMEOUT_SECS", global = true, default_value_t = 15,
          value_parser = clap::value_parser!(u64).range(1..))]
    webhook_timeout_secs: u64,

    /// Seconds before each retry (±20% jitter), comma-separated; after the last, a delivery has failed
    #[arg(long, env = "PARTNERHUB_WEBHOOK_RETRY_SCHEDULE", global = true,
          default_value = "5,300,1800,7200,18000,36000,36000", value_parser = retry_schedule)]
    webhook_retry_schedule: RetrySchedule,

    /// Origins of dashboard frontends allowed to call the partner API with the session
    /// cookie, comma-separated (e.g. https://dashboard.example.com); `*` is refused
    #[arg(long, env = "PARTNERHUB_CORS_ORIGINS", global = true, value_parser = origin, value_delimiter = ',')]
    cors_origins: Vec<String>,

    /// Seconds a portal session lives after its last use
    #[arg(long, env = "PARTNERHUB_SESSION_IDLE_SECS", global = true, default_value_t = 12 * 3600,
          value_parser = clap::value_parser!(u32).range(1..))]
    session_idle_secs: u32,

    /// Seconds a portal session lives at most, however much it is used
    #[arg(long, env = "PARTNERHUB_SESSION_LIFETIME_SECS", global = true, default_value_t = 7 * 24 * 3600,
          value_parser = clap::value_parser!(u32).range(1..))]
    session_lifetime_secs: u32,

    /// Days a commission is held before a payout may take it, for partners without their own
    #[arg(long, env = "PARTNERHUB_COMMISSION_HOLD_DAYS", global = true, default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=3650))]
    commission_hold_days: u32,

    /// Webhook requests one worker sends at once
    #[arg(long, env = "PARTNERHUB_WEBHOOK_MAX_IN_FLIGHT", global = true, default_value_t = 256,
          value_parser = positive)]
    webhook_max_in_flight: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Json,
    Pretty,
}

fn positive(text: &str) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|number| *number >= 1)
        .ok_or_else(|| "expected a whole number of at least 1".to_string())
}

/// `scheme://host[:port]`, as browsers send it in `Origin`; never a wildcard.
fn origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    let parsed = url::Url::parse(text)
        .map_err(|_| format!("{text:?} is not an origin such as https://dashboard.example.com"))?;
    let origin = parsed.origin().ascii_serialization();
    if matches!(parsed.scheme(), "http" | "https") && origin == text.trim_end_matches('/') {
        Ok(origin)
    } else {
        Err(format!(
            "{text:?} is not an origin such as https://dashboard.example.com (scheme, host and port only; no *)"
        ))
    }
}

fn retry_schedule(text: &str) -> Result<RetrySchedule, String> {
    RetrySchedule::parse(text)
        .ok_or_else(|| "expected comma-separated seconds, e.g. 5,300,1800".to_string())
}

/// The settings, resolved for the commands.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    pub api: ApiSettings,
    pub webhooks: WorkerSettings,
    pub pool_size: usize,
    pub metrics_bind: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/partnerhub)")]
    MissingDatabaseUrl,
    #[error("PARTNERHUB_SECRET_KEY or PARTNERHUB_SECRET_KEYS_PREVIOUS: {0}")]
    SecretKey(SealError),
}

fn present(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

impl Settings {
    pub fn log_format(&self) -> LogFormat {
        self.log_format
    }

    pub fn resolve(self) -> Result<Config, ConfigError> {
        let database_url = present(self.database_url).ok_or(ConfigError::MissingDatabaseUrl)?;
        let public_url =
            present(self.public_url).unwrap_or_else(|| format!("http://{}", self.bind));
        let metrics_bind = present(self.metrics_bind);
        let previous: Vec<String> = self
            .secret_keys_previous
            .into_iter()
            .filter_map(|key| present(Some(key)))
            .collect();
        let listen_url = present(self.listen_url);
        let secret_keys = SecretKeys::new(present(self.secret_key).as_deref(), &previous)
            .map_err(ConfigError::SecretKey)?;
        Ok(Config {
            database_url,
            api: ApiSettings {
                landing_url: present(self.landing_url)
                    .unwrap_or_else(|| format!("{}/welcome", public_url.trim_end_matches('/'))),
                public_url,
                admin_token: present(self.admin_token),
                validate_per_second: self.validate_per_second,
                tracking_per_minute: self.tracking_per_minute,
                webhook_allow_private: self.webhook_allow_private,
                metrics_bind: metrics_bind.clone(),
                cors_origins: self.cors_origins,
                earning_policy: EarningPolicy {
                    default_hold_days: self.commission_hold_days,
                },
                sessions: SessionLimits {
                    idle: chrono::Duration::seconds(i64::from(self.session_idle_secs)),
                    lifetime: chrono::Duration::seconds(i64::from(self.session_lifetime_secs)),
                },
                secret_keys: secret_keys.clone(),
                listen_url: listen_url.clone(),
            },
            webhooks: WorkerSettings {
                allow_private: self.webhook_allow_private,
                timeout: Duration::from_secs(self.webhook_timeout_secs),
                schedule: self.webhook_retry_schedule,
                max_in_flight: self.webhook_max_in_flight,
                secret_keys,
                listen_url,
                ..WorkerSettings::default()
            },
            bind: self.bind,
            pool_size: self.db_pool_size,
            metrics_bind,
        })
    }
}
