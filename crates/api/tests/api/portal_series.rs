//! Referrals and earnings over time, and the pipeline by stage: read from the counters and
//! the daily ledger, every period present, counted as `/referrals/stats` counts.

use chrono::{Days, NaiveDate, Utc};
use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

async fn submit(app: &TestApp, key: &str, n: u32) -> String {
    let (status, created) = send(app.post("/leads/submit", key, &unique_lead(n))).await;
    assert_eq!(status, 200, "{created}");
    created["reference_id"].as_str().unwrap().to_string()
}

async fn move_to(app: &TestApp, reference: &str, body: Value) {
    let (status, moved) = send(app.admin_post(&format!("/leads/{reference}/status"), &body)).await;
    assert_eq!(status, 200, "{moved}");
}

/// Moves the lead's creation `days` back (the counters follow, by trigger).
async fn created_days_ago(app: &TestApp, reference: &str, days: u32) {
    let id: i64 = reference.rsplit('-').next().unwrap().parse().unwrap();
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE leads SET created_at = created_at - interval '{days} days' WHERE id = {id}"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn days_ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn point(period: NaiveDate, counts: [i64; 5]) -> Value {
    let [referrals, clicks, leads, applications, funded] = counts;
    json!({"period_start": period.to_string(), "referrals": referrals, "clicks": clicks,
           "leads": leads, "applications": applications, "funded": funded})
}

#[tokio::test]
async fn referrals_over_time_count_as_the_stats_do_with_every_day_present() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let session = app.person(id, "ann@acme.test").await;
    let old = submit(&app, &key, 1).await;
    created_days_ago(&app, &old, 2).await;
    let in_review = submit(&app, &key, 2).await;
    move_to(&app, &in_review, json!({"status": "in_underwriting"})).await;
    let funded = submit(&app, &key, 3).await;
    move_to(
        &app,
        &funded,
        json!({"status": "funded", "force": true, "funded_amount": 1000}),
    )
    .await;
    let (_, account) = send(app.get("/account", &key)).await;
    let code = account["account"]["referral_code"].as_str().unwrap();
    app.visit(&format!("/r/{code}")).await;
    // A lead of another partner counts for nothing here.
    let (_, other) = app
        .operator_partner(&json!({"name": "Other", "email": "ops@other.test"}))
        .await;
    submit(&app, &other, 4).await;

    let query = format!(
        "/referrals/stats/timeseries?start_date={}&end_date={}&interval=day",
        days_ago(3),
        today()
    );
    let expected = json!({"success": true, "interval": "day", "series": [
        point(days_ago(3), [0, 0, 0, 0, 0]),
        point(days_ago(2), [1, 0, 1, 0, 0]),
        point(days_ago(1), [0, 0, 0, 0, 0]),
        point(today(), [3, 1, 1, 1, 1]),
    ]});
    assert_eq!(send(app.get(&query, &key)).await, (200, expected.clone()));
    // Folded into the daily counters or not, and by cookie, the answer is the same.
    let mut conn = app.conn().await;
    partnerhub_persistence::stats::fold(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        send(app.session_get(&query, &session)).await,
        (200, expected)
    );

    // The series adds up to the stats of the same range.
    let (_, stats) = send(app.get(
        &format!(
            "/referrals/stats?start_date={}&end_date={}",
            days_ago(3),
            today()
        ),
        &key,
    ))
    .await;
    assert_eq!(stats["stats"]["total_referrals"], 4);
    assert_eq!(stats["stats"]["total_leads"], 2);

    // Weeks start on Monday, months on the first; partial periods count only the range.
    let (status, weekly) = send(app.get(
        "/referrals/stats/timeseries?start_date=2024-01-03&end_date=2024-01-15&interval=week",
        &key,
    ))
    .await;
    assert_eq!(status, 200);
    let starts: Vec<&str> = weekly["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period_start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2024-01-01", "2024-01-08", "2024-01-15"]);
    let (_, monthly) = send(app.get(
        &format!(
            "/referrals/stats/timeseries?start_date={}&end_date={}&interval=month",
            days_ago(2),
            today()
        ),
        &key,
    ))
    .await;
    let referrals: i64 = monthly["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["referrals"].as_i64().unwrap())
        .sum();
    assert_eq!(referrals, 4);
    assert_eq!(monthly["interval"], "month");

    // Without a range: the last 30 days to today.
    let (_, recent) = send(app.get("/referrals/stats/timeseries", &key)).await;
    let series = recent["series"].as_array().unwrap();
    assert_eq!(series.len(), 30);
    assert_eq!(series[29]["period_start"], today().to_string());
    assert_eq!(series[29]["referrals"], 3);
}

