use super::{partner_with_person, portal, sign_in};
use partnerhub_domain::webhooks::{WebhookSecret, sign};
use partnerhub_test_support::{Browser, Receiver, send};
use std::time::Duration;

#[tokio::test]
async fn a_webhook_added_in_the_portal_gets_its_test_event_signed() {
    let app = portal().await;
    let _worker = app.spawn_worker(|_| {});
    let receiver = Receiver::start().await;
    let (_, key, email) = partner_with_person(&app, "Acme").await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &email).await;
    browser.goto(&app.url("/app/partners/integration")).await;
    browser.find("#no-webhooks").await;

    browser.fill("#webhook-url", &receiver.url).await;
    browser.fill("#webhook-description", "CRM sync").await;
    browser.click("#save-webhook").await;
    browser
        .text_when("#webhook-rows tr td:first-child", |text| {
            text.contains("CRM sync")
        })
        .await;
    let secret = browser.value("#new-secret-value").await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    let (_, listed) = send(app.get("/webhooks", &key)).await;
    assert_eq!(listed["webhooks"][0]["url"], receiver.url.as_str());

    browser
        .click("#webhook-rows button[data-action='test']")
        .await;
    let received = receiver.wait_for(1, Duration::from_secs(15)).await;
    let delivery = &received[0];
    let body = delivery.json();
    assert_eq!(body["event"], "lead.status_changed");
    assert_eq!(body["data"]["test"], true);
    let signed = sign(
        &WebhookSecret::from_stored(secret),
        None,
        delivery.header("webhook-id"),
        delivery.header("webhook-timestamp").parse().unwrap(),
        &delivery.body,
    );
    assert_eq!(
        delivery.header("x-webhook-signature"),
        signed.body_signature
    );
    // The page follows the delivery to its end, with its attempt.
    browser
        .find("#delivery-rows tr[data-status='succeeded']")
        .await;
    browser
        .text_when("#delivery-rows .attempts li", |text| {
            text.contains("HTTP 200")
        })
        .await;

    // Edit, disable, enable, rotate the secret, delete.
    browser
        .click("#webhook-rows button[data-action='edit']")
        .await;
    browser.fill("#webhook-description", "CRM sync v2").await;
    browser.click("#save-webhook").await;
    browser
        .text_when("#webhook-rows tr td:first-child", |text| {
            text.contains("CRM sync v2")
        })
        .await;
    browser
        .click("#webhook-rows button[data-action='toggle']")
        .await;
    browser
        .shows("#webhook-rows tr td:nth-child(3)", "Disabled")
        .await;
    browser
        .click("#webhook-rows button[data-action='toggle']")
        .await;
    browser
        .shows("#webhook-rows tr td:nth-child(3)", "Enabled")
        .await;
    let before = browser.value("#new-secret-value").await;
    browser
        .click("#webhook-rows button[data-action='rotate']")
        .await;
    browser
        .text_when("#notice", |text| text.starts_with("New secret made"))
        .await;
    let rotated = browser.value("#new-secret-value").await;
    assert!(rotated.starts_with("whsec_") && rotated != before);
    browser
        .click("#webhook-rows button[data-action='delete']")
        .await;
    browser
        .shows(
            "#webhook-rows button[data-action='delete']",
            "Confirm delete",
        )
        .await;
    browser
        .click("#webhook-rows button[data-action='delete']")
        .await;
    browser.find("#no-webhooks:not([hidden])").await;
    let (_, listed) = send(app.get("/webhooks", &key)).await;
    assert_eq!(listed["webhooks"].as_array().map(Vec::len), Some(0));
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn rotating_the_key_in_the_portal_shows_the_new_one_once_and_refuses_the_old() {
    let app = portal().await;
    let (_, old_key, email) = partner_with_person(&app, "Acme").await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &email).await;
    browser.goto(&app.url("/app/partners/integration")).await;
    browser.click("#rotate-key").await;
    browser.click("#rotate-key-confirm").await;
    let new_key = browser
        .text_when("#notice", |text| text.starts_with("A new API key"))
        .await;
    assert!(!new_key.is_empty());
    let new_key = browser.value("#new-key-value").await;
    assert!(
        new_key.starts_with("phk_") && new_key != old_key,
        "{new_key}"
    );
    browser.click("#new-key button[data-copy]").await;
    browser.shows("#new-key button[data-copy]", "Copied").await;
    assert_eq!(
        send(app.get("/account", &old_key)).await.1["error"],
        "Invalid or inactive API key"
    );
    assert_eq!(send(app.get("/account", &new_key)).await.0, 200);
    // Shown once: the page, opened again, no longer has it.
    browser.goto(&app.url("/app/partners/integration")).await;
    browser.find("#new-key[hidden]").await;
    assert_eq!(browser.value("#new-key-value").await, "");
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_test_key_issued_in_the_portal_submits_test_leads_beside_the_live_key() {
    let app = portal().await;
    let (_, live_key, email) = partner_with_person(&app, "Acme").await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &email).await;
    browser.goto(&app.url("/app/partners/integration")).await;
    browser.click("#issue-test-key").await;
    browser
        .text_when("#notice", |text| text.starts_with("A new test key"))
        .await;
    let test_key = browser.value("#new-test-key-value").await;
    assert!(test_key.starts_with("phk_test_"), "{test_key}");
    let (status, created) = send(app.post(
        "/leads/submit",
        &test_key,
        &partnerhub_test_support::fixtures::unique_lead(1),
    ))
    .await;
    assert_eq!(status, 200, "{created}");
    let (_, live_leads) = send(app.get("/leads", &live_key)).await;
    assert_eq!(
        live_leads["pagination"]["total"], 0,
        "a test lead is not live"
    );
    let (_, test_leads) = send(app.get("/leads", &test_key)).await;
    assert_eq!(test_leads["pagination"]["total"], 1);
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
