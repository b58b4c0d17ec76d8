use super::{form, new_secret, webhook_object};
use crate::bodies::requests::WebhookCreate;
use crate::bodies::webhooks::WebhookCreated;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::partner_auth::PartnerRequest;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_persistence::webhook_endpoints::{self, NewEndpoint};

/// `POST /webhooks`: registers an endpoint; the answer is the only time its secret is shown.
#[utoipa::path(post, path = "/app/partners/api/v1/webhooks", tag = "Webhooks",
    security(("api_key" = [])),
    request_body = WebhookCreate,
    responses((status = 201, description = "The endpoint and its secret, shown this once", body = WebhookCreated)))]
pub async fn create(
    call: PartnerRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let PartnerRequest {
        partner,
        body,
        audit,
        ..
    } = call;
    let fields = Fields(body);
    let url = form::url(&fields, state.settings.webhook_allow_private)
        .await?
        .ok_or_else(|| ApiError::invalid_field("url", "Field 'url' is required"))?;
    let event_types = form::events(&fields)?.unwrap_or_else(form::all_events);
    let description = form::description(&fields)?.flatten();
    let (secret, stored_secret) = new_secret(&state)?;
    let mut conn = state.connection().await?;
    let endpoint = webhook_endpoints::create(
        &mut conn,
        partner.partner_id(),
        NewEndpoint {
            url: &url,
            description: description.as_deref(),
            event_types: &event_types,
        },
        &stored_secret,
        &audit,
    )
    .await?;
    Ok(HttpResponse::Created().json(WebhookCreated {
        webhook: webhook_object(&endpoint),
        secret: secret.expose(),
    }))
}
