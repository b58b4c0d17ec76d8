use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::{seed_example_lead, unique_lead, with};
use partnerhub_test_support::{BROWSER_AGENT, TestApp, send};
use serde_json::{Value, json};

async fn referral_code(app: &TestApp, key: &str) -> String {
    let (_, account) = send(app.get("/account", key)).await;
    account["account"]["referral_code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Follows the partner's tracking link; returns the click's reference id.
async fn click(app: &TestApp, code: &str, query: &str) -> (String, reqwest::Response) {
    let visit = app.visit(&format!("/r/{code}{query}")).await;
    (visit.reference.unwrap_or_default(), visit.response)
}

#[tokio::test]
async fn a_tracking_link_records_a_click_sets_the_cookie_and_redirects() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let code = referral_code(&app, &partner.api_key).await;
    let (reference, response) =
        click(&app, &code, "?utm_source=newsletter&utm_campaign=spring").await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers().get("location").map(|v| v.as_bytes()),
        Some(&b"https://landing.test/welcome"[..])
    );
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("Path=/")
            && cookie.contains("Max-Age=2592000"),
        "{cookie}"
    );
    let (status, referral) =
        send(app.get(&format!("/referrals/{reference}"), &partner.api_key)).await;
    assert_eq!(status, 200);
    let created_at = referral["referral"]["created_at"].clone();
    assert_eq!(
        referral["referral"],
        json!({
        "reference_id": reference, "referral_type": "traffic", "first_name": "", "last_name": "",
        "company_name": "", "funding_type": null, "status": "click", "application_status": null,
        "effective_status": "click", "created_at": created_at, "updated_at": created_at})
    );
    let mut conn = app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct Utm {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        utm_source: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        utm_campaign: Option<String>,
    }
    let utm: Vec<Utm> = diesel::sql_query("SELECT utm_source, utm_campaign FROM leads")
        .load(&mut conn)
        .await
        .unwrap_or_default();
    assert_eq!(
        (utm[0].utm_source.as_deref(), utm[0].utm_campaign.as_deref()),
        (Some("newsletter"), Some("spring"))
    );
    #[derive(diesel::QueryableByName)]
    struct FirstMove {
        #[diesel(sql_type = diesel::sql_types::Text)]
        actor: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        at_creation: bool,
    }
    let history: Vec<FirstMove> = diesel::sql_query(
        "SELECT h.actor, h.created_at = l.created_at AS at_creation \
         FROM lead_status_history h JOIN leads l ON l.id = h.lead_id \
         WHERE h.from_stage IS NULL AND h.to_stage = 'click'",
    )
    .load(&mut conn)
    .await
    .unwrap_or_default();
    assert_eq!(
        history
            .iter()
            .map(|row| (row.actor.as_str(), row.at_creation))
            .collect::<Vec<_>>(),
        [("tracking_link", true)],
        "the click's first history row"
    );
    assert!(
        app.events(partner.id).await.is_empty(),
        "a click is not a lead"
    );
}

#[tokio::test]
async fn a_partners_own_landing_url_wins_and_unknown_or_inactive_codes_are_404() {
    let app = TestApp::spawn().await;
    let partner = app
        .partner_with(|draft| draft.landing_url = Some("https://acme.test/apply".into()))
        .await;
    let code = referral_code(&app, &partner.api_key).await;
    let (_, response) = click(&app, &code, "").await;
    assert_eq!(
        response.headers().get("location").map(|v| v.as_bytes()),
        Some(&b"https://acme.test/apply"[..])
    );
    let (_, unknown) = click(&app, "nosuchcode", "").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        send(app.admin_patch(
            &format!("/partners/{}", partner.id),
            &json!({"status": "suspended"})
        ))
        .await
        .0,
        200
    );
    let (_, suspended) = click(&app, &code, "").await;
    assert_eq!(suspended.status(), 404);
    assert_eq!(
        send(app.client.post(app.url(&format!("/r/{code}"))))
            .await
            .0,
        405
    );
}

