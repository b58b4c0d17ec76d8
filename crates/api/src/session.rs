//! The portal's session cookie: what it is called, how it is set and cleared, the session it
//! opens, and the cross-site rule for changes made with it.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{Method, StatusCode, header::ORIGIN};
use partnerhub_domain::{PartnerStatus, TokenHash};
use partnerhub_persistence::sessions::{self, ActiveSession};

pub const SESSION_COOKIE: &str = "ph_session";

/// The session token the request's cookie carries, if any.
pub fn presented(request: &HttpRequest) -> Option<String> {
    request
        .cookie(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_string())
        .filter(|token| !token.is_empty())
}

/// HttpOnly (no script reads it), SameSite=Lax (no other site's form or fetch sends it),
/// Secure when the public URL is https, for the whole server, as long as a session can live.
pub fn cookie(state: &AppState, token: &str) -> Cookie<'static> {
    let lifetime = state.settings.sessions.lifetime.num_seconds();
    Cookie::build(SESSION_COOKIE, token.to_string())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies())
        .max_age(time::Duration::seconds(lifetime))
        .finish()
}

/// The same cookie, emptied and already expired: the browser drops it.
pub fn removal(state: &AppState) -> Cookie<'static> {
    let mut cookie = cookie(state, "");
    cookie.make_removal();
    cookie
}

/// The live session of an active partner behind the request's cookie.
pub async fn open(state: &AppState, token: &str) -> Result<ActiveSession, ApiError> {
    let mut conn = state.connection().await?;
    sessions::find_active(&mut conn, &TokenHash::of(token), state.settings.sessions)
        .await?
        .filter(|session| session.partner.status == PartnerStatus::Active)
        .ok_or_else(|| {
            ApiError::coded(
                StatusCode::UNAUTHORIZED,
                ErrorCode::SessionExpired,
                "Session expired; sign in again",
            )
        })
}

/// A change carried by the session cookie must come from a page of the public URL or of an
/// allowed origin, as its `Origin` header says (browsers send it on every POST, PUT, PATCH
/// and DELETE). Reads are let through: another site cannot read the answers (CORS).
pub fn refuse_cross_site(state: &AppState, request: &HttpRequest) -> Result<(), ApiError> {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return Ok(());
    }
    let origin = request
        .headers()
        .get(ORIGIN)
        .and_then(|value| value.to_str().ok());
    match origin {
        Some(origin) if state.settings.trusts_origin(origin) => Ok(()),
        _ => Err(cross_site()),
    }
}

pub fn cross_site() -> ApiError {
    ApiError::coded(
        StatusCode::FORBIDDEN,
        ErrorCode::CrossSiteRequest,
        "Cross-site request refused: send changes from the partner portal's own pages",
    )
}
