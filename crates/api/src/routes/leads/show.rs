use crate::bodies::common::ErrorBody;
use crate::bodies::leads::LeadShown;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::presenters::quote_object;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_domain::ReferenceId;
use partnerhub_persistence::{leads, quotes};

/// `GET /leads/{reference_id}`: one of the partner's leads, with its quotes when it has any.
/// Another partner's lead is the same 404 as one that does not exist.
#[utoipa::path(get, path = "/app/partners/api/v1/leads/{reference_id}", tag = "Leads",
    security(("api_key" = [])),
    params(("reference_id" = String, Path, example = "20240115-12345")),
    responses(
        (status = 200, description = "The lead", body = LeadShown),
        (status = 404, description = "`Lead not found`", body = ErrorBody)))]
pub async fn show(
    partner: Partner,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found("Lead not found");
    let reference = ReferenceId::parse(&path).ok_or_else(not_found)?;
    let mut conn = state.read_connection().await?;
    let lead = leads::find_for_partner(
        &mut conn,
        partner.partner_id(),
        partner.credential.test(),
        reference,
    )
    .await?
    .ok_or_else(not_found)?;
    let quotes = quotes::for_lead(&mut conn, lead.id).await?;
    let view = lead.view();
    Ok(HttpResponse::Ok().json(LeadShown {
        success: true,
        lead: view.as_lead(),
        quotes: quotes
            .iter()
            .map(|quote| quote_object(quote, &lead))
            .collect(),
    }))
}
