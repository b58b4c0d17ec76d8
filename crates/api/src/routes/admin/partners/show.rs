use super::{not_found, shown};
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::PartnerShown;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::partners;

/// `GET /partners/{id}`.
#[utoipa::path(get, path = "/app/admin/api/v1/partners/{id}", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The partner", body = PartnerShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody)))]
pub async fn show(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_connection().await?;
    let partner = partners::find(&mut conn, PartnerId::new(*path))
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(PartnerShown {
        partner: shown(&state, &partner),
    }))
}
