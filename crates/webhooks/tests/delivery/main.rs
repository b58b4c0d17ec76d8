//! Webhook delivery end to end: the real app and worker against a fresh database, delivering
//! to real HTTP receivers on loopback. Files follow what a partner would check.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

mod endpoints;
mod failures;
mod rotation_and_resend;
mod sealed_secrets;
mod signatures;
mod ssrf;
mod workers;

use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A partner made through the operator API; returns its id and API key.
pub async fn partner(app: &TestApp, name: &str) -> (i64, String) {
    let body = json!({"name": name, "email": format!("{name}@partners.test")});
    app.operator_partner(&body).await
}

/// Registers an endpoint; returns its id and the secret shown once.
pub async fn webhook(app: &TestApp, key: &str, body: Value) -> (i64, String) {
    let (status, created) = send(app.post("/webhooks", key, &body)).await;
    assert_eq!(status, 201, "{created}");
    (
        created["webhook"]["id"].as_i64().unwrap_or_default(),
        created["secret"].as_str().unwrap_or_default().to_string(),
    )
}

pub async fn submit(app: &TestApp, key: &str, n: u32) -> String {
    let (status, created) = send(app.post("/leads/submit", key, &unique_lead(n))).await;
    assert_eq!(status, 200, "{created}");
    created["reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The endpoint's deliveries as the partner lists them, newest first.
pub async fn deliveries(app: &TestApp, key: &str, webhook: i64) -> Vec<Value> {
    let (status, listed) =
        send(app.get(&format!("/webhooks/{webhook}/deliveries?per_page=100"), key)).await;
    assert_eq!(status, 200, "{listed}");
    listed["deliveries"].as_array().cloned().unwrap_or_default()
}

/// Polls the deliveries list until `done` holds for it, or fails the test after `within`.
pub async fn deliveries_until(
    app: &TestApp,
    key: &str,
    webhook: i64,
    within: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + within;
    loop {
        let listed = deliveries(app, key, webhook).await;
        if done(&listed) {
            return listed;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries never reached the expected state: {listed:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub fn all_have_status(status: &'static str, count: usize) -> impl Fn(&[Value]) -> bool {
    move |listed| listed.len() == count && listed.iter().all(|d| d["status"] == status)
}
