//! `/metrics` in Prometheus text format. Counters and histograms are recorded where things
//! happen (`metrics::counter!`); the pool and the webhook backlog are read at scrape time.
//! No label ever holds a partner id, a key or personal data.

use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use partnerhub_persistence::{DbPool, webhook_queue};
use std::sync::OnceLock;
use std::time::Duration;

/// Latency buckets in seconds, from a cached validate to a slow webhook receiver.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// How often histogram samples are folded into their buckets between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Installs the process's recorder once (later calls, as in tests with many apps, reuse it).
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .ok()?
                .install_recorder()
                .map_err(|error| tracing::warn!(%error, "metrics are not recorded"))
                .ok()?;
            // The recorder keeps every histogram sample until something drains them: without
            // this, memory grew by each request's latency until the next scrape (forever,
            // where nothing scrapes).
            let upkeep = handle.clone();
            let spawned = std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(UPKEEP_EVERY);
                        upkeep.run_upkeep();
                    }
                });
            if let Err(error) = spawned {
                tracing::warn!(%error, "histograms are drained only by scrapes");
            }
            Some(handle)
        })
        .clone()
}

/// `GET /metrics`.
pub async fn render(state: web::Data<AppState>) -> HttpResponse {
    state.report_pools();
    scrape(&state.pool).await
}

async fn scrape(pool: &DbPool) -> HttpResponse {
    let Some(handle) = install() else {
        return HttpResponse::ServiceUnavailable().finish();
    };
    let backlog = async {
        let mut conn = pool.get().await.ok()?;
        webhook_queue::backlog(&mut conn).await.ok()
    };
    if let Ok(Some(backlog)) = tokio::time::timeout(Duration::from_secs(2), backlog).await {
        metrics::gauge!("partnerhub_webhook_deliveries_due").set(backlog.due as f64);
        metrics::gauge!("partnerhub_webhook_oldest_due_age_seconds").set(backlog.oldest_age_secs);
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(handle.render())
}

/// `/metrics` alone on `bind`, for a process without the API (`partnerhub worker`).
pub fn serve_alone(bind: &str, pool: DbPool) -> std::io::Result<Server> {
    install();
    let pool = web::Data::new(pool);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(pool.clone())
            .route(
                "/metrics",
                web::get().to(|pool: web::Data<DbPool>| async move { scrape(&pool).await }),
            )
            .default_service(web::to(crate::routes::not_found))
    })
    .workers(1)
    .bind(bind)?
    .run())
}
