use super::signed_in;
use crate::bodies::common::ErrorBody;
use crate::bodies::portal::SignedIn;
use crate::error::ApiError;
use crate::session;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

/// `GET /app/partners/session`: who is signed in with this cookie.
#[utoipa::path(get, path = "/app/partners/session", tag = "Portal",
    security(("session" = [])),
    responses(
        (status = 200, description = "The signed-in person", body = SignedIn),
        (status = 401, description = "No session, or it has expired", body = ErrorBody),
        (status = 500, description = "`Internal server error`", body = ErrorBody)))]
pub async fn current(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let token = session::presented(&request)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "Not signed in"))?;
    let opened = session::open(&state, &token).await?;
    Ok(HttpResponse::Ok().json(signed_in(&opened.user_email, opened.partner.id)))
}
