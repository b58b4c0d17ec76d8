//! For any sequence of fundings, reversals, payout runs, completions and failures, with
//! earners suspended and reactivated, holds set and passed, and self-referrals reviewed,
//! every partner's ledger satisfies total = pending + paid, agrees with its commissions
//! (skipped ones counting for nothing), its payable part is what no hold or review keeps,
//! and its daily rows (and so its earnings series) add up to it.

use crate::commissions::{fund, partner, submit, unfund};
use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::{unique_lead, with};
use partnerhub_test_support::{TestApp, send};
use proptest::prelude::*;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
enum Op {
    Fund {
        lead: usize,
        dollars: u32,
    },
    Unfund {
        lead: usize,
    },
    Run {
        minimum: u32,
    },
    Complete {
        payout: usize,
    },
    Fail {
        payout: usize,
    },
    /// Suspends (or reactivates) the parent or the child.
    SetActive {
        parent: bool,
        active: bool,
    },
    /// Sets the child's own hold, in days.
    SetHold {
        days: i64,
    },
    /// Every hold so far has passed.
    HoldsPass,
    /// Clears or voids a lead's self-referral flag.
    Review {
        lead: usize,
        void: bool,
    },
}

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4usize, 100..5000u32).prop_map(|(lead, dollars)| Op::Fund { lead, dollars }),
        (0..4usize).prop_map(|lead| Op::Unfund { lead }),
        (0..200u32).prop_map(|minimum| Op::Run { minimum }),
        (0..4usize).prop_map(|payout| Op::Complete { payout }),
        (0..4usize).prop_map(|payout| Op::Fail { payout }),
        (any::<bool>(), any::<bool>())
            .prop_map(|(parent, active)| Op::SetActive { parent, active }),
        prop_oneof![Just(0i64), Just(30i64)].prop_map(|days| Op::SetHold { days }),
        Just(Op::HoldsPass),
        (0..4usize, any::<bool>()).prop_map(|(lead, void)| Op::Review { lead, void }),
    ]
}

fn cents(amount: &Value) -> i64 {
    amount
        .to_string()
        .replace('.', "")
        .parse()
        .unwrap_or(i64::MIN)
}

#[derive(diesel::QueryableByName)]
struct Payable {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    payable: i64,
}

#[derive(diesel::QueryableByName)]
struct Ledger {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pending: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    paid: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    unpaired: i64,
}

/// The partner's `/referrer/stats` figures; while it is suspended (and its key refused), the
/// same figures from the ledger the route reads.
async fn stats_of(app: &TestApp, id: i64, key: &str) -> Value {
    let (status, stats) = send(app.get("/referrer/stats", key)).await;
    if status == 200 {
        return stats["stats"].clone();
    }
    let partner = partnerhub_domain::PartnerId::new(id);
    let conn = app.conn().await;
    let ledger = partnerhub_persistence::earnings::of(&conn, partner)
        .await
        .unwrap();
    let payable = partnerhub_persistence::commissions::payable(&conn, partner)
        .await
        .unwrap();
    serde_json::from_str(&format!(
        r#"{{"total_earnings": {}, "pending_earnings": {}, "paid_earnings": {}, "payable_earnings": {}}}"#,
        ledger.total(),
        ledger.pending,
        ledger.paid,
        payable
    ))
    .unwrap()
}

async fn check(app: &TestApp, partners: &[(i64, String)]) {
    let mut conn = app.conn().await;
    for (id, key) in partners {
        let stats = stats_of(app, *id, key).await;
        let (total, pending, paid) = (
            cents(&stats["total_earnings"]),
            cents(&stats["pending_earnings"]),
            cents(&stats["paid_earnings"]),
        );
        assert_eq!(total, pending + paid, "{stats}");
        let ledger: Ledger = diesel::sql_query(
            "SELECT COALESCE(SUM(amount_cents) FILTER (WHERE status IN ('pending', 'in_payout')), 0)::bigint AS pending, \
                    COALESCE(SUM(amount_cents) FILTER (WHERE status = 'paid'), 0)::bigint AS paid, \
                    COUNT(*) FILTER (WHERE status IN ('in_payout', 'paid') AND payout_id IS NULL)::bigint AS unpaired \
             FROM commissions WHERE partner_id = $1",
        )
        .bind::<diesel::sql_types::BigInt, _>(*id)
        .get_result(&mut conn)
        .await
        .unwrap();
        assert_eq!(
            (pending, paid, ledger.unpaired),
            (ledger.pending, ledger.paid, 0),
            "partner {id}"
        );
        // Payable: pending, past its hold, held by no review.
        let payable: Payable = diesel::sql_query(
            "SELECT COALESCE(SUM(amount_cents), 0)::bigint AS payable FROM commissions \
             WHERE partner_id = $1 AND status = 'pending' AND payable_at <= now() \
             AND NOT held_for_review",
        )
        .bind::<diesel::sql_types::BigInt, _>(*id)
        .get_result(&mut conn)
        .await
        .unwrap();
        assert_eq!(
            cents(&stats["payable_earnings"]),
            payable.payable,
            "partner {id}"
        );
        assert!(payable.payable <= pending, "{stats}");
        // The daily ledger adds up to the totals, and so does the earnings series.
        let days: Ledger = diesel::sql_query(
            "SELECT COALESCE(SUM(earned_cents), 0)::bigint AS pending, \
                    COALESCE(SUM(paid_cents), 0)::bigint AS paid, 0::bigint AS unpaired \
             FROM partner_earnings_daily WHERE partner_id = $1",
        )
        .bind::<diesel::sql_types::BigInt, _>(*id)
        .get_result(&mut conn)
        .await
        .unwrap();
        assert_eq!(
            (days.pending, days.paid),
            (total, paid),
            "partner {id}'s days"
        );
        let (status, series) = send(app.get("/referrer/earnings/timeseries", key)).await;
        if status == 200 {
            let today = series["series"][29].clone();
            assert_eq!(
                (cents(&today["earned"]), cents(&today["paid"])),
                (total, paid),
                "partner {id}'s series"
            );
        }
    }
}

