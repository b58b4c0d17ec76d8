use crate::bodies::common::{ErrorBody, Health};
use crate::routes::fallback::error_body;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use diesel_async::RunQueryDsl;
use std::time::Duration;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "Health",
    responses((status = 200, description = "The process is up", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers within two seconds.
#[utoipa::path(get, path = "/readyz", tag = "Health", responses(
    (status = 200, description = "The database answers", body = Health),
    (status = 503, description = "The database does not answer within 2 s", body = ErrorBody)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let check = async {
        let mut conn = state.pool.get().await.map_err(|error| error.to_string())?;
        diesel::sql_query("SELECT 1")
            .execute(&mut conn)
            .await
            .map_err(|error| error.to_string())
    };
    match tokio::time::timeout(Duration::from_secs(2), check).await {
        Ok(Ok(_)) => HttpResponse::Ok().json(Health { status: "ready" }),
        outcome => {
            let cause =
                outcome.map_or_else(|_| "timed out".to_string(), |r| r.err().unwrap_or_default());
            tracing::warn!(%cause, "readiness check failed");
            HttpResponse::ServiceUnavailable().json(error_body("Database unavailable"))
        }
    }
}
