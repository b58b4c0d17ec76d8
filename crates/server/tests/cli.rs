//! The `partnerhub` binary as scripts use it: exact JSON on stdout, real databases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use diesel::QueryDsl;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_persistence::schema::{api_keys, funding_types, partners};
mod common;

use common::partnerhub;
use partnerhub_test_support::TestDatabase;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Stdout must be exactly one JSON object on one line.
fn json_stdout(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "stdout: {stdout}");
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn create_partner(database: &TestDatabase) -> Value {
    json_stdout(&partnerhub(
        database,
        &[
            "partner",
            "create",
            "--name",
            "Acme",
            "--email",
            "a@acme.test",
        ],
    ))
}

async fn connect(database: &TestDatabase) -> AsyncPgConnection {
    AsyncPgConnection::establish(&database.url).await.unwrap()
}

#[tokio::test]
async fn migrate_builds_the_schema_on_an_empty_database_and_is_repeatable() {
    let database = TestDatabase::create_empty().await;
    assert!(partnerhub(&database, &["migrate"]).status.success());
    assert!(partnerhub(&database, &["migrate"]).status.success());
    let mut conn = connect(&database).await;
    let seeded: i64 = funding_types::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap_or_default();
    assert!(seeded > 0);
}

#[tokio::test]
async fn partner_create_prints_the_id_and_a_key_that_is_stored_hashed() {
    let database = TestDatabase::create().await;
    let created = create_partner(&database);
    let object = created
        .as_object()
        .map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(
        object,
        Some(vec!["partner_id".to_string(), "api_key".to_string()])
    );
    let id = created["partner_id"].as_i64().unwrap_or_default();
    let key = created["api_key"].as_str().unwrap_or_default();
    assert!(id > 0 && key.starts_with("phk_") && key.len() >= 36);

    let child = json_stdout(&partnerhub(
        &database,
        &[
            "partner",
            "create",
            "--name",
            "Child",
            "--email",
            "c@acme.test",
            "--lead-handling",
            "full_management",
            "--parent",
            &id.to_string(),
            "--rate-limit-per-hour",
            "50",
        ],
    ));
    let child_id = child["partner_id"].as_i64().unwrap_or_default();
    let mut conn = connect(&database).await;
    let (parent, limit): (Option<i64>, i32) = partners::table
        .find(child_id)
        .select((partners::parent_partner_id, partners::rate_limit_per_hour))
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!((parent, limit), (Some(id), 50));
    let hashes: Vec<Vec<u8>> = api_keys::table
        .select(api_keys::key_hash)
        .load(&mut conn)
        .await
        .unwrap_or_default();
    assert!(hashes.contains(&partnerhub_domain::ApiKeyHash::of(key).0.to_vec()));

    let orphan = partnerhub(
        &database,
        &[
            "partner", "create", "--name", "X", "--email", "x@x.test", "--parent", "999999",
        ],
    );
    assert!(!orphan.status.success());
    assert!(
        String::from_utf8_lossy(&orphan.stderr).contains("parent partner 999999 does not exist")
    );
    assert!(orphan.stdout.is_empty());
}

#[tokio::test]
async fn rotate_key_revokes_the_old_key() {
    let database = TestDatabase::create().await;
    let created = create_partner(&database);
    let id = created["partner_id"]
        .as_i64()
        .unwrap_or_default()
        .to_string();
    let rotated = json_stdout(&partnerhub(
        &database,
        &["partner", "rotate-key", "--id", &id],
    ));
    assert_eq!(rotated["partner_id"], created["partner_id"]);
    assert_ne!(rotated["api_key"], created["api_key"]);
    let mut conn = connect(&database).await;
    let live: i64 = api_keys::table
        .filter(diesel::ExpressionMethods::is_null(api_keys::revoked_at))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap_or_default();
    assert_eq!(live, 1);
    assert!(
        !partnerhub(&database, &["partner", "rotate-key", "--id", "424242"])
            .status
            .success()
    );
}

#[tokio::test]
async fn partner_invite_prints_the_invitation_and_its_link() {
    let database = TestDatabase::create().await;
    let created = create_partner(&database);
    let id = created["partner_id"].as_i64().unwrap().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .args([
            "partner",
            "invite",
            "--id",
            &id,
            "--email",
            " Ann@Acme.test ",
        ])
        .env("DATABASE_URL", &database.url)
        .env("PARTNERHUB_PUBLIC_URL", "https://partners.acme.test/")
        .output()
        .unwrap();
    let invited = json_stdout(&output);
    assert_eq!(invited["invitation"]["email"], "Ann@Acme.test");
    assert!(invited["invitation"]["expires_at"].as_str().unwrap().len() == 19);
    let url = invited["url"].as_str().unwrap();
    let token = url
        .strip_prefix("https://partners.acme.test/app/partners/invitations/")
        .unwrap_or_else(|| panic!("{url}"));
    assert_eq!(token.len(), 43);
    let refused = partnerhub(
        &database,
        &["partner", "invite", "--id", "424242", "--email", "a@b.test"],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("partner 424242 does not exist"));
    let refused = partnerhub(
        &database,
        &["partner", "invite", "--id", &id, "--email", "nope"],
    );
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr).trim(),
        "partnerhub: --email must be a valid email address"
    );
}

