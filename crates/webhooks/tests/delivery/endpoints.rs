//! Managing endpoints: create (secret shown once), list, update, delete, test events, and
//! the same 404 for another partner's endpoint as for none.

use crate::{all_have_status, deliveries_until, partner, webhook};
use partnerhub_test_support::{Receiver, TestApp, send};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn an_endpoint_is_created_listed_updated_and_deleted() {
    let app = TestApp::spawn().await;
    let (_, key) = partner(&app, "crud").await;
    let (status, created) = send(app.post(
        "/webhooks",
        &key,
        &json!({"url": "https://hooks.example.com/in", "description": "CRM"}),
    ))
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["webhook"]["id"].as_i64().unwrap_or_default();
    let secret = created["secret"].as_str().unwrap_or_default();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 50,
        "{secret}"
    );
    assert_eq!(created["webhook"]["url"], "https://hooks.example.com/in");
    assert_eq!(
        created["webhook"]["events"],
        json!([
            "lead.status_changed",
            "commission.earned",
            "payout.processed",
            "account.status_changed"
        ])
    );
    assert_eq!(created["webhook"]["enabled"], true);
    assert_eq!(created["webhook"]["description"], "CRM");
    assert!(created["webhook"]["created_at"].is_string());

    let (status, listed) = send(app.get("/webhooks", &key)).await;
    assert_eq!(status, 200);
    assert_eq!(listed["webhooks"], json!([created["webhook"]]));
    assert!(
        !listed.to_string().contains(secret),
        "the list never shows the secret"
    );

    let (status, updated) = send(
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&json!({"events": ["commission.earned", "commission.earned"], "enabled": false, "url": "https://crm.example.com/hook"})),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["webhook"]["events"], json!(["commission.earned"]));
    assert_eq!(updated["webhook"]["enabled"], false);
    assert_eq!(updated["webhook"]["url"], "https://crm.example.com/hook");

    let (status, deleted) = send(
        app.client
            .delete(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key),
    )
    .await;
    assert_eq!((status, deleted), (200, json!({"success": true})));
    assert_eq!(
        send(app.get("/webhooks", &key)).await.1,
        json!({"webhooks": []})
    );
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, key) = partner(&app, "strict").await;
    for (body, field) in [
        (json!({}), "url"),
        (json!({"url": "not a url"}), "url"),
        (json!({"url": 42}), "url"),
        (
            json!({"url": "https://a.example.com", "events": []}),
            "events",
        ),
        (
            json!({"url": "https://a.example.com", "events": ["lead.created"]}),
            "events",
        ),
        (
            json!({"url": "https://a.example.com", "events": "lead.status_changed"}),
            "events",
        ),
        (
            json!({"url": "https://a.example.com", "description": "x".repeat(501)}),
            "description",
        ),
    ] {
        let (status, error) = send(app.post("/webhooks", &key, &body)).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (400, Some(field)),
            "{body}: {error}"
        );
        assert!(error["error"].is_string());
    }
    let (id, _) = webhook(&app, &key, json!({"url": "https://a.example.com"})).await;
    let patch = |body: serde_json::Value| {
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&body)
    };
    assert_eq!(send(patch(json!({}))).await.0, 400);
    assert_eq!(
        send(patch(json!({"enabled": "yes"}))).await.1["field"],
        "enabled"
    );
    assert_eq!(
        send(patch(json!({"events": []}))).await.1["field"],
        "events"
    );
    let (_, listed) = send(app.get("/webhooks", &key)).await;
    assert_eq!(listed["webhooks"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        listed["webhooks"][0]["events"].as_array().map(Vec::len),
        Some(4)
    );
}

#[tokio::test]
async fn another_partners_endpoint_is_the_same_404_as_none() {
    let app = TestApp::spawn().await;
    let (_, owner) = partner(&app, "owner").await;
    let (_, stranger) = partner(&app, "stranger").await;
    let (id, _) = webhook(&app, &owner, json!({"url": "https://a.example.com"})).await;
    for missing in [id.to_string(), "999999".to_string(), "abc".to_string()] {
        let calls = [
            app.client
                .patch(app.partner_url(&format!("/webhooks/{missing}")))
                .json(&json!({"enabled": false})),
            app.client
                .delete(app.partner_url(&format!("/webhooks/{missing}"))),
            app.client
                .post(app.partner_url(&format!("/webhooks/{missing}/rotate-secret"))),
            app.client
                .post(app.partner_url(&format!("/webhooks/{missing}/test"))),
            app.client
                .get(app.partner_url(&format!("/webhooks/{missing}/deliveries"))),
        ];
        for call in calls {
            let (status, error) = send(call.header("X-API-Key", &stranger)).await;
            assert_eq!(
                (status, error),
                (
                    404,
                    json!({"error": "Webhook not found", "code": "NOT_FOUND"})
                )
            );
        }
    }
    assert_eq!(
        send(app.get("/webhooks", &stranger)).await.1,
        json!({"webhooks": []})
    );
    let (_, listed) = send(app.get("/webhooks", &owner)).await;
    assert_eq!(
        listed["webhooks"][0]["enabled"], true,
        "the stranger changed nothing"
    );
    assert_eq!(send(app.get("/webhooks", "phk_wrong")).await.0, 401);
}

