//! Every event type arrives signed so that the seed's receivers and Standard Webhooks
//! verifiers accept it, with the body exactly as stored in the outbox.

use crate::{all_have_status, deliveries_until, partner, submit, webhook};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use partnerhub_test_support::receiver::Received;
use partnerhub_test_support::{Receiver, TestApp, send};
use serde_json::{Value, json};
use sha2::Sha256;
use std::time::Duration;

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// The seed's Python (Flask) receiver, ported line by line: the status and body it answers.
///
/// ```python
/// signature = request.headers.get('X-Webhook-Signature')
/// if not signature: return jsonify({'error': 'Missing signature'}), 401
/// payload = request.get_data()
/// expected_signature = hmac.new(WEBHOOK_SECRET.encode('utf-8'), payload, hashlib.sha256).hexdigest()
/// if not hmac.compare_digest(signature, expected_signature): return ..., 401
/// data = request.get_json(); event = data.get('event'); ...
/// return jsonify({'received': True}), 200
/// ```
pub fn seed_python_receiver(webhook_secret: &str, request: &Received) -> (u16, Value) {
    let signature = request.header("X-Webhook-Signature");
    if signature.is_empty() {
        return (401, json!({"error": "Missing signature"}));
    }
    let payload = &request.body;
    let expected_signature = hex::encode(hmac_sha256(webhook_secret.as_bytes(), payload));
    if signature != expected_signature {
        return (401, json!({"error": "Invalid signature"}));
    }
    let data: Value = serde_json::from_slice(payload).unwrap_or(Value::Null);
    let event = data["event"].as_str().unwrap_or_default();
    let event_data = &data["data"];
    let known = match event {
        "lead.status_changed" => event_data["lead_reference_id"].is_string(),
        "commission.earned" | "payout.processed" => event_data["amount"].is_number(),
        "account.status_changed" => event_data["old_status"].is_string(),
        _ => false,
    };
    assert!(known, "the seed's receiver reads these fields: {data}");
    (200, json!({"received": true}))
}

/// A Standard Webhooks verifier: `v1,` + base64 HMAC of `{id}.{timestamp}.{body}` keyed by
/// the base64-decoded secret; any of the space-separated signatures may match.
pub fn standard_webhooks_verify(secret: &str, request: &Received) -> bool {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .expect("secret is not base64");
    let timestamp: i64 = request
        .header("webhook-timestamp")
        .parse()
        .expect("webhook-timestamp");
    let age = (chrono::Utc::now().timestamp() - timestamp).abs();
    let mut signed = format!("{}.{timestamp}.", request.header("webhook-id")).into_bytes();
    signed.extend_from_slice(&request.body);
    let expected = format!("v1,{}", STANDARD.encode(hmac_sha256(&key, &signed)));
    age < 300
        && request
            .header("webhook-signature")
            .split(' ')
            .any(|candidate| candidate == expected)
}

#[tokio::test]
async fn all_four_event_types_arrive_signed_as_the_seed_and_standard_webhooks_verify() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let _worker = app.spawn_worker(|_| {});
    let (partner_id, key) = partner(&app, "signer").await;
    let (webhook_id, secret) = webhook(&app, &key, json!({"url": receiver.url})).await;

    let lead = submit(&app, &key, 1).await;
    let funded = json!({"status": "funded", "force": true, "funded_amount": 1000.0});
    let (status, _) = send(app.admin_post(&format!("/leads/{lead}/status"), &funded)).await;
    assert_eq!(status, 200);
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payout = run["payouts"][0]["id"].as_i64().unwrap_or_default();
    let (status, _) =
        send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({}))).await;
    assert_eq!(status, 200);
    // Listed while the partner's key still works (suspension closes the API to it).
    let listed = deliveries_until(
        &app,
        &key,
        webhook_id,
        Duration::from_secs(10),
        all_have_status("succeeded", 4),
    )
    .await;
    for delivery in &listed {
        assert_eq!(delivery["attempt_count"], 1);
        assert_eq!(delivery["attempts"][0]["status"], "succeeded");
        assert_eq!(delivery["attempts"][0]["response_status"], 200);
    }
    let suspend = json!({"status": "suspended"});
    let (status, _) = send(app.admin_patch(&format!("/partners/{partner_id}"), &suspend)).await;
    assert_eq!(status, 200);

    let outbox = app.events(partner_id).await;
    let kinds: Vec<&str> = outbox.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "lead.status_changed",
            "lead.status_changed",
            "commission.earned",
            "payout.processed",
            "account.status_changed"
        ]
    );
    let arrived = receiver
        .wait_for(outbox.len(), Duration::from_secs(10))
        .await;
    assert_eq!(arrived.len(), outbox.len());

    for (kind, payload) in &outbox {
        let request = arrived
            .iter()
            .find(|request| request.json() == *payload)
            .unwrap_or_else(|| panic!("{kind} never arrived: {payload}"));
        assert_eq!(request.header("X-Webhook-Event"), kind);
        assert_eq!(request.header("Content-Type"), "application/json");
        assert!(request.header("webhook-id").starts_with("evt_"));
        assert_eq!(
            seed_python_receiver(&secret, request),
            (200, json!({"received": true}))
        );
        assert!(standard_webhooks_verify(&secret, request), "{kind}");
        let keys: Vec<String> = request
            .json()
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["event", "timestamp", "data"]);
    }
    let mut ids: Vec<&str> = arrived.iter().map(|r| r.header("webhook-id")).collect();
    ids.dedup();
    assert_eq!(ids.len(), outbox.len(), "each event has its own webhook-id");

    // A tampered body or a wrong secret fails the seed's check.
    let mut tampered = arrived[0].clone();
    tampered.body.extend_from_slice(b" ");
    assert_eq!(seed_python_receiver(&secret, &tampered).0, 401);
    assert_eq!(seed_python_receiver("whsec_other", &arrived[0]).0, 401);
}

#[tokio::test]
async fn endpoints_receive_only_the_events_they_subscribe_to_and_only_their_partners() {
    let app = TestApp::spawn().await;
    let leads_receiver = Receiver::start().await;
    let accounts_receiver = Receiver::start().await;
    let other_receiver = Receiver::start().await;
    let _worker = app.spawn_worker(|_| {});
    let (partner_id, key) = partner(&app, "subscriber").await;
    let (_, other_key) = partner(&app, "neighbour").await;
    webhook(
        &app,
        &key,
        json!({"url": leads_receiver.url, "events": ["lead.status_changed"]}),
    )
    .await;
    webhook(
        &app,
        &key,
        json!({"url": accounts_receiver.url, "events": ["account.status_changed"]}),
    )
    .await;
    webhook(&app, &other_key, json!({"url": other_receiver.url})).await;

    submit(&app, &key, 1).await;
    submit(&app, &key, 2).await;
    let suspend = json!({"status": "suspended"});
    send(app.admin_patch(&format!("/partners/{partner_id}"), &suspend)).await;

    let leads = leads_receiver.wait_for(2, Duration::from_secs(10)).await;
    let accounts = accounts_receiver.wait_for(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(leads_receiver.received().len(), 2);
    assert!(
        leads
            .iter()
            .all(|r| r.header("X-Webhook-Event") == "lead.status_changed")
    );
    assert_eq!(accounts_receiver.received().len(), 1);
    assert_eq!(
        accounts[0].header("X-Webhook-Event"),
        "account.status_changed"
    );
    assert!(
        other_receiver.received().is_empty(),
        "another partner's endpoint hears nothing"
    );
}
