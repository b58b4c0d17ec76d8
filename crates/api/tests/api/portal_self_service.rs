//! What a partner changes about itself, with the session cookie or its API key; the
//! cross-site refusal; CORS for dashboards on other origins; one quota whichever credential.

use partnerhub_test_support::fixtures::{seed_example_lead, unique_lead, with};
use partnerhub_test_support::{Session, TestApp, send};
use reqwest::header::{COOKIE, ORIGIN};
use serde_json::{Value, json};

const DASHBOARD: &str = "https://dashboard.partners.test";

async fn partner_and_person(app: &TestApp) -> (i64, String, Session) {
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme Brokers", "email": "ops@acme.test"}))
        .await;
    let session = app.person(id, "ann@acme.test").await;
    (id, key, session)
}

fn without_email() -> Value {
    with(seed_example_lead(), json!({"email": null}))
}

#[tokio::test]
async fn lead_handling_changes_with_the_cookie_or_the_key_and_the_next_submit_follows() {
    let app = TestApp::spawn().await;
    let (_, key, session) = partner_and_person(&app).await;
    assert_eq!(
        send(app.post("/leads/submit", &key, &without_email()))
            .await
            .0,
        200
    );

    let (status, body) = send(app.session_patch(
        "/account",
        &session,
        &json!({"lead_handling": "full_management"}),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    assert_eq!(body["account"]["lead_handling"], "full_management");
    let (status, refused) = send(app.post(
        "/leads/submit",
        &key,
        &with(unique_lead(7), json!({"email": null})),
    ))
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["error"],
        "Field 'email' is required when your account is set to 'StartCap fully manages onboarding and funding'."
    );
    assert_eq!(
        refused["settings_url"],
        "https://partners.test/app/partners/settings"
    );

    // With the key, and with the landing URL (https only).
    let (status, body) = send(
        app.client
            .patch(app.partner_url("/account"))
            .header("X-API-Key", &key)
            .json(
                &json!({"lead_handling": "funding_only", "landing_url": "https://acme.test/apply"}),
            ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["account"]["lead_handling"], "funding_only");
    assert_eq!(body["account"]["landing_url"], "https://acme.test/apply");
    assert_eq!(
        send(app.post(
            "/leads/submit",
            &key,
            &with(unique_lead(8), json!({"email": null}))
        ))
        .await
        .0,
        200
    );
    let (_, shown) = send(app.session_get("/account", &session)).await;
    assert_eq!(shown["account"]["landing_url"], "https://acme.test/apply");
    // null clears.
    let (_, body) =
        send(app.session_patch("/account", &session, &json!({"landing_url": null}))).await;
    assert_eq!(body["account"]["landing_url"], Value::Null);
}

#[tokio::test]
async fn bad_account_changes_are_400s_that_change_nothing() {
    let app = TestApp::spawn().await;
    let (_, _, session) = partner_and_person(&app).await;
    for (body, field) in [
        (json!({"lead_handling": "partner_does_it"}), "lead_handling"),
        (json!({"lead_handling": 3}), "lead_handling"),
        (json!({"landing_url": "http://acme.test"}), "landing_url"),
        (json!({"landing_url": "not a url"}), "landing_url"),
        (json!({"name": "Renamed"}), "name"),
        (
            json!({"rate_limit_per_hour": 100000}),
            "rate_limit_per_hour",
        ),
    ] {
        let (status, refused) = send(app.session_patch("/account", &session, &body)).await;
        assert_eq!(
            (status, refused["field"].clone()),
            (400, json!(field)),
            "{body}"
        );
    }
    let (status, refused) = send(app.session_patch("/account", &session, &json!({}))).await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["error"],
        "Nothing to update: send lead_handling or landing_url"
    );
    let (_, shown) = send(app.session_get("/account", &session)).await;
    assert_eq!(shown["account"]["lead_handling"], Value::Null);
    assert_eq!(shown["account"]["landing_url"], Value::Null);
    assert_eq!(shown["account"]["name"], "Acme Brokers");
}

#[tokio::test]
async fn only_a_signed_in_person_rotates_the_key_and_the_old_one_stops_at_once() {
    let app = TestApp::spawn().await;
    let (_, key, session) = partner_and_person(&app).await;
    let (status, refused) = send(
        app.client
            .post(app.partner_url("/account/api-key"))
            .header("X-API-Key", &key),
    )
    .await;
    assert_eq!(
        (status, refused["code"].clone()),
        (403, json!("SESSION_REQUIRED"))
    );
    assert_eq!(send(app.get("/account", &key)).await.0, 200);

    let (status, rotated) = send(app.as_person(
        app.client.post(app.partner_url("/account/api-key")),
        &session,
    ))
    .await;
    assert_eq!(status, 200, "{rotated}");
    let new_key = rotated["api_key"].as_str().unwrap();
    assert!(new_key.starts_with("phk_") && new_key != key);
    assert_eq!(
        send(app.get("/account", &key)).await,
        (401, json!({"error": "Invalid or inactive API key"}))
    );
    assert_eq!(send(app.get("/account", new_key)).await.0, 200);
    // The person's session is not the key: it goes on working.
    assert_eq!(send(app.session_get("/account", &session)).await.0, 200);
}

#[tokio::test]
async fn a_change_carried_by_the_cookie_from_another_site_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, key, session) = partner_and_person(&app).await;
    let cross_site = json!({
        "error": "Cross-site request refused: send changes from the partner portal's own pages",
        "code": "CROSS_SITE_REQUEST"
    });
    for origin in [Some("https://evil.test"), Some("null"), None] {
        let mut request = app
            .client
            .patch(app.partner_url("/account"))
            .header(COOKIE, &session.cookie)
            .json(&json!({"lead_handling": "full_management"}));
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        assert_eq!(send(request).await, (403, cross_site.clone()), "{origin:?}");
        let mut create = app
            .client
            .post(app.partner_url("/webhooks"))
            .header(COOKIE, &session.cookie)
            .json(&json!({"url": "https://hooks.acme.test/in"}));
        if let Some(origin) = origin {
            create = create.header(ORIGIN, origin);
        }
        assert_eq!(send(create).await.0, 403);
        let rotate = app
            .client
            .post(app.partner_url("/account/api-key"))
            .header(COOKIE, &session.cookie)
            .header(ORIGIN, origin.unwrap_or("https://evil.test"));
        assert_eq!(send(rotate).await.0, 403);
    }
    let (_, shown) = send(app.session_get("/account", &session)).await;
    assert_eq!(shown["account"]["lead_handling"], Value::Null);
    let (_, hooks) = send(app.session_get("/webhooks", &session)).await;
    assert_eq!(hooks["webhooks"], json!([]));
    assert_eq!(send(app.get("/account", &key)).await.0, 200);
    // Reads carry no risk another site could see (CORS hides them): they are answered.
    let read = app
        .client
        .get(app.partner_url("/account"))
        .header(COOKIE, &session.cookie)
        .header(ORIGIN, "https://evil.test");
    assert_eq!(send(read).await.0, 200);
    // An API key is no ambient credential: its calls are not refused for their Origin.
    let with_key = app
        .client
        .patch(app.partner_url("/account"))
        .header("X-API-Key", &key)
        .header(ORIGIN, "https://evil.test")
        .json(&json!({"lead_handling": "funding_only"}));
    assert_eq!(send(with_key).await.0, 200);
}

