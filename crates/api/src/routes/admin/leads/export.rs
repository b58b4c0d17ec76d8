use super::filters;
use crate::csv_export::{self, BATCH_ROWS, Batch};
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::leads::export::{COLUMNS, lead_row};
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_persistence::leads::{self, ExportCursor, OperatorLeadFilter};

/// The partner's columns, then its partner, whether it is a test lead, and its flags.
const OPERATOR_COLUMNS: &[&str] = &["partner_id", "test", "flags"];

/// `GET /leads/export.csv`: every lead the back office's filters match, as CSV (the
/// partner export's columns, then `partner_id`, `test`, `flags`).
#[utoipa::path(get, path = "/app/admin/api/v1/leads/export.csv", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(crate::bodies::requests::OperatorLeadFilters),
    responses((status = 200, description = "RFC 4180 CSV with a header row; cells starting with `=`, `+`, `-` or `@` are prefixed with `'`", content_type = "text/csv", body = String)))]
pub async fn export(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let filter = filters::parse(&query::pairs(request.query_string())?)?;
    let filename = format!("leads-all-{}.csv", Utc::now().format("%Y-%m-%d"));
    let fetch = move |cursor| {
        let (state, filter) = (state.clone(), filter.clone());
        Box::pin(async move { batch(&state, &filter, cursor).await }) as _
    };
    Ok(csv_export::download(&filename, header(), Box::new(fetch)))
}

fn header() -> &'static [&'static str] {
    static HEADER: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    HEADER.get_or_init(|| COLUMNS.iter().chain(OPERATOR_COLUMNS).copied().collect())
}

async fn batch(
    state: &AppState,
    filter: &OperatorLeadFilter,
    cursor: Option<ExportCursor>,
) -> Result<Batch<ExportCursor>, ApiError> {
    let mut conn = state.connection().await?;
    let leads = leads::export_all_batch(&mut conn, filter, cursor, BATCH_ROWS).await?;
    Ok(Batch::of(&leads, ExportCursor::after, |lead| {
        let mut row = lead_row(lead);
        row.extend([
            lead.partner_id.to_string(),
            lead.test.to_string(),
            lead.flags.join(" "),
        ]);
        row
    }))
}
