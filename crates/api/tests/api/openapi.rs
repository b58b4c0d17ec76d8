//! docs/openapi.json stays true: every operation it documents is served, and every
//! documented status of a few operations is one the app gives.

use partnerhub_test_support::{ADMIN_TOKEN, TestApp, send};
use serde_json::Value;

#[tokio::test]
async fn every_documented_operation_is_served() {
    let document = include_str!("../../../../docs/openapi.json");
    let spec: Value =
        serde_json::from_str(document).unwrap_or_else(|e| panic!("openapi.json: {e}"));
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    assert!(paths.len() >= 31, "{} paths", paths.len());
    for (path, operations) in paths {
        let concrete = path
            .replace("{reference_id}", "20240101-1")
            .replace("{referral_code}", "nosuchcode")
            .replace("{id}", "999999")
            .replace("{name}", "Nothing");
        let methods: Vec<String> = operations
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for method in methods {
            let url = app.url(&concrete);
            let request = match method.as_str() {
                "get" => app.client.get(url),
                "post" => app.client.post(url).json(&serde_json::json!({})),
                "patch" => app.client.patch(url).json(&serde_json::json!({})),
                "put" => app.client.put(url).json(&serde_json::json!({})),
                "delete" => app.client.delete(url),
                other => panic!("unexpected method {other}"),
            };
            let request = if path.starts_with("/app/admin/") {
                request.bearer_auth(ADMIN_TOKEN)
            } else {
                request.header("X-API-Key", &partner.api_key)
            };
            let (status, body) = send(request).await;
            assert_ne!(status, 405, "{method} {path}");
            assert_ne!(body["error"], "Not found", "{method} {path} is not routed");
            let documented = operations[&method]["responses"]
                .as_object()
                .map(|r| r.contains_key(&status.to_string()));
            assert_eq!(
                documented,
                Some(true),
                "{method} {path} answered {status}, which is not documented"
            );
        }
    }
}
