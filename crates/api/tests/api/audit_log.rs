//! Who changed what: every change, by the operator, a person or an API key, writes one
//! entry in its own transaction; no entry holds a secret; nothing changes or deletes one.

use crate::commissions::submit;
use diesel_async::RunQueryDsl;
use partnerhub_domain::ApiKey;
use partnerhub_test_support::{PASSWORD, TestApp, send};
use serde_json::{Value, json};

async fn entries(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, listed) = send(app.admin_get(&format!("/audit-log?{query}"))).await;
    assert_eq!(status, 200, "{listed}");
    listed["entries"].as_array().cloned().unwrap_or_default()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn each_change_names_its_actor_its_target_and_what_it_changed() {
    let app = TestApp::spawn().await;
    let response = app
        .admin_post(
            "/partners",
            &json!({"name": "Acme", "email": "ops@acme.test"}),
        )
        .header("X-Request-Id", "audit-trace-0001")
        .send()
        .await
        .unwrap();
    let created: Value = response.json().await.unwrap();
    let id = created["partner"]["id"].as_i64().unwrap();
    let key = created["api_key"].as_str().unwrap().to_string();
    let label = ApiKey::label(&key);

    let made = entries(&app, &format!("target_type=partner&target_id={id}")).await;
    assert_eq!(actions(&made), ["partner.created"]);
    assert_eq!(made[0]["actor"], "operator");
    assert_eq!(made[0]["request_id"], "audit-trace-0001");
    assert_eq!(made[0]["partner_id"], id);
    assert_eq!(
        made[0]["changes"]["name"],
        json!({"before": null, "after": "Acme"})
    );
    assert_eq!(made[0]["changes"]["api_key"]["after"], label.as_str());

    send(app.admin_patch(
        &format!("/partners/{id}"),
        &json!({"rate_limit_per_hour": 50}),
    ))
    .await;
    // Sending the same value again changes nothing, and writes nothing.
    send(app.admin_patch(
        &format!("/partners/{id}"),
        &json!({"rate_limit_per_hour": 50}),
    ))
    .await;
    let updated = entries(&app, "action=partner.updated").await;
    assert_eq!(updated.len(), 1);
    assert_eq!(
        updated[0]["changes"],
        json!({"rate_limit_per_hour": {"before": 1000, "after": 50}})
    );

    // A person, by cookie: the email is the actor.
    let session = app.person(id, "ann@acme.test").await;
    send(app.session_patch(
        "/account",
        &session,
        &json!({"lead_handling": "funding_only"}),
    ))
    .await;
    let by_person = entries(&app, "actor=ann%40acme.test").await;
    assert_eq!(
        actions(&by_person),
        ["partner.updated", "user.password_set"]
    );
    assert_eq!(
        by_person[0]["changes"]["lead_handling"],
        json!({"before": null, "after": "funding_only"})
    );
    assert_eq!(
        entries(&app, "action=user.invited").await[0]["actor"],
        "operator"
    );

    // An API key, by its first 12 characters; a webhook's secret never appears.
    let (_, hook) = send(app.post(
        "/webhooks",
        &key,
        &json!({"url": "http://127.0.0.1:9/hook", "description": "CRM"}),
    ))
    .await;
    let hook_id = hook["webhook"]["id"].as_i64().unwrap();
    let secret = hook["secret"].as_str().unwrap().to_string();
    send(
        app.client
            .post(app.partner_url(&format!("/webhooks/{hook_id}/rotate-secret")))
            .header("X-API-Key", &key),
    )
    .await;
    let by_key = entries(&app, &format!("actor={label}")).await;
    assert_eq!(
        actions(&by_key),
        ["webhook.secret_rotated", "webhook.created"]
    );
    assert_eq!(by_key[1]["target_type"], "webhook");
    assert_eq!(by_key[1]["target_id"], hook_id.to_string());
    assert_eq!(
        by_key[1]["changes"]["url"]["after"],
        "http://127.0.0.1:9/hook"
    );

    // The operator's moves and quotes, and a refused move writes nothing.
    let lead = submit(&app, &key, 1).await;
    send(app.admin_post(
        &format!("/leads/{lead}/status"),
        &json!({"status": "in_underwriting", "note": "docs in"}),
    ))
    .await;
    let (status, _) = send(app.admin_post(
        &format!("/leads/{lead}/status"),
        &json!({"status": "funded", "funded_amount": 10}),
    ))
    .await;
    assert_eq!(status, 409);
    let moves = entries(&app, &format!("target_type=lead&target_id={lead}")).await;
    assert_eq!(actions(&moves), ["lead.moved"]);
    assert_eq!(
        moves[0]["changes"]["stage"],
        json!({"before": "lead", "after": "in_underwriting"})
    );
    assert_eq!(moves[0]["changes"]["note"]["after"], "docs in");

    // No entry holds a key, a secret or a password.
    let (_, everything) = send(app.admin_get("/audit-log?per_page=500")).await;
    let text = everything.to_string();
    for secret in [key.as_str(), secret.as_str(), PASSWORD] {
        assert!(!text.contains(secret), "{secret} is in the audit log");
    }
    assert!(everything["pagination"]["total"].as_i64().unwrap() >= 8);
}

#[tokio::test]
async fn a_partner_reads_its_own_entries_only_and_none_can_be_changed() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let (other, _) = app
        .operator_partner(&json!({"name": "Other", "email": "ops@other.test"}))
        .await;
    send(app.admin_patch(&format!("/partners/{other}"), &json!({"name": "Renamed"}))).await;
    send(app.admin_patch(&format!("/partners/{id}"), &json!({"name": "Acme Brokers"}))).await;
    let session = app.person(id, "ann@acme.test").await;

    let (status, own) = send(app.get("/account/audit-log", &key)).await;
    assert_eq!(status, 200);
    let own_entries = own["entries"].as_array().unwrap();
    assert!(
        own_entries.iter().all(|entry| entry["partner_id"] == id),
        "{own}"
    );
    assert_eq!(
        actions(own_entries),
        [
            "user.password_set",
            "user.invited",
            "partner.updated",
            "partner.created"
        ]
    );
    let (_, by_cookie) =
        send(app.session_get("/account/audit-log?action=partner.updated", &session)).await;
    assert_eq!(by_cookie["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        by_cookie["entries"][0]["changes"]["name"]["after"],
        "Acme Brokers"
    );

    let mut conn = app.conn().await;
    for statement in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let refused = diesel::sql_query(statement).execute(&mut conn).await;
        assert!(
            refused.is_err_and(|error| error.to_string().contains("append-only")),
            "{statement}"
        );
    }
    for bad in [
        "page=0",
        "partner_id=abc",
        &format!("actor={}", "x".repeat(256)),
    ] {
        assert_eq!(
            send(app.admin_get(&format!("/audit-log?{bad}"))).await.0,
            400,
            "{bad}"
        );
    }
}
