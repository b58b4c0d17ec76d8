use crate::bodies::common::{ErrorBody, Success};
use crate::bodies::requests::PasswordChoice;
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::TokenHash;
use partnerhub_domain::password::NewPassword;
use partnerhub_persistence::invitations;

pub fn expired() -> ApiError {
    ApiError::coded(
        StatusCode::GONE,
        ErrorCode::InvitationExpired,
        "Invitation expired or used",
    )
}

/// `POST /app/partners/invitations/{token}`: sets the invited person's password (at least
/// 12 characters), once. They then sign in with their email and it.
#[utoipa::path(post, path = "/app/partners/invitations/{token}", tag = "Portal",
    params(("token" = String, Path, description = "The token of the invitation link")),
    request_body = PasswordChoice,
    responses(
        (status = 201, description = "The password is set", body = Success),
        (status = 400, description = "The password is missing, too short or too long", body = ErrorBody),
        (status = 404, description = "Not found", body = ErrorBody),
        (status = 409, description = "`EMAIL_IN_USE`: the email signs in to another partner already", body = ErrorBody),
        (status = 410, description = "`Invitation expired or used`", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 500, description = "`Internal server error`", body = ErrorBody)))]
pub async fn accept(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let password = NewPassword::parse(fields.required_untrimmed("password")?)?;
    let token = TokenHash::of(&path);
    let mut conn = state.connection().await?;
    if invitations::find_open(&mut conn, &token).await?.is_none() {
        return Err(expired());
    }
    drop(conn);
    let hash = state
        .password_work(move || password.hash())
        .await?
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    let mut conn = state.connection().await?;
    invitations::redeem(
        &mut conn,
        &token,
        &hash,
        crate::audit::request_id(&request).as_deref(),
    )
    .await?
    .ok_or_else(expired)?;
    Ok(HttpResponse::Created().json(Success::YES))
}