#[tokio::test]
async fn cors_answers_an_allowed_dashboard_and_nobody_else() {
    let app =
        TestApp::spawn_with(|settings| settings.cors_origins = vec![DASHBOARD.to_string()]).await;
    let (_, _, session) = partner_and_person(&app).await;

    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.partner_url("/account"))
        .header(ORIGIN, DASHBOARD)
        .header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], DASHBOARD);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("PATCH")
    );
    assert!(
        headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("Content-Type")
    );

    // The dashboard's change, with the cookie, is no cross-site request.
    let change = app
        .client
        .patch(app.partner_url("/account"))
        .header(COOKIE, &session.cookie)
        .header(ORIGIN, DASHBOARD)
        .json(&json!({"lead_handling": "funding_only"}))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), 200);
    let headers = change.headers();
    assert_eq!(headers["access-control-allow-origin"], DASHBOARD);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert!(headers["vary"].to_str().unwrap().contains("Origin"));
    assert!(
        headers["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("X-RateLimit-Remaining")
    );

    for origin in [
        "https://evil.test",
        "https://dashboard.partners.test.evil.test",
    ] {
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.partner_url("/account"))
            .header(ORIGIN, origin)
            .header("Access-Control-Request-Method", "PATCH")
            .send()
            .await
            .unwrap();
        let cors: Vec<_> = preflight
            .headers()
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{origin}: {cors:?}");
        let read = app
            .client
            .get(app.partner_url("/account"))
            .header(COOKIE, &session.cookie)
            .header(ORIGIN, origin)
            .send()
            .await
            .unwrap();
        assert!(!read.headers().contains_key("access-control-allow-origin"));
    }
}

#[tokio::test]
async fn the_cookie_and_the_key_spend_one_quota_and_see_only_their_partner() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(
            &json!({"name": "Acme", "email": "ops@acme.test", "rate_limit_per_hour": 3}),
        )
        .await;
    let session = app.person(id, "ann@acme.test").await;
    let (_, other_key) = app
        .operator_partner(&json!({"name": "Other", "email": "ops@other.test"}))
        .await;
    let (_, theirs) = send(app.post("/leads/submit", &other_key, &unique_lead(1))).await;
    let theirs = theirs["reference_id"].as_str().unwrap().to_string();

    let remaining = |response: &reqwest::Response| {
        response.headers()["x-ratelimit-remaining"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let first = app.session_get("/account", &session).send().await.unwrap();
    assert_eq!(remaining(&first), "2");
    let second = app.get("/account", &key).send().await.unwrap();
    assert_eq!(remaining(&second), "1");
    // Another partner's lead is the same 404 as none, by cookie too.
    let (status, body) = send(app.session_get(&format!("/leads/{theirs}"), &session)).await;
    assert_eq!(
        (status, body),
        (404, json!({"error": "Lead not found", "code": "NOT_FOUND"}))
    );
    let over = app.session_get("/account", &session).send().await.unwrap();
    assert_eq!(over.status(), 429);
    assert!(over.headers().contains_key("retry-after"));
}
