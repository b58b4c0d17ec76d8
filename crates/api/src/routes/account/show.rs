use super::account_shown;
use crate::bodies::leads::AccountShown;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};

/// `GET /account`: the calling partner's own settings.
#[utoipa::path(get, path = "/app/partners/api/v1/account", tag = "Account",
    security(("api_key" = [])),
    responses((status = 200, description = "The partner's settings", body = AccountShown)))]
pub async fn show(partner: Partner, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(account_shown(&state, &partner)))
}
