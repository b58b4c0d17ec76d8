//! Every setting, read from the environment (and `.env` when present).

use partnerhub_api::ApiSettings;
use partnerhub_domain::webhooks::RetrySchedule;
use partnerhub_webhooks::WorkerSettings;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    pub api: ApiSettings,
    pub webhooks: WorkerSettings,
    pub log_format: LogFormat,
    pub pool_size: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/partnerhub)")]
    MissingDatabaseUrl,
    #[error("{name} has an invalid value {value:?}: {expected}")]
    Invalid {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(
    name: &'static str,
    default: T,
    expected: &'static str,
) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|_| ConfigError::Invalid {
            name,
            value,
            expected,
        }),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url = var("DATABASE_URL").ok_or(ConfigError::MissingDatabaseUrl)?;
        let bind = var("PARTNERHUB_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let public_url = var("PARTNERHUB_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        let log_format = match var("PARTNERHUB_LOG_FORMAT").as_deref() {
            None | Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "PARTNERHUB_LOG_FORMAT",
                    value: other.to_string(),
                    expected: "json or pretty",
                });
            }
        };
        let allow_private = match var("PARTNERHUB_WEBHOOK_ALLOW_PRIVATE").as_deref() {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "PARTNERHUB_WEBHOOK_ALLOW_PRIVATE",
                    value: other.to_string(),
                    expected: "true or false",
                });
            }
        };
        let schedule = match var("PARTNERHUB_WEBHOOK_RETRY_SCHEDULE") {
            None => RetrySchedule::default(),
            Some(text) => RetrySchedule::parse(&text).ok_or(ConfigError::Invalid {
                name: "PARTNERHUB_WEBHOOK_RETRY_SCHEDULE",
                value: text,
                expected: "comma-separated seconds, e.g. 5,300,1800",
            })?,
        };
        let timeout_secs: u64 = parsed(
            "PARTNERHUB_WEBHOOK_TIMEOUT_SECS",
            15,
            "a positive whole number of seconds",
        )?;
        let webhooks = WorkerSettings {
            allow_private,
            timeout: Duration::from_secs(timeout_secs.max(1)),
            schedule,
            max_in_flight: parsed(
                "PARTNERHUB_WEBHOOK_MAX_IN_FLIGHT",
                256,
                "a positive whole number",
            )?,
            ..WorkerSettings::default()
        };
        Ok(Self {
            database_url,
            bind,
            api: ApiSettings {
                public_url: public_url.clone(),
                admin_token: var("PARTNERHUB_ADMIN_TOKEN"),
                landing_url: var("PARTNERHUB_LANDING_URL").unwrap_or_else(|| public_url.clone()),
                validate_per_second: parsed(
                    "PARTNERHUB_VALIDATE_PER_SECOND",
                    100,
                    "a positive whole number",
                )?,
                webhook_allow_private: allow_private,
                metrics_bind: var("PARTNERHUB_METRICS_BIND"),
            },
            webhooks,
            log_format,
            pool_size: parsed("PARTNERHUB_DB_POOL_SIZE", 32, "a positive whole number")?,
        })
    }
}
