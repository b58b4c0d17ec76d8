use super::signed_in;
use crate::bodies::common::ErrorBody;
use crate::bodies::portal::SignedIn;
use crate::bodies::requests::SignIn;
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::session;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::ORIGIN;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::password;
use partnerhub_domain::sign_in::AttemptKeys;
use partnerhub_domain::{PartnerStatus, SecretToken};
use partnerhub_persistence::partner_users::{self, PartnerUser};
use partnerhub_persistence::{login_failures, partners, sessions};

/// `POST /app/partners/session`: signs a person in and sets the session cookie. A wrong
/// password and an unknown email get the same answer in about the same time; too many
/// failures for one email (10) or from one address (50) in 15 minutes lock sign-in until
/// the window passes.
#[utoipa::path(post, path = "/app/partners/session", tag = "Portal",
    request_body = SignIn,
    responses(
        (status = 200, description = "Signed in; the `ph_session` cookie is set (HttpOnly, SameSite=Lax, Secure over https)", body = SignedIn),
        (status = 400, description = "A field is missing or not a string", body = ErrorBody),
        (status = 401, description = "`Invalid email or password`", body = ErrorBody),
        (status = 403, description = "`PARTNER_INACTIVE`, or `CROSS_SITE_REQUEST` from another site's page", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 429, description = "`SIGN_IN_LOCKED`: too many failures; see `Retry-After`", body = ErrorBody),
        (status = 500, description = "`Internal server error`", body = ErrorBody)))]
pub async fn sign_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    // Signing a victim's browser in to someone else's account is an attack too.
    if request.headers().contains_key(ORIGIN) {
        session::refuse_cross_site(&state, &request)?;
    }
    let fields = Fields(read_object(&request, payload).await?);
    let email = fields.required_str("email")?;
    let password = fields.required_untrimmed("password")?.to_string();
    let client = request
        .peer_addr()
        .map(|address| address.ip().to_string())
        .unwrap_or_default();
    let keys = AttemptKeys::new(email, &client);
    let mut conn = state.connection().await?;
    if let Some(until) = login_failures::locked_until(&mut conn, &keys).await? {
        let wait = (until - Utc::now()).num_seconds().max(1);
        return Err(ApiError::TooManyRequests {
            retry_after_secs: u64::try_from(wait).unwrap_or(1),
            code: ErrorCode::SignInLocked,
            message: "Too many failed sign-ins; try again later",
        });
    }
    let user = partner_users::find_by_email(&mut conn, email).await?;
    // The pool's connection is not held while the password is checked.
    drop(conn);
    if !password_matches(&state, user.as_ref(), password).await? {
        let mut conn = state.connection().await?;
        login_failures::record(&mut conn, &keys).await?;
        return Err(ApiError::coded(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            "Invalid email or password",
        ));
    }
    let Some(user) = user else {
        return Err(ApiError::Internal("a password matched no user".into()));
    };
    let mut conn = state.connection().await?;
    let partner = partners::find(&mut conn, user.partner_id).await?;
    if partner.is_none_or(|partner| partner.status != PartnerStatus::Active) {
        return Err(ApiError::coded(
            StatusCode::FORBIDDEN,
            ErrorCode::PartnerInactive,
            "This partner account is not active",
        ));
    }
    login_failures::forgive_email(&mut conn, &keys).await?;
    let token = SecretToken::generate().map_err(|error| ApiError::Internal(error.to_string()))?;
    sessions::start(&mut conn, user.id, user.partner_id, &token.hash()).await?;
    Ok(HttpResponse::Ok()
        .cookie(session::cookie(&state, token.expose()))
        .json(signed_in(&user.email, user.partner_id)))
}

/// Checks the password; without a user, a decoy hash instead, so the answer takes as long.
async fn password_matches(
    state: &AppState,
    user: Option<&PartnerUser>,
    candidate: String,
) -> Result<bool, ApiError> {
    let stored = user.map(|user| user.password_hash.clone());
    state
        .password_work(move || match stored {
            Some(stored) => password::verify(&candidate, &stored),
            None => {
                password::verify_against_nothing(&candidate);
                false
            }
        })
        .await
}
