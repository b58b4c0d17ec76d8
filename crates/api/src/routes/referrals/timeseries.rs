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
    let mut conn = state.connection().await?;
    let counted = stats::referral_counts_by_period(
        &mut conn,
        partner.id,
        query.interval.as_str(),
        query.start,
        query.end,
    )
    .await?;
    // Both oldest first: one walk pairs each period with its counts, if any.
    let mut counted = counted.into_iter().peekable();
    let series = query
        .periods
        .iter()
        .map(|period| {
            while counted.next_if(|(start, _)| start < period).is_some() {}
            let counts = counted
                .next_if(|(start, _)| start == period)
                .map(|(_, counts)| counts)
                .unwrap_or_default();
            point(*period, counts)
        })
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
