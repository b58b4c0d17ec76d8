//! Faults, against a PostgreSQL cluster of the test's own: `kill -9` of `serve` under load,
//! PostgreSQL restarted under load, a receiver down for the whole retry schedule, and
//! SIGTERM under load. `scripts/faults.sh` runs them (they are ignored by a plain `cargo
//! test`) and prints each figure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use partnerhub_persistence::schema::{leads, webhook_attempts};
use partnerhub_test_support::cluster::PrivateCluster;
use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::process::{OPERATOR_TOKEN, Process, free_port};
use partnerhub_test_support::{
    BROWSER_AGENT, Receiver, Reply, json_of, outbox_webhook_ids, ph_ref,
};
use reqwest::Client;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_partnerhub");

struct Stack {
    cluster: PrivateCluster,
    url: String,
    client: Client,
}

impl Stack {
    async fn start() -> Self {
        let cluster = PrivateCluster::start();
        let mut admin = AsyncPgConnection::establish(&cluster.url("postgres"))
            .await
            .expect("the private cluster answers");
        diesel::sql_query("CREATE DATABASE partnerhub")
            .execute(&mut admin)
            .await
            .unwrap();
        let url = cluster.url("partnerhub");
        Self {
            cluster,
            url,
            client: Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .unwrap(),
        }
    }

    async fn serve(&self, port: u16, env: &[(&str, &str)]) -> Process {
        Process::serve(BINARY, &self.url, &["serve"], port, env).await
    }