async fn play(ops: Vec<Op>) {
    let app = TestApp::spawn().await;
    let (parent, parent_key) = partner(&app, json!({"name": "P", "email": "p@x.test"})).await;
    let (child, child_key) = partner(
        &app,
        json!({"name": "C", "email": "c@x.test", "phone": "5559998888", "parent_partner_id": parent}),
    )
    .await;
    let partners = [(parent, parent_key), (child, child_key.clone())];
    let mut leads = Vec::new();
    for n in 0..4 {
        leads.push(submit(&app, &child_key, n).await);
    }
    // Two leads carry the child's own email or phone: self-referrals, held for a review.
    for (n, own) in [
        (4, json!({"email": "c@x.test"})),
        (5, json!({"phone": "5559998888"})),
    ] {
        let own = with(unique_lead(n), own);
        let (status, created) = send(app.post("/leads/submit", &child_key, &own)).await;
        assert_eq!(status, 200, "{created}");
        leads[n as usize - 4] = created["reference_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
    }
    let mut payouts: Vec<i64> = Vec::new();
    for op in ops {
        match op {
            Op::Fund { lead, dollars } => {
                let status = fund(&app, &leads[lead], f64::from(dollars)).await.0;
                assert!(status == 200 || status == 409, "{status}");
            }
            Op::Unfund { lead } => {
                let status = unfund(&app, &leads[lead]).await;
                assert!(status == 200 || status == 409, "{status}");
            }
            Op::Run { minimum } => {
                let (status, run) =
                    send(app.admin_post("/payouts/run", &json!({"minimum_amount": minimum}))).await;
                assert_eq!(status, 200);
                payouts.extend(
                    run["payouts"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p["id"].as_i64()),
                );
            }
            Op::Complete { payout } | Op::Fail { payout } if payouts.is_empty() => {
                let _ = payout;
            }
            Op::Complete { payout } => {
                let id = payouts[payout % payouts.len()];
                let status = send(app.admin_post(&format!("/payouts/{id}/complete"), &json!({})))
                    .await
                    .0;
                assert!(status == 200 || status == 409, "{status}");
            }
            Op::Fail { payout } => {
                let id = payouts[payout % payouts.len()];
                let status = send(app.admin_post(&format!("/payouts/{id}/fail"), &json!({})))
                    .await
                    .0;
                assert!(status == 200 || status == 409, "{status}");
            }
            Op::SetActive {
                parent: which,
                active,
            } => {
                let id = if which { parent } else { child };
                let status = if active { "active" } else { "suspended" };
                let body = json!({"status": status});
                assert_eq!(
                    send(app.admin_patch(&format!("/partners/{id}"), &body))
                        .await
                        .0,
                    200
                );
            }
            Op::SetHold { days } => {
                let body = json!({"commission_hold_days": days});
                let changed = send(app.admin_patch(&format!("/partners/{child}"), &body)).await;
                assert_eq!(changed.0, 200);
            }
            Op::HoldsPass => {
                let mut conn = app.conn().await;
                diesel::sql_query(
                    "UPDATE commissions SET payable_at = now() - interval '1 second'",
                )
                .execute(&mut conn)
                .await
                .unwrap();
            }
            Op::Review { lead, void } => {
                let decision = if void { "void" } else { "clear" };
                let path = format!("/leads/{}/flags/self_referral/{decision}", leads[lead]);
                let status = send(app.admin_post(&path, &json!({}))).await.0;
                assert!(status == 200 || status == 409, "{status}");
            }
        }
        check(&app, &partners).await;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_ledger_identity_holds_over_any_sequence(ops in proptest::collection::vec(any_op(), 1..16)) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(play(ops));
    }
}
