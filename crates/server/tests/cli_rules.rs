//! The CLI refuses what the operator API refuses, with one clear line on stderr, and its
//! help lists every setting's environment variable.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

mod common;

use common::partnerhub;
use partnerhub_test_support::TestDatabase;
use std::process::{Command, Output};

/// A refusal: non-zero, nothing on stdout, exactly one line on stderr, which is returned.
fn refused(output: &Output) -> String {
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        !stderr.contains("violates") && !stderr.contains("constraint"),
        "{stderr}"
    );
    stderr.trim().to_string()
}

#[tokio::test]
async fn partner_create_refuses_what_the_api_refuses() {
    let database = TestDatabase::create().await;
    let create = |name: &str, email: &str, extra: &[&str]| {
        let mut args = vec!["partner", "create", "--name", name, "--email", email];
        args.extend_from_slice(extra);
        partnerhub(&database, &args)
    };
    let cases = [
        (
            create("Acme", "notanemail", &[]),
            "partnerhub: --email must be a valid email address",
        ),
        (
            create("", "a@acme.test", &[]),
            "partnerhub: --name must be 1-200 characters",
        ),
        (
            create("   ", "a@acme.test", &[]),
            "partnerhub: --name must be 1-200 characters",
        ),
        (
            create("Acme", "a@acme.test", &["--rate-limit-per-hour", "0"]),
            "partnerhub: --rate-limit-per-hour must be a whole number from 1 to 2147483647",
        ),
        (
            create(
                "Acme",
                "a@acme.test",
                &["--rate-limit-per-hour", "3000000000"],
            ),
            "partnerhub: --rate-limit-per-hour must be a whole number from 1 to 2147483647",
        ),
    ];
    for (output, expected) in cases {
        assert_eq!(refused(&output), expected);
    }
    assert!(create("Acme", "a@acme.test", &[]).status.success());
    assert_eq!(
        refused(&create("Other", "A@ACME.test", &[])),
        "partnerhub: --email is already used by another partner"
    );
    let long_name = "x".repeat(101);
    assert_eq!(
        refused(&partnerhub(&database, &["funding-type", "add", &long_name])),
        "partnerhub: NAME must be at most 100 characters"
    );
    assert_eq!(
        refused(&partnerhub(&database, &["funding-type", "add", " "])),
        "partnerhub: NAME is required"
    );
}

#[test]
fn help_lists_every_setting_with_its_variable() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["worker", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
            .args(&args)
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&output.stdout);
        for variable in [
            "DATABASE_URL",
            "PARTNERHUB_BIND",
            "PARTNERHUB_PUBLIC_URL",
            "PARTNERHUB_ADMIN_TOKEN",
            "PARTNERHUB_LANDING_URL",
            "PARTNERHUB_VALIDATE_PER_SECOND",
            "PARTNERHUB_DB_POOL_SIZE",
            "PARTNERHUB_LOG_FORMAT",
            "PARTNERHUB_METRICS_BIND",
            "PARTNERHUB_WEBHOOK_ALLOW_PRIVATE",
            "PARTNERHUB_WEBHOOK_TIMEOUT_SECS",
            "PARTNERHUB_WEBHOOK_RETRY_SCHEDULE",
            "PARTNERHUB_WEBHOOK_MAX_IN_FLIGHT",
            "PARTNERHUB_CORS_ORIGINS",
            "PARTNERHUB_SESSION_IDLE_SECS",
            "PARTNERHUB_SESSION_LIFETIME_SECS",
            "RUST_LOG",
        ] {
            assert!(help.contains(variable), "{args:?} does not name {variable}");
        }
        assert!(help.contains("[default: 127.0.0.1:8080]"), "{help}");
    }
}

#[test]
fn a_bad_setting_is_named() {
    let output = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .arg("migrate")
        .env("DATABASE_URL", "postgres://nowhere.invalid/x")
        .env("PARTNERHUB_WEBHOOK_RETRY_SCHEDULE", "soon")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--webhook-retry-schedule"), "{stderr}");
    assert!(stderr.contains("comma-separated seconds"), "{stderr}");
}

#[test]
fn cors_origins_must_be_origins_and_never_a_wildcard() {
    for origins in [
        "*",
        "https://a.test,*",
        "https://a.test/path",
        "dashboard.test",
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
            .arg("migrate")
            .env("DATABASE_URL", "postgres://nowhere.invalid/x")
            .env("PARTNERHUB_CORS_ORIGINS", origins)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{origins} was taken");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--cors-origins"), "{origins}: {stderr}");
        assert!(stderr.contains("is not an origin"), "{origins}: {stderr}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .arg("migrate")
        .env("DATABASE_URL", "postgres://nowhere.invalid/x")
        .env(
            "PARTNERHUB_CORS_ORIGINS",
            "https://dashboard.example.com, http://localhost:3000",
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("--cors-origins"), "{stderr}");
}
