use crate::bodies::common::ErrorBody;
use crate::bodies::operator::ApiKeyShown;
use crate::error::{ApiError, ErrorCode};
use crate::partner_auth::{Credential, Partner};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use partnerhub_persistence::api_keys;

/// `POST /account/api-key`: a new key, shown this once; the old one stops working at once.
/// Only a signed-in person may do it: a leaked key must not be able to lock its owner out.
#[utoipa::path(post, path = "/app/partners/api/v1/account/api-key", tag = "Account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The new key, shown this once", body = ApiKeyShown),
        (status = 403, description = "`SESSION_REQUIRED`: sent with an API key; or `CROSS_SITE_REQUEST`", body = ErrorBody)))]
pub async fn rotate_key(
    partner: Partner,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if partner.credential == Credential::ApiKey {
        return Err(ApiError::coded(
            StatusCode::FORBIDDEN,
            ErrorCode::SessionRequired,
            "Rotating the API key needs a signed-in user: use the portal's API Integration page",
        ));
    }
    let mut conn = state.connection().await?;
    let key = api_keys::rotate(&mut conn, partner.id).await?;
    state.partners.evict_partner(partner.id);
    Ok(HttpResponse::Ok().json(ApiKeyShown {
        api_key: key.expose(),
    }))
}
