use super::list::parse_query;
use crate::csv_export::{self, BATCH_ROWS, Batch};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::{LeadView, PartnerId, Stage};
use partnerhub_persistence::leads::{self, ExportCursor, Lead, LeadFilter};

pub(in crate::routes) const COLUMNS: &[&str] = &[
    "reference_id",
    "referral_type",
    "first_name",
    "last_name",
    "email",
    "phone",
    "company_name",
    "residential_street",
    "residential_city",
    "residential_state",
    "residential_zip",
    "funding_type",
    "status",
    "application_status",
    "effective_status",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "created_at",
    "updated_at",
];

/// `GET /leads/export.csv`: every lead the `/leads` filters match (pages aside), newest
/// first, as CSV. Visitors' referrals keep their privacy, as in the listing.
#[utoipa::path(get, path = "/app/partners/api/v1/leads/export.csv", tag = "Leads",
    security(("api_key" = [])),
    params(crate::bodies::requests::LeadFilters),
    responses((status = 200, description = "RFC 4180 CSV with a header row; cells starting with `=`, `+`, `-` or `@` are prefixed with `'`", content_type = "text/csv", body = String)))]
pub async fn export(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut filter = parse_query(request.query_string())?.filter;
    filter.test = partner.credential.test();
    let filename = format!("leads-{}.csv", Utc::now().format("%Y-%m-%d"));
    let partner = partner.id;
    let fetch = move |cursor| {
        let (state, filter) = (state.clone(), filter.clone());
        Box::pin(async move { batch(&state, partner, &filter, cursor).await }) as _
    };
    Ok(csv_export::download(&filename, COLUMNS, Box::new(fetch)))
}

async fn batch(
    state: &AppState,
    partner: PartnerId,
    filter: &LeadFilter,
    cursor: Option<ExportCursor>,
) -> Result<Batch<ExportCursor>, ApiError> {
    let mut conn = state.connection().await?;
    let leads = leads::export_batch(&mut conn, partner, filter, cursor, BATCH_ROWS).await?;
    Ok(Batch::of(&leads, ExportCursor::after, lead_row))
}

/// A lead as a row of [`COLUMNS`], visitors' privacy kept.
pub(in crate::routes) fn lead_row(lead: &Lead) -> Vec<String> {
    let view: LeadView<'_> = lead.view();
    let visitor = view.is_visitor();
    let contact = |value: Option<&str>| {
        if visitor {
            String::new()
        } else {
            value.unwrap_or_default().to_string()
        }
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        view.reference_id.to_string(),
        view.referral_type.as_str().to_string(),
        view.first_name.to_string(),
        view.last_name_shown().into_owned(),
        contact(view.email),
        contact(view.phone),
        view.company_name.unwrap_or_default().to_string(),
        contact(view.residential_street),
        contact(view.residential_city),
        contact(view.residential_state),
        contact(view.residential_zip),
        view.funding_type.unwrap_or_default().to_string(),
        view.stage.coarse().as_str().to_string(),
        view.stage
            .application_status()
            .map(Stage::as_str)
            .unwrap_or_default()
            .to_string(),
        view.stage.effective_status().as_str().to_string(),
        text(&lead.utm_source),
        text(&lead.utm_medium),
        text(&lead.utm_campaign),
        text(&lead.utm_term),
        text(&lead.utm_content),
        partnerhub_domain::timestamps::display(view.created_at),
        partnerhub_domain::timestamps::display(view.updated_at),
    ]
}
