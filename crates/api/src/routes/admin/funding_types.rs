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
use serde_json::{Value, json};

fn shown(funding_type: &FundingType) -> Value {
    json!({ "name": funding_type.name, "active": funding_type.active })
}

pub async fn list(_: Operator, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let types = funding_types::list(&mut conn).await?;
    Ok(HttpResponse::Ok()
        .json(json!({ "funding_types": types.iter().map(shown).collect::<Vec<_>>() })))
}

/// `POST /funding-types`: adds the type, or re-activates one of that name.
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
    Ok(HttpResponse::build(StatusCode::CREATED).json(json!({ "funding_type": shown(&added) })))
}

/// `PATCH /funding-types/{name}` with `active`.
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
    Ok(HttpResponse::Ok().json(json!({ "funding_type": shown(&updated) })))
}
