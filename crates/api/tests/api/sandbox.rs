//! Test keys beside live keys: test leads are seen only by test calls, never counted, never
//! earning; their events say `"test": true`; operators see them only when they ask.

use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

async fn partner_with_test_key(app: &TestApp) -> (i64, String, String) {
    let (id, live) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let (status, issued) =
        send(app.admin_post(&format!("/partners/{id}/api-key"), &json!({"mode": "test"}))).await;
    assert_eq!(status, 200, "{issued}");
    let test = issued["api_key"].as_str().unwrap().to_string();
    assert!(test.starts_with("phk_test_") && test.len() == 57, "{test}");
    (id, live, test)
}

#[tokio::test]
async fn test_and_live_keys_live_side_by_side_and_rotate_apart() {
    let app = TestApp::spawn().await;
    let (id, live, test) = partner_with_test_key(&app).await;
    assert_eq!(send(app.get("/account", &live)).await.0, 200);
    assert_eq!(send(app.get("/account", &test)).await.0, 200);
    // A person rotates the test key from the portal; the live key is untouched.
    let session = app.person(id, "ann@acme.test").await;
    let (status, rotated) =
        send(app.session_post("/account/api-key", &session, &json!({"mode": "test"}))).await;
    assert_eq!(status, 200);
    let new_test = rotated["api_key"].as_str().unwrap();
    assert!(new_test.starts_with("phk_test_"));
    assert_eq!(send(app.get("/account", &test)).await.0, 401);
    assert_eq!(send(app.get("/account", new_test)).await.0, 200);
    assert_eq!(send(app.get("/account", &live)).await.0, 200);
    let (status, refused) =
        send(app.session_post("/account/api-key", &session, &json!({"mode": "staging"}))).await;
    assert_eq!((status, refused["field"].clone()), (400, json!("mode")));
    let (status, refused) = send(app.admin_post(
        &format!("/partners/{id}/api-key"),
        &json!({"mode": "test", "label": "ci"}),
    ))
    .await;
    assert_eq!((status, refused["field"].clone()), (400, json!("label")));
    assert_eq!(
        send(app.get("/account", new_test)).await.0,
        200,
        "a refused request rotates nothing"
    );
    // Without a body, the live key.
    let (status, rotated) = send(app.as_person(
        app.client.post(app.partner_url("/account/api-key")),
        &session,
    ))
    .await;
    assert_eq!(status, 200);
    assert!(
        !rotated["api_key"]
            .as_str()
            .unwrap()
            .starts_with("phk_test_")
    );
    assert_eq!(send(app.get("/account", &live)).await.0, 401);
}

#[tokio::test]
async fn a_test_lead_is_seen_only_by_test_calls_and_counts_for_nothing() {
    let app = TestApp::spawn().await;
    let (id, live, test) = partner_with_test_key(&app).await;
    let (status, created) = send(app.post("/leads/submit", &test, &unique_lead(1))).await;
    assert_eq!(status, 200, "{created}");
    let test_lead = created["reference_id"].as_str().unwrap().to_string();
    // The same person through the live key is no duplicate of the test lead.
    let (status, created) = send(app.post("/leads/submit", &live, &unique_lead(1))).await;
    assert_eq!(status, 200, "{created}");
    let live_lead = created["reference_id"].as_str().unwrap().to_string();
    let not_found = json!({"error": "Lead not found", "code": "NOT_FOUND"});

    assert_eq!(
        send(app.get(&format!("/leads/{test_lead}"), &test)).await.0,
        200
    );
    assert_eq!(
        send(app.get(&format!("/leads/{test_lead}"), &live)).await,
        (404, not_found.clone())
    );
    assert_eq!(
        send(app.get(&format!("/leads/{live_lead}"), &test)).await,
        (404, not_found)
    );
    let (_, listed) = send(app.get("/leads", &test)).await;
    assert_eq!(listed["leads"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["leads"][0]["reference_id"], test_lead.as_str());
    assert_eq!(listed["pagination"]["total"], 1);
    let (_, listed) = send(app.get("/leads", &live)).await;
    assert_eq!(listed["leads"][0]["reference_id"], live_lead.as_str());
    assert_eq!(listed["pagination"]["total"], 1);
    // Never counted: the stats are the live leads'.
    let (_, stats) = send(app.get("/referrals/stats", &live)).await;
    assert_eq!(stats["stats"]["total_referrals"], 1);

    // The operator moves it (so receivers can be exercised); it earns nothing, and its
    // events say test.
    let (status, moved) = send(app.admin_post(
        &format!("/leads/{test_lead}/status"),
        &json!({"status": "funded", "force": true, "funded_amount": 10000}),
    ))
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["lead"]["test"], true);
    let (_, earnings) = send(app.get("/referrer/stats", &live)).await;
    assert_eq!(earnings["stats"]["total_earnings"].to_string(), "0.00");
    let events = app.events(id).await;
    let test_events: Vec<_> = events
        .iter()
        .filter(|(_, payload)| payload["data"]["lead_reference_id"] == test_lead.as_str())
        .collect();
    assert_eq!(test_events.len(), 2, "submitted and funded");
    assert!(test_events.iter().all(|(kind, payload)| {
        kind == "lead.status_changed" && payload["data"]["test"] == true
    }));
    assert!(events.iter().all(|(kind, _)| kind != "commission.earned"));
    let live_event = events
        .iter()
        .find(|(_, payload)| payload["data"]["lead_reference_id"] == live_lead.as_str())
        .unwrap();
    assert!(live_event.1["data"].get("test").is_none());

    // Operators see test leads only when they ask.
    let (_, all) = send(app.admin_get("/leads")).await;
    assert_eq!(all["pagination"]["total"], 1);
    assert_eq!(all["leads"][0]["test"], false);
    let (_, tests) = send(app.admin_get("/leads?test=true")).await;
    assert_eq!(tests["leads"][0]["reference_id"], test_lead.as_str());
    assert_eq!(tests["leads"][0]["test"], true);
    // The test key's export holds the test lead only.
    let csv = app
        .get("/leads/export.csv", &test)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.lines().nth(1).unwrap().starts_with(&test_lead));
}
