use super::{form, not_found};
use crate::bodies::common::{ErrorBody, Success};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::WebhookId;
use partnerhub_persistence::webhook_endpoints;

/// `DELETE /webhooks/{id}`: the endpoint and its deliveries go; nothing more is sent to it.
#[utoipa::path(delete, path = "/app/partners/api/v1/webhooks/{id}", tag = "Webhooks",
    security(("api_key" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "Deleted", body = Success),
        (status = 404, description = "`Webhook not found`", body = ErrorBody)))]
pub async fn delete(
    partner: Partner,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = WebhookId::new(form::id(&path, not_found)?);
    let mut conn = state.connection().await?;
    if !webhook_endpoints::delete(&mut conn, partner.partner_id(), id, partner.audit()).await? {
        return Err(not_found());
    }
    Ok(HttpResponse::Ok().json(Success::YES))
}
