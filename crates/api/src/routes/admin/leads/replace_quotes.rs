use super::find;
use super::quote_form::quote_drafts;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::QuotesReplaced;
use crate::bodies::requests::QuotesReplace;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::presenters::quote_object;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::quotes;

/// `PUT /leads/{reference_id}/quotes`: replaces the lead's quotes.
#[utoipa::path(put, path = "/app/admin/api/v1/leads/{reference_id}/quotes", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(("reference_id" = String, Path)),
    request_body = QuotesReplace,
    responses(
        (status = 200, description = "The lead's quotes now", body = QuotesReplaced),
        (status = 404, description = "`Lead not found`", body = ErrorBody)))]
pub async fn replace_quotes(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let mut conn = state.connection().await?;
    let lead = find(&mut conn, &path).await?;
    let (group, drafts) = quote_drafts(&fields)?;
    quotes::replace(&mut conn, &lead, group, &drafts, operator.audit()).await?;
    let lead = find(&mut conn, &path).await?;
    let stored = quotes::for_lead(&mut conn, lead.id).await?;
    Ok(HttpResponse::Ok().json(QuotesReplaced {
        success: true,
        quotes: stored
            .iter()
            .map(|quote| quote_object(quote, &lead))
            .collect(),
    }))
}