#[tokio::test]
async fn the_clis_changes_are_in_the_audit_log_as_the_clis() {
    let database = TestDatabase::create().await;
    let created = create_partner(&database);
    let id = created["partner_id"].as_i64().unwrap().to_string();
    json_stdout(&partnerhub(
        &database,
        &["partner", "rotate-key", "--id", &id],
    ));
    json_stdout(&partnerhub(
        &database,
        &["funding-type", "add", "Bridge Loan"],
    ));
    #[derive(diesel::QueryableByName)]
    struct Entry {
        #[diesel(sql_type = diesel::sql_types::Text)]
        actor: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        action: String,
    }
    let mut conn = connect(&database).await;
    let logged: Vec<Entry> = diesel::sql_query("SELECT actor, action FROM audit_log ORDER BY id")
        .load(&mut conn)
        .await
        .unwrap();
    let logged: Vec<(String, String)> = logged
        .into_iter()
        .map(|entry| (entry.actor, entry.action))
        .collect();
    assert_eq!(
        logged,
        [
            ("cli".to_string(), "partner.created".to_string()),
            ("cli".to_string(), "api_key.rotated".to_string()),
            ("cli".to_string(), "funding_type.added".to_string()),
        ]
    );
}

#[tokio::test]
async fn funding_types_are_added_and_deactivated() {
    let database = TestDatabase::create().await;
    let added = json_stdout(&partnerhub(
        &database,
        &["funding-type", "add", "Revenue Based Financing"],
    ));
    assert_eq!(
        added,
        json!({"name": "Revenue Based Financing", "active": true})
    );
    let deactivated = json_stdout(&partnerhub(
        &database,
        &["funding-type", "deactivate", "revenue based financing"],
    ));
    assert_eq!(
        deactivated,
        json!({"name": "Revenue Based Financing", "active": false})
    );
    let again = json_stdout(&partnerhub(
        &database,
        &["funding-type", "add", "Revenue Based Financing"],
    ));
    assert_eq!(again["active"], true);
    let unknown = partnerhub(&database, &["funding-type", "deactivate", "Nothing"]);
    assert!(!unknown.status.success());
}

#[tokio::test]
async fn a_missing_database_url_is_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .arg("migrate")
        .env_remove("DATABASE_URL")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("DATABASE_URL is not set"));
}

