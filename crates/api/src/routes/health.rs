use crate::state::AppState;
use actix_web::{HttpResponse, web};
use diesel_async::RunQueryDsl;
use serde_json::json;
use std::time::Duration;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// The database answers within two seconds.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let check = async {
        let mut conn = state.pool.get().await.map_err(|error| error.to_string())?;
        diesel::sql_query("SELECT 1")
            .execute(&mut conn)
            .await
            .map_err(|error| error.to_string())
    };
    match tokio::time::timeout(Duration::from_secs(2), check).await {
        Ok(Ok(_)) => HttpResponse::Ok().json(json!({ "status": "ready" })),
        outcome => {
            let cause =
                outcome.map_or_else(|_| "timed out".to_string(), |r| r.err().unwrap_or_default());
            tracing::warn!(%cause, "readiness check failed");
            HttpResponse::ServiceUnavailable().json(json!({ "error": "Database unavailable" }))
        }
    }
}
