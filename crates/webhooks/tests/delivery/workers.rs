//! Workers sharing one database: no delivery is sent by two at once, and a worker killed in
//! mid-delivery loses nothing.

use crate::{all_have_status, deliveries_until, partner, submit, webhook};
use partnerhub_test_support::{Receiver, Reply, TestApp};
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

#[tokio::test]
async fn two_workers_never_send_one_delivery_at_once() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    // Slow answers keep claims open while the other worker looks for work.
    receiver.reply_next((0..60).map(|_| Reply::slow(Duration::from_millis(20))));
    let workers = [app.spawn_worker(|_| {}), app.spawn_worker(|_| {})];
    let (_, key) = partner(&app, "busy").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    let submissions = (1..=100).map(|n| submit(&app, &key, n));
    futures_util::future::join_all(submissions).await;

    let listed = deliveries_until(
        &app,
        &key,
        id,
        Duration::from_secs(30),
        all_have_status("succeeded", 100),
    )
    .await;
    assert!(
        listed.iter().all(|d| d["attempt_count"] == 1),
        "no delivery was attempted twice"
    );
    let mut copies: HashMap<String, usize> = HashMap::new();
    for request in receiver.received() {
        *copies
            .entry(request.header("webhook-id").to_string())
            .or_default() += 1;
    }
    assert_eq!(copies.len(), 100);
    assert!(
        copies.values().all(|count| *count == 1),
        "every event arrived exactly once"
    );
    drop(workers);
}

#[tokio::test]
async fn a_worker_killed_mid_delivery_loses_nothing() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    // The first request hangs; the worker dies while waiting for it.
    receiver.reply_next([Reply::slow(Duration::from_secs(30))]);
    let (_, key) = partner(&app, "crashy").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    let first = app.spawn_worker(|_| {});
    submit(&app, &key, 1).await;
    let arrived = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(arrived.len(), 1);
    first.kill();

    // Nothing was recorded for the dead worker's attempt; the delivery is still owed.
    let listed = crate::deliveries(&app, &key, id).await;
    assert_eq!(
        (
            listed[0]["status"].as_str(),
            listed[0]["attempt_count"].as_i64()
        ),
        (Some("pending"), Some(0))
    );

    let _second = app.spawn_worker(|_| {});
    let listed = deliveries_until(
        &app,
        &key,
        id,
        Duration::from_secs(15),
        all_have_status("succeeded", 1),
    )
    .await;
    assert_eq!(listed[0]["attempt_count"], 1);
    let arrived = receiver.received();
    assert_eq!(arrived.len(), 2);
    assert_eq!(
        arrived[1].header("webhook-id"),
        arrived[0].header("webhook-id")
    );
    assert_eq!(arrived[1].body, arrived[0].body);
}
