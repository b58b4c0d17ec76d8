//! A NUL character, which PostgreSQL cannot store in text, in any text field of any write
//! route or in any query value: a 400 naming the field, never a 500, and nothing changes.

use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::{seed_example_lead, unique_lead, with};
use partnerhub_test_support::{ADMIN_TOKEN, TestApp, send};
use reqwest::Method;
use serde_json::{Value, json};

const NUL: &str = "bad\u{0}byte";

/// Every path to a string in `body`, as the API names fields (`quotes[0].status`).
fn string_fields(value: &Value, path: String, found: &mut Vec<String>) {
    match value {
        Value::String(_) => found.push(path),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                string_fields(item, format!("{path}[{index}]"), found);
            }
        }
        Value::Object(object) => {
            for (name, item) in object {
                let child = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                string_fields(item, child, found);
            }
        }
        _ => {}
    }
}

fn poisoned(body: &Value, field: &str) -> Value {
    let mut body = body.clone();
    let mut target = &mut body;
    for part in field.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        target = &mut target[name];
        if let Some(index) = index {
            target = &mut target[index];
        }
    }
    *target = json!(NUL);
    body
}

async fn row_counts(app: &TestApp) -> Vec<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    let mut counts = Vec::new();
    for table in [
        "leads",
        "partners",
        "events",
        "webhook_endpoints",
        "funding_types",
        "lead_quotes",
        "partner_users",
        "partner_invitations",
        "partner_sessions",
        "login_failures",
    ] {
        let count: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
            .get_result(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        counts.push(count.n);
    }
    counts
}

