use crate::error::ApiError;
use crate::partner_call;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use partnerhub_domain::ReferenceId;
use partnerhub_persistence::{leads, stats};
use serde_json::json;

/// `GET /referrals/{reference_id}`: traffic referrals show only the last-name initial and
/// no email, phone or address.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let not_found = || ApiError::not_found("Referral not found");
        let reference = ReferenceId::parse(&path).ok_or_else(not_found)?;
        let mut conn = state.connection().await?;
        let referral = leads::find_for_partner(&mut conn, partner.partner_id(), reference)
            .await?
            .ok_or_else(not_found)?;
        Ok(HttpResponse::Ok()
            .json(json!({ "success": true, "referral": referral.view().referral_json() })))
    })
    .await
}

fn date(request: &HttpRequest, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(request.query_string())
        .map_err(|_| ApiError::invalid_parameter("query", "Query string could not be parsed"))?;
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| {
            (value.len() == 10)
                .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
                .flatten()
                .ok_or_else(|| {
                    ApiError::invalid_parameter(
                        name,
                        format!("Invalid {name}: expected a date as YYYY-MM-DD"),
                    )
                })
        })
        .transpose()
}

/// `GET /referrals/stats`: referrals created in the range (inclusive UTC days), by current status.
pub async fn stats(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let start = date(&request, "start_date")?;
        let end = date(&request, "end_date")?;
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            return Err(ApiError::invalid_parameter(
                "end_date",
                "Invalid end_date: must not be before start_date",
            ));
        }
        let mut conn = state.connection().await?;
        let counts = stats::referral_counts(&mut conn, partner.partner_id(), start, end).await?;
        let total = counts.click + counts.lead + counts.application + counts.funded;
        let conversion_rate = if total == 0 {
            0.0
        } else {
            (counts.funded as f64 / total as f64 * 1000.0).round() / 1000.0
        };
        Ok(HttpResponse::Ok().json(json!({
            "success": true,
            "stats": {
                "total_referrals": total,
                "total_clicks": counts.click,
                "total_leads": counts.lead + counts.application,
                "total_applications": counts.application,
                "total_funded": counts.funded,
                "conversion_rate": conversion_rate,
            }
        })))
    })
    .await
}
