use super::shown;
use crate::bodies::operator::FundingTypeShown;
use crate::bodies::requests::FundingTypeCreate;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::partner::funding_type_name;
use partnerhub_persistence::funding_types;

/// `POST /funding-types`: adds the type, or re-activates one of that name.
#[utoipa::path(post, path = "/app/admin/api/v1/funding-types", tag = "Operator: funding types",
    security(("operator_token" = [])),
    request_body = FundingTypeCreate,
    responses((status = 201, description = "The funding type, active", body = FundingTypeShown)))]
pub async fn add(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let name = funding_type_name(fields.str("name")?.unwrap_or_default())?;
    let mut conn = state.connection().await?;
    let added = funding_types::add(&mut conn, &name, operator.audit()).await?;
    state.funding_types.invalidate();
    Ok(
        HttpResponse::build(StatusCode::CREATED).json(FundingTypeShown {
            funding_type: shown(&added),
        }),
    )
}
