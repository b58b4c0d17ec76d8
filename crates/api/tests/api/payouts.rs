use crate::commissions::{earnings, fund, partner, submit};
use partnerhub_test_support::fixtures::dollars;
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

#[tokio::test]
async fn a_run_pays_partners_at_or_above_the_minimum_and_completion_is_an_event() {
    let app = TestApp::spawn().await;
    let (small, small_key) = partner(&app, json!({"name": "S", "email": "s@x.test"})).await;
    let (big, big_key) = partner(&app, json!({"name": "B", "email": "b@x.test"})).await;
    let small_lead = submit(&app, &small_key, 1).await;
    fund(&app, &small_lead, 800.0).await; // $40.00, under the $50.00 default minimum
    for n in 2..4 {
        let lead = submit(&app, &big_key, n).await;
        fund(&app, &lead, 1000.0).await; // $50.00 each
    }
    let (status, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    assert_eq!(status, 200);
    let payouts = run["payouts"].as_array().cloned().unwrap_or_default();
    assert_eq!(payouts.len(), 1, "{run}");
    assert_eq!(
        (
            payouts[0]["partner_id"].as_i64(),
            payouts[0]["amount"].clone(),
            payouts[0]["status"].as_str()
        ),
        (Some(big), dollars("100.00"), Some("pending"))
    );
    let payout = payouts[0]["id"].as_i64().unwrap_or_default();
    assert_eq!(
        send(app.admin_post("/payouts/run", &json!({}))).await.1["payouts"],
        json!([]),
        "nothing is paid twice"
    );

    let (status, completed) =
        send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({}))).await;
    assert_eq!(
        (status, completed["payout"]["status"].as_str()),
        (200, Some("completed"))
    );
    let stats = earnings(&app, &big_key).await;
    assert_eq!(
        (
            stats["paid_earnings"].clone(),
            stats["pending_earnings"].clone()
        ),
        (dollars("100.00"), dollars("0.00"))
    );
    let (_, listed) = send(app.get("/referrer/payouts", &big_key)).await;
    assert_eq!(
        (
            listed["payouts"][0]["amount"].clone(),
            listed["payouts"][0]["status"].as_str()
        ),
        (dollars("100.00"), Some("completed"))
    );
    assert!(listed["payouts"][0]["processed_at"].is_string());
    let processed: Vec<_> = app
        .events(big)
        .await
        .into_iter()
        .filter(|(k, _)| k == "payout.processed")
        .collect();
    assert_eq!(processed.len(), 1);
    let data = &processed[0].1["data"];
    assert_eq!(
        (
            data["payout_id"].as_i64(),
            data["amount"].clone(),
            data["status"].as_str()
        ),
        (Some(payout), dollars("100.00"), Some("paid"))
    );
    let (_, history) = send(app.get("/referrer/commissions", &big_key)).await;
    assert!(history["history"].as_array().is_some_and(|h| {
        h.iter()
            .all(|c| c["status"] == "paid" && c["payout_id"] == payout)
    }));

    let (status, error) =
        send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({}))).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("PAYOUT_NOT_PENDING"))
    );
    assert_eq!(
        send(app.get("/referrer/payouts", &small_key)).await.1["payouts"],
        json!([])
    );
    let (_, lower) = send(app.admin_post("/payouts/run", &json!({"minimum_amount": 40}))).await;
    assert_eq!(lower["payouts"][0]["partner_id"].as_i64(), Some(small));
}

