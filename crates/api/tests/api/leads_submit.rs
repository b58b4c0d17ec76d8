use chrono::{DateTime, Utc};
use diesel::QueryDsl;
use diesel_async::RunQueryDsl;
use partnerhub_domain::LeadHandling;
use partnerhub_persistence::audit::Audit;
use partnerhub_persistence::funding_types;
use partnerhub_persistence::schema::leads;
use partnerhub_test_support::fixtures::{
    seed_example_lead, seed_validate_example, unique_lead, with,
};
use partnerhub_test_support::{TestApp, eventually, send};
use serde_json::{Value, json};

async fn lead_count(app: &TestApp) -> i64 {
    let mut conn = app.conn().await;
    leads::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap_or(-1)
}

#[tokio::test]
async fn stores_the_lead_normalised_at_stage_lead() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let body = with(
        seed_validate_example(),
        json!({"phone": "(555) 123-4567", "residential_state": "ca", "residential_zip": "900011234",
               "funding_type": "term loan", "first_name": "  John  "}),
    );
    let (status, created) = send(app.post("/leads/submit", &partner.api_key, &body)).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["success"], true);
    let reference = created["reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(status, 200);
    let lead = &shown["lead"];
    assert_eq!(lead["first_name"], "John");
    assert_eq!(lead["phone"], "5551234567");
    assert_eq!(lead["residential_state"], "CA");
    assert_eq!(lead["residential_zip"], "90001-1234");
    assert_eq!(lead["funding_type"], "Term Loan");
    assert_eq!(lead["status"], "lead");
    assert_eq!(lead["application_status"], Value::Null);
    assert_eq!(lead["effective_status"], "lead");
}

#[tokio::test]
async fn a_validation_failure_is_400_with_the_first_error_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let body = with(
        seed_example_lead(),
        json!({"residential_street": null, "residential_zip": "1"}),
    );
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &body)).await;
    assert_eq!(status, 400);
    assert_eq!(error["error"], "Residential address: Street is required");
    assert_eq!(error["field"], "residential_street");
    assert_eq!(
        error["errors"],
        json!([
            "Residential address: Street is required",
            "Field 'residential_zip' must be 5 or 9 digits"
        ])
    );
    assert_eq!(lead_count(&app).await, 0);
}

#[tokio::test]
async fn full_management_answers_with_the_settings_note() {
    let app = TestApp::spawn().await;
    let partner = app
        .partner_with(|draft| draft.lead_handling = Some(LeadHandling::FullManagement))
        .await;
    let missing_email = with(seed_example_lead(), json!({"email": null}));
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &missing_email)).await;
    assert_eq!(status, 400);
    assert_eq!(
        error["error"],
        "Field 'email' is required when your account is set to 'StartCap fully manages onboarding and funding'."
    );
    assert_eq!(
        error["settings_note"],
        "You can change this in your partner portal under Settings → Lead submission & handling."
    );
    assert_eq!(
        error["settings_url"],
        "https://partners.test/app/partners/settings"
    );

    let bad_phone = with(seed_example_lead(), json!({"phone": "12345"}));
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &bad_phone)).await;
    assert_eq!(status, 400);
    assert_eq!(error["error"], "Field 'phone' must be exactly 10 digits");
    assert_eq!(
        error["settings_url"],
        "https://partners.test/app/partners/settings"
    );

    let (status, _) = send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    assert_eq!(status, 200);
    assert_eq!(lead_count(&app).await, 1);
}

#[tokio::test]
async fn funding_only_and_unset_accept_leads_without_contact_details() {
    let app = TestApp::spawn().await;
    let funding_only = app
        .partner_with(|draft| draft.lead_handling = Some(LeadHandling::FundingOnly))
        .await;
    let unset = app.partner().await;
    let body = with(seed_example_lead(), json!({"email": null, "phone": null}));
    for key in [&funding_only.api_key, &unset.api_key] {
        let (status, created) = send(app.post("/leads/submit", key, &body)).await;
        assert_eq!(status, 200, "{created}");
        assert!(created.get("settings_note").is_none());
    }
}

