//! docs/openapi.json stays true: every operation it documents is served.

use partnerhub_test_support::{TestApp, send};
use serde_json::Value;

#[tokio::test]
async fn every_documented_operation_is_served() {
    let document = include_str!("../../../../docs/openapi.json");
    let spec: Value =
        serde_json::from_str(document).unwrap_or_else(|e| panic!("openapi.json: {e}"));
    let base = spec["servers"][0]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    assert!(paths.len() >= 5);
    for (path, operations) in paths {
        let concrete = path.replace("{reference_id}", "20240101-1");
        for method in operations
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let url = app.url(&format!("{base}{concrete}"));
            let request = match method.as_str() {
                "get" => app.client.get(url),
                "post" => app.client.post(url).json(&serde_json::json!({})),
                other => panic!("undocumented method {other}"),
            };
            let (status, body) = send(request.header("X-API-Key", &partner.api_key)).await;
            assert_ne!(status, 405, "{method} {path}");
            assert_ne!(body["error"], "Not found", "{method} {path} is not routed");
        }
    }
}
