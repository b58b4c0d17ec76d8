use partnerhub_test_support::fixtures::{seed_example_lead, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

async fn create(app: &TestApp, body: Value) -> (i64, String, Value) {
    let (status, created) = send(app.admin_post("/partners", &body)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["partner"]["id"].as_i64().unwrap_or_default();
    let key = created["api_key"].as_str().unwrap_or_default().to_string();
    (id, key, created["partner"].clone())
}

#[tokio::test]
async fn creates_a_partner_with_defaults_and_a_working_key() {
    let app = TestApp::spawn().await;
    let (id, key, partner) = create(&app, json!({"name": "Acme", "email": "ops@acme.test"})).await;
    let code = partner["referral_code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let created_at = partner["created_at"].clone();
    assert_eq!(
        partner,
        json!({"id": id, "name": "Acme", "email": "ops@acme.test", "status": "active",
               "parent_partner_id": null, "lead_handling": null, "rate_limit_per_hour": 1000,
               "commission_plan": [500, 200, 100], "referral_code": code,
               "tracking_url": format!("https://partners.test/r/{code}"), "landing_url": null,
               "commission_hold_days": null, "phone": null, "created_at": created_at})
    );
    assert_eq!(send(app.get("/account", &key)).await.0, 200);
    let (status, shown) = send(app.admin_get(&format!("/partners/{id}"))).await;
    assert_eq!((status, &shown["partner"]), (200, &partner));
}

#[tokio::test]
async fn creates_a_partner_with_every_field() {
    let app = TestApp::spawn().await;
    let (parent, _, _) = create(&app, json!({"name": "Parent", "email": "p@x.test"})).await;
    let (_, key, partner) = create(
        &app,
        json!({"name": "Child", "email": "c@x.test", "parent_partner_id": parent,
               "lead_handling": "full_management", "rate_limit_per_hour": 50,
               "commission_plan": [700, 300], "landing_url": "https://child.test/start", "status": "pending"}),
    )
    .await;
    assert_eq!(partner["parent_partner_id"], parent);
    assert_eq!(partner["lead_handling"], "full_management");
    assert_eq!(partner["rate_limit_per_hour"], 50);
    assert_eq!(partner["commission_plan"], json!([700, 300]));
    assert_eq!(partner["landing_url"], "https://child.test/start");
    assert_eq!(partner["status"], "pending");
    let (status, _) = send(app.get("/account", &key)).await;
    assert_eq!(status, 401, "a pending partner's key is refused");
}

#[tokio::test]
async fn bad_partner_fields_are_400_naming_the_field_and_create_nothing() {
    let app = TestApp::spawn().await;
    let base = json!({"name": "Acme", "email": "ops@acme.test"});
    let cases = [
        (json!({"name": null}), "name"),
        (json!({"email": null}), "email"),
        (json!({"email": "not-an-email"}), "email"),
        (json!({"name": "x".repeat(201)}), "name"),
        (
            json!({"commission_plan": [500, 200, 100, 50]}),
            "commission_plan",
        ),
        (json!({"commission_plan": [10001]}), "commission_plan"),
        (json!({"commission_plan": "5%"}), "commission_plan"),
        (json!({"lead_handling": "full"}), "lead_handling"),
        (json!({"rate_limit_per_hour": 0}), "rate_limit_per_hour"),
        (
            json!({"rate_limit_per_hour": "many"}),
            "rate_limit_per_hour",
        ),
        (json!({"landing_url": "ftp://x.test"}), "landing_url"),
        (json!({"status": "deleted"}), "status"),
        (json!({"parent_partner_id": 424242}), "parent_partner_id"),
    ];
    for (changes, field) in cases {
        let body = with(base.clone(), changes.clone());
        let (status, error) = send(app.admin_post("/partners", &body)).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (400, Some(field)),
            "{changes}: {error}"
        );
    }
    let (status, _) = send(
        app.client
            .post(app.admin_url("/partners"))
            .bearer_auth("test-admin-token")
            .body("{")
            .header("Content-Type", "application/json"),
    )
    .await;
    assert_eq!(status, 400);
    let mut conn = app.conn().await;
    use diesel::QueryDsl;
    use diesel_async::RunQueryDsl;
    let count: i64 = partnerhub_persistence::schema::partners::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap_or(-1);
    assert_eq!(count, 0);
}

#[tokio::test]
async fn unknown_partners_are_404() {
    let app = TestApp::spawn().await;
    for path in ["/partners/424242", "/partners/abc"] {
        let (status, body) = send(app.admin_get(path)).await;
        assert_eq!(status, 404, "{path}");
        assert!(body["error"].is_string());
    }
    let (status, body) = send(app.admin_patch("/partners/424242", &json!({"name": "X"}))).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("Partner not found"))
    );
    assert_eq!(
        send(app.admin_post("/partners/424242/api-key", &json!({})))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn a_status_change_applies_to_the_next_request_and_is_an_event() {
    let app = TestApp::spawn().await;
    let (id, key, _) = create(&app, json!({"name": "Acme", "email": "ops@acme.test"})).await;
    assert_eq!(send(app.get("/leads", &key)).await.0, 200);
    let (status, updated) =
        send(app.admin_patch(&format!("/partners/{id}"), &json!({"status": "suspended"}))).await;
    assert_eq!(
        (status, updated["partner"]["status"].as_str()),
        (200, Some("suspended"))
    );
    let (status, body) = send(app.get("/leads", &key)).await;
    assert_eq!(
        (status, body),
        (401, json!({"error": "Invalid or inactive API key"}))
    );
    assert_eq!(
        send(app.admin_patch(&format!("/partners/{id}"), &json!({"status": "active"})))
            .await
            .0,
        200
    );
    assert_eq!(send(app.get("/leads", &key)).await.0, 200);
    // The same status again is no change and no event.
    assert_eq!(
        send(app.admin_patch(&format!("/partners/{id}"), &json!({"status": "active"})))
            .await
            .0,
        200
    );

    let events = app.events(id).await;
    assert_eq!(events.len(), 2, "{events:?}");
    let (kind, payload) = &events[0];
    assert_eq!(kind, "account.status_changed");
    assert_eq!(payload["event"], "account.status_changed");
    assert_eq!(
        payload["data"],
        json!({"referrer_id": id, "old_status": "active", "new_status": "suspended",
               "account_details": {"id": id, "email": "ops@acme.test", "status": "suspended"}})
    );
    let timestamp = payload["timestamp"].as_str().unwrap_or_default();
    assert!(
        chrono::DateTime::parse_from_rfc3339(timestamp).is_ok() && timestamp.ends_with('Z'),
        "{timestamp}"
    );
    assert_eq!(events[1].1["data"]["new_status"], "active");
}

#[tokio::test]
async fn other_changes_apply_at_once() {
    let app = TestApp::spawn().await;
    let (id, key, _) = create(&app, json!({"name": "Acme", "email": "ops@acme.test"})).await;
    let changes = json!({"name": "Acme Capital", "rate_limit_per_hour": 7, "lead_handling": "full_management",
                         "commission_plan": [400], "landing_url": "https://acme.test/"});
    let (status, updated) = send(app.admin_patch(&format!("/partners/{id}"), &changes)).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["partner"]["name"], "Acme Capital");
    assert_eq!(updated["partner"]["commission_plan"], json!([400]));
    let response = app.get("/account", &key).send().await.unwrap();
    assert_eq!(
        response
            .headers()
            .get("x-ratelimit-limit")
            .map(|v| v.as_bytes()),
        Some(&b"7"[..])
    );
    let no_email = with(seed_example_lead(), json!({"email": null}));
    let (status, error) = send(app.post("/leads/submit", &key, &no_email)).await;
    assert_eq!(status, 400);
    assert!(error["settings_note"].is_string());
    let (status, cleared) = send(app.admin_patch(
        &format!("/partners/{id}"),
        &json!({"lead_handling": null, "landing_url": null}),
    ))
    .await;
    assert_eq!(
        (
            status,
            &cleared["partner"]["lead_handling"],
            &cleared["partner"]["landing_url"]
        ),
        (200, &Value::Null, &Value::Null)
    );
    let (status, error) = send(app.admin_patch(
        &format!("/partners/{id}"),
        &json!({"email": "new@acme.test"}),
    ))
    .await;
    assert_eq!((status, error["field"].as_str()), (400, Some("email")));
    assert!(
        app.events(id).await.is_empty(),
        "no status change, no event"
    );
}

#[tokio::test]
async fn a_downline_never_forms_a_cycle() {
    let app = TestApp::spawn().await;
    let (a, _, _) = create(&app, json!({"name": "A", "email": "a@x.test"})).await;
    let (b, _, _) = create(
        &app,
        json!({"name": "B", "email": "b@x.test", "parent_partner_id": a}),
    )
    .await;
    let (c, _, _) = create(
        &app,
        json!({"name": "C", "email": "c@x.test", "parent_partner_id": b}),
    )
    .await;
    for (child, parent) in [(a, c), (a, b), (a, a), (b, c)] {
        let (status, error) = send(app.admin_patch(
            &format!("/partners/{child}"),
            &json!({"parent_partner_id": parent}),
        ))
        .await;
        assert_eq!(
            (status, error["code"].as_str()),
            (409, Some("DOWNLINE_CYCLE")),
            "{child} under {parent}"
        );
    }
    let (status, error) = send(app.admin_patch(
        &format!("/partners/{a}"),
        &json!({"parent_partner_id": 999999}),
    ))
    .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (400, Some("parent_partner_id"))
    );
    // Moving C up under A, and detaching B, are fine.
    let (status, moved) =
        send(app.admin_patch(&format!("/partners/{c}"), &json!({"parent_partner_id": a}))).await;
    assert_eq!(
        (status, &moved["partner"]["parent_partner_id"]),
        (200, &json!(a))
    );
    let (status, detached) = send(app.admin_patch(
        &format!("/partners/{b}"),
        &json!({"parent_partner_id": null}),
    ))
    .await;
    assert_eq!(
        (status, &detached["partner"]["parent_partner_id"]),
        (200, &Value::Null)
    );
}

