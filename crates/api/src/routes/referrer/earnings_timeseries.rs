use crate::bodies::portal::{EarningsPoint, EarningsSeries};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::Cents;
use partnerhub_persistence::earnings;

/// `GET /referrer/earnings/timeseries`: per period, the commissions earned (less reversals)
/// and the payouts completed, from the daily ledger. Every period of the range is present.
#[utoipa::path(get, path = "/app/partners/api/v1/referrer/earnings/timeseries", tag = "Earnings",
    security(("api_key" = [])),
    params(crate::bodies::requests::SeriesRange),
    responses(
        (status = 200, description = "One point per period, oldest first", body = EarningsSeries),
        (status = 400, description = "A bad parameter, or more than 1,000 points", body = crate::bodies::common::ErrorBody)))]
pub async fn earnings_timeseries(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = query::series(request.query_string())?;
    let mut conn = state.read_connection().await?;
    let ledger = earnings::by_day(&mut conn, partner.id, query.start, query.end).await?;
    let series = query
        .sum_by_period(ledger)
        .map(|(period, earnings)| EarningsPoint {
            period_start: period.to_string(),
            earned: Cents(earnings.earned_cents),
            paid: Cents(earnings.paid_cents),
        })
        .collect();
    Ok(HttpResponse::Ok().json(EarningsSeries {
        success: true,
        interval: query.interval,
        series,
    }))
}
