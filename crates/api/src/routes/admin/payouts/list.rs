use super::{filters, shown};
use crate::bodies::back_office::PayoutList;
use crate::bodies::common::Pagination;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::payouts;

/// `GET /payouts?status=&partner_id=`: payouts, newest first.
#[utoipa::path(get, path = "/app/admin/api/v1/payouts", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(
        ("status" = Option<partnerhub_persistence::enums::PayoutStatus>, Query),
        ("partner_id" = Option<i64>, Query, minimum = 1),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The payouts, newest first", body = PayoutList)))]
pub async fn list(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let (status, partner) = filters(&pairs)?;
    let mut conn = state.read_connection().await?;
    let (rows, total) = payouts::list(&mut conn, status, partner, page).await?;
    Ok(HttpResponse::Ok().json(PayoutList {
        payouts: rows.iter().map(shown).collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }))
}
