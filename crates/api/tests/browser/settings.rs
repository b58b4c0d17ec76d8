use super::{partner_with_person, portal, sign_in};
use partnerhub_test_support::fixtures::{seed_example_lead, with};
use partnerhub_test_support::{Browser, send};
use serde_json::json;

#[tokio::test]
async fn choosing_full_management_in_settings_makes_the_next_submit_need_an_email() {
    let app = portal().await;
    let (id, key, email) = partner_with_person(&app, "Acme").await;
    send(app.admin_patch(
        &format!("/partners/{id}"),
        &json!({"lead_handling": "funding_only"}),
    ))
    .await;
    let without_email = with(seed_example_lead(), json!({"email": null}));
    assert_eq!(
        send(app.post("/leads/submit", &key, &without_email))
            .await
            .0,
        200
    );

    let browser = Browser::start().await;
    sign_in(&browser, &app, &email).await;
    browser.goto(&app.url("/app/partners/settings")).await;
    // The seed's two choices, in its exact words; the current one chosen.
    browser
        .shows(
            "#handling-choices label:nth-of-type(1) span",
            "StartCap fully manages onboarding and funding",
        )
        .await;
    browser
        .shows(
            "#handling-choices label:nth-of-type(2) span",
            "Partner handles onboarding; StartCap handles funding",
        )
        .await;
    browser
        .shows("#lead-handling h2", "Lead submission & handling")
        .await;
    assert_eq!(
        browser
            .find("#handling-funding_only")
            .await
            .prop("checked")
            .await
            .unwrap(),
        Some("true".to_string())
    );
    browser.click("#handling-full_management").await;
    browser.click("#save-handling").await;
    browser
        .text_when("#notice", |text| text.starts_with("Saved."))
        .await;

    let another = with(
        seed_example_lead(),
        json!({"email": null, "first_name": "Jane", "phone": "5550001111"}),
    );
    let (status, refused) = send(app.post("/leads/submit", &key, &another)).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(
        refused["error"],
        "Field 'email' is required when your account is set to 'StartCap fully manages onboarding and funding'."
    );
    // settings_url opens this very page.
    let settings_url = refused["settings_url"].as_str().unwrap();
    assert_eq!(settings_url, app.url("/app/partners/settings"));
    browser.goto(settings_url).await;
    browser.shows("h1", "Settings").await;
    assert_eq!(
        browser
            .find("#handling-full_management")
            .await
            .prop("checked")
            .await
            .unwrap(),
        Some("true".to_string())
    );
    assert!(browser.console_errors().await.is_empty());
    browser.close().await;
}
