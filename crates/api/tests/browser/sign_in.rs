use super::{dollars, move_to, partner_with_person, portal, sign_in, submit};
use partnerhub_test_support::{Browser, PASSWORD, send};
use serde_json::json;

#[tokio::test]
async fn an_invited_person_chooses_a_password_signs_in_and_sees_the_apis_numbers() {
    let app = portal().await;
    let (id, key) = app
        .operator_partner(&json!({"name": "Acme Brokers", "email": "ops@acme.test"}))
        .await;
    for n in 1..=4 {
        submit(&app, &key, n).await;
    }
    let reviewed = submit(&app, &key, 5).await;
    move_to(&app, &reviewed, json!({"status": "in_underwriting"})).await;
    let funded = submit(&app, &key, 6).await;
    move_to(
        &app,
        &funded,
        json!({"status": "funded", "force": true, "funded_amount": 24680.5}),
    )
    .await;

    let browser = Browser::start().await;
    let invitation = app.invite(id, "ann@acme.test").await;
    browser.goto(invitation["url"].as_str().unwrap()).await;
    browser.shows("#invited-email", "ann@acme.test").await;
    browser.fill("#password", PASSWORD).await;
    browser.fill("#password-again", PASSWORD).await;
    browser.click("#set-password").await;
    browser.wait_for_path("/app/partners/login").await;
    assert_eq!(browser.value("#email").await, "ann@acme.test");
    browser
        .text_when("#notice", |text| text.contains("Your password is set"))
        .await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#sign-in-button").await;
    browser.wait_for_path("/app/partners").await;
    browser.shows("#user-email", "ann@acme.test").await;

    let (_, referrals) = send(app.get("/referrals/stats", &key)).await;
    let (_, earnings) = send(app.get("/referrer/stats", &key)).await;
    for name in [
        "total_referrals",
        "total_clicks",
        "total_leads",
        "total_applications",
        "total_funded",
    ] {
        let expected = referrals["stats"][name].as_i64().unwrap().to_string();
        browser.shows(&format!("#stat-{name}"), &expected).await;
    }
    let rate = referrals["stats"]["conversion_rate"].as_f64().unwrap();
    browser
        .shows("#stat-conversion_rate", &format!("{:.1}%", rate * 100.0))
        .await;
    for name in ["total_earnings", "pending_earnings", "paid_earnings"] {
        let expected = dollars(earnings["stats"][name].as_f64().unwrap());
        browser.shows(&format!("#stat-{name}"), &expected).await;
    }
    assert_eq!(browser.text("#stat-total_earnings").await, "$1,234.02");

    // The pipeline, stage by stage, with the seed's labels and the API's counts.
    let (_, stages) = send(app.get("/referrals/stats/stages", &key)).await;
    browser.find("#funnel li").await;
    for stage in stages["stages"].as_array().unwrap() {
        let row = format!(
            "#funnel li[data-stage='{}']",
            stage["stage"].as_str().unwrap()
        );
        browser
            .shows(&format!("{row} .stage"), stage["label"].as_str().unwrap())
            .await;
        browser
            .shows(&format!("{row} .count"), &stage["count"].to_string())
            .await;
    }
    assert_eq!(
        browser
            .text("#funnel li[data-stage='not_approved'] .stage")
            .await,
        "Declined"
    );

    // Referrals over time: a chart, and its numbers as a table, by day, then by week.
    browser.find("#referrals-chart canvas").await;
    browser.click("details summary").await;
    let today = chrono::Utc::now().date_naive().to_string();
    let days = browser
        .texts_when("#referrals-table tr", |rows| rows.len() == 30)
        .await;
    assert!(days[29].starts_with(&today), "{days:?}");
    let expected = [today.as_str(), "6", "0", "5", "1", "1"];
    browser
        .texts_when("#referrals-table tr:last-child td", |cells| {
            cells == expected
        })
        .await;
    browser.click("#interval [data-interval='week']").await;
    browser
        .texts_when("#referrals-table tr", |rows| rows.len() == 12)
        .await;
    browser
        .texts_when("#referrals-table tr:last-child td", |cells| {
            cells.get(1..) == Some(&["6", "0", "5", "1", "1"].map(String::from)[..])
        })
        .await;

    // The latest leads, newest first.
    browser
        .text_when("#latest-leads tr:first-child", |row| row.contains(&funded))
        .await;
    assert_eq!(
        browser
            .text("#latest-leads tr:first-child td:nth-child(3)")
            .await,
        "Funded"
    );
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_page_without_a_session_goes_to_sign_in_and_back_after_it() {
    let app = portal().await;
    let (_, _, email) = partner_with_person(&app, "Acme").await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/app/partners/earnings")).await;
    browser.wait_for_path("/app/partners/login").await;
    assert_eq!(
        browser.location().await,
        "/app/partners/login?next=%2Fapp%2Fpartners%2Fearnings"
    );
    // A wrong password is said on the page.
    browser.fill("#email", &email).await;
    browser.fill("#password", "not the password").await;
    browser.click("#sign-in-button").await;
    browser
        .shows("#sign-in-error", "Invalid email or password")
        .await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#sign-in-button").await;
    browser.wait_for_path("/app/partners/earnings").await;
    // Signing out returns to the sign-in page, and the pages are closed again.
    browser.click("#sign-out").await;
    browser.wait_for_path("/app/partners/login").await;
    browser.goto(&app.url("/app/partners")).await;
    browser.wait_for_path("/app/partners/login").await;
    let mut conn = app.conn().await;
    let live: i64 = diesel_async::RunQueryDsl::get_result(
        diesel::QueryDsl::count(partnerhub_persistence::schema::partner_sessions::table),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(live, 0, "signing out ends the session on the server");
    // And signing in again works: the cookie was cleared, not left broken.
    sign_in(&browser, &app, &email).await;
    browser.shows("#user-email", &email).await;
    browser.close().await;
}
