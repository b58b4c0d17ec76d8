use super::{move_to, partner_with_person, portal, sign_in, submit};
use diesel_async::RunQueryDsl;
use partnerhub_test_support::{Browser, Receiver, TestApp, send};
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;

/// Where to save screenshots: `PARTNERHUB_SCREENSHOTS` (docs/screenshots/ is made so).
fn screenshots() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("PARTNERHUB_SCREENSHOTS")?);
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    Some(dir)
}

/// A partner with some history: leads along the pipeline, a funded one that paid out, a
/// partner below it, a webhook with a delivery.
async fn busy_partner(app: &TestApp) -> (String, String, String) {
    let (id, key, email) = partner_with_person(app, "Acme Brokers").await;
    let mut quoted = String::new();
    let (_, below) = app
        .operator_partner(
            &json!({"name": "Bright Funding", "email": "ops@bright.test", "parent_partner_id": id}),
        )
        .await;
    for n in 1..=5 {
        submit(app, &key, n).await;
    }
    for (n, stage) in [
        (6, "in_underwriting"),
        (7, "offer_ready"),
        (8, "sign_docs"),
        (9, "not_approved"),
    ] {
        let reference = submit(app, &key, n).await;
        move_to(app, &reference, json!({"status": stage, "force": true})).await;
        if stage == "offer_ready" {
            let quotes = json!({"quote_group_status": "sent", "quotes": [
                {"quote_type": "Term Loan", "amount": 75000, "status": "sent"},
                {"quote_type": "Line of Credit", "amount": 40000, "status": "sent"},
                {"quote_type": "SBA Loan", "amount": null, "status": "pending"}]});
            let (status, _) =
                send(app.admin_put(&format!("/leads/{reference}/quotes"), &quotes)).await;
            assert_eq!(status, 200);
            quoted = reference;
        }
    }
    for (n, amount) in [(10, 48000), (11, 125000)] {
        let reference = submit(app, &key, n).await;
        move_to(
            app,
            &reference,
            json!({"status": "funded", "force": true, "funded_amount": amount}),
        )
        .await;
    }
    let theirs = submit(app, &below, 12).await;
    move_to(
        app,
        &theirs,
        json!({"status": "funded", "force": true, "funded_amount": 60000}),
    )
    .await;
    let (_, run) = send(app.admin_post("/payouts/run", &json!({}))).await;
    let payout = run["payouts"][0]["id"].as_i64().unwrap();
    send(app.admin_post(&format!("/payouts/{payout}/complete"), &json!({}))).await;
    let (status, _) = send(app.post(
        "/webhooks",
        &key,
        &json!({"url": "http://127.0.0.1:9/unreachable", "description": "CRM sync"}),
    ))
    .await;
    assert_eq!(status, 201);
    // Spread the leads over the last weeks, as a real partner's are.
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE leads SET created_at = created_at - ((id * 7) % 26 || ' days')::interval \
         WHERE partner_id = {id}"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    (key, email, quoted)
}

#[tokio::test]
async fn every_page_shows_its_data_without_a_console_error_on_a_desktop_and_a_phone() {
    let app = portal().await;
    let _worker = app.spawn_worker(|_| {});
    let receiver = Receiver::start().await;
    let (key, email, quoted) = busy_partner(&app).await;
    let (status, _) = send(app.post("/webhooks", &key, &json!({"url": receiver.url}))).await;
    assert_eq!(status, 201);
    submit(&app, &key, 13).await;
    receiver.wait_for(1, Duration::from_secs(15)).await;
    let shots = screenshots();
    let browser = Browser::start().await;

    browser.goto(&app.url("/app/partners/login")).await;
    browser.find("#sign-in").await;
    if let Some(dir) = &shots {
        browser.screenshot(&dir.join("login.png")).await;
    }
    let invitation = app
        .invite(
            app_partner(&app, &key).await,
            "new.person@acme-brokers.test",
        )
        .await;
    browser.goto(invitation["url"].as_str().unwrap()).await;
    browser
        .shows("#invited-email", "new.person@acme-brokers.test")
        .await;
    if let Some(dir) = &shots {
        browser.screenshot(&dir.join("invitation.png")).await;
    }
    browser.goto(&app.url("/app/partners/apply")).await;
    browser.find("#application").await;
    if let Some(dir) = &shots {
        browser.screenshot(&dir.join("apply.png")).await;
    }
    assert_eq!(
        browser.console_errors().await,
        Vec::<String>::new(),
        "the sign-in pages"
    );

    sign_in(&browser, &app, &email).await;
    // Each page, and what shows that its data arrived.
    let pages = [
        ("dashboard", "/app/partners", "#latest-leads tr"),
        ("leads", "/app/partners/leads", "#lead-rows tr"),
        ("earnings", "/app/partners/earnings", "#payout-rows tr"),
        (
            "integration",
            "/app/partners/integration",
            "#webhook-rows tr",
        ),
        ("settings", "/app/partners/settings", "#account dd"),
    ];
    for (name, path, populated) in pages {
        browser.goto(&app.url(path)).await;
        browser.find(populated).await;
        browser.shows("#user-email", &email).await;
        if name == "integration" {
            browser
                .click("#webhook-rows tr:last-child button[data-action='deliveries']")
                .await;
            browser.find("#delivery-rows tr").await;
        }
        if name == "leads" {
            browser
                // Its reference's date moved with its creation: match the id.
                .click(&format!(
                    "#lead-rows button[data-lead$='-{}']",
                    quoted.rsplit('-').next().unwrap_or_default()
                ))
                .await;
            browser.find("#quote-rows tr").await;
            browser.find("#lead-detail:not([hidden])").await;
        }
        if let Some(dir) = &shots {
            tokio::time::sleep(Duration::from_millis(300)).await;
            browser.screenshot(&dir.join(format!("{name}.png"))).await;
        }
        assert_eq!(
            browser.console_errors().await,
            Vec::<String>::new(),
            "{name}"
        );
    }
    let (_, downline) = send(app.get("/referrer/downline", &key)).await;
    assert_eq!(downline["downline"][0]["name"], "Bright Funding");
    browser.goto(&app.url("/app/partners/earnings")).await;
    browser
        .shows("#downline-rows tr td:first-child", "Bright Funding")
        .await;

    // A phone: every page fits its width, nothing to scroll sideways but the tables.
    browser.resize(390, 844).await;
    for (name, path, populated) in pages {
        browser.goto(&app.url(path)).await;
        browser.find(populated).await;
        let overflow = browser
            .script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await;
        assert_eq!(overflow, json!(0), "{name} is wider than a phone");
        if let Some(dir) = &shots
            && name == "dashboard"
        {
            tokio::time::sleep(Duration::from_millis(300)).await;
            browser.screenshot(&dir.join("dashboard-phone.png")).await;
        }
        assert_eq!(
            browser.console_errors().await,
            Vec::<String>::new(),
            "{name} on a phone"
        );
    }
    browser.close().await;
}

async fn app_partner(app: &TestApp, key: &str) -> i64 {
    send(app.get("/account", key)).await.1["account"]["id"]
        .as_i64()
        .unwrap()
}
