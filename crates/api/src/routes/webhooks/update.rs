use super::{form, not_found, webhook_object};
use crate::bodies::common::ErrorBody;
use crate::bodies::requests::WebhookChanges;
use crate::bodies::webhooks::WebhookShown;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::partner_auth::PartnerRequest;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use partnerhub_domain::WebhookId;
use partnerhub_persistence::webhook_endpoints::{self, EndpointChanges};

/// `PATCH /webhooks/{id}`: changes any of `url`, `events`, `enabled`, `description`.
#[utoipa::path(patch, path = "/app/partners/api/v1/webhooks/{id}", tag = "Webhooks",
    security(("api_key" = [])),
    params(("id" = i64, Path)),
    request_body = WebhookChanges,
    responses(
        (status = 200, description = "The endpoint as changed", body = WebhookShown),
        (status = 404, description = "`Webhook not found`", body = ErrorBody)))]
pub async fn update(
    call: PartnerRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let PartnerRequest {
        partner,
        body,
        audit,
        ..
    } = call;
    let id = WebhookId::new(form::id(&path, not_found)?);
    let fields = Fields(body);
    if form::is_empty_patch(&fields) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "Nothing to update: send any of url, events, enabled, description",
        ));
    }
    let changes = EndpointChanges {
        url: form::url(&fields, state.settings.webhook_allow_private).await?,
        event_types: form::events(&fields)?,
        enabled: fields.bool("enabled")?,
        description: form::description(&fields)?,
    };
    let mut conn = state.connection().await?;
    let endpoint = webhook_endpoints::update(&mut conn, partner.partner_id(), id, changes, &audit)
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(WebhookShown {
        webhook: webhook_object(&endpoint),
    }))
}
