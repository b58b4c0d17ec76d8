use super::{form, not_found};
use crate::bodies::common::ErrorBody;
use crate::bodies::webhooks::TestQueued;
use crate::error::{ApiError, ErrorCode};
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::WebhookId;
use partnerhub_domain::events::test_lead_status_changed;
use partnerhub_persistence::{webhook_deliveries, webhook_endpoints};

/// `POST /webhooks/{id}/test`: queues a `lead.status_changed` with `data.test = true` for
/// this endpoint alone.
#[utoipa::path(post, path = "/app/partners/api/v1/webhooks/{id}/test", tag = "Webhooks",
    security(("api_key" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 202, description = "The test event is queued", body = TestQueued),
        (status = 404, description = "`Webhook not found`", body = ErrorBody),
        (status = 409, description = "`WEBHOOK_DISABLED`", body = ErrorBody)))]
pub async fn send_test(
    partner: Partner,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = WebhookId::new(form::id(&path, not_found)?);
    let mut conn = state.connection().await?;
    let endpoint = webhook_endpoints::find(&mut conn, partner.partner_id(), id)
        .await?
        .ok_or_else(not_found)?;
    if !endpoint.enabled {
        return Err(ApiError::conflict(
            ErrorCode::WebhookDisabled,
            "Webhook is disabled; enable it before sending a test event",
        ));
    }
    let event = test_lead_status_changed(partner.partner_id(), Utc::now());
    let delivery_id = webhook_deliveries::send_test(&mut conn, endpoint.id, &event)
        .await?
        .ok_or_else(not_found)?;
    state.doorbell.ring();
    Ok(HttpResponse::Accepted().json(TestQueued { delivery_id }))
}
