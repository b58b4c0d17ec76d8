use partnerhub_domain::webhooks::{RetrySchedule, SecretKeys};
use std::time::Duration;

/// How the worker delivers.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// Lifts the https-only and public-address rules (local development and tests).
    pub allow_private: bool,
    /// Only a 2xx answered within this is a success.
    pub timeout: Duration,
    pub schedule: RetrySchedule,
    /// Requests in flight at once, at most.
    pub max_in_flight: usize,
    /// How long past the timeout a claim is held: a worker that dies holding deliveries
    /// delays them by the timeout and this, no more.
    pub lease_margin: Duration,
    /// A direct connection for LISTEN when the database URL is a transaction-mode pooler.
    pub listen_url: Option<String>,
    /// Open webhook secrets sealed at rest (`PARTNERHUB_SECRET_KEY` and earlier keys).
    pub secret_keys: SecretKeys,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            allow_private: false,
            timeout: Duration::from_secs(15),
            schedule: RetrySchedule::default(),
            max_in_flight: 256,
            lease_margin: Duration::from_secs(5),
            secret_keys: SecretKeys::default(),
            listen_url: None,
        }
    }
}

impl WorkerSettings {
    pub fn lease(&self) -> Duration {
        self.timeout + self.lease_margin
    }
}
