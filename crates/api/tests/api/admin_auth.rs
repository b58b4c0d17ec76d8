use partnerhub_test_support::{TestApp, send};
use serde_json::json;

#[tokio::test]
async fn the_operator_api_needs_the_admin_token_and_nothing_else_opens_it() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let url = app.admin_url("/funding-types");
    let (status, body) = send(app.client.get(&url)).await;
    assert_eq!(
        (status, body),
        (401, json!({"error": "Admin token required"}))
    );
    let (status, body) = send(app.client.get(&url).bearer_auth("wrong-token")).await;
    assert_eq!(
        (status, body),
        (401, json!({"error": "Invalid admin token"}))
    );
    let (status, _) = send(app.client.get(&url).bearer_auth(&partner.api_key)).await;
    assert_eq!(status, 401, "a partner key as bearer token");
    let (status, _) = send(app.client.get(&url).header("X-API-Key", &partner.api_key)).await;
    assert_eq!(status, 401, "a partner key in its own header");
    let (status, _) = send(
        app.client
            .get(&url)
            .header("Authorization", "Basic dGVzdA=="),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(send(app.admin_get("/funding-types")).await.0, 200);
}

#[tokio::test]
async fn without_a_configured_token_the_operator_api_is_closed() {
    let app = TestApp::spawn_with(|settings| settings.admin_token = None).await;
    let (status, body) = send(
        app.client
            .get(app.admin_url("/funding-types"))
            .bearer_auth("anything"),
    )
    .await;
    assert_eq!(
        (status, body),
        (401, json!({"error": "Invalid admin token"}))
    );
}
