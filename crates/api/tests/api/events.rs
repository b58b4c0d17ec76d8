use partnerhub_test_support::fixtures::{seed_example_lead, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

#[tokio::test]
async fn a_new_lead_writes_one_status_event_with_a_null_old_status() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, created) =
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    let reference = created["reference_id"].as_str().unwrap_or_default();
    let (_, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;

    let events = app.events(partner.id).await;
    assert_eq!(events.len(), 1);
    let (kind, payload) = &events[0];
    assert_eq!(kind, "lead.status_changed");
    let keys: Vec<&String> = payload
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["event", "timestamp", "data"]);
    assert_eq!(payload["event"], "lead.status_changed");
    assert!(
        payload["timestamp"]
            .as_str()
            .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok())
    );
    assert_eq!(
        payload["data"],
        json!({
            "lead_reference_id": reference,
            "old_status": null,
            "new_status": "lead",
            "old_application_status": null,
            "new_application_status": "lead",
            "lead_details": shown["lead"],
        })
    );
    assert_eq!(payload["data"]["lead_details"]["first_name"], "John");
    assert_eq!(
        payload["data"]["lead_details"]["application_status"],
        Value::Null
    );

    // A duplicate, a validation failure and a dry run change nothing, so they say nothing.
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead()))
            .await
            .0,
        409
    );
    let invalid = with(seed_example_lead(), json!({"residential_zip": "1"}));
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &invalid))
            .await
            .0,
        400
    );
    assert_eq!(
        send(app.post("/leads/validate", &partner.api_key, &seed_example_lead()))
            .await
            .0,
        200
    );
    assert_eq!(app.events(partner.id).await.len(), 1);
}
