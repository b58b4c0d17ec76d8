use crate::TestDatabase;
use partnerhub_api::{ApiSettings, Application, ServerHandle};
use partnerhub_persistence::audit::Audit;
use partnerhub_persistence::partners::{self, PartnerDraft};
use partnerhub_persistence::sessions::SessionLimits;
use partnerhub_persistence::{DbPool, Doorbell, PooledConnection, connect_pool};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;

pub const PARTNER_API: &str = "/app/partners/api/v1";
pub const ADMIN_API: &str = "/app/admin/api/v1";
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// The real application, on a random port, backed by a database of its own.
pub struct TestApp {
    pub address: String,
    /// The public URL the app was given (links it makes name it).
    pub public_url: String,
    /// Where `/metrics` is served when the settings give it an address of its own.
    pub metrics_address: Option<String>,
    pub pool: DbPool,
    pub client: Client,
    server: ServerHandle,
    // Dropped last: the server must stop before its database goes.
    pub database: TestDatabase,
}

/// A person's browser, as the tracking link counts visits only of people.
pub const BROWSER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// The reference id a tracking link's answer sets in its `ph_ref` cookie, if it sets one.
pub fn ph_ref(response: &Response) -> Option<String> {
    response
        .headers()
        .get("set-cookie")
        .and_then(|cookie| cookie.to_str().ok())
        .and_then(|cookie| cookie.strip_prefix("ph_ref="))
        .and_then(|rest| rest.split(';').next())
        .map(str::to_owned)
}

/// The `webhook-id`s of every event in the partner's outbox: what a receiver should get.
pub async fn outbox_webhook_ids(
    database_url: &str,
    partner: i64,
) -> std::collections::HashSet<String> {
    use diesel::prelude::*;
    use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
    use partnerhub_persistence::schema::events;
    let mut conn = AsyncPgConnection::establish(database_url)
        .await
        .expect("the database answers");
    let ids: Vec<i64> = events::table
        .filter(events::partner_id.eq(partner))
        .select(events::id)
        .load(&mut conn)
        .await
        .expect("reading the outbox");
    ids.into_iter().map(|id| format!("evt_{id}")).collect()
}

/// A visit of a tracking link: the answer and the reference id its `ph_ref` cookie names.
pub struct Visit {
    pub response: Response,
    pub reference: Option<String>,
}

pub struct TestPartner {
    pub id: i64,
    pub api_key: String,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app after `adjust` has changed the default test settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut ApiSettings)) -> Self {
        Self::spawn_on_own_address(|settings, _| adjust(settings)).await
    }

    /// Starts the app after `adjust` has changed the default test settings, knowing the
    /// address the app will answer at (for a public URL that a browser really opens).
    pub async fn spawn_on_own_address(adjust: impl FnOnce(&mut ApiSettings, &str)) -> Self {
        let database = TestDatabase::create().await;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("the bound port").port()
        );
        let mut settings = ApiSettings {
            public_url: "https://partners.test".to_string(),
            validate_per_second: 1000,
            tracking_per_minute: 60,
            admin_token: Some(ADMIN_TOKEN.to_string()),
            landing_url: "https://landing.test/welcome".to_string(),
            webhook_allow_private: true,
            metrics_bind: None,
            cors_origins: Vec::new(),
            sessions: SessionLimits::default(),
            earning_policy: Default::default(),
            secret_keys: Default::default(),
            listen_url: None,
        };
        adjust(&mut settings, &address);
        let public_url = settings.public_url.clone();
        let pool = connect_pool(&database.url, 8).expect("pool");
        let doorbell = Doorbell::start(database.url.clone());
        let app = Application::build_on(listener, &database.url, pool.clone(), settings, doorbell)
            .expect("cannot start the app");
        let metrics_address = app
            .metrics_port()
            .map(|port| format!("http://127.0.0.1:{port}"));
        let server = app.into_server();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            address,
            public_url,
            metrics_address,
            pool,
            client: Client::new(),
            server: handle,
            database,
        }
    }

    /// Follows a tracking link (`/r/{code}?...`) as a browser, without following the
    /// redirect; when the visit was counted, waits until the batch writer has stored it.
    pub async fn visit(&self, path: &str) -> Visit {
        self.visit_as(path, BROWSER_AGENT).await
    }

    /// As [`TestApp::visit`], from a browser with this user agent (another visitor).
    pub async fn visit_as(&self, path: &str, user_agent: &str) -> Visit {
        let response = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(user_agent)
            .build()
            .expect("a client")
            .get(self.url(path))
            .send()
            .await
            .expect("the tracking link answers");
        let reference = ph_ref(&response);
        if let Some(reference) = &reference {
            let id: i64 = reference
                .split_once('-')
                .and_then(|(_, id)| id.parse().ok())
                .expect("a reference id");
            let stored = crate::eventually(|| async move { self.lead_exists(id).await }).await;
            assert!(stored, "click {reference} was not stored");
        }
        Visit {
            response,
            reference,
        }
    }

    async fn lead_exists(&self, id: i64) -> bool {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        use partnerhub_persistence::schema::leads;
        let mut conn = self.conn().await;
        leads::table
            .filter(leads::id.eq(id))
            .count()
            .get_result::<i64>(&mut conn)
            .await
            .is_ok_and(|count| count == 1)
    }

    pub async fn conn(&self) -> PooledConnection {
        self.pool.get().await.expect("test connection")
    }

    /// A partner with an API key; `adjust` changes the defaults (active, no lead handling).
    pub async fn partner_with(&self, adjust: impl FnOnce(&mut PartnerDraft)) -> TestPartner {
        let mut draft = PartnerDraft {
            name: "Test Partner".to_string(),
            email: format!("partner{}@example.com", next_partner_number()),
            ..PartnerDraft::default()
        };
        adjust(&mut draft);
        let mut conn = self.conn().await;
        let (partner, key) = partners::create_with_key(&mut conn, draft, &Audit::cli())
            .await
            .expect("creating a partner");
        TestPartner {
            id: partner.id.get(),
            api_key: key.expose().to_string(),
        }
    }

    pub async fn partner(&self) -> TestPartner {
        self.partner_with(|_| {}).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn partner_url(&self, path: &str) -> String {
        format!("{}{PARTNER_API}{path}", self.address)
    }

    pub fn get(&self, path: &str, key: &str) -> RequestBuilder {
        self.client
            .get(self.partner_url(path))
            .header("X-API-Key", key)
    }

    pub fn post(&self, path: &str, key: &str, body: &Value) -> RequestBuilder {
        self.client
            .post(self.partner_url(path))
            .header("X-API-Key", key)
            .json(body)
    }
}

