use crate::bodies::common::ErrorBody;
use crate::bodies::operator::{FundingTypeList, FundingTypeObject, FundingTypeShown};
use crate::bodies::requests::{FundingTypeActive, FundingTypeCreate};
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::partner::funding_type_name;
use partnerhub_persistence::funding_types::{self, FundingType};

fn shown(funding_type: &FundingType) -> FundingTypeObject<'_> {
    FundingTypeObject {
        name: &funding_type.name,
        active: funding_type.active,
    }
}

/// `GET /funding-types`: every funding type, active or not.
#[utoipa::path(get, path = "/app/admin/api/v1/funding-types", tag = "Operator: funding types",
    security(("operator_token" = [])),
    responses((status = 200, description = "Every funding type", body = FundingTypeList)))]
pub async fn list(_: Operator, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let types = funding_types::list(&mut conn).await?;
    Ok(HttpResponse::Ok().json(FundingTypeList {
        funding_types: types.iter().map(shown).collect(),
    }))
}

/// `POST /funding-types`: adds the type, or re-activates one of that name.
#[utoipa::path(post, path = "/app/admin/api/v1/funding-types", tag = "Operator: funding types",
    security(("operator_token" = [])),
    request_body = FundingTypeCreate,
    responses((status = 201, description = "The funding type, active", body = FundingTypeShown)))]
pub async fn add(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let name = funding_type_name(fields.str("name")?.unwrap_or_default())?;
    let mut conn = state.connection().await?;
    let added = funding_types::add(&mut conn, &name).await?;
    state.funding_types.invalidate();
    Ok(
        HttpResponse::build(StatusCode::CREATED).json(FundingTypeShown {
            funding_type: shown(&added),
        }),
    )
}

/// `PATCH /funding-types/{name}` with `active`.
#[utoipa::path(patch, path = "/app/admin/api/v1/funding-types/{name}", tag = "Operator: funding types",
    security(("operator_token" = [])),
    params(("name" = String, Path)),
    request_body = FundingTypeActive,
    responses(
        (status = 200, description = "The funding type as changed", body = FundingTypeShown),
        (status = 404, description = "`Funding type not found`", body = ErrorBody)))]
pub async fn set_active(
    _: Operator,
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
    let updated = funding_types::set_active(&mut conn, &path, active)
        .await?
        .ok_or_else(|| ApiError::not_found("Funding type not found"))?;
    state.funding_types.invalidate();
    Ok(HttpResponse::Ok().json(FundingTypeShown {
        funding_type: shown(&updated),
    }))
}