#[tokio::test]
async fn funding_types_accepted_unknown_and_deactivated() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let rejected = "This funding type is not currently accepted for lead submissions. Please use an allowed funding type or omit funding_type.";

    let term_loan = with(unique_lead(1), json!({"funding_type": "Term Loan"}));
    let (status, _) = send(app.post("/leads/submit", &partner.api_key, &term_loan)).await;
    assert_eq!(status, 200);

    let unknown = with(unique_lead(2), json!({"funding_type": "Crypto Loan"}));
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &unknown)).await;
    assert_eq!((status, error["error"].as_str()), (400, Some(rejected)));

    let mut conn = app.conn().await;
    let deactivated = funding_types::set_active(&mut conn, "Term Loan", false, &Audit::cli()).await;
    assert!(deactivated.is_ok_and(|found| found.is_some()));
    let later = with(unique_lead(3), json!({"funding_type": "Term Loan"}));
    let refused = eventually(|| async {
        let (status, error) = send(app.post("/leads/validate", &partner.api_key, &later)).await;
        status == 400 && error["errors"] == json!([rejected])
    })
    .await;
    assert!(refused, "a deactivated funding type must be refused");
    let (status, error) = send(app.post("/leads/submit", &partner.api_key, &later)).await;
    assert_eq!((status, error["error"].as_str()), (400, Some(rejected)));

    let added = funding_types::add(&mut conn, "Revenue Based Financing", &Audit::cli()).await;
    assert!(added.is_ok());
    let newly_accepted = with(
        unique_lead(4),
        json!({"funding_type": "Revenue Based Financing"}),
    );
    let accepted = eventually(|| async {
        send(app.post("/leads/validate", &partner.api_key, &newly_accepted))
            .await
            .0
            == 200
    })
    .await;
    assert!(accepted, "a newly added funding type must be accepted");
    assert_eq!(lead_count(&app).await, 1);
}

#[tokio::test]
async fn duplicates_within_30_days_are_409_with_the_existing_reference() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, first) =
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    assert_eq!(status, 200);
    let duplicates = [
        json!({"first_name": "Johnny", "last_name": "Dee", "phone": "5550000000", "residential_zip": "10001", "residential_state": "NY"}),
        json!({"first_name": "Johnny", "last_name": "Dee", "email": "other@example.com", "residential_zip": "10001", "residential_state": "NY"}),
        json!({"email": "JOHN.NEW@example.com", "phone": "5550000001", "first_name": "JOHN", "last_name": "DOE"}),
    ];
    for changes in duplicates {
        let body = with(seed_example_lead(), changes.clone());
        let (status, error) = send(app.post("/leads/submit", &partner.api_key, &body)).await;
        assert_eq!(status, 409, "{changes}");
        assert_eq!(
            error,
            json!({"error": "Duplicate lead", "code": "DUPLICATE_LEAD", "reference_id": first["reference_id"]})
        );
    }
    // Another date of birth is another person.
    let other_person = with(seed_example_lead(), json!({"date_of_birth": "1990-01-01"}));
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &other_person))
            .await
            .0,
        200
    );
    // Another partner may submit the same person.
    let other_partner = app.partner().await;
    assert_eq!(
        send(app.post(
            "/leads/submit",
            &other_partner.api_key,
            &seed_example_lead()
        ))
        .await
        .0,
        200
    );
    assert_eq!(lead_count(&app).await, 3);
}

#[tokio::test]
async fn names_that_only_read_alike_run_together_are_no_duplicate() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mary_ann = json!({"first_name": "Mary Ann", "last_name": "Lee",
        "email": "mary.ann@example.com", "phone": "5550000101"});
    let mary = json!({"first_name": "Mary", "last_name": "Ann Lee",
        "email": "mary@example.com", "phone": "5550000102"});
    for person in [mary_ann, mary] {
        let body = with(seed_example_lead(), person.clone());
        let (status, answer) = send(app.post("/leads/submit", &partner.api_key, &body)).await;
        assert_eq!(status, 200, "{person}: {answer}");
    }
    assert_eq!(lead_count(&app).await, 2);
}

