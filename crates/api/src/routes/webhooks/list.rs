use super::webhook_object;
use crate::bodies::webhooks::WebhookList;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_persistence::webhook_endpoints;

/// `GET /webhooks`: every endpoint, oldest first, without secrets.
#[utoipa::path(get, path = "/app/partners/api/v1/webhooks", tag = "Webhooks",
    security(("api_key" = [])),
    responses((status = 200, description = "Every endpoint, without secrets", body = WebhookList)))]
pub async fn list(partner: Partner, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_connection().await?;
    let endpoints = webhook_endpoints::list(&mut conn, partner.partner_id()).await?;
    Ok(HttpResponse::Ok().json(WebhookList {
        webhooks: endpoints.iter().map(webhook_object).collect(),
    }))
}
