use super::shown;
use crate::bodies::back_office::PartnerList;
use crate::bodies::common::Pagination;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerStatus;
use partnerhub_persistence::partners;

/// `GET /partners?status=&q=`: partners, newest first; `q` is found in a name or an email.
#[utoipa::path(get, path = "/app/admin/api/v1/partners", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(
        ("status" = Option<PartnerStatus>, Query),
        ("q" = Option<String>, Query, max_length = 200, description = "Held in the name or the email, any case"),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The partners, newest first", body = PartnerList)))]
pub async fn list(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let status = query::optional_choice(
        &pairs,
        "status",
        &[
            ("pending", PartnerStatus::Pending),
            ("active", PartnerStatus::Active),
            ("suspended", PartnerStatus::Suspended),
            ("inactive", PartnerStatus::Inactive),
        ],
    )?;
    let q = query::search(&pairs)?;
    let mut conn = state.read_connection().await?;
    let (rows, total) = partners::list(&mut conn, status, q.as_deref(), page).await?;
    Ok(HttpResponse::Ok().json(PartnerList {
        partners: rows.iter().map(|partner| shown(&state, partner)).collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }))
}
