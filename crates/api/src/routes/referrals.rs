use crate::error::ApiError;
use crate::partner_call;
use crate::routes::query;
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

fn date(pairs: &[(String, String)], name: &str) -> Result<Option<NaiveDate>, ApiError> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| query::date(name, value))
        .transpose()
}

/// `GET /referrals/stats`: referrals created in the range (inclusive UTC days), by current status.
pub async fn stats(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let pairs = query::pairs(request.query_string())?;
        let (start, end) =
            query::date_range(date(&pairs, "start_date")?, date(&pairs, "end_date")?)?;
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
