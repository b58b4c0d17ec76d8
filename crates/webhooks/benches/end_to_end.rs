//! End-to-end webhook benchmark: leads submitted through the real API, each one's
//! `lead.status_changed` delivered by `partnerhub worker` to a receiver in this process.
//!
//! Run by `scripts/bench.sh`, with `DATABASE_URL`, `PARTNERHUB_ADMIN_TOKEN` and
//! `PARTNERHUB_WEBHOOK_ALLOW_PRIVATE=true` set:
//!   cargo bench -p partnerhub-webhooks --bench end_to_end -- \
//!     --bin /abs/path/target/release/partnerhub --port 8182
//! Three measures, printed as `name=value` lines:
//!   - backlog: N leads queued through `partnerhub serve --no-worker`, then `partnerhub
//!     worker` started: deliveries/s of that worker alone;
//!   - concurrent: with `partnerhub serve` (API and worker in one process), N leads
//!     submitted as fast as the API takes them: deliveries/s from the first submission to
//!     the last arrival;
//!   - latency: the same server, 40 leads a second for 30 s: from the start of the API call
//!     to the arrival at the receiver.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use actix_web::{App, HttpResponse, HttpServer, web};
use futures_util::StreamExt;
use partnerhub_test_support::fixtures::{unique_lead, with};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 32;

#[derive(Default)]
struct Arrivals {
    by_reference: Mutex<HashMap<String, Instant>>,
}

