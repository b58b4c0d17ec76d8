use super::find;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::OperatorLeadShown;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::presenters::{history_object, operator_lead, quote_object};
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_persistence::{history, quotes};

/// `GET /leads/{reference_id}`: the lead, its pipeline history and its quotes.
#[utoipa::path(get, path = "/app/admin/api/v1/leads/{reference_id}", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(("reference_id" = String, Path)),
    responses(
        (status = 200, description = "The lead with its history and quotes", body = OperatorLeadShown),
        (status = 404, description = "`Lead not found`", body = ErrorBody)))]
pub async fn show(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_connection().await?;
    let lead = find(&mut conn, &path).await?;
    let history = history::for_lead(&mut conn, lead.id).await?;
    let quotes = quotes::for_lead(&mut conn, lead.id).await?;
    let view = lead.view();
    Ok(HttpResponse::Ok().json(OperatorLeadShown {
        lead: operator_lead(&lead, &view),
        history: history.iter().map(history_object).collect(),
        quotes: quotes
            .iter()
            .map(|quote| quote_object(quote, &lead))
            .collect(),
    }))
}
