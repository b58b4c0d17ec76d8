use crate::error::ApiError;
use crate::partner_call;
use crate::presenters::QuoteJson;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::lead_view::LeadJson;
use partnerhub_domain::{LeadId, ReferenceId};
use partnerhub_persistence::{leads, quotes};
use serde::Serialize;

/// `GET /leads/{reference_id}`: one of the partner's leads, with its quotes when it has any.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let not_found = || ApiError::not_found("Lead not found");
        let reference = ReferenceId::parse(&path).ok_or_else(not_found)?;
        let mut conn = state.connection().await?;
        let lead = leads::find_for_partner(&mut conn, partner.partner_id(), reference)
            .await?
            .ok_or_else(not_found)?;
        let quotes = quotes::for_lead(&mut conn, LeadId(lead.id)).await?;
        let view = lead.view();
        Ok(HttpResponse::Ok().json(LeadResponse {
            success: true,
            lead: view.as_lead(),
            quotes: quotes
                .iter()
                .map(|quote| QuoteJson::new(quote, &lead))
                .collect(),
        }))
    })
    .await
}

#[derive(Serialize)]
struct LeadResponse<'v, 'a> {
    success: bool,
    lead: LeadJson<'v, 'a>,
    /// Present only when the lead has quotes, as the seed says.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quotes: Vec<QuoteJson<'v>>,
}
