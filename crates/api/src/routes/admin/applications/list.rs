use super::application_object;
use crate::bodies::back_office::ApplicationList;
use crate::bodies::common::Pagination;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::application::ApplicationStatus;
use partnerhub_persistence::applications;

/// `GET /applications?status=pending|approved|rejected`: newest first.
#[utoipa::path(get, path = "/app/admin/api/v1/applications", tag = "Operator: applications",
    security(("operator_token" = [])),
    params(
        ("status" = Option<ApplicationStatus>, Query, description = "Only applications of this status"),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The applications, newest first", body = ApplicationList)))]
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
            ("pending", ApplicationStatus::Pending),
            ("approved", ApplicationStatus::Approved),
            ("rejected", ApplicationStatus::Rejected),
        ],
    )?;
    let mut conn = state.read_connection().await?;
    let (rows, total) = applications::list(&mut conn, status, page).await?;
    Ok(HttpResponse::Ok().json(ApplicationList {
        applications: rows.iter().map(application_object).collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }))
}
