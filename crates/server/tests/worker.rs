//! `partnerhub worker` and `partnerhub serve` as processes: the worker delivers, survives
//! being killed mid-delivery without losing the event, and logs no secret or lead PII.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use partnerhub_test_support::fixtures::seed_example_lead;
use partnerhub_test_support::{Receiver, Reply, TestApp, send};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Starts `partnerhub <args>` against the app's database; its stderr lines go to the channel.
fn start(app: &TestApp, args: &[&str], logs: mpsc::Sender<String>) -> Child {
    start_with(app, args, &[], logs)
}

fn start_with(
    app: &TestApp,
    args: &[&str],
    env: &[(&str, &str)],
    logs: mpsc::Sender<String>,
) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .args(args)
        .envs(env.iter().copied())
        .env("DATABASE_URL", &app.database.url)
        .env("PARTNERHUB_BIND", "127.0.0.1:0")
        .env("PARTNERHUB_LOG_FORMAT", "json")
        .env("PARTNERHUB_WEBHOOK_ALLOW_PRIVATE", "true")
        .env("PARTNERHUB_WEBHOOK_TIMEOUT_SECS", "1")
        .env("RUST_LOG", "debug")
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run partnerhub");
    let stderr = child.stderr.take().expect("no stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if logs.send(line).is_err() {
                break;
            }
        }
    });
    child
}

fn kill(mut child: Child) {
    let _ = child.kill(); // SIGKILL: no chance to finish or record anything
    let _ = child.wait();
}

/// A partner with one endpoint at `url`; returns the API key, the endpoint id and its secret.
async fn subscribed_partner(app: &TestApp, url: &str) -> (String, i64, String) {
    let partner = app.partner().await;
    let (status, created) =
        send(app.post("/webhooks", &partner.api_key, &json!({"url": url}))).await;
    assert_eq!(status, 201, "{created}");
    (
        partner.api_key,
        created["webhook"]["id"].as_i64().unwrap_or_default(),
        created["secret"].as_str().unwrap_or_default().to_string(),
    )
}

async fn deliveries(app: &TestApp, key: &str, webhook: i64) -> Vec<Value> {
    let (_, listed) = send(app.get(&format!("/webhooks/{webhook}/deliveries"), key)).await;
    listed["deliveries"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_worker_process_killed_mid_delivery_loses_nothing_and_logs_no_secrets() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::slow(Duration::from_secs(60))]);
    let (key, webhook, secret) = subscribed_partner(&app, &receiver.url).await;
    let (logs_tx, logs_rx) = mpsc::channel();
    let first = start(&app, &["worker"], logs_tx.clone());
    let (status, _) = send(app.post("/leads/submit", &key, &seed_example_lead())).await;
    assert_eq!(status, 200);

    let arrived = receiver.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(arrived.len(), 1, "the first worker sent it");
    kill(first);
    let owed = deliveries(&app, &key, webhook).await;
    assert_eq!(
        (
            owed[0]["status"].as_str(),
            owed[0]["attempt_count"].as_i64()
        ),
        (Some("pending"), Some(0)),
        "the killed attempt left no record and the delivery is still owed"
    );

    let second = start(&app, &["worker"], logs_tx);
    let arrived = receiver.wait_for(2, Duration::from_secs(30)).await;
    assert_eq!(
        arrived.len(),
        2,
        "the restarted worker sent it again once its lease ran out"
    );
    assert_eq!(
        arrived[1].header("webhook-id"),
        arrived[0].header("webhook-id")
    );
    assert_eq!(arrived[1].body, arrived[0].body);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let listed = deliveries(&app, &key, webhook).await;
        if listed[0]["status"] == "succeeded" {
            assert_eq!(listed[0]["attempt_count"], 1);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never recorded: {listed:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    kill(second);

    let logs: Vec<String> = logs_rx.try_iter().collect();
    assert!(
        logs.iter().any(|line| line.contains("webhook delivered")),
        "{logs:#?}"
    );
    let all = logs.join("\n");
    for leaked in [
        secret.as_str(),
        key.as_str(),
        "john@example.com",
        "5551234567",
        "1985-03-15",
        "123 Main St",
    ] {
        assert!(
            !all.contains(leaked),
            "{leaked} leaked into the worker's logs"
        );
    }
}

#[tokio::test]
async fn serve_delivers_webhooks_unless_told_not_to() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let (key, _, _) = subscribed_partner(&app, &receiver.url).await;
    let (status, _) = send(app.post("/leads/submit", &key, &seed_example_lead())).await;
    assert_eq!(status, 200);

    let (logs_tx, logs_rx) = mpsc::channel();
    let api_only = start(&app, &["serve", "--no-worker"], logs_tx.clone());
    let waited = receiver.wait_for(1, Duration::from_secs(3)).await;
    kill(api_only);
    assert!(waited.is_empty(), "serve --no-worker delivers nothing");

    let serving = start(&app, &["serve"], logs_tx);
    let arrived = receiver.wait_for(1, Duration::from_secs(20)).await;
    kill(serving);
    assert_eq!(
        arrived.len(),
        1,
        "serve runs the worker: {:?}",
        logs_rx.try_iter().collect::<Vec<_>>()
    );
    assert_eq!(arrived[0].header("X-Webhook-Event"), "lead.status_changed");
}

#[tokio::test]
async fn a_failed_attempt_is_logged_at_warn_and_counted_in_the_workers_metrics() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.reply_next([Reply::status(500)]);
    let (key, webhook, secret) = subscribed_partner(&app, &receiver.url).await;
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let metrics_bind = format!("127.0.0.1:{metrics_port}");
    let (logs_tx, logs_rx) = mpsc::channel();
    let worker = start_with(
        &app,
        &["worker"],
        &[("PARTNERHUB_METRICS_BIND", &metrics_bind)],
        logs_tx,
    );
    let (status, _) = send(app.post("/leads/submit", &key, &seed_example_lead())).await;
    assert_eq!(status, 200);
    assert_eq!(receiver.wait_for(1, Duration::from_secs(20)).await.len(), 1);

    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let failure = loop {
        let line = logs_rx
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
            .expect("the failed attempt is logged");
        if line.contains("webhook attempt failed") {
            break line;
        }
    };
    let failure: Value = serde_json::from_str(&failure).expect("a JSON log line");
    assert_eq!(failure["level"], "WARN");
    assert_eq!(failure["endpoint"], webhook);
    assert_eq!(failure["status"], 500);
    let listed = deliveries(&app, &key, webhook).await;
    assert_eq!(failure["delivery"], listed[0]["id"]);

    let metrics = reqwest::get(format!("http://{metrics_bind}/metrics"))
        .await
        .expect("the worker serves /metrics")
        .text()
        .await
        .unwrap_or_default();
    kill(worker);
    let retries = metrics
        .lines()
        .find(|line| line.starts_with("partnerhub_webhook_attempts_total{outcome=\"retry\"}"))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse::<f64>().ok());
    assert_eq!(retries, Some(1.0), "{metrics}");
    assert!(
        metrics.contains("partnerhub_webhook_attempt_duration_seconds_bucket{outcome=\"retry\"")
    );
    assert!(
        metrics.contains("partnerhub_webhook_deliveries_due"),
        "{metrics}"
    );
    assert!(!metrics.contains(&secret) && !metrics.contains(&key));
}
