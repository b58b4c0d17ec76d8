use super::shown;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::FundingTypeShown;
use crate::bodies::requests::FundingTypeActive;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::funding_types;

/// `PATCH /funding-types/{name}` with `active`.
#[utoipa::path(patch, path = "/app/admin/api/v1/funding-types/{name}", tag = "Operator: funding types",
    security(("operator_token" = [])),
    params(("name" = String, Path)),
    request_body = FundingTypeActive,
    responses(
        (status = 200, description = "The funding type as changed", body = FundingTypeShown),
        (status = 404, description = "`Funding type not found`", body = ErrorBody)))]
pub async fn set_active(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let active = fields
        .bool("active")?
        .ok_or_else(|| ApiError::invalid_field("active", "Field 'active' is required"))?;
    let mut conn = state.connection().await?;
    let updated = funding_types::set_active(&mut conn, &path, active, operator.audit())
        .await?
        .ok_or_else(|| ApiError::not_found("Funding type not found"))?;
    state.funding_types.invalidate();
    Ok(HttpResponse::Ok().json(FundingTypeShown {
        funding_type: shown(&updated),
    }))
}
