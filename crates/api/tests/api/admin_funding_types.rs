use partnerhub_test_support::fixtures::{unique_lead, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

#[tokio::test]
async fn lists_adds_and_deactivates_funding_types_with_immediate_effect() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, listed) = send(app.admin_get("/funding-types")).await;
    assert_eq!(status, 200);
    assert!(
        listed["funding_types"]
            .as_array()
            .is_some_and(|types| types.contains(&json!({"name": "Term Loan", "active": true})))
    );

    let lead = with(
        unique_lead(1),
        json!({"funding_type": "Revenue Based Financing"}),
    );
    assert_eq!(
        send(app.post("/leads/validate", &partner.api_key, &lead))
            .await
            .0,
        400
    );
    let (status, added) = send(app.admin_post(
        "/funding-types",
        &json!({"name": "Revenue Based Financing"}),
    ))
    .await;
    assert_eq!(
        (status, added),
        (
            201,
            json!({"funding_type": {"name": "Revenue Based Financing", "active": true}})
        )
    );
    assert_eq!(
        send(app.post("/leads/validate", &partner.api_key, &lead))
            .await
            .0,
        200
    );

    let (status, updated) = send(app.admin_patch(
        "/funding-types/revenue%20based%20financing",
        &json!({"active": false}),
    ))
    .await;
    assert_eq!(
        (status, updated),
        (
            200,
            json!({"funding_type": {"name": "Revenue Based Financing", "active": false}})
        )
    );
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &lead)).await;
    assert_eq!(status, 400);
    assert_eq!(error["field"], "funding_type");
}

#[tokio::test]
async fn bad_funding_type_requests_are_4xx() {
    let app = TestApp::spawn().await;
    assert_eq!(
        send(app.admin_post("/funding-types", &json!({"name": ""})))
            .await
            .0,
        400
    );
    assert_eq!(
        send(app.admin_post("/funding-types", &json!({"name": "x".repeat(101)})))
            .await
            .0,
        400
    );
    assert_eq!(
        send(app.admin_post("/funding-types", &json!({}))).await.0,
        400
    );
    assert_eq!(
        send(app.admin_patch("/funding-types/Term%20Loan", &json!({})))
            .await
            .0,
        400
    );
    assert_eq!(
        send(app.admin_patch("/funding-types/Term%20Loan", &json!({"active": "no"})))
            .await
            .0,
        400
    );
    let (status, error) =
        send(app.admin_patch("/funding-types/Nothing", &json!({"active": true}))).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (404, Some("Funding type not found"))
    );
}
