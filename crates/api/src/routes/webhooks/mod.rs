//! `/webhooks`: a partner's endpoints, their deliveries, and test events.

mod deliveries;
mod form;

pub use deliveries::{deliveries, resend};

use crate::error::ApiError;
use crate::fields::Fields;
use crate::partner_call::{self, Metering};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::events::test_lead_status_changed;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::webhooks::WebhookSecret;
use partnerhub_persistence::webhook_deliveries;
use partnerhub_persistence::webhook_endpoints::{self, Endpoint, EndpointChanges, NewEndpoint};
use serde_json::{Value, json};

fn not_found() -> ApiError {
    ApiError::not_found("Webhook not found")
}

fn endpoint_json(endpoint: &Endpoint) -> Value {
    json!({
        "id": endpoint.id,
        "url": endpoint.url,
        "events": endpoint.event_types,
        "description": endpoint.description,
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "created_at": display(endpoint.created_at),
        "updated_at": display(endpoint.updated_at),
    })
}

fn new_secret() -> Result<WebhookSecret, ApiError> {
    WebhookSecret::generate().map_err(|error| ApiError::Internal(error.to_string()))
}

/// `POST /webhooks`: registers an endpoint; the answer is the only time its secret is shown.
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> HttpResponse {
    partner_call::post(
        &state,
        &request,
        payload,
        Metering::Hourly,
        async |partner, body| {
            let fields = Fields(body);
            let url = form::url(&fields, state.settings.webhook_allow_private)
                .await?
                .ok_or_else(|| ApiError::invalid_field("url", "Field 'url' is required"))?;
            let event_types = form::events(&fields)?.unwrap_or_else(form::all_events);
            let description = form::description(&fields)?.flatten();
            let secret = new_secret()?;
            let mut conn = state.connection().await?;
            let endpoint = webhook_endpoints::create(
                &mut conn,
                partner.partner_id(),
                NewEndpoint {
                    url: &url,
                    description: description.as_deref(),
                    event_types: &event_types,
                },
                &secret,
            )
            .await?;
            Ok(HttpResponse::Created().json(json!({
                "webhook": endpoint_json(&endpoint),
                "secret": secret.expose(),
            })))
        },
    )
    .await
}

/// `GET /webhooks`: every endpoint, oldest first, without secrets.
pub async fn list(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let mut conn = state.connection().await?;
        let endpoints = webhook_endpoints::list(&mut conn, partner.partner_id()).await?;
        let shown: Vec<Value> = endpoints.iter().map(endpoint_json).collect();
        Ok(HttpResponse::Ok().json(json!({ "webhooks": shown })))
    })
    .await
}

/// `PATCH /webhooks/{id}`: changes any of `url`, `events`, `enabled`, `description`.
pub async fn update(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> HttpResponse {
    partner_call::post(
        &state,
        &request,
        payload,
        Metering::Hourly,
        async |partner, body| {
            let id = form::id(&path, not_found)?;
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
            let endpoint = webhook_endpoints::update(&mut conn, partner.partner_id(), id, changes)
                .await?
                .ok_or_else(not_found)?;
            Ok(HttpResponse::Ok().json(json!({ "webhook": endpoint_json(&endpoint) })))
        },
    )
    .await
}

/// `DELETE /webhooks/{id}`: the endpoint and its deliveries go; nothing more is sent to it.
pub async fn delete(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let id = form::id(&path, not_found)?;
        let mut conn = state.connection().await?;
        if !webhook_endpoints::delete(&mut conn, partner.partner_id(), id).await? {
            return Err(not_found());
        }
        Ok(HttpResponse::Ok().json(json!({ "success": true })))
    })
    .await
}

/// `POST /webhooks/{id}/rotate-secret`: a new secret; the old one signs beside it for 24 hours.
pub async fn rotate_secret(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let id = form::id(&path, not_found)?;
        let secret = new_secret()?;
        let mut conn = state.connection().await?;
        if !webhook_endpoints::rotate_secret(&mut conn, partner.partner_id(), id, &secret).await? {
            return Err(not_found());
        }
        Ok(HttpResponse::Ok().json(json!({ "secret": secret.expose() })))
    })
    .await
}

/// `POST /webhooks/{id}/test`: queues a `lead.status_changed` with `data.test = true` for
/// this endpoint alone.
pub async fn send_test(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let id = form::id(&path, not_found)?;
        let mut conn = state.connection().await?;
        let endpoint = webhook_endpoints::find(&mut conn, partner.partner_id(), id)
            .await?
            .ok_or_else(not_found)?;
        if !endpoint.enabled {
            return Err(ApiError::conflict(
                "WEBHOOK_DISABLED",
                "Webhook is disabled; enable it before sending a test event",
            ));
        }
        let event = test_lead_status_changed(partner.partner_id(), Utc::now());
        let delivery_id = webhook_deliveries::send_test(&mut conn, endpoint.id, &event)
            .await?
            .ok_or_else(not_found)?;
        state.doorbell.ring();
        Ok(HttpResponse::Accepted().json(json!({ "delivery_id": delivery_id })))
    })
    .await
}
