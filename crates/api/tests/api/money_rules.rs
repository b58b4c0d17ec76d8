//! Only active partners earn; commissions wait for their hold; self-referrals wait for a
//! review. total = pending + paid throughout.

use crate::commissions::{earnings, fund, submit};
use diesel_async::RunQueryDsl;
use partnerhub_domain::earning_rules::EarningPolicy;
use partnerhub_test_support::fixtures::{unique_lead, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

fn cents(amount: &Value) -> i64 {
    amount.to_string().replace('.', "").parse().unwrap()
}

fn ledger_holds(stats: &Value) {
    assert_eq!(
        cents(&stats["total_earnings"]),
        cents(&stats["pending_earnings"]) + cents(&stats["paid_earnings"]),
        "{stats}"
    );
}

async fn commissions_of(app: &TestApp, partner: i64) -> Vec<Value> {
    let (status, listed) = send(app.admin_get(&format!("/commissions?partner_id={partner}"))).await;
    assert_eq!(status, 200, "{listed}");
    listed["commissions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_level_whose_earner_is_not_active_is_skipped_with_its_reason() {
    let app = TestApp::spawn().await;
    let (top, top_key) = app
        .operator_partner(&json!({"name": "Top", "email": "top@x.test"}))
        .await;
    let (child, child_key) = app
        .operator_partner(
            &json!({"name": "Child", "email": "child@x.test", "parent_partner_id": top}),
        )
        .await;
    send(app.admin_patch(&format!("/partners/{top}"), &json!({"status": "suspended"}))).await;
    let reference = submit(&app, &child_key, 1).await;
    assert_eq!(fund(&app, &reference, 10_000.0).await.0, 200);

    let skipped = commissions_of(&app, top).await;
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["status"], "skipped");
    assert_eq!(skipped[0]["level"], 2);
    assert_eq!(
        skipped[0]["reason"],
        "the partner was suspended when the lead was funded"
    );
    let earned = commissions_of(&app, child).await;
    assert_eq!(earned[0]["status"], "pending");
    assert_eq!(earned[0]["amount"].to_string(), "500.00");
    // No money and no event for the skipped level.
    send(app.admin_patch(&format!("/partners/{top}"), &json!({"status": "active"}))).await;
    let stats = earnings(&app, &top_key).await;
    assert_eq!(stats["total_earnings"].to_string(), "0.00");
    assert!(
        app.events(top)
            .await
            .iter()
            .all(|(kind, _)| kind != "commission.earned")
    );
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    assert_eq!(
        run["payouts"].as_array().map(Vec::len),
        Some(1),
        "the child's only"
    );
    // The skipped share stays skipped when the lead is un-funded and funded again.
    let (status, _) = send(app.admin_post(
        &format!("/leads/{reference}/status"),
        &json!({"status": "processing", "force": true}),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(commissions_of(&app, top).await[0]["status"], "skipped");
    ledger_holds(&earnings(&app, &child_key).await);
}

#[tokio::test]
async fn a_commission_is_payable_only_after_its_hold() {
    let app = TestApp::spawn_with(|settings| {
        settings.earning_policy = EarningPolicy {
            default_hold_days: 30,
        };
    })
    .await;
    let (held, held_key) = app
        .operator_partner(&json!({"name": "Held", "email": "held@x.test"}))
        .await;
    let (_, quick_key) = app
        .operator_partner(
            &json!({"name": "Quick", "email": "quick@x.test", "commission_hold_days": 0}),
        )
        .await;
    let first = submit(&app, &held_key, 1).await;
    fund(&app, &first, 10_000.0).await;
    let second = submit(&app, &quick_key, 2).await;
    fund(&app, &second, 10_000.0).await;

    let stats = earnings(&app, &held_key).await;
    assert_eq!(stats["pending_earnings"].to_string(), "500.00");
    assert_eq!(stats["payable_earnings"].to_string(), "0.00");
    ledger_holds(&stats);
    let commission = &commissions_of(&app, held).await[0];
    let funded_at = chrono::NaiveDateTime::parse_from_str(
        commission["created_at"].as_str().unwrap(),
        "%Y-%m-%d %H:%M:%S",
    )
    .unwrap();
    let payable_at = chrono::NaiveDateTime::parse_from_str(
        commission["payable_at"].as_str().unwrap(),
        "%Y-%m-%d %H:%M:%S",
    )
    .unwrap();
    assert_eq!((payable_at - funded_at).num_days(), 30);
    assert_eq!(
        earnings(&app, &quick_key).await["payable_earnings"].to_string(),
        "500.00"
    );
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let paid_to: Vec<i64> = run["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|payout| payout["partner_id"].as_i64().unwrap())
        .collect();
    assert!(!paid_to.contains(&held), "{run}");
    assert_eq!(paid_to.len(), 1);

    // Thirty days on, the hold is over.
    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE commissions SET payable_at = now() - interval '1 second'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        earnings(&app, &held_key).await["payable_earnings"].to_string(),
        "500.00"
    );
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    assert_eq!(run["payouts"][0]["partner_id"], held);
    // The operator sets and clears a partner's own hold.
    let (status, changed) = send(app.admin_patch(
        &format!("/partners/{held}"),
        &json!({"commission_hold_days": 14}),
    ))
    .await;
    assert_eq!(
        (status, changed["partner"]["commission_hold_days"].clone()),
        (200, json!(14))
    );
    let (status, refused) = send(app.admin_patch(
        &format!("/partners/{held}"),
        &json!({"commission_hold_days": -1}),
    ))
    .await;
    assert_eq!(
        (status, refused["field"].clone()),
        (400, json!("commission_hold_days"))
    );
}

#[tokio::test]
async fn a_self_referral_is_flagged_and_its_commissions_wait_for_a_review() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(
            &json!({"name": "Acme", "email": "ops@acme.test", "phone": "(555) 010-9999"}),
        )
        .await;
    app.person(id, "ann@acme.test").await;
    let own_email = with(unique_lead(1), json!({"email": "OPS@acme.test"}));
    let own_phone = with(unique_lead(2), json!({"phone": "555-010-9999"}));
    let users_email = with(unique_lead(3), json!({"email": "ann@acme.test"}));
    let honest = unique_lead(4);
    let mut references = Vec::new();
    for lead in [own_email, own_phone, users_email, honest] {
        let (status, created) = send(app.post("/leads/submit", &key, &lead)).await;
        assert_eq!(status, 200, "{created}");
        references.push(created["reference_id"].as_str().unwrap().to_string());
    }
    for (reference, flagged) in references.iter().zip([true, true, true, false]) {
        let (_, shown) = send(app.admin_get(&format!("/leads/{reference}"))).await;
        let expected = if flagged {
            json!(["self_referral"])
        } else {
            json!([])
        };
        assert_eq!(shown["lead"]["flags"], expected, "{reference}");
    }
    // The partner does not see the flag.
    let (_, own) = send(app.get(&format!("/leads/{}", references[0]), &key)).await;
    assert!(own["lead"].get("flags").is_none());

    for reference in &references[..2] {
        fund(&app, reference, 10_000.0).await;
    }
    fund(&app, &references[3], 10_000.0).await;
    let stats = earnings(&app, &key).await;
    assert_eq!(stats["pending_earnings"].to_string(), "1500.00");
    assert_eq!(stats["payable_earnings"].to_string(), "500.00");
    ledger_holds(&stats);
    let held: Vec<bool> = commissions_of(&app, id)
        .await
        .iter()
        .map(|commission| commission["held_for_review"].as_bool().unwrap())
        .collect();
    assert_eq!(held.iter().filter(|held| **held).count(), 2);
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payout = &run["payouts"][0];
    assert_eq!(
        payout["amount"].to_string(),
        "500.00",
        "the honest lead only"
    );

    // Cleared: the first is payable. Voided: the second is reversed.
    let (status, cleared) = send(app.admin_post(
        &format!("/leads/{}/flags/self_referral/clear", references[0]),
        &json!({}),
    ))
    .await;
    assert_eq!(status, 200, "{cleared}");
    assert_eq!(cleared["lead"]["flags"], json!([]));
    assert_eq!(cleared["commissions"], 1);
    let (status, voided) = send(app.admin_post(
        &format!("/leads/{}/flags/self_referral/void", references[1]),
        &json!({}),
    ))
    .await;
    assert_eq!(status, 200, "{voided}");
    assert_eq!(voided["commissions"], 1);
    let stats = earnings(&app, &key).await;
    assert_eq!(stats["pending_earnings"].to_string(), "1000.00");
    assert_eq!(stats["payable_earnings"].to_string(), "500.00");
    ledger_holds(&stats);
    let (status, again) = send(app.admin_post(
        &format!("/leads/{}/flags/self_referral/void", references[1]),
        &json!({}),
    ))
    .await;
    assert_eq!((status, again["code"].clone()), (409, json!("NOT_FLAGGED")));
    let (status, _) = send(app.admin_post(
        "/leads/20240101-999999/flags/self_referral/clear",
        &json!({}),
    ))
    .await;
    assert_eq!(status, 404);
    let (_, reversed) =
        send(app.admin_get(&format!("/commissions?partner_id={id}&status=reversed"))).await;
    assert_eq!(
        reversed["commissions"][0]["reason"],
        "voided after review: a self-referral"
    );
}
