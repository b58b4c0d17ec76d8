//! A real HTTP server standing in for a partner's webhook receiver: it records every request
//! and answers as the test scripts it (200 by default).

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map_or("", String::as_str)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("body is not JSON")
    }
}

/// How to answer one request.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub delay: Duration,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Self {
            status,
            delay: Duration::ZERO,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// 200 after `delay`.
    pub fn slow(delay: Duration) -> Self {
        Self {
            delay,
            ..Self::status(200)
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: &str) -> Self {
        self.body = body.to_string();
        self
    }
}

#[derive(Default)]
struct Script {
    received: Mutex<Vec<Received>>,
    replies: Mutex<VecDeque<Reply>>,
}

pub struct Receiver {
    /// Where to point an endpoint: `http://127.0.0.1:<port>/webhook`.
    pub url: String,
    script: Arc<Script>,
    server: ServerHandle,
}

async fn receive(
    request: HttpRequest,
    body: web::Bytes,
    script: web::Data<Script>,
) -> HttpResponse {
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                value.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let at = Instant::now();
    let reply = lock(&script.replies)
        .pop_front()
        .unwrap_or_else(|| Reply::status(200));
    lock(&script.received).push(Received {
        headers,
        body: body.to_vec(),
        at,
    });
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let status = actix_web::http::StatusCode::from_u16(reply.status)
        .unwrap_or_else(|e| panic!("status {}: {e}", reply.status));
    let mut response = HttpResponse::build(status);
    for (name, value) in &reply.headers {
        response.insert_header((name.as_str(), value.as_str()));
    }
    response.body(reply.body)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Receiver {
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// A receiver on this port (a receiver that comes back where it was down).
    pub async fn start_on(port: u16) -> Self {
        let script = Arc::new(Script::default());
        let data = web::Data::from(script.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .bind(("127.0.0.1", port))
        .expect("receiver bind");
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}/webhook"),
            script,
            server: handle,
        }
    }

    /// Answers the next requests with `replies`, in order, then 200s again.
    pub fn reply_next(&self, replies: impl IntoIterator<Item = Reply>) {
        lock(&self.script.replies).extend(replies);
    }

    pub fn received(&self) -> Vec<Received> {
        lock(&self.script.received).clone()
    }

    /// Waits up to `within` for at least `count` requests; returns what arrived.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// A URL on loopback where nothing listens: a receiver that is down.
pub fn unreachable_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/webhook")
}
