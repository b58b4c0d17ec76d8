//! What happens when a receiver fails: retries on schedule, timeouts, Retry-After, 410,
//! redirects, a receiver down for the whole schedule, and endpoints failing for five days.

use crate::{all_have_status, deliveries, deliveries_until, partner, submit, webhook};
use chrono::{Duration as Days, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use partnerhub_domain::webhooks::RetrySchedule;
use partnerhub_persistence::schema::webhook_endpoints;
use partnerhub_test_support::{Receiver, Reply, TestApp, send, unreachable_url};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

fn attempt_statuses(delivery: &Value) -> Vec<(String, Value)> {
    delivery["attempts"]
        .as_array()
        .map(|attempts| {
            attempts
                .iter()
                .map(|a| {
                    (
                        a["status"].as_str().unwrap_or_default().to_string(),
                        a["response_status"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn server_errors_are_retried_on_the_schedule_until_accepted() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(500).body("database down"), Reply::status(503)]);
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "retry").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    submit(&app, &key, 1).await;

    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    assert_eq!(
        attempt_statuses(&listed[0]),
        [
            ("failed".to_string(), json!(500)),
            ("failed".to_string(), json!(503)),
            ("succeeded".to_string(), json!(200))
        ]
    );
    assert_eq!(listed[0]["attempts"][0]["response_body"], "database down");
    assert_eq!(listed[0]["attempt_count"], 3);
    assert!(listed[0]["completed_at"].is_string());
    let arrived = receiver.received();
    assert_eq!(arrived.len(), 3);
    let ids: Vec<&str> = arrived.iter().map(|r| r.header("webhook-id")).collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "a retry keeps the webhook-id"
    );
    // The schedule says 0.2 s then 0.4 s, each within 20%.
    assert!(arrived[1].at - arrived[0].at >= Duration::from_millis(160));
    assert!(arrived[2].at - arrived[1].at >= Duration::from_millis(320));
}

#[tokio::test]
async fn a_timeout_is_a_failure_and_the_retry_succeeds() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::slow(Duration::from_secs(3))]);
    let _worker = app.spawn_worker(|settings| settings.timeout = Duration::from_secs(1));
    let (_, key) = partner(&app, "slowpoke").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    submit(&app, &key, 1).await;

    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    let attempts = &listed[0]["attempts"];
    assert_eq!(attempts[0]["status"], "failed");
    assert_eq!(attempts[0]["response_status"], Value::Null);
    assert!(
        attempts[0]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("timed out")),
        "{attempts}"
    );
    assert!(
        attempts[0]["latency_ms"]
            .as_i64()
            .is_some_and(|ms| ms >= 900)
    );
    assert_eq!(attempts[1]["status"], "succeeded");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(429).header("Retry-After", "1")]);
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "patient").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    submit(&app, &key, 1).await;

    deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    let arrived = receiver.received();
    assert_eq!(arrived.len(), 2);
    assert!(
        arrived[1].at - arrived[0].at >= Duration::from_millis(950),
        "waited as asked, not 0.2 s"
    );
}

#[tokio::test]
async fn a_410_fails_the_delivery_and_disables_the_endpoint() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(410)]);
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "gone").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    submit(&app, &key, 1).await;

    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("failed", 1)).await;
    assert_eq!(
        attempt_statuses(&listed[0]),
        [("failed".to_string(), json!(410))]
    );
    let (_, endpoints) = send(app.get("/webhooks", &key)).await;
    assert_eq!(endpoints["webhooks"][0]["enabled"], false);
    assert_eq!(endpoints["webhooks"][0]["disabled_reason"], "gone");

    // While it is disabled, events are not queued for it.
    submit(&app, &key, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(deliveries(&app, &key, id).await.len(), 1);
    assert_eq!(receiver.received().len(), 1);
    let enable = json!({"enabled": true});
    let (_, enabled) = send(
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&enable),
    )
    .await;
    assert_eq!(enabled["webhook"]["disabled_reason"], Value::Null);
    submit(&app, &key, 3).await;
    let listed = deliveries_until(&app, &key, id, WAIT, |d| {
        d.len() == 2 && d[0]["status"] == "succeeded"
    })
    .await;
    assert_eq!(
        listed[1]["status"], "failed",
        "the 410'd delivery stays failed"
    );
}

