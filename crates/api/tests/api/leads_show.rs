use partnerhub_domain::Cents;
use partnerhub_domain::LeadId;
use partnerhub_domain::quotes::{QuoteDraft, QuoteGroupStatus, QuoteStatus};
use partnerhub_persistence::quotes;
use partnerhub_test_support::fixtures::{dollars, seed_example_lead};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

#[tokio::test]
async fn shows_a_new_lead_as_the_seed_does_without_quotes() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, created) =
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    let reference = created["reference_id"].as_str().unwrap_or_default();
    let (status, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(status, 200);
    assert_eq!(shown["success"], true);
    assert!(
        shown.get("quotes").is_none(),
        "no quotes key without quotes"
    );
    let lead = &shown["lead"];
    assert_eq!(lead["reference_id"], reference);
    for (field, value) in [
        ("first_name", "John"),
        ("last_name", "Doe"),
        ("email", "john@example.com"),
        ("phone", "5551234567"),
        ("company_name", "Example Corp"),
        ("residential_street", "123 Main St"),
        ("residential_city", "Los Angeles"),
        ("residential_state", "CA"),
        ("residential_zip", "90001"),
        ("status", "lead"),
        ("effective_status", "lead"),
    ] {
        assert_eq!(lead[field], value, "{field}");
    }
    assert_eq!(lead["application_status"], Value::Null);
    assert_eq!(lead["created_at"], lead["updated_at"]);
}

#[tokio::test]
async fn shows_quotes_with_two_decimal_amounts() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (_, created) =
        send(app.post("/leads/submit", &partner.api_key, &seed_example_lead())).await;
    let lead_id = LeadId::new(created["lead_id"].as_i64().unwrap_or_default());
    let drafts = [
        QuoteDraft {
            quote_type: "Term Loan".into(),
            amount: Some(Cents(5_000_000)),
            status: QuoteStatus::Sent,
        },
        QuoteDraft {
            quote_type: "Line of Credit".into(),
            amount: None,
            status: QuoteStatus::Pending,
        },
    ];
    let mut conn = app.conn().await;
    let lead = partnerhub_persistence::leads::lock(&mut conn, lead_id)
        .await
        .unwrap();
    let replaced = quotes::replace(
        &mut conn,
        &lead,
        QuoteGroupStatus::Sent,
        &drafts,
        &partnerhub_persistence::audit::Audit::cli(),
    )
    .await;
    assert!(replaced.is_ok(), "{replaced:?}");
    let reference = created["reference_id"].as_str().unwrap_or_default();
    let response = app
        .get(&format!("/leads/{reference}"), &partner.api_key)
        .send()
        .await;
    let text = response.unwrap().text().await.unwrap_or_default();
    assert!(text.contains("\"amount\":50000.00"), "{text}");
    let shown: Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(
        shown["quotes"],
        json!([
            {"quote_type": "Term Loan", "amount": dollars("50000.00"), "status": "sent", "quote_group_status": "sent"},
            {"quote_type": "Line of Credit", "amount": null, "status": "pending", "quote_group_status": "sent"}
        ])
    );
}

#[tokio::test]
async fn another_partners_lead_is_the_same_404_as_a_missing_one() {
    let app = TestApp::spawn().await;
    let owner = app.partner().await;
    let stranger = app.partner().await;
    let (_, created) = send(app.post("/leads/submit", &owner.api_key, &seed_example_lead())).await;
    let reference = created["reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lead_id = created["lead_id"].as_i64().unwrap_or_default();
    let not_found = json!({"error": "Lead not found", "code": "NOT_FOUND"});
    let wrong_date = format!("19990101-{lead_id}");
    let missing = format!("{}-{}", &reference[..8], lead_id + 1000);
    for (key, id) in [
        (&stranger.api_key, reference.as_str()),
        (&owner.api_key, missing.as_str()),
        (&owner.api_key, wrong_date.as_str()),
        (&owner.api_key, "not-a-reference"),
        (&owner.api_key, "123"),
    ] {
        let (status, body) = send(app.get(&format!("/leads/{id}"), key)).await;
        assert_eq!((status, &body), (404, &not_found), "{id}");
    }
}