    async fn conn(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.url).await.unwrap()
    }

    /// A partner with a webhook endpoint at `hook`; its id and key.
    async fn partner(&self, api: &str, hook: &str) -> (i64, String) {
        let (status, created) = json_of(
            self.client
                .post(format!("{api}/app/admin/api/v1/partners"))
                .bearer_auth(OPERATOR_TOKEN)
                .json(&json!({"name": "Faults", "email": "faults@example.com", "rate_limit_per_hour": 100000}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let key = created["api_key"].as_str().unwrap().to_string();
        let (status, hooked) = json_of(
            self.client
                .post(format!("{api}/app/partners/api/v1/webhooks"))
                .header("X-API-Key", &key)
                .json(&json!({"url": hook}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 201, "{hooked}");
        (created["partner"]["id"].as_i64().unwrap(), key)
    }

    /// Submits lead `n` with the Idempotency-Key `lead-n`: its status and reference id, or
    /// `None` when no answer came.
    async fn submit(&self, api: &str, key: &str, n: u32) -> Option<(u16, String)> {
        let answer = self
            .client
            .post(format!("{api}/app/partners/api/v1/leads/submit"))
            .header("X-API-Key", key)
            .header("Idempotency-Key", format!("lead-{n}"))
            .json(&unique_lead(n))
            .send()
            .await
            .ok()?;
        let (status, body) = json_of(answer).await;
        Some((
            status,
            body["reference_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ))
    }

    /// Retries every lead not yet acknowledged, with its key, until each is.
    async fn retry_until_acknowledged(
        &self,
        api: &str,
        key: &str,
        acknowledged: &mut BTreeMap<u32, String>,
        all: std::ops::Range<u32>,
    ) -> usize {
        let missing: Vec<u32> = all.filter(|n| !acknowledged.contains_key(n)).collect();
        for n in &missing {
            for _ in 0..20 {
                if let Some((200, reference)) = self.submit(api, key, *n).await {
                    acknowledged.insert(*n, reference);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            assert!(
                acknowledged.contains_key(n),
                "lead {n} was never acknowledged"
            );
        }
        missing.len()
    }

    /// How many leads the partner has, and how many distinct people among them.
    async fn stored_leads(&self, partner: i64) -> (i64, i64) {
        let mut conn = self.conn().await;
        let emails: Vec<Option<String>> = leads::table
            .filter(leads::partner_id.eq(partner))
            .select(leads::email)
            .load(&mut conn)
            .await
            .unwrap();
        let distinct: HashSet<_> = emails.iter().collect();
        (emails.len() as i64, distinct.len() as i64)
    }

    async fn references_present(&self, references: impl Iterator<Item = &String>) -> bool {
        let ids: Vec<i64> = references
            .map(|reference| reference.rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        let mut conn = self.conn().await;
        let found: i64 = leads::table
            .filter(leads::id.eq_any(&ids))
            .count()
            .get_result(&mut conn)
            .await
            .unwrap();
        found == ids.len() as i64
    }
}

/// One submit of a load: which lead, its answer if one came, how long it took, when it began.
#[derive(Clone)]
struct Answer {
    n: u32,
    reply: Option<(u16, String)>,
    took: Duration,
    at: Instant,
}

impl Answer {
    fn status(&self) -> Option<u16> {
        self.reply.as_ref().map(|reply| reply.0)
    }
}

/// Waits until every event has arrived; returns (distinct, received).
async fn deliveries(receiver: &Receiver, expected: &HashSet<String>) -> (usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ids: Vec<String> = receiver
            .received()
            .iter()
            .map(|request| request.header("webhook-id").to_string())
            .collect();
        let distinct: HashSet<String> = ids.iter().cloned().collect();
        if expected.is_subset(&distinct) || Instant::now() > deadline {
            assert!(expected.is_subset(&distinct), "events never delivered");
            return (distinct.len(), ids.len());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "scripts/faults.sh runs it, with its figures"]
async fn kill_9_of_serve_under_submit_load_loses_nothing_acknowledged() {
    let stack = Stack::start().await;
    let receiver = Receiver::start().await;
    let port = free_port();
    let mut api = stack.serve(port, &[]).await;
    let url = api.url.clone();
    let (partner, key) = stack.partner(&url, &receiver.url).await;

    const TOTAL: u32 = 400;
    let answered = Arc::new(AtomicU32::new(0));
    let load = {
        let (answered, key, url) = (answered.clone(), key.clone(), url.clone());
        let stack = &stack;
        futures_util::stream::iter(0..TOTAL)
            .map(move |n| {
                let (answered, key, url) = (answered.clone(), key.clone(), url.clone());
                async move {
                    let answer = stack.submit(&url, &key, n).await;
                    if answer.is_some() {
                        answered.fetch_add(1, Ordering::Relaxed);
                    }
                    (n, answer)
                }
            })
            .buffer_unordered(16)
            .collect::<Vec<_>>()
    };
    let killer = async {
        while AtomicU32::load(&answered, Ordering::Relaxed) < 120 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        api.kill();
    };
    let (answers, ()) = tokio::join!(load, killer);
    let mut acknowledged: BTreeMap<u32, String> = answers
        .iter()
        .filter_map(|(n, answer)| match answer {
            Some((200, reference)) => Some((*n, reference.clone())),
            _ => None,
        })
        .collect();
    let before_crash = acknowledged.clone();

    let api = stack.serve(port, &[]).await;
    let retried = stack
        .retry_until_acknowledged(&api.url, &key, &mut acknowledged, 0..TOTAL)
        .await;
    // A key answered before the crash replays its answer after it.
    for (n, reference) in before_crash.iter().take(20) {
        assert_eq!(
            stack.submit(&api.url, &key, *n).await,
            Some((200, reference.clone()))
        );
    }
    let (stored, people) = stack.stored_leads(partner).await;
    assert!(stack.references_present(before_crash.values()).await);
    let expected = outbox_webhook_ids(&stack.url, partner).await;
    let (distinct, received) = deliveries(&receiver, &expected).await;
    println!(
        "kill -9 under load: {TOTAL} requests, {} acknowledged before the crash, {retried} retried with their keys, {stored} stored, lost {}, duplicate leads {}, {} events, {distinct} delivered ({} sent again after the crash)",
        before_crash.len(),
        TOTAL as i64 - stored,
        stored - people,
        expected.len(),
        received - distinct
    );
    assert_eq!((stored, people), (i64::from(TOTAL), i64::from(TOTAL)));
    assert_eq!(expected.len(), TOTAL as usize);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "scripts/faults.sh runs it, with its figures"]
async fn postgres_restarted_under_load_answers_503_quickly_and_recovers_by_itself() {
    let stack = Stack::start().await;
    let receiver = Receiver::start().await;
    let api = stack.serve(free_port(), &[]).await;
    let (partner, key) = stack.partner(&api.url, &receiver.url).await;

    let running = Arc::new(AtomicBool::new(true));
    let next = Arc::new(AtomicU32::new(0));
    let log: Arc<Mutex<Vec<Answer>>> = Arc::default();
    let senders = (0..8).map(|_| {
        let (running, next, log, key, url) = (
            running.clone(),
            next.clone(),
            log.clone(),
            key.clone(),
            api.url.clone(),
        );
        let stack = &stack;
        async move {
            while AtomicBool::load(&running, Ordering::Relaxed) {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let started = Instant::now();
                let answer = stack.submit(&url, &key, n).await;
                let failed = !matches!(answer, Some((200, _)));
                log.lock().unwrap().push(Answer {
                    n,
                    reply: answer,
                    took: started.elapsed(),
                    at: started,
                });
                if failed {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    });
    let outage = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let stopped_at = Instant::now();
        stack.cluster.stop();
        let mut ready = Vec::new();
        for _ in 0..10 {
            let answer = stack.client.get(format!("{}/readyz", api.url)).send().await;
            ready.push(answer.map(|answer| answer.status().as_u16()).unwrap_or(0));
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        stack.cluster.start_again();
        let restarted_at = Instant::now();
        tokio::time::sleep(Duration::from_secs(3)).await;
        running.store(false, Ordering::Relaxed);
        (stopped_at, restarted_at, ready)
    };
    let (_, (stopped_at, restarted_at, ready)) =
        tokio::join!(futures_util::future::join_all(senders), outage);
    let log = log.lock().unwrap().clone();
    let during: Vec<_> = log
        .iter()
        .filter(|answer| answer.at > stopped_at && answer.at < restarted_at)
        .collect();
    let slowest = during
        .iter()
        .map(|answer| answer.took)
        .max()
        .unwrap_or_default();
    let recovered = log
        .iter()
        .filter(|answer| answer.status() == Some(200) && answer.at > restarted_at)
        .map(|answer| (answer.at + answer.took).duration_since(restarted_at))
        .min()
        .expect("a submit succeeded after the restart");
    let mut acknowledged: BTreeMap<u32, String> = log
        .iter()
        .filter_map(|answer| match &answer.reply {
            Some((200, reference)) => Some((answer.n, reference.clone())),
            _ => None,
        })
        .collect();
    let acknowledged_under_load = acknowledged.len();
    let total = AtomicU32::load(&next, Ordering::Relaxed);
    let retried = stack
        .retry_until_acknowledged(&api.url, &key, &mut acknowledged, 0..total)
        .await;
    let (stored, people) = stack.stored_leads(partner).await;
    println!(
        "PostgreSQL restarted under load: {total} requests, {acknowledged_under_load} acknowledged, {} answered during the outage (all 503: {}), slowest {:.2} s, /readyz {:?}, recovered {:.2} s after the restart, {retried} retried with their keys, {stored} stored, lost {}, duplicates {}",
        during.len(),
        during.iter().all(|answer| answer.status() == Some(503)),
        slowest.as_secs_f64(),
        ready,
        recovered.as_secs_f64(),
        i64::from(total) - stored,
        stored - people
    );
    assert!(
        !during.is_empty(),
        "requests were answered during the outage"
    );
    assert!(during.iter().all(|answer| answer.status() == Some(503)));
    assert!(slowest <= Duration::from_secs(5), "{slowest:?}");
    assert!(ready.iter().all(|status| *status == 503), "{ready:?}");
    assert_eq!((stored, people), (i64::from(total), i64::from(total)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "scripts/faults.sh runs it, with its figures"]
async fn a_receiver_down_for_the_whole_schedule_fails_then_a_resend_delivers() {
    let stack = Stack::start().await;
    let receiver_port = free_port();
    let hook = format!("http://127.0.0.1:{receiver_port}/webhook");
    let api = stack
        .serve(
            free_port(),
            &[("PARTNERHUB_WEBHOOK_RETRY_SCHEDULE", "0.3,0.6")],
        )
        .await;
    let (partner, key) = stack.partner(&api.url, &hook).await;
    for n in 0..5 {
        assert_eq!(
            stack.submit(&api.url, &key, n).await.map(|a| a.0),
            Some(200)
        );
    }
    let failed_list = || async {
        let (_, listed) = json_of(
            stack
                .client
                .get(format!(
                    "{}/app/admin/api/v1/webhook-deliveries?status=failed&partner_id={partner}",
                    api.url
                ))
                .bearer_auth(OPERATOR_TOKEN)
                .send()
                .await
                .unwrap(),
        )
        .await;
        listed["deliveries"].as_array().cloned().unwrap_or_default()
    };
    let started = Instant::now();
    let mut failed = Vec::new();
    while started.elapsed() < Duration::from_secs(30) {
        failed = failed_list().await;
        if failed.len() == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let attempts: Vec<usize> = failed
        .iter()
        .map(|delivery| delivery["attempts"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(failed.len(), 5, "{failed:?}");
    assert!(attempts.iter().all(|n| *n == 3), "{attempts:?}");
    let failed_after = started.elapsed();

    let receiver = Receiver::start_on(receiver_port).await;
    for delivery in &failed {
        let id = delivery["id"].as_i64().unwrap();
        let (status, body) = json_of(
            stack
                .client
                .post(format!(
                    "{}/app/partners/api/v1/webhooks/deliveries/{id}/resend",
                    api.url
                ))
                .header("X-API-Key", &key)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!((200..300).contains(&status), "{status} {body}");
    }
    let expected = outbox_webhook_ids(&stack.url, partner).await;
    let (distinct, received) = deliveries(&receiver, &expected).await;
    println!(
        "receiver down for the whole schedule: 5 events, failed after {:.1} s with {attempts:?} attempts, listed 5 failed, resent 5, delivered {distinct} ({received} requests)",
        failed_after.as_secs_f64()
    );
    assert_eq!((distinct, received), (5, 5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "scripts/faults.sh runs it, with its figures"]
async fn sigterm_under_load_finishes_requests_stores_clicks_records_deliveries_and_exits_0() {
    let stack = Stack::start().await;
    let receiver = Receiver::start().await;
    receiver.reply_next((0..40).map(|_| Reply::slow(Duration::from_millis(800))));
    let mut api = stack
        .serve(
            free_port(),
            &[
                ("PARTNERHUB_WEBHOOK_TIMEOUT_SECS", "5"),
                ("PARTNERHUB_TRACKING_PER_MINUTE", "100000"),
            ],
        )
        .await;
    let url = api.url.clone();
    let (partner, key) = stack.partner(&url, &receiver.url).await;
    let (_, account) = json_of(
        stack
            .client
            .get(format!("{url}/app/partners/api/v1/account"))
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let code = account["account"]["referral_code"]
        .as_str()
        .unwrap()
        .to_string();

    let running = Arc::new(AtomicBool::new(true));
    let next = Arc::new(AtomicU32::new(0));
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let clicks: Arc<Mutex<Vec<String>>> = Arc::default();
    let visitor = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let workers = (0..6).map(|worker| {
        let (running, next, acknowledged, clicks, key, url, code, visitor) = (
            running.clone(),
            next.clone(),
            acknowledged.clone(),
            clicks.clone(),
            key.clone(),
            url.clone(),
            code.clone(),
            visitor.clone(),
        );
        let stack = &stack;
        async move {
            while AtomicBool::load(&running, Ordering::Relaxed) {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if worker % 2 == 0 {
                    match stack.submit(&url, &key, n).await {
                        Some((200, reference)) => acknowledged.lock().unwrap().push(reference),
                        None => break,
                        Some(_) => {}
                    }
                } else {
                    let answer = visitor
                        .get(format!("{url}/r/{code}"))
                        .header("user-agent", format!("{BROWSER_AGENT} visitor/{n}"))
                        .send()
                        .await;
                    let Ok(answer) = answer else { break };
                    if let Some(reference) = ph_ref(&answer) {
                        clicks.lock().unwrap().push(reference);
                    }
                }
            }
        }
    });
    let stopper = async {
        // Long enough for deliveries to be in flight at the slow receiver.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let started = Instant::now();
        let status = tokio::task::block_in_place(|| api.terminate());
        running.store(false, Ordering::Relaxed);
        (status, started.elapsed())
    };
    let (_, (status, took)) = tokio::join!(futures_util::future::join_all(workers), stopper);
    let acknowledged = acknowledged.lock().unwrap().clone();
    let clicks = clicks.lock().unwrap().clone();
    let leads_present = stack.references_present(acknowledged.iter()).await;
    let clicks_present = stack.references_present(clicks.iter()).await;
    let sent = receiver.received().len();
    let mut conn = stack.conn().await;
    let recorded: i64 = webhook_attempts::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    println!(
        "SIGTERM under load: exit {status:?} after {:.2} s, {} leads acknowledged (all stored: {leads_present}), {} clicks answered (all stored: {clicks_present}), {sent} deliveries sent, {recorded} attempts recorded",
        took.as_secs_f64(),
        acknowledged.len(),
        clicks.len()
    );
    assert!(status.is_some_and(|status| status.success()), "{status:?}");
    assert!(leads_present && clicks_present);
    assert!(!acknowledged.is_empty() && !clicks.is_empty());
    assert_eq!(recorded, sent as i64, "every request sent was recorded");
    let _ = partner;
}
