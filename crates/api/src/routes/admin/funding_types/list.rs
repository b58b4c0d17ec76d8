use super::shown;
use crate::bodies::operator::FundingTypeList;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_persistence::funding_types;

/// `GET /funding-types`: every funding type, active or not.
#[utoipa::path(get, path = "/app/admin/api/v1/funding-types", tag = "Operator: funding types",
    security(("operator_token" = [])),
    responses((status = 200, description = "Every funding type", body = FundingTypeList)))]
pub async fn list(_: Operator, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_connection().await?;
    let types = funding_types::list(&mut conn).await?;
    Ok(HttpResponse::Ok().json(FundingTypeList {
        funding_types: types.iter().map(shown).collect(),
    }))
}