#[tokio::test]
async fn a_nul_in_any_text_field_of_any_write_route_is_a_400_naming_it() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, lead) = send(app.post("/leads/submit", &partner.api_key, &unique_lead(1))).await;
    let reference = lead["reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, account) = send(app.get("/account", &partner.api_key)).await;
    let code = account["account"]["referral_code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let click = app
        .visit(&format!("/r/{code}"))
        .await
        .reference
        .unwrap_or_default();
    let (_, webhook) = send(app.post(
        "/webhooks",
        &partner.api_key,
        &json!({"url": "http://127.0.0.1:9/hook", "description": "mine"}),
    ))
    .await;
    let webhook_id = webhook["webhook"]["id"].as_i64().unwrap_or_default();
    let (_, _) = send(app.admin_post("/funding-types", &json!({"name": "Term Loan"}))).await;

    let lead_fields = with(
        seed_example_lead(),
        json!({"funding_type": "Term Loan", "utm_source": "s", "utm_medium": "m",
               "utm_campaign": "c", "utm_term": "t", "utm_content": "x",
               "consent_text": "I agree", "user_agent": "ua", "source_url": "https://a.test/",
               "ip_address": "203.0.113.9", "consent_timestamp": "2024-01-01T00:00:00Z",
               "trustedform_cert_url": "https://cert.test/1"}),
    );
    let partner_route =
        |method: Method, path: &str, body: Value| (method, app.partner_url(path), false, body);
    let admin_route =
        |method: Method, path: &str, body: Value| (method, app.admin_url(path), true, body);
    let portal_route =
        |method: Method, path: &str, body: Value| (method, app.url(path), false, body);
    let routes = [
        partner_route(
            Method::PATCH,
            "/account",
            json!({"lead_handling": "funding_only", "landing_url": "https://land.test/"}),
        ),
        admin_route(
            Method::POST,
            &format!("/partners/{}/invitations", partner.id),
            json!({"email": "new@example.com"}),
        ),
        portal_route(
            Method::POST,
            "/app/partners/session",
            json!({"email": "new@example.com", "password": "a long enough password"}),
        ),
        portal_route(
            Method::POST,
            "/app/partners/invitations/no-such-token",
            json!({"password": "a long enough password"}),
        ),
        partner_route(Method::POST, "/leads/validate", lead_fields.clone()),
        partner_route(Method::POST, "/leads/submit", lead_fields.clone()),
        partner_route(
            Method::POST,
            "/webhooks",
            json!({"url": "http://127.0.0.1:9/x", "description": "d", "events": ["lead.created"]}),
        ),
        partner_route(
            Method::PATCH,
            &format!("/webhooks/{webhook_id}"),
            json!({"url": "http://127.0.0.1:9/y", "description": "d", "events": ["lead.created"]}),
        ),
        admin_route(
            Method::POST,
            "/partners",
            json!({"name": "N", "email": "n@example.com", "lead_handling": "funding_only",
                   "landing_url": "https://land.test/", "status": "active"}),
        ),
        admin_route(
            Method::PATCH,
            &format!("/partners/{}", partner.id),
            json!({"name": "N", "lead_handling": "funding_only",
                   "landing_url": "https://land.test/", "status": "active"}),
        ),
        admin_route(Method::POST, "/funding-types", json!({"name": "SBA"})),
        admin_route(
            Method::POST,
            "/leads",
            with(lead_fields.clone(), json!({"partner_id": partner.id})),
        ),
        admin_route(
            Method::POST,
            &format!("/leads/{reference}/status"),
            json!({"status": "in_underwriting", "note": "n"}),
        ),
        admin_route(
            Method::PUT,
            &format!("/leads/{reference}/quotes"),
            json!({"quote_group_status": "active",
                   "quotes": [{"quote_type": "Term Loan", "amount": 1000, "status": "offered"}]}),
        ),
        admin_route(
            Method::POST,
            &format!("/referrals/{click}/convert"),
            lead_fields.clone(),
        ),
        admin_route(Method::POST, "/payouts/1/fail", json!({"reason": "r"})),
        admin_route(Method::POST, "/payouts/run", json!({"note": "n"})),
    ];
    let before = row_counts(&app).await;
    let mut checked = 0;
    for (method, url, operator, body) in routes {
        let mut fields = Vec::new();
        string_fields(&body, String::new(), &mut fields);
        for field in fields {
            let request = app
                .client
                .request(method.clone(), &url)
                .json(&poisoned(&body, &field));
            let request = if operator {
                request.bearer_auth(ADMIN_TOKEN)
            } else {
                request.header("X-API-Key", &partner.api_key)
            };
            let (status, error) = send(request).await;
            assert_eq!(
                (status, error["field"].as_str(), error["code"].as_str()),
                (400, Some(field.as_str()), Some("INVALID_FIELD")),
                "{method} {url} {field}: {error}"
            );
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked} fields checked");
    assert_eq!(row_counts(&app).await, before, "nothing changed");

    let (status, error) = send(app.post(
        "/leads/submit",
        &partner.api_key,
        &json!({"first\u{0}name": "x"}),
    ))
    .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (400, Some("first\\u0000name"))
    );
}

#[tokio::test]
async fn a_nul_in_a_query_value_is_a_400_and_in_a_path_a_404() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    for query in ["status=%00", "start_date=2024%0001-01", "unknown=a%00b"] {
        let (status, error) = send(app.get(&format!("/leads?{query}"), &partner.api_key)).await;
        assert_eq!(
            (status, error["code"].as_str()),
            (400, Some("INVALID_PARAMETER")),
            "{query}"
        );
        assert_eq!(error["field"], query.split('=').next().unwrap_or_default());
    }
    for url in [
        app.url("/r/ab%00cd"),
        app.partner_url("/leads/2024%000101-1"),
    ] {
        let (status, body) = send(app.client.get(&url).header("X-API-Key", &partner.api_key)).await;
        assert_eq!(
            (status, body),
            (404, json!({"error": "Not found"})),
            "{url}"
        );
    }
    let (status, _) =
        send(app.admin_patch("/funding-types/Term%00Loan", &json!({"active": false}))).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_tracking_link_drops_a_utm_value_holding_a_nul() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, account) = send(app.get("/account", &partner.api_key)).await;
    let code = account["account"]["referral_code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let visit = app
        .visit(&format!("/r/{code}?utm_source=a%00b&utm_medium=email"))
        .await;
    assert_eq!(visit.response.status().as_u16(), 302);
    #[derive(diesel::QueryableByName)]
    struct Utm {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        utm_source: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        utm_medium: Option<String>,
    }
    let mut conn = app.conn().await;
    let stored: Utm = diesel::sql_query("SELECT utm_source, utm_medium FROM leads")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        (stored.utm_source, stored.utm_medium.as_deref()),
        (None, Some("email"))
    );
}
