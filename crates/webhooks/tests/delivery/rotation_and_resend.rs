//! Rotating a secret (old and new both sign for 24 hours) and resending a delivery.

use crate::signatures::{seed_python_receiver, standard_webhooks_verify};
use crate::{all_have_status, deliveries_until, partner, submit, webhook};
use chrono::{Duration as Hours, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use partnerhub_persistence::schema::webhook_endpoints;
use partnerhub_test_support::{Receiver, Reply, TestApp, send};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

#[tokio::test]
async fn after_a_rotation_old_and_new_secrets_both_sign_for_24_hours() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "rotator").await;
    let (id, old) = webhook(&app, &key, json!({"url": receiver.url})).await;
    let rotate = app
        .client
        .post(app.partner_url(&format!("/webhooks/{id}/rotate-secret")))
        .header("X-API-Key", &key);
    let (status, rotated) = send(rotate).await;
    assert_eq!(status, 200, "{rotated}");
    let new = rotated["secret"].as_str().unwrap_or_default().to_string();
    assert!(new.starts_with("whsec_") && new != old);

    submit(&app, &key, 1).await;
    let arrived = receiver.wait_for(1, WAIT).await;
    let request = &arrived[0];
    assert_eq!(request.header("webhook-signature").split(' ').count(), 2);
    assert!(standard_webhooks_verify(&new, request));
    assert!(standard_webhooks_verify(&old, request));
    assert_eq!(seed_python_receiver(&new, request).0, 200);
    assert_eq!(seed_python_receiver(&old, request).0, 401);
    let mut with_previous = request.clone();
    let previous = request.header("X-Webhook-Signature-Previous").to_string();
    with_previous
        .headers
        .insert("x-webhook-signature".into(), previous);
    assert_eq!(
        seed_python_receiver(&old, &with_previous).0,
        200,
        "the previous secret's body signature"
    );

    // A day later the old secret no longer signs.
    let mut conn = app.conn().await;
    diesel::update(webhook_endpoints::table.find(id))
        .set(webhook_endpoints::previous_secret_expires_at.eq(Some(Utc::now() - Hours::seconds(1))))
        .execute(&mut conn)
        .await
        .unwrap();
    submit(&app, &key, 2).await;
    let arrived = receiver.wait_for(2, WAIT).await;
    let request = &arrived[1];
    assert_eq!(request.header("webhook-signature").split(' ').count(), 1);
    assert!(standard_webhooks_verify(&new, request));
    assert!(!standard_webhooks_verify(&old, request));
    assert_eq!(request.header("X-Webhook-Signature-Previous"), "");
    assert_eq!(seed_python_receiver(&new, request).0, 200);
}

#[tokio::test]
async fn a_failed_delivery_resent_is_delivered_with_the_same_webhook_id() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(500), Reply::status(500), Reply::status(500)]);
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "resender").await;
    let (id, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    submit(&app, &key, 1).await;
    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("failed", 1)).await;
    let delivery = listed[0]["id"].as_i64().unwrap_or_default();

    let resend = |key: &str| {
        app.client
            .post(app.partner_url(&format!("/webhooks/deliveries/{delivery}/resend")))
            .header("X-API-Key", key)
    };
    let (_, stranger) = partner(&app, "stranger").await;
    assert_eq!(
        send(resend(&stranger)).await,
        (
            404,
            json!({"error": "Delivery not found", "code": "NOT_FOUND"})
        )
    );
    let (status, _) = send(resend(&key)).await;
    assert_eq!(status, 202);
    let listed = deliveries_until(&app, &key, id, WAIT, all_have_status("succeeded", 1)).await;
    assert_eq!(listed[0]["attempt_count"], 4);
    assert_eq!(listed[0]["attempts"][3]["status"], "succeeded");
    let arrived = receiver.received();
    assert_eq!(arrived.len(), 4);
    assert_eq!(
        arrived[3].header("webhook-id"),
        arrived[0].header("webhook-id")
    );
    assert_eq!(arrived[3].body, arrived[0].body);

    // A delivered one can be sent again too.
    assert_eq!(send(resend(&key)).await.0, 202);
    receiver.wait_for(5, WAIT).await;
    deliveries_until(&app, &key, id, WAIT, |d| {
        d[0]["attempt_count"] == 5 && d[0]["status"] == "succeeded"
    })
    .await;
}
