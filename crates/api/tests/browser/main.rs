//! The portal in a real headless Chromium: the pages a person uses, what they show against
//! what the API answers, and that no page writes an error to the console.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

mod apply;
mod integration;
mod leads;
mod pages;
mod settings;
mod sign_in;

use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::{Browser, PASSWORD, TestApp, send};
use serde_json::{Value, json};

/// The app with its own address as the public URL, as a browser opens it.
pub async fn portal() -> TestApp {
    TestApp::spawn_on_own_address(|settings, address| {
        settings.public_url = address.to_string();
        settings.landing_url = format!("{address}/healthz");
    })
    .await
}

/// A partner with a person who has chosen a password: (id, key, email).
pub async fn partner_with_person(app: &TestApp, name: &str) -> (i64, String, String) {
    let domain = name.to_lowercase().replace(' ', "-");
    let (id, key) = app
        .operator_partner(&json!({"name": name, "email": format!("ops@{domain}.test")}))
        .await;
    let email = format!("ann@{domain}.test");
    let invitation = app.invite(id, &email).await;
    let token = TestApp::invitation_token(&invitation);
    assert_eq!(app.accept_invitation(&token, PASSWORD).await.0, 201);
    (id, key, email)
}

/// Signs in on the sign-in page and waits for the dashboard.
pub async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/app/partners/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#sign-in-button").await;
    browser.wait_for_path("/app/partners").await;
}

pub async fn submit(app: &TestApp, key: &str, n: u32) -> String {
    let (status, created) = send(app.post("/leads/submit", key, &unique_lead(n))).await;
    assert_eq!(status, 200, "{created}");
    created["reference_id"].as_str().unwrap().to_string()
}

pub async fn move_to(app: &TestApp, reference: &str, body: Value) {
    let (status, moved) = send(app.admin_post(&format!("/leads/{reference}/status"), &body)).await;
    assert_eq!(status, 200, "{moved}");
}

/// Money as the pages show it: `$1,234.50`.
pub fn dollars(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("${grouped}.{:02}", cents % 100)
}
