//! What operators and careful clients see around every answer: security headers, request
//! ids, `Allow` on 405, the metrics endpoint.

use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::{ADMIN_TOKEN, TestApp, send};
use serde_json::json;

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

async fn fetch(request: reqwest::RequestBuilder) -> reqwest::Response {
    request.send().await.unwrap()
}

#[tokio::test]
async fn every_answer_says_nosniff_and_authenticated_ones_are_not_cached() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let cases = [
        (app.get("/account", &partner.api_key), Some("no-store")),
        (app.get("/account", "phk_wrong"), Some("no-store")),
        (app.admin_get("/funding-types"), Some("no-store")),
        (app.client.get(app.url("/healthz")), None),
        (app.client.get(app.url("/nowhere")), None),
    ];
    for (request, cache_control) in cases {
        let response = fetch(request).await;
        let url = response.url().to_string();
        assert_eq!(
            header(&response, "x-content-type-options").as_deref(),
            Some("nosniff"),
            "{url}"
        );
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            cache_control,
            "{url}"
        );
    }
}

#[tokio::test]
async fn a_clients_request_id_is_kept_and_a_bad_one_replaced() {
    let app = TestApp::spawn().await;
    let given = "client-req_42.abc";
    let kept = fetch(
        app.client
            .get(app.url("/healthz"))
            .header("X-Request-Id", given),
    )
    .await;
    assert_eq!(header(&kept, "x-request-id").as_deref(), Some(given));
    for bad in ["has space".to_string(), "x".repeat(129)] {
        let replaced = fetch(
            app.client
                .get(app.url("/healthz"))
                .header("X-Request-Id", &bad),
        )
        .await;
        let id = header(&replaced, "x-request-id").unwrap_or_default();
        assert!(!id.is_empty() && id != bad, "{id}");
    }
    let made = fetch(app.client.get(app.url("/healthz"))).await;
    assert_eq!(header(&made, "x-request-id").map(|id| id.len()), Some(36));
}

#[tokio::test]
async fn a_405_lists_the_allowed_methods() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let cases = [
        (app.client.delete(app.partner_url("/leads")), "GET"),
        (app.client.get(app.partner_url("/leads/submit")), "POST"),
        (app.client.put(app.partner_url("/webhooks")), "GET, POST"),
        (
            app.client.get(app.partner_url("/webhooks/1")),
            "PATCH, DELETE",
        ),
        (
            app.client.delete(app.admin_url("/partners/1")),
            "GET, PATCH",
        ),
    ];
    for (request, allowed) in cases {
        let response = fetch(request.header("X-API-Key", &partner.api_key)).await;
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(header(&response, "allow").as_deref(), Some(allowed));
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_accepted_in_any_case() {
    let app = TestApp::spawn().await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let (status, _) = send(
            app.client
                .get(app.admin_url("/funding-types"))
                .header("Authorization", format!("{scheme} {ADMIN_TOKEN}")),
        )
        .await;
        assert_eq!(status, 200, "{scheme}");
    }
    let (status, _) = send(
        app.client
            .get(app.admin_url("/funding-types"))
            .header("Authorization", format!("Basic {ADMIN_TOKEN}")),
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn two_api_key_headers_are_refused() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, error) = send(
        app.client
            .post(app.partner_url("/leads/submit"))
            .header("X-API-Key", &partner.api_key)
            .header("X-API-Key", &partner.api_key)
            .json(&unique_lead(1)),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("DUPLICATE_API_KEY"))
    );
    let (_, leads) = send(app.get("/leads", &partner.api_key)).await;
    assert_eq!(leads["leads"], json!([]));
}

fn sample<'a>(text: &'a str, name: &str, labels: &[&str]) -> Option<&'a str> {
    text.lines().find(|line| {
        line.starts_with(name)
            && line[name.len()..].starts_with(['{', ' '])
            && labels.iter().all(|label| line.contains(label))
    })
}

fn value_of(line: Option<&str>) -> f64 {
    line.and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
        .unwrap_or(-1.0)
}

#[tokio::test]
async fn metrics_count_requests_leads_and_refusals_without_partner_data() {
    let app = TestApp::spawn().await;
    let partner = app
        .partner_with(|draft| draft.email = "metrics-partner@private.test".into())
        .await;
    let metrics = || async {
        fetch(app.client.get(app.url("/metrics")))
            .await
            .text()
            .await
            .unwrap_or_default()
    };
    let before = metrics().await;
    let accepted = r#"partnerhub_leads_accepted_total"#;
    let accepted_before = value_of(sample(&before, accepted, &[])).max(0.0);
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &unique_lead(1)))
            .await
            .0,
        200
    );
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &unique_lead(1)))
            .await
            .0,
        409
    );
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &json!({})))
            .await
            .0,
        400
    );
    let text = metrics().await;

    assert!(
        value_of(sample(&text, accepted, &[])) >= accepted_before + 1.0,
        "{text}"
    );
    for reason in ["duplicate", "invalid"] {
        let label = format!("reason=\"{reason}\"");
        assert!(
            value_of(sample(&text, "partnerhub_leads_rejected_total", &[&label])) >= 1.0,
            "{text}"
        );
    }
    let submit = [
        r#"route="/app/partners/api/v1/leads/submit""#,
        r#"method="POST""#,
    ];
    assert!(
        value_of(sample(
            &text,
            "partnerhub_http_requests_total",
            &[submit[0], submit[1], r#"status="2xx""#]
        )) >= 1.0
    );
    assert!(
        value_of(sample(
            &text,
            "partnerhub_http_requests_total",
            &[submit[0], r#"status="4xx""#]
        )) >= 2.0
    );
    assert!(
        sample(
            &text,
            "partnerhub_http_request_duration_seconds_bucket",
            &[submit[0], "le="]
        )
        .is_some()
    );
    for gauge in [
        "partnerhub_db_pool_connections",
        "partnerhub_db_pool_waiting",
        "partnerhub_webhook_deliveries_due",
        "partnerhub_webhook_oldest_due_age_seconds",
    ] {
        assert!(
            sample(&text, gauge, &[]).is_some(),
            "{gauge} missing: {text}"
        );
    }
    for private in [
        partner.api_key.as_str(),
        "metrics-partner@private.test",
        "ann1@example.com",
    ] {
        assert!(!text.contains(private), "{private} in metrics");
    }
    assert!(!text.contains(&format!("partner_id=\"{}\"", partner.id)));
}

#[tokio::test]
async fn metrics_on_their_own_address_leave_the_api_address() {
    let app =
        TestApp::spawn_with(|settings| settings.metrics_bind = Some("127.0.0.1:0".into())).await;
    let own = app.metrics_address.clone().unwrap_or_default();
    let served = fetch(app.client.get(format!("{own}/metrics"))).await;
    assert_eq!(served.status().as_u16(), 200);
    assert!(
        served
            .text()
            .await
            .unwrap_or_default()
            .contains("partnerhub_db_pool_connections")
    );
    let (status, _) = send(app.client.get(app.url("/metrics"))).await;
    assert_eq!(status, 404);
}
