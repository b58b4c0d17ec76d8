use crate::partner_call;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::{LeadHandling, PartnerStatus};
use serde_json::json;

/// `GET /account`: the calling partner's own settings.
pub async fn show(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let status = PartnerStatus::from(partner.status);
        let lead_handling = partner.lead_handling.map(LeadHandling::from);
        Ok(HttpResponse::Ok().json(json!({
            "success": true,
            "account": {
                "id": partner.id,
                "name": partner.name,
                "email": partner.email,
                "status": status.as_str(),
                "referral_code": partner.referral_code,
                "tracking_url": state.tracking_url(&partner.referral_code),
                "lead_handling": lead_handling,
                "rate_limit_per_hour": partner.rate_limit_per_hour,
            }
        })))
    })
    .await
}
