//! `/webhooks/{id}/deliveries` and `/webhooks/deliveries/{id}/resend`.

use super::{form, not_found};
use crate::error::ApiError;
use crate::partner_call;
use crate::routes::query::{self, Pagination};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::webhook_deliveries::{self, Attempt, DeliveryRecord, Resend, STATUSES};
use partnerhub_persistence::webhook_endpoints;
use serde_json::{Value, json};

fn attempt_json(attempt: &Attempt) -> Value {
    json!({
        "id": attempt.id,
        "attempted_at": display(attempt.attempted_at),
        "status": if attempt.succeeded { "succeeded" } else { "failed" },
        "response_status": attempt.response_status,
        "response_body": attempt.response_body,
        "error": attempt.error,
        "latency_ms": attempt.latency_ms,
    })
}

fn delivery_json(record: &DeliveryRecord) -> Value {
    let delivery = &record.delivery;
    json!({
        "id": delivery.id,
        "webhook_id": delivery.endpoint_id,
        "event_id": format!("evt_{}", delivery.event_id),
        "event": record.event_type,
        "status": delivery.status,
        "attempt_count": delivery.attempt_count,
        "next_attempt_at": (delivery.status == "pending").then(|| display(delivery.next_attempt_at)),
        "created_at": display(delivery.created_at),
        "completed_at": delivery.completed_at.map(display),
        "attempts": record.attempts.iter().map(attempt_json).collect::<Vec<_>>(),
    })
}

/// `GET /webhooks/{id}/deliveries?page=&per_page=&status=`: newest first, with attempts.
pub async fn deliveries(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let pairs = query::pairs(request.query_string())?;
        let (page, per_page) = query::page(&pairs)?;
        let status = match pairs.iter().find(|(name, _)| name == "status") {
            None => None,
            Some((_, value)) if value.is_empty() => None,
            Some((_, value)) => Some(
                *STATUSES
                    .iter()
                    .find(|status| *status == value)
                    .ok_or_else(|| form::unknown_status(value))?,
            ),
        };
        let id = form::id(&path, not_found)?;
        let mut conn = state.connection().await?;
        webhook_endpoints::find(&mut conn, partner.partner_id(), id)
            .await?
            .ok_or_else(not_found)?;
        let found = webhook_deliveries::list(&mut conn, id, status, page, per_page).await?;
        Ok(HttpResponse::Ok().json(json!({
            "deliveries": found.deliveries.iter().map(delivery_json).collect::<Vec<_>>(),
            "pagination": Pagination::new(page, per_page, found.total),
        })))
    })
    .await
}

/// `POST /webhooks/deliveries/{id}/resend`: due again now, with a fresh retry schedule.
pub async fn resend(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let not_found = || ApiError::not_found("Delivery not found");
        let id = form::id(&path, not_found)?;
        let mut conn = state.connection().await?;
        match webhook_deliveries::resend(&mut conn, partner.partner_id(), id).await? {
            Resend::NotFound => Err(not_found()),
            Resend::Queued | Resend::InFlight => {
                state.doorbell.ring();
                Ok(HttpResponse::Accepted().json(json!({ "success": true, "delivery_id": id })))
            }
        }
    })
    .await
}
