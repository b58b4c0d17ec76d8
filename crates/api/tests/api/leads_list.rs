use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::{TestApp, TestPartner, send};
use serde_json::{Value, json};

/// Submits `n` leads and returns their reference ids, oldest first.
async fn submit_leads(app: &TestApp, partner: &TestPartner, n: u32) -> Vec<String> {
    let mut references = Vec::new();
    for i in 0..n {
        let (status, created) =
            send(app.post("/leads/submit", &partner.api_key, &unique_lead(i))).await;
        assert_eq!(status, 200, "{created}");
        references.push(
            created["reference_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    references
}

async fn sql(app: &TestApp, statement: &str) {
    let mut conn = app.conn().await;
    let done = diesel::sql_query(statement).execute(&mut conn).await;
    assert!(done.is_ok(), "{statement}: {done:?}");
}

fn references(listing: &Value) -> Vec<String> {
    listing["leads"]
        .as_array()
        .map(|leads| {
            leads
                .iter()
                .filter_map(|l| l["reference_id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn lists_newest_first_with_the_seed_fields_and_pagination() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mut submitted = submit_leads(&app, &partner, 3).await;
    let (status, listing) = send(app.get("/leads", &partner.api_key)).await;
    assert_eq!(status, 200);
    assert_eq!(listing["success"], true);
    submitted.reverse();
    assert_eq!(references(&listing), submitted);
    assert_eq!(
        listing["pagination"],
        json!({"page": 1, "per_page": 100, "total": 3, "total_pages": 1})
    );
    let lead = &listing["leads"][0];
    for field in [
        "reference_id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "company_name",
        "residential_street",
        "residential_city",
        "residential_state",
        "residential_zip",
        "status",
        "application_status",
        "effective_status",
        "created_at",
    ] {
        assert!(lead.get(field).is_some(), "{field} missing from {lead}");
    }
    let created_at = lead["created_at"].as_str().unwrap_or_default();
    assert_eq!(
        created_at.len(),
        19,
        "YYYY-MM-DD HH:MM:SS, got {created_at}"
    );
}

#[tokio::test]
async fn pages_split_the_list_and_their_edges_hold() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mut submitted = submit_leads(&app, &partner, 5).await;
    submitted.reverse();
    let page = |query: &str| send(app.get(&format!("/leads?{query}"), &partner.api_key));
    let (_, first) = page("per_page=2").await;
    assert_eq!(references(&first), submitted[0..2]);
    assert_eq!(
        first["pagination"],
        json!({"page": 1, "per_page": 2, "total": 5, "total_pages": 3})
    );
    let (_, middle) = page("per_page=2&page=2").await;
    assert_eq!(references(&middle), submitted[2..4]);
    let (_, last) = page("per_page=2&page=3").await;
    assert_eq!(references(&last), submitted[4..5]);
    let (status, beyond) = page("per_page=2&page=4").await;
    assert_eq!(status, 200);
    assert_eq!(beyond["leads"], json!([]));
    assert_eq!(beyond["pagination"]["total"], 5);
    let (status, widest) = page("per_page=500").await;
    assert_eq!(
        (status, widest["pagination"]["per_page"].as_i64()),
        (200, Some(500))
    );
}

#[tokio::test]
async fn leads_created_in_the_same_instant_are_paged_once_each() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mut submitted = submit_leads(&app, &partner, 5).await;
    sql(
        &app,
        "UPDATE leads SET created_at = (SELECT min(created_at) FROM leads)",
    )
    .await;
    let page = |query: &str| send(app.get(&format!("/leads?{query}"), &partner.api_key));
    let mut paged = Vec::new();
    for number in 1..=3 {
        let (status, listing) = page(&format!("per_page=2&page={number}")).await;
        assert_eq!(status, 200);
        paged.extend(references(&listing));
    }
    let (_, whole) = page("per_page=100").await;
    assert_eq!(paged, references(&whole));
    paged.sort();
    submitted.sort();
    assert_eq!(paged, submitted);
}

#[tokio::test]
async fn filters_by_inclusive_utc_dates() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let refs = submit_leads(&app, &partner, 3).await;
    sql(
        &app,
        "UPDATE leads SET created_at = '2024-01-10 00:00:00+00' WHERE first_name = 'Anna'",
    )
    .await;
    sql(
        &app,
        "UPDATE leads SET created_at = '2024-01-15 23:59:59+00' WHERE first_name = 'Annb'",
    )
    .await;
    sql(
        &app,
        "UPDATE leads SET created_at = '2024-01-16 00:00:00+00' WHERE first_name = 'Annc'",
    )
    .await;
    // Reference ids carry the creation date, so read them back from the listing.
    let (_, all) = send(app.get("/leads", &partner.api_key)).await;
    assert_eq!(references(&all).len(), refs.len());
    let names = |listing: &Value| -> Vec<String> {
        listing["leads"]
            .as_array()
            .map(|leads| {
                leads
                    .iter()
                    .filter_map(|l| l["first_name"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let query = |q: &'static str| send(app.get(&format!("/leads?{q}"), &partner.api_key));
    assert_eq!(
        names(&query("start_date=2024-01-10&end_date=2024-01-15").await.1),
        ["Annb", "Anna"]
    );
    assert_eq!(
        names(&query("start_date=2024-01-15").await.1),
        ["Annc", "Annb"]
    );
    assert_eq!(names(&query("end_date=2024-01-10").await.1), ["Anna"]);
    assert_eq!(
        names(&query("start_date=2024-01-16&end_date=2024-01-16").await.1),
        ["Annc"]
    );
    assert_eq!(
        names(&query("start_date=2025-01-01").await.1),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn filters_by_coarse_status_and_by_effective_status() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    submit_leads(&app, &partner, 4).await;
    sql(
        &app,
        "UPDATE leads SET stage = 'in_underwriting' WHERE first_name = 'Annb'",
    )
    .await;
    sql(
        &app,
        "UPDATE leads SET stage = 'offer_ready' WHERE first_name = 'Annc'",
    )
    .await;
    sql(
        &app,
        "UPDATE leads SET stage = 'funded' WHERE first_name = 'Annd'",
    )
    .await;
    let count = |q: &'static str| {
        let request = app.get(&format!("/leads?{q}"), &partner.api_key);
        async move { send(request).await.1["pagination"]["total"].as_i64() }
    };
    assert_eq!(count("status=lead").await, Some(1));
    assert_eq!(count("status=application").await, Some(2));
    assert_eq!(count("status=funded").await, Some(1));
    assert_eq!(count("status=click").await, Some(0));
    assert_eq!(count("effective_status=offer_ready").await, Some(1));
    assert_eq!(count("effective_status=need_info").await, Some(0));
    assert_eq!(
        count("status=application&effective_status=in_underwriting").await,
        Some(1)
    );
    assert_eq!(count("status=lead&effective_status=funded").await, Some(0));
    let (_, funded) = send(app.get("/leads?status=funded", &partner.api_key)).await;
    let lead = &funded["leads"][0];
    assert_eq!(
        (
            lead["status"].as_str(),
            lead["application_status"].as_str(),
            lead["effective_status"].as_str()
        ),
        (Some("funded"), Some("funded"), Some("funded"))
    );
    let (_, application) =
        send(app.get("/leads?effective_status=in_underwriting", &partner.api_key)).await;
    let lead = &application["leads"][0];
    assert_eq!(
        (lead["status"].as_str(), lead["application_status"].as_str()),
        (Some("application"), Some("in_underwriting"))
    );
}

#[tokio::test]
async fn bad_filter_values_are_400_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    for (query, field) in [
        ("start_date=2024-13-01", "start_date"),
        ("end_date=yesterday", "end_date"),
        ("start_date=2024-02-01&end_date=2024-01-01", "end_date"),
        ("status=approved", "status"),
        ("effective_status=reviewing", "effective_status"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
    ] {
        let (status, error) = send(app.get(&format!("/leads?{query}"), &partner.api_key)).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(error["field"], field, "{query}");
        assert!(
            error["error"].as_str().is_some_and(|e| e.contains(field)),
            "{query}: {error}"
        );
    }
}

#[tokio::test]
async fn another_partners_leads_are_never_listed() {
    let app = TestApp::spawn().await;
    let mine = app.partner().await;
    let theirs = app.partner().await;
    submit_leads(&app, &theirs, 2).await;
    let (_, listing) = send(app.get("/leads", &mine.api_key)).await;
    assert_eq!(listing["leads"], json!([]));
    assert_eq!(listing["pagination"]["total"], 0);
}
