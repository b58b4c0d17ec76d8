use super::filters;
use crate::csv_export::{self, BATCH_ROWS, Batch};
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::commissions::percentage;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::{Cents, CommissionId, PartnerId};
use partnerhub_persistence::commissions;
use partnerhub_persistence::enums::{CommissionKind, CommissionStatus};
use partnerhub_persistence::leads::Page;

const COLUMNS: &[&str] = &[
    "id",
    "partner_id",
    "referral_reference_id",
    "level",
    "percentage",
    "funded_amount",
    "amount",
    "type",
    "status",
    "reason",
    "held_for_review",
    "payable_at",
    "payout_id",
    "created_at",
];

/// `GET /commissions/export.csv?partner_id=&status=`: the commissions as CSV, newest first.
#[utoipa::path(get, path = "/app/admin/api/v1/commissions/export.csv", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(
        ("partner_id" = Option<i64>, Query, minimum = 1),
        ("status" = Option<CommissionStatus>, Query)),
    responses((status = 200, description = "RFC 4180 CSV with a header row; cells starting with `=`, `+`, `-` or `@` are prefixed with `'`", content_type = "text/csv", body = String)))]
pub async fn export(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (partner, status) = filters(&query::pairs(request.query_string())?)?;
    let filename = format!("commissions-{}.csv", Utc::now().format("%Y-%m-%d"));
    let fetch = move |before| {
        let state = state.clone();
        Box::pin(async move { batch(&state, partner, status, before).await }) as _
    };
    Ok(csv_export::download(&filename, COLUMNS, Box::new(fetch)))
}

async fn batch(
    state: &AppState,
    partner: Option<PartnerId>,
    status: Option<CommissionStatus>,
    before: Option<CommissionId>,
) -> Result<Batch<CommissionId>, ApiError> {
    let mut conn = state.connection().await?;
    let page = Page {
        number: 1,
        per_page: BATCH_ROWS,
    };
    let rows = commissions::list_all(&mut conn, partner, status, before, page).await?;
    Ok(Batch::of(
        &rows,
        |last| last.id,
        |commission| {
            let kind = match commission.kind {
                CommissionKind::Earned => "earned",
                CommissionKind::Adjustment => "adjustment",
            };
            vec![
                commission.id.to_string(),
                commission.partner_id.to_string(),
                commission.reference_id().to_string(),
                commission.level.to_string(),
                percentage(commission.basis_points).to_string(),
                Cents(commission.funded_amount_cents).to_string(),
                Cents(commission.amount_cents).to_string(),
                kind.to_string(),
                commission.status.as_str().to_string(),
                commission.reason.clone().unwrap_or_default(),
                commission.held_for_review.to_string(),
                display(commission.payable_at),
                commission
                    .payout_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                display(commission.created_at),
            ]
        },
    ))
}
