//! Three `serve --no-worker` processes and two `worker` processes on one database: one
//! quota per partner across all of them, every event delivered once, and each process's
//! caches right after a change made through another.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use futures_util::StreamExt;
use partnerhub_test_support::fixtures::unique_lead;
use partnerhub_test_support::process::{OPERATOR_TOKEN, Process};
use partnerhub_test_support::{Receiver, TestDatabase, eventually, json_of, outbox_webhook_ids};
use reqwest::{Client, RequestBuilder};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_partnerhub");
const PARTNER_API: &str = "/app/partners/api/v1";
const ADMIN_API: &str = "/app/admin/api/v1";

struct Cluster {
    apis: Vec<Process>,
    client: Client,
}

impl Cluster {
    fn api(&self, n: usize) -> &str {
        &self.apis[n % self.apis.len()].url
    }

    fn admin(&self, n: usize, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{ADMIN_API}{path}", self.api(n)))
            .bearer_auth(OPERATOR_TOKEN)
    }

    fn partner(&self, n: usize, method: reqwest::Method, path: &str, key: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{PARTNER_API}{path}", self.api(n)))
            .header("X-API-Key", key)
    }

    async fn operator_partner(&self, body: Value) -> (i64, String) {
        let (status, created) = send(
            self.admin(0, reqwest::Method::POST, "/partners")
                .json(&body),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        (
            created["partner"]["id"].as_i64().unwrap(),
            created["api_key"].as_str().unwrap().to_string(),
        )
    }
}

async fn send(request: RequestBuilder) -> (u16, Value) {
    json_of(request.send().await.expect("the API answers")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_apis_and_two_workers_share_one_quota_deliver_every_event_once_and_agree_on_caches() {
    let database = TestDatabase::create().await;
    let receiver = Receiver::start().await;
    let mut apis = Vec::new();
    for _ in 0..3 {
        apis.push(Process::api(BINARY, &database.url, &[]).await);
    }
    let _workers = [
        Process::worker(BINARY, &database.url, &[]),
        Process::worker(BINARY, &database.url, &[]),
    ];
    let cluster = Cluster {
        apis,
        client: Client::new(),
    };

    // One partner limited to 1,000 requests an hour, its calls spread over the three.
    let (limited, key) = cluster
        .operator_partner(
            json!({"name": "Spread", "email": "spread@example.com", "rate_limit_per_hour": 1000}),
        )
        .await;
    let (status, hook) = send(
        cluster
            .partner(1, reqwest::Method::POST, "/webhooks", &key)
            .json(&json!({"url": receiver.url})),
    )
    .await;
    assert_eq!(status, 201, "{hook}");
    let answers: Vec<(u16, Value)> = futures_util::stream::iter(0..1_150u32)
        .map(|n| {
            let request = cluster
                .partner(n as usize, reqwest::Method::POST, "/leads/submit", &key)
                .json(&unique_lead(n));
            async move { send(request).await }
        })
        .buffer_unordered(12)
        .collect()
        .await;
    let refused = answers.iter().filter(|(status, _)| *status == 429).count();
    let accepted: Vec<String> = answers
        .iter()
        .filter(|(status, _)| *status == 200)
        .map(|(_, body)| body["reference_id"].as_str().unwrap().to_string())
        .collect();
    // The webhook's creation counted too; the bucket refills one request per 3.6 s.
    let metered = 1 + answers.len() - refused;
    println!(
        "quota across 3 processes: {metered} of 1000 allowed, {refused} refused, {} accepted",
        accepted.len()
    );
    assert!(
        (1000..=1010).contains(&metered),
        "{metered} calls got through"
    );
    assert_eq!(
        accepted.len() + refused,
        answers.len(),
        "every answer is 200 or 429"
    );

    // Moves through every process: each is one more event.
    for (n, reference) in accepted.iter().take(30).enumerate() {
        let (status, moved) = send(
            cluster
                .admin(
                    n,
                    reqwest::Method::POST,
                    &format!("/leads/{reference}/status"),
                )
                .json(&json!({"status": "in_underwriting"})),
        )
        .await;
        assert_eq!(status, 200, "{moved}");
    }
    let expected = outbox_webhook_ids(&database.url, limited).await;
    assert_eq!(expected.len(), accepted.len() + 30);
    let received = receiver
        .wait_for(expected.len(), Duration::from_secs(60))
        .await;
    let ids: Vec<String> = received
        .iter()
        .map(|request| request.header("webhook-id").to_string())
        .collect();
    let unique: HashSet<String> = ids.iter().cloned().collect();
    println!(
        "deliveries by 2 workers: {} events, {} received, {} distinct",
        expected.len(),
        ids.len(),
        unique.len()
    );
    assert_eq!(unique, expected, "every event delivered");
    assert_eq!(ids.len(), unique.len(), "none delivered twice");

    // Caches: each change made through one process applies in the others.
    let (other, other_key) = cluster
        .operator_partner(json!({"name": "Caches", "email": "caches@example.com"}))
        .await;
    let submit = |n: usize, key: &str, lead: u32, funding: &str| {
        let mut body = unique_lead(lead);
        body["funding_type"] = json!(funding);
        cluster
            .partner(n, reqwest::Method::POST, "/leads/submit", key)
            .json(&body)
    };
    for n in 0..3 {
        assert_eq!(
            send(submit(n, &other_key, 5_000 + n as u32, "Term Loan"))
                .await
                .0,
            200
        );
    }
    let (status, created) = send(
        cluster
            .admin(1, reqwest::Method::POST, "/funding-types")
            .json(&json!({"name": "Revenue Share Advance"})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    for n in [0, 2] {
        let lead = 6_000 + n as u32;
        let accepted = eventually(|| async {
            send(submit(n, &other_key, lead, "Revenue Share Advance"))
                .await
                .0
                == 200
        })
        .await;
        assert!(accepted, "process {n} still refuses the new funding type");
    }

    let (status, rotated) = send(cluster.admin(
        2,
        reqwest::Method::POST,
        &format!("/partners/{other}/api-key"),
    ))
    .await;
    assert_eq!(status, 200, "{rotated}");
    let new_key = rotated["api_key"].as_str().unwrap().to_string();
    for n in [0, 1] {
        let refused = eventually(|| async {
            send(cluster.partner(n, reqwest::Method::GET, "/account", &other_key))
                .await
                .0
                == 401
        })
        .await;
        assert!(refused, "process {n} still takes the rotated key");
        let (status, _) =
            send(cluster.partner(n, reqwest::Method::GET, "/account", &new_key)).await;
        assert_eq!(status, 200);
    }

    // A person signs in through one process, is known to another, signs out through a third.
    let (status, invitation) = send(
        cluster
            .admin(
                0,
                reqwest::Method::POST,
                &format!("/partners/{other}/invitations"),
            )
            .json(&json!({"email": "person@caches.example"})),
    )
    .await;
    assert_eq!(status, 201, "{invitation}");
    let token = invitation["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let chosen = cluster
        .client
        .post(format!(
            "{}/app/partners/invitations/{token}",
            cluster.api(1)
        ))
        .json(&json!({"password": "a long enough password"}));
    assert_eq!(send(chosen).await.0, 201);
    let signed_in = cluster
        .client
        .post(format!("{}/app/partners/session", cluster.api(2)))
        .json(&json!({"email": "person@caches.example", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .unwrap()
        .to_string();
    let account = |n: usize| {
        cluster
            .client
            .get(format!("{}{PARTNER_API}/account", cluster.api(n)))
            .header("cookie", &cookie)
    };
    assert_eq!(send(account(0)).await.0, 200);
    let signed_out = cluster
        .client
        .delete(format!("{}/app/partners/session", cluster.api(1)))
        .header("cookie", &cookie)
        .header("origin", "https://partners.test");
    assert_eq!(send(signed_out).await.0, 200);
    assert_eq!(send(account(0)).await.0, 401);
    assert_eq!(send(account(2)).await.0, 401);

    // A suspension made through one process stops the key in every other.
    let (status, _) = send(
        cluster
            .admin(0, reqwest::Method::PATCH, &format!("/partners/{other}"))
            .json(&json!({"status": "suspended"})),
    )
    .await;
    assert_eq!(status, 200);
    for n in [1, 2] {
        let refused = eventually(|| async {
            send(cluster.partner(n, reqwest::Method::GET, "/account", &new_key))
                .await
                .0
                == 401
        })
        .await;
        assert!(refused, "process {n} still serves a suspended partner");
    }
}
