use crate::bodies::referrer::{CommissionRow, CommissionsShown, PlanLevel};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query::{self, Pagination};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::future::try_join;
use partnerhub_domain::Cents;
use partnerhub_domain::commissions::{level_description, percentage};
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::{commissions, earnings};

/// `GET /referrer/commissions`: the plan, level by level, and the history of commissions.
#[utoipa::path(get, path = "/app/partners/api/v1/referrer/commissions", tag = "Earnings",
    security(("api_key" = [])),
    params(
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The plan and the commission history, newest first", body = CommissionsShown)))]
pub async fn commissions(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (page, per_page) = query::page(&query::pairs(request.query_string())?)?;
    let plan = partner
        .commission_plan_bps
        .iter()
        .enumerate()
        .map(|(index, bps)| PlanLevel {
            id: index + 1,
            level: index + 1,
            percentage: percentage(*bps),
            description: level_description(index + 1),
        })
        .collect();
    let conn = state.read_connection().await?;
    let id = partner.partner_id();
    // The count and the page sent together on the one connection: one wait, not two.
    let (ledger, rows) = try_join(
        earnings::of(&conn, id),
        commissions::history(&conn, id, per_page, page),
    )
    .await?;
    let total = ledger.commission_count;
    let history = rows
        .iter()
        .map(|commission| CommissionRow {
            id: commission.id,
            referral_reference_id: commission.reference_id().to_string(),
            level: commission.level,
            percentage: percentage(commission.basis_points),
            funded_amount: Cents(commission.funded_amount_cents),
            amount: Cents(commission.amount_cents),
            kind: commission.kind,
            status: commission.status,
            payout_id: commission.payout_id,
            created_at: display(commission.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(CommissionsShown {
        success: true,
        commissions: plan,
        history,
        pagination: Pagination::new(page, per_page, total),
    }))
}
