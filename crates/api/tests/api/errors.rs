use partnerhub_test_support::fixtures::seed_example_lead;
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

#[tokio::test]
async fn unknown_routes_are_json_404() {
    let app = TestApp::spawn().await;
    for path in [
        "/nope",
        "/app/partners/api/v1/nothing",
        "/app/partners/api/v2/leads",
    ] {
        let (status, body) = send(app.client.get(app.url(path))).await;
        assert_eq!(
            (status, body),
            (404, json!({"error": "Not found"})),
            "{path}"
        );
    }
}

#[tokio::test]
async fn wrong_methods_are_json_405() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let cases = [
        app.client.delete(app.partner_url("/leads")),
        app.client.get(app.partner_url("/leads/submit")),
        app.client.put(app.partner_url("/leads/validate")),
        app.client.post(app.partner_url("/account")),
    ];
    for request in cases {
        let (status, body) = send(request.header("X-API-Key", &partner.api_key)).await;
        assert_eq!(
            (status, body),
            (405, json!({"error": "Method not allowed"}))
        );
    }
}

#[tokio::test]
async fn malformed_bodies_are_400_and_change_nothing() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let post = |body: &'static str, content_type: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.partner_url("/leads/submit"))
            .header("X-API-Key", &partner.api_key)
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        send(request)
    };
    let (status, error) = post("{\"first_name\": ", Some("application/json")).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("MALFORMED_JSON"))
    );
    assert!(
        error["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Malformed JSON"))
    );
    let (status, error) = post("[1, 2]", Some("application/json")).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (400, Some("Request body must be a JSON object"))
    );
    let (status, error) = post("{}", None).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (400, Some("Content-Type must be application/json"))
    );
    let (status, _) = post("first_name=John", Some("application/x-www-form-urlencoded")).await;
    assert_eq!(status, 400);
    let (status, _) = post("{}", Some("application/json; charset=utf-8")).await;
    assert_eq!(
        status, 400,
        "an empty object is a validation failure, not a parse failure"
    );
    let (_, listing) = send(app.get("/leads", &partner.api_key)).await;
    assert_eq!(listing["pagination"]["total"], 0);
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mut lead = seed_example_lead();
    lead["notes"] = json!("x".repeat(70 * 1024));
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &lead)).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (413, Some("PAYLOAD_TOO_LARGE"))
    );
    assert!(error["error"].is_string());
    // Without Content-Length (chunked), the limit holds as well.
    let chunks =
        futures_util::stream::iter((0..80).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1024])));
    let (status, _) = send(
        app.client
            .post(app.partner_url("/leads/validate"))
            .header("X-API-Key", &partner.api_key)
            .header("Content-Type", "application/json")
            .body(reqwest::Body::wrap_stream(chunks)),
    )
    .await;
    assert_eq!(status, 413);
}
