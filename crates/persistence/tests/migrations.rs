//! Every migration runs up, down and up again, and the hand-written schema.rs matches
//! the tables the migrations build (each row type is selected from its table).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use diesel::{QueryDsl, SelectableHelper};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::lead::{ConsentRecord, NewLead, Utm};
use partnerhub_persistence::enums::DbReferralType;
use partnerhub_persistence::funding_types::FundingType;
use partnerhub_persistence::leads::{self, Lead};
use partnerhub_persistence::migrations::{revert_all, run_pending};
use partnerhub_persistence::partners::Partner;
use partnerhub_persistence::quotes::Quote;
use partnerhub_persistence::schema::{funding_types, idempotency_keys, lead_quotes, partners};
use partnerhub_test_support::TestDatabase;

#[tokio::test]
async fn migrations_run_up_down_and_up_again() {
    let database = TestDatabase::create_empty().await;
    let applied = run_pending(&database.url).await.unwrap();
    assert!(applied >= 1);
    revert_all(&database.url).await.unwrap();
    assert_eq!(run_pending(&database.url).await.ok(), Some(applied));
    assert_eq!(run_pending(&database.url).await.ok(), Some(0));
}

#[tokio::test]
async fn schema_rs_matches_the_migrated_tables() {
    let database = TestDatabase::create().await;
    let mut conn = AsyncPgConnection::establish(&database.url).await.unwrap();
    let partners = partners::table
        .select(Partner::as_select())
        .load(&mut conn)
        .await;
    assert!(partners.is_ok(), "{partners:?}");
    let rows = partnerhub_persistence::schema::leads::table
        .select(Lead::as_select())
        .load(&mut conn)
        .await;
    assert!(rows.is_ok(), "{rows:?}");
    let quotes = lead_quotes::table
        .select(Quote::as_select())
        .load(&mut conn)
        .await;
    assert!(quotes.is_ok(), "{quotes:?}");
    let types = funding_types::table
        .select(FundingType::as_select())
        .load(&mut conn)
        .await;
    assert!(types.is_ok_and(|types| types.iter().any(|t| t.name == "Term Loan" && t.active)));
    let keys = idempotency_keys::table
        .count()
        .get_result::<i64>(&mut conn)
        .await;
    assert_eq!(keys.ok(), Some(0));
    // The insert writes the columns Lead does not select (the consent record), so together
    // they cover every column of leads.
    let (partner, _) = partnerhub_persistence::partners::create_with_key(
        &mut conn,
        partnerhub_persistence::partners::PartnerDraft {
            name: "P".into(),
            email: "p@example.com".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let lead = NewLead {
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default(),
        email: Some("ann@example.com".into()),
        phone: Some("5551234567".into()),
        company_name: None,
        residential_street: "1 Main St".into(),
        residential_city: "Austin".into(),
        residential_state: "TX".into(),
        residential_zip: "73301".into(),
        notes: None,
        funding_type: Some("Term Loan".into()),
        utm: Utm::default(),
        consent: Some(ConsentRecord {
            tcpa_consent: Some(true),
            consent_timestamp: Some(chrono::Utc::now()),
            ip_address: Some("203.0.113.9".into()),
            source_url: Some("https://example.com".into()),
            consent_text: Some("I agree".into()),
            user_agent: Some("UA".into()),
            trustedform_cert_url: None,
        }),
    };
    let stored = leads::insert(
        &mut conn,
        partner.partner_id(),
        DbReferralType::ApiLead,
        &lead,
    )
    .await;
    let stored = stored.unwrap();
    assert_eq!(stored.stage(), partnerhub_domain::Stage::Lead);
}
