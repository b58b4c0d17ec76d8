use super::not_found;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::ApiKeyShown;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::api_keys;
use partnerhub_persistence::partners;

/// `POST /partners/{id}/api-key`: a new key; the old one stops working at once.
/// `POST /partners/{id}/api-key`: a new key; the old one stops working at once.
#[utoipa::path(post, path = "/app/admin/api/v1/partners/{id}/api-key", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The new key, shown this once", body = ApiKeyShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody)))]
pub async fn rotate_key(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = PartnerId::new(*path);
    let mut conn = state.connection().await?;
    partners::find(&mut conn, id).await?.ok_or_else(not_found)?;
    let key = api_keys::rotate(&mut conn, id).await?;
    state.partners.evict_partner(id);
    Ok(HttpResponse::Ok().json(ApiKeyShown {
        api_key: key.expose(),
    }))
}
