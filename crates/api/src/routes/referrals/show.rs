use crate::bodies::common::ErrorBody;
use crate::bodies::leads::ReferralShown;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::ReferenceId;
use partnerhub_persistence::leads;

/// `GET /referrals/{reference_id}`: traffic referrals show only the last-name initial and
/// no email, phone or address.
#[utoipa::path(get, path = "/app/partners/api/v1/referrals/{reference_id}", tag = "Referrals",
    security(("api_key" = [])),
    params(("reference_id" = String, Path, example = "20240115-12345")),
    responses(
        (status = 200, description = "The referral", body = ReferralShown),
        (status = 404, description = "`Referral not found`", body = ErrorBody)))]
pub async fn show(
    partner: Partner,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found("Referral not found");
    let reference = ReferenceId::parse(&path).ok_or_else(not_found)?;
    let mut conn = state.read_connection().await?;
    let referral = leads::find_for_partner(
        &mut conn,
        partner.partner_id(),
        partner.credential.test(),
        reference,
    )
    .await?
    .ok_or_else(not_found)?;
    let view = referral.view();
    Ok(HttpResponse::Ok().json(ReferralShown {
        success: true,
        referral: view.as_referral(),
    }))
}
