use partnerhub_test_support::fixtures::{seed_example_lead, unique_lead};
use partnerhub_test_support::{TestApp, json_of};
use reqwest::Response;
use serde_json::json;

fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(String::from)
}

fn remaining(response: &Response) -> Option<u32> {
    header(response, "x-ratelimit-remaining").and_then(|v| v.parse().ok())
}

async fn call(request: reqwest::RequestBuilder) -> Response {
    request.send().await.expect("request failed")
}

#[tokio::test]
async fn headers_count_down_to_a_429_with_retry_after() {
    let app = TestApp::spawn().await;
    let partner = app
        .partner_with(|draft| draft.rate_limit_per_hour = Some(3))
        .await;
    let first = call(app.get("/leads", &partner.api_key)).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "x-ratelimit-limit").as_deref(), Some("3"));
    assert_eq!(remaining(&first), Some(2));
    assert_eq!(
        header(&first, "ratelimit-policy").as_deref(),
        Some("\"hourly\";q=3;w=3600")
    );
    assert_eq!(
        header(&first, "ratelimit").as_deref(),
        Some("\"hourly\";r=2;t=1200")
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let reset: u64 = header(&first, "x-ratelimit-reset")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(
        (now + 1195..=now + 1205).contains(&reset),
        "reset {reset} vs now {now}"
    );

    // Errors count and carry the headers too.
    let not_found = call(app.get("/leads/20240101-999", &partner.api_key)).await;
    assert_eq!(
        (not_found.status().as_u16(), remaining(&not_found)),
        (404, Some(1))
    );
    let submitted = call(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    assert_eq!(
        (submitted.status().as_u16(), remaining(&submitted)),
        (200, Some(0))
    );

    let refused = call(app.get("/leads", &partner.api_key)).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(remaining(&refused), Some(0));
    let retry_after: u64 = header(&refused, "retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(
        (1..=1200).contains(&retry_after),
        "Retry-After {retry_after}"
    );
    assert_eq!(
        json_of(refused).await.1,
        json!({"error": "Rate limit exceeded", "code": "RATE_LIMITED"})
    );
    let refused_submit = call(app.post("/leads/submit", &partner.api_key, &unique_lead(1))).await;
    assert_eq!(refused_submit.status(), 429);

    // Validate does not count against the hourly quota, and reports it.
    let validated = call(app.post("/leads/validate", &partner.api_key, &seed_example_lead())).await;
    assert_eq!(validated.status(), 200);
    assert_eq!(
        (
            header(&validated, "x-ratelimit-limit").as_deref(),
            remaining(&validated)
        ),
        (Some("3"), Some(0))
    );

    // Each partner has its own quota.
    let other = app
        .partner_with(|draft| draft.rate_limit_per_hour = Some(3))
        .await;
    assert_eq!(call(app.get("/leads", &other.api_key)).await.status(), 200);
}

#[tokio::test]
async fn validate_has_its_own_per_second_guard() {
    let app = TestApp::spawn_with(|settings| settings.validate_per_second = 2).await;
    let partner = app.partner().await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response =
            call(app.post("/leads/validate", &partner.api_key, &seed_example_lead())).await;
        if response.status() == 429 {
            assert!(header(&response, "retry-after").is_some());
            assert!(header(&response, "x-ratelimit-limit").is_some());
            assert_eq!(json_of(response).await.1["error"], "Rate limit exceeded");
            statuses.push(429);
        } else {
            statuses.push(response.status().as_u16());
        }
    }
    assert_eq!(statuses[..2], [200, 200]);
    assert!(statuses[2..].contains(&429), "{statuses:?}");
    // The hourly quota was not spent by validate.
    let listed = call(app.get("/leads", &partner.api_key)).await;
    assert_eq!(remaining(&listed), Some(999));
}
