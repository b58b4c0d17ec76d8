use super::portal;
use partnerhub_test_support::{Browser, PASSWORD, send};
use serde_json::json;

#[tokio::test]
async fn a_business_applies_on_the_page_is_approved_and_signs_in() {
    let app = portal().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/app/partners/login")).await;
    browser.click("a[href='/app/partners/apply']").await;
    browser.wait_for_path("/app/partners/apply").await;

    browser.fill("#name", "Bea Broker").await;
    browser.fill("#email", "bea@broker.test").await;
    browser.fill("#website", "ftp://broker.test").await;
    browser.click("#send-application").await;
    browser
        .text_when("#application-error", |text| text.contains("website"))
        .await;
    let (_, none) = send(app.admin_get("/applications")).await;
    assert_eq!(
        none["pagination"]["total"], 0,
        "a refused form sends nothing"
    );
    // The browser reports the refused request itself; nothing else may go wrong.
    let refused = browser.console_errors().await;
    assert!(
        refused.iter().all(|error| error.contains("400")),
        "{refused:?}"
    );

    browser.fill("#website", "https://broker.test").await;
    browser.fill("#company_name", "Bea Funding LLC").await;
    browser.click("#send-application").await;
    browser.shows("#received-email", "bea@broker.test").await;
    let (_, listed) = send(app.admin_get("/applications?status=pending")).await;
    let application = &listed["applications"][0];
    assert_eq!(application["company_name"], "Bea Funding LLC");
    assert_eq!(application["website"], "https://broker.test");
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");

    let (status, approved) = send(app.admin_post(
        &format!("/applications/{}/approve", application["id"]),
        &json!({}),
    ))
    .await;
    assert_eq!(status, 200, "{approved}");
    browser
        .goto(approved["invitation_url"].as_str().unwrap())
        .await;
    browser.shows("#invited-email", "bea@broker.test").await;
    browser.fill("#password", PASSWORD).await;
    browser.fill("#password-again", PASSWORD).await;
    browser.click("#set-password").await;
    browser.wait_for_path("/app/partners/login").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#sign-in-button").await;
    browser.wait_for_path("/app/partners").await;
    browser.shows("#user-email", "bea@broker.test").await;
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
