use crate::bodies::portal::{ReferralPoint, ReferralSeries};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::stats::{self, ReferralCounts};

/// `GET /referrals/stats/timeseries`: referrals created in each period, counted as
/// `/referrals/stats` counts them (by current status), from the daily counters. Every period
/// of the range is present, zeros included.
#[utoipa::path(get, path = "/app/partners/api/v1/referrals/stats/timeseries", tag = "Referrals",
    security(("api_key" = [])),
    params(crate::bodies::requests::SeriesRange),
    responses(
        (status = 200, description = "One point per period, oldest first", body = ReferralSeries),
        (status = 400, description = "A bad parameter, or more than 1,000 points", body = crate::bodies::common::ErrorBody)))]
pub async fn timeseries(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = query::series(request.query_string())?;
    let mut conn = state.read_connection().await?;
    let counted =
        stats::referral_counts_by_day(&mut conn, partner.id, query.start, query.end).await?;
    let series = query
        .sum_by_period(counted)
        .map(|(period, counts)| point(period, counts))
        .collect();
    Ok(HttpResponse::Ok().json(ReferralSeries {
        success: true,
        interval: query.interval,
        series,
    }))
}

fn point(period: chrono::NaiveDate, counts: ReferralCounts) -> ReferralPoint {
    ReferralPoint {
        period_start: period.to_string(),
        referrals: counts.total(),
        clicks: counts.click,
        leads: counts.lead + counts.application,
        applications: counts.application,
        funded: counts.funded,
    }
}
