use crate::bodies::common::{ErrorBody, Success};
use crate::error::ApiError;
use crate::session;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::TokenHash;
use partnerhub_persistence::sessions;

/// `DELETE /app/partners/session`: signs out. The session ends everywhere and the cookie is
/// cleared; without a session it is already done.
#[utoipa::path(delete, path = "/app/partners/session", tag = "Portal",
    security((), ("session" = [])),
    responses(
        (status = 200, description = "Signed out", body = Success),
        (status = 403, description = "`CROSS_SITE_REQUEST`: sent from another site's page", body = ErrorBody),
        (status = 500, description = "`Internal server error`", body = ErrorBody)))]
pub async fn sign_out(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(token) = session::presented(&request) {
        session::refuse_cross_site(&state, &request)?;
        let mut conn = state.connection().await?;
        sessions::end(&mut conn, &TokenHash::of(&token)).await?;
    }
    Ok(HttpResponse::Ok()
        .cookie(session::removal(&state))
        .json(Success::YES))
}
