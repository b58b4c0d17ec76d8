use super::filters;
use crate::csv_export::{self, BATCH_ROWS, Batch};
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::{Cents, PartnerId, PayoutId};
use partnerhub_persistence::enums::PayoutStatus;
use partnerhub_persistence::payouts;

const COLUMNS: &[&str] = &[
    "id",
    "partner_id",
    "amount",
    "status",
    "failure_reason",
    "created_at",
    "processed_at",
];

/// `GET /payouts/export.csv?status=&partner_id=`: the payouts as CSV, newest first.
#[utoipa::path(get, path = "/app/admin/api/v1/payouts/export.csv", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(
        ("status" = Option<PayoutStatus>, Query),
        ("partner_id" = Option<i64>, Query, minimum = 1)),
    responses((status = 200, description = "RFC 4180 CSV with a header row; cells starting with `=`, `+`, `-` or `@` are prefixed with `'`", content_type = "text/csv", body = String)))]
pub async fn export(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (status, partner) = filters(&query::pairs(request.query_string())?)?;
    let filename = format!("payouts-{}.csv", Utc::now().format("%Y-%m-%d"));
    let fetch = move |before| {
        let state = state.clone();
        Box::pin(async move { batch(&state, status, partner, before).await }) as _
    };
    Ok(csv_export::download(&filename, COLUMNS, Box::new(fetch)))
}

async fn batch(
    state: &AppState,
    status: Option<PayoutStatus>,
    partner: Option<PartnerId>,
    before: Option<PayoutId>,
) -> Result<Batch<PayoutId>, ApiError> {
    let mut conn = state.connection().await?;
    let rows = payouts::export_batch(&mut conn, status, partner, before, BATCH_ROWS).await?;
    Ok(Batch::of(
        &rows,
        |last| last.id,
        |payout| {
            vec![
                payout.id.to_string(),
                payout.partner_id.to_string(),
                Cents(payout.amount_cents).to_string(),
                payout.status.as_str().to_string(),
                payout.failure_reason.clone().unwrap_or_default(),
                display(payout.created_at),
                payout.processed_at.map(display).unwrap_or_default(),
            ]
        },
    ))
}
