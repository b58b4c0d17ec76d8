use super::not_found;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::ApiKeyShown;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_optional_object;
use crate::operator::Operator;
use crate::routes::account::key_mode;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::api_keys;
use partnerhub_persistence::partners;

/// `POST /partners/{id}/api-key`: a new key of the mode asked for (`{"mode": "test"}` for a
/// sandbox key; live without a body); the old one of that mode stops working at once.
#[utoipa::path(post, path = "/app/admin/api/v1/partners/{id}/api-key", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body(content = Option<crate::bodies::requests::KeyRequest>, description = "Optional: `{\"mode\": \"test\"}` for a sandbox key"),
    responses(
        (status = 200, description = "The new key, shown this once", body = ApiKeyShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody)))]
pub async fn rotate_key(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mode = key_mode(&Fields(read_optional_object(&request, payload).await?))?;
    let id = PartnerId::new(*path);
    let mut conn = state.connection().await?;
    partners::find(&mut conn, id).await?.ok_or_else(not_found)?;
    let key = api_keys::rotate(&mut conn, id, mode, operator.audit()).await?;
    state.partners.evict_partner(id);
    Ok(HttpResponse::Ok().json(ApiKeyShown {
        api_key: key.expose(),
    }))
}