#[tokio::test]
async fn a_lead_older_than_30_days_is_no_duplicate() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead()))
            .await
            .0,
        200
    );
    let mut conn = app.conn().await;
    let aged = diesel::sql_query("UPDATE leads SET created_at = now() - interval '31 days'")
        .execute(&mut conn)
        .await;
    assert_eq!(aged.ok(), Some(1));
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead()))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn concurrent_identical_submits_store_one_lead() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let requests =
        (0..6).map(|_| send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())));
    let answers = futures_util::future::join_all(requests).await;
    let created = answers.iter().filter(|(status, _)| *status == 200).count();
    let duplicates = answers.iter().filter(|(status, _)| *status == 409).count();
    assert_eq!((created, duplicates), (1, 5), "{answers:?}");
    assert_eq!(lead_count(&app).await, 1);
}

#[tokio::test]
async fn an_idempotent_retry_replays_the_first_answer() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let submit = |body: &Value| {
        app.post("/leads/submit", &partner.api_key, body)
            .header("Idempotency-Key", "order-42")
    };
    let first = submit(&seed_example_lead()).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_body: Value = first.json().await.unwrap_or_default();

    // The same fields in another order are the same request.
    let reordered: serde_json::Map<String, Value> = seed_example_lead()
        .as_object()
        .map(|fields| {
            fields
                .iter()
                .rev()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let retry = submit(&Value::Object(reordered)).send().await.unwrap();
    assert_eq!(retry.status(), 200);
    assert_eq!(
        retry
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    assert_eq!(retry.json::<Value>().await.unwrap_or_default(), first_body);

    let changed = with(seed_example_lead(), json!({"notes": "changed"}));
    let (status, error) = send(submit(&changed)).await;
    assert_eq!(status, 422);
    assert_eq!(error["code"], "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(lead_count(&app).await, 1);
}

#[tokio::test]
async fn concurrent_submits_with_one_key_store_one_lead_and_agree() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let requests = (0..5).map(|_| {
        send(
            app.post("/leads/submit", &partner.api_key, &seed_example_lead())
                .header("Idempotency-Key", "same-key"),
        )
    });
    let answers = futures_util::future::join_all(requests).await;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body, &answers[0].1);
    }
    assert_eq!(lead_count(&app).await, 1);
}

#[tokio::test]
async fn an_idempotency_key_expires_after_24_hours() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let submit = |n: u32| {
        app.post("/leads/submit", &partner.api_key, &unique_lead(n))
            .header("Idempotency-Key", "daily")
    };
    assert_eq!(send(submit(1)).await.0, 200);
    let mut conn = app.conn().await;
    let aged =
        diesel::sql_query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'")
            .execute(&mut conn)
            .await;
    assert_eq!(aged.ok(), Some(1));
    // After expiry the key is free: another body is a new request, not a 422.
    assert_eq!(send(submit(2)).await.0, 200);
    assert_eq!(lead_count(&app).await, 2);
}

#[tokio::test]
async fn a_bad_idempotency_key_is_400() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, error) = send(
        app.post("/leads/submit", &partner.api_key, &seed_example_lead())
            .header("Idempotency-Key", "k".repeat(256)),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(error["field"], "Idempotency-Key");
    assert_eq!(lead_count(&app).await, 0);
}

#[tokio::test]
async fn the_consent_record_is_kept_with_the_lead() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let body = with(
        seed_example_lead(),
        json!({"tcpa_consent": true, "consent_timestamp": "2026-01-02T10:30:00-05:00",
               "ip_address": "2001:db8::1", "source_url": "https://example.com/apply",
               "consent_text": "I agree.", "user_agent": "Mozilla/5.0"}),
    );
    assert_eq!(
        send(app.post("/leads/submit", &partner.api_key, &body))
            .await
            .0,
        200
    );
    let mut conn = app.conn().await;
    let stored = leads::table
        .select((
            leads::tcpa_consent,
            leads::ip_address,
            leads::consent_text,
            leads::consent_timestamp,
        ))
        .first::<(
            Option<bool>,
            Option<String>,
            Option<String>,
            Option<DateTime<Utc>>,
        )>(&mut conn)
        .await;
    let (consent, ip, text, at) = stored.unwrap();
    assert_eq!(consent, Some(true));
    assert_eq!(ip.as_deref(), Some("2001:db8::1"));
    assert_eq!(text.as_deref(), Some("I agree."));
    assert_eq!(
        at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2026-01-02T15:30:00+00:00")
    );
}
