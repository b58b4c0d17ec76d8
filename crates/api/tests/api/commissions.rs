use partnerhub_test_support::fixtures::{dollars, unique_lead};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

/// A partner made through the operator API: (id, key).
pub async fn partner(app: &TestApp, body: Value) -> (i64, String) {
    app.operator_partner(&body).await
}

pub async fn submit(app: &TestApp, key: &str, n: u32) -> String {
    let (status, created) = send(app.post("/leads/submit", key, &unique_lead(n))).await;
    assert_eq!(status, 200, "{created}");
    created["reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub async fn fund(app: &TestApp, reference: &str, dollars: f64) -> (u16, Value) {
    let body = json!({"status": "funded", "force": true, "funded_amount": dollars});
    send(app.admin_post(&format!("/leads/{reference}/status"), &body)).await
}

pub async fn unfund(app: &TestApp, reference: &str) -> u16 {
    let body = json!({"status": "processing", "force": true});
    send(app.admin_post(&format!("/leads/{reference}/status"), &body))
        .await
        .0
}

pub async fn earnings(app: &TestApp, key: &str) -> Value {
    let (status, stats) = send(app.get("/referrer/stats", key)).await;
    assert_eq!(status, 200, "{stats}");
    stats["stats"].clone()
}

#[tokio::test]
async fn a_three_level_chain_earns_at_each_earners_rate_rounded_down() {
    let app = TestApp::spawn().await;
    let (grand, grand_key) = partner(
        &app,
        json!({"name": "G", "email": "g@x.test", "commission_plan": [500, 200, 150]}),
    )
    .await;
    let (parent, parent_key) = partner(&app, json!({"name": "P", "email": "p@x.test", "parent_partner_id": grand, "commission_plan": [700, 300]})).await;
    let (child, child_key) = partner(
        &app,
        json!({"name": "C", "email": "c@x.test", "parent_partner_id": parent}),
    )
    .await;
    let reference = submit(&app, &child_key, 1).await;
    let (status, _) = fund(&app, &reference, 12345.67).await;
    assert_eq!(status, 200);

    // 5% of 12,345.67 = 617.2835; 3% = 370.3701; 1.5% = 185.18505: each rounded down.
    for (key, amount) in [
        (&child_key, "617.28"),
        (&parent_key, "370.37"),
        (&grand_key, "185.18"),
    ] {
        let stats = earnings(&app, key).await;
        assert_eq!(stats["total_earnings"], dollars(amount), "{stats}");
        assert_eq!(stats["pending_earnings"], dollars(amount));
        assert_eq!(stats["paid_earnings"], dollars("0.00"));
    }
    let child_stats = earnings(&app, &child_key).await;
    assert_eq!(
        (
            child_stats["total_referrals"].as_i64(),
            child_stats["total_funded"].as_i64()
        ),
        (Some(1), Some(1))
    );

    for (id, level, amount, email) in [
        (child, 1, "617.28", json!("ann1@example.com")),
        (parent, 2, "370.37", Value::Null),
        (grand, 3, "185.18", Value::Null),
    ] {
        let earned: Vec<Value> = app
            .events(id)
            .await
            .into_iter()
            .filter(|(k, _)| k == "commission.earned")
            .map(|(_, p)| p)
            .collect();
        assert_eq!(earned.len(), 1, "partner {id}");
        let data = &earned[0]["data"];
        assert_eq!(data["commission_id"], json!(format!("{reference}_{level}")));
        assert_eq!(data["referral_reference_id"], json!(reference));
        assert_eq!(data["amount"], dollars(amount));
        assert_eq!(data["level"], level);
        assert_eq!(data["breakdown"][0]["funded_amount"], dollars("12345.67"));
        assert_eq!(
            data["referral_details"],
            json!({"reference_id": reference, "email": email, "status": "funded"})
        );
    }

    let (_, history) = send(app.get("/referrer/commissions", &parent_key)).await;
    assert_eq!(
        history["commissions"],
        json!([
        {"id": 1, "level": 1, "percentage": 7.0, "description": "Direct referral commission"},
        {"id": 2, "level": 2, "percentage": 3.0, "description": "Second-level referral commission"}])
    );
    let entry = &history["history"][0];
    assert_eq!(
        (
            entry["level"].as_i64(),
            entry["amount"].clone(),
            entry["status"].as_str(),
            entry["type"].as_str()
        ),
        (Some(2), dollars("370.37"), Some("pending"), Some("earned"))
    );
    assert_eq!(history["pagination"]["total"], 1);
}

#[tokio::test]
async fn a_lead_pays_once_whatever_is_retried_or_raced() {
    let app = TestApp::spawn().await;
    let (parent, _) = partner(&app, json!({"name": "P", "email": "p@x.test"})).await;
    let (child, child_key) = partner(
        &app,
        json!({"name": "C", "email": "c@x.test", "parent_partner_id": parent}),
    )
    .await;
    let reference = submit(&app, &child_key, 1).await;
    let attempts = (0..6).map(|_| fund(&app, &reference, 1000.0));
    let answers = futures_util::future::join_all(attempts).await;
    let funded = answers.iter().filter(|(status, _)| *status == 200).count();
    assert_eq!(funded, 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, _)| *status == 200 || *status == 409)
    );
    assert_eq!(
        earnings(&app, &child_key).await["total_earnings"],
        dollars("50.00")
    );

    // The database itself refuses a second set for the same funding round.
    let mut conn = app.conn().await;
    let lead = partnerhub_persistence::leads::find_by_reference(
        &mut conn,
        partnerhub_domain::ReferenceId::parse(&reference).expect("reference"),
    )
    .await
    .ok()
    .flatten()
    .expect("lead");
    let again = partnerhub_persistence::commissions::earn(
        &mut conn,
        &lead,
        partnerhub_domain::Cents(100_000),
        chrono::Utc::now(),
        Default::default(),
    )
    .await;
    assert!(again.is_ok());
    assert_eq!(
        earnings(&app, &child_key).await["total_earnings"],
        dollars("50.00")
    );
    for id in [child, parent] {
        let earned = app
            .events(id)
            .await
            .into_iter()
            .filter(|(k, _)| k == "commission.earned")
            .count();
        assert_eq!(earned, 1, "partner {id}");
    }
}

