use crate::bodies::referrer::{PartnerPayout, PartnerPayouts};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::Cents;
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::payouts;

/// `GET /referrer/payouts`: every payout, newest first.
#[utoipa::path(get, path = "/app/partners/api/v1/referrer/payouts", tag = "Earnings",
    security(("api_key" = [])),
    responses((status = 200, description = "Every payout, newest first", body = PartnerPayouts)))]
pub async fn payouts(
    partner: Partner,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_connection().await?;
    let rows = payouts::for_partner(&mut conn, partner.partner_id()).await?;
    Ok(HttpResponse::Ok().json(PartnerPayouts {
        success: true,
        payouts: rows
            .iter()
            .map(|payout| PartnerPayout {
                id: payout.id,
                amount: Cents(payout.amount_cents),
                status: payout.status,
                processed_at: payout.processed_at.map(display),
                created_at: display(payout.created_at),
            })
            .collect(),
    }))
}
