//! `GET /leads/export.csv`: the listing's leads as CSV, RFC 4180, formulas defused,
//! streamed batch by batch.

use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::{unique_lead, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

const HEADER: &str = "reference_id,referral_type,first_name,last_name,email,phone,company_name,\
residential_street,residential_city,residential_state,residential_zip,funding_type,status,\
application_status,effective_status,utm_source,utm_medium,utm_campaign,utm_term,utm_content,\
created_at,updated_at";

async fn export(request: reqwest::RequestBuilder) -> (u16, String, reqwest::header::HeaderMap) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, response.text().await.unwrap(), headers)
}

fn lines(csv: &str) -> Vec<&str> {
    csv.split("\r\n").filter(|line| !line.is_empty()).collect()
}

#[tokio::test]
async fn the_export_is_rfc_4180_csv_with_formulas_defused() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let session = app.person(id, "ann@acme.test").await;
    let tricky = with(
        unique_lead(1),
        json!({"company_name": "Acme, \"Best\" Funding", "utm_source": "=HYPERLINK(\"https://evil.test\")",
               "utm_medium": "+1", "utm_campaign": "-cmd", "utm_term": "@SUM(A1)", "utm_content": "ok"}),
    );
    let (status, created) = send(app.post("/leads/submit", &key, &tricky)).await;
    assert_eq!(status, 200, "{created}");
    let reference = created["reference_id"].as_str().unwrap();
    let (_, lead) = send(app.get(&format!("/leads/{reference}"), &key)).await;
    let lead = &lead["lead"];

    let (status, body, headers) = export(app.get("/leads/export.csv", &key)).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"leads-")
    );
    let rows = lines(&body);
    assert_eq!(rows[0], HEADER);
    let expected = format!(
        "{reference},api_lead,Annb,Leeb,ann1@example.com,5550000001,\"Acme, \"\"Best\"\" Funding\",\
         1 Oak St,Austin,TX,73301,,lead,,lead,\"'=HYPERLINK(\"\"https://evil.test\"\")\",'+1,'-cmd,'@SUM(A1),ok,{},{}",
        lead["created_at"].as_str().unwrap(),
        lead["updated_at"].as_str().unwrap()
    );
    assert_eq!(rows[1], expected);
    assert_eq!(rows.len(), 2);
    // By cookie, the same file.
    let (status, by_cookie, _) = export(app.session_get("/leads/export.csv", &session)).await;
    assert_eq!((status, by_cookie), (200, body));
}

#[tokio::test]
async fn the_export_follows_the_listing_filters_and_keeps_visitors_private() {
    let app = TestApp::spawn().await;
    let (_, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    let (_, other) = app
        .operator_partner(&json!({"name": "Other", "email": "ops@other.test"}))
        .await;
    send(app.post("/leads/submit", &key, &unique_lead(1))).await;
    let (_, funded) = send(app.post("/leads/submit", &key, &unique_lead(2))).await;
    let funded = funded["reference_id"].as_str().unwrap().to_string();
    send(app.admin_post(
        &format!("/leads/{funded}/status"),
        &json!({"status": "funded", "force": true, "funded_amount": 500}),
    ))
    .await;
    send(app.post("/leads/submit", &other, &unique_lead(3))).await;
    let (_, account) = send(app.get("/account", &key)).await;
    let code = account["account"]["referral_code"].as_str().unwrap();
    app.visit(&format!("/r/{code}?utm_source=news")).await;

    let (_, all, _) = export(app.get("/leads/export.csv", &key)).await;
    assert_eq!(lines(&all).len(), 4, "{all}");
    let (_, only_funded, _) = export(app.get("/leads/export.csv?status=funded", &key)).await;
    let rows = lines(&only_funded);
    assert_eq!(rows.len(), 2);
    assert!(
        rows[1].starts_with(&format!("{funded},api_lead,")),
        "{}",
        rows[1]
    );
    let (_, clicks, _) = export(app.get("/leads/export.csv?effective_status=click", &key)).await;
    let rows = lines(&clicks);
    assert_eq!(rows.len(), 2);
    let cells: Vec<&str> = rows[1].split(',').collect();
    assert_eq!(cells[1], "traffic");
    assert!(
        cells[4..=10].iter().all(|cell| cell.is_empty()),
        "{}",
        rows[1]
    );
    assert_eq!(cells[15], "news");
    let (status, refused) = send(app.get("/leads/export.csv?status=won", &key)).await;
    assert_eq!((status, refused["field"].clone()), (400, json!("status")));
    let (_, none, _) = export(app.get("/leads/export.csv?end_date=2000-01-01", &key)).await;
    assert_eq!(lines(&none), [HEADER]);
}

#[tokio::test]
async fn thousands_of_leads_stream_out_newest_first_each_once() {
    let app = TestApp::spawn().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme", "email": "ops@acme.test"}))
        .await;
    // Three leads to each second, so that batches of 500 end inside a run of equal times.
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "INSERT INTO leads (partner_id, referral_type, stage, first_name, last_name, created_at) \
         SELECT {id}, 'api_lead', 'lead', 'Bulk', 'Row', \
                date_trunc('second', now()) - ((n / 3) || ' seconds')::interval \
         FROM generate_series(1, 1203) AS n"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let (status, body, headers) = export(app.get("/leads/export.csv", &key)).await;
    assert_eq!(status, 200);
    assert!(
        !headers.contains_key("content-length"),
        "streamed, not buffered"
    );
    let rows = lines(&body);
    assert_eq!(rows.len(), 1204);
    let references: Vec<(String, i64)> = rows[1..]
        .iter()
        .map(|row| {
            let cells: Vec<&str> = row.split(',').collect();
            let id: i64 = cells[0].rsplit('-').next().unwrap().parse().unwrap();
            (cells[20].to_string(), id)
        })
        .collect();
    let mut unique: Vec<i64> = references.iter().map(|(_, id)| *id).collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 1203);
    // Newest first: by creation time, then by id.
    assert!(
        references
            .windows(2)
            .all(|pair| pair[0].0 > pair[1].0 || (pair[0].0 == pair[1].0 && pair[0].1 > pair[1].1))
    );
}