#[tokio::test]
async fn a_series_of_more_than_1000_points_or_a_bad_parameter_is_a_400() {
    let app = TestApp::spawn().await;
    let (_, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    for path in [
        "/referrals/stats/timeseries",
        "/referrer/earnings/timeseries",
    ] {
        for (query, field) in [
            ("start_date=2020-01-01&end_date=2022-09-27", "start_date"),
            (
                "start_date=2000-01-01&end_date=2020-01-01&interval=week",
                "start_date",
            ),
            ("interval=hour", "interval"),
            ("start_date=2024-02-30", "start_date"),
            ("start_date=2024-03-01&end_date=2024-02-01", "end_date"),
        ] {
            let (status, refused) = send(app.get(&format!("{path}?{query}"), &key)).await;
            assert_eq!(
                (status, refused["field"].clone()),
                (400, json!(field)),
                "{path}?{query}: {refused}"
            );
        }
        // 1,000 days exactly, and 83 years of months, are fine.
        let (status, body) = send(app.get(
            &format!("{path}?start_date=2020-01-01&end_date=2022-09-26"),
            &key,
        ))
        .await;
        assert_eq!(
            (status, body["series"].as_array().map(Vec::len)),
            (200, Some(1000))
        );
        let (status, _) = send(app.get(
            &format!("{path}?start_date=1940-01-01&end_date=2022-12-31&interval=month"),
            &key,
        ))
        .await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn earnings_over_time_show_what_was_earned_and_paid_each_period() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let session = app.person(id, "ann@acme.test").await;
    let funded = submit(&app, &key, 1).await;
    move_to(
        &app,
        &funded,
        json!({"status": "funded", "force": true, "funded_amount": 20000}),
    )
    .await;
    let query = format!(
        "/referrer/earnings/timeseries?start_date={}&end_date={}",
        days_ago(1),
        today()
    );
    let earned: Value = serde_json::from_str(
        r#"{"success": true, "interval": "day", "series": [
            {"period_start": "YESTERDAY", "earned": 0.00, "paid": 0.00},
            {"period_start": "TODAY", "earned": 1000.00, "paid": 0.00}]}"#
            .replace("YESTERDAY", &days_ago(1).to_string())
            .replace("TODAY", &today().to_string())
            .as_str(),
    )
    .unwrap();
    assert_eq!(send(app.get(&query, &key)).await, (200, earned));

    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payout = run["payouts"][0]["id"].as_i64().unwrap();
    send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({}))).await;
    let (_, series) = send(app.session_get(&query, &session)).await;
    assert_eq!(series["series"][1]["earned"].to_string(), "1000.00");
    assert_eq!(series["series"][1]["paid"].to_string(), "1000.00");

    // A reversal takes its amount back on the day it happens; the days add up to the total.
    move_to(
        &app,
        &funded,
        json!({"status": "processing", "force": true}),
    )
    .await;
    let (_, series) = send(app.get(&query, &key)).await;
    assert_eq!(series["series"][1]["earned"].to_string(), "0.00");
    let (_, stats) = send(app.get("/referrer/stats", &key)).await;
    assert_eq!(stats["stats"]["total_earnings"].to_string(), "0.00");
}

#[tokio::test]
async fn the_pipeline_by_stage_lists_every_stage_with_its_label() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let session = app.person(id, "ann@acme.test").await;
    submit(&app, &key, 1).await;
    let declined = submit(&app, &key, 2).await;
    move_to(&app, &declined, json!({"status": "in_underwriting"})).await;
    move_to(&app, &declined, json!({"status": "not_approved"})).await;
    let offered = submit(&app, &key, 3).await;
    move_to(
        &app,
        &offered,
        json!({"status": "offer_ready", "force": true}),
    )
    .await;

    let (status, body) = send(app.session_get("/referrals/stats/stages", &session)).await;
    assert_eq!(status, 200);
    let stages: Vec<(String, String, i64)> = body["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap().to_string(),
                s["label"].as_str().unwrap().to_string(),
                s["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String, i64)> = [
        ("click", "Click", 0),
        ("lead", "Lead", 1),
        ("in_underwriting", "In Underwriting", 0),
        ("need_info", "Need Info", 0),
        ("not_approved", "Declined", 1),
        ("offer_ready", "Offer Emailed", 1),
        ("call_scheduled", "Call Scheduled", 0),
        ("sign_docs", "Agreement Sent", 0),
        ("processing", "Processing", 0),
        ("in_funding", "In Funding", 0),
        ("funded", "Funded", 0),
    ]
    .iter()
    .map(|(s, l, c)| (s.to_string(), l.to_string(), *c))
    .collect();
    assert_eq!(stages, expected);
    let (_, none) = send(app.get("/referrals/stats/stages?end_date=2000-01-01", &key)).await;
    assert!(
        none["stages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["count"] == 0)
    );
}
