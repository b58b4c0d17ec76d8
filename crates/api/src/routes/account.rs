use crate::bodies::leads::{Account, AccountShown};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};

/// `GET /account`: the calling partner's own settings.
#[utoipa::path(get, path = "/app/partners/api/v1/account", tag = "Account",
    security(("api_key" = [])),
    responses((status = 200, description = "The partner's settings", body = AccountShown)))]
pub async fn show(partner: Partner, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(AccountShown {
        success: true,
        account: Account {
            id: partner.id,
            name: &partner.name,
            email: &partner.email,
            status: partner.status,
            referral_code: &partner.referral_code,
            tracking_url: state.tracking_url(&partner.referral_code),
            lead_handling: partner.lead_handling,
            rate_limit_per_hour: partner.rate_limit_per_hour,
        },
    }))
}
