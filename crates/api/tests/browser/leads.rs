use super::{move_to, partner_with_person, portal, sign_in, submit};
use diesel_async::RunQueryDsl;
use partnerhub_test_support::{Browser, send};
use serde_json::json;

#[tokio::test]
async fn leads_filter_page_open_with_their_quotes_and_export_as_filtered() {
    let app = portal().await;
    let (id, key, email) = partner_with_person(&app, "Acme").await;
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "INSERT INTO leads (partner_id, referral_type, stage, first_name, last_name, created_at) \
         SELECT {id}, 'api_lead', 'lead', 'Bulk', 'Row', now() - (n || ' days')::interval \
         FROM generate_series(1, 26) AS n"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let quoted = submit(&app, &key, 1).await;
    move_to(
        &app,
        &quoted,
        json!({"status": "offer_ready", "force": true}),
    )
    .await;
    let quotes = json!({"quote_group_status": "sent", "quotes": [
        {"quote_type": "Term Loan", "amount": 50000, "status": "sent"},
        {"quote_type": "Line of Credit", "amount": null, "status": "pending"}]});
    let (status, _) = send(app.admin_put(&format!("/leads/{quoted}/quotes"), &quotes)).await;
    assert_eq!(status, 200);

    let browser = Browser::start().await;
    sign_in(&browser, &app, &email).await;
    browser
        .goto(&app.url("/app/partners/leads?per_page=25"))
        .await;
    browser.shows("#summary", "27 leads").await;
    browser.shows("#page-of", "Page 1 of 2").await;
    browser
        .texts_when("#lead-rows tr", |rows| rows.len() == 25)
        .await;
    browser.click("#next").await;
    browser.shows("#page-of", "Page 2 of 2").await;
    browser
        .texts_when("#lead-rows tr", |rows| rows.len() == 2)
        .await;

    // The stages to filter by, in pipeline order, with the seed's labels.
    assert_eq!(
        browser.texts("#effective_status option").await,
        [
            "Any",
            "Click",
            "Lead",
            "In Underwriting",
            "Need Info",
            "Declined",
            "Offer Emailed",
            "Call Scheduled",
            "Agreement Sent",
            "Processing",
            "In Funding",
            "Funded",
        ]
    );
    // Filtered by stage, one lead; opened, its quotes.
    browser
        .click("#effective_status option[value='offer_ready']")
        .await;
    browser.click("#filters button[type='submit']").await;
    browser.shows("#summary", "1 lead").await;
    browser
        .shows("#lead-rows tr td:nth-child(5)", "Offer Emailed")
        .await;
    browser
        .click(&format!("#lead-rows button[data-lead='{quoted}']"))
        .await;
    browser.find("#lead-detail:not([hidden])").await;
    browser
        .texts_when("#quote-rows tr td:nth-child(2)", |amounts| {
            amounts == ["$50,000.00", "Pending"]
        })
        .await;
    let href = browser
        .find("#export")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        href,
        "/app/partners/api/v1/leads/export.csv?effective_status=offer_ready"
    );
    // The link downloads what the filter shows, with the browser's own session.
    let csv: String = browser
        .script(
            "return fetch(arguments[0]).then((r) => r.text());",
            vec![json!(href)],
        )
        .await
        .as_str()
        .unwrap()
        .to_string();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with(&quoted), "{csv}");
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
