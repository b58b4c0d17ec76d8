use partnerhub_api::{ApiSettings, Application};
use partnerhub_persistence::{Doorbell, connect_pool};
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

#[tokio::test]
async fn healthz_and_readyz_answer_when_the_database_is_up() {
    let app = TestApp::spawn().await;
    assert_eq!(
        send(app.client.get(app.url("/healthz"))).await,
        (200, json!({"status": "ok"}))
    );
    assert_eq!(
        send(app.client.get(app.url("/readyz"))).await,
        (200, json!({"status": "ready"}))
    );
}

#[tokio::test]
async fn readyz_is_503_when_the_database_is_unreachable() {
    let unreachable = "postgres://postgres@127.0.0.1:1/none";
    let pool = connect_pool(unreachable, 1).unwrap();
    let settings = ApiSettings {
        public_url: "http://x".into(),
        validate_per_second: 10,
        tracking_per_minute: 60,
        admin_token: None,
        landing_url: "http://x".into(),
        webhook_allow_private: false,
        metrics_bind: None,
        cors_origins: Vec::new(),
        sessions: Default::default(),
        earning_policy: Default::default(),
        secret_keys: Default::default(),
        listen_url: None,
    };
    let doorbell = Doorbell::start(unreachable.to_string());
    let app = Application::build("127.0.0.1:0", unreachable, pool, settings, doorbell).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    assert_eq!(send(client.get(format!("{base}/healthz"))).await.0, 200);
    let (status, body) = send(client.get(format!("{base}/readyz"))).await;
    assert_eq!(
        (status, body),
        (503, json!({"error": "Database unavailable"}))
    );
}
