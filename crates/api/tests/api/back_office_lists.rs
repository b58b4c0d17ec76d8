//! The back office's lists across partners, paged like /leads, with their CSV exports.

use crate::commissions::{fund, submit};
use partnerhub_test_support::fixtures::{unique_lead, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

async fn csv(app: &TestApp, path: &str) -> Vec<String> {
    let response = app.admin_get(path).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    response
        .text()
        .await
        .unwrap()
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn ids(listed: &Value, key: &str) -> Vec<i64> {
    listed[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn partners_are_listed_by_status_and_found_by_name_or_email() {
    let app = TestApp::spawn().await;
    let (acme, _) = app
        .operator_partner(&json!({"name": "Acme 100% Funding", "email": "ops@acme.test"}))
        .await;
    let (bright, _) = app
        .operator_partner(
            &json!({"name": "Bright", "email": "hello_team@bright.test", "status": "suspended"}),
        )
        .await;
    let (listed_all, _) = (send(app.admin_get("/partners")).await.1, ());
    assert_eq!(ids(&listed_all, "partners"), [bright, acme], "newest first");
    assert_eq!(
        listed_all["pagination"],
        json!({"page": 1, "per_page": 100, "total": 2, "total_pages": 1})
    );
    let (_, suspended) = send(app.admin_get("/partners?status=suspended")).await;
    assert_eq!(ids(&suspended, "partners"), [bright]);
    for (q, found) in [
        ("ACME", vec![acme]),
        ("100%", vec![acme]),
        ("o_t", vec![bright]),
        ("_", vec![bright]),
        ("nobody", vec![]),
    ] {
        let (_, listed) = send(app.admin_get(&format!("/partners?q={}", urlencode(q)))).await;
        assert_eq!(ids(&listed, "partners"), found, "q={q}");
    }
    let (_, page) = send(app.admin_get("/partners?per_page=1&page=2")).await;
    assert_eq!(ids(&page, "partners"), [acme]);
    for bad in [
        "status=gone",
        "page=0",
        "per_page=501",
        &format!("q={}", "x".repeat(201)),
    ] {
        let (status, _) = send(app.admin_get(&format!("/partners?{bad}"))).await;
        assert_eq!(status, 400, "{bad}");
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn leads_across_partners_filter_search_and_export() {
    let app = TestApp::spawn().await;
    let (first, first_key) = app
        .operator_partner(&json!({"name": "First", "email": "first@x.test"}))
        .await;
    let (_, second_key) = app
        .operator_partner(&json!({"name": "Second", "email": "second@x.test"}))
        .await;
    let a = submit(&app, &first_key, 1).await;
    let tricky = with(
        unique_lead(2),
        json!({"company_name": "=cmd|' /C calc'!A0"}),
    );
    let (_, b) = send(app.post("/leads/submit", &second_key, &tricky)).await;
    let b = b["reference_id"].as_str().unwrap().to_string();
    fund(&app, &a, 1000.0).await;

    let references = |listed: &Value| -> Vec<String> {
        listed["leads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|lead| lead["reference_id"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, all) = send(app.admin_get("/leads")).await;
    assert_eq!(references(&all), [b.clone(), a.clone()]);
    assert_eq!(all["leads"][1]["partner_id"], first);
    assert_eq!(all["leads"][1]["funded_amount"].to_string(), "1000.00");
    let (_, mine) = send(app.admin_get(&format!("/leads?partner_id={first}"))).await;
    assert_eq!(references(&mine), [a.as_str()]);
    let (_, funded) = send(app.admin_get("/leads?effective_status=funded")).await;
    assert_eq!(references(&funded), [a.as_str()]);
    let (_, found) = send(app.admin_get("/leads?q=annc")).await;
    assert_eq!(references(&found), [b.as_str()], "by name");
    let (_, found) = send(app.admin_get("/leads?q=ann1%40example")).await;
    assert_eq!(references(&found), [a.as_str()], "by email");
    let (_, none) = send(app.admin_get("/leads?end_date=2000-01-01")).await;
    assert_eq!(none["pagination"]["total"], 0);
    for bad in [
        "partner_id=x",
        "effective_status=won",
        "test=maybe",
        "start_date=2024-13-01",
    ] {
        assert_eq!(
            send(app.admin_get(&format!("/leads?{bad}"))).await.0,
            400,
            "{bad}"
        );
    }

    let rows = csv(&app, "/leads/export.csv").await;
    assert_eq!(rows.len(), 3);
    assert!(rows[0].ends_with(",partner_id,test,flags"), "{}", rows[0]);
    assert!(rows[1].starts_with(&format!("{b},api_lead,")));
    assert!(rows[1].contains(",'=cmd|' /C calc'!A0,"), "{}", rows[1]);
    let rows = csv(&app, &format!("/leads/export.csv?partner_id={first}")).await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows[1].ends_with(&format!(",{first},false,")),
        "{}",
        rows[1]
    );
}

#[tokio::test]
async fn commissions_and_payouts_are_listed_filtered_and_exported() {
    let app = TestApp::spawn().await;
    let (top, top_key) = app
        .operator_partner(&json!({"name": "Top", "email": "top@x.test"}))
        .await;
    let (child, child_key) = app
        .operator_partner(
            &json!({"name": "Child", "email": "child@x.test", "parent_partner_id": top}),
        )
        .await;
    let _ = top_key;
    let lead = submit(&app, &child_key, 1).await;
    fund(&app, &lead, 100_000.0).await;
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payouts: Vec<i64> = ids(&run, "payouts");
    assert_eq!(payouts.len(), 2);
    send(app.admin_post(&format!("/payouts/{}/complete", payouts[0]), &json!({}))).await;

    let (_, listed) = send(app.admin_get("/commissions")).await;
    assert_eq!(listed["pagination"]["total"], 2);
    let (_, of_child) = send(app.admin_get(&format!("/commissions?partner_id={child}"))).await;
    let commission = &of_child["commissions"][0];
    assert_eq!(commission["referral_reference_id"], lead.as_str());
    assert_eq!(commission["level"], 1);
    assert_eq!(commission["amount"].to_string(), "5000.00");
    assert_eq!(commission["type"], "earned");
    let (_, paid) = send(app.admin_get("/commissions?status=paid")).await;
    assert_eq!(paid["pagination"]["total"], 1);
    assert_eq!(send(app.admin_get("/commissions?status=lost")).await.0, 400);

    let (_, all) = send(app.admin_get("/payouts")).await;
    assert_eq!(ids(&all, "payouts"), [payouts[1], payouts[0]]);
    let (_, completed) = send(app.admin_get("/payouts?status=completed")).await;
    assert_eq!(ids(&completed, "payouts"), [payouts[0]]);
    let (_, of_top) = send(app.admin_get(&format!("/payouts?partner_id={top}"))).await;
    assert_eq!(of_top["payouts"][0]["amount"].to_string(), "2000.00");
    assert_eq!(send(app.admin_get("/payouts?status=paid")).await.0, 400);

    let rows = csv(&app, "/commissions/export.csv").await;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        "id,partner_id,referral_reference_id,level,percentage,funded_amount,amount,type,status,reason,held_for_review,payable_at,payout_id,created_at"
    );
    let rows = csv(&app, "/payouts/export.csv?status=pending").await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows[1].starts_with(&format!("{},", payouts[1])),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains(",pending,"), "{}", rows[1]);
}

#[tokio::test]
async fn failing_deliveries_are_listed_across_partners_with_their_attempts() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let (status, _) = send(app.post(
        "/webhooks",
        &key,
        &json!({"url": "http://127.0.0.1:9/down", "events": ["lead.status_changed"]}),
    ))
    .await;
    assert_eq!(status, 201);
    submit(&app, &key, 1).await;
    let worker = app.spawn_worker(|settings| {
        settings.schedule = partnerhub_domain::webhooks::RetrySchedule::new(vec![
            std::time::Duration::from_millis(50),
        ]);
    });
    let failed = partnerhub_test_support::eventually(|| async {
        let (_, listed) = send(app.admin_get("/webhook-deliveries?status=failed")).await;
        listed["pagination"]["total"] == 1
    })
    .await;
    drop(worker);
    assert!(failed, "the delivery to a closed port fails");
    let (_, listed) = send(app.admin_get(&format!(
        "/webhook-deliveries?status=failed&partner_id={id}"
    )))
    .await;
    let delivery = &listed["deliveries"][0];
    assert_eq!(delivery["partner_id"], id);
    assert_eq!(delivery["event"], "lead.status_changed");
    assert_eq!(delivery["attempts"].as_array().map(Vec::len), Some(2));
    let (_, pending) = send(app.admin_get("/webhook-deliveries?status=pending")).await;
    assert_eq!(pending["pagination"]["total"], 0);
    let (_, other) = send(app.admin_get("/webhook-deliveries?partner_id=999999")).await;
    assert_eq!(other["pagination"]["total"], 0);
    assert_eq!(
        send(app.admin_get("/webhook-deliveries?status=lost"))
            .await
            .0,
        400
    );
}