impl Arrivals {
    fn count(&self) -> usize {
        self.lock().len()
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        self.by_reference
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

async fn receive(body: web::Bytes, arrivals: web::Data<Arrivals>) -> HttpResponse {
    let at = Instant::now();
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(reference) = event["data"]["lead_reference_id"].as_str() {
        arrivals.lock().entry(reference.to_string()).or_insert(at);
    }
    HttpResponse::Ok().finish()
}

/// A unique lead whose date of birth varies too, as `scripts/bench/submit.lua` does: the
/// duplicate check serialises submissions that share a partner and a date of birth.
fn bench_lead(n: u32) -> Value {
    let birth = format!(
        "{}-{:02}-{:02}",
        1940 + n % 60,
        1 + (n / 60) % 12,
        1 + (n / 720) % 28
    );
    with(unique_lead(n), json!({"date_of_birth": birth}))
}

struct Bench {
    api: String,
    key: String,
    client: reqwest::Client,
    arrivals: Arc<Arrivals>,
    next_lead: u32,
}

impl Bench {
    /// Returns the lead's reference, when the call started, and when the API answered.
    async fn submit(&self, n: u32) -> (String, Instant, Instant) {
        let started = Instant::now();
        let response = self
            .client
            .post(format!("{}/app/partners/api/v1/leads/submit", self.api))
            .header("X-API-Key", &self.key)
            .json(&bench_lead(n))
            .send()
            .await
            .expect("submit");
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let reference = body["reference_id"]
            .as_str()
            .unwrap_or_else(|| panic!("submit answered {body}"))
            .to_string();
        (reference, started, Instant::now())
    }

    /// Submits `count` leads with 32 in flight; returns when the API has answered them all.
    async fn submit_many(&mut self, count: u32) -> Vec<String> {
        let first = self.next_lead;
        self.next_lead += count;
        let this = &*self;
        futures_util::stream::iter(first..first + count)
            .map(|n| async move { this.submit(n).await.0 })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await
    }

    async fn wait_for_arrivals(&self, references: &[String], within: Duration) -> Instant {
        let deadline = Instant::now() + within;
        loop {
            {
                let arrived = self.arrivals.lock();
                if references.iter().all(|r| arrived.contains_key(r)) {
                    return references
                        .iter()
                        .filter_map(|r| arrived.get(r))
                        .max()
                        .copied()
                        .unwrap_or_else(Instant::now);
                }
            }
            assert!(Instant::now() < deadline, "deliveries did not all arrive");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

fn argument(name: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| panic!("missing {name}"))
}

/// Starts `partnerhub <args>`; with a port, waits until it answers `/healthz` there.
async fn start(binary: &str, args: &[&str], port: Option<&str>) -> Child {
    let mut command = Command::new(binary);
    command.args(args).env("RUST_LOG", "warn");
    if let Some(port) = port {
        command.env("PARTNERHUB_BIND", format!("127.0.0.1:{port}"));
    }
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("starting {binary} {args:?}: {e}"));
    if let Some(port) = port {
        let health = format!("http://127.0.0.1:{port}/healthz");
        for _ in 0..100 {
            if reqwest::get(&health)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return child;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{binary} {args:?} did not start");
    }
    child
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

#[actix_web::main]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("end_to_end needs a running server; scripts/bench.sh runs it");
        return;
    }
    let binary = argument("--bin");
    let port = argument("--port");
    let api = format!("http://127.0.0.1:{port}");
    let admin_token = std::env::var("PARTNERHUB_ADMIN_TOKEN").expect("PARTNERHUB_ADMIN_TOKEN");
    let api_only = start(&binary, &["serve", "--no-worker"], Some(&port)).await;
    let count: u32 = std::env::var("PARTNERHUB_BENCH_DELIVERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);

    let arrivals = Arc::new(Arrivals::default());
    let data = web::Data::from(arrivals.clone());
    let receiving = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .default_service(web::to(receive))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("receiver");
    let receiver = format!("http://127.0.0.1:{}/webhook", receiving.addrs()[0].port());
    let receiving = receiving.run();
    let receiver_handle = receiving.handle();
    tokio::spawn(receiving);

    let client = reqwest::Client::new();
    let created: Value = client
        .post(format!("{api}/app/admin/api/v1/partners"))
        .bearer_auth(&admin_token)
        .json(&json!({"name": "Webhook bench", "email": "hooks@bench.test", "rate_limit_per_hour": 2_000_000_000}))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("creating the partner")
        .json()
        .await
        .unwrap_or(Value::Null);
    let key = created["api_key"].as_str().unwrap_or_default().to_string();
    client
        .post(format!("{api}/app/partners/api/v1/webhooks"))
        .header("X-API-Key", &key)
        .json(&json!({"url": receiver, "events": ["lead.status_changed"]}))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("creating the webhook");
    let mut bench = Bench {
        api,
        key,
        client,
        arrivals,
        next_lead: 1,
    };

    // Backlog: queue everything, then let one worker drain it.
    let queued = bench.submit_many(count).await;
    let started = Instant::now();
    let worker = start(&binary, &["worker"], None).await;
    let last = bench
        .wait_for_arrivals(&queued, Duration::from_secs(600))
        .await;
    let backlog_rate = f64::from(count) / (last - started).as_secs_f64();
    println!("backlog_deliveries_per_second={backlog_rate:.0}");
    stop(worker);
    stop(api_only);
    let api_and_worker = start(&binary, &["serve"], Some(&port)).await;

    // Concurrent: submit as fast as the API takes them, with the worker delivering meanwhile.
    let started = Instant::now();
    let submitted = bench.submit_many(count).await;
    let submit_rate = f64::from(count) / started.elapsed().as_secs_f64();
    let last = bench
        .wait_for_arrivals(&submitted, Duration::from_secs(600))
        .await;
    let concurrent_rate = f64::from(count) / (last - started).as_secs_f64();
    println!("concurrent_submits_per_second={submit_rate:.0}");
    println!("concurrent_deliveries_per_second={concurrent_rate:.0}");

    // Latency at a steady 40 events a second for 30 s.
    let mut tick = tokio::time::interval(Duration::from_millis(25));
    let mut sent = Vec::new();
    for _ in 0..1200 {
        tick.tick().await;
        let n = bench.next_lead;
        bench.next_lead += 1;
        sent.push(bench.submit(n).await);
    }
    let references: Vec<String> = sent.iter().map(|(r, ..)| r.clone()).collect();
    bench
        .wait_for_arrivals(&references, Duration::from_secs(60))
        .await;
    let millis =
        |from: Instant, to: Instant| to.saturating_duration_since(from).as_secs_f64() * 1000.0;
    let (mut delays, mut answers) = (Vec::new(), Vec::new());
    {
        let arrived = bench.arrivals.lock();
        for (reference, started, answered) in &sent {
            if let Some(at) = arrived.get(reference) {
                delays.push(millis(*started, *at));
                answers.push(millis(*started, *answered));
            }
        }
    }
    delays.sort_by(f64::total_cmp);
    answers.sort_by(f64::total_cmp);
    println!("latency_p50_ms={:.2}", percentile(&delays, 0.50));
    println!("latency_p99_ms={:.2}", percentile(&delays, 0.99));
    println!("latency_max_ms={:.2}", percentile(&delays, 1.0));
    println!("submit_answer_p50_ms={:.2}", percentile(&answers, 0.50));
    println!("submit_answer_p99_ms={:.2}", percentile(&answers, 0.99));
    println!("deliveries_total={}", bench.arrivals.count());

    stop(api_and_worker);
    receiver_handle.stop(false).await;
}
