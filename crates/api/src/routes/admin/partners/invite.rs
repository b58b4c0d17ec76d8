use super::not_found;
use crate::bodies::common::ErrorBody;
use crate::bodies::portal::{InvitationObject, InvitationShown};
use crate::bodies::requests::InvitationCreate;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::routes::portal::invitation_url;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::partner::partner_email;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::{PartnerId, SecretToken};
use partnerhub_persistence::{invitations, partners};

/// `POST /partners/{id}/invitations`: a link for one person to choose a password and sign in
/// to the partner's portal; single use, valid 72 hours. The link is shown only here.
#[utoipa::path(post, path = "/app/admin/api/v1/partners/{id}/invitations", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body = InvitationCreate,
    responses(
        (status = 201, description = "The invitation and its link", body = InvitationShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody),
        (status = 409, description = "`EMAIL_IN_USE`: the email signs in to another partner", body = ErrorBody)))]
pub async fn invite(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let email = partner_email(fields.str("email")?.unwrap_or_default())?;
    let id = PartnerId::new(*path);
    let mut conn = state.connection().await?;
    partners::find(&mut conn, id).await?.ok_or_else(not_found)?;
    let token = SecretToken::generate().map_err(|error| ApiError::Internal(error.to_string()))?;
    let invitation =
        invitations::create(&mut conn, id, &email, &token.hash(), operator.audit()).await?;
    Ok(HttpResponse::Created().json(InvitationShown {
        invitation: InvitationObject {
            email: &invitation.email,
            expires_at: display(invitation.expires_at),
        },
        url: invitation_url(&state.settings.public_url, token.expose()),
    }))
}
