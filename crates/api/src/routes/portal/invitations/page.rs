use crate::routes::portal::pages::{expired_invitation_page, invitation_page};
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::TokenHash;
use partnerhub_persistence::invitations;

/// `GET /app/partners/invitations/{token}`: the page to choose a password, or, for a link
/// that was used or has expired, a page saying so (410).
#[utoipa::path(get, path = "/app/partners/invitations/{token}", tag = "Portal pages",
    params(("token" = String, Path, description = "The token of the invitation link")),
    responses(
        (status = 200, description = "The page to choose a password", content_type = "text/html", body = String),
        (status = 410, description = "The link was used or has expired", content_type = "text/html", body = String),
        (status = 500, description = "`Internal server error`", body = crate::bodies::common::ErrorBody)))]
pub async fn page(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, crate::error::ApiError> {
    let mut conn = state.connection().await?;
    Ok(
        match invitations::find_open(&mut conn, &TokenHash::of(&path)).await? {
            Some(invitation) => invitation_page(&invitation.email),
            None => expired_invitation_page(),
        },
    )
}