#[tokio::test]
async fn a_landing_url_with_characters_no_header_holds_is_kept_percent_encoded() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, updated) = send(app.admin_patch(
        &format!("/partners/{}", partner.id),
        &json!({"landing_url": "https://acme.test/caf\u{e9}?src=\u{1d}x"}),
    ))
    .await;
    assert_eq!(status, 200, "{updated}");
    let encoded = "https://acme.test/caf%C3%A9?src=%1Dx";
    assert_eq!(updated["partner"]["landing_url"], encoded);
    let code = referral_code(&app, &partner.api_key).await;
    let (_, response) = click(&app, &code, "?utm_campaign=%C3%90%1D%5Ee").await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers().get("location").map(|v| v.as_bytes()),
        Some(encoded.as_bytes())
    );
}

#[tokio::test]
async fn a_converted_click_becomes_a_lead_but_stays_private() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let code = referral_code(&app, &partner.api_key).await;
    let (reference, _) = click(&app, &code, "?utm_source=ads").await;
    let lead = with(
        seed_example_lead(),
        json!({"first_name": "Jane", "last_name": "Doe"}),
    );
    let (status, converted) =
        send(app.admin_post(&format!("/referrals/{reference}/convert"), &lead)).await;
    assert_eq!(status, 200, "{converted}");
    let (_, referral) = send(app.get(&format!("/referrals/{reference}"), &partner.api_key)).await;
    let shown = &referral["referral"];
    assert_eq!(
        (
            shown["first_name"].as_str(),
            shown["last_name"].as_str(),
            shown["status"].as_str()
        ),
        (Some("Jane"), Some("D."), Some("lead"))
    );
    for hidden in [
        "email",
        "phone",
        "residential_street",
        "residential_city",
        "residential_state",
        "residential_zip",
    ] {
        assert!(
            shown.get(hidden).is_none(),
            "{hidden} must not be shown for traffic"
        );
    }
    assert_eq!(shown["company_name"], "Example Corp");
    let events = app.events(partner.id).await;
    assert_eq!(events.len(), 1);
    let data = &events[0].1["data"];
    assert_eq!(
        (data["old_status"].as_str(), data["new_status"].as_str()),
        (Some("click"), Some("lead"))
    );
    assert_eq!(
        (
            data["old_application_status"].as_str(),
            data["new_application_status"].as_str()
        ),
        (Some("click"), Some("lead"))
    );
    assert!(data["lead_details"].get("email").is_none());

    let (status, error) =
        send(app.admin_post(&format!("/referrals/{reference}/convert"), &lead)).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("NOT_A_CLICK")));
}

#[tokio::test]
async fn only_valid_conversions_of_known_clicks_happen() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, created) =
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    let api_lead = created["reference_id"].as_str().unwrap_or_default();
    let (status, error) =
        send(app.admin_post(&format!("/referrals/{api_lead}/convert"), &unique_lead(1))).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("NOT_TRAFFIC")));
    let (status, error) =
        send(app.admin_post("/referrals/20240101-99999/convert", &unique_lead(1))).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (404, Some("Referral not found"))
    );
    let code = referral_code(&app, &partner.api_key).await;
    let (reference, _) = click(&app, &code, "").await;
    let (status, _) = send(app.admin_post(
        &format!("/referrals/{reference}/convert"),
        &with(unique_lead(1), json!({"residential_state": "XX"})),
    ))
    .await;
    assert_eq!(status, 400);
    // Converting into a copy of an existing lead is a duplicate.
    let (status, error) = send(app.admin_post(
        &format!("/referrals/{reference}/convert"),
        &seed_example_lead(),
    ))
    .await;
    assert_eq!(
        (status, error["reference_id"].as_str()),
        (409, Some(api_lead))
    );
    let (_, still) = send(app.get(&format!("/referrals/{reference}"), &partner.api_key)).await;
    assert_eq!(still["referral"]["status"], "click");
}

#[tokio::test]
async fn partner_leads_show_full_details_and_others_are_404() {
    let app = TestApp::spawn().await;
    let owner = app.partner().await;
    let stranger = app.partner().await;
    let (_, created) = send(app.post("/leads/submit", &owner.api_key, &seed_example_lead())).await;
    let reference = created["reference_id"].as_str().unwrap_or_default();
    let (status, referral) =
        send(app.get(&format!("/referrals/{reference}"), &owner.api_key)).await;
    assert_eq!(status, 200);
    assert_eq!(referral["referral"]["referral_type"], "api_lead");
    assert_eq!(referral["referral"]["last_name"], "Doe");
    assert_eq!(referral["referral"]["email"], "john@example.com");
    assert_eq!(referral["referral"]["residential_zip"], "90001");
    let not_found = json!({"error": "Referral not found", "code": "NOT_FOUND"});
    for (key, id) in [
        (&stranger.api_key, reference),
        (&owner.api_key, "20240101-424242"),
        (&owner.api_key, "x"),
    ] {
        assert_eq!(
            send(app.get(&format!("/referrals/{id}"), key)).await,
            (404, not_found.clone()),
            "{id}"
        );
    }
}

