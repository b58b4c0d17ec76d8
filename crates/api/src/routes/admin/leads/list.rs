use super::filters;
use crate::bodies::back_office::OperatorLeadList;
use crate::bodies::common::Pagination;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::presenters::operator_lead;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::LeadView;
use partnerhub_persistence::leads;

/// `GET /leads`: leads across partners, newest first. Test leads only with `test=true`.
#[utoipa::path(get, path = "/app/admin/api/v1/leads", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(
        crate::bodies::requests::OperatorLeadFilters,
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The leads, newest first", body = OperatorLeadList)))]
pub async fn list(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let filter = filters::parse(&pairs)?;
    let mut conn = state.read_connection().await?;
    let (rows, total) = leads::list_all(&mut conn, &filter, page).await?;
    let views: Vec<LeadView<'_>> = rows.iter().map(|lead| lead.view()).collect();
    Ok(HttpResponse::Ok().json(OperatorLeadList {
        leads: rows
            .iter()
            .zip(&views)
            .map(|(lead, view)| operator_lead(lead, view))
            .collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }))
}