#[tokio::test]
async fn a_test_event_reaches_only_that_endpoint_marked_as_a_test() {
    let app = TestApp::spawn().await;
    let tested = Receiver::start().await;
    let bystander = Receiver::start().await;
    let _worker = app.spawn_worker(|_| {});
    let (_, key) = partner(&app, "tester").await;
    let (id, _) = webhook(
        &app,
        &key,
        json!({"url": tested.url, "events": ["payout.processed"]}),
    )
    .await;
    webhook(&app, &key, json!({"url": bystander.url})).await;

    let (status, queued) = send(
        app.client
            .post(app.partner_url(&format!("/webhooks/{id}/test")))
            .header("X-API-Key", &key),
    )
    .await;
    assert_eq!(status, 202, "{queued}");
    let delivery_id = queued["delivery_id"].as_i64().unwrap_or_default();
    let arrived = tested.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(arrived.len(), 1);
    let body = arrived[0].json();
    assert_eq!(body["event"], "lead.status_changed");
    assert_eq!(body["data"]["test"], true);
    assert_eq!(body["data"]["old_application_status"], "lead");
    assert_eq!(arrived[0].header("X-Webhook-Event"), "lead.status_changed");
    let listed = deliveries_until(
        &app,
        &key,
        id,
        Duration::from_secs(5),
        all_have_status("succeeded", 1),
    )
    .await;
    assert_eq!(listed[0]["id"], delivery_id);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(bystander.received().is_empty());

    let disable = json!({"enabled": false});
    send(
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&disable),
    )
    .await;
    let (status, error) = send(
        app.client
            .post(app.partner_url(&format!("/webhooks/{id}/test")))
            .header("X-API-Key", &key),
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("WEBHOOK_DISABLED"))
    );
}

#[tokio::test]
async fn deliveries_list_pages_and_filters_by_status() {
    let app = TestApp::spawn().await;
    let (_, key) = partner(&app, "lister").await;
    let (id, _) = webhook(&app, &key, json!({"url": "https://a.example.com"})).await;
    for n in 1..=3 {
        crate::submit(&app, &key, n).await;
    }
    // No worker runs: all three wait.
    let (status, page) = send(app.get(
        &format!("/webhooks/{id}/deliveries?per_page=2&status=pending"),
        &key,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(page["deliveries"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        page["pagination"],
        json!({"page": 1, "per_page": 2, "total": 3, "total_pages": 2})
    );
    assert_eq!(page["deliveries"][0]["status"], "pending");
    assert_eq!(page["deliveries"][0]["attempts"], json!([]));
    assert_eq!(page["deliveries"][0]["event"], "lead.status_changed");
    let (_, second) = send(app.get(
        &format!("/webhooks/{id}/deliveries?per_page=2&page=2"),
        &key,
    ))
    .await;
    assert_eq!(second["deliveries"].as_array().map(Vec::len), Some(1));
    let (_, none) = send(app.get(&format!("/webhooks/{id}/deliveries?status=failed"), &key)).await;
    assert_eq!(none["pagination"]["total"], 0);
    let (status, error) =
        send(app.get(&format!("/webhooks/{id}/deliveries?status=lost"), &key)).await;
    assert_eq!((status, error["field"].as_str()), (400, Some("status")));
}

#[tokio::test]
async fn disabling_pauses_what_is_owed_enabling_resumes_it_and_deleting_drops_it() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let (_, key) = partner(&app, "pauser").await;
    let (kept, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    let (dropped, _) = webhook(&app, &key, json!({"url": receiver.url})).await;
    crate::submit(&app, &key, 1).await;
    // No worker yet: both endpoints are owed the event.
    let patch = |id: i64, enabled: bool| {
        app.client
            .patch(app.partner_url(&format!("/webhooks/{id}")))
            .header("X-API-Key", &key)
            .json(&json!({ "enabled": enabled }))
    };
    assert_eq!(send(patch(kept, false)).await.0, 200);
    assert_eq!(
        crate::deliveries(&app, &key, kept).await[0]["status"],
        "paused"
    );
    let delete = app
        .client
        .delete(app.partner_url(&format!("/webhooks/{dropped}")))
        .header("X-API-Key", &key);
    assert_eq!(send(delete).await.0, 200);

    let _worker = app.spawn_worker(|_| {});
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        receiver.received().is_empty(),
        "nothing goes to a paused or deleted endpoint"
    );
    assert_eq!(send(patch(kept, true)).await.0, 200);
    deliveries_until(
        &app,
        &key,
        kept,
        Duration::from_secs(10),
        all_have_status("succeeded", 1),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "only the kept endpoint's delivery was sent"
    );
}
