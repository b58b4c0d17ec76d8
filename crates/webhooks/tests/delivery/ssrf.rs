//! The SSRF guard: https and public addresses only, at save and at delivery time.

use crate::{deliveries_until, partner, submit};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use partnerhub_persistence::schema::webhook_endpoints;
use partnerhub_test_support::{Receiver, TestApp, send};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn private_loopback_and_plain_http_urls_are_refused_at_save() {
    let app = TestApp::spawn_with(|settings| settings.webhook_allow_private = false).await;
    let (_, key) = partner(&app, "guarded").await;
    for url in [
        "http://hooks.example.com/in",
        "https://127.0.0.1/in",
        "https://10.0.0.5/in",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/in",
        "https://[fd00::1]/in",
        "https://localhost/in",
        "https://localhost.:8443/in",
        "file:///etc/passwd",
        "https:///x",
        "https://127.0.0.1%2f@example.com/",
        "https://user:secret@hooks.example.com/in",
    ] {
        let (status, error) = send(app.post("/webhooks", &key, &json!({"url": url}))).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (400, Some("url")),
            "{url}: {error}"
        );
    }
    let (id, _) = crate::webhook(&app, &key, json!({"url": "https://hooks.example.com/in"})).await;
    let patch = json!({"url": "https://192.168.0.10/in"});
    let (status, _) = send(
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&patch),
    )
    .await;
    assert_eq!(status, 400);
    let (_, credentials) = send(app.post(
        "/webhooks",
        &key,
        &json!({"url": "https://127.0.0.1%2f@example.com/"}),
    ))
    .await;
    assert_eq!(
        credentials["error"],
        "Field 'url' must not hold a user name or password"
    );
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_at_delivery_time() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let _worker = app.spawn_worker(|settings| settings.allow_private = false);
    let (_, key) = partner(&app, "rebinding").await;
    let (id, _) = crate::webhook(&app, &key, json!({"url": "https://hooks.example.com/in"})).await;
    // As if DNS now pointed the saved name at this machine: `localhost` resolves to 127.0.0.1.
    let port = receiver
        .url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/webhook");
    let mut conn = app.conn().await;
    let urls = [
        format!("https://localhost:{port}/webhook"),
        format!("https://127.0.0.1:{port}/webhook"),
        format!("http://127.0.0.1:{port}/webhook"),
    ];
    for (n, url) in (1..).zip(urls) {
        diesel::update(webhook_endpoints::table.find(id))
            .set(webhook_endpoints::url.eq(&url))
            .execute(&mut conn)
            .await
            .unwrap();
        submit(&app, &key, n).await;
        let listed = deliveries_until(&app, &key, id, Duration::from_secs(15), |d| {
            d.len() == n as usize && d[0]["status"] == "failed"
        })
        .await;
        for attempt in listed[0]["attempts"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let error = attempt["error"].as_str().unwrap_or_default();
            assert!(error.starts_with("url must"), "{url}: {error}");
        }
    }
    assert!(
        receiver.received().is_empty(),
        "nothing reached the loopback receiver"
    );
}
