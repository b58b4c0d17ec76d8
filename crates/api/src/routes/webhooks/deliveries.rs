use super::{form, not_found};
use crate::bodies::common::ErrorBody;
use crate::bodies::enums::AttemptStatus;
use crate::bodies::webhooks::{AttemptObject, DeliveryList, DeliveryObject};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query::{self, Pagination};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::WebhookId;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::webhooks::DeliveryStatus;
use partnerhub_persistence::webhook_deliveries::{self, Attempt, DeliveryRecord};
use partnerhub_persistence::webhook_endpoints;

fn attempt_object(attempt: &Attempt) -> AttemptObject<'_> {
    AttemptObject {
        id: attempt.id,
        attempted_at: display(attempt.attempted_at),
        status: if attempt.succeeded {
            AttemptStatus::Succeeded
        } else {
            AttemptStatus::Failed
        },
        response_status: attempt.response_status,
        response_body: attempt.response_body.as_deref(),
        error: attempt.error.as_deref(),
        latency_ms: attempt.latency_ms,
    }
}

pub(in crate::routes) fn delivery_object(record: &DeliveryRecord) -> DeliveryObject<'_> {
    let delivery = &record.delivery;
    let status = delivery.status;
    DeliveryObject {
        id: delivery.id,
        webhook_id: delivery.endpoint_id,
        event_id: format!("evt_{}", delivery.event_id),
        event: &record.event_type,
        status,
        attempt_count: delivery.attempt_count,
        next_attempt_at: (status == DeliveryStatus::Pending)
            .then(|| display(delivery.next_attempt_at)),
        created_at: display(delivery.created_at),
        completed_at: delivery.completed_at.map(display),
        attempts: record.attempts.iter().map(attempt_object).collect(),
    }
}

/// `GET /webhooks/{id}/deliveries?page=&per_page=&status=`: newest first, with attempts.
#[utoipa::path(get, path = "/app/partners/api/v1/webhooks/{id}/deliveries", tag = "Webhooks",
    security(("api_key" = [])),
    params(
        ("id" = i64, Path),
        ("status" = Option<DeliveryStatus>, Query),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses(
        (status = 200, description = "Deliveries, newest first, with their attempts", body = DeliveryList),
        (status = 404, description = "`Webhook not found`", body = ErrorBody)))]
pub async fn deliveries(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let (page, per_page) = query::page(&pairs)?;
    let status = match pairs.iter().find(|(name, _)| name == "status") {
        None => None,
        Some((_, value)) if value.is_empty() => None,
        Some((_, value)) => {
            Some(DeliveryStatus::parse(value).ok_or_else(|| form::unknown_status(value))?)
        }
    };
    let id = WebhookId::new(form::id(&path, not_found)?);
    let mut conn = state.read_connection().await?;
    webhook_endpoints::find(&mut conn, partner.partner_id(), id)
        .await?
        .ok_or_else(not_found)?;
    let found = webhook_deliveries::list(&mut conn, id, status, page, per_page).await?;
    Ok(HttpResponse::Ok().json(DeliveryList {
        deliveries: found.deliveries.iter().map(delivery_object).collect(),
        pagination: Pagination::new(page, per_page, found.total),
    }))
}
