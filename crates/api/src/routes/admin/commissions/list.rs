use super::{commission_object, filters};
use crate::bodies::back_office::CommissionList;
use crate::bodies::common::Pagination;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::commissions;

/// `GET /commissions?partner_id=&status=`: commissions, newest first, skipped ones (with
/// their reason) and those a review holds included.
#[utoipa::path(get, path = "/app/admin/api/v1/commissions", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(
        ("partner_id" = Option<i64>, Query, minimum = 1),
        ("status" = Option<partnerhub_persistence::enums::CommissionStatus>, Query),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The commissions, newest first", body = CommissionList)))]
pub async fn list(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let (partner, status) = filters(&pairs)?;
    let mut conn = state.read_connection().await?;
    let total = commissions::count_all(&mut conn, partner, status).await?;
    let rows = commissions::list_all(&mut conn, partner, status, None, page).await?;
    Ok(HttpResponse::Ok().json(CommissionList {
        commissions: rows.iter().map(commission_object).collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }))
}
