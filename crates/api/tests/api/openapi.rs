//! The OpenAPI document is generated from the code: the committed snapshot matches it, it is
//! served with its reference page, and every operation it documents is served. (Every answer
//! the other tests receive is checked against it by `partnerhub_test_support::contract`.)

use partnerhub_test_support::{ADMIN_TOKEN, TestApp, send};
use serde_json::{Value, json};

fn generated() -> Value {
    serde_json::from_str(partnerhub_api::openapi_document())
        .expect("the generated document is not JSON")
}

#[test]
fn the_committed_snapshot_is_the_generated_document() {
    let committed = include_str!("../../../../docs/openapi.json");
    assert!(
        committed == partnerhub_api::openapi_document(),
        "docs/openapi.json is stale: run `cargo run -q -p partnerhub-server -- openapi > docs/openapi.json`"
    );
}

#[test]
fn the_document_describes_every_answer_and_every_credential() {
    let document = generated();
    assert_eq!(document["openapi"], "3.1.0");
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["type"], "apiKey");
    assert_eq!(schemes["api_key"]["in"], "header");
    assert_eq!(schemes["api_key"]["name"], "X-API-Key");
    assert_eq!(schemes["operator_token"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "ph_session");
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            operations += 1;
            let responses = operation["responses"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            assert!(
                responses
                    .keys()
                    .any(|s| s.starts_with('2') || s.starts_with('3')),
                "{method} {path}"
            );
            for (status, response) in &responses {
                let redirect = status.starts_with('3');
                assert!(
                    redirect
                        || response["content"]
                            .as_object()
                            .is_some_and(|c| !c.is_empty()),
                    "{method} {path} {status} has no schema"
                );
            }
            // Applying to become a partner takes no credential: applicants have none.
            if path.starts_with("/app/partners/api/v1/") && !path.ends_with("/applications") {
                // The key or the session; rotating the key takes a session only.
                let expected = if path.ends_with("/account/api-key") {
                    json!([{"session": []}])
                } else {
                    json!([{"api_key": []}, {"session": []}])
                };
                assert_eq!(operation["security"], expected, "{method} {path}");
                assert!(
                    responses.contains_key("401") && responses.contains_key("429"),
                    "{method} {path}"
                );
            }
            if path.starts_with("/app/admin/") {
                assert_eq!(
                    operation["security"],
                    json!([{"operator_token": []}]),
                    "{method} {path}"
                );
            }
        }
    }
    assert!(operations >= 40, "{operations} operations");
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["EarningsStats"]["properties"]["total_earnings"]["type"],
        "number"
    );
    assert_eq!(
        schemas["Stage"]["enum"],
        json!([
            "click",
            "lead",
            "in_underwriting",
            "need_info",
            "not_approved",
            "offer_ready",
            "call_scheduled",
            "sign_docs",
            "processing",
            "in_funding",
            "funded"
        ])
    );
    assert_eq!(
        schemas["LeadObject"]["properties"]["application_status"]["oneOf"][1]["type"],
        "null"
    );
}

#[tokio::test]
async fn the_document_and_its_reference_page_are_served_offline() {
    let app = TestApp::spawn().await;
    let (status, served) = send(app.client.get(app.url("/openapi.json"))).await;
    assert_eq!((status, served), (200, generated()));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let docs = no_redirects.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(docs.status().as_u16(), 302);
    assert_eq!(
        docs.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/docs/")
    );
    let page = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "no asset comes from another host: {html}"
    );
    for asset in [
        "/docs/swagger-ui.css",
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-initializer.js",
    ] {
        let response = app.client.get(app.url(asset)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{asset}");
        let text = response.text().await.unwrap_or_default();
        assert!(text.len() > 100, "{asset}");
        if asset.ends_with("initializer.js") {
            assert!(text.contains("/openapi.json"), "{text}");
        }
    }
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    let spec = generated();
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    for (path, operations) in paths {
        let concrete = path
            .replace("/assets/{name}", "/assets/portal.js")
            .replace("{token}", "no-such-invitation")
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
                "get" => no_redirects.get(url),
                "post" => no_redirects.post(url).json(&json!({})),
                "patch" => no_redirects.patch(url).json(&json!({})),
                "put" => no_redirects.put(url).json(&json!({})),
                "delete" => no_redirects.delete(url),
                "head" => no_redirects.head(url),
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
        }
    }
}