#[tokio::test]
async fn a_failed_payout_returns_its_commissions_to_pending() {
    let app = TestApp::spawn().await;
    let (_, key) = partner(&app, json!({"name": "B", "email": "b@x.test"})).await;
    let lead = submit(&app, &key, 1).await;
    fund(&app, &lead, 2000.0).await;
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payout = run["payouts"][0]["id"].as_i64().unwrap_or_default();
    let (status, failed) = send(app.admin_post(
        &format!("/payouts/{payout}/fail"),
        &json!({"reason": "bank rejected"}),
    ))
    .await;
    assert_eq!(
        (
            status,
            failed["payout"]["status"].as_str(),
            failed["payout"]["failure_reason"].as_str()
        ),
        (200, Some("failed"), Some("bank rejected"))
    );
    let stats = earnings(&app, &key).await;
    assert_eq!(
        (
            stats["pending_earnings"].clone(),
            stats["paid_earnings"].clone()
        ),
        (dollars("100.00"), dollars("0.00"))
    );
    assert_eq!(
        send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({})))
            .await
            .0,
        409
    );
    let (_, rerun) = send(app.admin_post("/payouts/run", &json!({}))).await;
    assert_eq!(rerun["payouts"][0]["amount"], dollars("100.00"));
    assert_eq!(
        send(app.admin_post("/payouts/424242/complete", &json!({})))
            .await
            .0,
        404
    );
    assert_eq!(
        send(app.admin_post("/payouts/424242/fail", &json!({})))
            .await
            .0,
        404
    );
    assert_eq!(
        send(app.admin_post("/payouts/run", &json!({"minimum_amount": -1})))
            .await
            .0,
        400
    );
    assert_eq!(
        send(app.admin_post("/payouts/run", &json!({"minimum_amount": "fifty"})))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn concurrent_runs_never_put_a_commission_in_two_payouts() {
    let app = TestApp::spawn().await;
    let mut keys = Vec::new();
    for n in 0..4 {
        let (_, key) = partner(
            &app,
            json!({"name": format!("P{n}"), "email": format!("p{n}@x.test")}),
        )
        .await;
        let lead = submit(&app, &key, n).await;
        fund(&app, &lead, 2000.0).await;
        keys.push(key);
    }
    let runs = (0..4).map(|_| send(app.admin_post("/payouts/run", &json!({}))));
    let answers = futures_util::future::join_all(runs).await;
    let created: usize = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200);
            body["payouts"].as_array().map_or(0, Vec::len)
        })
        .sum();
    assert_eq!(created, 4, "one payout per partner across all runs");
    for key in &keys {
        let (_, listed) = send(app.get("/referrer/payouts", key)).await;
        assert_eq!(listed["payouts"].as_array().map(Vec::len), Some(1));
    }
}

#[tokio::test]
async fn the_downline_goes_three_levels_deep_and_counts_referrals() {
    let app = TestApp::spawn().await;
    let (top, top_key) = partner(&app, json!({"name": "Top", "email": "t@x.test"})).await;
    let (one, one_key) = partner(
        &app,
        json!({"name": "One", "email": "one@x.test", "parent_partner_id": top}),
    )
    .await;
    let (two, _) = partner(&app, json!({"name": "Two", "email": "two@x.test", "parent_partner_id": one, "status": "suspended"})).await;
    let (three, _) = partner(
        &app,
        json!({"name": "Three", "email": "three@x.test", "parent_partner_id": two}),
    )
    .await;
    partner(
        &app,
        json!({"name": "Four", "email": "four@x.test", "parent_partner_id": three}),
    )
    .await;
    submit(&app, &one_key, 1).await;
    submit(&app, &one_key, 2).await;
    let (status, downline) = send(app.get("/referrer/downline", &top_key)).await;
    assert_eq!(status, 200);
    assert_eq!(
        downline["downline"],
        json!([
        {"id": one, "name": "One", "email": "one@x.test", "status": "active", "total_referrals": 2, "level": 1},
        {"id": two, "name": "Two", "email": "two@x.test", "status": "suspended", "total_referrals": 0, "level": 2},
        {"id": three, "name": "Three", "email": "three@x.test", "status": "active", "total_referrals": 0, "level": 3}])
    );
    let (_, own) = send(app.get("/referrer/downline", &one_key)).await;
    assert_eq!(
        own["downline"].as_array().map(Vec::len),
        Some(3),
        "two, three and four below one"
    );
    let (_, empty) = send(app.get("/referrer/payouts", &top_key)).await;
    assert_eq!(empty, json!({"success": true, "payouts": []}));
    assert_eq!(
        earnings(&app, &top_key).await,
        json!({"total_earnings": dollars("0.00"), "pending_earnings": dollars("0.00"),
        "paid_earnings": dollars("0.00"), "payable_earnings": dollars("0.00"),
        "total_referrals": 0, "total_funded": 0})
    );
}