#[tokio::test]
async fn reversal_before_payout_cancels_the_commission() {
    let app = TestApp::spawn().await;
    let (_, key) = partner(&app, json!({"name": "C", "email": "c@x.test"})).await;
    let reference = submit(&app, &key, 1).await;
    fund(&app, &reference, 2000.0).await;
    assert_eq!(
        earnings(&app, &key).await["pending_earnings"],
        dollars("100.00")
    );
    assert_eq!(unfund(&app, &reference).await, 200);
    let stats = earnings(&app, &key).await;
    assert_eq!(
        (
            stats["total_earnings"].clone(),
            stats["pending_earnings"].clone()
        ),
        (dollars("0.00"), dollars("0.00"))
    );
    let (_, history) = send(app.get("/referrer/commissions", &key)).await;
    assert_eq!(history["history"][0]["status"], "reversed");
    // Funded again, the lead earns again, once.
    fund(&app, &reference, 2000.0).await;
    assert_eq!(
        earnings(&app, &key).await["total_earnings"],
        dollars("100.00")
    );
}

#[tokio::test]
async fn reversal_after_payout_is_offset_in_the_next_payout() {
    let app = TestApp::spawn().await;
    let (id, key) = partner(&app, json!({"name": "C", "email": "c@x.test"})).await;
    let first = submit(&app, &key, 1).await;
    fund(&app, &first, 2000.0).await;
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payout = run["payouts"][0]["id"].as_i64().unwrap_or_default();
    assert_eq!(
        send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({})))
            .await
            .0,
        200
    );
    assert_eq!(unfund(&app, &first).await, 200);
    let stats = earnings(&app, &key).await;
    assert_eq!(
        (
            stats["paid_earnings"].clone(),
            stats["pending_earnings"].clone(),
            stats["total_earnings"].clone()
        ),
        (dollars("100.00"), dollars("-100.00"), dollars("0.00"))
    );
    // The adjustment alone reaches no minimum; with a new commission the next payout nets it.
    assert_eq!(
        send(app.admin_post("/payouts/run", &json!({"minimum_amount": 0})))
            .await
            .1["payouts"],
        json!([])
    );
    let second = submit(&app, &key, 2).await;
    fund(&app, &second, 3000.0).await;
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    assert_eq!(run["payouts"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            run["payouts"][0]["amount"].clone(),
            run["payouts"][0]["partner_id"].as_i64()
        ),
        (dollars("50.00"), Some(id))
    );
}
