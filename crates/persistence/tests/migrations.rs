//! Every migration runs up, down and up again, and the hand-written schema.rs matches
//! the tables the migrations build (each row type is selected from its table).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use diesel::{QueryDsl, SelectableHelper};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::ReferralType;
use partnerhub_domain::lead::{ConsentRecord, NewLead, Utm};
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
        &partnerhub_persistence::audit::Audit::cli(),
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
    let origin = leads::Origin {
        partner: partner.partner_id(),
        referral_type: ReferralType::ApiLead,
        test: false,
        flags: Vec::new(),
    };
    let stored = leads::insert(&mut conn, &origin, &lead).await;
    let stored = stored.unwrap();
    assert_eq!(stored.stage(), partnerhub_domain::Stage::Lead);
}

/// Every table of schema.rs, column by column (name, order, type, nullability), against the
/// tables the migrations build; and no migrated table is missing from schema.rs.
#[tokio::test]
async fn every_table_of_schema_rs_matches_the_migrated_columns() {
    #[derive(diesel::QueryableByName, Debug)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        column_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        udt_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        is_nullable: String,
    }
    let database = TestDatabase::create().await;
    let mut conn = AsyncPgConnection::establish(&database.url).await.unwrap();
    let migrated: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, udt_name::text, \
         -- A generated column is computed from non-null ones: schema.rs reads it as not null.
         (CASE WHEN is_generated = 'ALWAYS' THEN 'NO' ELSE is_nullable END)::text AS is_nullable \
         FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name <> '__diesel_schema_migrations' ORDER BY table_name, ordinal_position",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let migrated: Vec<(String, String, String, bool)> = migrated
        .into_iter()
        .map(|c| {
            (
                c.table_name,
                c.column_name,
                c.udt_name,
                c.is_nullable == "YES",
            )
        })
        .collect();

    // schema.rs re-exports the domain's enum types from its sql_types.rs.
    let sql_types = include_str!("../../domain/src/sql_types.rs");
    let schema = include_str!("../src/schema.rs");
    let mut enum_names = std::collections::HashMap::new();
    let mut pending_name = None;
    let mut declared = Vec::new();
    let mut table = None;
    for line in sql_types.lines().chain(schema.lines()).map(str::trim) {
        if let Some(rest) = line.strip_prefix("#[diesel(postgres_type(name = \"") {
            pending_name = rest.split('"').next().map(str::to_owned);
        } else if let Some(rest) = line.strip_prefix("pub struct ") {
            let rust = rest.trim_end_matches(';').to_string();
            enum_names.insert(rust, pending_name.take().unwrap());
        } else if line.ends_with(") {") && !line.contains("->") {
            table = line.split(' ').next().map(str::to_owned);
        } else if let (Some(table), Some((column, ty))) = (&table, line.split_once(" -> ")) {
            let ty = ty.trim_end_matches(',');
            let (nullable, ty) = match ty.strip_prefix("Nullable<") {
                Some(inner) => (true, inner.trim_end_matches('>')),
                None => (false, ty),
            };
            let udt = match ty {
                "Int8" => "int8".to_string(),
                "Int4" => "int4".to_string(),
                "Int2" => "int2".to_string(),
                "Text" => "text".to_string(),
                "Bool" => "bool".to_string(),
                "Timestamptz" => "timestamptz".to_string(),
                "Date" => "date".to_string(),
                "Bytea" => "bytea".to_string(),
                "Float8" => "float8".to_string(),
                "Json" => "json".to_string(),
                "Jsonb" => "jsonb".to_string(),
                "Inet" => "inet".to_string(),
                "Array<Int4>" => "_int4".to_string(),
                "Array<Text>" => "_text".to_string(),
                other => enum_names
                    .get(other)
                    .cloned()
                    .unwrap_or_else(|| panic!("schema.rs type {other} is not mapped here")),
            };
            declared.push((table.clone(), column.to_string(), udt, nullable));
        } else if line == "}" {
            table = None;
        }
    }
    declared.sort_by(|a, b| a.0.cmp(&b.0));
    let mut migrated_sorted = migrated.clone();
    migrated_sorted.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(declared.len() > 50, "{} columns parsed", declared.len());
    for column in &declared {
        assert!(
            migrated.contains(column),
            "schema.rs has {column:?}, the migrations do not"
        );
    }
    for column in &migrated {
        assert!(
            declared.contains(column),
            "the migrations have {column:?}, schema.rs does not"
        );
    }
    let order = |columns: &[(String, String, String, bool)], table: &str| -> Vec<String> {
        columns
            .iter()
            .filter(|c| c.0 == table)
            .map(|c| c.1.clone())
            .collect()
    };
    for table in declared
        .iter()
        .map(|c| c.0.clone())
        .collect::<std::collections::BTreeSet<_>>()
    {
        assert_eq!(
            order(&declared, &table),
            order(&migrated, &table),
            "column order of {table}"
        );
    }
}
