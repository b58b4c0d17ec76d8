use super::form;
use crate::bodies::common::ErrorBody;
use crate::bodies::webhooks::ResendQueued;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::DeliveryId;
use partnerhub_persistence::webhook_deliveries::{self, Resend};

/// `POST /webhooks/deliveries/{id}/resend`: due again now, with a fresh retry schedule.
#[utoipa::path(post, path = "/app/partners/api/v1/webhooks/deliveries/{id}/resend", tag = "Webhooks",
    security(("api_key" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 202, description = "The delivery is due again", body = ResendQueued),
        (status = 404, description = "`Delivery not found`", body = ErrorBody)))]
pub async fn resend(
    partner: Partner,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found("Delivery not found");
    let id = DeliveryId::new(form::id(&path, not_found)?);
    let mut conn = state.connection().await?;
    match webhook_deliveries::resend(&mut conn, partner.partner_id(), id).await? {
        Resend::NotFound => Err(not_found()),
        Resend::Queued | Resend::InFlight => {
            state.doorbell.ring();
            Ok(HttpResponse::Accepted().json(ResendQueued {
                success: true,
                delivery_id: id,
            }))
        }
    }
}
