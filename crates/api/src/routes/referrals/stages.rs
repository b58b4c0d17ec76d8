use crate::bodies::portal::{StageCount, StageCounts};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::Stage;
use partnerhub_persistence::stats;

/// `GET /referrals/stats/stages`: the pipeline as a funnel. Referrals created in the range
/// (inclusive UTC days) by their current stage, every stage in pipeline order with its
/// display label, from the counters.
#[utoipa::path(get, path = "/app/partners/api/v1/referrals/stats/stages", tag = "Referrals",
    security(("api_key" = [])),
    params(crate::bodies::requests::DateRange),
    responses((status = 200, description = "Counts by current stage", body = StageCounts)))]
pub async fn stages(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let (start, end) = query::date_range(
        query::optional_date(&pairs, "start_date")?,
        query::optional_date(&pairs, "end_date")?,
    )?;
    let conn = state.read_connection().await?;
    let counts = stats::stage_counts(&conn, partner.id, start, end).await?;
    let stages = Stage::ALL
        .iter()
        .map(|stage| StageCount {
            stage: *stage,
            label: stage.label(),
            count: counts
                .iter()
                .filter(|(counted, _)| counted == stage)
                .map(|(_, count)| count)
                .sum(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(StageCounts {
        success: true,
        stages,
    }))
}
