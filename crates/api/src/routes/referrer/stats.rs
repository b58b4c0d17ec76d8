use crate::bodies::referrer::{EarningsStats, EarningsStatsShown};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use futures_util::future::try_join3;
use partnerhub_persistence::{commissions, earnings, stats};

/// `GET /referrer/stats`: earnings (total = pending + paid, always) and referral totals.
#[utoipa::path(get, path = "/app/partners/api/v1/referrer/stats", tag = "Earnings",
    security(("api_key" = [])),
    responses((status = 200, description = "Earnings and referral totals", body = EarningsStatsShown)))]
pub async fn stats(partner: Partner, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let conn = state.read_connection().await?;
    let id = partner.partner_id();
    // Three independent reads sent together on the one connection: one wait, not three.
    let (ledger, counts, payable) = try_join3(
        earnings::of(&conn, id),
        stats::referral_counts(&conn, id, None, None),
        commissions::payable(&conn, id),
    )
    .await?;
    Ok(HttpResponse::Ok().json(EarningsStatsShown {
        success: true,
        stats: EarningsStats {
            total_earnings: ledger.total(),
            pending_earnings: ledger.pending,
            paid_earnings: ledger.paid,
            payable_earnings: payable,
            total_referrals: counts.total(),
            total_funded: counts.funded,
        },
    }))
}
