use super::{form, new_secret, not_found};
use crate::bodies::common::ErrorBody;
use crate::bodies::webhooks::SecretShown;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::WebhookId;
use partnerhub_persistence::webhook_endpoints;

/// `POST /webhooks/{id}/rotate-secret`: a new secret; the old one signs beside it for 24 hours.
#[utoipa::path(post, path = "/app/partners/api/v1/webhooks/{id}/rotate-secret", tag = "Webhooks",
    security(("api_key" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The new secret, shown this once", body = SecretShown),
        (status = 404, description = "`Webhook not found`", body = ErrorBody)))]
pub async fn rotate_secret(
    partner: Partner,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = WebhookId::new(form::id(&path, not_found)?);
    let (secret, stored_secret) = new_secret(&state)?;
    let mut conn = state.connection().await?;
    if !webhook_endpoints::rotate_secret(
        &mut conn,
        partner.partner_id(),
        id,
        &stored_secret,
        partner.audit(),
    )
    .await?
    {
        return Err(not_found());
    }
    Ok(HttpResponse::Ok().json(SecretShown {
        secret: secret.expose(),
    }))
}
