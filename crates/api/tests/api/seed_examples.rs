//! The seed's own request examples, sent exactly as the seed writes them.

use partnerhub_test_support::fixtures::{seed_example_lead, seed_validate_example};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

#[tokio::test]
async fn the_curl_and_python_submit_examples_succeed() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let response = app
        .client
        .post(app.partner_url("/leads/submit"))
        .header("Content-Type", "application/json")
        .header("X-API-Key", &partner.api_key)
        .body(seed_example_lead().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap_or_default();
    assert_eq!(body["success"], true);
    let lead_id = body["lead_id"].as_i64().unwrap_or_default();
    assert!(lead_id > 0);
    let today = chrono::Utc::now().format("%Y%m%d").to_string();
    assert_eq!(
        body,
        json!({"success": true, "lead_id": lead_id, "reference_id": format!("{today}-{lead_id}")})
    );
    // "Use reference_id to fetch the lead later".
    let (status, _) = send(app.get(&format!("/leads/{today}-{lead_id}"), &partner.api_key)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_validate_example_is_valid_with_the_seed_shape() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, report) = send(app.post(
        "/leads/validate",
        &partner.api_key,
        &seed_validate_example(),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(report["valid"], true);
    assert_eq!(report["message"], "Lead data is valid");
    assert_eq!(report["errors"], json!([]));
    assert_eq!(report["warnings"], json!([]));
    for field in [
        "first_name",
        "last_name",
        "email",
        "phone",
        "residential_street",
        "residential_city",
        "residential_state",
        "residential_zip",
    ] {
        assert_eq!(
            report["field_validations"][field],
            json!({"field": field, "valid": true, "errors": [], "warnings": []})
        );
    }
    assert_eq!(report["data_received"], seed_validate_example());
}
