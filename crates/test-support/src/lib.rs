//! What the integration tests share: a fresh database per test, the real app on a random
//! port, and fixtures. Tests only; nothing here ships in the binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

mod app;
mod browser;
pub mod cluster;
pub mod contract;
mod database;
pub mod fixtures;
mod portal;
pub mod process;
pub mod receiver;
mod worker;

pub use app::{
    ADMIN_TOKEN, BROWSER_AGENT, TestApp, TestPartner, Visit, json_of, outbox_webhook_ids, ph_ref,
    send,
};
pub use browser::Browser;
pub use database::TestDatabase;
pub use portal::{PASSWORD, Session, session_cookie};
pub use receiver::{Receiver, Reply, unreachable_url};
pub use worker::{TestWorker, test_worker_settings};

/// Polls `check` until it returns true or five seconds pass; for changes that reach the app
/// asynchronously (cache eviction by NOTIFY). Returns whether it became true.
pub async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if check().await {
            return true;
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The partner's referral code (`GET /account` with its key), for a server at `origin`
/// (`http://127.0.0.1:port`).
pub async fn referral_code(client: &reqwest::Client, origin: &str, api_key: &str) -> String {
    let account: serde_json::Value = client
        .get(format!("{origin}/app/partners/api/v1/account"))
        .header("X-API-Key", api_key)
        .send()
        .await
        .expect("GET /account")
        .json()
        .await
        .expect("an account body");
    account["account"]["referral_code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
