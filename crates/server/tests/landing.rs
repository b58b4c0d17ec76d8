//! With no landing URL anywhere, a tracking link lands on the server's own page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

mod common;

use partnerhub_test_support::process::Process;
use partnerhub_test_support::{BROWSER_AGENT, TestDatabase};
use serde_json::Value;

#[tokio::test]
async fn without_any_landing_url_a_link_lands_on_the_servers_welcome_page() {
    let database = TestDatabase::create().await;
    let created = common::partnerhub(
        &database,
        &[
            "partner",
            "create",
            "--name",
            "Acme",
            "--email",
            "a@acme.test",
        ],
    );
    assert!(created.status.success());
    let api = Process::api(env!("CARGO_BIN_EXE_partnerhub"), &database.url, &[]).await;
    let key: Value = serde_json::from_slice(&created.stdout).unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(BROWSER_AGENT)
        .build()
        .unwrap();
    let code =
        partnerhub_test_support::referral_code(&client, &api.url, key["api_key"].as_str().unwrap())
            .await;
    let redirect = client
        .get(format!("{}/r/{code}", api.url))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), 302);
    assert_eq!(
        redirect
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("https://partners.test/welcome"),
        "the public URL's own page"
    );
    let page = client
        .get(format!("{}/welcome", api.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Funding for your business")
    );
}
