use crate::bodies::leads::LeadList;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query::{self, Pagination};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::LeadView;
use partnerhub_domain::{CoarseStatus, Stage};
use partnerhub_persistence::leads::{self, LeadFilter, Page};

pub(super) struct ListQuery {
    pub filter: LeadFilter,
    pub page: Page,
}

/// `GET /leads`: the partner's leads, newest first, filtered and paginated. Dates are
/// inclusive UTC days.
#[utoipa::path(get, path = "/app/partners/api/v1/leads", tag = "Leads",
    security(("api_key" = [])),
    params(
        crate::bodies::requests::LeadFilters,
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The leads, newest first", body = LeadList)))]
pub async fn list(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut query = parse_query(request.query_string())?;
    query.filter.test = partner.credential.test();
    let conn = state.read_connection().await?;
    let (rows, total) =
        leads::list_for_partner(&conn, partner.partner_id(), &query.filter, query.page).await?;
    let views: Vec<LeadView<'_>> = rows.iter().map(|lead| lead.view()).collect();
    Ok(HttpResponse::Ok().json(LeadList {
        success: true,
        leads: views.iter().map(LeadView::as_lead).collect(),
        pagination: Pagination::new(query.page.number, query.page.per_page, total),
    }))
}

/// The listing's filters and page; a bad value is a 400 naming its parameter.
pub(super) fn parse_query(raw: &str) -> Result<ListQuery, ApiError> {
    let pairs = query::pairs(raw)?;
    let mut filter = LeadFilter::default();
    let (number, per_page) = query::page(&pairs)?;
    let page = Page { number, per_page };
    let mut coarse: Option<CoarseStatus> = None;
    let mut effective: Option<Stage> = None;
    for (name, value) in pairs {
        match name.as_str() {
            "start_date" => filter.start_date = Some(query::date(&name, &value)?),
            "end_date" => filter.end_date = Some(query::date(&name, &value)?),
            "status" => {
                coarse = Some(CoarseStatus::parse(&value).ok_or_else(|| {
                    ApiError::invalid_parameter(
                        "status",
                        "Invalid status: allowed values are click, lead, application, funded",
                    )
                })?);
            }
            "effective_status" => {
                effective = Some(Stage::parse(&value).ok_or_else(|| {
                    let allowed: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                    ApiError::invalid_parameter(
                        "effective_status",
                        format!(
                            "Invalid effective_status: allowed values are {}",
                            allowed.join(", ")
                        ),
                    )
                })?);
            }
            _ => {}
        }
    }
    (filter.start_date, filter.end_date) = query::date_range(filter.start_date, filter.end_date)?;
    filter.coarse = coarse;
    filter.stage = effective;
    Ok(ListQuery { filter, page })
}
