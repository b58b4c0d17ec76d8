use super::key_mode;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::ApiKeyShown;
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_optional_object;
use crate::partner_auth::{Credential, Partner};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::api_keys;

/// `POST /account/api-key`: a new key, shown this once; the old one (of the same mode) stops
/// working at once. `{"mode": "test"}` issues the sandbox key. Only a signed-in person may do
/// it: a leaked key must not be able to lock its owner out.
#[utoipa::path(post, path = "/app/partners/api/v1/account/api-key", tag = "Account",
    security(("session" = [])),
    request_body(content = Option<crate::bodies::requests::KeyRequest>, description = "Optional: `{\"mode\": \"test\"}` for a sandbox key"),
    responses(
        (status = 200, description = "The new key, shown this once", body = ApiKeyShown),
        (status = 403, description = "`SESSION_REQUIRED`: sent with an API key; or `CROSS_SITE_REQUEST`", body = ErrorBody)))]
pub async fn rotate_key(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    if matches!(partner.credential, Credential::ApiKey { .. }) {
        return Err(ApiError::coded(
            StatusCode::FORBIDDEN,
            ErrorCode::SessionRequired,
            "Rotating the API key needs a signed-in user: use the portal's API Integration page",
        ));
    }
    let mode = key_mode(&Fields(read_optional_object(&request, payload).await?))?;
    let mut conn = state.connection().await?;
    let key = api_keys::rotate(&mut conn, partner.id, mode, partner.audit()).await?;
    state.partners.evict_partner(partner.id);
    Ok(HttpResponse::Ok().json(ApiKeyShown {
        api_key: key.expose(),
    }))
}