async fn stats(app: &TestApp, key: &str, query: &str) -> (u16, Value) {
    send(app.get(&format!("/referrals/stats{query}"), key)).await
}

#[tokio::test]
async fn stats_count_referrals_by_current_status_and_creation_date() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, empty) = stats(&app, &partner.api_key, "").await;
    assert_eq!(
        empty,
        json!({"success": true, "stats": {"total_referrals": 0, "total_clicks": 0, "total_leads": 0,
        "total_applications": 0, "total_funded": 0, "conversion_rate": 0.0}})
    );
    let code = referral_code(&app, &partner.api_key).await;
    // Three people: a person's repeated visits within the hour count once.
    for n in 0..3 {
        app.visit_as(
            &format!("/r/{code}"),
            &format!("{BROWSER_AGENT} visitor/{n}"),
        )
        .await;
    }
    let mut references = Vec::new();
    for n in 0..4 {
        let (_, created) = send(app.post("/leads/submit", &partner.api_key, &unique_lead(n))).await;
        references.push(
            created["reference_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    let step = |reference: String, body: Value| {
        let request = app.admin_post(&format!("/leads/{reference}/status"), &body);
        async move { assert_eq!(send(request).await.0, 200) }
    };
    step(references[2].clone(), json!({"status": "in_underwriting"})).await;
    step(
        references[3].clone(),
        json!({"status": "funded", "force": true, "funded_amount": 1000}),
    )
    .await;
    // Someone else's referrals never count.
    let other = app.partner().await;
    send(app.post("/leads/submit", &other.api_key, &unique_lead(9))).await;

    let (status, all) = stats(&app, &partner.api_key, "").await;
    assert_eq!(status, 200);
    assert_eq!(
        all["stats"],
        json!({"total_referrals": 7, "total_clicks": 3, "total_leads": 3,
        "total_applications": 1, "total_funded": 1, "conversion_rate": 0.143})
    );

    let mut conn = app.conn().await;
    let moved = diesel::sql_query(format!(
        "UPDATE leads SET created_at = '2024-01-10 12:00:00+00' WHERE id IN ({}, {})",
        references[0].split('-').nth(1).unwrap_or("0"),
        references[3].split('-').nth(1).unwrap_or("0")
    ))
    .execute(&mut conn)
    .await;
    assert_eq!(moved.ok(), Some(2));
    let (_, january) = stats(
        &app,
        &partner.api_key,
        "?start_date=2024-01-10&end_date=2024-01-10",
    )
    .await;
    assert_eq!(
        january["stats"],
        json!({"total_referrals": 2, "total_clicks": 0, "total_leads": 1,
        "total_applications": 0, "total_funded": 1, "conversion_rate": 0.5})
    );
    let (_, since) = stats(&app, &partner.api_key, "?start_date=2024-01-11").await;
    assert_eq!(since["stats"]["total_referrals"], 5);
    let (_, until) = stats(&app, &partner.api_key, "?end_date=2024-01-09").await;
    assert_eq!(until["stats"]["total_referrals"], 0);
    assert!(partnerhub_persistence::stats::fold(&mut conn).await.is_ok());
    let (_, january_folded) = stats(
        &app,
        &partner.api_key,
        "?start_date=2024-01-10&end_date=2024-01-10",
    )
    .await;
    assert_eq!(january_folded, january);
    assert_eq!(
        stats(&app, &partner.api_key, "").await.1["stats"]["total_referrals"],
        7
    );
}

#[tokio::test]
async fn bad_stats_dates_are_400() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    for (query, field) in [
        ("?start_date=2024-02-30", "start_date"),
        ("?end_date=soon", "end_date"),
        ("?start_date=2024-02-01&end_date=2024-01-01", "end_date"),
    ] {
        let (status, error) = stats(&app, &partner.api_key, query).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (400, Some(field)),
            "{query}"
        );
    }
}
