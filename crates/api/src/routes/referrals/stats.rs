use crate::bodies::leads::{ReferralStats, ReferralStatsShown};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::commissions::conversion_rate;
use partnerhub_persistence::stats;

/// `GET /referrals/stats`: referrals created in the range (inclusive UTC days), by current status.
#[utoipa::path(get, path = "/app/partners/api/v1/referrals/stats", tag = "Referrals",
    security(("api_key" = [])),
    params(crate::bodies::requests::DateRange),
    responses((status = 200, description = "Counts by current status", body = ReferralStatsShown)))]
pub async fn stats(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let (start, end) = query::date_range(
        query::optional_date(&pairs, "start_date")?,
        query::optional_date(&pairs, "end_date")?,
    )?;
    let conn = state.read_connection().await?;
    let counts = stats::referral_counts(&conn, partner.partner_id(), start, end).await?;
    let total = counts.total();
    Ok(HttpResponse::Ok().json(ReferralStatsShown {
        success: true,
        stats: ReferralStats {
            total_referrals: total,
            total_clicks: counts.click,
            total_leads: counts.lead + counts.application,
            total_applications: counts.application,
            total_funded: counts.funded,
            conversion_rate: conversion_rate(counts.funded, total),
        },
    }))
}
