use crate::TestApp;
use partnerhub_domain::webhooks::RetrySchedule;
use partnerhub_webhooks::WorkerSettings;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// A webhook worker running in the test's process; killing it drops every request in flight.
pub struct TestWorker(JoinHandle<Result<(), String>>);

impl TestWorker {
    /// Kills the worker at once, as a crash would: nothing it held is recorded.
    pub fn kill(&self) {
        self.0.abort();
    }
}

impl Drop for TestWorker {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Test settings: private addresses allowed, a 2 s timeout, retries after 0.2 s and 0.4 s.
pub fn test_worker_settings() -> WorkerSettings {
    WorkerSettings {
        allow_private: true,
        timeout: Duration::from_secs(2),
        schedule: RetrySchedule::new(vec![Duration::from_millis(200), Duration::from_millis(400)]),
        max_in_flight: 32,
        lease_margin: Duration::from_millis(500),
        secret_keys: Default::default(),
        listen_url: None,
    }
}

impl TestApp {
    pub fn spawn_worker(&self, adjust: impl FnOnce(&mut WorkerSettings)) -> TestWorker {
        let mut settings = test_worker_settings();
        adjust(&mut settings);
        TestWorker(tokio::spawn(partnerhub_webhooks::run(
            self.database.url.clone(),
            settings,
            Arc::new(Notify::new()),
        )))
    }
}