impl TestApp {
    pub fn admin_url(&self, path: &str) -> String {
        format!("{}{ADMIN_API}{path}", self.address)
    }

    pub fn admin_get(&self, path: &str) -> RequestBuilder {
        self.client
            .get(self.admin_url(path))
            .bearer_auth(ADMIN_TOKEN)
    }

    pub fn admin_post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.client
            .post(self.admin_url(path))
            .bearer_auth(ADMIN_TOKEN)
            .json(body)
    }

    pub fn admin_patch(&self, path: &str, body: &Value) -> RequestBuilder {
        self.client
            .patch(self.admin_url(path))
            .bearer_auth(ADMIN_TOKEN)
            .json(body)
    }

    pub fn admin_put(&self, path: &str, body: &Value) -> RequestBuilder {
        self.client
            .put(self.admin_url(path))
            .bearer_auth(ADMIN_TOKEN)
            .json(body)
    }

    /// A partner created through the operator API from `body`; returns its id and API key.
    pub async fn operator_partner(&self, body: &Value) -> (i64, String) {
        let (status, created) = send(self.admin_post("/partners", body)).await;
        assert_eq!(status, 201, "{created}");
        (
            created["partner"]["id"].as_i64().unwrap_or_default(),
            created["api_key"].as_str().unwrap_or_default().to_string(),
        )
    }

    /// The partner's outbox, oldest first: (event type, payload).
    pub async fn events(&self, partner: i64) -> Vec<(String, Value)> {
        let mut conn = self.conn().await;
        partnerhub_persistence::events::for_partner(
            &mut conn,
            partnerhub_domain::PartnerId::new(partner),
        )
        .await
        .expect("reading events")
        .into_iter()
        .map(|event| (event.event_type, event.payload))
        .collect()
    }
}

/// Partners' emails are unique: each test partner gets its own number.
fn next_partner_number() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// Sends the request and returns its status and JSON body (`Value::Null` when there is none).
/// The answer is checked against the OpenAPI document ([`crate::contract`]).
pub async fn send(request: RequestBuilder) -> (u16, Value) {
    let (client, request) = request.build_split();
    let request = request.expect("request could not be built");
    let (method, path) = (
        request.method().to_string(),
        request.url().path().to_string(),
    );
    let response = client.execute(request).await.expect("request failed");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    crate::contract::check(&method, &path, status, &text);
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn json_of(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, body)
}
