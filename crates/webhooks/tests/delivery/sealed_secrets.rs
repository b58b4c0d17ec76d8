//! Secrets sealed at rest under `PARTNERHUB_SECRET_KEY`: the partner sees the same secret,
//! the database holds only the sealed form, deliveries sign as before, and after a key
//! rotation and a reseal the new key alone opens them.

use crate::signatures::standard_webhooks_verify;
use crate::{partner, submit, webhook};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use partnerhub_domain::webhooks::SecretKeys;
use partnerhub_persistence::schema::webhook_endpoints;
use partnerhub_persistence::webhook_endpoints::reseal_all;
use partnerhub_test_support::{Receiver, TestApp};
use serde_json::json;
use std::time::Duration;

const OLD_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const NEW_KEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

fn keys(current: &str, previous: &[&str]) -> SecretKeys {
    let previous: Vec<String> = previous.iter().map(|key| (*key).to_string()).collect();
    SecretKeys::new(Some(current), &previous).unwrap()
}

async fn stored_secret(app: &TestApp, id: i64) -> String {
    let mut conn = app.conn().await;
    webhook_endpoints::table
        .find(id)
        .select(webhook_endpoints::secret)
        .first(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn sealed_secrets_sign_as_before_and_survive_a_key_rotation() {
    let app = TestApp::spawn_with(|settings| settings.secret_keys = keys(OLD_KEY, &[])).await;
    let receiver = Receiver::start().await;
    let (_, key) = partner(&app, "sealed").await;
    let (id, secret) = webhook(&app, &key, json!({"url": receiver.url})).await;
    assert!(
        secret.starts_with("whsec_"),
        "the answer is unchanged: {secret}"
    );
    let stored = stored_secret(&app, id).await;
    assert!(stored.starts_with("enc:v1:"), "{stored}");
    assert!(!stored.contains(secret.trim_start_matches("whsec_")));

    let worker = app.spawn_worker(|settings| settings.secret_keys = keys(OLD_KEY, &[]));
    submit(&app, &key, 1).await;
    let received = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1);
    assert!(standard_webhooks_verify(&secret, &received[0]));
    drop(worker);

    // The operator rotates PARTNERHUB_SECRET_KEY, keeps the old one as previous, reseals.
    let mut conn = app.conn().await;
    let resealed = reseal_all(&mut conn, &keys(NEW_KEY, &[OLD_KEY]))
        .await
        .unwrap();
    assert_eq!(resealed, Ok(1));
    let restored = stored_secret(&app, id).await;
    assert_ne!(restored, stored);
    assert!(keys(NEW_KEY, &[]).is_current(&restored));
    assert_eq!(
        reseal_all(&mut conn, &keys(NEW_KEY, &[OLD_KEY]))
            .await
            .unwrap(),
        Ok(0)
    );

    let _worker = app.spawn_worker(|settings| settings.secret_keys = keys(NEW_KEY, &[]));
    submit(&app, &key, 2).await;
    let received = receiver.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 2);
    assert!(standard_webhooks_verify(&secret, &received[1]));
}
