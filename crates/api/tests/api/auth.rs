use partnerhub_domain::PartnerId;
use partnerhub_domain::PartnerStatus;
use partnerhub_persistence::api_keys;
use partnerhub_test_support::fixtures::{seed_example_lead, with};
use partnerhub_test_support::{TestApp, eventually, send};
use serde_json::json;

#[tokio::test]
async fn a_missing_key_is_401_api_key_required() {
    let app = TestApp::spawn().await;
    let (status, body) = send(app.client.get(app.partner_url("/leads"))).await;
    assert_eq!((status, body), (401, json!({"error": "API key required"})));
    let (status, body) = send(
        app.client
            .post(app.partner_url("/leads/submit"))
            .json(&seed_example_lead()),
    )
    .await;
    assert_eq!((status, body), (401, json!({"error": "API key required"})));
}

#[tokio::test]
async fn unknown_and_inactive_keys_are_401_invalid_or_inactive() {
    let app = TestApp::spawn().await;
    let invalid = json!({"error": "Invalid or inactive API key"});
    let (status, body) = send(app.get("/leads", "phk_not_a_real_key")).await;
    assert_eq!((status, &body), (401, &invalid));
    for status in [
        PartnerStatus::Pending,
        PartnerStatus::Suspended,
        PartnerStatus::Inactive,
    ] {
        let partner = app.partner_with(|draft| draft.status = Some(status)).await;
        let (code, body) = send(app.get("/leads", &partner.api_key)).await;
        assert_eq!((code, &body), (401, &invalid), "{status:?}");
        let (code, _) =
            send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
        assert_eq!(code, 401, "{status:?}");
    }
}

#[tokio::test]
async fn a_suspension_applies_to_the_next_request() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    assert_eq!(send(app.get("/leads", &partner.api_key)).await.0, 200);
    let mut conn = app.conn().await;
    let suspended = partnerhub_persistence::partners::set_status(
        &mut conn,
        PartnerId::new(partner.id),
        PartnerStatus::Suspended,
    )
    .await;
    assert!(suspended.is_ok());
    let refused =
        eventually(|| async { send(app.get("/leads", &partner.api_key)).await.0 == 401 }).await;
    assert!(refused, "a suspended partner's key must stop working");
}

#[tokio::test]
async fn a_rotated_key_stops_working_and_the_new_one_works() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    assert_eq!(send(app.get("/leads", &partner.api_key)).await.0, 200);
    let mut conn = app.conn().await;
    let new_key = api_keys::rotate(
        &mut conn,
        PartnerId::new(partner.id),
        partnerhub_domain::KeyMode::Live,
        &partnerhub_persistence::audit::Audit::cli(),
    )
    .await
    .unwrap();
    let refused =
        eventually(|| async { send(app.get("/leads", &partner.api_key)).await.0 == 401 }).await;
    assert!(refused, "the old key must stop working");
    assert_eq!(send(app.get("/leads", new_key.expose())).await.0, 200);
}

#[tokio::test]
async fn the_key_may_come_in_the_body_and_is_never_echoed_or_stored() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let body = with(seed_example_lead(), json!({"api_key": partner.api_key}));
    let (status, report) = send(
        app.client
            .post(app.partner_url("/leads/validate"))
            .json(&body),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    assert!(report["data_received"].get("api_key").is_none());
    assert!(!report.to_string().contains(&partner.api_key));
    assert!(
        report["warnings"].as_array().is_some_and(|w| w.is_empty()),
        "api_key is no unknown field"
    );
    let (status, created) = send(
        app.client
            .post(app.partner_url("/leads/submit"))
            .json(&body),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let (_, shown) = send(app.get(
        &format!(
            "/leads/{}",
            created["reference_id"].as_str().unwrap_or_default()
        ),
        &partner.api_key,
    ))
    .await;
    assert!(!shown.to_string().contains(&partner.api_key));

    let wrong = with(seed_example_lead(), json!({"api_key": "phk_wrong"}));
    let (status, error) = send(
        app.client
            .post(app.partner_url("/leads/submit"))
            .json(&wrong),
    )
    .await;
    assert_eq!(
        (status, error),
        (401, json!({"error": "Invalid or inactive API key"}))
    );
}

#[tokio::test]
async fn keys_are_stored_only_as_sha256_hashes() {
    use diesel::QueryDsl;
    use diesel_async::RunQueryDsl;
    use partnerhub_persistence::schema::api_keys as table;
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mut conn = app.conn().await;
    let stored: Vec<Vec<u8>> = table::table
        .select(table::key_hash)
        .load(&mut conn)
        .await
        .unwrap_or_default();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0],
        partnerhub_domain::ApiKeyHash::of(&partner.api_key)
            .0
            .to_vec()
    );
    assert!(!String::from_utf8_lossy(&stored[0]).contains(&partner.api_key));
}