#[tokio::test]
async fn serve_logs_each_request_without_keys_passwords_tokens_or_lead_pii() {
    let database = TestDatabase::create().await;
    let created = create_partner(&database);
    let key = created["api_key"].as_str().unwrap_or_default().to_string();
    let partner = created["partner_id"]
        .as_i64()
        .unwrap_or_default()
        .to_string();
    let invited = json_stdout(&partnerhub(
        &database,
        &[
            "partner",
            "invite",
            "--id",
            &partner,
            "--email",
            "ann@acme.test",
        ],
    ));
    let invitation_token = invited["url"]
        .as_str()
        .and_then(|url| url.rsplit('/').next())
        .unwrap_or_default()
        .to_string();
    let password = "my very private passphrase";
    let mut server = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .arg("serve")
        .env("DATABASE_URL", &database.url)
        .env("PARTNERHUB_BIND", "127.0.0.1:0")
        .env("PARTNERHUB_LOG_FORMAT", "json")
        .env("RUST_LOG", "debug")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().expect("no stderr");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut logs = Vec::new();
    let port = loop {
        let line = lines_rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        let line = line.unwrap_or_else(|_| panic!("serve never said it was serving: {logs:?}"));
        let parsed: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        logs.push(line);
        if parsed["message"] == "serving the PartnerHub API" {
            break parsed["port"].as_u64().unwrap_or_default();
        }
    };
    let base = format!("http://127.0.0.1:{port}/app/partners/api/v1");
    let lead = json!({
        "first_name": "Zelda", "last_name": "Quixote", "date_of_birth": "1971-07-04",
        "email": "zelda.q@private.test", "phone": "(312) 555-0199",
        "residential_street": "77 Secret Lane", "residential_city": "Chicago",
        "residential_state": "IL", "residential_zip": "60601", "api_key": key,
    });
    let client = reqwest::Client::new();
    let submitted = client
        .post(format!("{base}/leads/submit"))
        .json(&lead)
        .send()
        .await;
    assert_eq!(submitted.map(|r| r.status().as_u16()).ok(), Some(200));
    let wrong_key = client
        .get(format!("{base}/leads"))
        .header("X-API-Key", "phk_guessed_key_123")
        .send()
        .await;
    assert_eq!(wrong_key.map(|r| r.status().as_u16()).ok(), Some(401));
    let listed = client
        .get(format!("{base}/leads"))
        .header("X-API-Key", &key)
        .send()
        .await;
    assert_eq!(listed.map(|r| r.status().as_u16()).ok(), Some(200));
    let validated = client
        .post(format!("{base}/leads/validate"))
        .json(&lead)
        .send()
        .await;
    assert_eq!(validated.map(|r| r.status().as_u16()).ok(), Some(200));
    let key_in_query = client
        .get(format!(
            "{base}/account?api_key={key}&email=zelda.q%40private.test&page=2"
        ))
        .header("X-API-Key", &key)
        .header("X-Request-Id", "trace-me-0042")
        .send()
        .await;
    assert_eq!(key_in_query.map(|r| r.status().as_u16()).ok(), Some(200));
    let portal = format!("http://127.0.0.1:{port}/app/partners");
    let page = client
        .get(format!("{portal}/invitations/{invitation_token}"))
        .send()
        .await;
    assert_eq!(page.map(|r| r.status().as_u16()).ok(), Some(200));
    let accepted = client
        .post(format!("{portal}/invitations/{invitation_token}"))
        .json(&json!({"password": password}))
        .send()
        .await;
    assert_eq!(accepted.map(|r| r.status().as_u16()).ok(), Some(201));
    let signed_in = client
        .post(format!("{portal}/session"))
        .json(&json!({"email": "ann@acme.test", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = partnerhub_test_support::session_cookie(&signed_in)
        .map(|(pair, _)| pair)
        .unwrap_or_default();
    let session_token = cookie.trim_start_matches("ph_session=").to_string();
    let by_cookie = client
        .get(format!("{base}/account"))
        .header("Cookie", &cookie)
        .send()
        .await;
    assert_eq!(by_cookie.map(|r| r.status().as_u16()).ok(), Some(200));
    let code =
        partnerhub_test_support::referral_code(&client, &format!("http://127.0.0.1:{port}"), &key)
            .await;
    let visit = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("http://127.0.0.1:{port}/r/{code}"))
        .header(
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        )
        .send()
        .await;
    assert_eq!(visit.map(|r| r.status().as_u16()).ok(), Some(302));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = server.kill();
    let _ = server.wait();
    logs.extend(lines_rx.try_iter());

    let request_lines = logs
        .iter()
        .filter(|line| line.contains("/app/partners/api/v1/leads"))
        .count();
    assert!(request_lines >= 3, "each request is logged: {logs:#?}");
    assert!(
        logs.iter().any(|line| line.contains("request_id")),
        "requests carry an id"
    );
    assert!(
        !logs.iter().any(|line| line.contains("/leads/validate")),
        "validate is not logged: {logs:#?}"
    );
    assert!(
        !logs.iter().any(|line| line.contains("/r/")),
        "tracking-link visits are not logged: {logs:#?}"
    );
    let account_line = logs
        .iter()
        .find(|line| line.contains("trace-me-0042"))
        .unwrap_or_else(|| panic!("the client's request id is logged: {logs:#?}"));
    assert!(
        account_line.contains("api_key=[redacted]&email=[redacted]&page=2"),
        "{account_line}"
    );
    let partner_id = created["partner_id"].as_i64().unwrap_or_default();
    assert!(
        account_line.contains(&format!("\"partner_id\":{partner_id}")),
        "{account_line}"
    );
    assert!(
        logs.iter()
            .any(|line| line.contains("/app/partners/invitations/[redacted]")),
        "the invitation is logged, its token redacted: {logs:#?}"
    );
    let all = logs.join("\n");
    assert!(session_token.len() == 43 && invitation_token.len() == 43);
    for secret in [
        key.as_str(),
        invitation_token.as_str(),
        session_token.as_str(),
        password,
        "phk_guessed_key_123",
        "zelda.q@private.test",
        "3125550199",
        "(312) 555-0199",
        "1971-07-04",
        "Secret Lane",
        "Quixote",
    ] {
        assert!(!all.contains(secret), "{secret} leaked into the logs");
    }
}