#[tokio::test]
async fn a_receiver_down_for_the_whole_schedule_fails_the_delivery() {
    let app = TestApp::spawn().await;
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "down").await;
    let (id, _) = webhook(&app, &key, json!({"url": unreachable_url()})).await;
    submit(&app, &key, 1).await;

    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("failed", 1)).await;
    let attempts = listed[0]["attempts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        attempts.len(),
        3,
        "the first attempt and one per scheduled retry"
    );
    for attempt in &attempts {
        assert_eq!(attempt["status"], "failed");
        assert_eq!(attempt["response_status"], Value::Null);
        assert!(
            attempt["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("connection failed")),
            "{attempt}"
        );
    }
    assert_eq!(listed[0]["next_attempt_at"], Value::Null);
    let (_, endpoints) = send(app.get("/webhooks", &key)).await;
    assert_eq!(
        endpoints["webhooks"][0]["enabled"], true,
        "days of failure, not hours, disable it"
    );
}

#[tokio::test]
async fn redirects_are_not_followed_and_long_answers_are_cut_to_2_kb() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let elsewhere = Receiver::start().await;
    receiver.reply_next([
        Reply::status(302).header("Location", &elsewhere.url),
        Reply::status(500).body(&"x".repeat(5000)),
    ]);
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "redirected").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    submit(&app, &key, 1).await;

    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    let attempts = &listed[0]["attempts"];
    assert_eq!(attempts[0]["response_status"], 302);
    assert_eq!(
        attempts[1]["response_body"].as_str().map(str::len),
        Some(2048)
    );
    assert!(elsewhere.received().is_empty());
}

#[tokio::test]
async fn an_endpoint_failing_for_five_days_is_disabled() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(500)]);
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "failing").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    let mut conn = app.conn().await;
    diesel::update(webhook_endpoints::table.find(id))
        .set(
            webhook_endpoints::failing_since
                .eq(Some(Utc::now() - Days::days(5) - Days::minutes(1))),
        )
        .execute(&mut conn)
        .await
        .unwrap();
    submit(&app, &key, 1).await;

    // The delivery still owed waits, paused, until the partner enables the endpoint again.
    deliveries_until(&app, &key, id, WAIT, all_have_status("paused", 1)).await;
    let (_, endpoints) = send(app.get("/webhooks", &key)).await;
    assert_eq!(endpoints["webhooks"][0]["enabled"], false);
    assert_eq!(endpoints["webhooks"][0]["disabled_reason"], "failing");
    let enable = json!({"enabled": true});
    send(
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&enable),
    )
    .await;
    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    assert_eq!(listed[0]["attempt_count"], 2);
}

#[tokio::test]
async fn a_success_ends_the_failure_streak() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(500)]);
    let _worker = app.spawn_worker(|settings| {
        settings.schedule = RetrySchedule::new(vec![Duration::from_secs(1)]);
    });
    let (_, key) = partner(&app, "recovering").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    let failing_since = || async {
        let mut conn = app.conn().await;
        webhook_endpoints::table
            .find(id)
            .select(webhook_endpoints::failing_since)
            .first::<Option<chrono::DateTime<Utc>>>(&mut conn)
            .await
            .unwrap()
    };
    submit(&app, &key, 1).await;
    let listed = deliveries_until(&app, &key, id, WAIT, |d| {
        d.len() == 1 && d[0]["attempt_count"] == 1
    })
    .await;
    assert_eq!(listed[0]["status"], "pending");
    assert!(failing_since().await.is_some());
    deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    assert_eq!(failing_since().await, None);
}