#[tokio::test]
async fn concurrent_parent_changes_cannot_close_a_loop() {
    let app = TestApp::spawn().await;
    let (a, _, _) = create(&app, json!({"name": "A", "email": "a@x.test"})).await;
    let (b, _, _) = create(&app, json!({"name": "B", "email": "b@x.test"})).await;
    let (first, second) = tokio::join!(
        send(app.admin_patch(&format!("/partners/{a}"), &json!({"parent_partner_id": b}))),
        send(app.admin_patch(&format!("/partners/{b}"), &json!({"parent_partner_id": a}))),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
}

#[tokio::test]
async fn a_rotated_key_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let (id, old_key, _) = create(&app, json!({"name": "Acme", "email": "ops@acme.test"})).await;
    assert_eq!(send(app.get("/account", &old_key)).await.0, 200);
    let (status, rotated) =
        send(app.admin_post(&format!("/partners/{id}/api-key"), &json!({}))).await;
    assert_eq!(status, 200);
    let new_key = rotated["api_key"].as_str().unwrap_or_default();
    assert_ne!(new_key, old_key);
    assert_eq!(send(app.get("/account", &old_key)).await.0, 401);
    assert_eq!(send(app.get("/account", new_key)).await.0, 200);
}

#[tokio::test]
async fn an_email_in_use_is_409_whatever_its_case() {
    let app = TestApp::spawn().await;
    create(&app, json!({"name": "Acme", "email": "ops@acme.test"})).await;
    let (status, error) = send(app.admin_post(
        "/partners",
        &json!({"name": "Other", "email": "OPS@acme.test"}),
    ))
    .await;
    assert_eq!(
        (status, error),
        (
            409,
            json!({"error": "Email already in use", "code": "EMAIL_IN_USE", "field": "email"})
        )
    );
}
